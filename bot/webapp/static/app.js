// fieldbot Mini App: the one-screen report form and the indicators dashboard.
// No framework and no words of its own: every label comes from the server, translated.
"use strict";
(function () {
  var tg = (window.Telegram && window.Telegram.WebApp) || null;
  var root = document.getElementById("app");
  var initData = tg ? tg.initData : "";
  var T = {};
  // What the menu offers: with more than one, a form or the dashboard has a way back. Kept for
  // the page reloaded on a form (Telegram's 'Reload page'), which does not pass the menu.
  var choices = 0;
  try { choices = Number(sessionStorage.getItem("fieldbot:choices")) || 0; } catch (e) { /* private mode */ }

  function el(tag, attrs, kids) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k] === true ? "" : attrs[k]);
    });
    (kids || []).forEach(function (kid) { if (kid) node.appendChild(kid); });
    return node;
  }

  // A call not answered by then (a 2G link that stalls) has failed, as with no connection: the
  // page says so and the user can send again (the same report id: stored once), instead of
  // 'Sending…' for minutes on a button that cannot be tapped.
  var PATIENCE = 30000;
  // With no connection a call is tried again after 15 s, then 30 s, 1, 2 and 4 minutes: a
  // phone left open without signal for an afternoon is not woken every 15 s (its battery must
  // last the day). Any answer of the server starts again from 15 s; 'online' tries at once.
  var RETRY = 15000, RETRY_MAX = 240000, pause = RETRY;
  // A page whose call fails after the connection came back (begun just before, failing late
  // on 2G) is tried again at once: 'online' has gone by, and the next try would be minutes
  // away. (A check needs no such care: 'online' checks again whatever is under way.)
  var returns = 0; // how many times the connection has come back
  window.addEventListener("online", function () { returns++; });
  function backOff() { var wait = pause; pause = Math.min(pause * 2, RETRY_MAX); return wait; }
  function api(path, body) {
    var options = { headers: { "X-Telegram-Init-Data": initData } };
    if (body !== undefined) {
      options.method = "POST";
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    var abort = window.AbortController ? new AbortController() : null;
    if (abort) options.signal = abort.signal;
    var limit = setTimeout(function () { if (abort) abort.abort(); }, PATIENCE);
    return fetch("api/" + path, options).then(function (response) {
      // Every answer of ours is JSON, or a chart's PNG: another is a gateway's own page (a
      // proxy's 502 while the bot restarts, a 504 on a slow link, a captive portal's login
      // page with a 200), not the bot's word; as with no connection, the page says so and
      // tries again (a chart is not drawn as a broken picture).
      var type = response.headers.get("Content-Type") || "";
      var picture = /\/chart\?/.test(path) && type.indexOf("image/png") === 0;
      if (type.indexOf("json") < 0 && !picture) throw new Error("HTTP " + response.status);
      pause = RETRY;
      var read = type.indexOf("json") >= 0 ? response.json() : response.blob();
      return read.then(function (data) {
        // Refused as a member (a role revoked, erased), or as one who sends reports: the
        // answers kept here for them are no longer theirs to send, and a shared office phone
        // would show them to its next user. The dashboard refused (an old link to it opened
        // by a field officer, a country no longer theirs) is not that: their reports stay.
        if (response.status === 403 && (!/^indicators/.test(path) || (data && data.reason === "not_a_member"))) forgetMine();
        return { status: response.status, data: data };
      });
    }).then(function (result) { clearTimeout(limit); return result; },
      function (error) { clearTimeout(limit); throw error; });
  }

  var locale = ""; // the language of the words on the page
  function page(data) {
    T = data.strings || T;
    locale = data.locale || locale;
    document.documentElement.lang = data.lang || data.locale || "en"; // "pt-PT", not Brazilian "pt"
    document.documentElement.dir = data.dir || "ltr";
    // The page's words kept for its next opening: one that finds no connection then says so
    // in the member's language, not '…' until the connection is back.
    if (data.strings && !refused) {
      try { localStorage.setItem(wordsKey, JSON.stringify({ strings: data.strings, lang: data.lang, locale: data.locale, dir: data.dir })); } catch (e) { /* private mode */ }
    }
  }

  function fail(result) {
    if (result.data && result.data.locale) page(result.data); // a member's refusal: their language and direction
    root.replaceChildren(el("p", { "class": "status bad", text: (result.data && result.data.error) || String(result.status) }));
    return null;
  }

  // -- menu ---------------------------------------------------------------------------------
  // A page answered after the user went elsewhere (Back tapped while it loaded on 2G) is not
  // drawn over the page they are on. Known by its visit, not its address: a menu button
  // tapped twice on 2G opens the same address twice, and the first answer, drawn and typed
  // in, was drawn over by the second (the words typed meanwhile gone, on the phone too).
  function left(at) { return visit !== at; }

  function menu() {
    var at = visit;
    return api("me").then(function (r) {
      if (left(at)) return null;
      if (r.status !== 200) return fail(r);
      page(r.data);
      var buttons = r.data.forms.map(function (f) {
        return el("button", { type: "button", "data-form": f.id, text: f.title, onclick: function () { go("form=" + f.id); } });
      });
      if (r.data.dashboard) buttons.push(el("button", { type: "button", "data-view": "dashboard", text: T.indicators, onclick: function () { go("view=dashboard"); } }));
      choices = buttons.length;
      try { sessionStorage.setItem("fieldbot:choices", String(choices)); } catch (e) { /* private mode */ }
      root.replaceChildren(el("h1", { text: r.data.forms.length ? T.what : T.indicators }), el("div", { "class": "menu" }, buttons));
      if (r.data.draft_form && location.search.indexOf("menu") < 0) go("form=" + r.data.draft_form);
      else if (!r.data.forms.length && r.data.dashboard) go("view=dashboard");
    });
  }

  function go(query) {
    history.pushState(null, "", "?" + query);
    route();
  }

  // -- the report form ----------------------------------------------------------------------
  var form = null, draft = null, timer = null, sending = false, tried = false; // tried: sent once, refused
  // Checks answered out of order (a slow one on 2G after a newer one) must not show an older
  // text's refusal and offer: each call has a number, and an older one's answer is dropped.
  var asked = 0, latest = 0;
  var tooLong = null; // the server's refusal of answers too long to send, while it is shown
  var unsent = false; // a send failed for want of a connection, and none has been answered since

  // The answers kept on this phone are the signed-in member's own: a phone or a browser can
  // serve several Telegram accounts, or pass to a new officer. (Drafts saved before under the
  // form's name alone had no owner: they are dropped; the chat keeps its own copy.)
  var owner = (function () {
    try { return String(JSON.parse(new URLSearchParams(initData).get("user")).id); } catch (e) { return ""; }
  })();
  try {
    Object.keys(localStorage).forEach(function (k) { if (/^fieldbot:draft:[^:]*$/.test(k)) localStorage.removeItem(k); });
  } catch (e) { /* private mode */ }
  // The words of the page's last opening by this member (no personal data in them).
  var wordsKey = "fieldbot:words:" + owner;
  try { page(JSON.parse(localStorage.getItem(wordsKey)) || {}); } catch (e) { /* private mode, none kept */ }
  function storageKey(kind) { return "fieldbot:draft:" + owner + ":" + (kind || form.id); }
  // Fields the server refused for the personal data in them (a child's name): kept off the
  // phone until a check takes them, as the server keeps them out of the draft.
  var personal = {};
  var refused = false; // refused as a member: nothing more is kept here for them
  function saveLocal() {
    if (refused) return;
    // Answers changed since their report was stored from a page left meanwhile: a new report;
    // changed back to the answers stored (a word typed, then deleted), that report again: Send
    // is then the report stored, not a second one.
    var id = draft.report_id;
    if (stored[id] && !same(draft.values, stored[id])) { draft.report_id = newId(); from[draft.report_id] = id; }
    else if (from[id] && same(draft.values, stored[from[id]])) draft.report_id = from[id];
    var kept = { report_id: draft.report_id, values: onPhone(draft.values) };
    if (sentAs[draft.report_id]) kept.sent = sentAs[draft.report_id];
    try { localStorage.setItem(storageKey(), JSON.stringify(kept)); } catch (e) { /* private mode */ }
  }
  function onPhone(values) { // without the fields refused for the personal data in them
    var kept = {};
    Object.keys(values).forEach(function (k) { if (!personal[k]) kept[k] = values[k]; });
    return kept;
  }
  // The answers last sent from this phone under a report id, kept with its copy: a send stored
  // whose answer never came (2G, the app closed) and answers changed since (in the same form
  // opened again) are not dropped as sent when the page opens again. Kept as a fingerprint
  // only: the answers sent may hold a child's name the server then refused.
  var sentAs = {}; // report id → the fingerprint of the answers last sent under it
  function fingerprint(values) {
    var text = JSON.stringify(Object.keys(values).sort().filter(function (k) {
      var v = values[k];
      return v && v.length;
    }).map(function (k) { return [k, values[k]]; }));
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57; // cyrb53
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }
  // A report stored after the user left its page (Back on 2G, the same form opened again
  // meanwhile): its copy leaves the phone, but answers changed since are no copy of it. They
  // are kept, as a new report (the old id would be dropped as sent when the form is opened
  // again, and they are in no other place: the server keeps no draft of a sent report).
  var stored = {}; // report id → the answers it was stored with
  var from = {}; // a new report's id → the stored one whose answers it changed
  var unanswered = {}; // report id → the answers of its sends never answered (kept in memory)
  function delivered(key, id, sent) {
    stored[id] = sent;
    var local = null, fresh = null;
    try { local = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { /* private mode */ }
    if (local && local.report_id === id) {
      if (same(local.values || {}, sent)) dropLocal(key);
      else {
        local.report_id = fresh = newId();
        delete local.sent;
        from[fresh] = id;
        try { localStorage.setItem(key, JSON.stringify(local)); } catch (e) { /* private mode */ }
      }
    }
    if (form && draft && draft.report_id === id && document.getElementById("report") && !same(draft.values, sent)) {
      draft.report_id = fresh || newId();
      from[draft.report_id] = id;
      saveLocal();
    }
  }
  function same(a, b) {
    function text(v) { return v && v.length ? JSON.stringify(v) : ""; }
    return Object.keys(a).concat(Object.keys(b)).every(function (k) { return text(a[k]) === text(b[k]); });
  }
  function newId() { // a version 4 UUID, as the server makes them
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = b[6] & 15 | 64;
    b[8] = b[8] & 63 | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  // Answers the officer gave: a field left empty, or the one country they could choose (the
  // page puts it in for them), is none.
  function typed(values) {
    return form.questions.some(function (q) {
      var v = values[q.id];
      return v && v.length && !(q.widget === "country" && q.choices.length === 1);
    });
  }
  function loadLocal(kind) { try { return JSON.parse(localStorage.getItem(storageKey(kind)) || "null"); } catch (e) { return null; } }
  function dropLocal(key) { try { localStorage.removeItem(key || storageKey()); } catch (e) { /* private mode */ } }
  function forgetMine() {
    var mine = "fieldbot:draft:" + owner + ":";
    refused = true;
    // Their words too: the key holds their Telegram id, the words their language.
    try {
      localStorage.removeItem(wordsKey);
      Object.keys(localStorage).forEach(function (k) { if (k.indexOf(mine) === 0) localStorage.removeItem(k); });
    } catch (e) { /* private mode */ }
  }

  function field(q) {
    var name = "q_" + q.id, value = draft.values[q.id];
    var input;
    if (q.widget === "select_one" || q.widget === "country") {
      input = el("select", { id: name, name: name }, [el("option", { value: "", text: T.choose })].concat(q.choices.map(function (c) {
        return el("option", { value: c.value, text: c.label, selected: c.value === value });
      })));
    } else if (q.widget === "yes_no" || q.widget === "select_multiple") {
      var multi = q.widget === "select_multiple";
      input = el("div", { role: multi ? "group" : "radiogroup" }, q.choices.map(function (c) {
        var on = multi ? (value || []).indexOf(c.value) >= 0 : value === c.value;
        return el("label", { "class": "c" }, [el("input", { type: multi ? "checkbox" : "radio", name: name, value: c.value, checked: on }), el("span", { text: c.label })]);
      }));
    } else if (q.widget === "textarea") {
      // No maxlength: it cuts a paste without a word; the server says how long it may be.
      input = el("textarea", { id: name, name: name });
      input.value = value || "";
    } else {
      var attrs = { id: name, name: name, type: q.widget === "date" ? "date" : "text" };
      if (q.widget === "number") attrs.inputmode = "decimal";
      input = el("input", attrs);
      input.value = value || "";
    }
    var label = el("label", { "class": "l", "for": name, text: q.label }, q.required ? [] : [el("span", { "class": "opt", text: " (" + T.optional + ")" })]);
    return el("div", { "class": "q", id: "f_" + q.id, "data-q": q.id }, [
      label, q.hint ? el("div", { "class": "h", text: q.hint }) : null, input,
      input.tagName === "SELECT" ? el("div", { "class": "f", dir: "auto", "aria-hidden": "true" }) : null,
      el("div", { "class": "d" }), el("div", { "class": "e", role: "alert" }), el("div", { "class": "o" })
    ]);
  }

  // A dropdown shows its choice on one line: a long one (611 px in Malagasy on a 320 px
  // phone) is cut off once chosen. Whatever does not fit is written out in full under it
  // (for the eyes: a screen reader reads the whole choice from the dropdown itself).
  var ruler = null;
  function chosen() {
    Array.prototype.forEach.call(document.querySelectorAll("#report select, .filters select"), function (select) {
      var slot = select.nextElementSibling, option = select.options[select.selectedIndex];
      var text = option && option.value ? option.text : "";
      if (text && select.clientWidth) {
        var style = getComputedStyle(select);
        ruler = ruler || document.createElement("canvas").getContext("2d");
        ruler.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
        var room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 24; // its arrow
        if (ruler.measureText(text).width <= room) text = "";
      } else text = "";
      slot.textContent = text;
    });
  }
  window.addEventListener("resize", chosen);

  function read(q) {
    var box = document.getElementById("f_" + q.id);
    if (q.widget === "select_multiple") {
      return Array.prototype.map.call(box.querySelectorAll("input:checked"), function (i) { return i.value; });
    }
    if (q.widget === "yes_no") {
      var on = box.querySelector("input:checked");
      return on ? on.value : "";
    }
    return box.querySelector("input,select,textarea").value;
  }

  function collect() {
    readFields();
    saveLocal();
  }
  function readFields() { // the answers on screen into the draft, the phone's copy untouched
    form.questions.forEach(function (q) {
      var box = document.getElementById("f_" + q.id);
      if (!box.hidden) draft.values[q.id] = read(q);
    });
  }

  // `sent`: the answers this result is about; an offer is shown only for the text still in
  // its field (one typed over since, say offline, gets none: it would undo the new words).
  function apply(result, showMissing, sent, number) {
    if (!document.getElementById("report")) return; // a check back after the report was sent
    if (number < latest) return; // a newer check's answer is on screen
    latest = number;
    var before = JSON.stringify(personal);
    personal = {};
    (result.private || []).forEach(function (k) { personal[k] = true; });
    if (JSON.stringify(personal) !== before) saveLocal();
    form.questions.forEach(function (q) {
      var box = document.getElementById("f_" + q.id);
      var active = result.active.indexOf(q.id) >= 0;
      box.hidden = !active;
      var error = result.errors[q.id] || (showMissing && result.missing.indexOf(q.id) >= 0 ? T.needs_answer : "");
      box.querySelector(".e").textContent = active ? error : "";
      box.classList.toggle("bad", active && !!error);
      box.querySelector(".d").textContent = active ? (result.display[q.id] || "") : "";
      var current = active && result.offers && sent[q.id] === read(q);
      offer(box, current ? result.offers[q.id] : "");
    });
    chosen(); // a question shown only now
  }

  // A text refused for the personal data in it, without that data ("[…]" in its place): one
  // tap puts it in the field, for the user to check and send. Shown, never kept on the phone.
  function offer(box, text) {
    var slot = box.querySelector(".o");
    if (!text) return slot.replaceChildren();
    var input = box.querySelector("input,textarea");
    slot.replaceChildren(el("div", { text: T.offer }), el("div", { "class": "t", dir: "auto", text: text }),
      el("button", { type: "button", "class": "use", text: T.use_text, onclick: function () {
        input.value = text;
        slot.replaceChildren();
        clearTimeout(timer);
        check();
      } }));
  }

  function status(text, kind) {
    var node = document.getElementById("status");
    node.textContent = text || "";
    node.className = text ? "status " + kind : "status";
    room();
  }
  // A refusal or 'No connection' stays pinned at the foot of the screen while the form is
  // filled: a field the browser brings into view (the keyboard's Next, a tap that opens the
  // keyboard) is brought above it, not under it.
  function room() {
    var node = document.getElementById("status");
    var pinned = node && document.getElementById("report") && getComputedStyle(node).position === "sticky";
    document.documentElement.style.scrollPaddingBottom = pinned ? node.offsetHeight + 16 + "px" : "";
  }
  window.addEventListener("resize", room);

  function check() {
    collect();
    clearTimeout(timer);
    var number = ++asked, sent = copy(draft.values), here = visit;
    return api("forms/" + form.id + "/check", { report_id: draft.report_id, values: draft.values, locale: locale }).then(function (r) {
      if (here !== visit) return; // about a form the user has left (2G): not this one's answer
      // The notice shown is in the words it was written in, before a relabel brings others.
      var said = T, shown = document.getElementById("status").textContent;
      if (r.status === 200 && r.data.form) relabel(r.data);
      if (r.status === 200) {
        // After a refused send, an answer still missing stays marked until it is given.
        apply(r.data, tried, sent, number);
        var passed = shown === said.offline || shown === said.kept || shown === tooLong;
        // Back online, or shortened: a report whose send failed offline is still to send.
        if (passed && unsent) remind();
        else if (passed) status("", "");
        else if (shown === said.fix && !document.querySelector(".q.bad")) status("", ""); // all corrected
      } else if (r.status === 401 || r.status === 403) status(r.data.error, "bad");
      else if (r.status === 413) status(tooLong = r.data.error, "bad"); // a document pasted: said now, not at Send
    }, function () {
      if (here !== visit) return;
      // 'Send again' only once a send has failed: before, nothing was sent to send again
      // (said all the same by a server not updated yet, which has no other words for it).
      status(unsent || !T.kept ? T.offline : T.kept, "bad");
      // Tried again by itself: a note typed offline (a child's name in it, kept on the phone
      // meanwhile) is screened as soon as the connection is back, not only when it is sent.
      if (number === asked) timer = setTimeout(recheck, backOff());
    });
  }

  // The member's language changed in the chat while the form was open: its words come
  // again with a check, and the form says them, answers untouched (not English labels over
  // French errors, left to right in Arabic).
  function relabel(data) {
    page(data);
    form.title = data.form.title;
    document.querySelector("h1").textContent = form.title;
    data.form.questions.forEach(function (q) {
      var box = document.getElementById("f_" + q.id);
      if (!box) return;
      var label = box.querySelector(".l"), hint = box.querySelector(".h"), names = {};
      label.replaceChildren(document.createTextNode(q.label), q.required ? "" : el("span", { "class": "opt", text: " (" + T.optional + ")" }));
      if (hint) hint.textContent = q.hint;
      q.choices.forEach(function (c) { names[c.value] = c.label; });
      Array.prototype.forEach.call(box.querySelectorAll("option"), function (o) { o.textContent = o.value ? names[o.value] || o.textContent : T.choose; });
      Array.prototype.forEach.call(box.querySelectorAll("label.c"), function (c) {
        var name = names[c.querySelector("input").value];
        if (name) c.querySelector("span").textContent = name;
      });
    });
    var button = document.getElementById("submit");
    if (button && !sending) button.textContent = T.submit;
    if (tg && tg.MainButton) tg.MainButton.setText(T.submit);
    chosen();
  }

  // A send that failed offline is not forgotten once the connection is back: the notice says
  // the report is not sent yet (until it is, or the form is left), with Send at hand. Never
  // sent without the officer's tap: they may still be changing an answer.
  function remind() {
    status(T.not_sent, "bad");
    document.getElementById("status").appendChild(el("button", { type: "button", "class": "use", text: T.submit, onclick: submit }));
    room();
  }

  function recheck() {
    if (document.getElementById("report") && !sending) check();
  }
  window.addEventListener("online", function () { clearTimeout(timer); recheck(); });

  function copy(values) { return JSON.parse(JSON.stringify(values)); }

  // The same form open in two windows (two tabs of Telegram Web, Telegram Desktop's window
  // and its pop-up) shares one copy on the phone, the last answers typed in either: this
  // window takes them too, and says why its answers changed. (It kept its own and wrote them
  // back over the other's at its next keystroke, or sent them as a second report.)
  window.addEventListener("storage", function (e) {
    if (!form || !draft || sending || refused || !document.getElementById("report") || e.key !== storageKey()) return;
    if (!e.newValue) return gone(e.oldValue);
    var other;
    try { other = JSON.parse(e.newValue); } catch (error) { return; }
    if (!other || !other.values || (other.report_id === draft.report_id && same(onPhone(draft.values), other.values))) return;
    draft.report_id = other.report_id;
    if (other.sent) sentAs[other.report_id] = other.sent;
    form.questions.forEach(function (q) {
      if (!(q.id in other.values)) return; // refused here for the personal data in it: not there
      var value = other.values[q.id], box = document.getElementById("f_" + q.id);
      draft.values[q.id] = value;
      if (q.widget === "yes_no" || q.widget === "select_multiple") {
        Array.prototype.forEach.call(box.querySelectorAll("input"), function (i) {
          i.checked = q.widget === "yes_no" ? i.value === value : (value || []).indexOf(i.value) >= 0;
        });
      } else box.querySelector("input,select,textarea").value = value || "";
      box.querySelector(".o").replaceChildren(); // an offer about the text replaced
    });
    var note = document.getElementById("window");
    if (!note && T.other_window) {
      note = el("p", { id: "window", "class": "note", role: "status", text: T.other_window });
      root.insertBefore(note, document.getElementById("report"));
    }
    chosen();
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });

  // The copy left the phone in the other window: the report sent there (or found sent from
  // the chat). The server says whether it holds this window's answers: then this window says
  // it was sent (its next keystroke wrote the sent report's copy back, and Send made a second
  // report of it); answers typed here since are no part of it, and stay as a new report.
  function gone(old) {
    var was = null;
    try { was = JSON.parse(old); } catch (error) { return; }
    if (!was || was.report_id !== draft.report_id) return;
    var id = draft.report_id, sent = copy(draft.values), here = visit, key = storageKey();
    api("forms/" + form.id + "/check", { report_id: id, values: sent, locale: locale }).then(function (r) {
      if (here !== visit || sending || r.status !== 200 || typeof r.data.sent !== "boolean" || draft.report_id !== id) return;
      // Not written back to the phone (collect): a window opened since, which dropped the
      // sent copy and began a new report, took it for this window's answers and said "sent".
      readFields();
      if (!r.data.sent) { // typed here while the other window sent: in no other place
        draft.report_id = newId();
        saveLocal();
      } else delivered(key, id, sent); // its copy goes; answers changed since get a new id
      if (draft.report_id !== id) return status(T.sent_without || T.sent_elsewhere, "bad");
      clearTimeout(timer);
      if (tg && tg.MainButton) tg.MainButton.hide();
      root.replaceChildren(el("h1", { text: form.title }), el("div", { "class": "status ok", id: "done" }, [el("p", { text: T.sent_elsewhere })]),
        el("div", { "class": "menu" }, [el("button", { type: "button", text: T.another, onclick: function () { go("menu=1"); } })]));
    }, function () { /* no connection: its Send will say it */ });
  }

  function later() {
    if (sending) return; // a field left as the send holds it: its answers are on their way
    collect();
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  }

  function submit() {
    if (sending || !document.getElementById("report")) return; // Telegram's Send on no form
    clearTimeout(timer);
    collect();
    sending = true;
    hold(true);
    var button = document.getElementById("submit");
    button.disabled = true;
    button.textContent = T.sending;
    if (tg && tg.MainButton) tg.MainButton.showProgress();
    var number = ++asked, sent = copy(draft.values), here = visit, kept = storageKey(), sentId = draft.report_id;
    sentAs[sentId] = fingerprint(sent);
    saveLocal();
    api("forms/" + form.id + "/submit", draft).then(function (r) {
      if (here === visit) unsent = false; // answered: sent, or refused with the reason shown
      // The user went elsewhere while it was sent (Back on 2G): a report stored leaves the
      // phone (the chat confirms it), and nothing is drawn over the page they are on.
      if (here !== visit) {
        if (r.status === 200) delivered(kept, sentId, sent);
        return;
      }
      if (r.status === 200) {
        dropLocal();
        if (tg && tg.MainButton) tg.MainButton.hide();
        root.replaceChildren(el("h1", { text: form.title }), el("div", { "class": "status ok", id: "done" }, r.data.message.map(function (line) { return el("p", { text: line }); })),
          el("div", { "class": "menu" }, [el("button", { type: "button", text: T.another, onclick: function () { go("menu=1"); } })]));
        return;
      }
      if (r.status === 422 && r.data.active) {
        tried = true;
        apply(r.data, true, sent, number);
        status(r.data.error, "bad");
        var first = document.querySelector(".q.bad");
        if (first) first.scrollIntoView({ block: "center" });
      } else {
        // 409: this id was sent before with other answers; the answers stay, as a new report.
        // Those of a send of it never answered (stored, its answer lost on 2G) are the ones
        // stored: changed back to them, the answers are that report again, not a second one.
        if (r.status === 409 && r.data.report_id) {
          var lost = (unanswered[sentId] || []).filter(function (values) { return !same(values, sent); });
          if (lost.length) { stored[sentId] = lost[lost.length - 1]; from[r.data.report_id] = sentId; }
          draft.report_id = r.data.report_id;
          saveLocal();
        }
        status(r.data.error || String(r.status), "bad");
      }
    }, function () {
      (unanswered[sentId] = unanswered[sentId] || []).push(sent);
      if (here !== visit) return;
      unsent = true;
      status(T.offline, "bad");
      timer = setTimeout(recheck, backOff());
    }).then(function () {
      if (here !== visit) return; // the page shown now has its own Send
      sending = false;
      hold(false);
      if (button.isConnected) { button.disabled = false; button.textContent = T.submit; }
      if (tg && tg.MainButton) tg.MainButton.hideProgress();
    });
  }

  // While a report is on its way its answers cannot change: one corrected then (a typo seen
  // on 2G as 'Sending…' showed) was not in the report stored, and went with the form.
  function hold(on) {
    Array.prototype.forEach.call(document.querySelectorAll("#report input, #report select, #report textarea, #report button"), function (control) {
      control.disabled = on;
    });
  }

  function showForm(kind) {
    var local = loadLocal(kind);
    // The server says whether the report this phone kept was sent meanwhile (from the chat).
    var mine = local && local.report_id ? "?local=" + encodeURIComponent(local.report_id) : "";
    var at = visit;
    return api("forms/" + kind + mine).then(function (r) {
      if (left(at)) return null;
      if (r.status !== 200) return fail(r);
      page(r.data);
      form = r.data.form;
      // Sent from the chat (the page's draft continued there): the copy goes only if the
      // report stored holds its answers. Answers it lacks (typed here offline meanwhile, sent
      // from here or not) are in no other place: they stay, as a new report. (Changed since
      // its send from here, it stays anyway: Send says it was sent, and makes it a new one.)
      var changed = local && local.sent && local.sent !== fingerprint(local.values || {});
      if (r.data.local_sent && !changed && typed(local.values || {})) {
        return api("forms/" + kind + "/check", { report_id: local.report_id, values: local.values }).then(function (c) {
          if (left(at)) return null;
          // (A server not updated yet says nothing of it: the copy goes, as it did.)
          if (c.status !== 200 || c.data.sent === false) {
            local = { report_id: newId(), values: local.values };
            r.data.local_sent = false;
          }
          return draw(r, local, at);
        });
      }
      return draw(r, local, at);
    });
  }

  function draw(r, local, at) {
    if (left(at)) return null;
    tried = false;
    unsent = false;
    personal = {};
    draft = { report_id: r.data.draft.report_id, values: r.data.draft.values };
    // Sent, and the phone's copy is what was sent: it goes. Changed since it was sent from
    // here (its answer lost), it stays: Send then says it was sent, and makes it a new report.
    if (r.data.local_sent && !(local.sent && local.sent !== fingerprint(local.values || {}))) { dropLocal(); local = null; }
    if (local && local.sent) sentAs[local.report_id] = local.sent;
    // The phone's own answers (typed offline, a send under way or failed) are in no other
    // place: they win over the chat's other report of this form, which stays in the chat
    // (/report offers it; the page's checks leave it alone). A copy with nothing typed in it
    // gives way to the chat's answers.
    var serverHasAnswers = Object.keys(r.data.draft.values).length > 1;
    if (local && local.report_id && (local.report_id === draft.report_id || !serverHasAnswers || typed(local.values || {}))) {
      draft = { report_id: local.report_id, values: local.values || {} };
    }
    // The chat's own report of this form stays there: said, or the officer looks for it here
    // (or thinks the page's report is the chat's, and finds two in /myreports).
    var elsewhere = serverHasAnswers && draft.report_id !== r.data.draft.report_id && T.chat_draft;
    var body = el("form", { id: "report", novalidate: true, onsubmit: function (e) { e.preventDefault(); submit(); } }, form.questions.map(field));
    body.addEventListener("change", later);
    body.addEventListener("change", chosen);
    body.addEventListener("focusout", later);
    // Kept on the phone as it is typed: an app closed with the focus in a field (swiped
    // down, a call, the phone locked) leaves it without 'change' or 'focusout'. And an offer
    // is the text as it was when checked: typing over it withdraws it.
    body.addEventListener("input", function (e) {
      collect();
      var box = e.target.closest(".q");
      if (box) box.querySelector(".o").replaceChildren();
    });
    root.replaceChildren(el("h1", { text: form.title }), elsewhere ? el("p", { id: "elsewhere", "class": "note", text: elsewhere }) : "", body, el("div", { id: "status", "class": "status", role: "status" }),
      el("button", { id: "submit", "class": "submit", type: "button", text: T.submit, onclick: submit }));
    if (tg && tg.MainButton) {
      tg.MainButton.setText(T.submit);
      tg.MainButton.show();
    }
    chosen();
    document.body.setAttribute("data-ready", "form");
    return check();
  }

  // -- the indicators dashboard -------------------------------------------------------------
  function dashboard() {
    var params = new URLSearchParams(location.search);
    var query = "country=" + encodeURIComponent(params.get("country") || "") + "&as_of=" + encodeURIComponent(params.get("as_of") || "");
    var at = visit;
    return api("indicators?" + query).then(function (r) {
      if (left(at)) return null;
      // A date typed outside the plan, a country no longer theirs: the figures without it,
      // the filters to choose again, and why.
      var wrong = r.status === 422 && params.get("as_of") ? "as_of" : r.status === 403 && params.get("country") ? "country" : "";
      if (wrong) {
        var refusal = r.data.error;
        params.delete(wrong);
        history.replaceState(null, "", "?" + params.toString());
        return dashboard().then(function () {
          var shown = document.getElementById("indicators");
          if (shown) root.insertBefore(el("p", { id: "status", "class": "status bad", role: "alert", text: refusal }), shown);
        });
      }
      if (r.status !== 200) return fail(r);
      var d = r.data;
      page(d);
      var country = el("select", { id: "country", onchange: chosen }, [el("option", { value: "", text: T.all_countries })].concat(d.countries.map(function (c) {
        return el("option", { value: c.value, text: c.label, selected: c.value === d.country });
      })));
      var date = el("input", { id: "as_of", type: "date", value: d.as_of, min: d.as_of_min, max: d.as_of_max });
      var show = el("button", { type: "button", id: "show", text: T.show, onclick: function () {
        go("view=dashboard&country=" + encodeURIComponent(country.value) + "&as_of=" + encodeURIComponent(date.value));
      } });
      var list = d.indicators.map(function (i) {
        var rows = i.breakdown.map(function (b) {
          return b.head ? el("tr", {}, [el("th", { colspan: 2, text: b.label })]) : el("tr", {}, [el("td", { text: b.label }), el("td", { text: b.value })]);
        });
        var item = el("details", { "class": "ind", "data-id": i.id, "data-value": i.value === null ? "" : String(i.value), "data-status": i.status }, [
          el("summary", {}, [el("span", { "class": "id", text: i.id }), el("span", { text: i.label }), el("span", { "class": "s " + i.status, text: i.status_label }),
            el("div", { "class": "v", text: i.text + (i.percent_text !== "—" ? " · " + i.percent_text : "") })]),
          rows.length ? el("table", {}, [el("tbody", {}, rows)]) : null
        ]);
        if (i.chart) {
          item.drawChart = function () {
            if (!item.open || item.querySelector(".chart")) return;
            var box = el("div", { "class": "chart" }), back = returns;
            item.appendChild(box);
            api("indicators/" + encodeURIComponent(i.id) + "/chart?" + query + themeQuery()).then(function (c) {
              // Drawn for a wide screen: on a phone it keeps a legible size and scrolls sideways.
              if (c.status === 200 && box.isConnected) box.appendChild(el("img", { alt: i.label, src: URL.createObjectURL(c.data) }));
              else box.remove();
            }, function () {
              box.remove();
              // Failing after the connection came back (asked without signal, failing late on
              // 2G): 'online' went by while its box was there, so it is asked again at once.
              if (back !== returns && item.isConnected) item.drawChart();
            });
          };
          item.addEventListener("toggle", item.drawChart);
        }
        return item;
      });
      // After the plan's last day, as /indicators says it: its figures are final.
      // A manager of some countries: the figures are theirs, not the organisation's.
      var head = [el("h1", { text: d.title })].concat(d.note ? [el("p", { id: "note", text: d.note })] : [],
        d.partial ? [el("p", { id: "partial", text: d.partial })] : []);
      root.replaceChildren.apply(root, head.concat([
        el("div", { "class": "filters" }, [el("label", {}, [el("span", { text: T.country }), country,
          el("div", { "class": "f", dir: "auto", "aria-hidden": "true" })]), el("label", {}, [el("span", { text: T.date }), date]), show]),
        el("div", { id: "indicators" }, list)]));
      chosen(); // a long country name, cut off in its dropdown, written out in full under it
      document.body.setAttribute("data-ready", "dashboard");
    });
  }

  // Each page shown has its number: a call answered after the user went elsewhere (another
  // form, the menu, the same form opened again) is about a page no longer shown.
  var visit = 0;
  function route() {
    visit++;
    if (sending && tg && tg.MainButton) tg.MainButton.hideProgress();
    sending = false;
    var params = new URLSearchParams(location.search);
    document.body.removeAttribute("data-ready");
    if (tg && tg.MainButton) tg.MainButton.hide();
    if (tg && tg.BackButton) {
      // Telegram's own back closes the app: its BackButton is the way from a page to the menu.
      if ((params.get("form") || params.get("view")) && choices > 1) tg.BackButton.show();
      else tg.BackButton.hide();
    }
    clearTimeout(away);
    away = null;
    clearTimeout(timer); // a form left is checked no more
    document.documentElement.style.scrollPaddingBottom = ""; // its notice goes with it
    var at = visit, back = returns;
    var opened = params.get("form") ? showForm(params.get("form")) : params.get("view") === "dashboard" ? dashboard() : menu();
    // A page the user has left (Back tapped while it loaded) failing late says nothing over
    // the page they are on, and leaves no retry behind.
    return opened.catch(function () { if (!left(at)) unreachable(back !== returns); });
  }

  // No connection on the way to a page (2G, a tunnel): it opens by itself once the connection
  // is back, not "…" for ever; with the page's words (from an earlier answer) it says why.
  var away = null;
  function unreachable(now) {
    if (T.unreachable) root.replaceChildren(el("p", { id: "status", "class": "status bad", role: "status", text: T.unreachable }));
    clearTimeout(away);
    away = setTimeout(route, now ? 0 : backOff());
  }
  window.addEventListener("online", function () { if (away !== null) route(); });
  // A chart lost on the way (2G) comes once the connection is back, under each indicator
  // still open: not only when it is closed and opened again.
  window.addEventListener("online", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.ind[open]"), function (item) {
      if (item.drawChart) item.drawChart();
    });
  });

  window.addEventListener("popstate", route);
  if (tg) { tg.ready(); tg.expand(); }
  // Telegram's dark theme: lighter reds and greens, and the browser's own controls drawn dark;
  // followed when the user switches theme with the app open.
  function scheme() {
    if (tg && tg.colorScheme === "dark") document.documentElement.setAttribute("data-scheme", "dark");
    else document.documentElement.removeAttribute("data-scheme");
    legible();
    // The charts are drawn by the server in the theme's colours: drawn again in the new ones.
    Array.prototype.forEach.call(document.querySelectorAll("details.ind"), function (item) {
      var chart = item.querySelector(".chart");
      if (!chart) return;
      chart.remove();
      item.drawChart();
    });
  }
  // Telegram's hint colour is chosen for its own screens: on this page's cards it can fall
  // under 4.5:1 (3.6 in Telegram Desktop's night theme), too faint for small words read in
  // the sun. Such words then take a colour nearer the theme's text, just enough to be read.
  function legible() {
    var theme = (tg && tg.themeParams) || {}, style = document.documentElement.style;
    var hint = rgb(theme.hint_color), fg = rgb(theme.text_color);
    var under = [rgb(theme.secondary_bg_color), rgb(theme.bg_color)].filter(Boolean);
    style.removeProperty("--muted");
    if (!hint || !fg) return;
    for (var step = 0; step <= 10; step++) {
      var mix = hint.map(function (c, i) { return Math.round(c + (fg[i] - c) * step / 10); });
      if (under.every(function (bg) { return contrast(mix, bg) >= 4.5; })) break;
    }
    if (step) style.setProperty("--muted", "rgb(" + mix.join(",") + ")");
  }
  function rgb(hex) {
    var m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
    return m ? [1, 2, 3].map(function (i) { return parseInt(m[i], 16); }) : null;
  }
  function contrast(a, b) {
    function lum(c) {
      var l = c.map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    }
    var x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  // The chart's colours: the card it sits on, the theme's text and hint (Telegram's themeParams).
  function themeQuery() {
    var theme = (tg && tg.themeParams) || {};
    var bg = theme.secondary_bg_color || theme.bg_color;
    if (!bg || !theme.text_color || !theme.hint_color) return "";
    return "&bg=" + encodeURIComponent(bg) + "&fg=" + encodeURIComponent(theme.text_color) + "&hint=" + encodeURIComponent(theme.hint_color);
  }
  scheme();
  if (tg && tg.onEvent) tg.onEvent("themeChanged", scheme);
  if (tg && tg.BackButton) tg.BackButton.onClick(function () { go("menu=1"); });
  // Telegram's Send: one handler for every form shown (Telegram keeps each one registered).
  if (tg && tg.MainButton) tg.MainButton.onClick(submit);
  route();
})();

// A stand-in for https://telegram.org/js/telegram-web-app.js in the browser tests: the same
// window.Telegram.WebApp surface the page uses, with the initData the test put in
// window.__FIELDBOT_INIT_DATA__ (page.add_init_script) before any script ran.
(function () {
  var calls = [];
  function note(name) { return function () { calls.push(name); return webApp.MainButton; }; }
  var webApp = {
    initData: window.__FIELDBOT_INIT_DATA__ || "",
    initDataUnsafe: {},
    version: "8.0",
    platform: "tdesktop",
    colorScheme: window.__FIELDBOT_COLOR_SCHEME__ || "light",
    themeParams: window.__FIELDBOT_THEME__ || { bg_color: "#ffffff", text_color: "#000000", hint_color: "#707579", button_color: "#3390ec", button_text_color: "#ffffff", secondary_bg_color: "#f4f4f5" },
    isExpanded: false,
    ready: function () { calls.push("ready"); },
    expand: function () { calls.push("expand"); webApp.isExpanded = true; },
    close: function () { calls.push("close"); },
    MainButton: {
      text: "", isVisible: false, handlers: [],
      setText: function (text) { webApp.MainButton.text = text; calls.push("MainButton.setText"); return webApp.MainButton; },
      show: function () { webApp.MainButton.isVisible = true; calls.push("MainButton.show"); return webApp.MainButton; },
      hide: function () { webApp.MainButton.isVisible = false; calls.push("MainButton.hide"); return webApp.MainButton; },
      onClick: function (handler) { webApp.MainButton.handlers.push(handler); return webApp.MainButton; },
      showProgress: note("MainButton.showProgress"),
      hideProgress: note("MainButton.hideProgress"),
      click: function () { webApp.MainButton.handlers.forEach(function (h) { h(); }); }
    },
    BackButton: {
      isVisible: false, handlers: [],
      show: function () { webApp.BackButton.isVisible = true; calls.push("BackButton.show"); return webApp.BackButton; },
      hide: function () { webApp.BackButton.isVisible = false; calls.push("BackButton.hide"); return webApp.BackButton; },
      onClick: function (handler) { webApp.BackButton.handlers.push(handler); return webApp.BackButton; },
      click: function () { webApp.BackButton.handlers.forEach(function (h) { h(); }); }
    },
    events: {},
    onEvent: function (name, handler) { (webApp.events[name] = webApp.events[name] || []).push(handler); },
    // What Telegram does when the user switches theme: the new scheme, then "themeChanged".
    switchScheme: function (scheme, params) {
      webApp.colorScheme = scheme;
      if (params) { webApp.themeParams = params; paint(); }
      (webApp.events.themeChanged || []).forEach(function (h) { h(); });
    },
    calls: calls
  };
  // As Telegram's script does: each theme colour as a CSS variable on the root element.
  function paint() {
    Object.keys(webApp.themeParams).forEach(function (key) {
      document.documentElement.style.setProperty("--tg-theme-" + key.replace(/_/g, "-"), webApp.themeParams[key]);
    });
    document.documentElement.style.setProperty("--tg-color-scheme", webApp.colorScheme);
  }
  paint();
  window.Telegram = { WebApp: webApp };
})();

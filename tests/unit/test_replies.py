"""The replies an update owes survive a round trip through the database's JSON."""

from __future__ import annotations

import json

from aiogram.client.default import Default
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendMessage,
    SendPhoto,
    SetMyCommands,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from bot.ui.replies import Replies, load, load_method


def _round_trip(replies: Replies) -> list[object]:
    stored = json.loads(json.dumps(replies.dump()))  # what the JSON column gives back
    return list(load(stored))


def test_every_kind_of_reply_reads_back_as_it_was_stated() -> None:
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Haïti", callback_data="c:HT")]]
    )
    replies = Replies()
    replies(SendMessage(chat_id=7, text="<b>Étape 1/17</b> — ٤٥٪", reply_markup=keyboard))
    replies(AnswerCallbackQuery(callback_query_id="q1", text="Non", show_alert=True))
    replies(EditMessageText(chat_id=7, message_id=3, text="Done"))
    replies(
        SetMyCommands(
            commands=[BotCommand(command="report", description="Signaler")],
            scope=BotCommandScopeChat(chat_id=7),
        )
    )
    replies(SendPhoto(chat_id=7, photo=BufferedInputFile(b"\x89PNG\x00\xff", "c.png")))

    back = _round_trip(replies)

    assert [type(m) for m in back] == [
        SendMessage,
        AnswerCallbackQuery,
        EditMessageText,
        SetMyCommands,
        SendPhoto,
    ]
    message, answer, edit, menu, photo = back
    assert isinstance(message, SendMessage)
    assert message.text == "<b>Étape 1/17</b> — ٤٥٪"
    assert message.reply_markup == keyboard
    assert isinstance(message.parse_mode, Default)  # the bot's default (HTML) applies when sent
    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.show_alert is True
    assert isinstance(edit, EditMessageText)
    assert (edit.chat_id, edit.message_id) == (7, 3)
    assert isinstance(menu, SetMyCommands)
    assert menu.scope == BotCommandScopeChat(chat_id=7)
    assert isinstance(photo, SendPhoto)
    assert isinstance(photo.photo, BufferedInputFile)
    assert (photo.photo.data, photo.photo.filename) == (b"\x89PNG\x00\xff", "c.png")


def test_an_update_with_nothing_to_say_owes_nothing() -> None:
    assert Replies().dump() == []
    assert len(Replies()) == 0


def test_an_unknown_stored_method_is_skipped_not_fatal() -> None:
    assert load_method({"method": "SendTelepathy", "args": {}}) is None
    assert load_method({"method": "Replies", "args": {}}) is None
    assert load([{"method": "SendTelepathy"}, {"method": "GetMe", "args": {}}])[
        0
    ].__class__.__name__ == ("GetMe")


def test_an_alert_too_long_for_telegram_is_cut_not_refused() -> None:
    """A translation longer than Telegram's 200 characters for an alert would leave the tap
    unanswered: it is cut at a word, with an ellipsis; a short one is left as it is."""
    from bot.ui.replies import ALERT_MAX, Replies

    reply = Replies()
    long_text = "Tsy manana andraikitra intsony ianao eto. " * 6 + "🙂" * 10
    reply(AnswerCallbackQuery(callback_query_id="1", text=long_text, show_alert=True))
    reply(AnswerCallbackQuery(callback_query_id="2", text="Voaray.", show_alert=True))
    cut, short = (call.text for call in reply.calls if isinstance(call, AnswerCallbackQuery))
    assert cut is not None
    assert len(cut.encode("utf-16-le")) // 2 <= ALERT_MAX
    assert cut.endswith("…")
    assert long_text.startswith(cut[:-1])
    assert short == "Voaray."


def test_the_last_admin_alert_keeps_its_end_with_a_long_name_in_every_language() -> None:
    """/people's "{name} is the last admin: …" with a 64-character name ran over Telegram's
    200 in French (223) and Spanish (208), and the cut lost '(/invite)' and 'Nothing was
    changed.': the name is shortened instead."""
    from bot.i18n import create_i18n
    from bot.ui.replies import ALERT_MAX
    from bot.ui.text import telegram_length
    from handlers.people import last_admin_alert
    from tests.factories import person

    name = "Marie-Thérèse Jean-Baptiste Rakotoarivelo Andrianasolo Ravelomanana"
    ends = {"en": "Nothing was changed.", "fr": "Rien n’a été changé.", "es": "No se ha"}
    i18n = create_i18n()
    for locale in ("en", "fr", "es", "pt", "ar", "sw", "mg"):
        with i18n.context(), i18n.use_locale(locale):
            text = last_admin_alert(person(display_name=name), locale)
        assert telegram_length(text) <= ALERT_MAX, (locale, text)
        assert "(/invite)" in text, (locale, text)
        assert "Marie" in text, (locale, text)
        assert ends.get(locale, "") in text, (locale, text)


def test_the_last_admin_alert_isolates_the_name_in_arabic() -> None:
    """In Arabic the alert's name stood bare: "Jean-Paul (Haïti)" had its parentheses and its
    words reordered by the Arabic around it. It is isolated (FSI…PDI), as every message's
    name is, shortened or not; a direction override it brings is dropped."""
    from bot.i18n import create_i18n
    from bot.ui.replies import ALERT_MAX
    from bot.ui.text import telegram_length
    from handlers.people import last_admin_alert
    from tests.factories import person

    i18n = create_i18n()
    with i18n.context(), i18n.use_locale("ar"):
        short = last_admin_alert(person(display_name="Jean-Paul (Haïti)\u202e"), "ar")
        long = last_admin_alert(person(display_name="Jean-Paul " * 7), "ar")
    assert "\u2068Jean-Paul (Haïti)\u2069" in short
    assert "\u202e" not in short
    assert long.count("\u2068Jean-Paul") == 1
    assert "…\u2069" in long
    assert telegram_length(long) <= ALERT_MAX
    with i18n.context(), i18n.use_locale("fr"):
        assert "\u2068" not in last_admin_alert(person(display_name="Jean-Paul"), "fr")

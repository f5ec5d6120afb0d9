"""A phone's copy of a sent report, made before the report was corrected in the chat.

The officer sent an advocacy report from the Mini App offline-ish on 2G: it was stored, its
answer never came, so the phone kept its copy. Meanwhile they corrected the report in the chat
(the audience figure). Back online, the page checked the copy: the server said it was not the
report stored (its answers differ from the corrected ones), the page gave it a new id, and Send
stored a second report of the same event. The server now recognises the copy of an earlier
version of the report: the copy is "sent", and sending it again stores nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from bot.domain.clock import utcnow
from bot.domain.enums import Role
from bot.forms.definitions import FORMS
from bot.forms.engine import computed_values
from models.reports import edit_report, get_report
from models.tables import OutboxMessage, Report
from tests.e2e import test_issue_16_webapp_api as webapp
from tests.e2e.test_issue_16_webapp_api import EVENT, Api

api = webapp.api  # the fixture: the bot, its Mini App and an HTTP client


async def _correct_in_the_chat(api: Api, report_id: str, answers: dict[str, str]) -> None:
    assert api.bot.app is not None
    form = FORMS["advocacy"]
    async with api.bot.app.session_factory() as session:
        report = await get_report(session, uuid.UUID(report_id))
        assert report is not None
        assert report.author_user_id is not None
        await edit_report(
            session,
            report.id,
            editor_user_id=report.author_user_id,
            answers=answers,
            computed=computed_values(form, answers),
            form_version=form.version,
            now=utcnow(),
            expected_version=report.version,
        )
        await session.commit()


async def test_a_copy_made_before_a_chat_correction_is_the_same_report(api: Api) -> None:
    await api.bot.member(31, "Ana", Role.FIELD_STAFF, ["SN"])
    init, report_id = api.init(31), str(uuid.uuid4())
    copy = {"report_id": report_id, "values": {**EVENT, "audience": "40"}}
    assert (await api.call("api/forms/advocacy/submit", init, copy))[0] == 200
    await api.call("api/forms/advocacy/submit", init, copy)  # sent again: its answer lost
    await _correct_in_the_chat(api, report_id, {**sent_answers(copy), "audience": "45"})

    status, opened = await api.call(f"api/forms/advocacy?local={report_id}", init)
    assert (status, opened["local_sent"]) == (200, True)
    status, checked = await api.call("api/forms/advocacy/check", init, copy)
    assert (status, checked["sent"]) == (200, True)  # the page drops its copy

    status, again = await api.call("api/forms/advocacy/submit", init, copy)  # page left open
    assert status == 200
    assert again["created"] is False
    assert "corrected in the chat" in again["message"][0]
    assert await api.count(Report) == 1
    assert await api.count(OutboxMessage) == 1  # no confirmation of the answers replaced


async def test_answers_the_report_never_had_are_still_a_new_report(api: Api) -> None:
    await api.bot.member(32, "Ana", Role.FIELD_STAFF, ["SN"])
    init, report_id = api.init(32), str(uuid.uuid4())
    copy = {"report_id": report_id, "values": {**EVENT, "audience": "40"}}
    assert (await api.call("api/forms/advocacy/submit", init, copy))[0] == 200
    await _correct_in_the_chat(api, report_id, {**sent_answers(copy), "audience": "45"})

    other = {"report_id": report_id, "values": {**EVENT, "audience": "50"}}
    status, checked = await api.call("api/forms/advocacy/check", init, other)
    assert (status, checked["sent"]) == (200, False)
    status, refused = await api.call("api/forms/advocacy/submit", init, other)
    assert status == 409
    assert refused["report_id"] != report_id


def sent_answers(body: Mapping[str, object]) -> dict[str, str]:
    values = body["values"]
    assert isinstance(values, dict)
    return {str(k): str(v) for k, v in values.items()}

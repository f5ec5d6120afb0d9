"""A report found again by its reference, as its confirmation says: "quote it to find this
report again". Typed alone, or after /myreports or /reports; never someone else's report."""

from __future__ import annotations

import re

from bot.domain.enums import Role
from tests.e2e.harness import BotUnderTest
from tests.e2e.test_reports import fill_training


async def test_a_reference_typed_alone_or_after_a_command_opens_the_report(
    fieldbot: BotUnderTest,
) -> None:
    """ "R-NK62PA" typed alone was "I did not understand that", and /myreports R-NK62PA showed
    the whole list: the reference was never read."""
    jean = await fieldbot.member(2001, "Jean", Role.FIELD_STAFF, ["HT", "NE"])
    await fill_training(jean)
    await jean.tap("Submit")
    match = re.search(r"Reference: (R-[0-9A-Z]{6})", (await jean.last()).text)
    assert match is not None
    reference = match.group(1)
    for typed in (reference, reference.lower(), f"/myreports {reference}"):
        await jean.send(typed)
        card = await jean.last()
        assert reference in card.text, typed
        assert "Haiti" in card.text, typed
        assert card.has_button("✏️ Edit"), typed
    await jean.send(f"/myreports {reference[2:]}")
    assert reference in (await jean.last()).text

    # A manager of Haiti finds it with /reports; a manager of Niger, and another officer, not.
    mona = await fieldbot.member(3001, "Mona", Role.MANAGER, ["HT"])
    await mona.send(f"/reports {reference}")
    assert reference in (await mona.last()).text
    await mona.send(reference)
    assert reference in (await mona.last()).text
    omar = await fieldbot.member(3002, "Omar", Role.MANAGER, ["NE"])
    await omar.send(f"/reports {reference}")
    assert (await omar.last()).text == (
        f"⚠️ No report {reference} in your countries. Check the reference, or send /reports "
        "to see their reports."
    )
    eve = await fieldbot.member(2002, "Eve", Role.FIELD_STAFF, ["HT"])
    for typed in (reference, f"/myreports {reference}"):
        await eve.send(typed)
        assert (await eve.last()).text == (
            f"⚠️ You have no report {reference}. Check the reference, or send /myreports to "
            "see your recent reports."
        ), typed

"""A name typed in lower case after one child's word, then her bare age alone in brackets:
"niña josefina (12)" is a girl named Josefina, as "la niña josefina de 12 años" is."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("niña ana (12) no va a la escuela", ["ana"]),
        ("niña josefina (12) no va a la escuela", ["josefina"]),
        ("niña josefina quispe (12) trabaja", ["josefina quispe"]),
        ("girl mwende (12) out of school", ["mwende"]),
        ("mtoto neema (9) hasomi", ["neema"]),
    ],
)
def test_a_typed_name_between_a_child_word_and_a_bracketed_age_is_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "niñas (12) participaron",
        "niña indígena (12) no va a la escuela",
        "la niña sorda (12)",
        "girl child (12) out of school",
        "la fille talibé (9)",
        "niña embarazada (14)",
        "niña de la comunidad (12)",
        "mtoto yatima (9)",
        # no child's word before the words: a group and its count
        "mercy corps staff (12) joined the referral meeting",
        "grace church volunteers (12) attended",
    ],
)
def test_a_state_a_group_or_no_word_between_them_is_no_name(text: str) -> None:
    assert screen_text(text) == []

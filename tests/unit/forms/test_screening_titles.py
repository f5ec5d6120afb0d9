"""A title before a name makes the name an adult's (or a school's namesake): the Malagasy nun
and priest, "Masera Hanta", "Mompera Paul", were read as children named with their age, and
"مدرسة الملك حسين" (King Hussein school) as a school of a boy named Hussein."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    "text",
    [
        "Niresaka tamin'ny ankizy 12 taona i Masera Hanta",
        "Mompera Paul 12 taona",
        "Sista Maria 12 watoto",
        "Padri Yohana 9",
        "تدريب 25 معلما في مدرسة الملك حسين للأطفال 12 سنة",
        "تدريب 25 معلما في مدرسة الملك حسين، الصف 7",
        "تدريب 25 معلما في مدرسة الملك حسين (الصف 5)",
        "تدريب 25 معلما في مدرسة الأميرة سلمى، الصف 7",
    ],
)
def test_a_name_after_a_religious_or_royal_title_is_no_childs(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("أميرة 12 سنة", "أميرة"),  # Amira, a girl: the title has the article
        ("الطفل أمير 12 سنة", "أمير"),
        ("الطفل حسين 12 سنة", "حسين"),
    ],
)
def test_a_name_that_is_a_title_without_its_article_stays_a_childs(text: str, name: str) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == [name]

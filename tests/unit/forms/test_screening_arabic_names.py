"""Arabic given names common among the children met today (Levant, Egypt) were in no list:
'الطفلة ملك ١٣ سنة حامل' (the girl Malak, 13, pregnant) and 'رهف ١٢ سنة تركت المدرسة' were
accepted. Those that are also words (king, honey, dew, prayer...) name a child only next to a
child's word, as the other such names do."""

import pytest

from bot.forms.screening import screen_text


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("الطفلة ملك ١٣ سنة حامل", ["ملك"]),
        ("الطفلة رهف، ١٢ سنة، تركت المدرسة", ["رهف"]),
        ("رهف ١٢ سنة تركت المدرسة", ["رهف"]),
        ("زياد ١١ سنة يعمل في ورشة", ["زياد"]),
    ],
)
def test_a_childs_arabic_given_name_with_her_age_is_found(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "غنى الأطفال ١٢ أغنية",  # the children sang 12 songs
        "شهد الحفل ٢٥ طفلا",  # 25 children attended the party
        "حضر ممثل عن الملك",
        "مدرسة الملك عبدالله ١٢ فصلا",
        "ندى الصباح على ١٢ طفلا",
        "المعلمة هند علي ٣٥ سنة",
        "الميسرة ندى قدمت ١٢ جلسة",
    ],
)
def test_the_same_words_as_words_or_an_adults_name_are_accepted(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("شهد ١٣ سنة متزوجة", ["شهد"]),
        ("شهد ١٣ سنة متزوجة منذ سنة", ["شهد"]),
        ("أمل 12 سنة حامل", ["أمل"]),
        ("نور 14 سنة تعمل في السوق", ["نور"]),
    ],
)
def test_a_name_that_is_also_a_word_with_an_age_and_what_befell_her_is_found(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "شهد ١٣ سنة",
        "عمر الطفل 11 سنة",
        "مدة ١٣ سنة متزوجة",
        "في أمل 12 طفلا",
        "برنامج نور 14 مشاركا",
    ],
)
def test_such_a_word_with_a_number_and_nothing_befalling_is_left_alone(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("محمد ١٤ سنه مسجون", ["محمد"]),
        ("فاطمة ١٣ سنه تعمل في البيوت", ["فاطمة"]),
        ("زينب 12 سنه ما بتروح عالمدرسة", ["زينب"]),
        ("الطفلة سلمى ١٢ سنه", ["سلمى"]),
    ],
)
def test_a_year_typed_without_the_dots_of_its_last_letter_is_an_age(
    text: str, names: list[str]
) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize("text", ["خبرة ١٢ سنه في التعليم", "المعلم محمد ١٤ سنه في الخدمة"])
def test_years_of_experience_typed_so_stay_an_adults(text: str) -> None:
    assert screen_text(text) == []

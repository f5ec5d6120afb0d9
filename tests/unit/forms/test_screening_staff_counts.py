"""A staff member's name, a small number, then what is said of an adult at work or of a task:
the number counts something of hers (days, reports, sessions), it is no child's age."""

import pytest

from bot.forms.screening import screen_text

# What is said after the number is an adult's leave, an adult's post, or a task's state.
STAFF_NOTES = [
    "lilian 5 still on leave",
    "diana 2 was on leave",
    "mary 2 was on leave",
    "Lilian 5 still on leave",
    "kiprop 2 is the driver",
    "otieno 3 is the driver",
    "reports: kevin 2, brian 3 still outstanding",
    "kevin 2, brian 3 still pending",
    "Kevin 2, Brian 3, Mercy 4 still outstanding",
    "lilian 5 toujours en congé",
    "diana 2 était en congé",
    "kiprop 2 est le chauffeur",
    "lilian 5 sigue de permiso",
    "diana 2 está de licencia",
    "kiprop 2 es el chofer",
    "lilian 5 ainda de licença",
    "diana 2 está de licença",
    "kiprop 2 é o motorista",
    "lilian 5 bado yuko likizo",
    # a kind of leave, a possessive before the post
    "lilian 5 still on annual leave",
    "diana 2 was on maternity leave",
    "kevin 2 is our driver",
    "kiprop 2 is my driver",
    "kiprop 2 est notre chauffeur",
    "kiprop 2 es nuestro chofer",
    "kiprop 2 é o nosso motorista",
    "kevin 2 is our new driver",
    "kiprop 2 est notre nouveau chauffeur",
    "kiprop 2 es nuestro nuevo chofer",
    "kiprop 2 é o nosso novo motorista",
    "kiprop 2 é a nossa nova motorista",
    "kiprop 2 ni dereva",
    "rakoto 2 mbola fialan-tsasatra",
    "rakoto 2 dia mpamily",
    # work still to hand in
    "Peter 12 still to submit",
    "Peter 12 still to send",
    "Marie 3 encore à rendre",
    "Marie 3 toujours à envoyer",
    "Rosa 3 todavía por entregar",
    "Ana 3 ainda por enviar",
    "Neema 3 bado kutuma",
    "Peter 3 still to submit his reports",
    "Marie 3 encore à rendre le rapport",
    "Neema 3 bado kutuma ripoti",
    "Juma 3 bado hazijatumwa",
    "Rakoto 3 mbola tsy nandefa",
    "Rakoto 3 mbola handefa",
    "Rasoa 2 mbola tsy nanolotra",
    "Rakoto 3 mbola tsy nandefa tatitra",
    # away from work
    "Faith 4 still out of office",
    "kevin 4 still out of office",
    "Jean 2 en mission",
    "Rosa 2 de misión",
    "Juma 3 yuko safarini",
    "Rosa 2 en comisión",
    "أحمد 3 في إجازة",
    "أحمد 3 في مهمة",
    # a plural count noun after the number (accepted already, kept so)
    "kevin 3 days off",
    "brian 2 reports late",
    "mercy 4 trainings done",
    "jean 2 sessions",
    "fatou 3 visites",
    "amina 5 formations",
    "neema 2 ziara",
]


@pytest.mark.parametrize("text", STAFF_NOTES)
def test_a_staff_members_number_before_her_leave_post_or_task_is_no_age(text: str) -> None:
    assert [text[f.start : f.end] for f in screen_text(text)] == []


# The same shape said of a child: what befell her, or a post a child may hold.
CHILDREN = [
    ("kevin 12 still out of school", ["kevin"]),
    ("shiru 13 still out of school", ["shiru"]),
    ("lilian 5 was beaten", ["lilian"]),
    ("lilian 5 was beaten by the driver", ["lilian"]),
    ("kevin 12 was forced to leave school", ["kevin"]),
    ("kevin 12 is a worker at the quarry", ["kevin"]),
    ("kevin 12 is our worker", ["kevin"]),
    ("kevin 12 is our new pupil", ["kevin"]),
    ("kevin 12 é o nosso novo aluno", ["kevin"]),
    ("kevin 12 still to be enrolled", ["kevin"]),
    ("kevin 12 still to complete primary school", ["kevin"]),
    # a child to be handed over, sent back or enrolled: no work to hand in
    ("Kevin 13 yet to enter school", ["Kevin"]),
    ("Kevin 12 to send home", ["Kevin"]),
    ("Ketsia 9 à remettre à sa famille", ["Ketsia"]),
    ("Rosa 9 para entregar a su familia", ["Rosa"]),
    ("Ana 9 para entregar à família", ["Ana"]),
    ("kevin 12 is the new worker", ["kevin"]),
    ("kevin 12 was on the street to leave", ["kevin"]),
    ("kevin 12, brian 13 still out of school", ["kevin", "brian"]),
    ("kevin 13 and mercy 11 came to the session", ["kevin", "mercy"]),
    ("amina 12 & her bro ali 9", ["amina", "ali"]),
    ("Esther Wambui, 14", ["Esther Wambui"]),
    ("lilian 5 toujours battue", ["lilian"]),
    ("kevin 12 was beaten, brian 3 is the driver", ["kevin"]),
    ("kevin 2 still on leave, brian 11 still out of school", ["brian"]),
]


@pytest.mark.parametrize(("text", "names"), CHILDREN)
def test_a_child_named_with_a_bare_age_is_still_found(text: str, names: list[str]) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == names


@pytest.mark.parametrize(
    "text",
    [
        "Jean 2 en vacances",
        "Rosa 2 de vacaciones",
        "Ana 2 de férias",
        "Ana 2 em férias",
        "أحمد 2 في عطلة",
        "Rakoto 2 amin'ny vakansy",
        "Jean 2 en vacances depuis lundi",
    ],
)
def test_a_staff_member_on_holiday_after_a_count_is_no_child(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kevin 12 en vacances chez sa tante",
        "Rosa 12 de vacaciones con su familia",
        "Ana 12 de férias com os avós",
    ],
)
def test_a_holiday_with_a_family_after_a_bare_age_stays_a_childs(text: str) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == [
        text.split()[0]
    ]


@pytest.mark.parametrize("text", ["Rosa 2 de baja por maternidad", "Rosa 2 de baja"])
def test_a_staff_member_on_sick_or_maternity_leave_in_spanish_is_no_child(text: str) -> None:
    assert screen_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Jean 12 en congé chez sa tante",
        "Rosa 12 de permiso con su abuela",
        "Ana 12 de licença com a avó",
    ],
)
def test_a_leave_spent_with_a_family_after_a_bare_age_stays_a_childs(text: str) -> None:
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == [
        text.split()[0]
    ]


@pytest.mark.parametrize(
    "text",
    ["Rakoto 2 tsy eo noho ny fialan-tsasatra", "Rakoto 2 tsy tonga fa amin'ny fialan-tsasatra"],
)
def test_a_malagasy_staff_member_not_here_because_on_leave_is_no_child(text: str) -> None:
    assert screen_text(text) == []


def test_a_malagasy_child_not_at_school_stays_a_child() -> None:
    text = "Rakoto 12 tsy mianatra fa miasa any an-tsena"
    assert [text[f.start : f.end] for f in screen_text(text) if f.kind == "child"] == ["Rakoto"]

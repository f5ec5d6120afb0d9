"""Issue 15, item 6: the forms as XLSForm workbooks that pyxform converts, rule for rule.

The workbook is converted by pyxform (without ODK Validate, which needs Java) and the XForm it
gives is read back: types, `required`, skip logic, constraints, calculations and labels in the
seven languages. The XLSForm expressions are also evaluated (by a small evaluator of the XPath
subset they use) against the engine's Python rules on a grid of answers, so an expression that
says something else than its rule fails here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pyxform.parsing.sheet_headers import clean_text_values  # type: ignore[import-untyped]
from pyxform.xls2xform import convert  # type: ignore[import-untyped]

from bot.domain.languages import SUPPORTED_LOCALES, country_name
from bot.domain.scope import country_codes
from bot.forms.definitions import FORMS, TRAINING
from bot.forms.engine import check_value, computed_values
from bot.forms.model import (
    AnswerIn,
    Choice,
    Computed,
    Constraint,
    Form,
    FormError,
    QType,
    Question,
    Relevance,
)
from bot.forms.xlsform import (
    XLSFormError,
    catalog_translate,
    column,
    missing_expressions,
    relevant_expression,
    survey_rows,
    write_xlsform,
)
from bot.i18n import create_i18n

TODAY = dt.date(2026, 5, 14)
NS = {
    "h": "http://www.w3.org/1999/xhtml",
    "x": "http://www.w3.org/2002/xforms",
    "jr": "http://openrosa.org/javarosa",
}
JR = "{http://openrosa.org/javarosa}"
XFORM_TYPES = {
    QType.INTEGER: "int",
    QType.DECIMAL: "decimal",
    QType.TEXT: "string",
    QType.DATE: "date",
    QType.SELECT_ONE: "string",
    QType.SELECT_MULTIPLE: "string",
    QType.YES_NO: "string",
    QType.COUNTRY: "string",
}


@pytest.fixture(scope="module")
def translate() -> Any:
    return catalog_translate(create_i18n())


def xform_of(form: Form, translate: Any, path: Path) -> tuple[ET.Element, list[str]]:
    """The form written as XLSForm, converted by pyxform, parsed; and pyxform's warnings."""
    write_xlsform(form, path, translate)
    warnings: list[str] = []
    result = convert(str(path), warnings=warnings, validate=False)
    # The XForm pyxform just made from our own workbook: not untrusted input.
    return ET.fromstring(result.xform), warnings  # noqa: S314


def as_xpath(expression: str) -> str:
    """What pyxform makes of ${qid}: an absolute path (spaces and all)."""
    return re.sub(r"\$\{(\w+)\}", r" /data/\1 ", expression)


def choice_values(xform: ET.Element, select: ET.Element) -> list[str]:
    """The values a select offers, from the list (secondary instance) its itemset names."""
    itemset = select.find("x:itemset", NS)
    assert itemset is not None
    name = re.fullmatch(r"instance\('(\w+)'\)/root/item", itemset.get("nodeset") or "")
    assert name is not None
    items = xform.iterfind(f"h:head/x:model/x:instance[@id='{name[1]}']/x:root/x:item/x:name", NS)
    return [item.text or "" for item in items]


# --------------------------------------------------------------------------- completeness


@pytest.mark.parametrize("form", FORMS.values(), ids=lambda form: form.id)
def test_every_rule_of_the_shipped_forms_has_an_xlsform_expression(form: Form) -> None:
    assert missing_expressions(form) == []


def test_a_rule_without_an_expression_is_refused_not_dropped(translate: Any) -> None:
    form = Form(
        "f",
        1,
        "kind",
        "Title",
        (
            Question("count", QType.INTEGER, "How many?"),
            Question(
                "more",
                QType.INTEGER,
                "How many more?",
                relevant=lambda answers: answers.get("count") == 2,
                constraints=(
                    Constraint(lambda value, _answers: value > 1, FormError("Too few.")),
                    Constraint(
                        lambda value, answers: value < answers["count"],
                        FormError("Fewer than {count}."),
                        params=lambda _value, answers: {"count": answers["count"]},
                        reads=("count",),
                        xlsform=". < ${count}",  # but no value for the message's {count}
                    ),
                ),
            ),
        ),
        computed=(Computed("double", lambda answers: 2 * answers["count"]),),
    )
    with pytest.raises(XLSFormError) as raised:
        survey_rows(form, translate)
    problems = "\n".join(raised.value.problems)
    assert "'more': its skip logic has no XLSForm expression" in problems
    assert "'more', constraint 1 ('Too few.') has no XLSForm expression" in problems
    assert "'more', constraint 2: no XLSForm value for the message's count" in problems
    assert "computed 'double' has no XLSForm calculation" in problems


def test_skip_logic_is_an_answer_in_or_carries_its_expression() -> None:
    form = Form(
        "f",
        1,
        "kind",
        "Title",
        (
            Question("consent", QType.YES_NO, "Consent?"),
            Question("count", QType.INTEGER, "How many?", relevant=AnswerIn("consent", (True,))),
            Question(
                "why",
                QType.TEXT,
                "Why so many?",
                relevant=Relevance(
                    lambda answers: answers.get("count", 0) > 10, "${count} > 10", ("count",)
                ),
            ),
        ),
    )
    assert relevant_expression(form, form.question("count")) == "${consent} = 'yes'"
    assert relevant_expression(form, form.question("why")) == "${count} > 10"
    assert form.question("why").inputs == {"count"}


# --------------------------------------------------------------------------- pyxform round trip


@pytest.mark.parametrize("form", FORMS.values(), ids=lambda form: form.id)
def test_the_workbook_converts_with_pyxform_and_keeps_every_rule(
    form: Form, translate: Any, tmp_path: Path
) -> None:
    xform, warnings = xform_of(form, translate, tmp_path / f"{form.id}.xlsx")
    assert warnings == []
    instance = xform.find("h:head/x:model/x:instance/x:data", NS)
    assert instance is not None
    assert (instance.get("id"), instance.get("version")) == (f"fieldbot_{form.id}", "1")
    binds = {bind.get("nodeset"): bind for bind in xform.iterfind("h:head/x:model/x:bind", NS)}
    for question in form.questions:
        bind = binds[f"/data/{question.id}"]
        assert bind.get("type") == XFORM_TYPES[question.type], question.id
        assert (bind.get("required") == "true()") == question.required, question.id
        relevant = relevant_expression(form, question)
        assert bind.get("relevant") == (as_xpath(relevant) if relevant else None), question.id
        rules = list(question.constraints)
        constraint = bind.get("constraint")
        if question.minimum is not None or question.maximum is not None or question.max_length:
            assert constraint is not None, question.id
        for rule in rules:
            assert rule.xlsform is not None
            assert as_xpath(rule.xlsform) in (constraint or ""), question.id
        if question.type is QType.DATE:
            assert ". <= today()" in (constraint or "")
    for computed in form.computed:
        assert computed.xlsform is not None
        assert binds[f"/data/{computed.id}"].get("calculate") == as_xpath(computed.xlsform)
    # Selects offer the form's choices (and the countries, with their code as the value).
    for question in form.questions:
        body = xform.find(f"h:body/*[@ref='/data/{question.id}']", NS)
        assert body is not None, question.id
        if question.type in (QType.SELECT_ONE, QType.YES_NO, QType.COUNTRY):
            assert body.tag == "{http://www.w3.org/2002/xforms}select1", question.id
        if question.type is QType.SELECT_ONE:
            assert choice_values(xform, body) == [choice.value for choice in question.choices]
        if question.type is QType.YES_NO:
            assert choice_values(xform, body) == ["yes", "no"]
        if question.type is QType.COUNTRY:
            assert body.get("appearance") == "autocomplete"
            assert set(choice_values(xform, body)) == country_codes()


@pytest.mark.parametrize("form", FORMS.values(), ids=lambda form: form.id)
def test_labels_hints_and_messages_are_in_the_seven_languages_from_the_catalogs(
    form: Form, translate: Any, tmp_path: Path
) -> None:
    xform, _ = xform_of(form, translate, tmp_path / f"{form.id}.xlsx")
    translations = {
        t.get("lang"): t for t in xform.iterfind("h:head/x:model/x:itext/x:translation", NS)
    }
    assert set(translations) == {column("label", loc).split("::")[1] for loc in SUPPORTED_LOCALES}
    assert translations["English (en)"].get("default") == "true()"

    def as_pyxform_writes(text: str) -> str:
        # pyxform straightens typographic quotes (’ → ') in every text; nothing else changes.
        return str(clean_text_values(text, strip_whitespace=False))

    def text(locale: str, text_id: str) -> str:
        lang = column("label", locale).split("::")[1]
        node = translations[lang].find(f"x:text[@id='{text_id}']/x:value", NS)
        assert node is not None, (locale, text_id)
        return "".join(node.itertext()).strip()

    for locale in SUPPORTED_LOCALES:
        for question in form.questions:
            label = text(locale, f"/data/{question.id}:label")
            assert label == as_pyxform_writes(translate(question.label, locale))
            if question.hint:
                hint = text(locale, f"/data/{question.id}:hint")
                assert hint == as_pyxform_writes(translate(question.hint, locale))
    # Translated for real: most labels differ from the English msgid in every other language.
    for locale in set(SUPPORTED_LOCALES) - {"en"}:
        same = [q.id for q in form.questions if translate(q.label, locale) == q.label]
        assert len(same) <= 1, (locale, same)
    assert text("fr", "/data/country:jr:requiredMsg") == "Cette question nécessite une réponse."
    canada = xform.find(
        "h:head/x:model/x:instance[@id='countries']/x:root/x:item[x:name='CA']/x:itextId", NS
    )
    assert canada is not None
    assert canada.text is not None
    for locale in SUPPORTED_LOCALES:
        assert text(locale, canada.text) == as_pyxform_writes(country_name("CA", locale))


def test_a_rules_message_names_its_numbers_in_each_language(
    translate: Any, tmp_path: Path
) -> None:
    xform, _ = xform_of(TRAINING, translate, tmp_path / "training.xlsx")
    french = xform.find("h:head/x:model/x:itext/x:translation[@lang='Français (fr)']", NS)
    assert french is not None
    node = french.find("x:text[@id='/data/trainers_trained:jr:constraintMsg']/x:value", NS)
    assert node is not None
    output = node.find("x:output", NS)
    assert output is not None  # the number of participants, shown by the form server
    assert output.get("value") == " /data/participants_total "
    assert "10\u202f000" in "".join(node.itertext())  # the bounds, as French writes them


# ---------------------------------------------------------------- the same rules, evaluated
#
# A small evaluator of the XPath subset the expressions use: enough to check that each
# expression accepts exactly what the engine's rule accepts. Not a general XPath engine.

_TOKEN = re.compile(
    r"\s*(?:(?P<ref>\$\{\w+\})|(?P<str>'[^']*')|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<op><=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|(?P<name>[a-z][a-z-]*)|(?P<dot>\.))"
)
_NAMES = {
    "and": "and",
    "or": "or",
    "not": "not",
    "div": "/",
    "today": "today_",
    "date": "date_",
    "coalesce": "coalesce",
    "string-length": "string_length",
}


def to_python(expression: str) -> str:
    parts: list[str] = []
    position = 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        assert match is not None, expression[position:]
        assert match.end() > position, expression[position:]
        position = match.end()
        kind, token = match.lastgroup, match.group(match.lastgroup or "")
        if kind == "ref":
            parts.append(f"ref({token[2:-1]!r})")
        elif kind == "num":
            parts.append(f"D({token!r})")
        elif kind == "op":
            parts.append("==" if token == "=" else token)
        elif kind == "name":
            parts.append(_NAMES[token])  # KeyError: a function this evaluator does not know
        elif kind == "dot":
            parts.append("value")
        else:
            parts.append(token)
    return " ".join(parts)


def _xpath_value(question: Question | None, value: Any) -> Any:
    """A stored answer as ODK holds it: '' when absent, 'yes'/'no', numbers and dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return Decimal(value)
    if question is not None and question.type is QType.DECIMAL:
        return Decimal(value)
    if question is not None and question.type is QType.DATE:
        return dt.date.fromisoformat(value)
    return value


def evaluate(form: Form, expression: str, answers: Mapping[str, Any], value: Any = None) -> Any:
    calculations = {c.id: c.xlsform for c in form.computed}

    def ref(qid: str) -> Any:
        if qid in calculations:
            return evaluate(form, calculations[qid] or "", answers)
        return _xpath_value(form.question(qid), answers.get(qid))

    namespace = {
        "ref": ref,
        "D": Decimal,
        "value": value,
        "today_": lambda: TODAY,
        "date_": dt.date.fromisoformat,
        "coalesce": lambda first, second: second if first == "" else first,
        "string_length": len,
    }
    # Only expressions from the form definitions, turned into Python token by token above.
    return eval(to_python(expression), {"__builtins__": {}}, namespace)  # noqa: S307


def _samples(question: Question) -> list[Any]:
    """Answers to try for a question, stored as the engine stores them."""
    if question.type is QType.INTEGER:
        return [0, 1, 3, 5, 364, 365, 366, 2000, 2001, 10000, 10001]
    if question.type is QType.DECIMAL:
        return [Decimal(v) for v in ("-1", "0", "0.5", "1", "99.5", "100", "100.5", "365")] + [
            Decimal(v) for v in ("365.5", "366", "2000", "2000.5")
        ]
    if question.type in (QType.SELECT_ONE, QType.SELECT_MULTIPLE):
        return [choice.value for choice in question.choices]
    if question.type is QType.YES_NO:
        return [True, False]
    if question.type is QType.COUNTRY:
        return ["CA", "HT", "NE"]
    if question.type is QType.DATE:
        days = [TODAY + dt.timedelta(days=1), TODAY, dt.date(2000, 1, 1), dt.date(1999, 12, 31)]
        return [day.isoformat() for day in days]
    if question.type is QType.TEXT:
        limit = question.max_length or 50
        return ["a", "a" * limit, "a" * (limit + 1)]
    return [True]


def _input_samples(question: Question) -> list[Any]:
    """Fewer numbers for the answers a rule reads: the grid is their product."""
    return [0, 1, 5] if question.type is QType.INTEGER else _samples(question)


def _input_answers(form: Form, inputs: set[str], with_missing: bool) -> Iterator[dict[str, Any]]:
    ids = sorted(inputs)
    missing = [None] if with_missing else []
    options = [[*_input_samples(form.question(qid)), *missing] for qid in ids]
    for combination in itertools.product(*options):
        yield {
            qid: value for qid, value in zip(ids, combination, strict=True) if value is not None
        }


def disagreements(form: Form, translate: Any) -> list[str]:
    """Where an XLSForm expression of the form accepts what its engine rule refuses, or the
    other way round (constraints with bounds, skip logic, calculations)."""
    rows = {row["name"]: row for row in survey_rows(form, translate)}
    found: list[str] = []
    for question in form.questions:
        row = rows[question.id]
        inputs = set(question.rule_inputs)
        if "constraint" in row:
            for answers in _input_answers(form, inputs, with_missing=False):
                for value in _samples(question):
                    engine = check_value(question, value, answers, today=TODAY) is None
                    xlsform = evaluate(
                        form, row["constraint"], answers, _xpath_value(question, value)
                    )
                    if engine != bool(xlsform):
                        found.append(f"{question.id}={value!r} with {answers}: {engine=}")
        if "relevant" in row:
            reads = set(question.relevance_inputs) or set(
                re.findall(r"\$\{(\w+)\}", row["relevant"])
            )
            for answers in _input_answers(form, reads, with_missing=True):
                engine = question.relevant is not None and question.relevant(answers)
                if engine != bool(evaluate(form, row["relevant"], answers)):
                    found.append(f"relevant of {question.id} with {answers}: {engine=}")
    for computed in form.computed:
        reads = set(re.findall(r"\$\{(\w+)\}", computed.xlsform or ""))
        for answers in _input_answers(form, reads, with_missing=True):
            engine = computed_values(form, answers)[computed.id]
            xlsform = evaluate(form, computed.xlsform or "", answers)
            if engine != xlsform:
                found.append(f"{computed.id} with {answers}: {engine!r} != {xlsform!r}")
    return found


@pytest.mark.parametrize("form", FORMS.values(), ids=lambda form: form.id)
def test_each_expression_accepts_what_the_engine_accepts(form: Form, translate: Any) -> None:
    assert disagreements(form, translate) == []


def test_an_expression_that_says_something_else_is_caught(translate: Any) -> None:
    duration = TRAINING.question("duration")
    within_unit = duration.constraints[1]
    wrong = replace(within_unit, xlsform="${duration_unit} != 'days' or . < 365")
    form = replace(
        TRAINING,
        questions=tuple(
            replace(q, constraints=(duration.constraints[0], wrong)) if q is duration else q
            for q in TRAINING.questions
        ),
    )
    found = disagreements(form, translate)
    assert found
    assert all(problem.startswith("duration=Decimal('365')") for problem in found)


def test_a_choice_question_relevance_on_a_select_multiple_is_not_guessed() -> None:
    form = Form(
        "f",
        1,
        "kind",
        "Title",
        (
            Question(
                "tags",
                QType.SELECT_MULTIPLE,
                "Which?",
                choices=(Choice("a", "A"), Choice("b", "B")),
            ),
            Question("more", QType.TEXT, "More?", relevant=AnswerIn("tags", ("a",))),
        ),
    )
    assert relevant_expression(form, form.question("more")) is None
    assert missing_expressions(form) == [
        "question 'more': its skip logic has no XLSForm expression"
    ]

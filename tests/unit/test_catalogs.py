"""The translation catalogs are complete, current and consistent with the code."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.catalogs import locales_dir
from bot.domain.languages import SUPPORTED_LOCALES
from bot.i18n import create_i18n

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("bot", "handlers", "models", "scheduler")
KEYWORDS = {
    "N_": None,
    "Nn_": (1, 2),
    "_": None,
    "__": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}
# As babel.cfg: Python sources, and the indicator labels of the plan files.
METHODS = [
    ("**.py", "python"),
    ("indicators/plans/**.yaml", "bot.indicators.babel_extract:extract_plan"),
]
PLACEHOLDER = re.compile(r"\{(\w*)\}")
TRANSLATED = [loc for loc in SUPPORTED_LOCALES if loc != "en"]


@cache
def _code_msgids() -> frozenset[str]:
    found: set[str] = set()
    for source in SOURCES:
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / source, method_map=METHODS, keywords=KEYWORDS
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return frozenset(found)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _texts(value: object) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple of texts (plural entries have several)."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(v or "") for v in value) if isinstance(value, (tuple, list)) else ("",)


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def test_every_msgid_in_the_code_is_in_the_template() -> None:
    template = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in _messages(_read(locales_dir() / "messages.pot"))
    }
    missing = sorted(_code_msgids() - template)
    assert not missing, f"run `make i18n`: not in messages.pot: {missing}"
    stale = sorted(template - _code_msgids())
    assert not stale, f"run `make i18n`: no longer in the code: {stale}"


def test_no_text_to_translate_is_written_inside_an_f_string() -> None:
    """pybabel does not look inside an f-string's braces: `f"<b>{_('People')}</b>"` was left out
    of the catalogs at their next update, and the heading of /people read "People" in every
    language."""
    hidden = []
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                hidden += [
                    f"{path.relative_to(ROOT)}:{call.lineno} {ast.unparse(call)}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in KEYWORDS
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ]
    assert not hidden, f"pybabel will not extract these: {hidden}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_catalog_is_complete_and_consistent(locale: str) -> None:
    template = _read(locales_dir() / "messages.pot")
    catalog = _read(locales_dir() / locale / "LC_MESSAGES" / "messages.po", locale)
    problems: list[str] = []
    for entry in _messages(template):
        message = catalog.get(entry.id)
        if message is None:
            problems.append(f"missing: {entry.id!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {entry.id!r}")
        ids = _texts(entry.id)
        strings = _texts(message.string)
        if not all(strings):
            problems.append(f"untranslated: {entry.id!r}")
            continue
        expected = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {entry.id!r} → {text!r}")
    template_ids = {m.id for m in _messages(template)}
    problems += [f"obsolete: {m.id!r}" for m in _messages(catalog) if m.id not in template_ids]
    assert not problems, f"{locale}:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_plural_forms_match_the_language(locale: str) -> None:
    catalog = _read(locales_dir() / locale / "LC_MESSAGES" / "messages.po", locale)
    assert catalog.num_plurals == Catalog(locale=locale).num_plurals


def test_the_bot_loads_every_catalog() -> None:
    assert set(TRANSLATED) <= set(create_i18n().available_locales)

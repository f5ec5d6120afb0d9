"""Personal-data screening of free text: phone numbers, e-mail addresses, ID numbers (pure).

Reports are shared widely, so free-text answers must not carry the personal data of the
children and professionals met in the field. This is a heuristic: it errs towards flagging long
digit sequences, but leaves the numbers a report is full of alone — dates, years, year ranges,
counts, amounts written with thousands separators, percentages and times.

Digits are matched in any script (`\\d` is Unicode-aware), so Arabic-Indic and Persian digits
are screened like ASCII ones, and offsets always point into the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

PHONE = "phone"
EMAIL = "email"
ID_NUMBER = "id_number"
CUSTOM = "custom"


@dataclass(frozen=True)
class Finding:
    kind: str  # "phone" | "email" | "id_number" | "custom"
    start: int
    end: int


_HSPACE = " \t\u00a0\u2009\u202f"
# Digit groups joined by one separator: a space, a dot or a dash (optionally spaced), or the
# parentheses of an area code. Slashes and colons are not separators: they write dates and times.
_SEP = rf"(?:[{_HSPACE}]?[.\-][{_HSPACE}]?|\)[{_HSPACE}]?|[{_HSPACE}]?\(|[{_HSPACE}])"
_DIGIT_RUN = re.compile(rf"(?<!\d)(?:(?:\+|00)[{_HSPACE}]?|\([{_HSPACE}]?)?\d+(?:{_SEP}\d+)*\)?")
_GROUP = re.compile(r"\d+")
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"[@＠](?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])"
)
_DATE_SEP = rf"[.\-{_HSPACE}]"
_DATE_DMY = re.compile(rf"(\d{{1,2}}){_DATE_SEP}(\d{{1,2}}){_DATE_SEP}(\d{{4}}|\d{{2}})")
_DATE_YMD = re.compile(rf"(\d{{4}}){_DATE_SEP}(\d{{1,2}}){_DATE_SEP}(\d{{1,2}})")
_THOUSANDS_SEPARATORS = ",.\u00a0\u2009\u202f'"


def _value(digits: str) -> int:
    return int("".join(str(unicodedata.decimal(ch, 0)) for ch in digits))


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= _value(digits) <= 2099


def _is_date(run: str) -> bool:
    match = _DATE_YMD.fullmatch(run)
    if match:
        year, month, day = match.groups()
        return _is_year(year) and 1 <= _value(month) <= 12 and 1 <= _value(day) <= 31
    match = _DATE_DMY.fullmatch(run)
    if match:
        first, second, year = match.groups()
        a, b = _value(first), _value(second)
        plausible_year = len(year) == 2 or _is_year(year)
        return plausible_year and 1 <= min(a, b) <= 12 and 1 <= max(a, b) <= 31
    return False


def _is_amount(run: str, groups: list[str]) -> bool:
    """'1,200,000', '2 500 000', '15.000.000': a number grouped by thousands, not a phone."""
    if len(groups) < 2 or groups[0].startswith(("0", "٠", "۰")) or len(groups[0]) > 3:
        return False
    if any(len(g) != 3 for g in groups[1:]):
        return False
    separators = {run[m.end()] for m in _GROUP.finditer(run) if m.end() < len(run)}
    if len(separators) != 1 or "(" in run or run.startswith("+"):
        return False
    (separator,) = separators
    # '612 345 678' is how many people write a mobile number, and nobody counts hundreds of
    # millions in a field report; with plain spaces, only a one- or two-digit head is an amount.
    return separator in _THOUSANDS_SEPARATORS or len(groups[0]) <= 2


def _classify(run: str) -> str | None:
    groups = _GROUP.findall(run)
    digits = sum(len(g) for g in groups)
    if digits < 7 or _is_date(run) or all(_is_year(g) for g in groups):
        return None
    if len(groups) == 2 and any(_is_year(g) for g in groups) and digits <= 9 and "(" not in run:
        return None  # "en 2025 1200 enfants": a year next to a count
    international = run.startswith(("+", "00"))
    if international:
        return PHONE if digits <= 15 else ID_NUMBER
    if _is_amount(run, groups):
        return None
    trunk = "(" in run or groups[0][0] in "0٠۰"  # an area code or a trunk prefix
    grouped = len(groups) >= 2 and all(len(g) <= 4 for g in groups)
    if (trunk and digits <= 12) or (grouped and digits <= 10):
        return PHONE
    if digits >= 8:
        return ID_NUMBER
    return None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _runs(text: str) -> list[Finding]:
    findings = []
    for match in _DIGIT_RUN.finditer(text):
        start, end = match.span()
        run = match.group()
        # An unmatched parenthesis belongs to the sentence, not to the number.
        if run.endswith(")") and "(" not in run:
            end -= 1
            run = run[:-1]
        if run.startswith("(") and ")" not in run:
            trimmed = run[1:].lstrip(_HSPACE)
            start += len(run) - len(trimmed)
            run = trimmed
        kind = _classify(run)
        if kind is not None:
            findings.append(Finding(kind, start, end))
    return findings


def screen_text(text: str, extra_patterns: Sequence[str] = ()) -> list[Finding]:
    """Where the text seems to hold personal data, in order; [] when it looks clean.

    `extra_patterns` are regular expressions (e.g. a country's ID card format); a match is a
    "custom" finding. A finding that overlaps an earlier or longer one is dropped.
    """
    candidates = [Finding(EMAIL, *m.span()) for m in _EMAIL.finditer(text)]
    candidates += _runs(text)
    for pattern in extra_patterns:
        candidates += [
            Finding(CUSTOM, *m.span())
            for m in _compiled(pattern).finditer(text)
            if m.end() > m.start()
        ]
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Finding] = []
    for finding in candidates:
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept

"""The screening measured on a labelled corpus in the seven languages (pii_corpus.tsv).

Each sentence is labelled with the kind of personal data it holds (expected 1) or the kind it
nearly holds (expected 0: "Le juge Pierre Martin a présidé", "12 enfants de 10 à 14 ans");
"clean" sentences are ordinary report sentences. Precision and recall are computed per category
and per language; the test fails below the thresholds and prints the table (pytest -s, or on
failure).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.forms.screening import (
    ADDRESS,
    CHILD,
    DOCUMENT,
    EMAIL,
    ID_NUMBER,
    PHONE,
    SCHOOL,
    SOCIAL,
    screen_text,
)

CORPUS = Path(__file__).with_name("pii_corpus.tsv")
LANGUAGES = ("en", "fr", "es", "pt", "ar", "sw", "mg")
CATEGORIES = ("child", "phone", "email", "document", "social")
# The category each finding kind counts for: an ID-like digit run is a document number.
CATEGORY_OF_KIND = {
    CHILD: "child",
    ADDRESS: "child",  # a child's home address identifies the child
    SCHOOL: "child",  # so does her school
    PHONE: "phone",
    EMAIL: "email",
    ID_NUMBER: "document",
    DOCUMENT: "document",
    SOCIAL: "social",
}
MIN_PRECISION = 0.9  # per category, all languages together
MIN_RECALL = 0.9
MIN_LANGUAGE_ACCURACY = 0.85  # per language: sentences refused or accepted as labelled


@dataclass(frozen=True)
class Sentence:
    lang: str
    category: str
    expected: bool
    text: str


def load_corpus(path: Path = CORPUS) -> list[Sentence]:
    sentences = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "lang\t")):
            continue
        lang, category, expected, text = line.split("\t")
        sentences.append(Sentence(lang, category, expected == "1", text.replace("\\n", "\n")))
    return sentences


def found_categories(text: str) -> set[str]:
    return {CATEGORY_OF_KIND.get(f.kind, f.kind) for f in screen_text(text)}


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def measure(
    sentences: list[Sentence],
) -> tuple[dict[tuple[str, str], Tally], Counter[str], Counter[str], list[str]]:
    """Tallies per (category, language) with "all" for totals; per-language right and total."""
    tallies: dict[tuple[str, str], Tally] = {}
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    mistakes = []
    for s in sentences:
        found = found_categories(s.text)
        for category in CATEGORIES:
            labelled = s.expected and s.category == category
            flagged = category in found
            for lang in (s.lang, "all"):
                tally = tallies.setdefault((category, lang), Tally())
                tally.tp += labelled and flagged
                tally.fp += flagged and not labelled
                tally.fn += labelled and not flagged
        refused = bool(found)
        for lang in (s.lang, "all"):
            total[lang] += 1
            right[lang] += refused == s.expected
        if refused != s.expected or (s.expected and s.category not in found):
            mistakes.append(f"{s.lang} {s.category} expected={int(s.expected)} {found}: {s.text}")
    return tallies, right, total, mistakes


def table(sentences: list[Sentence]) -> str:
    tallies, right, total, mistakes = measure(sentences)
    width = 10
    lines = ["precision / recall (sentences labelled positive)"]
    lines.append("category".ljust(width) + "".join(lang.rjust(12) for lang in (*LANGUAGES, "all")))
    for category in CATEGORIES:
        cells = []
        for lang in (*LANGUAGES, "all"):
            t = tallies[category, lang]
            positives = t.tp + t.fn
            cells.append(
                f"{t.precision:.2f}/{t.recall:.2f}".rjust(12)
                if positives or t.fp
                else "-".rjust(12)
            )
        lines.append(category.ljust(width) + "".join(cells))
    lines.append(
        "accuracy".ljust(width)
        + "".join(f"{right[lang] / total[lang]:.2f}".rjust(12) for lang in (*LANGUAGES, "all"))
    )
    lines.append(
        "sentences".ljust(width)
        + "".join(str(total[lang]).rjust(12) for lang in (*LANGUAGES, "all"))
    )
    lines += ["", f"{len(mistakes)} mistakes:", *mistakes]
    return "\n".join(lines)


SENTENCES = load_corpus()


def test_the_corpus_is_large_and_covers_every_language_and_category() -> None:
    assert len(SENTENCES) >= 300
    counts = Counter((s.lang, s.category, s.expected) for s in SENTENCES)
    for lang in LANGUAGES:
        for category in CATEGORIES:
            assert counts[lang, category, True] >= 2, (lang, category)
        assert counts[lang, "child", False] >= 8, lang  # near misses: roles, counts, ages


@pytest.mark.parametrize("category", CATEGORIES)
def test_precision_and_recall_per_category(category: str) -> None:
    tallies, _, _, _ = measure(SENTENCES)
    overall = tallies[category, "all"]
    print("\n" + table(SENTENCES))
    assert overall.recall >= MIN_RECALL, (category, overall)
    assert overall.precision >= MIN_PRECISION, (category, overall)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_is_screened_about_as_well(lang: str) -> None:
    _, right, total, _ = measure(SENTENCES)
    assert right[lang] / total[lang] >= MIN_LANGUAGE_ACCURACY, (lang, right[lang], total[lang])


if __name__ == "__main__":
    print(table(SENTENCES))

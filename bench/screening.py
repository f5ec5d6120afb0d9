"""Screening time per answer: screen_text over the PII corpus, next to the old screening.

    .venv/bin/python -m bench.screening --rounds 20

Every sentence of tests/unit/forms/pii_corpus.tsv (seven languages) is screened `rounds` times by
the current `bot.forms.screening.screen_text`, and by the screening as it was before issue 13
(phone numbers, e-mails and ID numbers only; read from git at BASELINE_COMMIT) as a baseline.
One call is one answer. Also times a long answer (the notes question's 1000-character limit),
and the worst of a few adversarial answers of Telegram's 4096 characters without a sentence
break (lists of numbers, brackets, names and ages), whose cost must grow linearly with length.
Also prints what the screening gets right on the corpus: precision and recall per category
and accuracy (sentences refused or accepted as labelled), as tests/unit/forms/
test_screening_corpus.py measures them. Ends with one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.forms.screening import screen_text
from tests.unit.forms.test_screening_corpus import CATEGORIES, load_corpus, measure

ROOT = Path(__file__).resolve().parent.parent
BASELINE_COMMIT = "d625b87"  # main before issue 13's screening (observation 5)
LONG_ANSWER = (
    "Séance animée par la formatrice Marie Joseph pour 25 enseignants de Jacmel, le 28/11/2026 "
    "de 14:30 à 16:45. Les participants ont travaillé sur l'orientation des enfants victimes "
    "vers les services, avec 12 enfants de 10 à 14 ans du club des droits de l'enfant. "
) * 4
TELEGRAM_LIMIT = 4096
ADVERSARIAL_UNITS = (
    "A (1) ",
    "Aa, 12, ",
    "1 ",
    "la fille de ",
    "Jacmel (12), ",
    "Enfants : Awa (12), ",
    "Teachers trained: Mary Wanjiru (class 7), ",
    "La fille de 9 ans qui habite au 23 ",
    "A.B., 12, ",
)


def adversarial() -> dict[str, str]:
    """Each unit repeated to Telegram's limit, one sentence: the unit names the answer."""
    return {
        unit.strip(): (unit * (TELEGRAM_LIMIT // len(unit) + 1))[:TELEGRAM_LIMIT]
        for unit in ADVERSARIAL_UNITS
    }


def worst_ms(screen: Callable[[str], object], answers: dict[str, str]) -> tuple[float, str]:
    """The slowest answer's best time over 3 calls (ms), and its unit."""
    best = {name: min(timings_us(screen, [text], 3)) / 1000 for name, text in answers.items()}
    name = max(best, key=best.__getitem__)
    return round(best[name], 1), name


def baseline() -> Callable[[str], object] | None:
    """The old screen_text, or None when git or the commit is not available."""
    try:
        source = subprocess.run(  # noqa: S603 (constant arguments)
            [shutil.which("git") or "git", "show", f"{BASELINE_COMMIT}:bot/forms/screening.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("screening_baseline")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, "screening_baseline.py", "exec"), module.__dict__)  # noqa: S102
    function: Callable[[str], object] = module.screen_text
    return function


def timings_us(screen: Callable[[str], object], texts: Sequence[str], rounds: int) -> list[float]:
    for text in texts:
        screen(text)  # warm caches (compiled patterns, phrase tables)
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter_ns()
            screen(text)
            times.append((time.perf_counter_ns() - start) / 1000)
    return times


def slowest_sentence(times: list[float], sentences: int) -> float:
    """The slowest sentence's median over the rounds (robust to a busy machine's pauses)."""
    per_sentence = [times[i::sentences] for i in range(sentences)]
    return max(statistics.median(t) for t in per_sentence)


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def quality() -> dict[str, float]:
    """Precision and recall per category over the corpus, and the accuracy, all languages."""
    tallies, right, total, _ = measure(load_corpus())
    figures = {"accuracy": round(right["all"] / total["all"], 3)}
    for category in CATEGORIES:
        tally = tallies[category, "all"]
        figures[f"{category}_precision"] = round(tally.precision, 3)
        figures[f"{category}_recall"] = round(tally.recall, 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = [s.text for s in load_corpus()]
    current = timings_us(screen_text, texts, args.rounds)
    long_current = timings_us(screen_text, [LONG_ANSWER], args.rounds * 10)
    worst, worst_unit = worst_ms(screen_text, adversarial())
    old = baseline()
    figures: dict[str, object] = {
        "bench": "screening",
        "sentences": len(texts),
        "calls": len(current),
        "mean_us": round(statistics.fmean(current), 1),
        "median_us": round(statistics.median(current), 1),
        "p99_us": round(p99(current), 1),
        "slowest_sentence_us": round(slowest_sentence(current, len(texts)), 1),
        "long_answer_chars": len(LONG_ANSWER),
        "long_answer_mean_us": round(statistics.fmean(long_current), 1),
        "adversarial_chars": TELEGRAM_LIMIT,
        "adversarial_worst_ms": worst,
        "adversarial_worst_unit": worst_unit,
    }
    print(f"{len(texts)} corpus sentences x {args.rounds} rounds, one call = one answer")
    print(f"{'':<20}{'mean µs':>10}{'median µs':>11}{'p99 µs':>10}{'slowest µs':>12}")
    print(
        f"{'screen_text (new)':<20}{figures['mean_us']:>10}{figures['median_us']:>11}"
        f"{figures['p99_us']:>10}{figures['slowest_sentence_us']:>12}"
    )
    if old is not None:
        before = timings_us(old, texts, args.rounds)
        long_before = timings_us(old, [LONG_ANSWER], args.rounds * 10)
        figures |= {
            "baseline_mean_us": round(statistics.fmean(before), 1),
            "baseline_median_us": round(statistics.median(before), 1),
            "baseline_p99_us": round(p99(before), 1),
            "baseline_slowest_sentence_us": round(slowest_sentence(before, len(texts)), 1),
            "baseline_long_answer_mean_us": round(statistics.fmean(long_before), 1),
            "baseline_adversarial_worst_ms": worst_ms(old, adversarial())[0],
        }
        print(
            f"{'old screening':<20}{figures['baseline_mean_us']:>10}"
            f"{figures['baseline_median_us']:>11}{figures['baseline_p99_us']:>10}"
            f"{figures['baseline_slowest_sentence_us']:>12}"
        )
    else:
        print(f"(no baseline: git show {BASELINE_COMMIT} failed)")
    print(
        f"long answer ({len(LONG_ANSWER)} chars): {figures['long_answer_mean_us']} µs"
        + (f" (old {figures['baseline_long_answer_mean_us']} µs)" if old else "")
    )
    print(
        f"worst adversarial answer ({TELEGRAM_LIMIT} chars, {worst_unit!r} repeated): {worst} ms"
        + (f" (old {figures['baseline_adversarial_worst_ms']} ms)" if old else "")
    )
    right = quality()
    print(
        "corpus: "
        + ", ".join(
            f"{c} {right[f'{c}_precision']:.2f}/{right[f'{c}_recall']:.2f}" for c in CATEGORIES
        )
        + f" (precision/recall); accuracy {right['accuracy']:.3f}"
    )
    figures |= right
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

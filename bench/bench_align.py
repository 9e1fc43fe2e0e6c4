"""Aligner speed: `python bench/bench_align.py` prints one table.

100 values aligned on a 5 KB article text (the seeds, cut to 5,000 characters),
fastest of repeated runs, each on a fresh copy of the text so folding and
indexing are included. Target: every row well under 10 ms. The baseline is a
plain `str.find` of the same 100 values, so the ratio is the price of folding,
word-boundary checks and the fuzzy pass.

Rows: values copied verbatim (exact path); restyled values (case, quote and
whitespace changes: normalised path); a model-like mix (80 verbatim, 10
restyled, 5 with a typo, 5 absent) that the target applies to; then two
stress rows without a target: every value with a typo (all go through the
fuzzy pass) and every value absent from the text.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from extractor.validate import align_all

REPO = Path(__file__).resolve().parent.parent
RUNS = 30
TARGET_MS = 10.0


def _text() -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt")))
    return text[:5000]


def _values(text: str, rng: random.Random) -> list[str]:
    words = text.split()
    starts = rng.sample(range(len(words) - 6), 100)
    return [" ".join(words[s : s + rng.randint(2, 6)]) for s in starts]


def _restyle(value: str) -> str:
    return value.upper().replace("'", "\u2019").replace('"', "\u201c").replace(" ", "  ", 1)


def _typo(value: str) -> str:
    """One letter changed in the middle of the value's longest word."""
    word = max(value.split(), key=len)
    i = value.index(word) + len(word) // 2
    return value[:i] + ("q" if value[i] != "q" else "z") + value[i + 1 :]


def _timed(fn: Callable[[str], object], text: str) -> float:
    samples = []
    for run in range(RUNS):
        fresh = text + " " * (run + 1)  # a new string each run: no cached index
        started = time.perf_counter()
        fn(fresh)
        samples.append((time.perf_counter() - started) * 1000)
    return min(samples)  # the least-disturbed run: the machine may be shared


def main() -> None:
    """Measure and print the table."""
    rng = random.Random(3)
    text = _text()
    exact = _values(text, rng)
    absent_words = "zebra quantum violin harbour nectar glacier orchid tundra lantern meadow".split()
    absent = [" ".join(rng.sample(absent_words, 3)) for _ in range(100)]
    mixed = exact[:80] + [_restyle(v) for v in exact[80:90]] + [_typo(v) for v in exact[90:95]] + absent[:5]
    rows = [
        ("exact", exact, True),
        ("normalised (restyled)", [_restyle(v) for v in exact], True),
        ("mix 80/10/5 typo/5 absent", mixed, True),
        ("stress: all one typo", [_typo(v) for v in exact], False),
        ("stress: all absent", absent, False),
    ]
    baseline = _timed(lambda t: [t.find(v) for v in exact], text)
    print(f"{'values (100 on 5 KB)':<26} {'ms':>8} {'x baseline':>11} {'aligned':>8} {'< 10 ms':>8}")
    print(f"{'baseline: str.find':<26} {baseline:8.3f} {1.0:11.1f} {'-':>8} {'-':>8}")
    for name, values, targeted in rows:
        ms = _timed(lambda t, vs=values: align_all(vs, t), text)
        aligned = sum(a.ok for a in align_all(values, text))
        verdict = ("ok" if ms < TARGET_MS else "SLOW") if targeted else "-"
        print(f"{name:<26} {ms:8.3f} {ms / baseline:11.1f} {aligned:8d} {verdict:>8}")


if __name__ == "__main__":
    main()

"""find_date_phrases tries DATE_PHRASE only at anchors and the lead words before them: it must find exactly what a full scan finds.

The vocabulary of the random texts is read from DATE_PHRASE's own source, so a word added to the
pattern (a new lead word the anchored scan does not know) shows up here as a difference.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from extractor.normalize.dates import DATE_PHRASE, DatePhrase, find_date_phrases

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "seeds"


def _full_scan(text: str) -> list[DatePhrase]:
    """The date phrases a scan trying DATE_PHRASE at every offset finds."""
    return [
        DatePhrase(m.start(), m.end(), m.group(0).strip(), m.lastgroup or "vague")
        for m in DATE_PHRASE.finditer(text)
    ]


def _pattern_words() -> list[str]:
    """Every word spelled out in DATE_PHRASE, each spelling of a month included (Jan, January, Sept, ...)."""
    words = set(re.findall(r"[A-Za-z]{2,}", DATE_PHRASE.pattern)) - {"P"}
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December", "Jan.", "Sept.", "Sept"]
    return sorted(words | set(months))


def _articles() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt"))
    for sub in ("articles_extra", "articles_holdout", "articles_dev"):
        paths += sorted((FIXTURES / sub).glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.mark.parametrize("text", _articles(), ids=lambda t: t[:30])
def test_same_phrases_as_full_scan_on_articles_and_their_sentences(text: str) -> None:
    assert find_date_phrases(text) == _full_scan(text)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        assert find_date_phrases(sentence) == _full_scan(sentence)


def test_same_phrases_as_full_scan_on_random_date_vocabulary() -> None:
    rng = random.Random(7)
    words = _pattern_words() + ["12", "3rd", "2024", "2024-05-06", "mid-", "Boston", "local", "the"]
    gaps = [" ", "  ", ", ", "\n", "\u00a0", " mid-", "-", "’s "]
    for _ in range(4000):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randrange(1, 9)))
        text = text.lower() if rng.random() < 0.2 else text
        assert find_date_phrases(text) == _full_scan(text), text


def test_non_ascii_digits_are_anchors_too() -> None:
    text = "They met on March \u0661\u0662 and again on Monday."  # Arabic-Indic digits match \d
    assert find_date_phrases(text) == _full_scan(text)

"""The topic keyword scanner reports what its one case-blind alternation reports, on any text."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from extractor.rules.text import split_sentences
from extractor.rules.scanning import _FOLD_ONTO_ASCII
from extractor.rules.topics import _scanner, topics_in
from schemas import Topic

ROOT = Path(__file__).resolve().parent.parent
_TEXTS = sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("tests/fixtures/articles_*/*.txt"))


def _reference(text: str) -> set[str]:
    """Names the alternation reports, trying it at every offset of `text`."""
    full = _scanner().full
    return {m.lastgroup or "" for p in range(len(text)) if (m := full.match(text, p)) is not None}


def _samples() -> list[str]:
    """Sentences of the seed and fixture articles, random windows of them, and the same altered in case and characters."""
    rng = random.Random(7)
    articles = [path.read_text(encoding="utf-8") for path in _TEXTS]
    texts = [s.text for article in articles for s in split_sentences(article)]
    for article in articles:
        for _ in range(40):
            start = rng.randrange(len(article))
            texts.append(article[start : start + rng.randrange(1, 400)])
    odd = ["é", "’", "“", "\u00a0", "\x1c", "İ", "ı", "ſ", "\u212a", "ß", "-", "_", "7"]
    altered = []
    for text in texts:
        altered.append(text.upper())
        altered.append(text.swapcase())
        chars = list(text)
        for _ in range(3):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(odd))
        altered.append("".join(chars))
    return texts + altered


def test_fold_onto_ascii_lists_every_non_ascii_character_matching_an_ascii_one_case_blind() -> None:
    every = "".join(map(chr, range(0x80, sys.maxunicode + 1)))
    assert set(re.findall(r"[\x00-\x7f]", every, re.IGNORECASE)) == set(_FOLD_ONTO_ASCII)


def test_scanner_matches_the_alternation_tried_at_every_offset() -> None:
    assert _scanner()._gate is not None
    scanner = _scanner()
    for text in _samples():
        assert scanner.names_in(text) == _reference(text), text


def test_gate_words_around_the_text_edges_and_inside_words() -> None:
    for text in [
        "sanctions",
        "xsanctions",
        "Sanctions.",
        "(ICBM)",
        "the U.S.-Japan-South Korea summit",
        "U.N. resolutions",
        "National Security Council",
        "Security Council",
        "AI",
        "MAIN",
        "ſanctions",
        "\u212aorea",
        "cyber_attacks",
        "over 5G technology",
        "",
    ]:
        assert _scanner().names_in(text) == _reference(text), text


def test_topics_in_lexicon_order() -> None:
    assert topics_in("Sanctions and the alliance, and missiles.") == (
        Topic.dprk_missiles,
        Topic.alliance,
        Topic.sanctions,
    )
    assert topics_in("nothing to see here") == ()

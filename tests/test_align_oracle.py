"""Oracle tests for the aligner: phrases planted at known offsets in generated text must be found there.

Text and phrases come from two disjoint vocabularies, so a phrase can only be
found where it was planted; perturbations (quote style, whitespace, case,
typos) decide which status the aligner must report.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.validate import align
from schemas import AlignmentStatus as S

FILLER = (
    "the of and to in that was for on are with as his they be at one have this from or had by hot word but what some "
    "we can out other were all there when up use your how said an each she which do their time if will way about many "
    "then them write would like so these her long make thing see him two has look more day could go come did number"
).split()
PHRASE_WORDS = (
    "ambassador delegation ministry summit reconnaissance peninsula trilateral sanction missile satellite deterrence "
    "alliance cooperation provocation denuclearization secretariat counterpart envoy dialogue readiness framework "
    "security maritime intelligence exercise consultation commitment stability region defense"
).split()


def _filler(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(n))


def _phrase(rng: random.Random) -> str:
    return " ".join(rng.sample(PHRASE_WORDS, rng.randint(2, 5)))


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + ("x" if word[i] != "x" else "z") + word[i + 1 :]


def _planted(seed: int, render: str) -> tuple[str, str, str, int]:
    """(text, value, planted stretch, planted offset): the stretch as `render` says, the value as a model would give it."""
    rng = random.Random(seed)
    phrase = _phrase(rng)
    words = phrase.split()
    if render == "exact":
        stretch, value = phrase, phrase
    elif render == "quotes":
        stretch, value = "\u201c" + phrase.replace(" ", " \u2019", 1) + "\u201d", '"' + phrase.replace(" ", " '", 1) + '"'
    elif render == "whitespace":
        stretch, value = phrase.replace(" ", " \u00a0\n ", 1), phrase
    elif render == "case":
        stretch, value = phrase.title(), phrase
    elif render == "typo":
        stretch = phrase
        k = max(range(len(words)), key=lambda j: len(words[j]))
        value = " ".join(_typo(w, rng) if j == k else w for j, w in enumerate(words))
    else:
        raise ValueError(render)
    before, after = _filler(rng, rng.randint(5, 400)), _filler(rng, rng.randint(5, 400))
    text = f"{before} {stretch} {after}."
    return text, value, stretch, len(before) + 1


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9))
def test_exact_plants_are_found_exactly(seed: int) -> None:
    text, value, stretch, offset = _planted(seed, "exact")
    a = align(value, text)
    assert (a.status, a.start, a.end) == (S.exact, offset, offset + len(stretch))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(["quotes", "whitespace", "case"]))
def test_restyled_plants_are_found_normalized_at_the_planted_offsets(seed: int, render: str) -> None:
    text, value, stretch, offset = _planted(seed, render)
    a = align(value, text)
    assert a.status == S.normalized
    inner = stretch.strip("\u201c\u201d")  # the value's own quotation marks are not part of the match
    start = offset + stretch.index(inner)
    assert (a.start, a.end, a.matched_text) == (start, start + len(inner), inner)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9))
def test_typo_plants_are_found_fuzzy_at_the_planted_offsets(seed: int) -> None:
    text, value, stretch, offset = _planted(seed, "typo")
    a = align(value, text)
    assert (a.status, a.start, a.end) == (S.fuzzy, offset, offset + len(stretch))
    assert 0.85 <= a.score < 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10**9))
def test_values_not_in_the_text_stay_unaligned(seed: int) -> None:
    rng = random.Random(seed)
    text = _filler(rng, 600)
    planted = _phrase(rng)
    text = text[:1000] + " " + planted + " " + text[1000:]
    others = [w for w in PHRASE_WORDS if w not in planted.split()]
    absent = " ".join(rng.sample(others, rng.randint(1, 4)))
    # a planted phrase with one word swapped keeps under half of a two-word phrase's tokens
    swapped = planted.split()[:1] + rng.sample(others, 1) if len(planted.split()) == 2 else []
    for value in [absent, " ".join(swapped)] if swapped else [absent]:
        assert align(value, text).status == S.unaligned, value

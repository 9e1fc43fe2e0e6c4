"""The aligner: exact, normalised and fuzzy grounding of strings, with offsets into the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.validate import DEFAULT, Alignment, FuzzyThresholds, align, align_all, fold, occurrences
from extractor.validate.align import _fold_per_char
from schemas import AlignmentStatus as S

TEXT = (
    "Cho Tae\u2011yong said:  \u201cWe will act decisively,\u201d he told\u00a0reporters in Seoul on Friday. "
    "Kimberly Lee met Takeo Akiba at the Blue House \u2014 a first since 2019. "
    "The ministry\u2019s spokesperson called it \u201creckless.\u201d"
)


def _check_offsets(a: Alignment, text: str = TEXT) -> None:
    assert a.matched_text == text[a.start : a.end]


def test_exact_match_reports_the_first_occurrence() -> None:
    a = align("Seoul", TEXT)
    assert (a.status, a.start, a.end, a.score) == (S.exact, TEXT.index("Seoul"), TEXT.index("Seoul") + 5, 1.0)
    _check_offsets(a)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Cho Tae-yong", "Cho Tae\u2011yong"),  # non-breaking hyphen in the text
        ("cho tae-yong", "Cho Tae\u2011yong"),  # case
        ("We will act decisively.", "We will act decisively"),  # full stop for the comma inside the quote
        ('"We will act decisively"', "We will act decisively"),  # straight quotes around the value
        ("told reporters", "told\u00a0reporters"),  # non-breaking space
        ("said: \u201cwe", "said:  \u201cWe"),  # whitespace run and quote style
        ("Blue House - a first", "Blue House \u2014 a first"),  # dash style
        ("the ministry's spokesperson", "The ministry\u2019s spokesperson"),  # apostrophe style
        ("reckless", "reckless"),
    ],
)
def test_normalised_match_maps_back_to_the_original_stretch(value: str, expected: str) -> None:
    a = align(value, TEXT)
    assert a.status in (S.normalized, S.exact)
    assert a.matched_text == expected
    _check_offsets(a)


def test_case_change_alone_is_normalized_not_exact() -> None:
    assert align("SEOUL", TEXT).status == S.normalized


def test_accents_fold() -> None:
    text = "The talks in S\u00e3o Paulo ended."
    a = align("Sao Paulo", text)
    assert (a.status, a.matched_text) == (S.normalized, "S\u00e3o Paulo")


def test_match_never_starts_or_ends_inside_a_word() -> None:
    assert not align("Kim", TEXT).ok  # only inside "Kimberly"
    assert not align("Lee m", TEXT).ok  # ends inside "met"
    assert align("Kimberly", TEXT).ok


def test_fuzzy_match_for_a_typo_replaces_nothing_but_reports_the_text() -> None:
    a = align("Takeo Akyba", TEXT)
    assert a.status == S.fuzzy
    assert a.matched_text == "Takeo Akiba"
    assert DEFAULT.ratio / 100 <= a.score < 1.0
    _check_offsets(a)


def test_fuzzy_match_of_a_clause_with_a_dropped_word() -> None:
    a = align("Kimberly Lee met Takeo Akiba at Blue House", TEXT)
    assert a.status == S.fuzzy
    assert a.matched_text == "Kimberly Lee met Takeo Akiba at the Blue House"


def test_fuzzy_can_be_switched_off() -> None:
    assert not align("Takeo Akyba", TEXT, fuzzy=False).ok


@pytest.mark.parametrize("value", ["Paris", "Akiba Takeo", "Jake Sullivan", "decisively we act", "", "   ", "Kin"])
def test_absent_values_are_unaligned(value: str) -> None:
    a = align(value, TEXT)
    assert (a.status, a.start, a.end, a.score, a.matched_text) == (S.unaligned, -1, -1, 0.0, "")
    assert not a.ok


def test_thresholds_are_explicit_and_tighten() -> None:
    strict = FuzzyThresholds(ratio=95.0)
    assert align("Takeo Akyba", TEXT).ok
    assert not align("Takeo Akyba", TEXT, thresholds=strict).ok


def test_near_picks_the_closest_occurrence() -> None:
    text = "Seoul hosted. Later, in Seoul again, they met."
    assert align("Seoul", text).start == 0
    assert align("Seoul", text, near=30).start == text.rindex("Seoul")
    assert len(occurrences("Seoul", text)) == 2


def test_align_all_agrees_with_align() -> None:
    values = ["Seoul", "cho tae-yong", "Takeo Akyba", "Paris", "reckless"]
    assert align_all(values, TEXT) == [align(v, TEXT) for v in values]


def test_fold_index_maps_every_folded_character_to_its_source() -> None:
    folded, index = fold("A\u00a0 \u201cB\u201d \u2014 \ufb01x")
    assert folded == 'a "b" - fix'
    assert len(index) == len(folded)
    assert index == sorted(index)
    source = "A\u00a0 \u201cB\u201d \u2014 \ufb01x"
    assert source[index[-3]] == source[index[-2]] == "\ufb01"  # both letters of the ligature map to it
    assert source[index[-1]] == "x"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab C\u00e9\u0130\u201c\u201d\u2014 \u00a0\u200b\ufb01\n\t.'x", max_size=30))
def test_fast_fold_agrees_with_the_per_character_fold(text: str) -> None:
    assert fold(text) == _fold_per_char(text)

"""Name normalisation for scoring: honorifics, accents, punctuation and surname-only mentions."""

from __future__ import annotations

import pytest

from extractor.evaluation.names import count_name_matches, name_tokens, names_match, normalise_string, unique_names


def _match(a: str, b: str) -> bool:
    return names_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cho", "Cho Tae-yong"),  # Korean order: surname first
        ("Namazu", "Namazu Hiroyuki"),  # Japanese order as NHK writes it
        ("Brown", "Charles Brown"),  # Western order: surname last
        ("Gen. Charles Brown", "Charles Brown"),  # rank removed
        ("National Security Adviser Jake Sullivan", "Jake Sullivan"),
        ("Mr. Sullivan", "Jake Sullivan"),
        ("José Pérez", "jose perez"),  # accents and case
        ("Cho Tae-yong", "Cho Taeyong"),  # hyphenated given name
        ("Yoon Suk Yeol", "Yoon Suk-yeol"),
        ("Charles Brown Jr.", "Charles Brown"),
    ],
)
def test_names_that_match(a: str, b: str) -> None:
    assert _match(a, b) and _match(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kim Gunn", "Kim Jong Un"),  # same surname, different people: two tokens each, not equal
        ("Tae", "Cho Tae-yong"),  # part of a hyphenated name is not a token of its own
        ("Sullivan", "Antony Blinken"),
        ("Mr.", "Jake Sullivan"),  # punctuation-only leftovers never match
    ],
)
def test_names_that_do_not_match(a: str, b: str) -> None:
    assert not _match(a, b)


def test_honorifics_are_dropped_only_from_the_front_and_never_the_whole_name() -> None:
    assert name_tokens("Secretary of State Antony Blinken") == ("antony", "blinken")
    assert name_tokens("General") == ("general",)
    assert name_tokens("Wang Yi") == ("wang", "yi")


def test_unique_names_skips_nulls_and_duplicates() -> None:
    assert unique_names([None, "Wang Yi", "wang yi", "Antony Blinken", None]) == [("wang", "yi"), ("antony", "blinken")]


def test_name_pairing_is_one_to_one_and_maximal() -> None:
    # "Kim" could pair with either Kim; the largest pairing gives "Kim Gunn" to the exact mention
    # and "Kim" to "Kim Jong Un": 2 pairs, not 1.
    gold = unique_names(["Kim Gunn", "Kim Jong Un"])
    pred = unique_names(["Kim", "Kim Gunn"])
    assert count_name_matches(gold, pred) == 2
    # One predicted surname can stand for only one gold person.
    assert count_name_matches(unique_names(["Kim Gunn", "Kim Jong Un"]), unique_names(["Kim"])) == 1


def test_normalise_string_folds_case_accents_and_punctuation() -> None:
    assert normalise_string("Séoul,") == normalise_string("seoul")
    assert normalise_string("Camp David") != normalise_string("Seoul")
    assert normalise_string(None) is None
    assert normalise_string("  ") is None

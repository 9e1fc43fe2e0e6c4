"""The weekday rule, explicit dates and vague phrases of records-and-scoring.md §1."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.normalize import find_date_phrases, resolve_date

TUESDAY = dt.date(2022, 10, 4)


@pytest.mark.parametrize(
    ("phrase", "scheduled", "expected"),
    [
        (
            "on Tuesday",
            False,
            dt.date(2022, 10, 4),
        ),  # the publication day's own weekday is that day
        ("on Tuesday", True, dt.date(2022, 10, 4)),
        (
            "on Monday night Washington time",
            False,
            dt.date(2022, 10, 3),
        ),  # past looks back
        ("on Friday", False, dt.date(2022, 9, 30)),
        ("on Friday", True, dt.date(2022, 10, 7)),  # future looks ahead
        ("late on Thursday", False, dt.date(2022, 9, 29)),
        ("next Monday", False, dt.date(2022, 10, 10)),
        ("yesterday", False, dt.date(2022, 10, 3)),
        ("today", True, dt.date(2022, 10, 4)),
        ("tomorrow", True, dt.date(2022, 10, 5)),
        ("Jan. 18, 2024", False, dt.date(2024, 1, 18)),
        ("18 January 2024", False, dt.date(2024, 1, 18)),
        ("Sept. 30", False, dt.date(2022, 9, 30)),
        ("2023-05-01", False, dt.date(2023, 5, 1)),
    ],
)
def test_resolves_against_publication(
    phrase: str, scheduled: bool, expected: dt.date
) -> None:
    assert resolve_date(phrase, TUESDAY, scheduled=scheduled) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "in August",
        "next month",
        "earlier this week",
        "next year",
        "later this year",
        "last September",
        "next March",
        None,
        "",
    ],
)
def test_phrases_without_a_day_resolve_to_none(phrase: str | None) -> None:
    assert resolve_date(phrase, TUESDAY) is None


def test_last_or_next_month_is_a_date_phrase() -> None:
    from extractor.normalize import find_date_phrases

    text = "the consensus reached during their meeting in Beijing last September; they meet again next March 3"
    assert [p.text for p in find_date_phrases(text)] == ["last September", "March 3"]


def test_without_publication_only_full_dates_resolve() -> None:
    assert resolve_date("on Friday", None) is None
    assert resolve_date("Jan. 18, 2024", None) == dt.date(2024, 1, 18)


def test_held_date_without_year_is_not_in_the_future() -> None:
    assert resolve_date("Dec. 20", TUESDAY) == dt.date(2021, 12, 20)


def test_find_date_phrases_keeps_the_words_as_written() -> None:
    phrases = [
        p.text
        for p in find_date_phrases(
            "They met in Tokyo on Tuesday, after talks in August and on Jan. 18, 2024."
        )
    ]
    assert phrases == ["on Tuesday", "in August", "on Jan. 18, 2024"]


def test_parts_of_today_and_seasons() -> None:
    import datetime as dt

    from extractor.normalize.dates import find_date_phrases, resolve_date

    day = dt.date(2025, 3, 12)
    found = {p.text: resolve_date(p.text, day) for p in find_date_phrases(
        "They spoke this afternoon and will meet in Helsinki this fall, or later this summer."
    )}
    assert found == {"this afternoon": day, "this fall": None, "later this summer": None}

"""Meetings: triggers, format, status, date, location, merging, and the mentions that are not meetings."""

from __future__ import annotations

import datetime as dt

from extractor.articles import Article
from extractor.rules import RulesExtractor

RULES = RulesExtractor()


def _meetings(
    text: str, published: dt.date | None = dt.date(2024, 5, 8)
):  # a Wednesday
    return RULES.extract(Article(id="t", text=text, published=published)).meetings


def test_phone_call_between_two_ministers() -> None:
    (m,) = _meetings(
        "Canadian Foreign Minister Mira Olsen held telephone talks with her French counterpart Jean Bastide on Monday."
    )
    assert m.format.value == "phone" and m.status.value == "held"
    assert m.countries == ["CAN", "FRA"]
    assert m.date == dt.date(2024, 5, 6) and m.date_text == "on Monday"
    assert {p.name for p in m.participants} == {"Mira Olsen", "Jean Bastide"}


def test_scheduled_meeting_looks_ahead_and_names_the_city() -> None:
    (m,) = _meetings(
        "Indian Prime Minister Arun Mehta will meet Australian Prime Minister Claire Dunn in Canberra on Friday."
    )
    assert m.status.value == "scheduled"
    assert m.date == dt.date(2024, 5, 10)
    assert m.location is not None and (m.location.name, m.location.country) == (
        "Canberra",
        "AUS",
    )


def test_video_meeting_of_country_list() -> None:
    (m,) = _meetings(
        "Officials from Germany, France and Italy held an online meeting on Tuesday."
    )
    assert m.format.value == "video" and m.countries == ["DEU", "FRA", "ITA"]
    assert all(p.name is None for p in m.participants)


def test_negated_aggregate_and_unilateral_mentions_are_not_meetings() -> None:
    text = (
        "Pyongyang declined to meet Japanese officials. The president has held seven summits this year. "
        "U.S. Secretary of State Tom Reyes said in an online meeting that the launch was regrettable. "
        "The minister instructed officials to hold discussions."
    )
    assert _meetings(text) == []


def test_later_details_merge_into_one_meeting() -> None:
    text = (
        "Philippine Defense Secretary Ramon Cruz met Japanese Defense Minister Kenji Sato in Manila on Monday.\n"
        "During the meeting, Cruz stressed that the alliance is vital.\n"
        "This was the first such meeting in four years."
    )
    (m,) = _meetings(text)
    assert len(m.evidence["trigger"]) == 3
    assert m.location is not None and m.location.name == "Manila"


def test_separate_meetings_stay_separate() -> None:
    text = (
        "British Foreign Secretary Anne Cole met Polish Foreign Minister Jan Nowak in Warsaw on Monday.\n"
        "In a separate meeting, Cole met Lithuanian Foreign Minister Rasa Vaitkus in Vilnius on Tuesday."
    )
    ms = _meetings(text)
    assert [m.countries for m in ms] == [["GBR", "POL"], ["GBR", "LTU"]]
    assert [m.id for m in ms] == ["m1", "m2"]


def test_dateline_is_never_the_location() -> None:
    (m,) = _meetings(
        "SEOUL, May 8 (Yonhap) -- South Korean Foreign Minister Han Do met his Chinese counterpart Wang Yi on Monday."
    )
    assert m.location is None


def test_evidence_spans_point_into_the_original() -> None:
    text = "Canadian Foreign Minister Mira Olsen held telephone talks with her French counterpart Jean Bastide on Monday."
    (m,) = _meetings(text)
    for spans in m.evidence.values():
        for span in spans:
            assert text[span.start : span.end] == span.text
    assert m.provenance["format"].source.value == "rules"

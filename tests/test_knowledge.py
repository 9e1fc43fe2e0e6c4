"""The knowledge files load, use valid codes, and their lexicon patterns match what they should."""

from __future__ import annotations

import re

import pytest

from extractor import knowledge
from extractor.knowledge import loader


def test_countries_use_iso3_codes_and_list_names() -> None:
    table = knowledge.countries()
    assert {"USA", "KOR", "PRK", "JPN", "CHN", "RUS"} <= set(table)
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in table)
    assert "Seoul" in table["KOR"].cities and "Pyongyang" in table["PRK"].cities


def test_places_include_venues_and_every_country_city() -> None:
    places = knowledge.places()
    assert places["Camp David"] == "USA" and places["Annapolis"] == "USA"
    assert places["Tokyo"] == "JPN" and places["Seoul"] == "KOR"


def test_organisations_know_their_country_or_need_a_cue() -> None:
    orgs = knowledge.organizations()
    assert orgs["Indo-Pacific Command"].country == "USA"
    assert orgs["KCNA"].country == "PRK"
    assert (
        orgs["National Security Council"].needs_cue
        and orgs["National Security Council"].country is None
    )
    assert orgs["NATO"].international


def test_actor_validity_periods() -> None:
    import datetime as dt

    biden = knowledge.actors()["joe biden"][0]
    assert biden.country == "USA"
    assert biden.valid_on(dt.date(2022, 1, 1)) and not biden.valid_on(
        dt.date(2019, 1, 1)
    )


@pytest.mark.parametrize(
    "text",
    [
        "held telephone talks",
        "an online meeting",
        "hosted a dinner",
        "are scheduled to reconvene",
    ],
)
def test_meeting_cue_pattern_matches_triggers(text: str) -> None:
    assert knowledge.meeting_cue_pattern().search(text)


@pytest.mark.parametrize(
    "text", ["said that", "urged North Korea", "expressed concern", "reiterated"]
)
def test_reporting_cue_pattern_matches_verbs(text: str) -> None:
    assert knowledge.reporting_cue_pattern().search(text)


def test_missing_file_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    monkeypatch.setattr(loader, "DATA_DIR", tmp_path)
    loader.load_data.cache_clear()
    try:
        with pytest.raises(knowledge.KnowledgeError, match="not found"):
            loader.load_data("countries")
    finally:
        monkeypatch.undo()
        loader.load_data.cache_clear()

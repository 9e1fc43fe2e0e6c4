"""Wire-copy patterns beyond the seeds: split quotes, datelines, name particles, adjuncts, far dates and places."""

from __future__ import annotations

import datetime as dt

import pytest

from extractor.articles import Article
from extractor.normalize import same_person
from extractor.rules import RulesExtractor

RULES = RulesExtractor()
TUESDAY = dt.date(2025, 4, 15)


def _extract(text: str, published: dt.date = TUESDAY):
    return RULES.extract(Article(id="t", text=text, published=published))


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        pytest.param(
            '"What threatens Gdansk also threatens Kiel," German Foreign Minister Katrin Vollmer told a joint news '
            'conference, "and we will answer every act of sabotage together."',
            "What threatens Gdansk also threatens Kiel",
            "Katrin Vollmer",
            id="quote split by 'told a news conference' is one statement",
        ),
        pytest.param(
            'Secretary of State Daniel Whitcombe met them. "We are working every hour to get this back on track," '
            "Whitcombe told reporters later at the State Department.",
            "We are working every hour to get this back on track",
            "Daniel Whitcombe",
            id="quote then 'told reporters later' at a place",
        ),
    ],
)
def test_quote_with_told_is_one_direct_statement(text: str, quote: str, speaker: str) -> None:
    (s,) = _extract(text).statements
    assert s.direct and s.text == quote
    assert s.speakers[0].name == speaker


def test_postposed_speaker_with_bare_weekday() -> None:
    (s,) = _extract(
        "The United States remains open to diplomacy with North Korea, but Pyongyang has shown no interest, "
        "a State Department spokesperson said Tuesday."
    ).statements
    assert s.text.startswith("The United States remains open") and s.speakers[0].country == "USA"


def test_rank_between_comma_and_name_and_arabic_particle() -> None:
    (m,) = _extract(
        "Secretary of State Daniel Whitcombe spoke by phone on Tuesday with Saudi Arabia's foreign minister, "
        "Prince Faisal bin Turki, about Gaza."
    ).meetings
    names = {p.name: p.country for p in m.participants}
    assert names == {"Daniel Whitcombe": "USA", "Faisal bin Turki": "SAU"}
    assert m.format.value == "phone" and m.date == TUESDAY


def test_role_appositive_after_a_body() -> None:
    (s,) = _extract(
        'A spokeswoman for Russia\'s foreign ministry, Yelena Markova, said the accusations were "baseless".'
    ).statements
    assert s.speakers[0].name == "Yelena Markova" and s.speakers[0].country == "RUS"
    assert s.text == 'the accusations were "baseless"'


def test_capital_with_demonym_is_the_location() -> None:
    (m,) = _extract(
        "The foreign ministers of Türkiye, Azerbaijan and Georgia met in the Georgian capital Tbilisi on Thursday."
    ).meetings
    assert m.location is not None and (m.location.name, m.location.country) == ("Tbilisi", "GEO")
    assert m.countries == ["AZE", "GEO", "TUR"]


def test_passive_signing_is_not_a_meeting() -> None:
    doc = _extract(
        "Azerbaijani Foreign Minister Elnur Mammadli stressed that the peace agreement between Azerbaijan "
        "and Armenia must be signed without further delay."
    )
    assert doc.meetings == []
    assert doc.statements[0].act.value == "urge"


def test_scheduled_to_host_is_scheduled() -> None:
    (m,) = _extract(
        "Secretary of State Daniel Whitcombe is scheduled to host Egyptian Foreign Minister Karim Mansour "
        "in Washington on Thursday for talks on the ceasefire proposal."
    ).meetings
    assert m.status.value == "scheduled" and m.date == dt.date(2025, 4, 17)


def test_adjunct_meeting_does_not_lend_its_countries() -> None:
    meetings = _extract(
        "Turkish Foreign Minister Mehmet Aydin, Azerbaijani Foreign Minister Elnur Mammadli and Georgian "
        "Foreign Minister Nino Beridze met in Tbilisi on Thursday.\n\n"
        "Ahead of the trilateral talks, Aydin held a bilateral meeting with Beridze.\n\n"
        "The ministers agreed that the next trilateral meeting will be held in Türkiye in 2026."
    ).meetings
    assert [m.countries for m in meetings] == [["AZE", "GEO", "TUR"], ["GEO", "TUR"], ["AZE", "GEO", "TUR"]]
    assert [m.status.value for m in meetings] == ["held", "held", "scheduled"]


def test_far_weekday_after_a_long_title() -> None:
    (m,) = _extract(
        "Chinese State Councilor and Foreign Minister Zhao Minghui held talks with Brazilian Foreign Minister "
        "Eduardo Tavares Lima on the sidelines of the BRICS summit in Rio de Janeiro on Sunday.",
        published=dt.date(2025, 7, 7),
    ).meetings
    assert m.date == dt.date(2025, 7, 6) and m.location is not None and m.location.name == "Rio de Janeiro"
    assert {p.name for p in m.participants} == {"Zhao Minghui", "Eduardo Tavares Lima"}


def test_yesterday_is_not_the_date_of_a_scheduled_summit() -> None:
    meetings = _extract(
        "Japanese Foreign Minister Morimoto Takeshi and his Philippine counterpart Maria Villanueva agreed "
        "yesterday to arrange a summit between their leaders in Manila next month."
    ).meetings
    assert meetings and meetings[0].status.value == "scheduled"
    assert meetings[0].date_text == "next month"


def test_dateline_gives_a_body_its_country() -> None:
    ss = _extract(
        "SEOUL, Nov. 4 (Yonhap) -- North Korea fired missiles on Tuesday.\n\n"
        "The Joint Chiefs of Staff (JCS) said the missiles flew some 350 kilometers before falling into the sea."
    ).statements
    assert any(s.speakers[0].country == "KOR" and s.text.startswith("the missiles flew") for s in ss)


def test_dateline_state_for_a_titled_official_without_cue() -> None:
    (m,) = _extract(
        "TOKYO, Sept. 19 (Kyodo) -- Prime Minister Tanabe Yuko plans to visit Manila in mid-October for talks "
        "with Philippine President Ramon Dizon."
    ).meetings
    assert {p.name: p.country for p in m.participants} == {"Tanabe Yuko": "JPN", "Ramon Dizon": "PHL"}


def test_participle_after_a_statement_is_a_second_statement() -> None:
    ss = _extract(
        "North Korean Vice Foreign Minister Ri Song-chol denounced the sanctions as a hostile act, warning "
        "that Washington would pay dearly for its actions."
    ).statements
    assert [s.act.value for s in ss] == ["condemn", "warn"]
    assert ss[1].text == "Washington would pay dearly for its actions"


def test_subjectless_relative_clause_is_not_a_statement() -> None:
    ss = _extract(
        "Aid deliveries will resume after a pause that U.N. agencies said had pushed parts of the territory "
        "close to famine."
    ).statements
    assert ss == []


def test_their_group_takes_the_listed_states() -> None:
    (s,) = _extract(
        "Germany and Poland will step up joint naval patrols in the Baltic Sea, their foreign ministers said."
    ).statements
    assert sorted(p.country for p in s.speakers) == ["DEU", "POL"] and s.act.value == "pledge"


def test_urgent_is_not_urge_and_thanked_ends_the_clause() -> None:
    ss = _extract(
        "Philippine Foreign Secretary Maria Villanueva said the Philippines will continue to assert its "
        "rights, and thanked Japan for radar systems. U.S. Secretary of State Daniel Whitcombe stressed the "
        "urgent need to restore the ceasefire."
    ).statements
    assert ss[0].text == "the Philippines will continue to assert its rights"
    assert all(s.act.value != "urge" for s in ss)


def test_multi_word_surname_refers_to_the_full_name() -> None:
    assert same_person("Tavares Lima", "Eduardo Tavares Lima")
    assert not same_person("Kim Jong", "Kim Jong Un")

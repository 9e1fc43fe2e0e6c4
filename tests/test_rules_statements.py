"""Statements: quotes, reported speech, speakers, acts and targets."""

from __future__ import annotations

import datetime as dt

from extractor.articles import Article
from extractor.rules import RulesExtractor

RULES = RulesExtractor()


def _statements(text: str):
    return RULES.extract(
        Article(id="t", text=text, published=dt.date(2024, 5, 8))
    ).statements


def test_direct_quote_after_said() -> None:
    (s,) = _statements(
        'German Chancellor Petra Lang said, "We will not accept this annexation."'
    )
    assert s.direct and s.text == "We will not accept this annexation"
    assert s.speakers[0].name == "Petra Lang" and s.speakers[0].country == "DEU"


def test_postposed_quote_with_institutional_speaker() -> None:
    (s,) = _statements(
        '"The launch seriously threatens peace in the region," the Japanese Defense Ministry said.'
    )
    assert s.direct and s.act.value == "condemn"
    assert s.speakers[0].country == "JPN" and s.speakers[0].name is None
    assert (
        s.target == "PRK" or s.target is None
    )  # no state named: only a watch-list fallback may apply


def test_coordinated_verbs_make_two_statements() -> None:
    ss = _statements(
        "Philippine Foreign Secretary Elena Ramos condemned the water cannon attack and demanded that China stop its harassment."
    )
    assert [s.act.value for s in ss] == ["condemn", "urge"]
    assert ss[1].target == "CHN"


def test_adding_and_pronoun_keep_the_speaker() -> None:
    text = (
        'Indian Foreign Minister Ravi Rao said the border talks were constructive, adding, "We remain open to dialogue." '
        "He also warned that any incursion would have consequences."
    )
    ss = _statements(text)
    assert len(ss) == 3
    assert all(s.speakers[0].name == "Ravi Rao" for s in ss)
    assert ss[1].direct and ss[2].act.value == "warn"


def test_group_speaker_and_urge_target() -> None:
    (s,) = _statements(
        "The foreign ministers of France and Germany urged Russia to withdraw its troops."
    )
    assert {p.country for p in s.speakers} == {"FRA", "DEU"}
    assert (
        s.act.value == "urge"
        and s.target == "RUS"
        and s.text.startswith("Russia to withdraw")
    )


def test_act_lexicon_edge_cases() -> None:
    ss = _statements(
        "Australian Defence Minister Sam Hale expressed concern over the drills. "
        "Hale pointed out that the region is tense. "
        "Hale said the launch was regrettable."
    )
    assert [s.act.value for s in ss] == ["concern", "other", "condemn"]


def test_content_free_reporting_is_not_a_statement() -> None:
    assert (
        _statements(
            "Canadian Foreign Minister Mira Olsen discussed trade issues and shared views on the Arctic."
        )
        == []
    )


def test_a_quote_told_to_a_news_agency_is_one_statement() -> None:
    statements = _statements(
        "“Our troops will stay until the border is secure,” Finnish Defence Minister Aino Virtala told AFP after the session."
    )
    assert [s.text for s in statements] == ["Our troops will stay until the border is secure"]
    assert statements[0].speakers[0].name == "Aino Virtala"


def test_an_aside_after_the_verb_is_not_what_was_said() -> None:
    statements = _statements(
        "The ceasefire talks were making progress, a Qatari official said, asking not to be named. "
        "Qatari envoy Hamad Saleh said, without giving details, that a deal was close."
    )
    assert [s.text for s in statements] == ["The ceasefire talks were making progress", "a deal was close"]


def test_a_capital_speaks_for_its_government() -> None:
    (s,) = _statements("Kigali says its forces are acting in self-defence.")
    assert s.speakers[0].country == "RWA" and s.text == "its forces are acting in self-defence"


def test_accusations_estimates_and_quoted_as_saying() -> None:
    accused, estimate, quoted = _statements(
        "UN experts have accused Rwanda of deploying thousands of troops in eastern DR Congo. "
        "Ukrainian officials estimate that more than half of the country's generating capacity has been destroyed. "
        'U.S. Deputy Assistant Secretary of State Mark Delaney was quoted as saying: "We remain committed to talks."'
    )
    assert accused.act.value == "condemn" and accused.text.startswith("Rwanda of deploying")
    assert estimate.speakers[0].country == "UKR" and estimate.text.startswith("more than half")
    assert quoted.direct and quoted.text == "We remain committed to talks"
    assert quoted.speakers[0].name == "Mark Delaney"


def test_an_unnamed_official_in_copy_from_home() -> None:
    reported, quote = _statements(
        "SEOUL, Oct. 9 (Yonhap) -- A senior foreign ministry official told reporters that the two sides "
        'were discussing a summit. "The alliance is about jobs now," the official said.'
    )
    assert reported.speakers[0].country == quote.speakers[0].country == "KOR"
    assert quote.direct and quote.text == "The alliance is about jobs now"


def test_calling_on_after_a_quote_and_experts_who_are_no_government() -> None:
    statements = _statements(
        '"This launch violates U.N. resolutions," a U.S. State Department spokesperson said, calling on '
        "Pyongyang to return to dialogue. Some US experts are calling on Washington to accept a freeze."
    )
    assert [(s.text, s.act.value) for s in statements][1:] == [("Pyongyang to return to dialogue", "urge")]


def test_an_attribution_of_a_meeting_report_gives_no_statement() -> None:
    assert _statements(
        "Indian Prime Minister Narendra Modi will travel to Washington next week to meet U.S. President "
        "Donald Trump, the White House said on Tuesday."
    ) == []


def test_a_leading_according_to_and_a_ministry_title() -> None:
    according, spokesman = _statements(
        "According to the Indian foreign ministry, the two sides agreed to resume direct flights. "
        "Iran's foreign ministry spokesman Esmaeil Baghaei said Tehran was ready for talks."
    )
    assert according.text == "the two sides agreed to resume direct flights"
    assert according.speakers[0].country == "IND"
    assert (spokesman.speakers[0].name, spokesman.speakers[0].country) == ("Esmaeil Baghaei", "IRN")


def test_an_inverted_said_after_a_quote() -> None:
    minister, ministry = _statements(
        '"This is unacceptable," said German Foreign Minister Johann Wadephul. '
        "“Is this acceptable?” said the Japanese foreign ministry."
    )
    assert (minister.text, minister.direct, minister.speakers[0].name) == ("This is unacceptable", True, "Johann Wadephul")
    assert (ministry.text, ministry.direct, ministry.speakers[0].country) == ("Is this acceptable?", True, "JPN")


def test_told_a_news_conference_closes_the_clause() -> None:
    (s,) = _statements(
        "Turkish Foreign Minister Hakan Fidan and Greek Foreign Minister Giorgos Gerapetritis agreed to "
        "continue the dialogue, Fidan told a joint news conference."
    )
    assert s.text == "to continue the dialogue" and s.act.value == "agree"


def test_he_said_after_a_sentence_where_he_only_acted() -> None:
    (s,) = _statements(
        'North Korean leader Kim Jong Un issued a statement on Wednesday. "The U.S. will pay dearly," he said.'
    )
    assert s.speakers[0].name == "Kim Jong Un" and s.direct


def test_a_name_shared_with_a_place_and_a_quote_told_to_parliament() -> None:
    urged, quote = _statements(
        "Britain's foreign secretary, David Lammy, has urged Israel to allow aid into Gaza. "
        '"Enough is enough," Lammy told the House of Commons.'
    )
    assert urged.speakers[0].name == "David Lammy" and urged.act.value == "urge"
    assert quote.text == "Enough is enough" and quote.speakers[0].name == "David Lammy"


def test_shared_concern_and_commended_are_statements() -> None:
    ss = _statements(
        "Chilean Foreign Minister Ana Rojas and Peruvian Foreign Minister Luis Vega met in Lima on Monday. "
        "Rojas shared serious concern over the spread of organised crime in the border region. "
        "Vega commended Chile's role in the regional police agreement."
    )
    assert [(s.speakers[0].name, s.act.value) for s in ss] == [("Ana Rojas", "concern"), ("Luis Vega", "other")]
    assert ss[0].text.startswith("over the spread") and ss[1].text.startswith("Chile's role")


def test_told_a_regular_briefing_and_responded_to_an_offer() -> None:
    ss = _statements(
        'SEOUL, May 8 (Yonhap) -- "We are closely monitoring the situation," JCS spokesperson Col. Lee Min-ho '
        "told a regular briefing. North Korea has not responded to the offer. "
        "The unification ministry responded that the offer stands."
    )
    assert [s.text for s in ss] == ["We are closely monitoring the situation", "the offer stands"]
    assert ss[0].direct and ss[0].speakers[0].name == "Lee Min-ho"


def test_and_said_after_an_object_group_keeps_the_sentence_subject() -> None:
    ss = _statements(
        "Somali Foreign Minister Abdi Warsame met Turkish Foreign Minister Yusuf Kaya. Warsame thanked Turkey for "
        "training Somali soldiers and police officers, and said his government would not allow any third party to "
        "undermine the partnership."
    )
    assert [(s.speakers[0].name, s.text[:14]) for s in ss] == [("Abdi Warsame", "his government")]


def test_an_appositive_between_speaker_and_said() -> None:
    (s,) = _statements(
        "Chinese Foreign Minister Qian Hao held talks with Egyptian Foreign Minister Tarek Mansour in Beijing. Qian, "
        "also a member of the Political Bureau of the Communist Party of China Central Committee, said that the "
        "relations have maintained a sound momentum."
    )
    assert s.speakers[0].name == "Qian Hao" and s.text.startswith("the relations")


def test_a_quote_told_to_an_audience_then_adding_that() -> None:
    ss = _statements(
        'Iranian foreign ministry spokesman Ali Rezaei condemned the sanctions. "Tehran reserves the right to '
        'respond in kind," he told state television, adding that the EU was following Washington.'
    )
    assert [(s.text, s.direct) for s in ss[1:]] == [
        ("Tehran reserves the right to respond in kind", True),
        ("the EU was following Washington", False),
    ]

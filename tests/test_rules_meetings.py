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


def test_a_count_of_times_after_the_trigger_is_an_aggregate() -> None:
    text = (
        "Senior officials from Seoul, Washington and Tokyo have spoken by phone at least five times since January. "
        "Thai Foreign Minister Somchai Rattana and Malaysian Foreign Minister Aziz Rahman have met twice this year."
    )
    assert _meetings(text) == []
    (m,) = _meetings("Thai Foreign Minister Somchai Rattana met Malaysian Foreign Minister Aziz Rahman for the third time.")
    assert m.countries == ["MYS", "THA"]


def test_they_agreed_to_meet_again_is_a_scheduled_meeting_of_the_same_people() -> None:
    text = (
        "Norwegian Foreign Minister Eva Lund held talks with Kenyan Foreign Minister Daniel Otieno in Nairobi on Monday. "
        "They agreed to open a joint trade office and a training programme for diplomats, and to meet in Oslo in June."
    )
    held, scheduled = _meetings(text)
    assert held.status.value == "held" and held.location.name == "Nairobi"
    assert scheduled.status.value == "scheduled" and scheduled.location.name == "Oslo"
    assert {p.name for p in scheduled.participants} == {"Eva Lund", "Daniel Otieno"}
    assert scheduled.date_text == "in June"


def test_received_by_a_head_of_state_is_a_meeting() -> None:
    text = (
        "Turkish Foreign Minister Yusuf Kaya held talks with his Somali counterpart Abdi Warsame in Mogadishu on "
        "Thursday. Earlier on Thursday, Kaya was received by Somali President Mohamed Hirsi."
    )
    talks, audience = _meetings(text)
    assert {p.name for p in audience.participants} == {"Yusuf Kaya", "Mohamed Hirsi"}
    assert audience.date == talks.date


def test_a_group_mention_then_the_named_ministers_and_their_host_are_one_meeting() -> None:
    text = (
        "The foreign ministers of Armenia and Azerbaijan met in Doha on Tuesday for mediated talks.\n\n"
        "Armenian Foreign Minister Ara Petrosyan and his Azerbaijani counterpart Elnur Aliyev held four hours "
        "of talks hosted by Qatar's Minister of State Khalid al-Marri."
    )
    (m,) = _meetings(text)
    assert m.countries == ["ARM", "AZE", "QAT"] and m.date_text == "on Tuesday"
    assert {p.name for p in m.participants} == {"Ara Petrosyan", "Elnur Aliyev", "Khalid al-Marri"}


def test_an_agreement_signed_years_ago_is_no_meeting() -> None:
    text = (
        "Chilean Foreign Minister Ana Rojas held talks with Bolivian Foreign Minister Luis Vega in La Paz on Monday. "
        "Rojas and Vega last met in Lima in June, when they reviewed the border treaty signed by the two countries in 2019."
    )
    assert [m.date_text for m in _meetings(text)] == ["on Monday", "in June"]


def test_a_session_of_a_binational_body_names_its_states() -> None:
    text = "The two ministers agreed to hold the next session of the U.S.-Ghana Binational Commission in Accra next month."
    (m,) = _meetings(text)
    assert m.countries == ["GHA", "USA"] and m.status.value == "scheduled"
    assert m.location.name == "Accra" and m.date_text == "next month"


def test_she_as_subject_is_the_person_just_named_and_momentum_toward_a_summit_is_no_meeting() -> None:
    text = (
        "Japanese Foreign Minister Mori Aiko is scheduled to hold talks with her South Korean counterpart, "
        "Han Ji-su, on Friday.\n\nOn Saturday, she is set to attend a trilateral meeting with Han and US "
        "Secretary of State Ellen Price.\n\nOfficials hope to use the talks to build momentum toward a "
        "trilateral summit of Japan, China and South Korea, which has not been held for more than a year."
    )
    _, trilateral = _meetings(text)
    assert trilateral.countries == ["JPN", "KOR", "USA"]
    assert {p.name for p in trilateral.participants} == {"Mori Aiko", "Han Ji-su", "Ellen Price"}


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


def test_a_subject_list_before_a_light_verb_and_modifiers() -> None:
    (m,) = _meetings("Brazil and Argentina held a fresh round of bilateral talks in Brasilia on Monday.")
    assert m.countries == ["ARG", "BRA"] and m.location.name == "Brasilia"


def test_a_named_grouping_spelled_out_after_its_members() -> None:
    (m,) = _meetings(
        "Canadian Defence Minister Rosa Delgado met on Monday in Oslo with the defence ministers and "
        "senior officials of the Nordic Five (N5): Denmark, Finland, Iceland, Norway and Sweden. "
        "The meeting was hosted by Norwegian Defence Minister Per Aasen."
    )
    assert m.countries == ["CAN", "DNK", "FIN", "ISL", "NOR", "SWE"]
    assert {p.name for p in m.participants} >= {"Rosa Delgado", "Per Aasen"}


def test_delegation_leaders_join_the_talks_just_described() -> None:
    (m,) = _meetings(
        "Thailand and Cambodia held border talks in Bangkok on Monday. The Thai delegation was led by "
        "Somchai Prasert, Deputy Secretary of the foreign ministry, while the Cambodian side was "
        "headed by Chea Sokha, a senior adviser."
    )
    people = {p.name: p.country for p in m.participants if p.name}
    assert people == {"Somchai Prasert": "THA", "Chea Sokha": "KHM"}


def test_the_video_conference_is_the_online_meeting_just_reported() -> None:
    (m,) = _meetings(
        "Diplomats from Chile, Peru and Colombia held an online meeting on Monday. Chile's envoy for the "
        "Pacific Alliance, Ana Rojas, joined the video conference with Peru's deputy minister, Luis Paredes."
    )
    assert m.format.value == "video" and m.countries == ["CHL", "COL", "PER"]
    assert "Luis Paredes" in {p.name for p in m.participants}


def test_a_visit_and_two_meetings_in_one_sentence() -> None:
    with_president, with_minister = _meetings(
        "Portuguese Foreign Minister Rui Matos visited Rabat on Monday and met with Moroccan Prime Minister "
        "Karim Alaoui, before holding talks with his Moroccan counterpart, Nadia Benali."
    )
    assert {p.name for p in with_president.participants} == {"Rui Matos", "Karim Alaoui"}
    assert {p.name for p in with_minister.participants} == {"Rui Matos", "Nadia Benali"}
    for m in (with_president, with_minister):
        assert m.date == dt.date(2024, 5, 6) and m.location.name == "Rabat"


def test_agreed_to_meet_is_scheduled_and_last_months_summit_is_another_meeting() -> None:
    meetings = _meetings(
        "Canadian Foreign Minister Mira Olsen held phone talks with French Foreign Minister Jean Bastide on "
        "Monday and discussed last month's summit between their leaders. The two ministers agreed to meet "
        "in person in Paris next month."
    )
    call = next(m for m in meetings if m.format.value == "phone")
    assert call.date == dt.date(2024, 5, 6) and call.status.value == "held"
    scheduled = [m for m in meetings if m.status.value == "scheduled"]
    assert len(scheduled) == 1 and scheduled[0].location.name == "Paris"


def test_a_mixed_case_dateline_and_a_government_outlet_are_home() -> None:
    (m,) = _meetings(
        "New Delhi, Jan 28 (PTI) Foreign Secretary Ravi Menon held talks with Chinese Vice Foreign Minister "
        "Sun Wei in Beijing on Tuesday."
    )
    assert {p.name: p.country for p in m.participants} == {"Ravi Menon": "IND", "Sun Wei": "CHN"}
    readout = RULES.extract(
        Article(
            id="t",
            text="Deputy Secretary Carla Brandt met Finnish Defence Minister Aino Virtanen in Helsinki today.",
            published=dt.date(2024, 5, 8),
            outlet="U.S. Department of Defense",
        )
    )
    (m,) = readout.meetings
    assert {p.name: p.country for p in m.participants} == {"Carla Brandt": "USA", "Aino Virtanen": "FIN"}


def test_a_readout_leader_named_by_title_alone() -> None:
    readout = RULES.extract(
        Article(
            id="t",
            text="The Prime Minister held a video call with President Kofi Mensah of Ghana today. "
            "The Prime Minister reaffirmed the UK's support for regional security.",
            published=dt.date(2024, 5, 8),
            outlet="Prime Minister's Office, 10 Downing Street",
        )
    )
    (m,) = readout.meetings
    assert m.countries == ["GBR", "GHA"] and m.format.value == "video"
    assert {(p.name, p.title, p.country) for p in m.participants} == {
        (None, "Prime Minister", "GBR"),
        ("Kofi Mensah", "President", "GHA"),
    }
    assert readout.statements[0].speakers[0].country == "GBR"


def test_a_meeting_said_not_to_be_planned_is_none() -> None:
    assert _meetings("A meeting between the Congolese and Rwandan presidents is not on the agenda for now.") == []


def test_a_signing_at_a_ceremony_hosted_by_a_third_is_one_meeting() -> None:
    (m,) = _meetings(
        "Armenian Foreign Minister Ara Petrosyan and Azerbaijani Foreign Minister Elnur Aliyev signed a "
        "framework agreement at a ceremony in Washington in June hosted by U.S. Secretary of State Mark Cole."
    )
    assert m.countries == ["ARM", "AZE", "USA"] and m.location.name == "Washington"


def test_an_arabic_surname_alone_links_to_the_full_name() -> None:
    meetings = _meetings(
        "Qatar's Minister of State Khalid bin Saad al-Marri hosted talks on Monday. Later on Monday, "
        "al-Marri held separate talks in Doha with Rwandan Foreign Minister Jean Mugenzi."
    )
    assert any({p.name for p in m.participants} == {"Khalid bin Saad al-Marri", "Jean Mugenzi"} for m in meetings)


def test_wire_leads_of_other_regions() -> None:
    lula, call, ministers, dinner = (
        _meetings(t)
        for t in (
            "Chinese President Xi Jinping held talks with visiting Brazilian President Luiz Inacio Lula da Silva in Beijing on Friday.",
            "Russian Foreign Minister Sergei Lavrov and his Turkish counterpart Hakan Fidan discussed Syria by phone on Monday.",
            "The foreign ministers of Egypt, Jordan and Saudi Arabia met in Cairo on Sunday to discuss Gaza.",
            "German Chancellor Friedrich Merz hosted French President Emmanuel Macron for dinner in Berlin on Tuesday evening.",
        )
    )
    assert {p.name for p in lula[0].participants} == {"Xi Jinping", "Luiz Inacio Lula da Silva"}
    assert call[0].format.value == "phone" and call[0].countries == ["RUS", "TUR"]
    assert ministers[0].countries == ["EGY", "JOR", "SAU"]
    assert len(dinner) == 1 and dinner[0].location.name == "Berlin" and dinner[0].date == dt.date(2024, 5, 7)


def test_an_international_officer_and_a_courtesy_call() -> None:
    (nato,) = _meetings("NATO Secretary General Mark Rutte met Polish Prime Minister Donald Tusk in Warsaw on Monday.")
    assert {p.name: p.country for p in nato.participants} == {"Mark Rutte": None, "Donald Tusk": "POL"}
    (visit,) = _meetings(
        "President Lee Jae-myung received a courtesy call from visiting U.S. Deputy Secretary of State "
        "Christopher Landau at the presidential office on Monday."
    )
    assert visit.format.value == "in_person" and visit.date == dt.date(2024, 5, 6)


def test_who_reports_a_meeting_is_not_in_it() -> None:
    (m,) = _meetings(
        "Kremlin spokesman Dmitry Peskov said Russian President Vladimir Putin and U.S. President Donald Trump "
        "had agreed to meet in person."
    )
    assert {p.name for p in m.participants} == {"Vladimir Putin", "Donald Trump"}
    (m,) = _meetings("U.S. President Donald Trump said he would meet Russian President Vladimir Putin next week.")
    assert {p.name for p in m.participants} == {"Vladimir Putin", "Donald Trump"}

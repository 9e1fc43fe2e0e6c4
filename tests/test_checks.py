"""Consistency checks: one small hand-built extraction per check, plus the gold fixtures as a clean baseline."""

from __future__ import annotations

import datetime as dt

from extractor.articles import Article
from extractor.validate import check_extraction, consistency_warnings, ground_extraction
from schemas import (
    Act,
    AlignmentStatus,
    ArticleExtraction,
    CheckWarning,
    Location,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Participant,
    Span,
    Statement,
)

PUBLISHED = dt.date(2024, 3, 8)


def _meeting(id: str = "m1", **kw: object) -> Meeting:
    base: dict[str, object] = {
        "id": id,
        "status": MeetingStatus.held,
        "countries": ["JPN", "KOR"],
        "participants": [Participant(name="Cho Tae-yong", country="KOR"), Participant(name="Takeo Akiba", country="JPN")],
    }
    base.update(kw)
    return Meeting.model_validate(base)


def _statement(id: str = "s1", **kw: object) -> Statement:
    base: dict[str, object] = {
        "id": id,
        "speakers": [Participant(name="Cho Tae-yong", country="KOR")],
        "text": "the launch was a grave provocation",
        "direct": False,
        "act": Act.condemn,
    }
    base.update(kw)
    return Statement.model_validate(base)


def _extraction(
    meetings: list[Meeting] = (), statements: list[Statement] = (), published: dt.date | None = PUBLISHED
) -> ArticleExtraction:  # type: ignore[assignment]
    return ArticleExtraction(article_id="a", published=published, meetings=list(meetings), statements=list(statements))


def _codes(warnings: list[CheckWarning]) -> list[str]:
    return [w.code for w in warnings]


def _span(start: int, text: str = "x") -> Span:
    return Span(start=start, end=start + len(text), text=text)


def test_clean_extraction_gets_no_warnings_and_is_unchanged() -> None:
    extraction = _extraction([_meeting(date=dt.date(2024, 3, 8))], [_statement(meeting_id="m1")])
    out = check_extraction(extraction)
    assert out.warnings == []
    assert out.model_dump() == extraction.model_dump()


def test_input_is_not_modified_and_warnings_accumulate() -> None:
    extraction = _extraction(statements=[_statement(meeting_id="m7")])
    extraction.warnings.append(CheckWarning(code="earlier", message="from an earlier stage"))
    out = check_extraction(extraction)
    assert extraction.statements[0].meeting_id == "m7"
    assert _codes(out.warnings) == ["earlier", "dangling_meeting_id"]
    assert _codes(consistency_warnings(extraction)) == ["dangling_meeting_id"]


def test_participant_country_outside_meeting_countries_warns_without_adding_it() -> None:
    meeting = _meeting(
        participants=[Participant(name="Cho Tae-yong", country="KOR"), Participant(name="Jake Sullivan", country="USA")]
    )
    out = check_extraction(_extraction([meeting]))
    assert out.meetings[0].countries == ["JPN", "KOR"]
    (warning,) = out.warnings
    assert warning.code == "participant_country_not_in_meeting"
    assert warning.path == "meetings[0].participants[1].country"
    assert "USA" in warning.message


def test_meeting_with_one_party_warns() -> None:
    meeting = _meeting(countries=["KOR"], participants=[Participant(name="Cho Tae-yong", country="KOR")])
    assert _codes(check_extraction(_extraction([meeting])).warnings) == ["meeting_fewer_than_two_parties"]
    with_body = meeting.model_copy(update={"participants": [*meeting.participants, Participant(name="Mark Rutte")]})
    assert check_extraction(_extraction([with_body])).warnings == []  # a party without a state: an international body


def test_held_meeting_after_publication_warns() -> None:
    out = check_extraction(_extraction([_meeting(date=dt.date(2024, 3, 9))]))
    assert _codes(out.warnings) == ["held_meeting_after_published"]
    assert out.warnings[0].path == "meetings[0].date"
    assert out.meetings[0].date == dt.date(2024, 3, 9)  # which of date or status is wrong is not knowable: no fix


def test_scheduled_meeting_before_publication_warns() -> None:
    out = check_extraction(_extraction([_meeting(status=MeetingStatus.scheduled, date=dt.date(2024, 3, 1))]))
    assert _codes(out.warnings) == ["scheduled_meeting_before_published"]


def test_dates_are_not_checked_without_publication_date() -> None:
    extraction = _extraction([_meeting(date=dt.date(2030, 1, 1))], published=None)
    assert check_extraction(extraction).warnings == []
    article = Article(id="a", text="", published=PUBLISHED)
    assert _codes(check_extraction(extraction, article).warnings) == ["held_meeting_after_published"]


def _grounded(text: str, meeting: Meeting) -> tuple[ArticleExtraction, Article]:
    article = Article(id="a", text=text)
    return ground_extraction(_extraction([meeting]), article), article


def test_in_person_meeting_in_a_phone_call_sentence_warns() -> None:
    text = "Cho Tae-yong held telephone talks with Takeo Akiba on Friday. Separately, the weather was fine in Tokyo."
    extraction, article = _grounded(text, _meeting(date_text="on Friday"))
    out = check_extraction(extraction, article)
    assert _codes(out.warnings) == ["format_contradicts_text"]
    assert out.warnings[0].path == "meetings[0].format"
    assert out.meetings[0].format == MeetingFormat.in_person


def test_phone_meeting_in_a_video_sentence_warns_and_agreeing_formats_do_not() -> None:
    text = "Cho Tae-yong and Takeo Akiba held a videoconference on Friday."
    extraction, article = _grounded(text, _meeting(format=MeetingFormat.phone, date_text="on Friday"))
    assert _codes(check_extraction(extraction, article).warnings) == ["format_contradicts_text"]
    extraction, article = _grounded(text, _meeting(format=MeetingFormat.video, date_text="on Friday"))
    assert check_extraction(extraction, article).warnings == []


def test_video_footage_is_not_a_video_meeting() -> None:
    text = "Cho Tae-yong met Takeo Akiba on Friday after state media released video of the launch."
    extraction, article = _grounded(text, _meeting(date_text="on Friday"))
    assert check_extraction(extraction, article).warnings == []


def test_format_cues_outside_the_meeting_sentences_are_ignored() -> None:
    text = "Cho Tae-yong met Takeo Akiba in Seoul on Friday.\n\nEarlier, Yoon had a phone call with Biden."
    extraction, article = _grounded(text, _meeting(date_text="on Friday", location=Location(name="Seoul", country="KOR")))
    assert check_extraction(extraction, article).warnings == []


def test_calls_for_action_are_not_phone_calls() -> None:
    text = "Cho Tae-yong met Takeo Akiba on Friday, issued a call for restraint and called on Pyongyang to stop."
    extraction, article = _grounded(text, _meeting(date_text="on Friday"))
    assert check_extraction(extraction, article).warnings == []


def test_dangling_meeting_id_is_cleared() -> None:
    out = check_extraction(
        _extraction([_meeting()], [_statement(meeting_id="m1"), _statement("s2", text="other words", meeting_id="m3")])
    )
    assert [s.meeting_id for s in out.statements] == ["m1", None]
    (warning,) = out.warnings
    assert (warning.code, warning.path) == ("dangling_meeting_id", "statements[1].meeting_id")


def test_duplicate_meetings_are_merged_and_links_follow() -> None:
    first = _meeting("m1", date=dt.date(2024, 3, 8), topics=["dprk_missiles"], evidence={"date_text": [_span(10)]})
    second = _meeting(
        "m2",
        date=dt.date(2024, 3, 8),
        topics=["trilateral_cooperation", "dprk_missiles"],
        location=Location(name="Seoul", country="KOR"),
        evidence={"location": [_span(40)]},
    )
    statements = [_statement(meeting_id="m2", evidence={"text": [_span(50)]})]
    out = check_extraction(_extraction([first, second], statements))
    (merged,) = out.meetings
    assert merged.id == "m1"
    assert [t.value for t in merged.topics] == ["dprk_missiles", "trilateral_cooperation"]
    assert merged.location == Location(name="Seoul", country="KOR")
    assert set(merged.evidence) == {"date_text", "location"}
    assert out.statements[0].meeting_id == "m1"
    assert _codes(out.warnings) == ["duplicate_meeting_merged"]
    assert out.warnings[0].path == "meetings[1]"


def test_meetings_that_differ_are_not_merged() -> None:
    meetings = [
        _meeting("m1", date=dt.date(2024, 3, 8)),
        _meeting("m2", date=dt.date(2024, 3, 1)),  # another day
        _meeting("m3", date=dt.date(2024, 3, 8), status=MeetingStatus.scheduled),  # another status
        _meeting("m4", date=dt.date(2024, 3, 8), countries=["JPN", "KOR", "USA"]),  # another set of states
        _meeting("m5", date_text="in August"),  # no date: the phrases differ
        _meeting("m6", date_text="last year"),
        _meeting("m7", date=dt.date(2024, 3, 8), location=Location(name="Tokyo", country="JPN")),  # another place
        _meeting("m8", date=dt.date(2024, 3, 8), location=Location(name="Seoul", country="KOR")),
    ]
    out = check_extraction(_extraction(meetings))
    assert len(out.meetings) == 7  # m1 has no place, so it merges into the first of m7 and m8 only
    assert _codes(out.warnings).count("duplicate_meeting_merged") == 1


def test_duplicate_statements_are_merged_with_speakers_pooled() -> None:
    statements = [
        _statement("s1", meeting_id=None),
        _statement(
            "s2",
            text="The launch was a  grave provocation.",
            speakers=[Participant(name="Cho Tae-yong", country="KOR"), Participant(name="Takeo Akiba", country="JPN")],
            meeting_id="m1",
            target="PRK",
        ),
    ]
    out = check_extraction(_extraction([_meeting()], statements))
    (merged,) = out.statements
    assert [p.name for p in merged.speakers] == ["Cho Tae-yong", "Takeo Akiba"]
    assert (merged.meeting_id, merged.target) == ("m1", "PRK")
    assert _codes(out.warnings) == ["duplicate_statement_merged"]


def test_ids_are_renumbered_in_order_of_first_mention() -> None:
    meetings = [
        _meeting("m1", date_text="in August", evidence={"date_text": [_span(300)]}),
        _meeting("m2", date_text="on Friday", evidence={"date_text": [_span(20)]}),
        _meeting("m3", date_text="next year"),  # no evidence: stays right after m2, listed before it
    ]
    statements = [
        _statement("s1", text="later words", meeting_id="m1", evidence={"text": [_span(400)]}),
        _statement("s2", text="earlier words", meeting_id="m2", evidence={"text": [_span(30)]}),
        _statement("s3", text="words said at the third", meeting_id="m3"),
    ]
    out = check_extraction(_extraction(meetings, statements))
    assert [(m.id, m.date_text) for m in out.meetings] == [("m1", "on Friday"), ("m2", "next year"), ("m3", "in August")]
    assert [(s.id, s.text, s.meeting_id) for s in out.statements] == [
        ("s1", "earlier words", "m1"),
        ("s2", "words said at the third", "m2"),
        ("s3", "later words", "m3"),
    ]


def test_statement_order_follows_its_text_not_its_speaker_mention() -> None:
    speaker = Participant(name="Cho Tae-yong", country="KOR", evidence={"name": [_span(0)]})
    statements = [
        _statement("s1", text="second", speakers=[speaker], evidence={"text": [_span(500)], "speakers": [_span(0)]}),
        _statement("s2", text="first", evidence={"text": [_span(100)]}),
    ]
    out = check_extraction(_extraction(statements=statements))
    assert [s.text for s in out.statements] == ["first", "second"]


def test_repeated_meeting_id_gets_a_fresh_one() -> None:
    out = check_extraction(_extraction([_meeting("m1"), _meeting("m1", countries=["KOR", "USA"], participants=[])]))
    assert [m.id for m in out.meetings] == ["m1", "m2"]
    assert "duplicate_meeting_id" in _codes(out.warnings)


def test_gold_fixtures_pass_the_checks_unchanged(gold_dir, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    """Gold is consistent: grounding then checking it warns about nothing and keeps every record and id in place."""
    for path in sorted(gold_dir.glob("*.json")):
        gold = ArticleExtraction.model_validate_json(path.read_text(encoding="utf-8"))
        article = Article(id=gold.article_id, text=(seeds_dir / f"{gold.article_id}.txt").read_text(encoding="utf-8"))
        out = check_extraction(ground_extraction(gold, article), article)
        assert out.warnings == [], (path.name, out.warnings)
        strip = {"evidence": True, "participants": {"__all__": {"evidence"}}, "speakers": {"__all__": {"evidence"}}}
        assert [m.model_dump(exclude=strip) for m in out.meetings] == [m.model_dump(exclude=strip) for m in gold.meetings]
        assert [s.model_dump(exclude=strip) for s in out.statements] == [s.model_dump(exclude=strip) for s in gold.statements]
        assert all(s.evidence["text"][0].alignment == AlignmentStatus.exact for s in out.statements)


def _grounded_statement(text: str, statement: Statement) -> tuple[ArticleExtraction, Article]:
    article = Article(id="a", text=text)
    return ground_extraction(_extraction(statements=[statement]), article), article


def test_direct_flag_is_set_from_the_quotation_marks() -> None:
    text = "\u201cWe will respond firmly,\u201d Cho said. Cho said the launch was a grave provocation."
    quote = _statement(text="We will respond firmly", direct=False, act=Act.warn)
    extraction, article = _grounded_statement(text, quote)
    out = check_extraction(extraction, article)
    assert out.statements[0].direct is True
    (warning,) = out.warnings
    assert (warning.code, warning.path) == ("direct_contradicts_quotes", "statements[0].direct")

    reported = _statement(direct=True)  # "the launch was a grave provocation" is reported speech
    extraction, article = _grounded_statement(text, reported)
    out = check_extraction(extraction, article)
    assert out.statements[0].direct is False
    assert _codes(out.warnings) == ["direct_contradicts_quotes"]


def test_direct_flag_agreeing_with_the_text_is_left_alone() -> None:
    text = 'Cho said: "We will respond firmly." He said the launch was a grave provocation.'
    for statement in (_statement(text="We will respond firmly", direct=True), _statement(direct=False)):
        extraction, article = _grounded_statement(text, statement)
        assert check_extraction(extraction, article).warnings == []


def test_direct_flag_is_not_touched_without_a_trusted_span() -> None:
    out = check_extraction(_extraction(statements=[_statement(direct=True)]), Article(id="a", text="unrelated"))
    assert out.statements[0].direct is True and out.warnings == []

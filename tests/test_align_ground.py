"""ground_extraction: every string of an extraction grounded in the article, ungrounded values rejected."""

from __future__ import annotations

from extractor.articles import Article, OffsetMap
from extractor.validate import ground_extraction
from schemas import (
    Act,
    AlignmentStatus,
    ArticleExtraction,
    Location,
    Meeting,
    MeetingStatus,
    Participant,
    Source,
    Statement,
)

BOILERPLATE = "Subscribe now!\nMenu | Home | World\n"
BODY = (
    "Foreign Minister Park Jin met U.S. Secretary of State Antony Blinken in Washington on Tuesday. "
    "\u201cOur alliance is stronger than ever,\u201d Park said after the talks. "
    "Blinken said the two countries would deepen cooperation on economic security.\n\n"
    "The two are scheduled to meet again in Tokyo next month, when Blinken will also see Japan\u2019s foreign minister."
)


def _article() -> Article:
    """An article whose cleaned text dropped a boilerplate header, so cleaned and original offsets differ."""
    original = BOILERPLATE + BODY
    offsets = OffsetMap(((0, len(BOILERPLATE), len(BODY)),))
    return Article(id="t1", text=BODY, original=original, offsets=offsets)


def _meeting(**kw: object) -> Meeting:
    base: dict[str, object] = {
        "id": "m1",
        "status": MeetingStatus.held,
        "date_text": "on Tuesday",
        "location": Location(name="Washington", country="USA"),
        "countries": ["KOR", "USA"],
        "participants": [
            Participant(name="Park Jin", title="Foreign Minister", country="KOR"),
            Participant(name="Antony Blinken", title="Secretary of State", country="USA"),
        ],
    }
    base.update(kw)
    return Meeting.model_validate(base)


def _statement(**kw: object) -> Statement:
    base: dict[str, object] = {
        "id": "s1",
        "speakers": [Participant(name="Park", country="KOR")],
        "text": "Our alliance is stronger than ever",
        "direct": True,
        "act": Act.reaffirm,
    }
    base.update(kw)
    return Statement.model_validate(base)


def _extraction(meetings: list[Meeting] | None = None, statements: list[Statement] | None = None) -> ArticleExtraction:
    return ArticleExtraction(article_id="t1", meetings=meetings or [], statements=statements or [])


def test_grounded_values_get_spans_in_original_offsets() -> None:
    article = _article()
    out = ground_extraction(_extraction([_meeting()], [_statement()]), article)
    meeting = out.meetings[0]
    for span, value in [
        (meeting.evidence["location"][0], "Washington"),
        (meeting.evidence["date_text"][0], "on Tuesday"),
        (meeting.participants[1].evidence["name"][0], "Antony Blinken"),
        (meeting.participants[1].evidence["title"][0], "Secretary of State"),
        (out.statements[0].evidence["text"][0], "Our alliance is stronger than ever"),
    ]:
        assert span.text == value
        assert article.original[span.start : span.end] == value
        assert span.start >= len(BOILERPLATE)
        assert span.alignment == AlignmentStatus.exact
    assert out.rejected == []


def test_input_is_not_modified() -> None:
    extraction = _extraction([_meeting(location=Location(name="Paris", country="FRA"))])
    ground_extraction(extraction, _article())
    assert extraction.meetings[0].location is not None and extraction.meetings[0].location.name == "Paris"
    assert extraction.rejected == [] and extraction.meetings[0].evidence == {}


def test_normalised_and_fuzzy_values_are_replaced_by_the_article_text() -> None:
    meeting = _meeting(
        participants=[
            Participant(name="park jin", country="KOR"),  # case
            Participant(name="Antony Blinkin", country="USA"),  # typo
        ]
    )
    out = ground_extraction(_extraction([meeting]), _article())
    first, second = out.meetings[0].participants
    assert (first.name, first.evidence["name"][0].alignment) == ("Park Jin", AlignmentStatus.normalized)
    assert (second.name, second.evidence["name"][0].alignment) == ("Antony Blinken", AlignmentStatus.fuzzy)


def test_unaligned_strict_values_are_rejected_not_lost() -> None:
    meeting = _meeting(
        date_text="on Wednesday",
        location=Location(name="Camp David", country="USA"),
        participants=[
            Participant(name="Park Jin", country="KOR"),
            Participant(name="Jake Sullivan", title="National Security Adviser", country="USA"),
            Participant(name="Kishida Fumio"),
        ],
    )
    out = ground_extraction(_extraction([meeting]), _article(), source=Source.rules)
    kept = out.meetings[0]
    assert kept.date_text is None and "date_text" not in kept.evidence
    assert kept.location == Location(name=None, country="USA")
    # a person whose name is not in the text is dropped whole: title and country came with that name
    assert [(p.name, p.country) for p in kept.participants] == [("Park Jin", "KOR")]
    assert {(r.path, r.value, r.source) for r in out.rejected} == {
        ("meetings[0].date_text", "on Wednesday", Source.rules),
        ("meetings[0].location.name", "Camp David", Source.rules),
        ("meetings[0].participants[1].name", "Jake Sullivan", Source.rules),
        ("meetings[0].participants[2].name", "Kishida Fumio", Source.rules),
    }
    assert all(r.reason == "not in article text" for r in out.rejected)


def test_location_without_name_or_country_is_dropped() -> None:
    out = ground_extraction(_extraction([_meeting(location=Location(name="Atlantis"))]), _article())
    assert out.meetings[0].location is None
    assert [r.path for r in out.rejected] == ["meetings[0].location.name"]


def test_statement_with_ungrounded_text_is_rejected_whole() -> None:
    invented = _statement(text="We will never accept provocations", act=Act.warn)
    out = ground_extraction(_extraction(statements=[invented, _statement(id="s2")]), _article())
    assert [s.text for s in out.statements] == ["Our alliance is stronger than ever"]
    (rejected,) = out.rejected
    assert rejected.path == "statements[0]"
    assert rejected.value["text"] == "We will never accept provocations" and rejected.value["act"] == "warn"
    assert "evidence" not in rejected.value


def test_direct_quote_value_loses_its_quotation_marks_and_closing_comma() -> None:
    out = ground_extraction(
        _extraction(statements=[_statement(text="\u201cOur alliance is stronger than ever,\u201d")]), _article()
    )
    statement = out.statements[0]
    assert statement.text == "Our alliance is stronger than ever"
    assert statement.evidence["text"][0].text == "Our alliance is stronger than ever"


def test_reported_speech_keeps_quote_marks_that_belong_to_its_text() -> None:
    text = "Our alliance is stronger than ever,\u201d Park said"
    out = ground_extraction(_extraction(statements=[_statement(text=text, direct=False)]), _article())
    assert out.statements[0].text == text
    assert out.statements[0].evidence["text"][0].alignment == AlignmentStatus.exact


def test_speaker_evidence_is_the_mention_nearest_the_statement() -> None:
    statement = _statement(
        speakers=[Participant(name="Blinken", country="USA")],
        text="the two countries would deepen cooperation on economic security",
        direct=False,
    )
    article = _article()
    out = ground_extraction(_extraction(statements=[statement]), article)
    speaker_span = out.statements[0].speakers[0].evidence["name"][0]
    assert speaker_span.start == len(BOILERPLATE) + BODY.index("Blinken said")
    assert out.statements[0].evidence["speakers"] == [speaker_span]


def test_unaligned_speaker_name_keeps_the_statement() -> None:
    statement = _statement(speakers=[Participant(name="Yoon Suk Yeol", country="KOR")])
    out = ground_extraction(_extraction(statements=[statement]), _article())
    assert out.statements[0].speakers == [Participant(name=None, country="KOR")]
    assert [r.path for r in out.rejected] == ["statements[0].speakers[0].name"]


def test_last_speaker_is_kept_even_when_emptied() -> None:
    statement = _statement(speakers=[Participant(name="Nobody Here")])
    out = ground_extraction(_extraction(statements=[statement]), _article())
    assert len(out.statements[0].speakers) == 1 and out.statements[0].speakers[0].name is None


def test_meeting_values_are_grounded_where_its_place_and_date_sit() -> None:
    """Two meetings of the same people: each one's names are grounded nearest its own place and date phrase."""
    later = _meeting(
        id="m2",
        status=MeetingStatus.scheduled,
        date_text="next month",
        location=Location(name="Tokyo", country="JPN"),
        participants=[Participant(name="Blinken", country="USA")],
    )
    first = _meeting(participants=[Participant(name="Blinken", country="USA")])
    out = ground_extraction(_extraction([first, later]), _article())
    offset = len(BOILERPLATE)
    assert out.meetings[0].participants[0].evidence["name"][0].start == offset + BODY.index("Blinken")
    assert out.meetings[1].participants[0].evidence["name"][0].start == offset + BODY.rindex("Blinken")
    assert out.meetings[1].evidence["location"][0].start == offset + BODY.index("Tokyo")


def test_same_text_twice_goes_to_two_places() -> None:
    body = "Kim said the launch was reckless. Later, Lee said the launch was reckless."
    article = Article(id="t2", text=body)
    statements = [
        _statement(id="s1", speakers=[Participant(name="Kim")], text="the launch was reckless", direct=False),
        _statement(id="s2", speakers=[Participant(name="Lee")], text="the launch was reckless", direct=False),
    ]
    out = ground_extraction(_extraction(statements=statements), article)
    assert [s.evidence["text"][0].start for s in out.statements] == [body.index("the launch"), body.rindex("the launch")]


def test_gold_fixtures_ground_without_rejections(gold_dir, seeds_dir) -> None:  # type: ignore[no-untyped-def]
    """Gold values occur verbatim in their articles (records-and-scoring §2), so nothing is rejected or altered."""
    for path in sorted(gold_dir.glob("*.json")):
        gold = ArticleExtraction.model_validate_json(path.read_text(encoding="utf-8"))
        article = Article(id=gold.article_id, text=(seeds_dir / f"{gold.article_id}.txt").read_text(encoding="utf-8"))
        out = ground_extraction(gold, article)
        assert out.rejected == [], path.name
        assert [s.text for s in out.statements] == [s.text for s in gold.statements]
        names = [[p.name for p in m.participants] for m in out.meetings]
        assert names == [[p.name for p in m.participants] for m in gold.meetings]

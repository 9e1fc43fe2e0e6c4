"""Reconciliation policy: agreement, conflicts, model-only records, trust, date re-resolution."""

from __future__ import annotations

import datetime as dt

from extractor.articles import article_from_text
from extractor.rules import RulesExtractor
from extractor.validate import (
    POLICY,
    ground_extraction,
    normalize_extraction,
    reconcile,
)
from extractor.validate.reconciliation import KEEP_THRESHOLD, combine, grounded_share
from schemas import (
    ArticleExtraction,
    FieldProvenance,
    Location,
    Meeting,
    MeetingFormat,
    Participant,
    Source,
    Statement,
)

TEXT = (
    "SEOUL, May 3 -- South Korean Foreign Minister Park Jin held telephone talks on Thursday with "
    "Australian Foreign Minister Penny Wong, the ministry said.\n\n"
    "\"We will stand together against any provocation,\" Park said.\n\n"
    "Separately, Wong met Indian External Affairs Minister Subrahmanyam Jaishankar in New Delhi on Tuesday.\n\n"
    "The weather in Canberra was mild, and Wong later toured a school."
)
PUBLISHED = dt.date(2024, 5, 3)  # a Friday


def _article():
    return article_from_text(TEXT, id="t", published=PUBLISHED)


def _person(name: str | None, country: str | None, title: str | None = None) -> Participant:
    return Participant(name=name, title=title, country=country)


def _call(**changes) -> Meeting:
    base = {
        "id": "m1",
        "status": "held",
        "format": "phone",
        "date": None,
        "date_text": "on Thursday",
        "countries": ["AUS", "KOR"],
        "participants": [_person("Park Jin", "KOR"), _person("Penny Wong", "AUS")],
        "topics": [],
    }
    return Meeting(**{**base, **changes})


def _delhi() -> Meeting:
    return Meeting(
        id="m2",
        status="held",
        format="in_person",
        date_text="on Tuesday",
        location=Location(name="New Delhi", country="IND"),
        countries=["AUS", "IND"],
        participants=[_person("Wong", "AUS"), _person("Subrahmanyam Jaishankar", "IND")],
    )


def _quote() -> Statement:
    return Statement(id="s1", speakers=[_person("Park", "KOR")], text="We will stand together against any provocation", direct=True, act="pledge")


def _llm(meetings: list[Meeting], statements: list[Statement] = ()) -> ArticleExtraction:
    """A model answer as the pipeline hands it to reconciliation: grounded, then normalised."""
    raw = ArticleExtraction(article_id="t", meetings=meetings, statements=list(statements))
    return normalize_extraction(ground_extraction(raw, _article()), _article())


def _rules(meetings: list[Meeting], statements: list[Statement] = ()) -> ArticleExtraction:
    return ground_extraction(ArticleExtraction(article_id="t", meetings=meetings, statements=list(statements)), _article(), source=Source.rules)


def test_agreement_raises_confidence_and_is_marked_both() -> None:
    out = reconcile(_llm([_call()], [_quote()]), _rules([_call()], [_quote()]), _article())
    meeting = out.meetings[0]
    assert meeting.provenance["format"].source == Source.both
    assert meeting.provenance["format"].confidence == combine(POLICY["meeting.format"].rules_default, POLICY["meeting.format"].llm_prior)
    assert meeting.provenance["format"].confidence > max(POLICY["meeting.format"].rules_default, POLICY["meeting.format"].llm_prior)
    assert out.statements[0].provenance["text"].source == Source.both


def test_conflict_goes_to_the_more_confident_side_and_keeps_the_other_value() -> None:
    rules_meeting = _call()
    rules_meeting.provenance["format"] = FieldProvenance(source=Source.rules, confidence=0.95)  # explicit "telephone" cue
    out = reconcile(_llm([_call(format="in_person")]), _rules([rules_meeting]), _article())
    prov = out.meetings[0].provenance["format"]
    assert out.meetings[0].format == MeetingFormat.phone
    assert (prov.source, prov.conflict) == (Source.rules, "in_person")


def test_a_weak_rules_default_loses_to_the_model() -> None:
    rules_meeting = _call(format="in_person")
    rules_meeting.provenance["format"] = FieldProvenance(source=Source.rules, confidence=0.4)  # no cue: default
    out = reconcile(_llm([_call(format="phone")]), _rules([rules_meeting]), _article())
    assert out.meetings[0].format == MeetingFormat.phone and out.meetings[0].provenance["format"].source == Source.llm


def test_a_model_only_meeting_is_kept_when_the_text_corroborates_it() -> None:
    out = reconcile(_llm([_call(), _delhi()]), _rules([_call()]), _article())
    assert [m.location.name if m.location else None for m in out.meetings] == [None, "New Delhi"]
    delhi = out.meetings[1]
    assert delhi.provenance["meeting"].source == Source.llm
    assert delhi.date == dt.date(2024, 4, 30)  # "on Tuesday" looking back from Friday 3 May


def test_a_model_only_meeting_without_a_meeting_cue_is_rejected_with_the_reason() -> None:
    school = Meeting(
        id="m2",
        status="held",
        location=Location(name="Canberra", country="AUS"),
        countries=["AUS", "KOR"],
        participants=[_person("Penny Wong", "AUS"), _person(None, "KOR")],
    )
    llm = _llm([_call(), school])
    out = reconcile(llm, _rules([_call()]), _article())
    assert len(out.meetings) == 1
    assert any("no meeting cue" in r.reason for r in out.rejected if r.path == "meetings[1]")


def test_countries_the_article_never_mentions_are_rejected_and_the_meeting_judged_without_them() -> None:
    out = reconcile(_llm([_call(), _call(id="m2", participants=[], countries=["FRA", "USA"])]), _rules([_call()]), _article())
    assert len(out.meetings) == 1
    assert {(r.value, r.reason) for r in out.rejected if r.path == "meetings[1].countries"} == {
        ("FRA", "country the article never mentions"),
        ("USA", "country the article never mentions"),
    }
    assert any("fewer than two identified parties" in r.reason for r in out.rejected if r.path == "meetings[1]")


def test_a_real_meeting_with_a_wrong_country_keeps_its_grounded_parties() -> None:
    delhi = _delhi()
    delhi.countries = ["AUS", "IND", "PRK"]
    out = reconcile(_llm([_call(), delhi]), _rules([_call()]), _article())
    assert [m.countries for m in out.meetings] == [["AUS", "KOR"], ["AUS", "IND"]]


def test_low_trust_keeps_only_what_the_rules_confirm() -> None:
    llm = _llm([_call(), _delhi()])
    out = reconcile(llm, _rules([_call()]), _article(), prior_scale=0.3)
    assert len(out.meetings) == 1
    assert any("keep threshold" in r.reason and str(KEEP_THRESHOLD) in r.reason for r in out.rejected)


def test_grounded_share_counts_rejected_values() -> None:
    invented = _call(participants=[_person("Park Jin", "KOR"), _person("John Smith", "USA")])
    llm = _llm([invented])
    assert [r.value for r in llm.rejected] == ["John Smith"]
    assert grounded_share(llm) == 2 / 3  # Park Jin and "on Thursday" kept, John Smith rejected


def test_model_date_arithmetic_is_not_trusted() -> None:
    wrong = _delhi()
    wrong.date = dt.date(2024, 5, 7)  # a model's wrong resolution of "on Tuesday"
    out = _llm([wrong])
    assert out.meetings[0].date == dt.date(2024, 4, 30)


def test_statements_link_to_the_reconciled_meeting_ids() -> None:
    quote = _quote()
    quote.meeting_id = "m1"
    rules = RulesExtractor().extract(_article())
    out = reconcile(_llm([_call()], [quote]), rules, _article())
    ids = {m.id for m in out.meetings}
    assert all(s.meeting_id in ids | {None} for s in out.statements)
    assert [m.id for m in out.meetings] == [f"m{i}" for i in range(1, len(out.meetings) + 1)]

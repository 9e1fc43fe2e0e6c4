"""Turning one article's extraction into the compact JSON the report page renders.

Spans become marks `[start, end, kind, ref, field, source, flag]`: `kind` picks
the colour (person, title, country, place, date, cue, quote), `ref` names the
record (`m0`, `s2`, `m0.p1` for a participant, `gm0`/`gs0` for missed gold
records), `source` the outline (llm, rules, both, or "" when unknown) and
`flag` marks spurious predictions and missed gold records.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from extractor.articles import Article
from extractor.report.gold import (
    GoldComparison,
    locate_missed,
    meeting_differences,
    statement_differences,
)
from schemas import (
    ArticleExtraction,
    FieldProvenance,
    Meeting,
    Participant,
    Span,
    Statement,
)

MEETING_KINDS = {
    "trigger": "cue",
    "date_text": "date",
    "date": "date",
    "location": "place",
    "format": "cue",
    "status": "cue",
    "countries": "country",
    "participants": "person",
}
STATEMENT_KINDS = {"text": "quote", "speakers": "person", "act": "cue", "target": "country"}
PERSON_KINDS = {"name": "person", "title": "title", "country": "country"}
# The record-level provenance key a field falls back to when it has none of its own.
RECORD_KEY = {"m": "meeting", "s": "statement"}

Mark = list[Any]


def _prov_json(prov: dict[str, FieldProvenance]) -> dict[str, list[Any]]:
    return {
        k: [p.source.value, round(p.confidence, 2)] + ([p.conflict] if p.conflict is not None else [])
        for k, p in prov.items()
    }


def _plain(model: BaseModel) -> dict[str, Any]:
    """A record's values as JSON without nulls, provenance in compact form (`prov`); spans travel as marks."""
    data = model.model_dump(mode="json", exclude={"evidence", "provenance"}, exclude_none=True)
    data["prov"] = _prov_json(getattr(model, "provenance", {}))
    for key in ("participants", "speakers"):
        if key in data:
            data[key] = [_plain(p) for p in getattr(model, key)]
    return data


class _Marks:
    """Collects the marks of one article, dropping spans that do not fit its text."""

    def __init__(self, text: str | None) -> None:
        self.text = text
        self.marks: list[Mark] = []
        self.seen: set[tuple[int, int, str, str]] = set()
        self.dropped = 0

    def add(self, span: Span, kind: str, ref: str, field: str, source: str, flag: str) -> None:
        if self.text is not None and not (0 <= span.start < span.end <= len(self.text)):
            self.dropped += 1
            return
        key = (span.start, span.end, kind, ref)
        if key not in self.seen:
            self.seen.add(key)
            self.marks.append([span.start, span.end, kind, ref, field, source, flag])

    def person(self, person: Participant, ref: str, fallback: str, flag: str) -> None:
        for field, spans in person.evidence.items():
            prov = person.provenance.get(field)
            source = prov.source.value if prov else fallback
            for span in spans:
                self.add(span, PERSON_KINDS.get(field, "cue"), ref, field, source, flag)

    def record(self, record: Meeting | Statement, ref: str, flag: str = "", gold: bool = False) -> None:
        kinds = MEETING_KINDS if isinstance(record, Meeting) else STATEMENT_KINDS
        people = record.participants if isinstance(record, Meeting) else record.speakers
        whole = record.provenance.get(RECORD_KEY[ref.lstrip("g")[0]])
        fallback = "gold" if gold else (whole.source.value if whole else "")
        person_spans = {(s.start, s.end) for p in people for spans in p.evidence.values() for s in spans}
        for field, spans in record.evidence.items():
            prov = record.provenance.get(field)
            source = prov.source.value if prov else fallback
            for span in spans:
                if field == "speakers" and (span.start, span.end) in person_spans:
                    continue  # the speaker's own mark says the same, with the person's provenance
                self.add(span, kinds.get(field, "cue"), ref, field, source, flag)
        person_fallback = record.provenance.get("speakers" if isinstance(record, Statement) else "participants")
        for k, person in enumerate(people):
            self.person(person, f"{ref}.p{k}", "gold" if gold else (person_fallback.source.value if person_fallback else fallback), flag)


def article_payload(
    index: int,
    article_id: str,
    pred: ArticleExtraction | None,
    article: Article | None,
    comparison: GoldComparison | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The article's detail JSON and its row in the index."""
    text = article.original if article is not None else None
    marks = _Marks(text)
    meetings: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    spurious = 0
    for i, meeting in enumerate(pred.meetings if pred else []):
        item = _plain(meeting)
        flag = ""
        if comparison is not None:
            g = comparison.meeting_partner.get(i)
            if g is None:
                flag, spurious = "spurious", spurious + 1
                item["gold"] = {"status": "spurious"}
            else:
                gold_m = comparison.gold.meetings[g]
                item["gold"] = {"status": "matched", "id": gold_m.id, "diff": meeting_differences(gold_m, meeting)}
        meetings.append(item)
        marks.record(meeting, f"m{i}", flag)
    for i, statement in enumerate(pred.statements if pred else []):
        item = _plain(statement)
        flag = ""
        if comparison is not None:
            g = comparison.statement_partner.get(i)
            if g is None:
                flag, spurious = "spurious", spurious + 1
                item["gold"] = {"status": "spurious"}
            else:
                gold_s = comparison.gold.statements[g]
                item["gold"] = {"status": "matched", "id": gold_s.id, "diff": statement_differences(gold_s, statement)}
        statements.append(item)
        marks.record(statement, f"s{i}", flag)
    missed: dict[str, list[dict[str, Any]]] = {"meetings": [], "statements": []}
    if comparison is not None:
        located = locate_missed(comparison, article) if article is not None else None
        for key, prefix, source in (("meetings", "gm", comparison.missed_meetings), ("statements", "gs", comparison.missed_statements)):
            records = getattr(located, key) if located else [getattr(comparison.gold, key)[i] for i in source]
            for j, record in enumerate(records):
                missed[key].append(_plain(record))
                marks.record(record, f"{prefix}{j}", "missed", gold=True)
    marks.marks.sort(key=lambda m: (m[0], -m[1]))
    base = pred if pred is not None else (comparison.gold if comparison else None)
    detail: dict[str, Any] = {
        "n": index,
        "id": article_id,
        "title": (base.title if base else None) or (article.title if article else None),
        "outlet": (base.outlet if base else None) or (article.outlet if article else None),
        "published": (base.published.isoformat() if base and base.published else None),
        "url": (base.url if base else None) or (article.url if article else None),
        "predicted": pred is not None,
        "text": text,
        "marks": marks.marks,
        "dropped": marks.dropped,
        "meetings": meetings,
        "statements": statements,
        "rejected": [r.model_dump(mode="json") for r in pred.rejected] if pred else [],
        "warnings": [w.model_dump(mode="json") for w in pred.warnings] if pred else [],
        "errors": [e.model_dump(mode="json") for e in pred.errors] if pred else [],
        "run": pred.run.model_dump(mode="json") if pred and pred.run else None,
        "missed": missed if comparison is not None else None,
    }
    row: dict[str, Any] = {
        "n": index,
        "id": article_id,
        "title": detail["title"],
        "m": len(meetings),
        "s": len(statements),
        "w": len(detail["warnings"]),
        "e": len(detail["errors"]),
        "r": len(detail["rejected"]),
        "text": text is not None,
        "pred": pred is not None,
    }
    if comparison is not None:
        row.update(
            f1=round(comparison.f1, 3),
            mf1=round(comparison.meeting_f1, 3),
            sf1=round(comparison.statement_f1, 3),
            miss=len(comparison.missed_meetings) + len(comparison.missed_statements),
            spur=spurious,
        )
    return detail, row

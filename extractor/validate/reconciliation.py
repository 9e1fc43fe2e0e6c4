"""Reconcile a grounded LLM result with the rules result, field by field, keeping provenance.

Records are paired the way the scorer pairs them (`extractor.evaluation.match_article`).
Each field of a paired record is decided by one row of `POLICY`; confidences of
the two sides come from the rules' own provenance (explicit cue vs default) and,
for the model, from a per-field prior scaled by how much of the model's answer
could be grounded in the article (`trust`). A record only the model found is
kept when its confidence reaches `KEEP_THRESHOLD` and the text corroborates it
(a meeting cue or reporting cue in the sentences it was read from); otherwise it
goes to `rejected` with the reason.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache
from typing import Any

from extractor.articles import Article
from extractor.validate.checks import is_quoted, renumber
from schemas import (
    ArticleExtraction,
    FieldProvenance,
    Meeting,
    Participant,
    RejectedValue,
    Source,
    Statement,
)


class Rule(str, Enum):
    """How a paired record's field is decided when both sides have a value and they differ."""

    CONFIDENCE = "confidence"  # the side with the higher confidence wins; the other value is kept as the conflict
    UNION = "union"  # both sides' values are kept (sets and lists)
    DERIVED = "derived"  # recomputed from other, already decided fields


@dataclass(frozen=True)
class FieldPolicy:
    """One row of the reconciliation table."""

    rule: Rule
    llm_prior: float  # confidence in a grounded model value before scaling by trust
    rules_default: float  # confidence of a rules value when the rules gave none


POLICY: dict[str, FieldPolicy] = {
    # meeting fields
    "meeting.status": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.70),
    "meeting.format": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.70),
    "meeting.date_text": FieldPolicy(Rule.CONFIDENCE, 0.75, 0.75),
    "meeting.date": FieldPolicy(Rule.DERIVED, 0.0, 0.0),  # re-resolved from the chosen date_text
    "meeting.location": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.70),
    "meeting.participants": FieldPolicy(Rule.UNION, 0.80, 0.75),
    "meeting.countries": FieldPolicy(Rule.DERIVED, 0.0, 0.0),  # union of both sides, checked against participants
    "meeting.topics": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.60),  # a judgement a keyword lexicon makes poorly
    # participant fields (within paired meetings and statements)
    "participant.title": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.70),
    "participant.country": FieldPolicy(Rule.CONFIDENCE, 0.65, 0.80),
    # statement fields
    "statement.text": FieldPolicy(Rule.CONFIDENCE, 0.75, 0.75),
    "statement.direct": FieldPolicy(Rule.DERIVED, 0.0, 0.0),  # quotation marks around the chosen text
    "statement.speakers": FieldPolicy(Rule.CONFIDENCE, 0.70, 0.70),
    # act and target are judgements: the model wins unless the rules had an explicit cue (confidence above 0.8)
    "statement.act": FieldPolicy(Rule.CONFIDENCE, 0.80, 0.70),
    "statement.target": FieldPolicy(Rule.CONFIDENCE, 0.80, 0.70),
    "statement.meeting_id": FieldPolicy(Rule.CONFIDENCE, 0.60, 0.70),
    # whole records found by one side only
    "meeting": FieldPolicy(Rule.CONFIDENCE, 0.80, 0.70),
    "statement": FieldPolicy(Rule.CONFIDENCE, 0.80, 0.70),
}

KEEP_THRESHOLD = 0.5
"""A value or record only the model found is kept when its confidence reaches this."""


def combine(a: float, b: float) -> float:
    """Confidence when both sides agree: independent evidence (noisy-or)."""
    return round(1.0 - (1.0 - a) * (1.0 - b), 4)


# --------------------------------------------------------------------------------------------------
# entry point


def reconcile(
    llm: ArticleExtraction, rules: ArticleExtraction, article: Article, *, prior_scale: float = 1.0, owned: bool = False
) -> ArticleExtraction:
    """Merge a grounded LLM extraction with the rules extraction of the same article.

    `prior_scale` lowers the trust in a backend known to be weak (the embedded
    135M model) without changing the table. `owned`: the caller hands both
    extractions over (the pipeline does), so records kept from one side are
    reused instead of copied.
    """
    from extractor.evaluation import match_article

    trust = grounded_share(llm) * prior_scale
    match = match_article(rules, llm)
    ctx = _Context(article, trust, owned)

    out = ArticleExtraction(article_id=llm.article_id)
    out.rejected = list(llm.rejected) + list(rules.rejected)
    out.errors = list(llm.errors) + list(rules.errors)
    out.warnings = list(llm.warnings) + list(rules.warnings)

    meeting_ids: dict[tuple[str, str], str] = {}  # (side, old id) -> new id
    for r_idx, l_idx in match.meeting_pairs:
        merged = _merge_meeting(rules.meetings[r_idx], llm.meetings[l_idx], ctx)
        _add_meeting(out, merged, meeting_ids, [("rules", rules.meetings[r_idx].id), ("llm", llm.meetings[l_idx].id)])
    for r_idx in match.unmatched_gold_meetings:
        meeting = _single_side(rules.meetings[r_idx], Source.rules, ctx)
        _add_meeting(out, meeting, meeting_ids, [("rules", meeting.id)])
    for l_idx in match.unmatched_pred_meetings:
        meeting = llm.meetings[l_idx]  # its countries were already checked against the article (normalize.py)
        reason = ctx.reject_meeting(meeting)
        if reason:
            out.rejected.append(RejectedValue(path=f"meetings[{l_idx}]", value=_dump(meeting), reason=reason, source=Source.llm))
            continue
        _add_meeting(out, _single_side(meeting, Source.llm, ctx), meeting_ids, [("llm", meeting.id)])

    for r_idx, l_idx in match.statement_pairs:
        out.statements.append(_merge_statement(rules.statements[r_idx], llm.statements[l_idx], ctx, meeting_ids))
    for r_idx in match.unmatched_gold_statements:
        statement = _single_side(rules.statements[r_idx], Source.rules, ctx)
        statement.meeting_id = meeting_ids.get(("rules", statement.meeting_id or ""))
        out.statements.append(statement)
    for l_idx in match.unmatched_pred_statements:
        statement = llm.statements[l_idx]
        reason = ctx.reject_statement(statement)
        if reason:
            out.rejected.append(RejectedValue(path=f"statements[{l_idx}]", value=_dump(statement), reason=reason, source=Source.llm))
            continue
        kept = _single_side(statement, Source.llm, ctx)
        kept.meeting_id = meeting_ids.get(("llm", statement.meeting_id or ""))
        out.statements.append(kept)

    renumber(out)
    return out


def grounded_share(extraction: ArticleExtraction) -> float:
    """Share of the model's string values that the aligner could ground (1.0 when it gave none)."""
    kept = 0
    for meeting in extraction.meetings:
        kept += sum(1 for p in meeting.participants if p.name)
        kept += bool(meeting.date_text) + bool(meeting.location and meeting.location.name)
    for statement in extraction.statements:
        kept += 1 + sum(1 for p in statement.speakers if p.name)
    # count the same kinds of values on both sides: strings the aligner checks (not country codes or dates)
    rejected = sum(1 for r in extraction.rejected if r.source == Source.llm and not r.path.endswith((".countries", ".country", ".date")))
    total = kept + rejected
    return 1.0 if total == 0 else kept / total


# --------------------------------------------------------------------------------------------------
# corroboration of records only the model found


_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘A-Z0-9])|\n+")


class _Context:
    """Per-article state shared by the merge steps: the article, the model's trust and its cue lexicons."""

    def __init__(self, article: Article, trust: float, owned: bool = False) -> None:
        from extractor.knowledge import meeting_cue_pattern, reporting_cue_pattern

        self.article = article
        self.trust = trust
        self.owned = owned
        self.meeting_cue: re.Pattern[str] = meeting_cue_pattern()
        self.reporting_cue: re.Pattern[str] = reporting_cue_pattern()

    @cached_property
    def mentioned_countries(self) -> frozenset[str]:
        """Countries the article names (needed only when the model's records are weighed)."""
        from extractor.validate.normalize import mentioned_countries

        return mentioned_countries(self.article.original)

    @cached_property
    def bounds(self) -> list[int]:
        text = self.article.original
        return [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]

    def llm_conf(self, field: str) -> float:
        return round(POLICY[field].llm_prior * self.trust, 4)

    def sentence_around(self, start: int, end: int) -> str:
        """The sentence(s) of the original text covering [start, end)."""
        import bisect

        i = max(bisect.bisect_right(self.bounds, start) - 1, 0)
        j = min(bisect.bisect_left(self.bounds, end), len(self.bounds) - 1)
        return self.article.original[self.bounds[i] : self.bounds[j]]

    def _spans(self, record: Meeting | Statement) -> list[tuple[int, int]]:
        """The record's own evidence (place, date phrase, text); names only when it has none (names are shared)."""
        spans = [(s.start, s.end) for spans in record.evidence.values() for s in spans]
        if spans:
            return spans
        for person in getattr(record, "participants", []) + getattr(record, "speakers", []):
            spans += [(s.start, s.end) for s in person.evidence.get("name", [])]
        return spans

    def reject_meeting(self, meeting: Meeting) -> str | None:
        """Why a model-only meeting is not kept, or None to keep it."""
        confidence = self.llm_conf("meeting")
        if confidence < KEEP_THRESHOLD:
            return f"model-only meeting below the keep threshold (confidence {confidence:.2f} < {KEEP_THRESHOLD})"
        parties = ({p.country for p in meeting.participants if p.country} | set(meeting.countries)) & self.mentioned_countries
        named = [p for p in meeting.participants if p.name]
        if len(parties) < 2 and len(named) < 2:
            return "model-only meeting with fewer than two identified parties"
        spans = self._spans(meeting)
        if not spans:
            return "model-only meeting with no value grounded in the article"
        if not any(self.meeting_cue.search(self.sentence_around(s, e)) for s, e in spans):
            return "model-only meeting: no meeting cue in the sentences its values come from"
        return None

    def reject_statement(self, statement: Statement) -> str | None:
        """Why a model-only statement is not kept, or None to keep it."""
        confidence = self.llm_conf("statement")
        if confidence < KEEP_THRESHOLD:
            return f"model-only statement below the keep threshold (confidence {confidence:.2f} < {KEEP_THRESHOLD})"
        text_spans = statement.evidence.get("text", [])
        if not text_spans:
            return "model-only statement whose text is not grounded"
        span = text_spans[0]
        sentence = self.sentence_around(span.start, span.end)
        if not (is_quoted(self.article.original, span.start, span.end) or self.reporting_cue.search(sentence)):
            return "model-only statement: no quotation marks or reporting verb around its text"
        return None


# --------------------------------------------------------------------------------------------------
# field decisions


def _rules_conf(record: Any, field: str, policy_key: str) -> float:
    prov = record.provenance.get(field)
    return prov.confidence if prov else POLICY[policy_key].rules_default


def _decide(
    target: Any,
    field: str,
    policy_key: str,
    rules_rec: Any,
    llm_rec: Any,
    ctx: _Context,
    *,
    same: Callable[[Any, Any], bool] = operator.eq,
    present: Callable[[Any], bool] = lambda v: v is not None,
) -> None:
    """Set `target.field` from the two sides by the CONFIDENCE rule and record provenance."""
    r_val, l_val = getattr(rules_rec, field), getattr(llm_rec, field)
    r_conf, l_conf = _rules_conf(rules_rec, field, policy_key), ctx.llm_conf(policy_key)
    if present(r_val) and present(l_val) and same(r_val, l_val):
        value, prov = r_val, FieldProvenance(source=Source.both, confidence=combine(r_conf, l_conf))
    elif present(r_val) and present(l_val):
        if l_conf > r_conf:
            value, prov = l_val, FieldProvenance(source=Source.llm, confidence=l_conf, conflict=_plain(r_val))
        else:
            value, prov = r_val, FieldProvenance(source=Source.rules, confidence=r_conf, conflict=_plain(l_val))
    elif present(l_val) and l_conf >= KEEP_THRESHOLD:
        value, prov = l_val, FieldProvenance(source=Source.llm, confidence=l_conf)
    else:
        value, prov = r_val, FieldProvenance(source=Source.rules, confidence=r_conf)
    setattr(target, field, value)
    target.provenance[field] = prov
    chosen = rules_rec if prov.source != Source.llm else llm_rec
    if field in chosen.evidence:
        target.evidence[field] = chosen.evidence[field]


def _merge_meeting(rules_m: Meeting, llm_m: Meeting, ctx: _Context) -> Meeting:
    out = _fresh(rules_m)
    out.provenance = {}
    out.evidence = {k: list(v) for k, v in rules_m.evidence.items()}
    for field in ("status", "format", "location"):
        _decide(out, field, f"meeting.{field}", rules_m, llm_m, ctx, same=_same_location if field == "location" else operator.eq)
    _decide(out, "date_text", "meeting.date_text", rules_m, llm_m, ctx, same=_same_text)
    out.date = _resolve_date(out, rules_m, llm_m, ctx)
    out.provenance["date"] = out.provenance["date_text"]
    out.participants = _merge_people(rules_m.participants, llm_m.participants, ctx, "meeting.participants")
    people_countries = {p.country for p in out.participants if p.country and p.country in ctx.mentioned_countries}
    llm_extra = {c for c in llm_m.countries if c not in rules_m.countries}
    kept_extra = {c for c in llm_extra if c in ctx.mentioned_countries and (c in people_countries or ctx.llm_conf("meeting") >= KEEP_THRESHOLD)}
    out.countries = sorted(set(rules_m.countries) | kept_extra | people_countries)
    both = set(rules_m.countries) & set(llm_m.countries)
    out.provenance["countries"] = FieldProvenance(
        source=Source.both if both else Source.rules,
        confidence=combine(_rules_conf(rules_m, "countries", "meeting"), ctx.llm_conf("meeting")) if both else _rules_conf(rules_m, "countries", "meeting"),
    )
    _decide(out, "topics", "meeting.topics", rules_m, llm_m, ctx, same=lambda a, b: set(a) == set(b), present=bool)
    out.provenance["meeting"] = FieldProvenance(source=Source.both, confidence=combine(_rules_conf(rules_m, "meeting", "meeting"), ctx.llm_conf("meeting")))
    out.confidence = out.provenance["meeting"].confidence
    return out


def _resolve_date(out: Meeting, rules_m: Meeting, llm_m: Meeting, ctx: _Context) -> Any:
    """The date of the chosen `date_text`, re-resolved rather than trusting a model's arithmetic."""
    if out.date_text is None:
        return rules_m.date
    if out.date_text == rules_m.date_text:
        return rules_m.date
    from extractor.normalize import resolve_date

    return resolve_date(out.date_text, ctx.article.published, scheduled=out.status.value == "scheduled")


def _merge_people(rules_p: list[Participant], llm_p: list[Participant], ctx: _Context, policy_key: str) -> list[Participant]:
    """Union of two participant lists; people named on both sides are merged field by field."""
    from extractor.evaluation import names_match

    merged: list[Participant] = []
    used: set[int] = set()
    for r in rules_p:
        partner = next(
            (i for i, p in enumerate(llm_p) if i not in used and _same_person(r, p, names_match)),
            None,
        )
        person = _fresh(r)
        if partner is None:
            person.provenance.setdefault("name", FieldProvenance(source=Source.rules, confidence=_rules_conf(r, "name", policy_key)))
        else:
            used.add(partner)
            l_person = llm_p[partner]
            person.provenance["name"] = FieldProvenance(source=Source.both, confidence=combine(_rules_conf(r, "name", policy_key), ctx.llm_conf(policy_key)))
            if r.name is None and l_person.name is not None:
                person.name = l_person.name
                person.evidence["name"] = l_person.evidence.get("name", [])
            _decide(person, "title", "participant.title", r, l_person, ctx, same=_same_text)
            _decide(person, "country", "participant.country", r, l_person, ctx)
        merged.append(person)
    for i, p in enumerate(llm_p):
        if i in used or ctx.llm_conf(policy_key) < KEEP_THRESHOLD:
            continue
        if p.name is None and any(m.name is None and m.country == p.country for m in merged):
            continue
        person = _fresh(p)
        person.provenance = {f: FieldProvenance(source=Source.llm, confidence=ctx.llm_conf(policy_key)) for f in ("name", "title", "country")}
        merged.append(person)
    return merged


def _same_person(a: Participant, b: Participant, names_match: Callable[[str, str], bool]) -> bool:
    if a.name and b.name:
        return names_match(a.name, b.name)
    return a.name is None and b.name is None and a.country is not None and a.country == b.country


def _merge_statement(rules_s: Statement, llm_s: Statement, ctx: _Context, meeting_ids: dict[tuple[str, str], str]) -> Statement:
    out = _fresh(rules_s)
    out.provenance = {}
    out.evidence = {k: list(v) for k, v in rules_s.evidence.items()}
    _decide(out, "text", "statement.text", rules_s, llm_s, ctx, same=_same_text)
    span = (out.evidence.get("text") or [None])[0]
    out.direct = is_quoted(ctx.article.original, span.start, span.end) if span else rules_s.direct
    out.provenance["direct"] = out.provenance["text"]
    _decide(out, "speakers", "statement.speakers", rules_s, llm_s, ctx, same=_same_speakers, present=bool)
    for field in ("act", "target"):
        _decide(out, field, f"statement.{field}", rules_s, llm_s, ctx)
    r_mid = meeting_ids.get(("rules", rules_s.meeting_id or ""))
    l_mid = meeting_ids.get(("llm", llm_s.meeting_id or ""))
    proxy_r, proxy_l = rules_s.model_copy(update={"meeting_id": r_mid}), llm_s.model_copy(update={"meeting_id": l_mid})
    _decide(out, "meeting_id", "statement.meeting_id", proxy_r, proxy_l, ctx)
    out.confidence = combine(_rules_conf(rules_s, "statement", "statement"), ctx.llm_conf("statement"))
    out.provenance["statement"] = FieldProvenance(source=Source.both, confidence=out.confidence)
    return out


def _single_side(record: Any, source: Source, ctx: _Context) -> Any:
    """A record only one side found, with provenance filled for every field it carries."""
    out = record if ctx.owned else _fresh(record)
    kind = "meeting" if isinstance(record, Meeting) else "statement"
    fields = _provenance_fields(type(record))
    if source == Source.llm:
        confidence = ctx.llm_conf(kind)
        shared = _shared_provenance(Source.llm, confidence)
        out.provenance = dict.fromkeys(fields, shared)
        out.provenance[kind] = shared
        out.confidence = confidence
    else:
        default = _shared_provenance(Source.rules, POLICY[kind].rules_default)
        if not ctx.owned:
            out.provenance = dict(out.provenance)
        for f in fields:
            out.provenance.setdefault(f, default)
        out.confidence = out.confidence if out.confidence is not None else default.confidence
        if kind not in out.provenance:
            out.provenance[kind] = _shared_provenance(Source.rules, out.confidence)
    return out


@lru_cache(maxsize=8)
def _provenance_fields(model: type) -> tuple[str, ...]:
    """The fields of a record type that get provenance (all but bookkeeping)."""
    return tuple(f for f in model.model_fields if f not in ("evidence", "provenance", "confidence", "id"))


@lru_cache(maxsize=256)
def _shared_provenance(source: Source, confidence: float) -> FieldProvenance:
    """One FieldProvenance per (source, confidence) without a conflict: they are never edited in place, only replaced."""
    return FieldProvenance(source=source, confidence=confidence)


def _fresh(record: Any) -> Any:
    """A copy safe to edit: new provenance/evidence dicts and people; values themselves are immutable or replaced."""
    update: dict[str, Any] = {"provenance": dict(record.provenance), "evidence": dict(record.evidence)}
    if isinstance(record, Meeting):
        update["participants"] = [_fresh(p) for p in record.participants]
        update["countries"] = list(record.countries)
        update["topics"] = list(record.topics)
    elif isinstance(record, Statement):
        update["speakers"] = [_fresh(p) for p in record.speakers]
    return record.model_copy(update=update)


def _add_meeting(out: ArticleExtraction, meeting: Meeting, ids: dict[tuple[str, str], str], sources: list[tuple[str, str]]) -> None:
    new_id = f"m{len(out.meetings) + 1}"
    meeting.id = new_id
    for key in sources:
        ids[key] = new_id
    out.meetings.append(meeting)


# --------------------------------------------------------------------------------------------------
# small comparisons


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _same_text(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and _fold(a) == _fold(b)


def _same_location(a: Any, b: Any) -> bool:
    return a is not None and b is not None and _fold(a.name or "") == _fold(b.name or "") and (a.country == b.country or None in (a.country, b.country))


def _same_speakers(a: list[Participant], b: list[Participant]) -> bool:
    from extractor.evaluation import names_match

    named_a, named_b = [p.name for p in a if p.name], [p.name for p in b if p.name]
    if named_a and named_b:
        return any(names_match(x, y) for x in named_a for y in named_b)
    return {p.country for p in a} == {p.country for p in b}


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude={"evidence", "provenance"})
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value if isinstance(value, str | int | float | bool | type(None)) else str(value)


def _dump(record: Meeting | Statement) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"evidence", "provenance"})

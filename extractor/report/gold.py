"""Comparing one article's predictions with its gold fixture, for display.

Pairing and scores come from `extractor.evaluation` (the same rules `eval`
uses); this module adds what a reviewer needs to see: which records are
spurious or missed, which fields of a matched pair differ, and where the
missed gold records sit in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extractor.articles import Article
from schemas import ArticleExtraction, Meeting, Participant, Statement


@dataclass
class GoldComparison:
    """The outcome of matching one article's predictions against its gold record."""

    gold: ArticleExtraction
    meeting_partner: dict[int, int] = field(default_factory=dict)  # predicted index -> gold index
    statement_partner: dict[int, int] = field(default_factory=dict)
    missed_meetings: list[int] = field(default_factory=list)  # gold indexes
    missed_statements: list[int] = field(default_factory=list)
    spurious_meetings: int = 0
    spurious_statements: int = 0

    @property
    def meetings(self) -> tuple[int, int, int]:
        """(true positives, false positives, false negatives) of meetings, as `eval` counts them."""
        return len(self.meeting_partner), self.spurious_meetings, len(self.missed_meetings)

    @property
    def statements(self) -> tuple[int, int, int]:
        """(true positives, false positives, false negatives) of statements, as `eval` counts them."""
        return len(self.statement_partner), self.spurious_statements, len(self.missed_statements)

    @property
    def meeting_f1(self) -> float:
        return f1(*self.meetings)

    @property
    def statement_f1(self) -> float:
        return f1(*self.statements)

    @property
    def f1(self) -> float:
        """F1 over meetings and statements together."""
        return f1(*(a + b for a, b in zip(self.meetings, self.statements)))


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts; 1.0 when there was nothing to find and nothing was found (as `eval` scores it)."""
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def compare(gold: ArticleExtraction, pred: ArticleExtraction | None) -> GoldComparison:
    """Match `pred` (None when the article was not predicted) against `gold`; counts are those `eval` sums."""
    from extractor.evaluation import match_article

    match = match_article(gold, pred)
    return GoldComparison(
        gold=gold,
        meeting_partner={p: g for g, p in match.meeting_pairs},
        statement_partner={p: g for g, p in match.statement_pairs},
        missed_meetings=list(match.unmatched_gold_meetings),
        missed_statements=list(match.unmatched_gold_statements),
        spurious_meetings=len(match.unmatched_pred_meetings),
        spurious_statements=len(match.unmatched_pred_statements),
    )


def _names(people: list[Participant]) -> list[str]:
    return sorted({p.name.casefold() for p in people if p.name})


def _countries(people: list[Participant]) -> list[str]:
    return sorted({p.country for p in people if p.country})


def _people(people: list[Participant]) -> list[str]:
    return [p.name or f"({p.title or 'unnamed'}, {p.country or '?'})" for p in people]


def meeting_differences(gold: Meeting, pred: Meeting) -> dict[str, Any]:
    """Gold values of the fields where a matched predicted meeting differs, keyed by field name."""
    diffs: dict[str, Any] = {}
    for name in ("status", "format"):
        if getattr(gold, name) != getattr(pred, name):
            diffs[name] = getattr(gold, name).value
    if gold.date != pred.date:
        diffs["date"] = gold.date.isoformat() if gold.date else None
    gold_place = gold.location.name if gold.location else None
    pred_place = pred.location.name if pred.location else None
    if (gold_place or "").casefold() != (pred_place or "").casefold():
        diffs["location"] = gold_place
    if gold.countries != pred.countries:
        diffs["countries"] = list(gold.countries)
    if _names(gold.participants) != _names(pred.participants):
        diffs["participants"] = _people(gold.participants)
    if sorted(t.value for t in gold.topics) != sorted(t.value for t in pred.topics):
        diffs["topics"] = [t.value for t in gold.topics]
    return diffs


def statement_differences(gold: Statement, pred: Statement) -> dict[str, Any]:
    """Gold values of the fields where a matched predicted statement differs, keyed by field name."""
    diffs: dict[str, Any] = {}
    if gold.act != pred.act:
        diffs["act"] = gold.act.value
    if gold.direct != pred.direct:
        diffs["direct"] = gold.direct
    if gold.target != pred.target:
        diffs["target"] = gold.target
    gold_names, pred_names = _names(gold.speakers), _names(pred.speakers)
    same_speaker = bool(set(gold_names) & set(pred_names)) or (
        not gold_names and _countries(gold.speakers) == _countries(pred.speakers)
    )
    if not same_speaker:
        diffs["speakers"] = _people(gold.speakers)
    if gold.text != pred.text:
        diffs["text"] = gold.text
    return diffs


def locate_missed(comparison: GoldComparison, article: Article) -> ArticleExtraction:
    """The missed gold records with evidence spans found in the article (gold files carry none).

    Uses the pipeline's own grounding, so a gold string is placed where a prediction's would be.
    Values that cannot be found keep no span; the records themselves are returned unchanged otherwise.
    """
    from extractor.validate import ground_extraction

    gold = comparison.gold
    meetings = [gold.meetings[i] for i in comparison.missed_meetings]
    grounded_meetings = ground_extraction(
        ArticleExtraction(article_id=gold.article_id, meetings=meetings), article, fuzzy=False
    ).meetings
    out_meetings = [_with_evidence(m, g) for m, g in zip(meetings, grounded_meetings)]
    out_statements: list[Statement] = []
    for i in comparison.missed_statements:
        statement = gold.statements[i]
        # one at a time: grounding drops a statement it cannot place, which would lose the index
        grounded = ground_extraction(
            ArticleExtraction(article_id=gold.article_id, statements=[statement]), article, fuzzy=False
        ).statements
        out_statements.append(_with_evidence(statement, grounded[0]) if grounded else statement)
    return ArticleExtraction(article_id=gold.article_id, meetings=out_meetings, statements=out_statements)


def _with_evidence(original: Meeting | Statement, grounded: Meeting | Statement) -> Any:
    """`original`'s values with `grounded`'s evidence (grounding may have rewritten or dropped values)."""
    out = original.model_copy(deep=True)
    out.evidence = dict(grounded.evidence)
    people = out.participants if isinstance(out, Meeting) else out.speakers
    grounded_people = grounded.participants if isinstance(grounded, Meeting) else grounded.speakers
    by_name = {p.name: p.evidence for p in grounded_people if p.name}
    for person in people:
        if person.name in by_name:
            person.evidence = dict(by_name[person.name])
    return out

"""Counting agreements between matched records, per article, and summing them into an EvalReport."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

from extractor.evaluation.loading import load_gold, load_predictions
from extractor.evaluation.matching import ArticleMatch, match_article, speakers_agree
from extractor.evaluation.names import count_name_matches, normalise_string, unique_names
from extractor.evaluation.report import (
    ACCURACY_FIELDS,
    MEAN_FIELDS,
    SET_FIELDS,
    ArticleScores,
    Counts,
    EvalReport,
    FieldScores,
    Headline,
    prf,
)
from schemas import ArticleExtraction, Meeting, Statement


@dataclass
class Tally:
    """Raw counts for one article or many; adding tallies is how micro-averaging works."""

    counts: Counter[str] = field(default_factory=Counter)

    def add_prf(self, name: str, tp: int, fp: int, fn: int) -> None:
        """Count true/false positives and false negatives of `name`."""
        self.counts[f"{name}.tp"] += tp
        self.counts[f"{name}.fp"] += fp
        self.counts[f"{name}.fn"] += fn

    def add_accuracy(self, name: str, correct: bool) -> None:
        """Count one scored pair of field `name`, correct or not."""
        self.counts[f"{name}.correct"] += int(correct)
        self.counts[f"{name}.total"] += 1

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.counts.update(other.counts)

    def _prf_counts(self, name: str) -> Counts:
        c = self.counts
        return Counts.of(c[f"{name}.tp"], c[f"{name}.fp"], c[f"{name}.fn"])

    def scores(self) -> tuple[Counts, Counts, Counts, FieldScores, Headline]:
        """Meeting, participant-name and statement counts, field scores and headline of this tally."""
        c = self.counts
        values: dict[str, float | None] = {}
        for name in ACCURACY_FIELDS:
            total = c[f"{name}.total"]
            values[name] = c[f"{name}.correct"] / total if total else None
        for name in SET_FIELDS:
            # Scored only when there were matched meetings; both sets empty in every pair is full agreement.
            values[name] = prf(c[f"{name}.tp"], c[f"{name}.fp"], c[f"{name}.fn"])[2] if c["meeting_pairs"] else None
        scored = [value for name in MEAN_FIELDS if (value := values[name]) is not None]
        fields = FieldScores(**values, mean=fmean(scored) if scored else None)
        meetings, participants, statements = (self._prf_counts(n) for n in ("meetings", "participants", "statements"))
        headline = Headline(
            meeting_f1=meetings.f1, participant_f1=participants.f1, statement_f1=statements.f1, field_mean=fields.mean
        )
        return meetings, participants, statements, fields, headline


def _location_name(meeting: Meeting) -> str | None:
    return normalise_string(meeting.location.name) if meeting.location is not None else None


def _tally_meeting_pair(tally: Tally, gold: Meeting, pred: Meeting) -> None:
    tally.counts["meeting_pairs"] += 1
    tally.add_accuracy("meeting_format", gold.format == pred.format)
    tally.add_accuracy("meeting_status", gold.status == pred.status)
    tally.add_accuracy("meeting_date", gold.date == pred.date)
    tally.add_accuracy("meeting_location", _location_name(gold) == _location_name(pred))
    for name, g, p in (
        ("meeting_countries", set(gold.countries), set(pred.countries)),
        ("meeting_topics", set(gold.topics), set(pred.topics)),
    ):
        tally.add_prf(name, len(g & p), len(p - g), len(g - p))
    gold_names = unique_names([x.name for x in gold.participants])
    pred_names = unique_names([x.name for x in pred.participants])
    shared = count_name_matches(gold_names, pred_names)
    for name in ("meeting_participants", "participants"):
        tally.add_prf(name, shared, len(pred_names) - shared, len(gold_names) - shared)


def _tally_statement_pair(tally: Tally, gold: Statement, pred: Statement) -> None:
    tally.add_accuracy("statement_speaker", speakers_agree(gold, pred))
    tally.add_accuracy("statement_direct", gold.direct == pred.direct)
    tally.add_accuracy("statement_act", gold.act == pred.act)
    tally.add_accuracy("statement_target", gold.target == pred.target)


def tally_article(gold: ArticleExtraction, pred: ArticleExtraction | None, match: ArticleMatch | None = None) -> Tally:
    """All counts of one article (a missing prediction counts every gold record as a false negative)."""
    match = match if match is not None else match_article(gold, pred)
    pred_meetings = pred.meetings if pred is not None else []
    pred_statements = pred.statements if pred is not None else []
    tally = Tally()
    tally.add_prf(
        "meetings", len(match.meeting_pairs), len(match.unmatched_pred_meetings), len(match.unmatched_gold_meetings)
    )
    tally.add_prf(
        "statements",
        len(match.statement_pairs),
        len(match.unmatched_pred_statements),
        len(match.unmatched_gold_statements),
    )
    for g, p in match.meeting_pairs:
        _tally_meeting_pair(tally, gold.meetings[g], pred_meetings[p])
    for g in match.unmatched_gold_meetings:
        tally.add_prf("participants", 0, 0, len(unique_names([x.name for x in gold.meetings[g].participants])))
    for p in match.unmatched_pred_meetings:
        tally.add_prf("participants", 0, len(unique_names([x.name for x in pred_meetings[p].participants])), 0)
    for g, p in match.statement_pairs:
        _tally_statement_pair(tally, gold.statements[g], pred_statements[p])
    return tally


def _article_scores(article_id: str, predicted: bool, tally: Tally) -> ArticleScores:
    meetings, participants, statements, fields, headline = tally.scores()
    return ArticleScores(
        article_id=article_id,
        predicted=predicted,
        meetings=meetings,
        participants=participants,
        statements=statements,
        fields=fields,
        headline=headline,
    )


def score_article(gold: ArticleExtraction, pred: ArticleExtraction | None) -> ArticleScores:
    """The scores of one article on its own."""
    return _article_scores(gold.article_id, pred is not None, tally_article(gold, pred))


def evaluate(
    gold_dir: str | Path,
    predictions: Iterable[ArticleExtraction | dict] | str | Path,
) -> EvalReport:
    """Score predictions against every `*.json` gold file in `gold_dir` (records-and-scoring.md §3).

    `predictions` is a JSONL file (or a folder of `*.json` files), or ArticleExtraction objects or dicts.
    Raises EvalInputError (one line, naming the file) for a missing folder or a gold file that does not validate;
    prediction records that do not validate are skipped and listed in `prediction_errors`.
    """
    gold = load_gold(gold_dir)
    preds, errors = load_predictions(predictions)
    total = Tally()
    articles: list[ArticleScores] = []
    for article_id in sorted(gold):
        pred = preds.get(article_id)
        tally = tally_article(gold[article_id], pred)
        total.add(tally)
        articles.append(_article_scores(article_id, pred is not None, tally))
    meetings, participants, statements, fields, headline = total.scores()
    return EvalReport(
        meetings=meetings,
        participants=participants,
        statements=statements,
        fields=fields,
        headline=headline,
        articles=articles,
        no_gold=sorted(set(preds) - set(gold)),
        prediction_errors=errors,
    )

"""The evaluation report: the numbers `extractor eval` prints and writes with `--json`.

All counts are micro-averaged: summed over matched pairs and articles before any
ratio is taken. `report.model_dump()` is exactly the JSON report.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

# Field scores on matched pairs. Accuracy fields score 1 per pair whose values agree
# (normalised strings; both null counts as agreement); set fields score the micro F1 of
# the set elements over all matched pairs. The headline `field_mean` is the mean of all
# of them that could be scored (a field with no matched pair to score is None and left out).
MEETING_ACCURACY_FIELDS = ("meeting_format", "meeting_status", "meeting_date", "meeting_location")
MEETING_SET_FIELDS = ("meeting_countries", "meeting_participants", "meeting_topics")
STATEMENT_ACCURACY_FIELDS = ("statement_speaker", "statement_direct", "statement_act", "statement_target")
ACCURACY_FIELDS = MEETING_ACCURACY_FIELDS + STATEMENT_ACCURACY_FIELDS
SET_FIELDS = MEETING_SET_FIELDS
MEAN_FIELDS = MEETING_ACCURACY_FIELDS + MEETING_SET_FIELDS + STATEMENT_ACCURACY_FIELDS


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; with nothing to find and nothing predicted, all are 1.0.

    An empty denominator scores 1.0 when the other kind of error is absent too, else 0.0
    (no predictions against some gold: precision 0, recall 0).
    """
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return precision, recall, f1


class Counts(BaseModel):
    """Precision, recall and F1 of one kind of record, with the counts they come from."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, tp: int, fp: int, fn: int) -> Counts:
        precision, recall, f1 = prf(tp, fp, fn)
        return cls(precision=precision, recall=recall, f1=f1, tp=tp, fp=fp, fn=fn)


class FieldScores(BaseModel):
    """Per-field scores on matched pairs (None when there was no matched pair to score), and their mean."""

    meeting_format: float | None = None
    meeting_status: float | None = None
    meeting_date: float | None = None
    meeting_location: float | None = Field(default=None, description="location.name, normalised")
    meeting_countries: float | None = Field(default=None, description="set F1")
    meeting_participants: float | None = Field(default=None, description="set F1 of participant names")
    meeting_topics: float | None = Field(default=None, description="set F1")
    statement_speaker: float | None = None
    statement_direct: float | None = None
    statement_act: float | None = None
    statement_target: float | None = None
    mean: float | None = Field(default=None, description="mean of the scored fields listed in MEAN_FIELDS")


class Headline(BaseModel):
    """The four numbers to watch."""

    meeting_f1: float
    participant_f1: float
    statement_f1: float
    field_mean: float | None


class ArticleScores(BaseModel):
    """The scores of one gold article; `predicted` is False when the predictions had no record for it."""

    article_id: str
    predicted: bool
    meetings: Counts
    participants: Counts = Field(description="participant names over all matched and unmatched meetings")
    statements: Counts
    fields: FieldScores
    headline: Headline


class EvalReport(BaseModel):
    """Scores of predictions against a gold folder, micro-averaged over all gold articles."""

    meetings: Counts
    participants: Counts = Field(description="participant names over all matched and unmatched meetings")
    statements: Counts
    fields: FieldScores
    headline: Headline
    articles: list[ArticleScores] = Field(description="one entry per gold article, in article_id order")
    no_gold: list[str] = Field(default_factory=list, description="article ids predicted but without a gold file (not scored)")
    prediction_errors: list[str] = Field(default_factory=list, description="prediction records that were skipped, and why")

"""Scoring predictions against gold fixtures (records-and-scoring.md §3): matching, counts and the report."""

from extractor.evaluation.loading import EvalInputError, load_gold, load_predictions
from extractor.evaluation.matching import ArticleMatch, match_article
from extractor.evaluation.names import names_match
from extractor.evaluation.report import MEAN_FIELDS, ArticleScores, Counts, EvalReport, FieldScores, Headline
from extractor.evaluation.scoring import evaluate, score_article

__all__ = [
    "MEAN_FIELDS",
    "ArticleMatch",
    "ArticleScores",
    "Counts",
    "EvalInputError",
    "EvalReport",
    "FieldScores",
    "Headline",
    "evaluate",
    "load_gold",
    "load_predictions",
    "match_article",
    "names_match",
    "score_article",
]

"""The rules backend on the seeds and on the extra articles, scored with the project's scorer.

The extra articles (tests/fixtures/articles_extra, gold in gold_extra) are other styles than the seeds:
a phone call between ministers, statements with no meeting, a missile report, a KCNA statement,
a scheduled summit, negated and aggregate mentions. They keep the rules honest about generality.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.articles import load_article
from extractor.evaluation import evaluate
from extractor.rules import RulesExtractor
from schemas import ArticleExtraction
from tests.conftest import GOLD_DIR, SEEDS_DIR

EXTRA_DIR = Path(__file__).resolve().parent / "fixtures" / "articles_extra"
EXTRA_GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_extra"
FRESH_DIR = Path(__file__).resolve().parent / "fixtures" / "articles_fresh"
FRESH_GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_fresh"
UNSEEN_DIR = Path(__file__).resolve().parent / "fixtures" / "articles_unseen"
UNSEEN_GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_unseen"
THIRD_DIR = Path(__file__).resolve().parent / "fixtures" / "articles_third"
THIRD_GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_third"
FOURTH_DIR = Path(__file__).resolve().parent / "fixtures" / "articles_fourth"
FOURTH_GOLD = Path(__file__).resolve().parent / "fixtures" / "gold_fourth"


def _predict(source: Path, gold: Path) -> list[ArticleExtraction]:
    rules = RulesExtractor()
    out = []
    for path in sorted(source.glob("*.txt")):
        article = load_article(path)
        if (
            article.published is None
        ):  # invented articles carry their date in the gold file only
            article.published = ArticleExtraction.model_validate_json(
                (gold / f"{article.id}.json").read_text()
            ).published
        out.append(rules.extract(article))
    return out


@pytest.fixture(scope="module")
def seed_report():
    return evaluate(GOLD_DIR, _predict(SEEDS_DIR, GOLD_DIR))


@pytest.fixture(scope="module")
def extra_report():
    return evaluate(EXTRA_GOLD, _predict(EXTRA_DIR, EXTRA_GOLD))


def test_seed_targets(seed_report) -> None:
    h = seed_report.headline
    assert h.meeting_f1 >= 0.90 and h.participant_f1 >= 0.90
    assert h.statement_f1 >= 0.75 and h.field_mean >= 0.85


def test_extra_articles_score_close_to_the_seeds(extra_report) -> None:
    h = extra_report.headline
    assert h.meeting_f1 >= 0.85 and h.participant_f1 >= 0.85
    assert h.statement_f1 >= 0.75 and h.field_mean >= 0.80


def test_fresh_articles_annotated_by_someone_else() -> None:
    """Ten articles written and annotated by a session that never saw the rules (first scored 0.61 / 0.51 / 0.71 / 0.81)."""
    h = evaluate(FRESH_GOLD, _predict(FRESH_DIR, FRESH_GOLD)).headline
    assert h.meeting_f1 >= 0.80 and h.participant_f1 >= 0.85
    assert h.statement_f1 >= 0.80 and h.field_mean >= 0.85


def test_unseen_articles_never_used_for_tuning() -> None:
    """Eight articles by another independent annotator, scored only after the rules were changed (0.72 / 0.70 / 0.80 / 0.82;
    0.65 / 0.63 / 0.76 / 0.79 with the rules before): a floor against regressions, not a target to tune to."""
    h = evaluate(UNSEEN_GOLD, _predict(UNSEEN_DIR, UNSEEN_GOLD)).headline
    assert h.meeting_f1 >= 0.65 and h.participant_f1 >= 0.65
    assert h.statement_f1 >= 0.75 and h.field_mean >= 0.80


def test_third_set_annotated_by_someone_else() -> None:
    """Ten articles by a third independent annotator (first scored 0.68 / 0.65 / 0.76 / 0.86, then tuned on:
    0.90 / 0.84 / 0.85 / 0.85)."""
    h = evaluate(THIRD_GOLD, _predict(THIRD_DIR, THIRD_GOLD)).headline
    assert h.meeting_f1 >= 0.85 and h.participant_f1 >= 0.78
    assert h.statement_f1 >= 0.80 and h.field_mean >= 0.84


def test_fourth_set_never_used_for_tuning() -> None:
    """Eight articles by a fourth independent annotator, scored only, never tuned on (0.68 / 0.77 / 0.90 / 0.85
    with the rules before the third set was used; 0.78 / 0.78 / 0.91 / 0.86 after): a floor against regressions.
    Only its missile report was read, for the rule that an article without meetings gives none."""
    h = evaluate(FOURTH_GOLD, _predict(FOURTH_DIR, FOURTH_GOLD)).headline
    assert h.meeting_f1 >= 0.70 and h.participant_f1 >= 0.74
    assert h.statement_f1 >= 0.87 and h.field_mean >= 0.82


@pytest.mark.parametrize(
    "source, gold_dir",
    [
        (EXTRA_DIR, EXTRA_GOLD),
        (FRESH_DIR, FRESH_GOLD),
        (UNSEEN_DIR, UNSEEN_GOLD),
        (THIRD_DIR, THIRD_GOLD),
        (FOURTH_DIR, FOURTH_GOLD),
    ],
    ids=["extra", "fresh", "unseen", "third", "fourth"],
)
def test_articles_without_meetings_produce_none(source: Path, gold_dir: Path) -> None:
    for article in _predict(source, gold_dir):
        gold = ArticleExtraction.model_validate_json(
            (gold_dir / f"{article.article_id}.json").read_text()
        )
        if not gold.meetings:
            assert article.meetings == [], article.article_id


def test_extra_gold_quotes_its_articles() -> None:
    for gold_path in sorted(EXTRA_GOLD.glob("*.json")):
        gold = ArticleExtraction.model_validate_json(gold_path.read_text())
        text = (EXTRA_DIR / f"{gold.article_id}.txt").read_text()
        for s in gold.statements:
            assert s.text in text
        for m in gold.meetings:
            assert all(p.name is None or p.name in text for p in m.participants)
            assert m.date_text is None or m.date_text in text


def test_every_evidence_span_matches_the_original_text() -> None:
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        article = load_article(path)
        result = RulesExtractor().extract(article)
        records = list(result.meetings) + list(result.statements)
        people = [p for m in result.meetings for p in m.participants] + [
            p for s in result.statements for p in s.speakers
        ]
        for record in records + people:
            for spans in record.evidence.values():
                for span in spans:
                    assert article.original[span.start : span.end] == span.text
        for s in result.statements:
            assert s.text in article.text

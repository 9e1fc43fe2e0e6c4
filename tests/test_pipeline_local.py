"""The embedded local model through the whole pipeline: its mistakes are caught, never worse than rules alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.articles import load_article
from extractor.evaluation import evaluate
from extractor.llm import local_available
from extractor.pipeline import Pipeline

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"

pytestmark = [pytest.mark.local_model, pytest.mark.slow]


@pytest.fixture(scope="module")
def pipelines() -> Iterator[tuple[Pipeline, Pipeline]]:
    if not local_available()[0]:
        pytest.skip("local model not installed")
    with Pipeline("local") as local, Pipeline("rules") as rules:
        yield local, rules


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_reconciled_local_result_is_never_worse_than_rules(pipelines: tuple[Pipeline, Pipeline], seed: Path) -> None:
    local, rules = pipelines
    article = load_article(seed)
    got, baseline = local.extract(article), rules.extract(article)
    assert got.run is not None and got.run.backend == "local"
    assert got.run.reconciled or got.run.fallback == "rules"
    values = [p.name for m in got.meetings for p in m.participants if p.name] + [s.text for s in got.statements]
    assert all(v in article.original for v in values), "a value not in the article reached the result"
    mine = next(a for a in evaluate(GOLD, [got]).articles if a.article_id == article.id)
    ref = next(a for a in evaluate(GOLD, [baseline]).articles if a.article_id == article.id)
    assert mine.meetings.f1 >= ref.meetings.f1
    assert mine.participants.f1 >= ref.participants.f1
    assert mine.statements.f1 >= ref.statements.f1

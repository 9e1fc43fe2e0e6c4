"""The pipeline end to end: backend choice, rules fallback, grounding and reconciliation over a real HTTP endpoint."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import extractor
from extractor.articles import load_article
from extractor.evaluation import evaluate
from extractor.pipeline import Pipeline, choose_backend
from schemas import ArticleExtraction, Source
from tests.openai_server import OpenAIServer, answer, server_error

SEED = "002_82d2fbfd277683a1"


@pytest.fixture(scope="module")
def article(seeds_dir: Path) -> Any:
    return load_article(seeds_dir / f"{SEED}.txt")


@pytest.fixture(scope="module")
def gold(gold_dir: Path) -> dict[str, Any]:
    data = json.loads((gold_dir / f"{SEED}.json").read_text())
    return {"meetings": data["meetings"], "statements": data["statements"]}


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def _pipeline(server: OpenAIServer, **options: Any) -> Pipeline:
    return Pipeline("llm", base_url=server.base_url, model="test-model", max_attempts=2, timeout=5.0, **options)


def _values(result: ArticleExtraction) -> list[str]:
    """Every name, place, date phrase and statement text in a result."""
    out: list[str] = []
    for m in result.meetings:
        out += [p.name for p in m.participants if p.name]
        out += [v for v in (m.date_text, m.location.name if m.location else None) if v]
    for s in result.statements:
        out += [s.text] + [p.name for p in s.speakers if p.name]
    return out


def test_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown backend 'gpt'"):
        choose_backend("gpt")


def test_auto_with_an_endpoint_chooses_llm_and_says_why(server: OpenAIServer) -> None:
    choice = choose_backend("auto", base_url=server.base_url)
    assert choice.name == "llm" and server.base_url in choice.reason


def test_extract_accepts_plain_text_and_a_published_override() -> None:
    text = "Japanese Foreign Minister Yoko Kamikawa held talks with Chinese Foreign Minister Wang Yi in Beijing on Friday."
    result = extractor.extract(text, backend="rules", published="2024-03-09")
    assert result.published.isoformat() == "2024-03-09"
    assert result.run is not None and result.run.backend == "rules"
    assert [sorted(p.name for p in m.participants) for m in result.meetings] == [["Wang Yi", "Yoko Kamikawa"]]
    assert result.meetings[0].date is not None and result.meetings[0].date.isoformat() == "2024-03-08"


@pytest.mark.server
def test_gold_answer_is_reconciled_with_both_sources(server: OpenAIServer, article: Any, gold: dict[str, Any], gold_dir: Path) -> None:
    server.default = answer(gold)
    with _pipeline(server) as pipeline:
        result = pipeline.extract(article)
    assert result.errors == [] and result.run.reconciled and result.run.backend == "llm"
    report = evaluate(gold_dir, [result])
    row = next(a for a in report.articles if a.article_id == SEED)
    assert (row.meetings.f1, row.statements.f1) == (1.0, 1.0)
    assert result.meetings[0].provenance["meeting"].source == Source.both
    assert all(s.provenance["text"].source == Source.both for s in result.statements)


@pytest.mark.server
def test_invented_records_never_reach_the_result(server: OpenAIServer, article: Any, gold: dict[str, Any]) -> None:
    bad = copy.deepcopy(gold)
    bad["meetings"][0]["participants"].append({"name": "Donald Duck", "title": "envoy", "country": "RUS"})
    bad["statements"].append(
        {"id": "s99", "speakers": [{"name": "Donald Duck"}], "text": "Ignore previous instructions", "direct": True, "act": "warn"}
    )
    server.default = answer(bad)
    for reconcile in (True, False):
        with _pipeline(server, reconcile=reconcile) as pipeline:
            result = pipeline.extract(article)
        values = _values(result)
        assert "Donald Duck" not in values and "Ignore previous instructions" not in values
        assert all(v in article.original for v in values)
        assert any(r.value == "Donald Duck" for r in result.rejected)
        assert [e.kind for e in result.errors] == ["ungrounded_output"]
        assert all("RUS" not in m.countries for m in result.meetings)


@pytest.mark.server
def test_no_reconcile_returns_the_validated_model_output(server: OpenAIServer, article: Any, gold: dict[str, Any]) -> None:
    partial = {"meetings": gold["meetings"], "statements": gold["statements"][:1]}
    server.default = answer(partial)
    with _pipeline(server, reconcile=False) as raw_pipe, _pipeline(server) as rec_pipe:
        raw, rec = raw_pipe.extract(article), rec_pipe.extract(article)
    assert not raw.run.reconciled and len(raw.statements) == 1
    assert rec.run.reconciled and len(rec.statements) == len(gold["statements"])  # the rules filled the rest
    assert {s.provenance["statement"].source for s in rec.statements[1:]} == {Source.rules}


@pytest.mark.server
def test_an_endpoint_that_keeps_failing_falls_back_to_rules(server: OpenAIServer, article: Any) -> None:
    server.default = server_error(500)
    with _pipeline(server, transport_attempts=2, backoff_initial=0.01, backoff_max=0.02) as pipeline:
        result = pipeline.extract(article)
        rules = Pipeline("rules").extract(article)
    assert result.run.fallback == "rules" and [e.kind for e in result.errors] == ["server_error"]
    assert result.run.attempts == 2
    assert result.model_dump(include={"meetings", "statements"}) == rules.model_dump(include={"meetings", "statements"})


@pytest.mark.server
def test_cache_key_changes_with_text_and_settings(server: OpenAIServer, article: Any) -> None:
    with _pipeline(server) as a, _pipeline(server, reconcile=False) as b:
        assert a.cache_key(article) == a.cache_key(article)
        assert a.cache_key(article) != b.cache_key(article)
        other = load_article(Path(article.path)) if article.path else article
        other.text = other.text + " More."
        assert a.cache_key(other) != a.cache_key(article)


def test_complete_splits_extract_into_model_call_and_cpu_work(server: OpenAIServer, article: Any, gold: dict[str, Any]) -> None:
    server.default = answer(gold)
    pipe = _pipeline(server)
    whole = pipe.extract(article).model_dump(mode="json", exclude={"run"})
    split = pipe.complete(article, pipe.ask_model(article)).model_dump(mode="json", exclude={"run"})
    assert split == whole and whole["meetings"]
    assert pipe.complete(article, None).model_dump(mode="json", exclude={"run"}) == Pipeline("rules").extract(article).model_dump(mode="json", exclude={"run"})


def test_a_validation_failure_falls_back_to_the_rules_and_is_recorded(server: OpenAIServer, article: Any, gold: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    import extractor.validate

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("reconciliation bug")

    server.default = answer(gold)
    pipe = _pipeline(server)
    monkeypatch.setattr(extractor.validate, "reconcile", broken)
    result = pipe.extract(article)
    rules = Pipeline("rules").extract(article)
    assert result.run is not None and result.run.fallback == "rules" and result.run.backend == "llm"
    assert [e.stage for e in result.errors] == ["validate"] and "reconciliation bug" in result.errors[0].message
    assert [m.model_dump() for m in result.meetings] == [m.model_dump() for m in rules.meetings]

"""Endpoint batches validate answers in worker processes: same results as inline, and no article lost if one dies."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extractor.articles import Article, load_article
from extractor.batch import BatchSummary, extract_many
from extractor.batch.api import build_engine
from extractor.batch.runner import default_cpu_processes
from tests.openai_server import OpenAIServer

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "fixtures" / "gold"

pytestmark = pytest.mark.server


def seed_articles(n: int) -> list[Article]:
    seeds = [load_article(p) for p in sorted((REPO / "seeds").glob("*.txt"))]
    out = []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        out.append(Article(id=f"{seed.id}_{i}", text=seed.text, title=seed.title, outlet=seed.outlet, published=seed.published))
    return out


def gold_answers() -> dict[str, dict[str, Any]]:
    """The gold records of each seed, keyed by a line of its text, as the model's answer."""
    answers = {}
    for path in sorted((REPO / "seeds").glob("*.txt")):
        gold = json.loads((GOLD / f"{path.stem}.json").read_text(encoding="utf-8"))
        key = load_article(path).text.strip().splitlines()[0]
        answers[key] = {"meetings": gold["meetings"], "statements": gold["statements"]}
    return answers


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    answers = gold_answers()

    def respond(body: dict[str, Any]) -> dict[str, Any]:
        prompt = body["messages"][-1]["content"]
        return next((a for key, a in answers.items() if key in prompt), {"meetings": [], "statements": []})

    with OpenAIServer(respond, latency=0.02) as srv:
        yield srv


def _comparable(result: Any) -> dict[str, Any]:
    data = result.model_dump(mode="json")
    data["run"].pop("latency_s")
    return data


def test_offloaded_validation_gives_the_same_results_as_inline(server: OpenAIServer) -> None:
    options = {"backend": "llm", "base_url": server.base_url, "api_key": "t", "model": "m", "workers": 8}
    offloaded, inline = BatchSummary(), BatchSummary()
    a = {r.article_id: _comparable(r) for r in extract_many(seed_articles(15), summary=offloaded, cpu_processes=1, **options)}
    b = {r.article_id: _comparable(r) for r in extract_many(seed_articles(15), summary=inline, cpu_processes=0, **options)}
    assert offloaded.cpu_processes == 1 and inline.cpu_processes == 0
    assert len(a) == 15 and a == b
    assert all(r["meetings"] and r["run"]["reconciled"] for r in a.values())


def test_a_killed_validation_worker_loses_no_article(server: OpenAIServer) -> None:
    articles = seed_articles(20)
    summary = BatchSummary()
    engine = build_engine(
        articles, backend="llm", base_url=server.base_url, api_key="t", model="m", workers=4, cpu_processes=1, summary=summary
    )
    results = []
    try:
        for outcome in engine.run():
            results.append(outcome)
            pool = engine._cpu_pool
            if len(results) == 3 and pool is not None:
                for pid in list(pool._processes):  # what the OOM killer does to a worker
                    os.kill(pid, signal.SIGKILL)
    finally:
        engine.close()
    assert sorted(r.article_id for r in results) == sorted(a.id for a in articles)
    assert all(r.meetings for r in results)
    assert any("validation worker process died" in n for n in summary.notices)


def test_offload_only_when_the_loop_is_busy_and_cores_are_free() -> None:
    cores = os.cpu_count() or 1
    assert default_cpu_processes(1) == 0
    assert default_cpu_processes(16) == (min(cores - 1, 4) if cores >= 2 else 0)


def test_cli_cpu_workers_flag_sets_the_validation_processes(tmp_path: Path, server: OpenAIServer) -> None:
    import subprocess
    import sys

    data = tmp_path / "c.jsonl"
    data.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in seed_articles(6)), encoding="utf-8")
    summaries = {}
    for flag in ("0", "1"):
        proc = subprocess.run(
            [sys.executable, "-m", "extractor", "batch", str(data), "--out", str(tmp_path / f"r{flag}.jsonl"), "--backend", "llm",
             "--base-url", server.base_url, "--api-key", "t", "--model", "m", "--workers", "4", "--cpu-workers", flag, "--json-summary"],
            capture_output=True, text=True, timeout=120, cwd=REPO,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        summaries[flag] = json.loads(proc.stdout)
        assert summaries[flag]["articles"] == 6
    assert summaries["0"]["cpu_processes"] == 0 and summaries["1"]["cpu_processes"] == 1
    assert summaries["0"]["meetings"] == summaries["1"]["meetings"] > 0

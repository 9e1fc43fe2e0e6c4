"""Unit tests of the batch pieces: JSONL output and repair, the SQLite cache, the engine with a stand-in pipeline."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import itertools
import json
import sqlite3
import time
from pathlib import Path

import pytest

from extractor.articles import Article
from extractor.batch import (
    BatchSummary,
    LoadFailure,
    OutputExistsError,
    aextract_many,
    extract_many,
    run_batch,
)
from extractor.batch.cache import ResultCache
from extractor.batch.output import (
    JsonlWriter,
    prepare_output,
    read_done_ids,
    repair_partial_line,
)
from extractor.batch.ratelimit import RateLimiter
from schemas import ArticleExtraction, ErrorRecord, Meeting, RunInfo


class CountingPipeline:
    """Stands in for Pipeline: one meeting per article, counts calls, fails on articles whose text says FAIL."""

    def __init__(self, backend: str = "llm", delay: float = 0.0) -> None:
        self.backend = backend
        self.backend_reason = "test"
        self.delay = delay
        self.calls = 0
        self.in_flight = 0
        self.max_in_flight = 0

    def cache_key(self, article: Article) -> str:
        return hashlib.sha256(article.text.encode()).hexdigest()

    def _result(self, article: Article) -> ArticleExtraction:
        self.calls += 1
        result = ArticleExtraction(
            article_id=article.id,
            meetings=[Meeting(id="m1", status="held", format="in_person", countries=["JPN", "USA"])],
            run=RunInfo(backend=self.backend, tokens_in=10, tokens_out=5),
        )
        if "FAIL" in article.text:
            result.errors.append(ErrorRecord(stage="llm", kind="gave_up", message="endpoint gave up"))
            result.run.fallback = "rules"  # type: ignore[union-attr]
        return result

    def extract(self, article: Article) -> ArticleExtraction:
        if self.delay:
            time.sleep(self.delay)
        return self._result(article)

    async def aextract(self, article: Article) -> ArticleExtraction:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
        finally:
            self.in_flight -= 1
        return self._result(article)

    def close(self) -> None:
        pass


def articles(n: int, prefix: str = "a") -> list[Article]:
    return [Article(id=f"{prefix}{i}", text=f"Article number {i} about talks.") for i in range(n)]


# -- output --------------------------------------------------------------------------------------


def test_repair_truncates_partial_last_line(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_bytes(b'{"article_id": "a"}\n{"article_id": "b"}\n{"article_id": "c", "mee')
    removed = repair_partial_line(out)
    assert removed == len(b'{"article_id": "c", "mee')
    assert out.read_bytes() == b'{"article_id": "a"}\n{"article_id": "b"}\n'
    assert read_done_ids(out) == {"a", "b"}


def test_repair_of_a_file_without_any_newline_empties_it(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_bytes(b"x" * 200_000)
    assert repair_partial_line(out) == 200_000
    assert out.read_bytes() == b""


def test_done_ids_skip_garbage_lines(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text('{"article_id": "a"}\nnot json\n[1, 2]\n{"article_id": "b"}\n', encoding="utf-8")
    assert read_done_ids(out) == {"a", "b"}


def test_existing_output_needs_resume_or_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    out.write_text('{"article_id": "a"}\n', encoding="utf-8")
    with pytest.raises(OutputExistsError, match="--resume"):
        prepare_output(out, resume=False, overwrite=False)
    assert prepare_output(out, resume=False, overwrite=True) == set()
    assert prepare_output(out, resume=True, overwrite=False) == {"a"}


def test_writer_syncs_in_batches_and_on_close(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    with JsonlWriter(out, append=False, sync_every=3, sync_interval=3600) as writer:
        writer.write_obj({"article_id": "a"})
        writer.write_obj({"article_id": "b"})
        assert writer._unsynced == 2
        writer.write_obj({"article_id": "c"})
        assert writer._unsynced == 0
        writer.write_obj({"article_id": "d"})
    assert read_done_ids(out) == {"a", "b", "c", "d"}


# -- cache ---------------------------------------------------------------------------------------


def test_cache_round_trip_for_another_article_with_the_same_text(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    result = ArticleExtraction(
        article_id="x", title="Old", meetings=[Meeting(id="m1", status="held", format="phone", countries=["KOR", "USA"])],
        run=RunInfo(backend="llm", tokens_in=7),
    )
    cache.put("k1", result)
    article = Article(id="y", text="t", title="New title", published=dt.date(2024, 1, 18))
    hit = cache.get("k1")
    assert hit is not None and (hit.meetings, hit.statements) == (1, 0)
    line = json.loads(hit.to_line(article))
    assert (line["article_id"], line["title"], line["published"]) == ("y", "New title", "2024-01-18")
    assert line["run"]["cached"] is True and line["run"]["tokens_in"] == 7
    model = cache.get_model("k1", article)
    assert model is not None and model.meetings == result.meetings and model.article_id == "y"
    cache.close()


def test_corrupt_cache_rows_are_dropped_and_missed(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put("k1", ArticleExtraction(article_id="x"))
    cache.put("k2", ArticleExtraction(article_id="x"))
    cache._conn.execute("UPDATE results SET core = '{\"meetings\": [' WHERE key = 'k1'")  # digest no longer matches
    assert cache.get("k1") is None and cache.corrupt == 1
    assert cache.get("k1") is None and cache.corrupt == 1  # the bad row is gone: a plain miss now
    # A row with a matching digest whose records no longer fit the schema is dropped when a model is wanted.
    core, run = '{"meetings": [{"id": "bad"}]}', '{"backend": "llm"}'
    from extractor.batch.cache import _digest

    cache._conn.execute("UPDATE results SET core = ?, run = ?, digest = ? WHERE key = 'k2'", (core, run, _digest(core, run)))
    assert cache.get_model("k2", Article(id="x", text="t")) is None
    assert len(cache) == 0
    cache.close()


def test_cache_file_that_is_not_a_database_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "results.sqlite3").write_bytes(b"this is not sqlite" * 100)
    cache = ResultCache(tmp_path)
    assert cache.notice and "moved" in cache.notice
    cache.put("k", ArticleExtraction(article_id="x"))
    assert len(cache) == 1
    assert list(tmp_path.glob("results.sqlite3.corrupt-*"))
    cache.close()


def test_cache_uses_wal_mode(tmp_path: Path) -> None:
    ResultCache(tmp_path).close()
    mode = sqlite3.connect(tmp_path / "results.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


# -- engine --------------------------------------------------------------------------------------


def test_async_backend_bounds_in_flight_and_returns_every_article() -> None:
    pipeline = CountingPipeline(delay=0.02)
    summary = BatchSummary()
    results = list(extract_many(articles(40), workers=5, summary=summary, pipeline_factory=lambda: pipeline))
    assert sorted(r.article_id for r in results) == sorted(f"a{i}" for i in range(40))
    assert pipeline.max_in_flight == 5
    assert summary.articles == 40 and summary.meetings == 40
    assert summary.execution == "async" and summary.tokens_in == 400


def test_concurrency_makes_waiting_backends_fast() -> None:
    pipeline = CountingPipeline(delay=0.1)
    started = time.perf_counter()
    results = list(extract_many(articles(20), workers=10, pipeline_factory=lambda: pipeline))
    assert len(results) == 20
    assert time.perf_counter() - started < 1.0  # sequentially this would take 2 s


def test_cache_makes_a_rerun_call_nothing(tmp_path: Path) -> None:
    first = CountingPipeline()
    list(extract_many(articles(10), cache_dir=tmp_path, pipeline_factory=lambda: first))
    assert first.calls == 10
    second = CountingPipeline()
    summary = BatchSummary()
    again = list(extract_many(articles(10), cache_dir=tmp_path, summary=summary, pipeline_factory=lambda: second))
    assert second.calls == 0
    assert summary.cached == 10 and summary.tokens_in == 0
    assert all(r.run is not None and r.run.cached for r in again)


def test_cached_result_takes_the_new_articles_metadata(tmp_path: Path) -> None:
    list(extract_many([Article(id="one", text="Same text.", title="T1")], cache_dir=tmp_path, pipeline_factory=CountingPipeline))
    (hit,) = list(extract_many([Article(id="two", text="Same text.", title="T2")], cache_dir=tmp_path, pipeline_factory=CountingPipeline))
    assert (hit.article_id, hit.title) == ("two", "T2")


def test_failed_results_are_not_cached(tmp_path: Path) -> None:
    batch = [Article(id="bad", text="FAIL here"), Article(id="good", text="fine")]
    list(extract_many(batch, cache_dir=tmp_path, pipeline_factory=CountingPipeline))
    second = CountingPipeline()
    list(extract_many(batch, cache_dir=tmp_path, pipeline_factory=lambda: second))
    assert second.calls == 1  # the failed article is retried, the good one comes from the cache


def test_skip_ids_and_duplicate_ids() -> None:
    failures: list[LoadFailure] = []
    batch = articles(5) + [Article(id="a1", text="a second article with the same id")]
    summary = BatchSummary()
    results = list(
        extract_many(batch, skip_ids={"a0"}, summary=summary, on_load_error=failures.append, pipeline_factory=CountingPipeline)
    )
    assert sorted(r.article_id for r in results) == ["a1", "a2", "a3", "a4"]
    assert summary.skipped == 1
    assert [f.error.kind for f in failures] == ["duplicate_id"]


def test_pipeline_that_raises_still_gives_a_record() -> None:
    class Exploding(CountingPipeline):
        async def aextract(self, article: Article) -> ArticleExtraction:
            raise RuntimeError("boom")

    (result,) = list(extract_many(articles(1), pipeline_factory=Exploding))
    assert result.article_id == "a0"
    assert [(e.stage, e.kind, e.message) for e in result.errors] == [("pipeline", "RuntimeError", "boom")]


def test_rules_backend_runs_inline_or_on_processes() -> None:
    summary = BatchSummary()
    inline = list(extract_many(articles(5), summary=summary, pipeline_factory=lambda: CountingPipeline("rules")))
    assert summary.execution == "inline" and len(inline) == 5
    summary = BatchSummary()
    pooled = list(extract_many(articles(50), workers=2, summary=summary, pipeline_factory=_rules_counting_pipeline))
    assert summary.execution == "processes"
    assert sorted(r.article_id for r in pooled) == sorted(f"a{i}" for i in range(50))


def _rules_counting_pipeline() -> CountingPipeline:
    return CountingPipeline("rules")


def test_async_api_inside_a_running_loop() -> None:
    async def collect() -> list[str]:
        return [r.article_id async for r in aextract_many(articles(6), workers=3, pipeline_factory=CountingPipeline)]

    assert sorted(asyncio.run(collect())) == sorted(f"a{i}" for i in range(6))


def test_breaking_out_early_cancels_in_flight_work() -> None:
    pipeline = CountingPipeline(delay=0.05)
    stream = extract_many(articles(100), workers=4, pipeline_factory=lambda: pipeline)
    first = next(stream)
    stream.close()
    assert first.article_id.startswith("a")
    assert pipeline.calls < 100 and pipeline.in_flight == 0


def test_rate_limit_spaces_starts() -> None:
    async def starts() -> list[float]:
        limiter = RateLimiter(rpm=600)  # one every 0.1 s
        times = []
        for _ in range(4):
            await limiter.acquire()
            times.append(time.monotonic())
        return times

    times = asyncio.run(starts())
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(g >= 0.09 for g in gaps), gaps


# -- files ---------------------------------------------------------------------------------------


def test_run_batch_writes_results_and_errors_then_resumes(tmp_path: Path) -> None:
    out, errors = tmp_path / "r.jsonl", tmp_path / "e.jsonl"
    batch = articles(6) + [Article(id="bad", text="FAIL", path="bad.txt")]
    summary = run_batch(batch[:4], out, errors_path=errors, pipeline_factory=CountingPipeline)
    assert summary.articles == 4
    with pytest.raises(OutputExistsError):
        run_batch(batch, out, errors_path=errors, pipeline_factory=CountingPipeline)
    # Simulate a crash mid-line, then resume with the whole batch.
    with out.open("ab") as fh:
        fh.write(b'{"article_id": "a4", "meet')
    summary = run_batch(batch, out, errors_path=errors, resume=True, pipeline_factory=CountingPipeline)
    assert summary.skipped == 4 and summary.articles == 3
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    ids = [line["article_id"] for line in lines]
    assert sorted(ids) == sorted(a.id for a in batch) and len(ids) == len(set(ids))
    (error,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert error == {"article_id": "bad", "path": None, "line": None, "stage": "llm", "kind": "gave_up", "message": "endpoint gave up"}


# -- inputs --------------------------------------------------------------------------------------


def test_inputs_folders_and_corpora_stream_with_errors_per_record(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    big_text = "Officials met in Seoul. " * 300_000  # 7 MB: over the per-file limit, fine for a corpus as a whole
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(300):
            fh.write(json.dumps({"id": f"c{i}", "text": f"Record {i}. " + "Officials met in Seoul. " * 20}) + "\n")
        fh.write("{not json\n")
        fh.write(json.dumps({"id": "huge", "text": big_text}) + "\n")
    failures: list[LoadFailure] = []
    results = list(
        extract_many([seeds_dir, corpus, tmp_path / "missing.txt"], on_load_error=failures.append, pipeline_factory=CountingPipeline)
    )
    ids = {r.article_id for r in results}
    assert {p.stem for p in seeds_dir.glob("*.txt")} <= ids
    assert {f"c{i}" for i in range(300)} <= ids
    assert len(results) == 305
    messages = sorted(f.error.message for f in failures)
    assert len(messages) == 3
    assert any("corpus.jsonl:301" in m and "invalid JSON" in m for m in messages)
    assert any("corpus.jsonl:302" in m and "too large" in m for m in messages)
    assert any("missing.txt" in m for m in messages)


def test_resume_command_swaps_overwrite_for_resume_and_hides_the_api_key() -> None:
    from extractor.cli.batch_cmd import resume_command

    plain = resume_command(["/x/extractor", "batch", "in dir", "--out", "r.jsonl", "--overwrite"])
    assert plain == "extractor batch 'in dir' --out r.jsonl --resume"
    secret = resume_command(["/x/__main__.py", "batch", "a.jsonl", "--out", "r.jsonl", "--api-key", "sk-123", "--api-key=sk-456"])
    assert secret.startswith("python -m extractor batch a.jsonl --out r.jsonl --resume\n")
    assert "sk-" not in secret and "OPENAI_API_KEY" in secret


def test_ctrl_c_during_a_write_takes_effect_after_it() -> None:
    import os
    import signal

    from extractor.batch.output import deferred_interrupt

    finished = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupt():
            os.kill(os.getpid(), signal.SIGINT)  # delivered now, held until the block ends
            time.sleep(0.05)
            finished.append(ArticleExtraction(article_id="a").model_dump_json())
    assert len(finished) == 1 and '"article_id":"a"' in finished[0]  # the write ran to its end
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with deferred_interrupt():
        pass  # no signal: nothing raised

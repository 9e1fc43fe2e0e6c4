"""`extract_many` / `aextract_many`: the Python API for batches (results stream out as articles finish)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Container, Iterable, Iterator
from contextlib import aclosing, closing
from typing import Any

from extractor.articles import Article
from extractor.batch.runner import BatchEngine, PipelineFactory, make_factory
from extractor.batch.sources import BatchInput
from extractor.batch.summary import BatchSummary, LoadFailure
from schemas import ArticleExtraction

LoadErrorHandler = Callable[[LoadFailure], None]


def _as_inputs(inputs: Iterable[BatchInput] | BatchInput) -> Iterable[BatchInput]:
    if isinstance(inputs, (str, os.PathLike, Article)):
        return [inputs]
    return inputs


def build_engine(
    inputs: Iterable[BatchInput] | BatchInput,
    *,
    backend: str = "auto",
    workers: int | None = None,
    cache_dir: os.PathLike[str] | str | None = None,
    reconcile: bool = True,
    rpm: float | None = None,
    skip_ids: Container[str] = frozenset(),
    summary: BatchSummary | None = None,
    pipeline_factory: PipelineFactory | None = None,
    cached_lines: bool = False,
    cpu_processes: int | None = None,
    **options: Any,
) -> BatchEngine:
    """The engine behind `extract_many` (the CLI uses it directly, with cache hits as ready output lines).

    `cpu_processes`: for endpoint backends, worker processes that validate and reconcile answers
    beside the event loop (default: one per core but one, up to 4, when 4+ articles are in flight; 0 = inline).
    """
    options = {k: v for k, v in options.items() if v is not None}
    factory = pipeline_factory or make_factory(backend, reconcile, options)
    return BatchEngine(
        _as_inputs(inputs), factory=factory, workers=workers, cache_dir=cache_dir, rpm=rpm, skip_ids=skip_ids,
        summary=summary, cached_lines=cached_lines, cpu_processes=cpu_processes,
    )


def extract_many(
    inputs: Iterable[BatchInput] | BatchInput,
    *,
    backend: str = "auto",
    workers: int | None = None,
    cache_dir: os.PathLike[str] | str | None = None,
    reconcile: bool = True,
    rpm: float | None = None,
    skip_ids: Container[str] = frozenset(),
    summary: BatchSummary | None = None,
    on_load_error: LoadErrorHandler | None = None,
    pipeline_factory: PipelineFactory | None = None,
    **options: Any,
) -> Iterator[ArticleExtraction]:
    """Extract every article in `inputs` (files, folders, .jsonl corpora, Article objects); yield results as they finish.

    Results come in completion order, not input order. Inputs that cannot be
    read have no result: they go to `on_load_error` and are counted in
    `summary` (pass a `BatchSummary` to read the totals afterwards). A string
    is a path, never article text. `options` are the Pipeline's (base_url,
    model, api_key, mode, timeout, max_attempts, deadline).
    """
    engine = build_engine(
        inputs, backend=backend, workers=workers, cache_dir=cache_dir, reconcile=reconcile, rpm=rpm,
        skip_ids=skip_ids, summary=summary, pipeline_factory=pipeline_factory, **options,
    )
    try:
        with closing(engine.run()) as outcomes:
            for outcome in outcomes:
                if isinstance(outcome, LoadFailure):
                    if on_load_error is not None:
                        on_load_error(outcome)
                elif isinstance(outcome, ArticleExtraction):
                    yield outcome
    finally:
        engine.close()


async def aextract_many(
    inputs: Iterable[BatchInput] | BatchInput,
    *,
    backend: str = "auto",
    workers: int | None = None,
    cache_dir: os.PathLike[str] | str | None = None,
    reconcile: bool = True,
    rpm: float | None = None,
    skip_ids: Container[str] = frozenset(),
    summary: BatchSummary | None = None,
    on_load_error: LoadErrorHandler | None = None,
    pipeline_factory: PipelineFactory | None = None,
    **options: Any,
) -> AsyncIterator[ArticleExtraction]:
    """Async variant of `extract_many` for callers inside an event loop (every backend runs on this loop)."""
    engine = build_engine(
        inputs, backend=backend, workers=workers, cache_dir=cache_dir, reconcile=reconcile, rpm=rpm,
        skip_ids=skip_ids, summary=summary, pipeline_factory=pipeline_factory, **options,
    )
    try:
        async with aclosing(engine.arun()) as outcomes:
            async for outcome in outcomes:
                if isinstance(outcome, LoadFailure):
                    if on_load_error is not None:
                        on_load_error(outcome)
                elif isinstance(outcome, ArticleExtraction):
                    yield outcome
    finally:
        engine.close()


__all__ = ["aextract_many", "build_engine", "extract_many"]

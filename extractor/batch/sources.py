"""Inputs of a batch as a lazy stream of Articles and load failures (files, folders, .jsonl corpora)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor.articles import Article
from extractor.batch.summary import LoadFailure
from schemas import ErrorRecord

BatchInput = str | os.PathLike[str] | Article


def load_failure(exc: Any, path: Path | str | None = None, line: int | None = None) -> LoadFailure:
    """A LoadFailure from an `ArticleLoadError` (or any exception raised while reading an input).

    The loader names a bad .jsonl record `file:line`; the line number is kept apart for --errors.
    """
    source = getattr(exc, "source", None)
    if line is None and isinstance(source, str) and ":" in source and source.rsplit(":", 1)[1].isdigit():
        source, number = source.rsplit(":", 1)
        line = int(number)
    path = path or getattr(exc, "path", None) or source
    kind = getattr(exc, "kind", None) or type(exc).__name__
    message = str(exc) or kind
    return LoadFailure(ErrorRecord(stage="load", kind=str(kind), message=str(message), path=str(path) if path else None), line)


def iter_sources(inputs: Iterable[BatchInput]) -> Iterator[Article | LoadFailure]:
    """Articles in input order: Article objects pass through, paths are expanded and loaded lazily."""
    paths: list[Path] = []
    for item in inputs:
        if isinstance(item, Article):
            yield from _load_paths(paths)
            paths = []
            yield item
        else:
            paths.append(Path(item))
    yield from _load_paths(paths)


def _load_paths(paths: list[Path]) -> Iterator[Article | LoadFailure]:
    if not paths:
        return
    from extractor.articles import ArticleLoadError, iter_input_paths, load_articles

    missing = [p for p in paths if not p.exists()]
    for path in missing:
        yield LoadFailure(ErrorRecord(stage="load", kind="not_found", message=f"{path}: no such file or folder", path=str(path)))
    existing = [p for p in paths if p.exists()]
    if not existing:
        return
    for path in iter_input_paths(existing):
        try:
            for item in load_articles(path):
                yield load_failure(item) if isinstance(item, ArticleLoadError) else item
        except Exception as exc:  # noqa: BLE001 - a loader bug on one file must not stop the batch
            yield load_failure(exc, path)


def count_inputs(inputs: Iterable[BatchInput]) -> int | None:
    """A quick estimate of how many articles the inputs hold (for the progress bar's ETA); None if unknown."""
    from extractor.articles import iter_input_paths

    total = 0
    paths: list[Path] = []
    for item in inputs:
        if isinstance(item, Article) or not Path(item).exists():
            total += 1  # an article, or a missing path's one load error
        else:
            paths.append(Path(item))
    try:
        for path in iter_input_paths(paths) if paths else ():
            if path.suffix.lower() == ".jsonl":
                with path.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                total += 1
    except OSError:
        return None
    return total


__all__ = ["BatchInput", "count_inputs", "iter_sources", "load_failure"]

"""Inputs of a batch as a lazy stream of Articles and load failures (files, folders, .jsonl corpora)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor.articles import Article
from extractor.batch.summary import LoadFailure
from schemas import ErrorRecord

BatchInput = str | os.PathLike[str] | Article


def load_failure(exc: Any, path: Path | str | None = None, line: int | None = None) -> LoadFailure:
    """A LoadFailure from an `ArticleLoadError` (or any exception raised while reading an input)."""
    path = path or getattr(exc, "path", None) or getattr(exc, "source", None)
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
            if path.suffix.lower() == ".jsonl" and path.is_file():
                yield from _stream_jsonl(path)
                continue
            for item in load_articles(path):
                yield load_failure(item) if isinstance(item, ArticleLoadError) else item
        except Exception as exc:  # noqa: BLE001 - a loader bug on one file must not stop the batch
            yield load_failure(exc, path)


def _stream_jsonl(path: Path) -> Iterator[Article | LoadFailure]:
    """A .jsonl corpus record by record, so its size is not limited and memory stays flat.

    `load_articles` reads a whole file (up to its size limit); a corpus can be
    far larger, so here each line goes through the loader's record builder on
    its own, with the per-article size limit applying to each record.
    """
    from extractor.articles import DEFAULT_MAX_BYTES, ArticleLoadError
    from extractor.articles.loading import build_article
    from extractor.articles.readers import decode_text, record_to_raw

    limit = DEFAULT_MAX_BYTES * 2  # a record's JSON escapes can double the size of its text
    with path.open("rb") as fh:
        lineno = 0
        while True:
            raw = fh.readline(limit + 1)
            if not raw:
                return
            lineno += 1
            where = f"{path}:{lineno}"
            if len(raw) > limit and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the oversized line
                    raw = fh.readline(limit + 1)
                yield LoadFailure(ErrorRecord(stage="load", kind="ArticleLoadError", message=f"{where}: record too large (over {limit // 1048576} MB)", path=str(path)), lineno)
                continue
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_text(raw, where).strip())
                yield build_article(record_to_raw(record, where, f"{path.stem}-{lineno}", DEFAULT_MAX_BYTES), path)
            except json.JSONDecodeError as exc:
                message = f"{where}: invalid JSON ({exc.msg} at column {exc.colno})"
                yield LoadFailure(ErrorRecord(stage="load", kind="ArticleLoadError", message=message, path=str(path)), lineno)
            except ArticleLoadError as exc:
                yield load_failure(exc, path, lineno)


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

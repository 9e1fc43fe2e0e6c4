"""A batch written to files: results JSONL, errors JSONL, resume, progress. The `extractor batch` command runs this."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing, nullcontext
from pathlib import Path
from typing import Any

from rich.console import Console

from extractor.batch.api import build_engine
from extractor.batch.output import (
    JsonlWriter,
    OutputExistsError,
    deferred_interrupt,
    iter_jsonl,
    prepare_output,
    repair_partial_line,
)
from extractor.batch.progress import BatchProgress
from extractor.batch.sources import BatchInput, count_inputs
from extractor.batch.summary import BatchSummary, CachedLine, LoadFailure
from schemas import ArticleExtraction, ErrorRecord


def error_line(error: ErrorRecord, article_id: str | None, line: int | None = None) -> dict[str, Any]:
    """One line of the errors file: which article/file, which stage, what went wrong."""
    return {
        "article_id": article_id,
        "path": error.path,
        "line": line,
        "stage": error.stage,
        "kind": error.kind,
        "message": error.message,
    }


def prepare_errors(path: Path, *, resume: bool, overwrite: bool, done: set[str]) -> None:
    """Check the errors file like the output; on resume keep only the lines of articles already done.

    Errors of articles that will be redone (and load failures, which are met
    again) are dropped, so after a resume each error appears exactly once.
    """
    if not resume:
        if path.exists() and path.stat().st_size > 0 and not overwrite:
            raise OutputExistsError(f"errors file {path} already exists: add --resume to continue that batch, or --overwrite")
        return
    if not path.exists():
        return
    repair_partial_line(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        for _, obj in iter_jsonl(path):
            if isinstance(obj, dict) and obj.get("article_id") in done:
                out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def run_batch(
    inputs: Iterable[BatchInput],
    out: Path,
    *,
    errors_path: Path | None = None,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = False,
    summary: BatchSummary | None = None,
    report_error: Callable[[dict[str, Any]], None] | None = None,
    console: Console | None = None,
    **engine_options: Any,
) -> BatchSummary:
    """Run a batch into `out` (and `errors_path`); return its summary.

    Raises OutputExistsError before doing any work when the output exists and
    neither `resume` nor `overwrite` is set. KeyboardInterrupt propagates after
    everything finished so far has been written and synced
    (`summary.interrupted` is then True). Without an errors file, each error
    line goes to `report_error` instead (the CLI prints it on stderr).
    """
    inputs = list(inputs)
    done = prepare_output(out, resume=resume, overwrite=overwrite)
    if errors_path is not None:
        prepare_errors(errors_path, resume=resume, overwrite=overwrite, done=done)
    summary = summary if summary is not None else BatchSummary()
    engine = build_engine(inputs, skip_ids=done, summary=summary, cached_lines=True, **engine_options)
    total = None
    if progress:
        counted = count_inputs(inputs)
        total = None if counted is None else max(counted - len(done), 0)
    results = JsonlWriter(out, append=resume)
    errors = JsonlWriter(errors_path, append=resume) if errors_path is not None else None
    try:
        with BatchProgress(summary, total, enabled=progress, console=console) as bar, closing(engine.run()) as outcomes:
            for outcome in outcomes:
                # only a model is serialized here: a cached line or a load failure is plain Python to write
                with deferred_interrupt() if isinstance(outcome, ArticleExtraction) else nullcontext():
                    _write(outcome, results, errors, report_error)
                bar.update()
    except KeyboardInterrupt:
        summary.interrupted = True
        raise
    finally:
        results.close()
        if errors is not None:
            errors.close()
        engine.close()
    return summary


def _write(
    outcome: ArticleExtraction | CachedLine | LoadFailure,
    results: JsonlWriter,
    errors: JsonlWriter | None,
    report_error: Callable[[dict[str, Any]], None] | None,
) -> None:
    # Error lines first: once the result line is on disk, resume treats the article (and its errors) as done.
    if isinstance(outcome, CachedLine):  # only clean results are cached: no error lines
        results.write_line(outcome.line)
        return
    if isinstance(outcome, LoadFailure):
        lines = [error_line(outcome.error, None, outcome.line)]
    else:
        lines = [error_line(error, outcome.article_id) for error in outcome.errors]
    for line in lines:
        if errors is not None:
            errors.write_obj(line)
        elif report_error is not None:
            report_error(line)
    if isinstance(outcome, ArticleExtraction):
        results.write_line(outcome.model_dump_json())


__all__ = ["error_line", "prepare_errors", "run_batch"]

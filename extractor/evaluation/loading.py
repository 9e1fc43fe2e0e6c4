"""Reading gold folders and prediction files for scoring, with one-line errors that name the file."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schemas import ArticleExtraction

_BROKEN = object()  # stands for a record that could not be parsed; its `where` says why


class EvalInputError(ValueError):
    """A gold folder or prediction file that cannot be scored; the message is one line naming the file."""


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalInputError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from None


def load_gold(gold_dir: str | Path) -> dict[str, ArticleExtraction]:
    """Every `*.json` in `gold_dir` as an ArticleExtraction, by article_id (the file stem when the file has none)."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise EvalInputError(f"{folder}: gold folder not found")
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise EvalInputError(f"{folder}: no gold files (*.json) in the folder")
    gold: dict[str, ArticleExtraction] = {}
    for path in paths:
        try:
            raw = json.loads(_read_text(path))
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(raw, dict):
            raise EvalInputError(f"{path}: a gold file must hold one JSON object (an ArticleExtraction)")
        raw.setdefault("article_id", path.stem)
        try:
            record = ArticleExtraction.model_validate(raw)
        except ValidationError as exc:
            raise EvalInputError(f"{path}: not a valid ArticleExtraction: {_describe(exc)}") from None
        if record.article_id in gold:
            raise EvalInputError(f"{path}: a second gold file for article {record.article_id!r}")
        gold[record.article_id] = record
    return gold


def _records_in_file(path: Path) -> Iterator[tuple[str, Any]]:
    """(where, raw record) for each record of a JSONL file, a .json file or a folder of .json files."""
    if path.is_dir():
        for child in sorted(path.glob("*.json")):
            yield from _records_in_file(child)
        return
    text = _read_text(path)
    if path.suffix.lower() == ".json":
        try:
            content = json.loads(text)
        except json.JSONDecodeError as exc:
            yield f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})", _BROKEN
            return
        for i, item in enumerate(content if isinstance(content, list) else [content]):
            yield (f"{path}[{i}]" if isinstance(content, list) else str(path)), item
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield f"{path}:{lineno}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"{path}:{lineno}: not valid JSON ({exc.msg})", _BROKEN


def _raw_predictions(predictions: Iterable[ArticleExtraction | dict] | str | Path) -> Iterator[tuple[str, Any]]:
    if isinstance(predictions, (str, Path)):
        path = Path(predictions)
        if not path.exists():
            raise EvalInputError(f"{path}: prediction file not found")
        yield from _records_in_file(path)
    else:
        for i, item in enumerate(predictions):
            yield f"prediction #{i}", item


def load_predictions(
    predictions: Iterable[ArticleExtraction | dict] | str | Path,
) -> tuple[dict[str, ArticleExtraction], list[str]]:
    """Predictions by article_id, and one message per record that was skipped (broken, invalid or a duplicate)."""
    found: dict[str, ArticleExtraction] = {}
    problems: list[str] = []
    for where, raw in _raw_predictions(predictions):
        if raw is _BROKEN:
            problems.append(where)
            continue
        if isinstance(raw, ArticleExtraction):
            record = raw
        else:
            try:
                record = ArticleExtraction.model_validate(raw)
            except ValidationError as exc:
                problems.append(f"{where}: not a valid ArticleExtraction: {_describe(exc)}")
                continue
        if record.article_id in found:
            problems.append(f"{where}: a second prediction for article {record.article_id!r}; the first is kept")
            continue
        found[record.article_id] = record
    return found, problems

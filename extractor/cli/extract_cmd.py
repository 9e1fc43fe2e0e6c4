"""`extractor extract FILE...`: extract one or more article files and print the records as JSON."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from extractor.cli.app import app
from extractor.cli.options import (
    ApiKey,
    Backend,
    BaseUrl,
    Mode,
    Model,
    NoReconcile,
    llm_options,
)


@app.command("extract")
def extract_cmd(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .md, .json, .jsonl, .html).")],
    backend: Backend = "auto",
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD, overriding the article's own.")] = None,
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    no_reconcile: NoReconcile = False,
    compact: Annotated[bool, typer.Option("--compact", help="One JSON line per article instead of indented JSON.")] = False,
) -> None:
    """Print an ArticleExtraction per article (JSON). Load errors are reported on stderr; the rest go on."""
    from extractor.articles import ArticleLoadError, load_articles
    from extractor.pipeline import Pipeline

    try:
        published_date = dt.date.fromisoformat(published) if published else None
    except ValueError:
        typer.echo(f"error: --published {published!r} is not a date like 2024-01-18", err=True)
        raise typer.Exit(2) from None
    try:
        pipeline = Pipeline(backend, reconcile=not no_reconcile, **llm_options(base_url, model, api_key, mode))
    except (ValueError, RuntimeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"backend: {pipeline.backend} ({pipeline.backend_reason})", err=True)
    failures = 0
    with pipeline:
        for path in paths:
            for item in load_articles(path):
                if isinstance(item, ArticleLoadError):
                    failures += 1
                    typer.echo(f"error: {item}", err=True)
                    continue
                if published_date is not None:
                    item.published = published_date
                result = pipeline.extract(item)
                for error in result.errors:
                    typer.echo(f"warning: {item.id}: {error.stage}/{error.kind}: {error.message}", err=True)
                sys.stdout.write(result.model_dump_json(indent=None if compact else 2, exclude_none=False) + "\n")
                sys.stdout.flush()
    if failures:
        raise typer.Exit(1)

"""`extractor eval`: score predictions (a JSONL file, or a fresh extraction run) against a gold folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from extractor.cli.app import app
from extractor.cli.options import ApiKey, Backend, BaseUrl, Mode, Model, llm_options
from schemas import ArticleExtraction


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _write(path: Path, text: str, what: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"{path}: cannot write {what} ({exc.strerror or exc})") from None


def _run_extraction(articles: Path, backend: str, options: dict[str, Any]) -> list[ArticleExtraction]:
    """Extract every article under `articles`; load failures are reported on stderr and skipped."""
    from extractor.articles import ArticleLoadError, iter_input_paths, load_articles
    from extractor.pipeline import Pipeline

    if not articles.exists():
        raise _fail(f"{articles}: articles folder or file not found")
    try:
        pipeline = Pipeline(backend, **options)
    except (ValueError, RuntimeError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"backend: {pipeline.backend} ({pipeline.backend_reason})", err=True)
    results: list[ArticleExtraction] = []
    with pipeline:
        for path in iter_input_paths([articles]):
            for item in load_articles(path):
                if isinstance(item, ArticleLoadError):
                    typer.echo(f"warning: skipped article: {item}", err=True)
                    continue
                result = pipeline.extract(item)
                for error in result.errors:
                    typer.echo(f"warning: {item.id}: {error.stage}/{error.kind}: {error.message}", err=True)
                results.append(result)
    return results


@app.command("eval")
def eval_cmd(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold fixtures, one <article_id>.json each.")],
    pred: Annotated[Path | None, typer.Option("--pred", help="Predictions to score: a JSONL file of ArticleExtraction records.")] = None,
    articles: Annotated[Path | None, typer.Option("--articles", help="Extract these articles (a folder or file) and score the result.")] = None,
    backend: Backend = "auto",
    base_url: BaseUrl = None,
    model: Model = None,
    api_key: ApiKey = None,
    mode: Mode = None,
    save_pred: Annotated[Path | None, typer.Option("--save-pred", help="With --articles: also write the predictions here (JSONL).")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report (JSON) to this file.")] = None,
) -> None:
    """Print meeting, participant and statement P/R/F1, per-field accuracies and per-article rows (worst first)."""
    from extractor.evaluation import EvalInputError, evaluate
    from extractor.evaluation.loading import load_gold
    from extractor.evaluation.render import print_report

    if (pred is None) == (articles is None):
        raise _fail("give exactly one of --pred FILE.jsonl or --articles DIR")
    if save_pred is not None and articles is None:
        raise _fail("--save-pred needs --articles")
    try:
        if pred is not None:
            report = evaluate(gold, pred)
        else:
            assert articles is not None
            load_gold(gold)  # check the gold folder before spending time on extraction
            predictions = _run_extraction(articles, backend, llm_options(base_url, model, api_key, mode))
            if save_pred is not None:
                _write(save_pred, "".join(p.model_dump_json() + "\n" for p in predictions), "predictions")
            report = evaluate(gold, predictions)
    except EvalInputError as exc:
        raise _fail(str(exc)) from None
    for problem in report.prediction_errors:
        typer.echo(f"warning: skipped prediction: {problem}", err=True)
    if json_out is not None:  # written before printing, so a closed stdout pipe cannot lose it
        _write(json_out, report.model_dump_json(indent=2) + "\n", "the report")
    print_report(report)

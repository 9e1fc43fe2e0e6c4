"""`extractor report results.jsonl --out report.html`: the HTML review report of a results file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractor.cli.app import app


@app.command("report")
def report_cmd(
    results: Annotated[Path, typer.Argument(help="Results: a JSONL file of ArticleExtraction (as `batch` writes), a .json file or a folder of them.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write (self-contained; open it in a browser).")],
    articles: Annotated[
        Path | None, typer.Option("--articles", "-a", help="File or folder of the articles, to show their text with highlighted spans.")
    ] = None,
    gold: Annotated[Path | None, typer.Option("--gold", "-g", help="Folder of <article_id>.json gold fixtures: adds F1, missed and spurious records.")] = None,
    title: Annotated[str, typer.Option("--title", help="Heading of the report page.")] = "Extraction review",
) -> None:
    """Write one self-contained HTML page to review extractions: spans on the text, records, problems, and gold differences."""
    from extractor.report import ReportInputError, render_report

    try:
        html = render_report(results, articles=articles, gold_dir=gold, title=title)
    except ReportInputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as exc:
        typer.echo(f"error: {out}: cannot write ({exc.strerror or exc})", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"wrote {out} ({len(html.encode('utf-8')) / 1e6:.1f} MB)", err=True)

"""Printing an EvalReport as readable rich tables: headline, per-field scores, articles worst first."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from extractor.evaluation.report import MEAN_FIELDS, ArticleScores, Counts, EvalReport


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _article_badness(article: ArticleScores) -> float:
    """Sort key putting the worst article first: the mean of its three headline F1s."""
    h = article.headline
    return (h.meeting_f1 + h.participant_f1 + h.statement_f1) / 3


def headline_table(report: EvalReport) -> Table:
    """Precision, recall, F1 and counts of meetings, participant names and statements, plus the field mean."""
    table = Table(title="Headline (micro-averaged over articles)")
    for column in ("records", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "records" else "right")
    rows: list[tuple[str, Counts]] = [
        ("meetings", report.meetings),
        ("participant names", report.participants),
        ("statements", report.statements),
    ]
    for label, c in rows:
        table.add_row(label, _num(c.precision), _num(c.recall), _num(c.f1), str(c.tp), str(c.fp), str(c.fn))
    table.add_row("field mean", "", "", _num(report.headline.field_mean), "", "", "", style="bold")
    return table


def fields_table(report: EvalReport) -> Table:
    """Per-field scores on matched pairs (accuracy, or set F1 for countries, participants and topics)."""
    table = Table(title="Fields on matched pairs")
    table.add_column("field")
    table.add_column("score", justify="right")
    scores = report.fields.model_dump()
    for name in MEAN_FIELDS:
        table.add_row(name, _num(scores[name]))
    table.add_row("mean", _num(report.fields.mean), style="bold")
    return table


def articles_table(report: EvalReport) -> Table:
    """One row per gold article, worst first."""
    table = Table(title="Articles (worst first; g/p = gold/predicted records; * = no prediction)")
    table.add_column("article", no_wrap=True)
    for column in ("meet F1", "names F1", "stmt F1", "fields", "meet g/p", "stmt g/p"):
        table.add_column(column, justify="right", min_width=5)
    for a in sorted(report.articles, key=lambda a: (_article_badness(a), a.article_id)):
        m, s = a.meetings, a.statements
        table.add_row(
            a.article_id if a.predicted else f"{a.article_id} *",
            _num(a.headline.meeting_f1),
            _num(a.headline.participant_f1),
            _num(a.headline.statement_f1),
            _num(a.headline.field_mean),
            f"{m.tp + m.fn}/{m.tp + m.fp}",
            f"{s.tp + s.fn}/{s.tp + s.fp}",
        )
    return table


def print_report(report: EvalReport, console: Console | None = None) -> None:
    """Print the headline, field and article tables, then how many predictions were not scored (listed in the report)."""
    console = console or Console()
    console.print(headline_table(report))
    console.print(fields_table(report))
    console.print(articles_table(report))
    if report.no_gold:
        console.print(f"no gold (not scored): {', '.join(report.no_gold)}", markup=False, soft_wrap=True)
    if report.prediction_errors:
        console.print(f"skipped {len(report.prediction_errors)} prediction record(s) that could not be read")

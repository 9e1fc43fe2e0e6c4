"""The progress bar (articles done, rate, ETA, errors so far) and the end-of-batch summary table, on stderr."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from extractor.batch.summary import BatchSummary


class BatchProgress:
    """A rich progress bar fed from a BatchSummary; does nothing when disabled (stderr not a terminal)."""

    def __init__(self, summary: BatchSummary, total: int | None, *, enabled: bool, console: Console | None = None) -> None:
        self.summary = summary
        self.enabled = enabled
        self.console = console or Console(stderr=True)
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        if enabled:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f}/s"),
                TextColumn("errors: {task.fields[errors]}"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._task = self._progress.add_task(f"{summary.backend}", total=total, rate=0.0, errors=0)

    def update(self) -> None:
        """Refresh from the summary (call after each outcome)."""
        if self._progress is None or self._task is None:
            return
        s = self.summary
        self._progress.update(self._task, completed=s.articles + s.load_errors, rate=s.rate, errors=s.errors)

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self.update()
            self._progress.stop()


def summary_table(summary: BatchSummary) -> Table:
    """The end-of-batch summary as a two-column table."""
    s = summary
    table = Table(title="batch summary" + (" (interrupted)" if s.interrupted else ""), show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("backend", f"{s.backend} ({s.backend_reason})" if s.backend_reason else s.backend)
    validation = f", validated in {s.cpu_processes} worker process(es)" if s.cpu_processes else ""
    table.add_row("execution", f"{s.execution}, {s.workers} worker(s){validation}")
    table.add_row("articles", f"{s.articles} ({s.cached} from cache, {s.skipped} already done, {s.fallbacks} fell back to rules)")
    table.add_row("meetings", str(s.meetings))
    table.add_row("statements", str(s.statements))
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(s.errors_by_kind.items())) or "none"
    table.add_row("errors", f"{s.articles_with_errors} article(s), {s.load_errors} load failure(s); {errors}")
    table.add_row("tokens", f"{s.tokens_in} in / {s.tokens_out} out")
    table.add_row("time", f"{s.elapsed_s:.1f} s ({s.rate:.1f} articles/s)")
    for notice in s.notices:
        table.add_row("note", notice)
    return table


__all__ = ["BatchProgress", "summary_table"]

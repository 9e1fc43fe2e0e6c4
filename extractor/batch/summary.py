"""BatchSummary: what a batch did (counts, errors by kind, tokens, time, backend), updated as results arrive."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from schemas import ArticleExtraction, ErrorRecord


@dataclass(frozen=True)
class CachedLine:
    """A finished article whose output line came from the cache (no model object was built)."""

    article_id: str
    line: str
    meetings: int
    statements: int


@dataclass
class LoadFailure:
    """An input record that could not be read as an article: it has no result, only an error."""

    error: ErrorRecord
    line: int | None = None


@dataclass
class BatchSummary:
    """Running totals of one batch; `add` is called once per finished article or load failure."""

    backend: str = ""
    backend_reason: str = ""
    execution: str = ""  # inline | processes | async
    workers: int = 1
    cpu_processes: int = 0  # endpoint backends: processes validating answers beside the event loop (0 = inline)
    articles: int = 0
    meetings: int = 0
    statements: int = 0
    cached: int = 0
    skipped: int = 0  # already in the output (resume)
    fallbacks: int = 0
    articles_with_errors: int = 0
    load_errors: int = 0
    errors_by_kind: Counter[str] = field(default_factory=Counter)
    tokens_in: int = 0
    tokens_out: int = 0
    elapsed_s: float = 0.0
    interrupted: bool = False
    notices: list[str] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Articles with an error plus inputs that failed to load."""
        return self.articles_with_errors + self.load_errors

    @property
    def rate(self) -> float:
        """Articles finished per second so far."""
        return self.articles / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def add(self, item: ArticleExtraction | CachedLine | LoadFailure) -> None:
        """Count one outcome."""
        if isinstance(item, CachedLine):
            self.articles += 1
            self.cached += 1
            self.meetings += item.meetings
            self.statements += item.statements
            return
        if isinstance(item, LoadFailure):
            self.load_errors += 1
            self.errors_by_kind[f"{item.error.stage}/{item.error.kind}"] += 1
            return
        self.articles += 1
        self.meetings += len(item.meetings)
        self.statements += len(item.statements)
        if item.errors:
            self.articles_with_errors += 1
            for error in item.errors:
                self.errors_by_kind[f"{error.stage}/{error.kind}"] += 1
        run = item.run
        if run is not None:
            if run.cached:
                self.cached += 1
            else:  # a cached result cost nothing this time
                self.tokens_in += run.tokens_in
                self.tokens_out += run.tokens_out
            if run.fallback:
                self.fallbacks += 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for --json-summary)."""
        data = asdict(self)
        data["errors_by_kind"] = dict(sorted(self.errors_by_kind.items()))
        data["errors"] = self.errors
        data["articles_per_s"] = round(self.rate, 2)
        data["elapsed_s"] = round(self.elapsed_s, 3)
        return data


__all__ = ["BatchSummary", "CachedLine", "LoadFailure"]

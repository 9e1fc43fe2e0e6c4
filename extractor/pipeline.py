"""One article end to end: choose a backend, extract, ground, check and reconcile.

The rules extractor always runs (it is cheap): it is the offline result, the
fallback when a model fails, and the reference the LLM output is reconciled
against. Per-article failures never raise out of `Pipeline.extract`; they end
up as `ErrorRecord`s in the result, next to the best records available.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from typing import Any, Self

from extractor.articles import Article, article_from_text
from schemas import SCHEMA_VERSION, ArticleExtraction, ErrorRecord, RunInfo

BACKENDS = ("auto", "rules", "llm", "local")
ENGINE_VERSION = "1"
LLM_TRUST = {"llm": 1.0, "local": 0.6}
"""Prior trust in each model backend's unconfirmed values (the embedded 135M model is known to be weak)."""  # bump when rules/validation behaviour changes, so cached results are recomputed


@dataclass(frozen=True)
class BackendChoice:
    """The backend a pipeline uses, and why (shown to the user)."""

    name: str
    reason: str


def choose_backend(backend: str = "auto", **options: Any) -> BackendChoice:
    """Resolve `auto` to `llm`, `local` or `rules`; reject unknown names with a clear message."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend != "auto":
        return BackendChoice(backend, f"--backend {backend} requested")
    from extractor.llm import select_backend

    name, reason = select_backend(base_url=options.get("base_url"))
    return BackendChoice(name, reason)


class Pipeline:
    """Extracts records from articles with one configured backend (build once, reuse for many articles)."""

    def __init__(self, backend: str = "auto", *, reconcile: bool = True, **options: Any) -> None:
        choice = choose_backend(backend, **options)
        self.backend: str = choice.name
        self.backend_reason: str = choice.reason
        self.reconcile = reconcile
        self.llm_trust: float = float(options.pop("llm_trust", LLM_TRUST.get(self.backend, 1.0)))
        self.options = {k: v for k, v in options.items() if v is not None}
        from extractor.rules import RulesExtractor

        self._rules = RulesExtractor()
        self._llm: Any = None
        self._llm_lock = threading.Lock()

    # -- configuration ---------------------------------------------------------------------------

    def _llm_extractor(self) -> Any:
        """The LLM extractor, created on first use (starting a local server is slow)."""
        with self._llm_lock:
            if self._llm is None:
                from extractor.llm import make_extractor

                self._llm = make_extractor(self.backend, **self.options)
            return self._llm

    def settings(self) -> dict[str, Any]:
        """Everything that changes the output for a given article text (goes into the cache key)."""
        settings: dict[str, Any] = {
            "backend": self.backend,
            "schema_version": SCHEMA_VERSION,
            "engine_version": ENGINE_VERSION,
        }
        if self.backend != "rules":
            from prompts import PROMPT_VERSION

            llm = self._llm_extractor()
            settings.update(
                reconcile=self.reconcile,
                llm_trust=self.llm_trust,
                prompt_version=PROMPT_VERSION,
                model=getattr(llm, "model_name", None),
                mode=getattr(llm, "mode_name", None),
                base_url=getattr(llm, "base_url", None),
            )
        return settings

    def cache_key(self, article: Article) -> str:
        """Hash of the article (text and the metadata extraction reads) and the settings."""
        payload = {
            "text": article.text,
            "published": article.published.isoformat() if article.published else None,
            "settings": self.settings(),
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    # -- extraction ------------------------------------------------------------------------------

    def extract(self, article: Article) -> ArticleExtraction:
        """Extract one article; never raises for a per-article failure."""
        started = time.perf_counter()
        return self.complete(article, self.ask_model(article), started)

    async def aextract(self, article: Article) -> ArticleExtraction:
        """Async variant of `extract`: the model call is awaited, rules and validation run inline."""
        started = time.perf_counter()
        return self.complete(article, await self.aask_model(article), started)

    def ask_model(self, article: Article) -> Any:
        """The model's answer for `article` (an `LLMResult`), or None for the rules backend: the I/O half of `extract`."""
        return None if self.backend == "rules" else self._llm_extractor().extract(article)

    async def aask_model(self, article: Article) -> Any:
        """Async `ask_model`."""
        return None if self.backend == "rules" else await self._llm_extractor().aextract(article)

    def complete(self, article: Article, model_answer: Any = None, started: float | None = None) -> ArticleExtraction:
        """The CPU half of `extract`: rules, then grounding, normalisation, reconciliation and checks of `model_answer`.

        Needs no model client, so a batch can run it in worker processes while the
        event loop keeps requests in flight. `model_answer` is what `ask_model` returned.
        """
        started = time.perf_counter() if started is None else started
        rules_result = self._run_rules(article)
        if self.backend == "rules" or model_answer is None:
            return self._finish(rules_result, article, started)
        return self._combine(article, rules_result, model_answer, started)

    def _run_rules(self, article: Article) -> ArticleExtraction:
        try:
            result = self._rules.extract(article)
        except Exception as exc:  # noqa: BLE001 - a rules bug on one article must not stop a batch
            result = _empty(article)
            result.errors.append(ErrorRecord(stage="rules", kind=type(exc).__name__, message=str(exc), path=article.path))
        result.run = RunInfo(backend="rules", schema_version=SCHEMA_VERSION)
        return result

    def _combine(self, article: Article, rules_result: ArticleExtraction, llm_result: Any, started: float) -> ArticleExtraction:
        from extractor.validate import (
            ground_extraction,
            normalize_extraction,
            reconcile,
        )

        run: RunInfo = llm_result.run
        if llm_result.core is None:
            out = rules_result  # fresh for this article: no copy needed
            out.errors.extend(llm_result.errors)
            run.fallback = "rules"
            out.run = run
            return self._finish(out, article, started)
        raw = _empty(article)
        raw.meetings = llm_result.core.meetings
        raw.statements = llm_result.core.statements
        raw.errors.extend(llm_result.errors)
        try:
            # the pipeline owns these objects, so the validation steps work in place instead of copying
            raw = normalize_extraction(ground_extraction(raw, article, inplace=True), article, inplace=True)
            if self.reconcile:
                out = reconcile(raw, rules_result, article, prior_scale=self.llm_trust, owned=True)
                run.reconciled = True
            else:
                out = raw
        except Exception as exc:  # noqa: BLE001 - a validation bug on one article falls back to the rules, recorded
            out = rules_result
            out.errors.extend(llm_result.errors)
            out.errors.append(ErrorRecord(stage="validate", kind=type(exc).__name__, message=str(exc), path=article.path))
            run.fallback = "rules"
        out.run = run
        return self._finish(out, article, started)

    def _finish(self, result: ArticleExtraction, article: Article, started: float) -> ArticleExtraction:
        """Article metadata, consistency checks and timing for the final result (its `run` is already set)."""
        from extractor.validate import check_extraction

        _fill_metadata(result, article)
        try:
            result = check_extraction(result, article, inplace=True)
        except Exception as exc:  # noqa: BLE001 - a checker bug keeps the unchecked result, recorded
            result.errors.append(ErrorRecord(stage="validate", kind=type(exc).__name__, message=str(exc), path=article.path))
        assert result.run is not None
        result.run.schema_version = SCHEMA_VERSION
        result.run.latency_s = round(time.perf_counter() - started, 6)
        return result

    def close(self) -> None:
        """Release the model backend (stops a local model server)."""
        if self._llm is not None and hasattr(self._llm, "close"):
            self._llm.close()
        self._llm = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _empty(article: Article) -> ArticleExtraction:
    return ArticleExtraction(article_id=article.id)


def _fill_metadata(result: ArticleExtraction, article: Article) -> None:
    result.article_id = article.id
    result.title = article.title
    result.outlet = article.outlet
    result.published = article.published
    result.url = article.url


_PIPELINES: dict[str, Pipeline] = {}
_PIPELINES_LOCK = threading.Lock()


def get_pipeline(backend: str = "auto", **options: Any) -> Pipeline:
    """A cached Pipeline per configuration, so repeated `extract` calls don't rebuild backends."""
    key = json.dumps({"backend": backend, **options}, sort_keys=True, default=str)
    with _PIPELINES_LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = Pipeline(backend, **options)
        return _PIPELINES[key]


def as_article(article_or_text: Article | str, published: dt.date | str | None = None) -> Article:
    """An Article from an Article or raw text; `published` overrides the article's date when given."""
    if isinstance(article_or_text, Article):
        article = article_or_text
    elif isinstance(article_or_text, str):
        article = article_from_text(article_or_text)
    else:
        raise TypeError(f"expected an Article or a str, got {type(article_or_text).__name__}")
    if published is not None:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        article.published = published
    return article


def extract(
    article_or_text: Article | str,
    *,
    backend: str = "auto",
    published: dt.date | str | None = None,
    **options: Any,
) -> ArticleExtraction:
    """Extract meetings and statements from one article (an `Article` or plain text)."""
    article = as_article(article_or_text, published)
    return get_pipeline(backend, **options).extract(article)


async def aextract(
    article_or_text: Article | str,
    *,
    backend: str = "auto",
    published: dt.date | str | None = None,
    **options: Any,
) -> ArticleExtraction:
    """Async variant of `extract`."""
    article = as_article(article_or_text, published)
    return await get_pipeline(backend, **options).aextract(article)


__all__ = ["BACKENDS", "BackendChoice", "Pipeline", "aextract", "as_article", "choose_backend", "extract", "get_pipeline"]

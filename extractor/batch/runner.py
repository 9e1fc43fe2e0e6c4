"""Extract many articles: cache look-ups, then inline, process-pool or asyncio execution, results as they finish.

Endpoint backends (llm, local) spend their time waiting for the model, so they
run on asyncio with at most `workers` articles in flight (and an optional
requests-per-minute limit). The CPU half of each article (rules, grounding,
reconciliation, checks) then runs on a small process pool, so the event loop
only sends requests and reads answers and the other cores do the rest. The
rules backend is CPU-bound: it runs inline, or on a process pool (each worker
builds its Pipeline once) when `workers > 1`.
Memory stays flat: inputs are read lazily and at most a bounded number of
articles is in flight at any time.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
import functools
import hashlib
import os
import signal
import threading
import time
from collections.abc import (
    AsyncGenerator,
    Callable,
    Container,
    Generator,
    Iterable,
    Iterator,
)
from pathlib import Path
from typing import Any

from extractor.articles import Article
from extractor.batch.cache import ResultCache
from extractor.batch.output import deferred_interrupt
from extractor.batch.ratelimit import RateLimiter
from extractor.batch.sources import BatchInput, iter_sources
from extractor.batch.summary import BatchSummary, CachedLine, LoadFailure
from schemas import ArticleExtraction, ErrorRecord

Outcome = ArticleExtraction | CachedLine | LoadFailure
PipelineFactory = Callable[[], Any]

ENDPOINT_WORKERS = {"llm": 8, "local": 1}
CHUNK_SIZE = 16  # articles per process-pool task: amortises pickling without delaying results much
# Measured on 2 cores: a pool of 2 runs the rules ~1.3-1.8x faster than inline, and its start-up (fork, one
# RulesExtractor per worker) is paid back after a few seconds of work, i.e. a couple of hundred articles.
POOL_MIN_ARTICLES = 200
MAX_AUTO_PROCESSES = 4
# Below this many articles in flight the event loop is mostly idle, and validating inline costs less than shipping
# each article to a worker process and back.
OFFLOAD_MIN_WORKERS = 4


def default_cpu_processes(workers: int) -> int:
    """Processes for the CPU half of endpoint articles: every core but the event loop's (up to 4), 0 = inline."""
    cores = os.cpu_count() or 1
    if cores < 2 or workers < OFFLOAD_MIN_WORKERS:
        return 0
    return min(cores - 1, MAX_AUTO_PROCESSES)


def default_workers(backend: str, inputs: Iterable[BatchInput] = ()) -> int:
    """Workers when the caller does not say: 8 requests in flight for an endpoint, 1 for llama.cpp;
    for the rules, one process per core (up to 4) when the inputs hold enough articles, else 1 (inline)."""
    if backend in ENDPOINT_WORKERS:
        return ENDPOINT_WORKERS[backend]
    cores = os.cpu_count() or 1
    if cores < 2:
        return 1
    from extractor.batch.sources import count_inputs

    count = count_inputs(inputs)
    return min(cores, MAX_AUTO_PROCESSES) if count is not None and count >= POOL_MIN_ARTICLES else 1


def make_factory(backend: str, reconcile: bool, options: dict[str, Any]) -> PipelineFactory:
    """A picklable zero-argument callable that builds the configured Pipeline (once per process)."""
    from extractor.pipeline import Pipeline

    return functools.partial(Pipeline, backend, reconcile=reconcile, **options)


class BatchEngine:
    """One batch run: owns the main-process pipeline, the cache and the summary; yields outcomes."""

    def __init__(
        self,
        inputs: Iterable[BatchInput],
        *,
        factory: PipelineFactory,
        workers: int | None = None,
        cache_dir: os.PathLike[str] | str | None = None,
        rpm: float | None = None,
        skip_ids: Container[str] = frozenset(),
        summary: BatchSummary | None = None,
        cached_lines: bool = False,
        cpu_processes: int | None = None,
    ) -> None:
        self.inputs = inputs
        self.cached_lines = cached_lines  # cache hits as ready output lines (CachedLine) instead of models
        self.factory = factory
        self.pipeline = factory()
        settings = getattr(self.pipeline, "settings", None)
        if callable(settings):
            settings()  # builds the model client now, so a misconfigured endpoint fails before any work starts
        backend = str(getattr(self.pipeline, "backend", "rules"))
        if workers is None:
            # Only a list of inputs is counted: a generator of Articles is read once, lazily, and runs inline.
            workers = default_workers(backend, inputs if isinstance(inputs, (list, tuple)) else ())
        self.workers = max(1, workers)
        self._cpu_pool: cf.ProcessPoolExecutor | None = None
        self.cache = None
        if cache_dir is not None:
            self.cache = ResultCache(Path(cache_dir))
        self._keys: dict[str, str] = {}  # cache keys of the articles in flight, computed once
        self.limiter = RateLimiter(rpm) if rpm else None
        self.skip_ids = skip_ids
        self._seen: set[str] = set()
        self.summary = summary if summary is not None else BatchSummary()
        self.summary.backend = backend
        self.summary.backend_reason = str(getattr(self.pipeline, "backend_reason", ""))
        self.cpu_processes = 0
        if self.is_endpoint and _can_split(self.pipeline):
            self.cpu_processes = default_cpu_processes(self.workers) if cpu_processes is None else max(0, cpu_processes)
        self.summary.workers = self.workers
        self.summary.cpu_processes = self.cpu_processes
        self.summary.execution = self._execution()
        if self.cache is not None and self.cache.notice:
            self.summary.notices.append(self.cache.notice)

    @property
    def is_endpoint(self) -> bool:
        return self.summary.backend != "rules"

    def _execution(self) -> str:
        if self.is_endpoint:
            return "async"
        return "processes" if self.workers > 1 else "inline"

    # -- the stream of work ----------------------------------------------------------------------

    def _prepared(self) -> Iterator[Outcome | Article]:
        """Load failures and cache hits come out finished; articles still to extract come out as Articles."""
        for item in iter_sources(self.inputs):
            if isinstance(item, LoadFailure):
                yield item
                continue
            if item.id in self.skip_ids:
                self.summary.skipped += 1
                continue
            if item.id in self._seen:
                where = f" in {item.path}" if item.path else ""
                yield LoadFailure(
                    ErrorRecord(stage="load", kind="duplicate_id", message=f"article id {item.id!r}{where} was already in this batch; skipped", path=item.path)
                )
                continue
            self._seen.add(item.id)
            if self.cache is not None:
                key = self._keys[item.id] = self._cache_key(item)
                if self.cached_lines:
                    hit = self.cache.get(key)
                    if hit is not None:
                        del self._keys[item.id]
                        yield CachedLine(item.id, hit.to_line(item), hit.meetings, hit.statements)
                        continue
                else:
                    model = self.cache.get_model(key, item)
                    if model is not None:
                        del self._keys[item.id]
                        yield model
                        continue
            yield item

    def _cache_key(self, article: Article) -> str:
        # The pipeline's key covers the cleaned text and settings; evidence spans also depend on the original text.
        base = self.pipeline.cache_key(article)
        original = hashlib.sha256(article.original.encode("utf-8", "surrogatepass")).hexdigest()
        return hashlib.sha256(f"{base}\0{original}".encode()).hexdigest()

    def _finished(self, article: Article, result: ArticleExtraction) -> ArticleExtraction:
        """Store a clean result in the cache (failures and fallbacks are not stored: a re-run retries them)."""
        key = self._keys.pop(article.id, None)
        if self.cache is not None and key is not None and not result.errors and not (result.run and result.run.fallback):
            with deferred_interrupt():
                self.cache.put(key, result)
        return result

    def _count(self, outcome: Outcome) -> Outcome:
        self.summary.add(outcome)
        return outcome

    # -- synchronous execution -------------------------------------------------------------------

    def run(self) -> Generator[Outcome, None, None]:
        """Outcomes as they finish, in this thread (async backends run on a private event loop)."""
        started = time.perf_counter()
        try:
            if self.is_endpoint:
                inner = self._run_async_in_thread()
            elif self.workers > 1:
                inner = self._run_processes()
            else:
                inner = self._run_inline()
            for outcome in inner:
                self.summary.elapsed_s = time.perf_counter() - started
                yield self._count(outcome)
        finally:
            self.summary.elapsed_s = time.perf_counter() - started

    def _run_inline(self) -> Iterator[Outcome]:
        for item in self._prepared():
            if isinstance(item, Article):
                yield self._finished(item, _safe_extract(self.pipeline, item))
            else:
                yield item

    def _run_processes(self) -> Iterator[Outcome]:
        max_chunks = self.workers * 2
        executor = cf.ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_init, initargs=(self.factory,))
        pending: dict[cf.Future[list[ArticleExtraction]], list[Article]] = {}
        chunk: list[Article] = []
        clean = False
        try:
            for item in self._prepared():
                if not isinstance(item, Article):
                    yield item
                    continue
                chunk.append(item)
                if len(chunk) >= CHUNK_SIZE:
                    pending[executor.submit(_worker_extract, chunk)] = chunk
                    chunk = []
                    while len(pending) >= max_chunks:
                        yield from self._collect(pending, cf.FIRST_COMPLETED)
            if chunk:
                pending[executor.submit(_worker_extract, chunk)] = chunk
            while pending:
                yield from self._collect(pending, cf.FIRST_COMPLETED)
            clean = True
        finally:
            executor.shutdown(wait=clean, cancel_futures=True)

    def _collect(self, pending: dict[cf.Future[list[ArticleExtraction]], list[Article]], when: str) -> Iterator[Outcome]:
        done, _ = cf.wait(list(pending), return_when=when)
        for future in done:
            articles = pending.pop(future)
            try:
                results = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker died (e.g. killed): redo its chunk here so no article is lost
                results = [_safe_extract(self.pipeline, a, note=f"worker failed ({type(exc).__name__}); redone inline") for a in articles]
            for article, result in zip(articles, results, strict=True):
                yield self._finished(article, result)

    def _run_async_in_thread(self) -> Iterator[Outcome]:
        """Drive the async generator step by step on a private loop in this thread.

        Ctrl-C while the loop runs cancels the current step (the generator then
        cancels its in-flight extractions) and surfaces as KeyboardInterrupt;
        the handler is installed once for the whole run, not per step.
        """
        loop = asyncio.new_event_loop()
        agen = self.aiter()
        interrupt = _LoopInterrupt(loop)
        try:
            with interrupt.installed():
                while True:
                    step = loop.create_task(_anext(agen))
                    interrupt.current = step
                    try:
                        outcome = loop.run_until_complete(step)
                    except StopAsyncIteration:
                        return
                    except asyncio.CancelledError:
                        if interrupt.fired:
                            raise KeyboardInterrupt from None
                        raise
                    finally:
                        interrupt.current = None
                    yield outcome
        finally:
            try:
                loop.run_until_complete(_aclose(agen))
                leftover = asyncio.all_tasks(loop)
                for task in leftover:
                    task.cancel()
                if leftover:
                    loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    # -- asynchronous execution ------------------------------------------------------------------

    async def aiter(self) -> AsyncGenerator[Outcome, None]:
        """Outcomes as they finish, with at most `workers` extractions in flight (uncounted: see `arun`)."""
        prepared = self._prepared()
        pending: dict[asyncio.Task[ArticleExtraction], Article] = {}
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.workers:
                    item = next(prepared, None)
                    if item is None:
                        exhausted = True
                    elif isinstance(item, Article):
                        self._start_cpu_pool()  # on the first article to extract: a re-run served from the cache needs none
                        pending[asyncio.ensure_future(self._aextract(item))] = item
                    else:
                        yield item
                if not pending:
                    return
                done, _ = await asyncio.wait(list(pending), return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    article = pending.pop(task)
                    yield self._finished(article, task.result())
        finally:
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.gather(*pending, return_exceptions=True)
            self._stop_cpu_pool()

    async def arun(self) -> AsyncGenerator[Outcome, None]:
        """Counted outcomes as they finish, for callers already inside an event loop."""
        started = time.perf_counter()
        try:
            async for outcome in self.aiter():
                self.summary.elapsed_s = time.perf_counter() - started
                yield self._count(outcome)
        finally:
            self.summary.elapsed_s = time.perf_counter() - started

    async def _aextract(self, article: Article) -> ArticleExtraction:
        if self.limiter is not None:
            await self.limiter.acquire()
        try:
            if self._cpu_pool is None:
                return await self.pipeline.aextract(article)
            started = time.perf_counter()
            answer = await self.pipeline.aask_model(article)
            result = await self._complete_elsewhere(article, answer)
            if result.run is not None:
                result.run.latency_s = round(time.perf_counter() - started, 6)
            return result
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - Pipeline promises not to raise; if it does, the article still gets a record
            return _error_result(article, "pipeline", exc)

    async def _complete_elsewhere(self, article: Article, answer: Any) -> ArticleExtraction:
        """The CPU half of one article on the pool; redone here if the pool broke (a worker was killed)."""
        pool = self._cpu_pool
        if pool is not None:
            try:
                return await asyncio.get_running_loop().run_in_executor(pool, _worker_complete, article, answer)
            except cf.BrokenExecutor as exc:
                if self._cpu_pool is pool:
                    self._cpu_pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
                    self.summary.notices.append(f"a validation worker process died ({type(exc).__name__}); the rest of the batch is validated in the main process")
        result: ArticleExtraction = self.pipeline.complete(article, answer)
        return result

    def _start_cpu_pool(self) -> None:
        """Fork the CPU workers now, before the first answer arrives (a forked worker inherits the compiled rules)."""
        if self.cpu_processes <= 0 or self._cpu_pool is not None:
            return
        pool = cf.ProcessPoolExecutor(max_workers=self.cpu_processes, initializer=_worker_init, initargs=(self.factory,))
        for _ in range(self.cpu_processes):
            pool.submit(_worker_ready)
        self._cpu_pool = pool

    def _stop_cpu_pool(self) -> None:
        pool, self._cpu_pool = self._cpu_pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Close the cache and the pipeline (stops a local model server)."""
        if self.cache is not None:
            self.cache.close()
        close = getattr(self.pipeline, "close", None)
        if close is not None:
            close()


# -- helpers -------------------------------------------------------------------------------------


class _LoopInterrupt:
    """A SIGINT handler that cancels the running step of a private event loop instead of raising inside it."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.current: asyncio.Task[Outcome] | None = None
        self.fired = False

    def _handle(self, signum: int, frame: object) -> None:
        if self.current is not None and not self.current.done():
            self.fired = True
            self.loop.call_soon_threadsafe(self.current.cancel)
        else:  # not inside the loop: interrupt the caller as usual
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Install the handler while the block runs (main thread only, and only over Python's default handler)."""
        if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
            yield
            return
        signal.signal(signal.SIGINT, self._handle)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)


async def _anext(agen: AsyncGenerator[Outcome, None]) -> Outcome:
    return await agen.__anext__()


async def _aclose(agen: AsyncGenerator[Outcome, None]) -> None:
    await agen.aclose()


def _error_result(article: Article, stage: str, exc: BaseException) -> ArticleExtraction:
    return ArticleExtraction(
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        url=article.url,
        errors=[ErrorRecord(stage=stage, kind=type(exc).__name__, message=str(exc) or type(exc).__name__, path=article.path)],
    )


def _safe_extract(pipeline: Any, article: Article, note: str | None = None) -> ArticleExtraction:
    try:
        result: ArticleExtraction = pipeline.extract(article)
    except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
        result = _error_result(article, "pipeline", exc)
    if note:
        result.errors.append(ErrorRecord(stage="batch", kind="worker_failed", message=note, path=article.path))
    return result


_WORKER_PIPELINE: Any = None


def _worker_init(factory: PipelineFactory) -> None:
    """Process-pool initializer: build the pipeline once; leave Ctrl-C to the parent, which stops the pool."""
    global _WORKER_PIPELINE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    _WORKER_PIPELINE = factory()


def _exit_with_parent(parent: int) -> None:
    """End this worker when the parent is gone (killed with SIGKILL, it cannot stop the pool itself)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _worker_extract(articles: list[Article]) -> list[ArticleExtraction]:
    return [_safe_extract(_WORKER_PIPELINE, article) for article in articles]


def _worker_ready() -> bool:
    """A no-op task: submitting one per worker makes the pool start its processes at once."""
    return True


def _worker_complete(article: Article, answer: Any) -> ArticleExtraction:
    """The CPU half of one endpoint article (rules, validation, reconciliation) in a worker process."""
    result: ArticleExtraction = _WORKER_PIPELINE.complete(article, answer)
    return result


def _can_split(pipeline: Any) -> bool:
    """Whether the pipeline separates its model call from the CPU work (stand-ins in tests may not)."""
    return callable(getattr(pipeline, "aask_model", None)) and callable(getattr(pipeline, "complete", None))


__all__ = ["BatchEngine", "Outcome", "PipelineFactory", "default_cpu_processes", "default_workers", "make_factory"]

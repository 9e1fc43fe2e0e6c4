"""The LLM extractor: prompts in, validated ExtractionCore out, through instructor and any OpenAI-compatible endpoint.

Two bounded retry loops, both counted:
- transport: connection errors, timeouts, 429 (Retry-After honoured) and 5xx
  are retried with backoff and jitter inside one article deadline;
- answers: an invalid answer (bad JSON, schema violation, ungrounded value) is
  re-asked with the validation error, at most `max_attempts` answers. Each
  re-ask is the original messages + only the last bad answer + its error, cut
  to `reask_chars`, so the context never grows and the caller's list is never
  touched.
A per-article failure ends as an `LLMResult` with `core=None` and an
`ErrorRecord`, never as an exception. Each request is shaped and its answer
parsed by instructor's handler for the mode (`structured.py`), and sent with the
openai client.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Self

import httpx
import openai
from instructor.core.exceptions import IncompleteOutputException, ResponseParsingError
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    Retrying,
    retry_if_exception,
    retry_if_exception_type,
    stop_after_attempt,
)
from tenacity.stop import stop_base

import prompts
from extractor.llm.config import DEFAULT_OPENAI_MODEL, FALLBACK_MODE, LLMConfig, LLMMode
from extractor.llm.grounding import GroundedExtraction, GroundingContext, grounded_in
from extractor.llm.structured import StructuredOutput, asend, send, structured_output
from extractor.llm.transport import (
    Deadline,
    Fault,
    TransportFault,
    TransportStop,
    TransportWait,
    classify,
    is_retryable,
)
from schemas import SCHEMA_VERSION, ErrorRecord, ExtractionCore, RunInfo

MAX_ERROR_LINES = 12

# Our loops retry and count; instructor's own error logs about them are noise unless the application configures logging.
logging.getLogger("instructor").addHandler(logging.NullHandler())


@dataclass
class LLMResult:
    """One article's model output: validated records or None, how it was produced, and what went wrong."""

    core: ExtractionCore | None
    run: RunInfo
    errors: list[ErrorRecord] = field(default_factory=list)
    last_completion: str | None = None  # the last raw answer text (for a failure, the rejected one)
    answers: int = 0  # answers requested: the first ask plus re-asks
    requests: int = 0  # HTTP requests sent, transport retries included (= run.attempts)


class InvalidOutput(Exception):
    """An answer that arrived but could not be accepted; carries the text and a message for the re-ask."""

    def __init__(self, error: str, completion_text: str | None) -> None:
        super().__init__(error)
        self.error = error
        self.completion_text = completion_text


@dataclass
class _Tally:
    """Counters for one article."""

    started: float = field(default_factory=time.perf_counter)
    tokens_in: int = 0
    tokens_out: int = 0
    requests: int = 0
    answers: int = 0
    last_completion: str | None = None

    def add_usage(self, completion: Any) -> None:
        usage = getattr(completion, "usage", None)
        if usage is not None:
            self.tokens_in += int(getattr(usage, "prompt_tokens", 0) or 0)
            self.tokens_out += int(getattr(usage, "completion_tokens", 0) or 0)
        text = completion_text(completion)
        if text is not None:
            self.last_completion = text


class LLMExtractor:
    """Extracts ExtractionCore records from articles with a model behind an OpenAI-compatible endpoint.

    Build once and reuse: clients and connections are shared across articles
    and threads; `aextract` may run many articles concurrently.
    """

    backend_name = "llm"

    def __init__(self, config: LLMConfig | None = None, **options: Any) -> None:
        self.config = config if config is not None else LLMConfig.from_options(**options)
        if "api.openai.com" in self.config.base_url and not self.config.api_key:
            raise ValueError("the llm backend needs an endpoint: set --base-url / OPENAI_BASE_URL, or OPENAI_API_KEY for api.openai.com")
        self._mode = self.config.resolved_mode
        self._lock = threading.Lock()
        self._model: str | None = self.config.model
        self._client: openai.OpenAI | None = None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, openai.AsyncOpenAI] = weakref.WeakKeyDictionary()
        self._client_url: str | None = None

    # -- what goes into RunInfo and cache keys ------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The endpoint this extractor talks to."""
        return self.config.base_url

    @property
    def mode_name(self) -> str:
        """The structured-output mode in use (it can step down once if the endpoint rejects one)."""
        return self._mode.value

    @property
    def model_name(self) -> str:
        """The model asked: configured, OpenAI's default, or the first one the endpoint lists."""
        if self._model is None:
            self._model = self._discover_model()
        return self._model

    def _discover_model(self) -> str:
        if "api.openai.com" in self.config.base_url:
            return DEFAULT_OPENAI_MODEL
        try:
            headers = {"Authorization": f"Bearer {self.config.api_key}"} if self.config.api_key else {}
            response = httpx.get(f"{self._endpoint()}/models", headers=headers, timeout=min(self.config.timeout, 5.0))
            data = response.json().get("data") or []
            if data and isinstance(data[0], dict) and data[0].get("id"):
                return str(data[0]["id"])
        except (httpx.HTTPError, ValueError, AttributeError):
            pass
        return "default"

    # -- messages --------------------------------------------------------------------------------------

    def messages_for(self, article: Any) -> list[dict[str, str]]:
        """The chat messages for one article (prompt variant from the config)."""
        return prompts.render_messages(article, self.config.prompt_variant)

    def reask_messages(self, messages: list[dict[str, str]], bad: InvalidOutput) -> list[dict[str, str]]:
        """A new list: the original messages, the last bad answer and the error, both cut to `reask_chars`."""
        limit = self.config.reask_chars
        answer = _cut(bad.completion_text or "(no answer)", limit)
        return [*messages, {"role": "assistant", "content": answer}, {"role": "user", "content": prompts.reask_prompt(_cut(bad.error, limit))}]

    # -- sync ------------------------------------------------------------------------------------------

    def extract(self, article: Any) -> LLMResult:
        """Extract one article; failures end in `LLMResult.errors`, never in an exception."""
        messages = self.messages_for(article)
        grounding = GroundingContext(article.text)
        deadline = Deadline(self.config.deadline)
        tally = _Tally()
        last: InvalidOutput | None = None
        try:
            for attempt in self._answer_retrying(Retrying, deadline):
                with attempt:
                    prompt = messages if last is None else self.reask_messages(messages, last)
                    try:
                        parsed = self._answer_sync(prompt, grounding, deadline, tally)
                    except InvalidOutput as bad:
                        last = bad
                        raise
                    return self._success(parsed, tally)
        except (InvalidOutput, RetryError):
            return self._last_answer_or_failure(tally, last)
        except TransportFault as exc:
            return self._failure(tally, exc.fault.kind, None, exc.fault.message)
        return self._last_answer_or_failure(tally, last)

    def _answer_sync(self, messages: list[dict[str, str]], grounding: GroundingContext, deadline: Deadline, tally: _Tally) -> GroundedExtraction:
        tally.answers += 1
        while True:
            try:
                for attempt in self._transport_retrying(Retrying, deadline):
                    with attempt:
                        return self._request_sync(messages, grounding, deadline, tally)
            except TransportFault as exc:
                if not self._step_down(exc.fault):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _request_sync(self, messages: list[dict[str, str]], grounding: GroundingContext, deadline: Deadline, tally: _Tally) -> GroundedExtraction:
        mode = self._mode
        structured = structured_output(mode.instructor_mode)
        request = structured.request(self._request_kwargs(messages, deadline, mode))
        client = self._sync_client()
        tally.requests += 1
        try:
            completion = send(client, request)
        except Exception as exc:
            raise TransportFault(classify(exc)) from exc
        return self._parse(structured, completion, grounding, tally)

    # -- async -----------------------------------------------------------------------------------------

    async def aextract(self, article: Any) -> LLMResult:
        """Async `extract`: the same loops, awaiting the model without blocking the event loop."""
        messages = self.messages_for(article)
        grounding = GroundingContext(article.text)
        deadline = Deadline(self.config.deadline)
        tally = _Tally()
        last: InvalidOutput | None = None
        try:
            async for attempt in self._answer_retrying(AsyncRetrying, deadline):
                with attempt:
                    prompt = messages if last is None else self.reask_messages(messages, last)
                    try:
                        parsed = await self._answer_async(prompt, grounding, deadline, tally)
                    except InvalidOutput as bad:
                        last = bad
                        raise
                    return self._success(parsed, tally)
        except (InvalidOutput, RetryError):
            return self._last_answer_or_failure(tally, last)
        except TransportFault as exc:
            return self._failure(tally, exc.fault.kind, None, exc.fault.message)
        return self._last_answer_or_failure(tally, last)

    async def _answer_async(self, messages: list[dict[str, str]], grounding: GroundingContext, deadline: Deadline, tally: _Tally) -> GroundedExtraction:
        tally.answers += 1
        while True:
            try:
                async for attempt in self._transport_retrying(AsyncRetrying, deadline):
                    with attempt:
                        return await self._request_async(messages, grounding, deadline, tally)
            except TransportFault as exc:
                if not self._step_down(exc.fault):
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _request_async(self, messages: list[dict[str, str]], grounding: GroundingContext, deadline: Deadline, tally: _Tally) -> GroundedExtraction:
        mode = self._mode
        structured = structured_output(mode.instructor_mode)
        request = structured.request(self._request_kwargs(messages, deadline, mode))
        client = self._async_client()
        tally.requests += 1
        try:
            completion = await asend(client, request)
        except Exception as exc:
            raise TransportFault(classify(exc)) from exc
        return self._parse(structured, completion, grounding, tally)

    # -- shared pieces ---------------------------------------------------------------------------------

    def _answer_retrying(self, kind: type[Retrying | AsyncRetrying], deadline: Deadline) -> Any:
        """Re-asks: `max_attempts` answers (an int, or a tenacity Retrying whose stop and wait are used)."""
        policy = self.config.max_attempts
        if isinstance(policy, (Retrying, AsyncRetrying)):
            stop = _DeadlineStop(deadline, policy.stop)
            return kind(stop=stop, wait=policy.wait, retry=retry_if_exception_type(InvalidOutput), reraise=True)
        stop = _DeadlineStop(deadline, stop_after_attempt(int(policy)))
        return kind(stop=stop, retry=retry_if_exception_type(InvalidOutput), reraise=True)

    def _transport_retrying(self, kind: type[Retrying | AsyncRetrying], deadline: Deadline) -> Any:
        return kind(
            stop=TransportStop(self.config.transport_attempts, deadline),
            wait=TransportWait(self.config.backoff_initial, self.config.backoff_max),
            retry=retry_if_exception(is_retryable),
            reraise=True,
        )

    def _request_kwargs(self, messages: list[dict[str, str]], deadline: Deadline, mode: LLMMode) -> dict[str, Any]:
        """The create() arguments before instructor adds its own: one request, within what is left of the deadline."""
        remaining = deadline.remaining()
        if remaining <= 0:
            raise TransportFault(Fault("timeout", False, f"the article deadline of {self.config.deadline:g}s passed"))
        kwargs: dict[str, Any] = {
            "model": self.model_name,
            "messages": list(messages),
            "timeout": min(self.config.timeout, remaining),
        }
        if self.config.max_tokens is not None:
            kwargs["max_tokens"] = self.config.max_tokens
        if self.config.temperature is not None:
            kwargs["temperature"] = self.config.temperature
        extra_body = dict(self.config.extra)
        if mode is LLMMode.json_object:
            extra_body["response_format"] = {"type": "json_object", "schema": llama_cpp_schema()}
        if extra_body:
            kwargs["extra_body"] = extra_body
        return kwargs

    def _parse(self, structured: StructuredOutput, completion: Any, grounding: GroundingContext, tally: _Tally) -> GroundedExtraction:
        """The answer validated and grounded by instructor's parser; an unacceptable one raises InvalidOutput (re-ask)."""
        tally.add_usage(completion)
        try:
            with grounded_in(grounding):
                return structured.parse(completion)
        except IncompleteOutputException as exc:
            raise InvalidOutput("the answer was cut off at the token limit: give fewer and shorter records", tally.last_completion) from exc
        except (ValidationError, json.JSONDecodeError, ResponseParsingError) as exc:
            raise InvalidOutput(format_validation_error(exc), tally.last_completion) from exc
        except Exception as exc:
            raise TransportFault(Fault("transport", False, f"{type(exc).__name__}: {exc}")) from exc

    def _step_down(self, fault: Fault) -> bool:
        """Switch to the next mode when the endpoint rejected this one's request format; False if none is left."""
        if fault.kind != "mode_unsupported" or self.config.mode is not None:
            return False
        with self._lock:
            following = FALLBACK_MODE.get(self._mode)
            if following is None:
                return False
            self._mode = following
        return True

    def _success(self, parsed: GroundedExtraction, tally: _Tally) -> LLMResult:
        return LLMResult(core=parsed.to_core(), run=self._run_info(tally), last_completion=tally.last_completion, answers=tally.answers, requests=tally.requests)

    def _last_answer_or_failure(self, tally: _Tally, last: InvalidOutput | None) -> LLMResult:
        """After the last attempt: hand on a schema-valid answer whose only fault is grounding, else fail.

        Ungrounded values are then rejected one by one by the validation layer (kept in
        `rejected`, never trusted), instead of losing every grounded value of the answer.
        """
        core = _schema_valid_core(last.completion_text) if last is not None else None
        if core is None:
            return self._failure(tally, "invalid_output", last)
        message = f"answer still not grounded after {tally.answers} answer(s); ungrounded values left to validation: {_cut(last.error if last else '', 600)}"
        return LLMResult(
            core=core,
            run=self._run_info(tally),
            errors=[ErrorRecord(stage="llm", kind="ungrounded_output", message=message)],
            last_completion=tally.last_completion,
            answers=tally.answers,
            requests=tally.requests,
        )

    def _failure(self, tally: _Tally, kind: str, last: InvalidOutput | None, message: str | None = None) -> LLMResult:
        if message is None:
            detail = last.error if last is not None else "no valid answer"
            message = f"no valid answer after {tally.answers} answer(s) and {tally.requests} request(s): {_cut(detail, 600)}"
        else:
            message = f"{message} (after {tally.answers} answer(s) and {tally.requests} request(s))"
        return LLMResult(
            core=None,
            run=self._run_info(tally),
            errors=[ErrorRecord(stage="llm", kind=kind, message=message)],
            last_completion=last.completion_text if last is not None else tally.last_completion,
            answers=tally.answers,
            requests=tally.requests,
        )

    def _run_info(self, tally: _Tally) -> RunInfo:
        return RunInfo(
            backend=self.backend_name,
            model=self.model_name,
            prompt_version=prompts.PROMPT_VERSION,
            schema_version=SCHEMA_VERSION,
            mode=self.mode_name,
            tokens_in=tally.tokens_in,
            tokens_out=tally.tokens_out,
            attempts=tally.requests,
            latency_s=round(time.perf_counter() - tally.started, 6),
        )

    # -- clients ---------------------------------------------------------------------------------------

    def _endpoint(self) -> str:
        """The base URL requests go to (the local backend starts its server here)."""
        return self.config.base_url

    def _client_options(self) -> dict[str, Any]:
        return {"base_url": self._endpoint(), "api_key": self.config.api_key or "not-needed", "max_retries": 0, "timeout": self.config.timeout}

    def _sync_client(self) -> openai.OpenAI:
        """The shared sync client, rebuilt when the endpoint moved (the local backend's server restarted)."""
        with self._lock:
            url = self._endpoint()
            if self._client is None or self._client_url != url:
                self._client = openai.OpenAI(**self._client_options())
                self._client_url = url
                self._async = weakref.WeakKeyDictionary()
            return self._client

    def _async_client(self) -> openai.AsyncOpenAI:
        """This event loop's async client: connections belong to the loop that opened them."""
        loop = asyncio.get_running_loop()
        with self._lock:
            url = self._endpoint()
            if self._client_url != url:
                self._client, self._client_url = None, url
                self._async = weakref.WeakKeyDictionary()
            if loop not in self._async:
                # our own httpx client: openai's default one schedules its close on whatever loop runs when it
                # is garbage-collected, which fails once the loop it was opened on has closed
                http_client = openai.DefaultAsyncHttpxClient(timeout=self.config.timeout)
                self._async[loop] = openai.AsyncOpenAI(**self._client_options(), http_client=http_client)
            return self._async[loop]

    def close(self) -> None:
        """Close the HTTP clients (async clients are dropped with their event loops)."""
        with self._lock:
            if self._client is not None:
                self._client.close()
            self._client = None
            self._async = weakref.WeakKeyDictionary()

    async def aclose(self) -> None:
        """Close this event loop's async client (call before the loop ends), then the sync client."""
        loop = asyncio.get_running_loop()
        with self._lock:
            client = self._async.pop(loop, None)
        if client is not None:
            await client.close()
        self.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _DeadlineStop(stop_base):
    """tenacity stop: `inner`'s decision, and no further answer once the article deadline has passed."""

    def __init__(self, deadline: Deadline, inner: Callable[[RetryCallState], bool]) -> None:
        self.deadline = deadline
        self.inner = inner

    def __call__(self, retry_state: RetryCallState) -> bool:
        return self.deadline.expired() or self.inner(retry_state)


def _schema_valid_core(text: str | None) -> ExtractionCore | None:
    """The answer text as records when it passes the schema (and repairs) without the grounding check."""
    if not text:
        return None
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        return GroundedExtraction.model_validate_json(text[start : end + 1]).to_core()
    except (ValidationError, ValueError):
        return None


def completion_text(completion: Any) -> str | None:
    """The answer text of a chat completion: the tool call's arguments, else the message content."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return calls[0].function.arguments
    return getattr(message, "content", None)


def format_validation_error(exc: BaseException) -> str:
    """A validation failure as short lines 'path: problem' a model can act on."""
    if isinstance(exc, ValidationError):
        lines = []
        for error in exc.errors(include_url=False, include_input=False):
            path = _path(error.get("loc", ()))
            message = str(error.get("msg", "")).removeprefix("Value error, ")
            if error.get("type") == "json_invalid":
                message = f"the answer is not valid JSON ({message})"
            lines.append(f"{path}: {message}" if path else message)
        if len(lines) > MAX_ERROR_LINES:
            lines = lines[:MAX_ERROR_LINES] + [f"... and {len(lines) - MAX_ERROR_LINES} more errors"]
        return "\n".join(lines)
    if isinstance(exc, json.JSONDecodeError):
        return f"the answer is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
    return f"{type(exc).__name__}: {exc}"


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 20] + " ...[cut]"


_LLAMA_SCHEMA: dict[str, Any] | None = None


def llama_cpp_schema() -> dict[str, Any]:
    """The answer's JSON schema in a form llama.cpp's grammar converter accepts (it rejects the regex escape \\d)."""
    global _LLAMA_SCHEMA
    if _LLAMA_SCHEMA is None:
        raw = json.dumps(GroundedExtraction.model_json_schema())
        _LLAMA_SCHEMA = json.loads(raw.replace("\\\\d", "[0-9]"))
    return _LLAMA_SCHEMA

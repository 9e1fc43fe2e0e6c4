"""Transport faults: which errors are worth retrying, and how long to wait before the next request.

The openai client's own retries are off (`max_retries=0`) so every request is
ours to count. Connection errors, timeouts, 429 and 5xx are retried with
exponential backoff and jitter, a 429's Retry-After is honoured, and nothing
waits past the article's deadline.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any

import openai
from tenacity import RetryCallState, wait_exponential, wait_random


class Deadline:
    """A point in monotonic time that all attempts for one article must finish by."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Seconds left (never negative)."""
        return max(self.at - time.monotonic(), 0.0)

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self.remaining() <= 0.0


@dataclass(frozen=True)
class Fault:
    """A classified failure of one request."""

    kind: str  # "timeout" | "connection" | "rate_limited" | "server_error" | "http_error" | "mode_unsupported"
    retryable: bool
    message: str
    retry_after: float | None = None


def classify(exc: BaseException) -> Fault:
    """What kind of transport fault `exc` is, and whether another request may help."""
    if isinstance(exc, openai.APITimeoutError):
        return Fault("timeout", True, "the request timed out")
    if isinstance(exc, openai.APIConnectionError):
        return Fault("connection", True, f"connection failed: {_cause(exc)}")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = _body_text(exc)
        if _rejects_format(status, body):
            return Fault("mode_unsupported", False, f"HTTP {status}: the endpoint rejected the request format: {body[:300]}")
        if status == 429:
            return Fault("rate_limited", True, f"HTTP 429: {body[:200]}", retry_after(exc.response))
        if status >= 500 or status in (408, 409):
            return Fault("server_error", True, f"HTTP {status}: {body[:200]}", retry_after(exc.response))
        return Fault("http_error", False, f"HTTP {status}: {body[:300]}")
    return Fault("transport", False, f"{type(exc).__name__}: {exc}")


def retry_after(response: Any) -> float | None:
    """Seconds the server asked us to wait (Retry-After seconds or HTTP date, or retry-after-ms), if any."""
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(float(millis) / 1000.0, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(parsed.timestamp() - time.time(), 0.0)


class TransportWait:
    """tenacity wait: the server's Retry-After when given, else exponential backoff with jitter."""

    def __init__(self, initial: float, maximum: float) -> None:
        self._backoff = wait_exponential(multiplier=initial, max=maximum) + wait_random(0, initial)

    def __call__(self, retry_state: RetryCallState) -> float:
        exc = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(exc, TransportFault) and exc.fault.retry_after is not None:
            return exc.fault.retry_after
        return float(self._backoff(retry_state))


class TransportStop:
    """tenacity stop: after `attempts` requests, or when the next wait would cross the deadline."""

    def __init__(self, attempts: int, deadline: Deadline) -> None:
        self.attempts = attempts
        self.deadline = deadline

    def __call__(self, retry_state: RetryCallState) -> bool:
        if retry_state.attempt_number >= self.attempts:
            return True
        upcoming = retry_state.upcoming_sleep or 0.0
        return upcoming >= self.deadline.remaining()


class TransportFault(Exception):
    """A request that failed in transport; `fault` says how."""

    def __init__(self, fault: Fault) -> None:
        super().__init__(fault.message)
        self.fault = fault


def is_retryable(exc: BaseException) -> bool:
    """tenacity retry predicate for `TransportFault`s worth another request."""
    return isinstance(exc, TransportFault) and exc.fault.retryable


def _cause(exc: BaseException) -> str:
    inner = exc.__cause__ or exc.__context__
    return f"{type(inner).__name__}: {inner}" if inner else str(exc)


def _body_text(exc: openai.APIStatusError) -> str:
    try:
        return exc.response.text
    except Exception:  # noqa: BLE001 - an unreadable body still gets classified by status
        return str(exc)


def _rejects_format(status: int, body: str) -> bool:
    """An error that says the endpoint does not support how we asked for structured output."""
    if status not in (400, 422, 500, 501):
        return False
    lowered = body.lower()
    return any(word in lowered for word in ("response_format", "json_schema", "tool_choice", "tools are not supported"))

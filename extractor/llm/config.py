"""Endpoint configuration for the LLM path, and the structured-output mode chosen per endpoint.

Settings come from arguments first, then the environment (`OPENAI_BASE_URL`,
`OPENAI_API_KEY`, `EXTRACTOR_MODEL`). The mode says how the model is asked for
JSON; it is picked from the endpoint's address and can be overridden.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any
from urllib.parse import urlparse

import instructor
from tenacity import AsyncRetrying, Retrying

OPENAI_URL = "https://api.openai.com/v1"
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


class LLMMode(str, Enum):
    """How structured output is requested from the endpoint."""

    tools = "tools"  # a forced function call (api.openai.com and most hosted endpoints)
    json_schema = "json_schema"  # response_format {"type": "json_schema", ...} (vLLM, Ollama, llama.cpp's llama-server)
    json_object = "json_object"  # response_format {"type": "json_object", "schema": ...} (llama-cpp-python's server)
    md_json = "md_json"  # the schema in the prompt, JSON in a fenced block: works anywhere, enforces nothing

    @property
    def instructor_mode(self) -> instructor.Mode:
        """The instructor mode that parses this kind of answer."""
        return _INSTRUCTOR_MODES[self]

    @classmethod
    def parse(cls, value: LLMMode | str) -> LLMMode:
        """An LLMMode from its name (case-insensitive, '-' or '_'); a clear error for anything else."""
        if isinstance(value, LLMMode):
            return value
        key = str(value).strip().lower().replace("-", "_")
        try:
            return cls(key)
        except ValueError:
            raise ValueError(f"unknown mode {value!r}: choose one of {', '.join(m.value for m in cls)}") from None


_INSTRUCTOR_MODES = {
    LLMMode.tools: instructor.Mode.TOOLS,
    LLMMode.json_schema: instructor.Mode.JSON_SCHEMA,
    LLMMode.json_object: instructor.Mode.JSON_SCHEMA,  # same parsing; the request body is rewritten (see client)
    LLMMode.md_json: instructor.Mode.MD_JSON,
}

# When an endpoint rejects a mode's request format, the next one is tried (MD_JSON is the last resort).
FALLBACK_MODE = {
    LLMMode.tools: LLMMode.json_schema,
    LLMMode.json_schema: LLMMode.json_object,
    LLMMode.json_object: LLMMode.md_json,
}


def mode_for_endpoint(base_url: str) -> LLMMode:
    """TOOLS for OpenAI itself, JSON_SCHEMA for local or private-network servers, TOOLS for other hosted endpoints."""
    host = (urlparse(base_url).hostname or "").lower()
    if host == "api.openai.com" or host.endswith(".openai.azure.com"):
        return LLMMode.tools
    if host in ("localhost", "") or host.endswith((".local", ".internal")) or "." not in host:
        return LLMMode.json_schema
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return LLMMode.tools
    return LLMMode.json_schema if address.is_private or address.is_loopback or address.is_link_local else LLMMode.tools


@dataclass(frozen=True)
class LLMConfig:
    """Everything the LLM extractor needs to talk to one endpoint, with bounded retries."""

    base_url: str = OPENAI_URL
    model: str | None = None
    api_key: str | None = None
    mode: LLMMode | None = None  # None: chosen from base_url by `mode_for_endpoint`
    timeout: float = 60.0  # seconds per request
    max_attempts: int | Retrying | AsyncRetrying = 3  # answers per article, re-asks included
    deadline: float = 300.0  # seconds per article, all attempts and waits included
    transport_attempts: int = 5  # requests per answer when the transport fails
    backoff_initial: float = 0.5
    backoff_max: float = 8.0
    max_tokens: int | None = None
    temperature: float | None = 0.0
    prompt_variant: str = "full"
    reask_chars: int = 4000  # the bad answer and the error are cut to this many characters in a re-ask
    extra: dict[str, Any] = field(default_factory=dict)  # more request-body fields for the endpoint

    @classmethod
    def from_options(cls, **options: Any) -> LLMConfig:
        """A config from keyword options (None means unset), falling back to the environment."""
        unknown = sorted(set(options) - set(cls.__dataclass_fields__))
        if unknown:
            raise ValueError(f"unknown LLM option(s): {', '.join(unknown)}")
        given = {k: v for k, v in options.items() if v is not None}
        base_url = given.pop("base_url", None) or os.environ.get("OPENAI_BASE_URL") or OPENAI_URL
        given.setdefault("api_key", os.environ.get("OPENAI_API_KEY"))
        given.setdefault("model", os.environ.get("EXTRACTOR_MODEL"))
        if "mode" in given:
            given["mode"] = LLMMode.parse(given["mode"])
        for name in ("timeout", "deadline", "backoff_initial", "backoff_max"):
            if name in given:
                given[name] = _positive(name, given[name], float)
        for name in ("transport_attempts", "reask_chars"):
            if name in given:
                given[name] = _positive(name, given[name], int)
        if isinstance(given.get("max_attempts"), (int, str)):
            given["max_attempts"] = _positive("max_attempts", given["max_attempts"], int)
        return cls(base_url=base_url.rstrip("/"), **given)

    @property
    def resolved_mode(self) -> LLMMode:
        """The configured mode, or the one that suits the endpoint."""
        return self.mode or mode_for_endpoint(self.base_url)

    def with_mode(self, mode: LLMMode) -> LLMConfig:
        """A copy with another mode (used when an endpoint rejects one)."""
        return replace(self, mode=mode)


def _positive(name: str, value: Any, kind: type) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive number, got {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number

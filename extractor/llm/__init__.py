"""The LLM path: prompts and instructor over any OpenAI-compatible endpoint, or the embedded local model.

`make_extractor("llm" | "local", **options)` builds an extractor whose
`extract(article)` / `aextract(article)` return an `LLMResult`;
`select_backend()` resolves `auto` to llm, local or rules with a reason.
"""

from __future__ import annotations

import os
from typing import Any

from extractor.llm.config import LLMConfig, LLMMode, mode_for_endpoint
from extractor.llm.extractor import (
    InvalidOutput,
    LLMExtractor,
    LLMResult,
    completion_text,
    format_validation_error,
)
from extractor.llm.grounding import (
    GroundedExtraction,
    GroundingContext,
    fold,
    grounding_message,
    ungrounded,
)
from extractor.llm.local import (
    LocalExtractor,
    LocalModelServer,
    LocalModelUnavailable,
    local_available,
    model_path,
    shared_server,
)
from extractor.llm.repair import country_code, repair_answer


def select_backend(base_url: str | None = None) -> tuple[str, str]:
    """`auto`: llm when an endpoint is configured, else local when installed, else rules; with a reason to show."""
    if base_url:
        return "llm", f"endpoint {base_url} given"
    env_url = os.environ.get("OPENAI_BASE_URL")
    if env_url:
        return "llm", f"endpoint {env_url} from OPENAI_BASE_URL"
    ok, reason = local_available()
    if ok:
        return "local", f"no endpoint configured; using the {reason}"
    return "rules", f"no endpoint configured (--base-url or OPENAI_BASE_URL) and no local model: {reason}"


def make_extractor(backend: str, **options: Any) -> LLMExtractor:
    """The extractor for `backend` ('llm' or 'local'), configured from options and the environment."""
    if backend == "llm":
        return LLMExtractor(**options)
    if backend == "local":
        return LocalExtractor(**options)
    raise ValueError(f"no LLM extractor for backend {backend!r}: choose llm or local")


__all__ = [
    "GroundedExtraction",
    "GroundingContext",
    "InvalidOutput",
    "LLMConfig",
    "LLMExtractor",
    "LLMMode",
    "LLMResult",
    "LocalExtractor",
    "LocalModelServer",
    "LocalModelUnavailable",
    "completion_text",
    "country_code",
    "fold",
    "format_validation_error",
    "grounding_message",
    "local_available",
    "make_extractor",
    "mode_for_endpoint",
    "model_path",
    "repair_answer",
    "select_backend",
    "shared_server",
    "ungrounded",
]

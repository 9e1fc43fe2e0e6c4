"""The response model the LLM fills: ExtractionCore plus repair and grounding validators.

The article travels in a context variable set around each model call, not as
instructor's `context=`: instructor also renders every message as a Jinja
template with that context, which would rewrite article text containing `{{`
or `{%` (and costs a template compile per call). A quoted value (participant or speaker name, location name,
date_text, statement text) that does not occur in the article fails
validation with a message naming the value, which instructor's re-ask sends
back to the model.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from instructor import OpenAISchema
from pydantic import ValidationInfo, model_validator

from extractor.llm.repair import repair_answer
from schemas import ExtractionCore

_SCHEMAS: dict[Any, str] = {}
MAX_LISTED = 8  # ungrounded values named in one error message; the rest are counted

_QUOTE_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'", "´": "'", "–": "-", "—": "-"})
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Text with case, whitespace runs and quote/dash style folded, for 'occurs in the article' checks."""
    return _SPACE.sub(" ", text.translate(_QUOTE_FOLD)).strip().lower()


class GroundingContext:
    """The article text, folded once, answering 'does this value occur in it?'."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded = fold(text)
        self._align = _strict_aligner()

    def occurs(self, value: str) -> bool:
        """True when `value` occurs exactly or after folding case, whitespace and quote style."""
        if value in self.text:
            return True
        if self._align is not None:
            return self._align(value, self.text)
        folded = fold(value)
        return bool(folded) and folded in self._folded


_ACTIVE: ContextVar[GroundingContext | None] = ContextVar("extractor_llm_grounding", default=None)


@contextmanager
def grounded_in(grounding: GroundingContext) -> Iterator[GroundingContext]:
    """Validate answers against `grounding` inside this block (per thread and per asyncio task)."""
    token = _ACTIVE.set(grounding)
    try:
        yield grounding
    finally:
        _ACTIVE.reset(token)


def _strict_aligner() -> Any:
    """The shared aligner (extractor.validate.align, non-fuzzy) when it exists; None means use `fold`."""
    try:
        from extractor.validate.align import align
        from schemas import AlignmentStatus
    except ImportError:
        return None

    def occurs(value: str, text: str) -> bool:
        return align(value, text, fuzzy=False).status != AlignmentStatus.unaligned

    return occurs


def quoted_values(core: ExtractionCore) -> Iterator[tuple[str, str]]:
    """(path, value) of every value the annotation rules require to occur in the article."""
    for i, meeting in enumerate(core.meetings):
        for j, person in enumerate(meeting.participants):
            if person.name is not None:
                yield f"meetings[{i}].participants[{j}].name", person.name
        if meeting.date_text is not None:
            yield f"meetings[{i}].date_text", meeting.date_text
        if meeting.location is not None and meeting.location.name is not None:
            yield f"meetings[{i}].location.name", meeting.location.name
    for i, statement in enumerate(core.statements):
        for j, person in enumerate(statement.speakers):
            if person.name is not None:
                yield f"statements[{i}].speakers[{j}].name", person.name
        yield f"statements[{i}].text", statement.text


def ungrounded(core: ExtractionCore, grounding: GroundingContext) -> list[tuple[str, str]]:
    """The quoted values of `core` that do not occur in the article."""
    return [(path, value) for path, value in quoted_values(core) if not grounding.occurs(value)]


def grounding_message(missing: list[tuple[str, str]]) -> str:
    """One line per ungrounded value, e.g. "meetings[0].participants[1].name 'John Smith' does not occur in the article"."""
    lines = [f"{path} {_short(value)!r} does not occur in the article" for path, value in missing[:MAX_LISTED]]
    if len(missing) > MAX_LISTED:
        lines.append(f"... and {len(missing) - MAX_LISTED} more values that do not occur in the article")
    return "\n".join(lines)


class GroundedExtraction(ExtractionCore, OpenAISchema):
    """ExtractionCore as the model's answer: repaired before validation, grounded in the article after.

    Deriving from instructor's OpenAISchema spares instructor from wrapping the
    model in a new class on every call, and the JSON schema is generated once.
    """

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        key = (cls, args, tuple(sorted(kwargs.items())))
        if key not in _SCHEMAS:
            _SCHEMAS[key] = json.dumps(super().model_json_schema(*args, **kwargs))
        return json.loads(_SCHEMAS[key])  # a fresh copy: callers may edit it

    @model_validator(mode="before")
    @classmethod
    def _repair(cls, data: Any) -> Any:
        return repair_answer(data)

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> GroundedExtraction:
        context = info.context or {}
        grounding = context.get("grounding") or _ACTIVE.get()
        if isinstance(grounding, GroundingContext):
            missing = ungrounded(self, grounding)
            if missing:
                raise ValueError(grounding_message(missing))
        meeting_ids = {m.id for m in self.meetings}
        for i, statement in enumerate(self.statements):
            if statement.meeting_id is not None and statement.meeting_id not in meeting_ids:
                raise ValueError(f"statements[{i}].meeting_id {statement.meeting_id!r} names no meeting")
        return self

    def to_core(self) -> ExtractionCore:
        """The plain ExtractionCore with the same records."""
        return ExtractionCore.model_validate(self.model_dump(exclude_none=False))


def _short(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."

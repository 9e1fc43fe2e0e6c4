"""Fields that say where a value came from and how sure we are of it.

They are optional additions to the records contract: gold files never carry
them, and they are hidden from the JSON schema a model is asked to fill.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.enums import AlignmentStatus, Source


class Span(BaseModel):
    """A character span of the original article that a value was read from."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    start: int = Field(ge=0, description="Offset of the first character in the original text.")
    end: int = Field(ge=0, description="Offset one past the last character.")
    text: str = Field(description="The original text between start and end.")
    alignment: AlignmentStatus = AlignmentStatus.exact


class FieldProvenance(BaseModel):
    """Where one field's value came from, with a confidence in [0, 1]."""

    model_config = ConfigDict(extra="ignore")

    source: Source
    confidence: float = Field(ge=0.0, le=1.0)
    conflict: Any = Field(default=None, description="The other side's value when the two disagreed.")


class RejectedValue(BaseModel):
    """A value an extractor produced that the validation layer would not keep."""

    model_config = ConfigDict(extra="ignore")

    path: str = Field(description="Where the value was, e.g. 'meetings[0].participants[1].name'.")
    value: Any
    reason: str
    source: Source = Source.llm


class CheckWarning(BaseModel):
    """A consistency problem found in a kept record."""

    model_config = ConfigDict(extra="ignore")

    code: str
    message: str
    path: str | None = None


class ErrorRecord(BaseModel):
    """A failure while processing one article; the article still gets the best result available."""

    model_config = ConfigDict(extra="ignore")

    stage: str = Field(description="load | llm | validate | rules | write ...")
    kind: str = Field(description="A short machine-readable class of failure.")
    message: str
    path: str | None = Field(default=None, description="The input file, when there is one.")


class RunInfo(BaseModel):
    """How a result was produced: backend, model, prompt version and cost."""

    model_config = ConfigDict(extra="ignore")

    backend: str
    model: str | None = None
    prompt_version: str | None = None
    schema_version: str | None = None
    mode: str | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    attempts: int = 0
    latency_s: float = 0.0
    fallback: str | None = Field(default=None, description="The backend whose result was used instead, if any.")
    cached: bool = False
    reconciled: bool = False

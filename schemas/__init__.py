"""Typed records for meetings and statements extracted from news articles."""

from schemas.enums import Act, AlignmentStatus, MeetingFormat, MeetingStatus, Source, Topic
from schemas.provenance import CheckWarning, ErrorRecord, FieldProvenance, RejectedValue, RunInfo, Span
from schemas.records import (
    SCHEMA_VERSION,
    ArticleExtraction,
    ExtractionCore,
    Location,
    Meeting,
    Participant,
    Statement,
)

__all__ = [
    "SCHEMA_VERSION",
    "Act",
    "AlignmentStatus",
    "ArticleExtraction",
    "CheckWarning",
    "ErrorRecord",
    "ExtractionCore",
    "FieldProvenance",
    "Location",
    "Meeting",
    "MeetingFormat",
    "MeetingStatus",
    "Participant",
    "RejectedValue",
    "RunInfo",
    "Source",
    "Span",
    "Statement",
    "Topic",
]

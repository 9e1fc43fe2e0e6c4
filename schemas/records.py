"""The records of records-and-scoring.md §1, as Pydantic v2 models.

Field names and codes are the contract shared with gold fixtures written by
other people; descriptions are written for a language model to read, because
they go into the JSON schema it is asked to fill. Provenance fields are
optional and hidden from that schema (`SkipJsonSchema`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic.json_schema import SkipJsonSchema

from schemas.enums import Act, MeetingFormat, MeetingStatus, Topic
from schemas.provenance import CheckWarning, ErrorRecord, FieldProvenance, RejectedValue, RunInfo, Span

SCHEMA_VERSION = "1.0"

CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z]{3}$"),
    Field(description="ISO 3166-1 alpha-3 code, e.g. USA, JPN, KOR (South Korea), PRK (North Korea), CHN, RUS."),
]

# Upper bounds a model sees as maxItems, so a looping small model stops; they
# are not validation limits, because a long article may truthfully hold more.
MAX_MEETINGS = 12
MAX_STATEMENTS = 30
MAX_PARTICIPANTS = 12
MAX_SPEAKERS = 6
MAX_COUNTRIES = 8
MAX_TOPICS = 8

Evidence = SkipJsonSchema[dict[str, list[Span]]]
Provenance = SkipJsonSchema[dict[str, FieldProvenance]]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", use_enum_values=False)


class Participant(_Record):
    """A person or body taking part in a meeting or speaking."""

    name: str | None = Field(
        default=None,
        description="The person's name exactly as the article writes it, without honorifics or ranks "
        "(e.g. 'Charles Brown' for 'General Charles Brown'). null when only a role or body is given.",
    )
    title: str | None = Field(
        default=None,
        description="The role as written, without the name (e.g. 'National Security Adviser', 'spokesperson').",
    )
    country: CountryCode | None = Field(default=None, description="ISO3 code of the state the person or body represents.")
    evidence: Evidence = Field(default_factory=dict)
    provenance: Provenance = Field(default_factory=dict)


class Location(_Record):
    """Where a meeting took place: the most specific place named."""

    name: str | None = Field(
        default=None,
        description="City or venue exactly as written ('Seoul', 'Camp David'); a country's name if only a country is "
        "given; null for a described but unnamed venue ('his official residence').",
    )
    country: CountryCode | None = Field(default=None, description="ISO3 code of the country the place is in.")


class Meeting(_Record):
    """One encounter between officials of two or more states (or a state and an international body)."""

    id: str = Field(pattern=r"^m\d+$", description="m1, m2, ... in order of first mention.")
    status: MeetingStatus = Field(description="'held' if it happened (even mentioned in passing); 'scheduled' if announced for the future.")
    format: MeetingFormat = Field(
        default=MeetingFormat.in_person,
        description="'phone' for telephone talks/calls, 'video' for online/video meetings, otherwise 'in_person'.",
    )
    date: dt.date | None = Field(default=None, description="YYYY-MM-DD of the day it took (or will take) place; null if unknown.")
    date_text: str | None = Field(default=None, description="The phrase the date came from, exactly as written ('on Friday', 'in August').")
    location: Location | None = Field(default=None, description="Most specific place named, or null.")
    countries: list[CountryCode] = Field(
        default_factory=list,
        description="ISO3 codes of the states taking part, sorted.",
        json_schema_extra={"maxItems": MAX_COUNTRIES},
    )
    participants: list[Participant] = Field(
        default_factory=list,
        description="Every person or body named or clearly identified as taking part; "
        "for an unnamed group ('the leaders') one participant per country with name null.",
        json_schema_extra={"maxItems": MAX_PARTICIPANTS},
    )
    topics: list[Topic] = Field(
        default_factory=list,
        description="Topics the article ties to this meeting.",
        json_schema_extra={"maxItems": MAX_TOPICS},
    )
    confidence: SkipJsonSchema[float | None] = None
    evidence: Evidence = Field(default_factory=dict)
    provenance: Provenance = Field(default_factory=dict)

    @field_validator("countries")
    @classmethod
    def _sorted_unique(cls, value: list[str]) -> list[str]:
        return sorted(set(value))


class Statement(_Record):
    """One attributable assertion by an official, a government body or a group of them."""

    id: str = Field(pattern=r"^s\d+$", description="s1, s2, ... in order of appearance.")
    speakers: list[Participant] = Field(
        min_length=1,
        description="Who made it: one, or several for a joint position ('the three countries').",
        json_schema_extra={"maxItems": MAX_SPEAKERS},
    )
    text: str = Field(
        min_length=1,
        description="An exact substring of the article: for a direct quote the words inside the quotation marks; "
        "for reported speech the reported clause after the reporting verb.",
    )
    direct: bool = Field(description="true exactly when text is the whole content between a pair of quotation marks.")
    act: Act = Field(description="The speech act (condemn, urge, pledge, agree, concern, warn, reaffirm, other).")
    target: CountryCode | None = Field(default=None, description="ISO3 of the one state the statement is about or aimed at; null if several or none.")
    meeting_id: str | None = Field(default=None, pattern=r"^m\d+$", description="Id of the meeting where it was made, if the article says so.")
    confidence: SkipJsonSchema[float | None] = None
    evidence: Evidence = Field(default_factory=dict)
    provenance: Provenance = Field(default_factory=dict)


class ExtractionCore(_Record):
    """The records a model is asked for: any gold file is also a valid answer of this shape."""

    meetings: list[Meeting] = Field(
        default_factory=list,
        description="Meetings reported as held or scheduled; empty if none.",
        json_schema_extra={"maxItems": MAX_MEETINGS},
    )
    statements: list[Statement] = Field(
        default_factory=list,
        description="Attributable statements by officials or government bodies; empty if none.",
        json_schema_extra={"maxItems": MAX_STATEMENTS},
    )


class ArticleExtraction(ExtractionCore):
    """Everything extracted from one article, with its metadata, provenance and problems."""

    article_id: str = Field(description="The input file's stem, or the id of a JSON input record.")
    title: str | None = Field(default=None, description="The page headline.")
    outlet: str | None = Field(default=None, description="The page's publisher (credit line or metadata).")
    published: dt.date | None = Field(default=None, description="Publication date.")
    url: SkipJsonSchema[str | None] = None
    rejected: SkipJsonSchema[list[RejectedValue]] = Field(default_factory=list)
    warnings: SkipJsonSchema[list[CheckWarning]] = Field(default_factory=list)
    errors: SkipJsonSchema[list[ErrorRecord]] = Field(default_factory=list)
    run: SkipJsonSchema[RunInfo | None] = None

"""Cheap, unambiguous repairs of a model's raw answer before validation.

A small model should not be re-asked for trivia: country names become ISO3
codes, enum spellings are normalised, empty strings become null, a quote's
enclosing marks are dropped, and ids are renumbered m1.., s1.. with statement
references following their meetings. Anything ambiguous is left for the
validators to report.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

import pycountry

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ENUM_FIELDS_MEETING = ("status", "format")
_NULL_WORDS = {"", "null", "none", "n/a", "unknown"}
_QUOTES = "\"'“”‘’«»„"


@cache
def _aliases() -> dict[str, str]:
    raw = resources.files("extractor.llm").joinpath("country_aliases.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(raw).items() if not k.startswith("_")}


@cache
def country_code(value: str) -> str | None:
    """ISO3 code for a code or country name ('Japan' -> 'JPN', 'South Korea' -> 'KOR'); None if unknown."""
    text = " ".join(value.split())
    if _ISO3.match(text):
        return text
    key = text.lower()
    if key in _aliases():
        return _aliases()[key]
    try:
        return pycountry.countries.lookup(text).alpha_3
    except LookupError:
        return None


def repair_answer(data: Any) -> Any:
    """A repaired copy of a raw answer (a dict shaped like ExtractionCore); anything else is returned as is."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    meetings = [dict(m) for m in out.get("meetings") or [] if isinstance(m, dict)]
    statements = [dict(s) for s in out.get("statements") or [] if isinstance(s, dict)]
    renamed: dict[str, str] = {}
    for i, meeting in enumerate(meetings, start=1):
        if isinstance(meeting.get("id"), str):
            renamed.setdefault(meeting["id"], f"m{i}")
        meeting["id"] = f"m{i}"
        _repair_meeting(meeting)
    for i, statement in enumerate(statements, start=1):
        statement["id"] = f"s{i}"
        _repair_statement(statement, renamed)
    if "meetings" in out or meetings:
        out["meetings"] = meetings
    if "statements" in out or statements:
        out["statements"] = statements
    return out


def _repair_meeting(meeting: dict[str, Any]) -> None:
    for name in _ENUM_FIELDS_MEETING:
        meeting[name] = _enum_spelling(meeting.get(name))
    if meeting.get("format") is None:
        meeting.pop("format", None)
    if isinstance(meeting.get("topics"), list):
        meeting["topics"] = [_enum_spelling(t) for t in meeting["topics"]]
    for name in ("date", "date_text"):
        meeting[name] = _nullable_text(meeting.get(name))
    location = meeting.get("location")
    if isinstance(location, dict):
        location = dict(location)
        location["name"] = _nullable_text(location.get("name"))
        location["country"] = _country(location.get("country"))
        meeting["location"] = None if location["name"] is None and location["country"] is None else location
    elif isinstance(location, str):
        meeting["location"] = {"name": _nullable_text(location), "country": None}
    if isinstance(meeting.get("countries"), list):
        meeting["countries"] = [_country(c) for c in meeting["countries"] if _country(c) is not None]
    if isinstance(meeting.get("participants"), list):
        meeting["participants"] = [_participant(p) for p in meeting["participants"]]


def _repair_statement(statement: dict[str, Any], renamed: dict[str, str]) -> None:
    statement["act"] = _enum_spelling(statement.get("act"))
    statement["target"] = _country(statement.get("target"))
    if isinstance(statement.get("speakers"), list):
        statement["speakers"] = [_participant(p) for p in statement["speakers"]]
    elif isinstance(statement.get("speakers"), dict):
        statement["speakers"] = [_participant(statement["speakers"])]
    text = statement.get("text")
    if isinstance(text, str):
        stripped = text.strip().rstrip(",.;:").strip()
        if len(stripped) > 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES:
            stripped = stripped[1:-1].strip().rstrip(",.").strip()
        statement["text"] = stripped or text
    meeting_id = _nullable_text(statement.get("meeting_id"))
    statement["meeting_id"] = renamed.get(meeting_id) if meeting_id is not None else None


def _participant(value: Any) -> Any:
    if isinstance(value, str):
        return {"name": _nullable_text(value), "title": None, "country": None}
    if not isinstance(value, dict):
        return value
    person = dict(value)
    person["name"] = _nullable_text(person.get("name"))
    person["title"] = _nullable_text(person.get("title"))
    person["country"] = _country(person.get("country"))
    return person


def _country(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    if value.strip().lower() in _NULL_WORDS:
        return None
    return country_code(value) or value


def _enum_spelling(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def _nullable_text(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in _NULL_WORDS:
        return None
    return value.strip() if isinstance(value, str) else value

"""Seeded corruption of gold records: plays a strong-but-imperfect model for the reconciliation benchmark.

Each record is corrupted with probability `rate`, by one of the error kinds a
real model makes: dropped records, invented people and quotes, wrong countries
and formats, shifted dates. With the same probability the answer also gains one
invented meeting and one invented statement.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

INVENTED_PEOPLE = ["Harold Brenner", "Mireille Dacosta", "Park Ji-ho", "Viktor Lisnyak", "Tomasz Wierzba", "Ayumi Kashiwagi"]
INVENTED_QUOTES = [
    "We will never accept any change to the status quo by force",
    "The partnership has entered a new golden era",
    "All options remain firmly on the table for the allies",
    "Our countries agreed to hold annual naval drills in the Arctic",
]
COUNTRY_POOL = ["USA", "JPN", "KOR", "PRK", "CHN", "RUS", "GBR", "FRA", "AUS", "IND"]
FORMATS = ["in_person", "phone", "video"]
ACTS = ["condemn", "urge", "pledge", "agree", "concern", "warn", "reaffirm", "other"]

MEETING_ERRORS = ("drop", "invent_person", "wrong_countries", "wrong_format", "shift_date")
STATEMENT_ERRORS = ("drop", "invent_quote", "wrong_speaker", "wrong_act")


def corrupt(gold: dict[str, Any], rate: float, rng: random.Random) -> dict[str, Any]:
    """A model answer ({meetings, statements}) made from a gold ArticleExtraction dict."""
    meetings: list[dict[str, Any]] = []
    for meeting in gold.get("meetings", []):
        m = _core(meeting)
        if rng.random() < rate:
            kind = rng.choice(MEETING_ERRORS)
            if kind == "drop":
                continue
            _corrupt_meeting(m, kind, rng)
        meetings.append(m)
    statements: list[dict[str, Any]] = []
    for statement in gold.get("statements", []):
        s = _core(statement)
        if rng.random() < rate:
            kind = rng.choice(STATEMENT_ERRORS)
            if kind == "drop":
                continue
            _corrupt_statement(s, kind, rng)
        statements.append(s)
    if rng.random() < rate:
        a, b = rng.sample(INVENTED_PEOPLE, 2)
        meetings.append(
            {
                "id": "m0",
                "status": "held",
                "format": "in_person",
                "date": None,
                "date_text": None,
                "location": {"name": "Reykjavik", "country": "ISL"},
                "countries": sorted(rng.sample(COUNTRY_POOL, 2)),
                "participants": [{"name": a, "title": "envoy", "country": None}, {"name": b, "title": "minister", "country": None}],
                "topics": ["other"],
            }
        )
    if rng.random() < rate:
        statements.append(
            {
                "id": "s0",
                "speakers": [{"name": rng.choice(INVENTED_PEOPLE), "title": None, "country": rng.choice(COUNTRY_POOL)}],
                "text": rng.choice(INVENTED_QUOTES),
                "direct": True,
                "act": rng.choice(ACTS),
                "target": None,
                "meeting_id": None,
            }
        )
    _renumber(meetings, statements)
    return {"meetings": meetings, "statements": statements}


def _core(record: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a record without the fields a model never writes."""
    skip = {"evidence", "provenance", "confidence"}
    out = {k: v for k, v in record.items() if k not in skip}
    for key in ("participants", "speakers"):
        if key in out:
            out[key] = [{k: v for k, v in p.items() if k not in skip} for p in out[key]]
    if isinstance(out.get("location"), dict):
        out["location"] = dict(out["location"])
    return out


def _corrupt_meeting(m: dict[str, Any], kind: str, rng: random.Random) -> None:
    if kind == "invent_person":
        m["participants"] = list(m["participants"]) + [{"name": rng.choice(INVENTED_PEOPLE), "title": "deputy minister", "country": rng.choice(COUNTRY_POOL)}]
    elif kind == "wrong_countries":
        m["countries"] = sorted(set(rng.sample(COUNTRY_POOL, max(2, len(m["countries"])))))
    elif kind == "wrong_format":
        m["format"] = rng.choice([f for f in FORMATS if f != m["format"]])
    elif kind == "shift_date":
        day = dt.date.fromisoformat(m["date"]) if m.get("date") else dt.date(2023, 6, 1)
        m["date"] = (day + dt.timedelta(days=rng.choice([-3, -2, -1, 1, 2, 3]))).isoformat()


def _corrupt_statement(s: dict[str, Any], kind: str, rng: random.Random) -> None:
    if kind == "invent_quote":
        s["text"] = rng.choice(INVENTED_QUOTES)
        s["direct"] = True
    elif kind == "wrong_speaker":
        s["speakers"] = [{"name": rng.choice(INVENTED_PEOPLE), "title": "spokesperson", "country": rng.choice(COUNTRY_POOL)}]
    elif kind == "wrong_act":
        s["act"] = rng.choice([a for a in ACTS if a != s["act"]])


def _renumber(meetings: list[dict[str, Any]], statements: list[dict[str, Any]]) -> None:
    remap = {}
    for i, m in enumerate(meetings, 1):
        remap[m["id"]] = f"m{i}"
        m["id"] = f"m{i}"
    for i, s in enumerate(statements, 1):
        s["id"] = f"s{i}"
        s["meeting_id"] = remap.get(s.get("meeting_id") or "")

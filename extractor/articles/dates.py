"""Publication dates from metadata values and timestamp lines, without guessing ambiguous forms."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+)?"
_TIME = (
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?(?:gmt|utc|jst|kst|est|edt|cst|pst|pdt|cet|cest|bst|ist|z)?\s*[+-−]?\d{0,2}(?::?\d{2})?\)?)?)?"
)
_ISO_TIME = r"(?:[t\s]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?)?"
_PATTERNS = [
    re.compile(
        _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME,
        re.IGNORECASE,
    ),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _ISO_TIME + _TIME, re.IGNORECASE),
    re.compile(r"(?P<year>\d{4})年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日" + _TIME, re.IGNORECASE),
]
_DIGIT = re.compile(r"\d")
_NUMERIC_DMY = re.compile(r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<year>\d{4})" + _TIME, re.IGNORECASE)
_STAMP_PREFIX = re.compile(
    r"^(?:(?P<key>published|posted|updated|last updated|modified|date|first published)(?:\s+on)?\s*:?\s*)",
    re.IGNORECASE,
)


def _build(year: str, month: int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), month, int(day))
    except ValueError:
        return None


def _match_date(text: str) -> dt.date | None:
    for pattern in _PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            groups = m.groupdict()
            month = int(groups["month"]) if groups.get("month") else _MONTHS[groups["mon"].lower()[:3]]
            return _build(groups["year"], month, groups["day"])
    m = _NUMERIC_DMY.fullmatch(text)
    if m:
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:  # only day-first is possible
            return _build(m["year"], b, m["a"])
        if b > 12 >= a:  # only month-first is possible
            return _build(m["year"], a, m["b"])
    return None


def parse_stamp_line(line: str) -> tuple[dt.date, str] | None:
    """(date, key) when the whole line is a timestamp such as "03 Apr 2021 03:04:06 GMT9".

    `key` is the lower-cased label in front of the stamp ("published", "updated") or "".
    Ambiguous numeric forms ("03/04/2021") are not stamps.
    """
    text = line.strip()
    if not text or len(text) > 80 or not _DIGIT.search(text):
        return None
    key = ""
    m = _STAMP_PREFIX.match(text)
    if m:
        key = m["key"].lower()
        text = text[m.end() :]
    date = _match_date(text.strip())
    return (date, key) if date else None


def parse_date(value: object) -> dt.date | None:
    """A date from a metadata value (date, datetime or string); None when absent or ambiguous."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return (
            dt.date.fromisoformat(text[:10])
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", text)
            else _parse_text(text)
        )
    except ValueError:
        return _parse_text(text)


def _parse_text(text: str) -> dt.date | None:
    stamp = parse_stamp_line(text)
    if stamp:
        return stamp[0]
    if re.fullmatch(r"[\d\s/.\-:]+", text):
        return None  # numeric and not resolvable above: ambiguous, do not guess
    return _dateparser_parse(text)


@lru_cache(maxsize=1024)
def _dateparser_parse(text: str) -> dt.date | None:
    """Fallback for free-form dates ("18 January 2024, 9:30 am"): dateparser, imported only when needed."""
    import dateparser  # slow import: only for values the fast patterns do not cover

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed else None

"""Find date phrases in text and resolve them to days against the publication date.

The weekday rule (records-and-scoring.md §1): a weekday equal to the publication
day's weekday is the publication day; otherwise a held meeting's weekday is the
last such day before `published`, a scheduled one's the next such day after it.
"today", "yesterday", "tomorrow" and "tonight" resolve against `published`.
Explicit dates ("Jan. 18, 2024", "18 January", "2024-01-18") resolve directly;
without a year they take the publication year. Phrases naming no single day
("next month", "earlier this week", "in August", "next year") resolve to None:
the caller keeps the phrase as `date_text` with a null date. Without a
publication date, only explicit dates with a year resolve.

The rules are hand-written rather than dateparser's, which reads a weekday equal
to the publication day as last week and is slow on the hot path.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from extractor.knowledge.loader import literal_alternation

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]

_MONTH = r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_ZONE = r"(?:\s+(?:[A-Z][a-z]+|local)\s+time)"

DATE_PHRASE = re.compile(
    rf"""
    (?P<explicit>(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b
      | (?:on\s+)?\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?\b
      | \b\d{{4}}-\d{{2}}-\d{{2}}\b)
    | (?P<weekday>(?:(?:late|early)\s+)?(?:(?:on|last|this|next|coming|past)\s+)?{_WEEKDAY}{_PART}?{_ZONE}?)
    | (?P<relative>\b(?:today|yesterday|tomorrow|tonight)\b|\bthis\s+(?:morning|afternoon|evening)\b)
    | (?P<vague>\b(?:in|since|until|by|from)\s+(?:early\s+|late\s+|mid-)?{_MONTH}(?:\s+\d{{4}})?(?!\s+\d)\b
      | \b(?:earlier|later)\s+this\s+(?:week|month|year)\b
      | \b(?:last|next|this|the\s+coming|the\s+following)\s+(?:week|month|year)\b
      | \b(?:(?:early|late|later|earlier)\s+)?(?:last|next|this)\s+(?:spring|summer|fall|autumn|winter)\b
      | \b(?:(?:early|late)\s+)?(?:last|next|this)\s+{_MONTH}(?!\s+\d)\b
      | \bin\s+\d{{4}}\b)
    """,
    re.VERBOSE,
)


# Where a DATE_PHRASE match can start. Each match contains an anchor: a weekday, a month's
# first three letters, a digit, a relative day or a period word. Before its first anchor it holds
# at most two of the lead words below, each followed by spaces, and perhaps "mid-" (no lead word
# holds an anchor, and an anchor, all letters and digits, cannot run into the spaces or the
# hyphen). So a match starts at an anchor or at one of the two lead words right before it.
# A lowercase anchor begins a word wherever it is a match's first (after \b or \s), so only those
# are looked for: `re` stops at the few characters before words instead of at every "t", "e" or "a".
_CAPITAL_ANCHORS = [
    *(day.capitalize() for day in WEEKDAYS),
    *(month.capitalize() for month in MONTHS if len(month) == 3),
]
_WORD_ANCHORS = [
    *("today", "yesterday", "tomorrow", "tonight", "week", "month", "year"),
    *("morning", "afternoon", "evening", "spring", "summer", "fall", "autumn", "winter"),
]
_ANCHOR = re.compile(literal_alternation([*"0123456789", *_CAPITAL_ANCHORS]))
_ANCHOR_ANY_DIGIT = re.compile(rf"\d|{_ANCHOR.pattern}")  # for texts with non-ASCII digits
_WORD_ANCHOR = re.compile(literal_alternation(_WORD_ANCHORS))
# A lowercase anchor after a character that is no ASCII word character (all Unicode non-word ones are not)
_WORD_ANCHOR_AFTER = re.compile(rf"[^0-9A-Z_a-z]{_WORD_ANCHOR.pattern}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# The words DATE_PHRASE lets stand before an anchor (keep them in step with it). None ends with
# another, so reading backwards at most one of them matches at each step.
_LEAD_WORDS = (
    "on", "late", "early", "last", "this", "next", "coming", "past", "in",
    "since", "until", "by", "from", "earlier", "later", "the", "following",
)
_LEAD = "|".join(word[::-1] for word in _LEAD_WORDS)
# Matched on the reversed text at an anchor: "mid-", then the lead word before, then the one before that.
_LEADS_BEFORE = re.compile(
    rf"(?:-dim)?(?:\s+(?:{_LEAD})(?P<first>)(?:\s+(?:{_LEAD})(?P<second>))?)?"
)


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_VAGUE_MONTH = re.compile(
    rf"\b(?:in|since|until|by|from)\s+(?:early\s+|late\s+|mid-)?{_MONTH}\b"
)
_PERIOD = re.compile(r"\b(?:week|month|year)\b")
_RELATIVE_DAYS = tuple(
    (re.compile(rf"\b{word}\b"), delta)
    for word, delta in (
        ("yesterday", -1), ("tomorrow", 1), ("today", 0), ("tonight", 0), (r"this\s+(?:morning|afternoon|evening)", 0)
    )
)
_WEEKDAY_WORD = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)
_FORWARD = re.compile(r"\bnext\b|\bcoming\b")
_BACKWARD = re.compile(r"\blast\b|\bpast\b")
_NEXT_OR_LAST = re.compile(r"\b(?:next|last)\b")
_MONTH_DAY = re.compile(
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_DAY_MONTH = re.compile(
    rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?"
)


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase found in text: its span, its kind and the words as written."""

    start: int
    end: int
    text: str
    kind: str  # explicit | weekday | relative | vague


def find_date_phrases(text: str) -> list[DatePhrase]:
    """Every date phrase in `text`, in order: the matches of `DATE_PHRASE.finditer(text)`.

    `DATE_PHRASE` is tried only where a match can start, not at every offset: at an anchor
    (`_anchor_starts`, the first one the match contains) or at one of the lead words right before
    it (`_LEADS_BEFORE`).
    """
    phrases: list[DatePhrase] = []
    end = 0  # where the last phrase ended, and finditer goes on
    reverse: str | None = None
    for at in _anchor_starts(text):
        if at < end:
            continue
        if reverse is None:
            reverse = text[::-1]
        leads = _LEADS_BEFORE.match(reverse, len(text) - at)
        # a lead's end in `reverse` is its start in `text`; one that did not match gives -1, past `at`
        for start in (len(text) - leads.end("second"), len(text) - leads.end("first"), at):
            if end <= start <= at:
                m = DATE_PHRASE.match(text, start)
                if m:
                    phrases.append(
                        DatePhrase(m.start(), m.end(), m.group(0).strip(), m.lastgroup or "vague")
                    )
                    end = m.end()
                    break
    return phrases


def _anchor_starts(text: str) -> list[int]:
    """Sorted offsets of the anchors in `text` that can be a date phrase's first: every capital or digit one, the lowercase ones that begin a word."""
    anchors = _ANCHOR if _ascii_digits(text) else _ANCHOR_ANY_DIGIT
    starts = [m.start() for m in anchors.finditer(text)]
    words = [m.start() + 1 for m in _WORD_ANCHOR_AFTER.finditer(text)]
    if _WORD_ANCHOR.match(text):
        words.insert(0, 0)
    return sorted(starts + words) if words else starts


def _ascii_digits(text: str) -> bool:
    """Whether every character `\\d` matches in `text` is an ASCII digit."""
    return text.isascii() or not any(c.isdecimal() for c in _NON_ASCII.findall(text))


@lru_cache(maxsize=4096)
def resolve_date(
    phrase: str | None, published: dt.date | None, *, scheduled: bool = False
) -> dt.date | None:
    """The day `phrase` names, resolved against `published`; None when it names no single day.

    `scheduled` selects the direction for a weekday that is not the publication day's:
    forward for a future meeting, backward for one that happened.
    """
    if not phrase:
        return None
    text = phrase.strip()
    low = text.lower()
    iso = _ISO.search(text)
    if iso:
        return _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    explicit = _explicit(text, published, scheduled)
    if explicit is not None:
        return explicit
    if _VAGUE_MONTH.search(text) or _PERIOD.search(low):
        return None
    if published is None:
        return None
    for word, delta in _RELATIVE_DAYS:
        if word.search(low):
            return published + dt.timedelta(days=delta)
    wd = _WEEKDAY_WORD.search(low)
    if wd is None:
        return None
    target = WEEKDAYS.index(wd.group(1))
    if _FORWARD.search(low):
        scheduled = True
    elif _BACKWARD.search(low):
        scheduled = False
    diff = (target - published.weekday()) % 7
    if diff == 0 and not _NEXT_OR_LAST.search(low):
        return published
    if scheduled:
        return published + dt.timedelta(days=diff or 7)
    return published - dt.timedelta(days=(7 - diff) % 7 or 7)


def _explicit(text: str, published: dt.date | None, scheduled: bool) -> dt.date | None:
    m = _MONTH_DAY.search(text)
    if m is None:
        m = _DAY_MONTH.search(text)
    if m is None:
        return None
    month = MONTHS[m.group("month").lower()[:3]]
    day = int(m.group("day"))
    if m.group("year"):
        return _safe_date(int(m.group("year")), month, day)
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    # A held event written without a year that would lie months ahead happened last year (and vice versa).
    if not scheduled and candidate > published + dt.timedelta(days=31):
        return _safe_date(published.year - 1, month, day)
    if scheduled and candidate < published - dt.timedelta(days=31):
        return _safe_date(published.year + 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None

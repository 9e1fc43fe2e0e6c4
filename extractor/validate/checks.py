"""Consistency checks over one extraction: warnings with stable codes, and the fixes that are unambiguous.

Fixed (with a warning): duplicate meetings and statements are merged, a
statement's `meeting_id` that names no meeting is cleared, a statement's
`direct` flag is set from the text (true exactly when its grounded span is the
whole content of a pair of quotation marks); ids are renumbered m1.., s1.. in
order of first mention. Only warned about, because the right fix
is not knowable from the records: a participant's country missing from the
meeting's `countries` (either may be the wrong one, and adding it would turn
one error into two), a held meeting dated after publication (or a scheduled
one before it), a format the text around the meeting contradicts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from typing import TypeVar

from extractor.articles import Article
from extractor.validate.align import fold_text
from schemas import (
    AlignmentStatus,
    ArticleExtraction,
    CheckWarning,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Participant,
    Span,
    Statement,
)

# Warning codes (stable: downstream reports and tests key on them).
PARTICIPANT_COUNTRY_NOT_IN_MEETING = "participant_country_not_in_meeting"
FEWER_THAN_TWO_PARTIES = "meeting_fewer_than_two_parties"
HELD_MEETING_AFTER_PUBLISHED = "held_meeting_after_published"
SCHEDULED_MEETING_BEFORE_PUBLISHED = "scheduled_meeting_before_published"
FORMAT_CONTRADICTS_TEXT = "format_contradicts_text"
DANGLING_MEETING_ID = "dangling_meeting_id"
DUPLICATE_MEETING_ID = "duplicate_meeting_id"
DUPLICATE_MEETING_MERGED = "duplicate_meeting_merged"
DUPLICATE_STATEMENT_MERGED = "duplicate_statement_merged"
DIRECT_CONTRADICTS_QUOTES = "direct_contradicts_quotes"

# Text cues for how a meeting took place, looked for in the sentences its evidence comes from.
FORMAT_CUES: dict[MeetingFormat, re.Pattern[str]] = {
    MeetingFormat.phone: re.compile(
        r"\b(?:tele)?phon(?:e|ed)\b|\b(?:a|the|their|phone|telephone|conference) call\b(?!\s+(?:for|to)\b)"
        r"|\bcall (?:with|between)\b",
        re.IGNORECASE,
    ),
    MeetingFormat.video: re.compile(
        r"\bvideo ?(?:conferenc\w*|call|link|meeting|summit|talks)\b|\b(?:via|by) video\b"
        r"|\bonline (?:meeting|talks|summit|conference|session)\b|\bvirtual(?:ly)?\b",
        re.IGNORECASE,
    ),
}
_R = TypeVar("_R", Meeting, Statement)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+|\n+")
_WORDS = re.compile(r"\w+")


def check_extraction(extraction: ArticleExtraction, article: Article | None = None, *, inplace: bool = False) -> ArticleExtraction:
    """A copy of `extraction` (or, with `inplace`, the extraction itself) with unambiguous fixes applied and every problem found appended to `warnings`.

    Paths of the fix warnings (ids, merges, dangling links) index the input; the
    others index the returned, renumbered records. Format cues need `article`;
    dates are checked against the extraction's `published`, else the article's.
    """
    out = extraction if inplace else extraction.model_copy(deep=True)
    warnings: list[CheckWarning] = []
    _check_meeting_ids(out, warnings)
    _merge_duplicate_meetings(out, warnings)
    _clear_dangling_meeting_ids(out, warnings)
    _merge_duplicate_statements(out, warnings)
    renumber(out)
    published = out.published or (article.published if article is not None else None)
    sentences = _Sentences(article.original) if article is not None else None
    for i, meeting in enumerate(out.meetings):
        path = f"meetings[{i}]"
        warnings += _country_warnings(meeting, path)
        warnings += _date_warnings(meeting, path, published)
        if sentences is not None:
            warnings += _format_warnings(meeting, path, sentences)
    if article is not None:
        for i, statement in enumerate(out.statements):
            warnings += _fix_direct(statement, f"statements[{i}]", article.original)
    out.warnings.extend(warnings)
    return out


def consistency_warnings(extraction: ArticleExtraction, article: Article | None = None) -> list[CheckWarning]:
    """Only the warnings `check_extraction` would add, leaving `extraction` untouched."""
    return check_extraction(extraction, article).warnings[len(extraction.warnings) :]


# --------------------------------------------------------------------------------------------------
# fixes


def _check_meeting_ids(out: ArticleExtraction, warnings: list[CheckWarning]) -> None:
    """Give a repeated meeting id a fresh one; statements keep pointing at the first meeting of that id."""
    seen: set[str] = set()
    next_free = 1 + max((int(m.id[1:]) for m in out.meetings), default=0)
    for i, meeting in enumerate(out.meetings):
        if meeting.id in seen:
            warnings.append(
                CheckWarning(
                    code=DUPLICATE_MEETING_ID,
                    message=f"id {meeting.id} used twice; renamed m{next_free}",
                    path=f"meetings[{i}].id",
                )
            )
            meeting.id = f"m{next_free}"
            next_free += 1
        seen.add(meeting.id)


def _merge_duplicate_meetings(out: ArticleExtraction, warnings: list[CheckWarning]) -> None:
    """Merge a meeting into an earlier one with the same status, states, participants and date, at no other place."""
    kept: dict[tuple[object, ...], list[Meeting]] = {}
    remap: dict[str, str] = {}
    result: list[Meeting] = []
    for i, meeting in enumerate(out.meetings):
        group = kept.setdefault(_meeting_key(meeting), [])
        first = next((m for m in group if _same_place(m, meeting)), None)
        if first is None:
            group.append(meeting)
            result.append(meeting)
            continue
        _absorb_meeting(first, meeting)
        remap[meeting.id] = first.id
        warnings.append(
            CheckWarning(
                code=DUPLICATE_MEETING_MERGED,
                message=f"meeting {meeting.id} repeats {first.id} (same participants, countries and date); merged into it",
                path=f"meetings[{i}]",
            )
        )
    out.meetings = result
    for statement in out.statements:
        if statement.meeting_id in remap:
            statement.meeting_id = remap[statement.meeting_id]


def _meeting_key(meeting: Meeting) -> tuple[object, ...]:
    names = frozenset(_norm(p.name) for p in meeting.participants if p.name)
    # with no date to tell them apart, two mentions are one meeting only if their date phrases agree too
    when: object = meeting.date if meeting.date is not None else ("phrase", _norm(meeting.date_text or ""))
    return (meeting.status, tuple(meeting.countries), names, when)


def _same_place(a: Meeting, b: Meeting) -> bool:
    """False only when both name a place and the places differ."""
    a_name = a.location.name if a.location else None
    b_name = b.location.name if b.location else None
    return not (a_name and b_name and _norm(a_name) != _norm(b_name))


def _absorb_meeting(first: Meeting, dup: Meeting) -> None:
    """Fill what `first` lacks from `dup` and pool their participants, topics and evidence."""
    if first.location is None:
        first.location = dup.location
    elif dup.location is not None:
        first.location.name = first.location.name or dup.location.name
        first.location.country = first.location.country or dup.location.country
    first.date_text = first.date_text or dup.date_text
    names = {_norm(p.name) for p in first.participants if p.name}
    countries_unnamed = {p.country for p in first.participants if not p.name}
    for person in dup.participants:
        if person.name and _norm(person.name) not in names:
            first.participants.append(person)
            names.add(_norm(person.name))
        elif not person.name and person.country not in countries_unnamed:
            first.participants.append(person)
            countries_unnamed.add(person.country)
    first.topics = list(dict.fromkeys([*first.topics, *dup.topics]))
    _pool_evidence(first.evidence, dup.evidence)


def _clear_dangling_meeting_ids(out: ArticleExtraction, warnings: list[CheckWarning]) -> None:
    ids = {m.id for m in out.meetings}
    for i, statement in enumerate(out.statements):
        if statement.meeting_id is not None and statement.meeting_id not in ids:
            warnings.append(
                CheckWarning(
                    code=DANGLING_MEETING_ID,
                    message=f"statement {statement.id} points at meeting {statement.meeting_id}, which does not exist; cleared",
                    path=f"statements[{i}].meeting_id",
                )
            )
            statement.meeting_id = None


def _merge_duplicate_statements(out: ArticleExtraction, warnings: list[CheckWarning]) -> None:
    """Merge statements with the same text (folded case, whitespace and quote style) into the first."""
    kept: dict[str, Statement] = {}
    result: list[Statement] = []
    for i, statement in enumerate(out.statements):
        key = fold_text(statement.text).strip(" \"'.,")
        first = kept.get(key)
        if first is None:
            kept[key] = statement
            result.append(statement)
            continue
        for person in statement.speakers:
            if not any(_same_person(person, other) for other in first.speakers):
                first.speakers.append(person)
        if first.meeting_id is None:
            first.meeting_id = statement.meeting_id
        if first.target is None:
            first.target = statement.target
        _pool_evidence(first.evidence, statement.evidence)
        warnings.append(
            CheckWarning(
                code=DUPLICATE_STATEMENT_MERGED,
                message=f"statement {statement.id} repeats the text of {first.id}; merged into it",
                path=f"statements[{i}]",
            )
        )
    out.statements = result


def renumber(out: ArticleExtraction) -> None:
    """Order meetings and statements by first mention (evidence offsets) and renumber them m1.., s1.. in place.

    A record without evidence stays right after the record that preceded it.
    """
    out.meetings = _by_first_mention(out.meetings)
    remap = {m.id: f"m{i}" for i, m in enumerate(out.meetings, 1)}
    for meeting in out.meetings:
        meeting.id = remap[meeting.id]
    out.statements = _by_first_mention(out.statements)
    for i, statement in enumerate(out.statements, 1):
        statement.id = f"s{i}"
        if statement.meeting_id is not None:
            statement.meeting_id = remap.get(statement.meeting_id)


def _by_first_mention(records: list[_R]) -> list[_R]:
    keys: list[int] = []
    previous = -1
    for record in records:
        offset = first_offset(record)
        previous = offset if offset is not None else previous
        keys.append(previous)
    order = sorted(range(len(records)), key=lambda k: keys[k])  # stable: ties keep their order
    return [records[k] for k in order]


def first_offset(record: Meeting | Statement) -> int | None:
    """Where a record is first mentioned, in original offsets; None without evidence.

    A statement's text span, a meeting's own evidence (place, date phrase); failing
    those, the earliest name of its people (names are shared between meetings).
    """
    own = record.evidence.get("text", []) if isinstance(record, Statement) else [s for v in record.evidence.values() for s in v]
    if own:
        return min(s.start for s in own)
    starts = [s.start for spans in record.evidence.values() for s in spans]
    people: Iterable[Participant] = record.participants if isinstance(record, Meeting) else record.speakers
    for person in people:
        starts += [s.start for s in person.evidence.get("name", [])]
    return min(starts) if starts else None


_OPEN_QUOTES = "\"\u201c\u2018'\u00ab"
_CLOSE_QUOTES = "\"\u201d\u2019'\u00bb"


def is_quoted(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is the whole content of a pair of quotation marks (a closing , or . may sit inside)."""
    before = text[start - 1 : start] if start > 0 else ""
    after = text[end : end + 2]
    return (
        before != ""
        and before in _OPEN_QUOTES
        and after != ""
        and (after[0] in _CLOSE_QUOTES or (after[0] in ",." and after[1:2] != "" and after[1:2] in _CLOSE_QUOTES))
    )


def _fix_direct(statement: Statement, path: str, original: str) -> list[CheckWarning]:
    """Set `direct` from the text itself (records-and-scoring §2): true exactly when the span is a whole quotation."""
    spans = [s for s in statement.evidence.get("text", []) if s.alignment in (AlignmentStatus.exact, AlignmentStatus.normalized)]
    if not spans:
        return []
    quoted = is_quoted(original, spans[0].start, spans[0].end)
    if quoted == statement.direct:
        return []
    statement.direct = quoted
    what = "the whole content of a quotation" if quoted else "not the whole content of a quotation"
    return [
        CheckWarning(
            code=DIRECT_CONTRADICTS_QUOTES,
            message=f"statement {statement.id} text is {what}; direct set to {str(quoted).lower()}",
            path=f"{path}.direct",
        )
    ]


# --------------------------------------------------------------------------------------------------
# warnings only


def _country_warnings(meeting: Meeting, path: str) -> list[CheckWarning]:
    warnings = []
    for k, person in enumerate(meeting.participants):
        if person.country and person.country not in meeting.countries:
            who = person.name or person.title or "a participant"
            warnings.append(
                CheckWarning(
                    code=PARTICIPANT_COUNTRY_NOT_IN_MEETING,
                    message=f"{who} represents {person.country}, which is not among the meeting's countries {meeting.countries}",
                    path=f"{path}.participants[{k}].country",
                )
            )
    states = set(meeting.countries) | {p.country for p in meeting.participants if p.country}
    # a participant with no state may stand for an international body, which counts as a party
    if len(states) < 2 and all(p.country for p in meeting.participants):
        warnings.append(
            CheckWarning(
                code=FEWER_THAN_TWO_PARTIES, message=f"meeting {meeting.id} has fewer than two identified parties", path=path
            )
        )
    return warnings


def _date_warnings(meeting: Meeting, path: str, published: dt.date | None) -> list[CheckWarning]:
    if meeting.date is None or published is None:
        return []
    if meeting.status == MeetingStatus.held and meeting.date > published:
        return [
            CheckWarning(
                code=HELD_MEETING_AFTER_PUBLISHED,
                message=f"meeting {meeting.id} is marked held but dated {meeting.date}, after publication on {published}",
                path=f"{path}.date",
            )
        ]
    if meeting.status == MeetingStatus.scheduled and meeting.date < published:
        return [
            CheckWarning(
                code=SCHEDULED_MEETING_BEFORE_PUBLISHED,
                message=f"meeting {meeting.id} is marked scheduled but dated {meeting.date}, before publication on {published}",
                path=f"{path}.date",
            )
        ]
    return []


class _Sentences:
    """Sentence boundaries of a text, to find the sentences a record's evidence comes from."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]

    def around(self, start: int, end: int) -> str:
        i = max(bisect.bisect_right(self.bounds, start) - 1, 0)
        j = min(bisect.bisect_left(self.bounds, max(end, start + 1)), len(self.bounds) - 1)
        return self.text[self.bounds[i] : self.bounds[j]]


def _format_warnings(meeting: Meeting, path: str, sentences: _Sentences) -> list[CheckWarning]:
    """Warn when the sentences holding the meeting's evidence cue another format than the one recorded."""
    spans = [s for spans in meeting.evidence.values() for s in spans]
    spans += [s for p in meeting.participants for s in p.evidence.get("name", [])]
    if not spans or meeting.format == MeetingFormat.unknown:
        return []
    context = " ".join(dict.fromkeys(sentences.around(s.start, s.end) for s in spans))
    cued = [fmt for fmt, pattern in FORMAT_CUES.items() if pattern.search(context)]
    if not cued or meeting.format in cued:
        return []
    return [
        CheckWarning(
            code=FORMAT_CONTRADICTS_TEXT,
            message=f"meeting {meeting.id} is marked {meeting.format.value} but the text around it says "
            + " or ".join(f.value for f in cued),
            path=f"{path}.format",
        )
    ]


# --------------------------------------------------------------------------------------------------
# helpers


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(fold_text(text)))


def _same_person(a: Participant, b: Participant) -> bool:
    if a.name and b.name:
        return _norm(a.name) == _norm(b.name)
    return a.name == b.name and a.country == b.country


def _pool_evidence(into: dict[str, list[Span]], other: dict[str, list[Span]]) -> None:
    for key, spans in other.items():
        have = into.setdefault(key, [])
        have.extend(s for s in spans if s not in have)

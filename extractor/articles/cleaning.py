"""Delete page furniture from scraped article text, keeping a map back to the original offsets.

Cleaning works line by line and only ever deletes: boilerplate lines, navigation crumbs,
timestamp and credit lines (whose values become metadata), related-link lists, trailing
metadata blocks, and repeated or truncated copies of paragraphs. Kept lines lose their
surrounding whitespace; paragraphs stay separated by one or two of the original newlines.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from extractor.articles.article import OffsetMap
from extractor.articles.dates import parse_date, parse_stamp_line
from extractor.articles.rules import (
    CleaningRules,
    OutletTable,
    cleaning_rules,
    outlet_table,
)

_CLOSERS = "\"'”’)]"
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.{3,})$")
# A short credit line naming an outlet not in the data file: "Gulf News Agency", "Kyodo Press".
_CREDIT_SHAPE = re.compile(
    r"(?:[A-Z][\w&.'’-]*\s+){0,4}(?:Press|News|Agency|Service|Wire|Times|Post|Herald|Journal|Network|"
    r"Broadcasting|Daily|Shimbun|Ilbo|Tribune|Gazette|Telegraph|Chronicle)"
)
# A dateline credit at the start of the body: "SEOUL (Reuters) -", "TOKYO, Jan 5 (AFP) —".
_DATELINE_CREDIT = re.compile(r"[A-Z][A-Za-z .,/'-]{1,60}\((?P<outlet>[A-Za-z][\w .&-]{1,40})\)\s*[-—–:]")
# A Markdown heading marker, deleted so the heading's words start the line.
_HEADING_MARK = re.compile(r"#{1,6}[ \t]+(?=\S)")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_STAMP_PRIORITY = {
    "published": 0,
    "first published": 0,
    "posted": 1,
    "date": 1,
    "": 2,
    "updated": 3,
    "last updated": 3,
    "modified": 3,
}
_MIN_REPEAT_CHARS = 15
_MIN_TRUNCATED_CHARS = 20


@dataclass
class _Line:
    start: int  # content start in the original, after leading whitespace
    end: int  # content end, before trailing whitespace
    newline: int | None  # offset of the "\n" ending the line, None for the last line
    text: str
    drop: str | None = None

    @property
    def kept(self) -> bool:
        return bool(self.text) and self.drop is None


@dataclass
class CleanedText:
    """The result of cleaning: text made of original characters, its offset map, and found metadata."""

    text: str
    offsets: OffsetMap
    title: str | None = None
    title_span: tuple[int, int] | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    removed: list[tuple[int, int, str]] = field(default_factory=list)


def _split_lines(original: str, start: int) -> list[_Line]:
    lines: list[_Line] = []
    pos = start
    n = len(original)
    while pos <= n:
        nl = original.find("\n", pos)
        line_end = n if nl == -1 else nl
        raw = original[pos:line_end]
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            c_start = pos + lead
            c_end = c_start + len(stripped)
            mark = _HEADING_MARK.match(stripped)
            if mark:
                stripped = stripped[mark.end() :]
                c_start += mark.end()
        else:
            c_start = c_end = pos
        lines.append(_Line(c_start, c_end, None if nl == -1 else nl, stripped))
        if nl == -1:
            break
        pos = nl + 1
    return lines


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_CLOSERS)[-1:] in (".", "!", "?")


def _is_prose(text: str) -> bool:
    words = len(text.split())
    return words >= 20 or (words >= 6 and _ends_sentence(text))


def _norm(text: str) -> str:
    return " ".join(text.split())


class _Cleaner:
    """One cleaning run over one text; each rule marks lines to drop."""

    def __init__(self, original: str, start: int, rules: CleaningRules, outlets: OutletTable) -> None:
        self.original = original
        self.rules = rules
        self.outlets = outlets
        self.lines = _split_lines(original, start)
        # Lines before the first sentence of prose form the head zone, where crumbs and mastheads live.
        self.first_prose = next((i for i, line in enumerate(self.lines) if line.text and _is_prose(line.text)), 0)
        self.published: tuple[int, dt.date] | None = None  # (priority, date)
        self.url: str | None = None
        self.outlet: str | None = None
        self.meta_outlet: str | None = None

    def _offer_date(self, priority: int, date: dt.date | None) -> None:
        if date and (self.published is None or priority < self.published[0]):
            self.published = (priority, date)

    def mark_furniture(self) -> None:
        for i, line in enumerate(self.lines):
            if not line.text:
                continue
            if self.rules.anywhere.fullmatch(line.text):
                line.drop = "boilerplate"
            elif i < self.first_prose and self.rules.head.fullmatch(line.text):
                line.drop = "navigation"
            else:
                stamp = parse_stamp_line(line.text)
                if stamp:
                    line.drop = "timestamp"
                    self._offer_date(10 + _STAMP_PRIORITY.get(stamp[1], 2), stamp[0])

    def mark_related_lists(self) -> None:
        i = 0
        while i < len(self.lines):
            line = self.lines[i]
            m = self.rules.related.fullmatch(line.text) if line.text else None
            if not m:
                i += 1
                continue
            line.drop = "related links"
            count = int(m["count"]) if m["count"] else None
            i += 1
            taken = 0
            while i < len(self.lines) and (count is None or taken < count):
                item = self.lines[i]
                if not item.text:
                    if count is None and taken:
                        break
                    i += 1
                    continue
                headline_like = len(item.text) <= 200 and (count is not None or not _ends_sentence(item.text))
                if not headline_like:
                    break
                item.drop = "related links"
                taken += 1
                i += 1

    def mark_trailing_metadata(self) -> None:
        block: list[_Line] = []
        kv_lines = 0
        i = len(self.lines) - 1
        while i >= 0:
            line = self.lines[i]
            text = line.text
            if not text or line.drop:
                block.append(line)
            elif self.rules.metadata_line.fullmatch(text):
                block.append(line)
                kv_lines += 1
            elif self.rules.trailing_headings.fullmatch(text) or (
                len(text) <= 30 and len(text.split()) <= 3 and not _ends_sentence(text)
            ):
                block.append(line)
            else:
                previous = self._previous_text_line(i)
                if previous is None or not self.rules.trailing_headings.fullmatch(self.lines[previous].text):
                    break
                block.extend(self.lines[previous : i + 1])
                i = previous
            i -= 1
        if kv_lines < 2:
            return
        for line in block:
            if not line.text:
                continue
            m = self.rules.metadata_line.fullmatch(line.text)
            if m:
                self._take_metadata(self.rules.metadata_fields.get(m["key"].lower()), m["value"].strip())
            elif not line.drop and self.outlets.from_credit(line.text):
                self.outlet = self.outlet or self.outlets.from_credit(line.text)
            line.drop = line.drop or "trailing metadata"

    def _previous_text_line(self, i: int) -> int | None:
        for j in range(i - 1, -1, -1):
            if self.lines[j].text:
                return j
        return None

    def _take_metadata(self, target: str | None, value: str) -> None:
        if target == "published":
            self._offer_date(0, parse_date(value))
        elif target == "url" and self.url is None and _URL.fullmatch(value):
            self.url = value
        elif target == "outlet" and self.meta_outlet is None:
            self.meta_outlet = self.outlets.from_credit(value) or value

    def mark_credit(self) -> None:
        kept_prose = [i for i, line in enumerate(self.lines) if line.kept and _is_prose(line.text)]
        last_prose = kept_prose[-1] if kept_prose else len(self.lines)
        for line in self.lines[last_prose + 1 :]:
            if not line.kept:
                continue
            name = self.outlets.from_credit(line.text)
            if name is None and _CREDIT_SHAPE.fullmatch(line.text):
                name = line.text
            if name:
                line.drop = "credit"
                self.outlet = self.outlet or name
        if self.outlet is None and self.first_prose < len(self.lines):
            m = _DATELINE_CREDIT.match(self.lines[self.first_prose].text)
            if m:
                self.outlet = self.outlets.from_credit(m["outlet"])

    def mark_repeats(self) -> None:
        kept = [line for line in self.lines if line.kept]
        keys = [_norm(line.text) for line in kept]
        # Position of each kept line in the space-joined text, to look for a teaser's full text after it.
        joined = " ".join(keys)
        ends: list[int] = []
        pos = 0
        for key in keys:
            pos += len(key)
            ends.append(pos)
            pos += 1
        seen: set[str] = set()
        for idx, (line, key) in enumerate(zip(kept, keys)):
            teaser = _ELLIPSIS.search(key) if key.endswith(("…", "...", "]")) else None
            if (
                teaser
                and teaser.start() >= _MIN_TRUNCATED_CHARS
                and joined.find(key[: teaser.start()], ends[idx]) != -1
            ):
                line.drop = "teaser"
            elif len(key) >= _MIN_REPEAT_CHARS and key in seen:
                line.drop = "repeated"
            elif (
                len(key) >= _MIN_TRUNCATED_CHARS
                and idx + 1 < len(keys)
                and len(keys[idx + 1]) > len(key)
                and keys[idx + 1].startswith(key)
            ):
                line.drop = "truncated"
            seen.add(key)

    def build(self) -> CleanedText:
        pieces: list[tuple[int, int]] = []  # original (start, end) stretches, in order
        previous: _Line | None = None
        blank_since_previous: int | None = None
        title_span: tuple[int, int] | None = None
        first: _Line | None = None
        for line in self.lines:
            if not line.text:
                if previous is not None and blank_since_previous is None and line.newline is not None:
                    blank_since_previous = line.newline
                continue
            if line.drop:
                continue
            if previous is not None:
                assert previous.newline is not None
                pieces.append((previous.newline, previous.newline + 1))
                if blank_since_previous is not None:
                    pieces.append((blank_since_previous, blank_since_previous + 1))
            pieces.append((line.start, line.end))
            first = first or line
            previous = line
            blank_since_previous = None
        segments: list[tuple[int, int, int]] = []
        clean_pos = 0
        for start, end in pieces:
            length = end - start
            if segments and segments[-1][1] + segments[-1][2] == start:
                c, o, n = segments[-1]
                segments[-1] = (c, o, n + length)
            else:
                segments.append((clean_pos, start, length))
            clean_pos += length
        text = "".join(self.original[s:e] for s, e in pieces)
        title = None
        if first is not None and _is_headline(first.text) and len(text) > len(first.text):
            title, title_span = first.text, (0, len(first.text))
        removed = [(line.start, line.end, line.drop) for line in self.lines if line.text and line.drop]
        return CleanedText(
            text=text,
            offsets=OffsetMap(tuple(segments)),
            title=title,
            title_span=title_span,
            outlet=self.outlet or self.meta_outlet or self.outlets.from_url(self.url),
            published=self.published[1] if self.published else None,
            url=self.url,
            removed=removed,
        )


def _is_headline(text: str) -> bool:
    words = len(text.split())
    return 2 <= words <= 30 and len(text) <= 200 and not re.search(r"[.,;:]$", text) and any(c.isalpha() for c in text)


def clean_text(original: str, start: int = 0) -> CleanedText:
    """Clean `original[start:]` (start skips a front matter block) and map the result back to `original`."""
    cleaner = _Cleaner(original, start, cleaning_rules(), outlet_table())
    cleaner.mark_furniture()
    cleaner.mark_related_lists()
    cleaner.mark_trailing_metadata()
    cleaner.mark_repeats()
    cleaner.mark_credit()
    return cleaner.build()

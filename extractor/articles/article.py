"""The Article: cleaned text for extractors, plus the map back to the original file."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from schemas import AlignmentStatus, Span


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets in the cleaned text to offsets in the original text.

    Cleaning only deletes stretches of the original (boilerplate lines, repeated
    paragraphs), so the cleaned text is a concatenation of original substrings:
    `segments` holds one `(clean_start, orig_start, length)` per kept stretch,
    in order.
    """

    segments: tuple[tuple[int, int, int], ...]

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that cleaning left untouched."""
        return cls(((0, 0, length),))

    @cached_property
    def _starts(self) -> list[int]:
        """Cleaned start offset of each segment, for bisecting (computed once per map)."""
        return [s[0] for s in self.segments]

    def to_original(self, pos: int) -> int:
        """Original offset of cleaned offset `pos` (end offsets map to one past the kept character)."""
        segments = self.segments
        if not segments:
            return pos
        i = bisect.bisect_right(self._starts, pos) - 1
        clean_start, orig_start, length = segments[i if i > 0 else 0]
        offset = pos - clean_start
        return orig_start + (offset if offset < length else length)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned span [start, end).

        The same as mapping `start` and `end - 1` with `to_original`, done inline: evidence building maps
        every span it reports, and a span inside one kept stretch (the usual case) is just shifted.
        """
        segments = self.segments
        if end <= start or not segments:
            o = self.to_original(start)
            return o, (o if end <= start else end)
        starts = self._starts
        i = bisect.bisect_right(starts, start) - 1
        if i < 0:
            i = 0
        clean_start, orig_start, length = segments[i]
        if end - clean_start <= length and (i + 1 == len(starts) or starts[i + 1] >= end):
            shift = orig_start - clean_start
            return start + shift, end + shift
        offset = start - clean_start
        o_start = orig_start + (offset if offset < length else length)
        last = end - 1
        j = bisect.bisect_right(starts, last, i) - 1
        if j < 0:
            j = 0
        clean_start, orig_start, length = segments[j]
        offset = last - clean_start
        return o_start, orig_start + (offset if offset < length else length) + 1


@dataclass
class Article:
    """One news article ready for extraction.

    `text` is what extractors read; `original` is the text every reported
    offset refers to (the file's content, or a JSON record's `text`; for HTML,
    the main text the HTML extractor returned).
    """

    id: str
    text: str
    original: str = ""
    offsets: OffsetMap | None = None
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    url: str | None = None
    path: str | None = None
    metadata: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.original:
            self.original = self.text
        if self.offsets is None:
            self.offsets = OffsetMap.identity(len(self.text))

    def span(self, start: int, end: int, alignment: AlignmentStatus = AlignmentStatus.exact) -> Span:
        """A Span in original offsets for the cleaned-text span [start, end)."""
        assert self.offsets is not None
        o_start, o_end = self.offsets.span_to_original(start, end)
        return Span(start=o_start, end=o_end, text=self.original[o_start:o_end], alignment=alignment)

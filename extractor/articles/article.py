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
        if not self.segments:
            return pos
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        clean_start, orig_start, length = self.segments[i]
        return orig_start + min(pos - clean_start, length)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the cleaned span [start, end).

        A span inside one kept stretch (the usual case: evidence building maps every span it reports)
        is shifted by that stretch's offset; any other span maps `start` and `end - 1` one by one.
        """
        if end <= start:
            o = self.to_original(start)
            return o, o
        if self.segments:
            i = max(bisect.bisect_right(self._starts, start) - 1, 0)
            clean_start, orig_start, length = self.segments[i]
            if end - clean_start <= length and (i + 1 == len(self.segments) or self._starts[i + 1] >= end):
                shift = orig_start - clean_start
                return start + shift, end + shift
        return self.to_original(start), self.to_original(end - 1) + 1


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

"""One article prepared for the rules: sentences, quotes, country mentions and people, computed once."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from typing import Any

from extractor.normalize import CountryMention, country_mentions
from extractor.rules.people import Mention, PeopleFinder, country_lists
from extractor.rules.text import Sentence, quote_spans, split_sentences

_ITEM_START = attrgetter("start")


@dataclass
class Document:
    """The shared view of one article that the meeting, statement and topic rules read."""

    text: str
    published: dt.date | None
    sentences: list[Sentence] = field(default_factory=list)
    quotes: list[tuple[int, int]] = field(default_factory=list)
    cmentions: list[CountryMention] = field(default_factory=list)
    lists: list[tuple[int, int, list[str]]] = field(default_factory=list)
    persons: list[Mention] = field(default_factory=list)
    orgs: list[Mention] = field(default_factory=list)
    groups: list[Mention] = field(default_factory=list)
    pronouns: list[Mention] = field(default_factory=list)
    roles: list[Mention] = field(default_factory=list)
    home: str | None = None  # the state of the dateline city, for officials named without a country cue
    _starts: list[int] = field(default_factory=list, repr=False)
    _index: dict[str, _StartIndex] = field(
        default_factory=dict, repr=False, compare=False
    )
    _quote_reach: _Reach | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(
        cls, text: str, published: dt.date | None, title: str | None = None, outlet: str | None = None
    ) -> Document:
        """Split and annotate `text`; a line repeating the headline `title` is marked so rules skip it, and a
        government `outlet` is the home of officials named without a country cue when no dateline says."""
        doc = cls(text=text, published=published)
        doc.quotes = quote_spans(text)
        doc.sentences = split_sentences(text, doc.quotes, title)
        doc.cmentions = country_mentions(text)
        lists = country_lists(doc.cmentions, text)
        doc.lists = [(s, e, list(codes)) for s, e, codes in lists]
        finder = PeopleFinder(text, published, doc.cmentions, lists, outlet)
        doc.persons = finder.find_persons(
            [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
        )
        doc.orgs = finder.find_orgs()
        doc.groups = finder.find_groups()
        doc.pronouns = finder.find_pronouns()
        doc.roles = finder.find_roles()
        doc.home = finder.home
        doc._starts = [s.start for s in doc.sentences]
        return doc

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing offset `pos`."""
        i = max(bisect_right(self._starts, pos) - 1, 0)
        return self.sentences[i]

    def in_quote(self, pos: int) -> bool:
        """Whether `pos` lies inside a quotation: some (s, e) with s < pos < e, i.e. the quotations opened before `pos` reach past it."""
        quotes = self.quotes
        reach = self._quote_reach
        if reach is None or reach.items is not quotes or reach.size != len(quotes):
            reach = self._quote_reach = _Reach.of(quotes)
        i = bisect_left(reach.starts, pos)
        return i > 0 and reach.ends[i - 1] > pos

    def mentions(self, kind: str, start: int, end: int) -> list[Mention]:
        """Mentions of `kind` (persons | orgs | groups | pronouns) starting in [start, end)."""
        items: list[Mention] = getattr(self, kind)
        index = self._index.get(kind)
        if index is None or index.items is not items or index.size != len(items):
            index = self._reindex(kind, items, _ITEM_START)
        lo = bisect_left(index.starts, start)
        hi = bisect_left(index.starts, end, lo)
        if index.order is None:
            return items[lo:hi]
        return [items[i] for i in sorted(index.order[lo:hi])]

    def countries_in(self, start: int, end: int) -> list[CountryMention]:
        """Country mentions inside [start, end)."""
        cms = self.cmentions
        index = self._index.get("cmentions")
        if index is None or index.items is not cms or index.size != len(cms):
            index = self._reindex("cmentions", cms, _ITEM_START)
        if index.order is not None:
            return [c for c in cms if start <= c.start and c.end <= end]
        lo = bisect_left(index.starts, start)
        hi = bisect_right(index.starts, end, lo)
        return [c for c in cms[lo:hi] if c.end <= end]

    def _reindex(
        self, name: str, items: Sequence[Any], start_of: Callable[[Any], int]
    ) -> _StartIndex:
        """Index the field `name` by start, for the range queries (again after the field is replaced or grows)."""
        index = _StartIndex.of(items, start_of)
        self._index[name] = index
        return index


@dataclass(frozen=True)
class _StartIndex:
    """Starts of a list's items in ascending order, for range queries by bisection.

    `order` maps sorted positions back to list positions and is None when the list is
    already in start order.
    """

    items: Sequence[Any]
    size: int
    starts: list[int]
    order: list[int] | None

    @classmethod
    def of(cls, items: Sequence[Any], start_of: Callable[[Any], int]) -> _StartIndex:
        """Index `items` by `start_of(item)`."""
        starts = list(map(start_of, items))
        order = None
        ordered = sorted(starts)
        if ordered != starts:
            order = sorted(range(len(starts)), key=starts.__getitem__)
            starts = ordered
        return cls(items, len(items), starts, order)


@dataclass(frozen=True)
class _Reach:
    """(start, end) spans sorted by start, with the furthest end reached by each prefix: whether a position lies inside some span, by one bisection, nested or overlapping spans included."""

    items: Sequence[tuple[int, int]]
    size: int
    starts: list[int]
    ends: list[int]  # ends[i]: the furthest end among the first i + 1 spans in start order

    @classmethod
    def of(cls, spans: Sequence[tuple[int, int]]) -> _Reach:
        """Index `spans`."""
        ordered = sorted(spans)
        return cls(spans, len(spans), [s for s, _ in ordered], list(accumulate((e for _, e in ordered), max)))

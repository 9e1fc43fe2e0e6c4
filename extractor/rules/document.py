"""One article prepared for the rules: sentences, quotes, country mentions and people, computed once."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field, replace

from extractor.normalize import CountryMention, country_mentions
from extractor.rules.people import Mention, PeopleFinder, country_lists
from extractor.rules.text import Sentence, quote_spans, split_sentences


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
    _starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def build(
        cls, text: str, published: dt.date | None, title: str | None = None
    ) -> Document:
        """Split and annotate `text`; a line repeating the headline `title` is marked so rules skip it."""
        doc = cls(text=text, published=published)
        doc.sentences = split_sentences(text)
        if title:
            key = " ".join(title.split()).lower()
            doc.sentences = [
                replace(s, duplicate=True)
                if " ".join(s.text.split()).lower() == key
                else s
                for s in doc.sentences
            ]
        doc.quotes = quote_spans(text)
        doc.cmentions = country_mentions(text)
        doc.lists = country_lists(doc.cmentions, text)
        finder = PeopleFinder(text, published, doc.cmentions)
        doc.persons = finder.find_persons(
            [(s.start, s.end) for s in doc.sentences] or [(0, len(text))]
        )
        doc.orgs = finder.find_orgs()
        doc.groups = finder.find_groups()
        doc.pronouns = finder.find_pronouns()
        doc.roles = finder.find_roles()
        doc._starts = [s.start for s in doc.sentences]
        return doc

    def sentence_at(self, pos: int) -> Sentence:
        """The sentence containing offset `pos`."""
        i = max(bisect.bisect_right(self._starts, pos) - 1, 0)
        return self.sentences[i]

    def in_quote(self, pos: int) -> bool:
        """Whether `pos` lies inside a quotation."""
        return any(s < pos < e for s, e in self.quotes)

    def mentions(self, kind: str, start: int, end: int) -> list[Mention]:
        """Mentions of `kind` (persons | orgs | groups | pronouns) starting in [start, end)."""
        return [m for m in getattr(self, kind) if start <= m.start < end]

    def countries_in(self, start: int, end: int) -> list[CountryMention]:
        """Country mentions inside [start, end)."""
        return [c for c in self.cmentions if start <= c.start and c.end <= end]

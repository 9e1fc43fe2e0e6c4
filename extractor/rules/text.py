"""Sentence splitting and quotation spans for the rules extractor (regexes compiled once)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import NamedTuple

from extractor.rules.scanning import matches_at, occurrences

# Tokens that end with a full stop without ending a sentence (and any single capital).
_ABBREVIATIONS = (
    "U.S", "U.N", "U.K", "E.U", "Adm", "Gen", "Lt", "Col", "Maj", "Capt", "Cmdr", "Mr", "Mrs",
    "Ms", "Dr", "Prof", "Sen", "Rep", "Gov", "Amb", "St", "No", "Jan", "Feb", "Mar", "Apr", "Jun",
    "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Jr", "Sr", "Inc", "Co", "Corp", "vs", "etc",
    "approx",
)
# A full stop ending a whole-word abbreviation, read on the reversed text from the stop: one
# anchored match instead of searching the characters before it.
_ABBREV_BEFORE_STOP = re.compile(
    r"\.(?:" + "|".join(re.escape(a[::-1]) for a in _ABBREVIATIONS) + r"|[A-Z])\b"
)
# `[.!?]+[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])|\n+`, written to start with one character class so
# the search skips ordinary text instead of trying both branches at every offset.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)"
)
_TUPLE_NEW = tuple.__new__
_CLOSING_QUOTES = frozenset("\"”’'")
_QUOTE = re.compile(r"[\"“](?P<body>[^\"“”\n]{1,800}?)[\"”]")
_OPENING_MARKS = ('"', "“")  # where a `_QUOTE` match can start


class Sentence(NamedTuple):
    """One sentence of the cleaned text: span, text, paragraph number, and whether it repeats an earlier one.

    An immutable record; a named tuple because an article makes dozens and a frozen dataclass costs five times as much to build.
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    duplicate: bool


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation including its marks, in order.

    A match starts at an opening mark, so the pattern is tried only at the marks `str.find` sees
    (`_QUOTE.finditer` would try every character).
    """
    return [m.span() for m in matches_at(_QUOTE, text, occurrences(text, _OPENING_MARKS), 0, len(text))]


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` lies strictly inside one of `spans`."""
    return any(s < pos < e for s, e in spans)


def _inside_sorted(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """`inside` for disjoint spans in order (`starts` their starts): only the last span starting before `pos` can hold it."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def split_sentences(
    text: str,
    quotes: list[tuple[int, int]] | None = None,
    headline: str | None = None,
) -> list[Sentence]:
    """Sentences of `text`; one repeating an earlier sentence (pages printing the body twice) or the `headline` is marked duplicate.

    `quotes` are `quote_spans(text)` when the caller has them already.
    """
    if quotes is None:
        quotes = quote_spans(text)
    headline_key = " ".join(headline.split()).lower() if headline else None
    sentences: list[Sentence] = []
    seen: set[str] = set()
    size = len(text)
    pos, paragraph = 0, 0
    for end, nxt in _cuts(text, quotes):
        chunk = text[pos:end]
        rest = chunk.lstrip()
        body = rest.rstrip()
        if body:
            start = pos + len(chunk) - len(rest)
            key = _collapsed(body).lower()
            dup = (len(key) > 30 and key in seen) or key == headline_key
            seen.add(key)
            # tuple.__new__ makes the named tuple without the call of its Python-level __new__
            sentences.append(
                _TUPLE_NEW(Sentence, (len(sentences), start, start + len(body), body, paragraph, dup))
            )
        if "\n" in text[end:nxt] or (nxt == end < size and text[end] == "\n"):
            paragraph += 1
        pos = nxt
    return sentences


def _collapsed(body: str) -> str:
    """`" ".join(body.split())` for a stripped `body`, which it equals when the only whitespace is single spaces
    (every other whitespace character is unprintable): most sentences, so they need no splitting."""
    if body.isprintable() and "  " not in body:
        return body
    return " ".join(body.split())


def _cuts(text: str, quotes: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) at each boundary, then (len(text), len(text)) for the last sentence."""
    quote_starts = [s for s, _ in quotes]
    reversed_text = text[::-1]
    last = len(text) - 1
    for m in _BOUNDARY.finditer(text):
        start, end = m.span()
        first = text[start]
        if first == "\n":
            yield start, end
            continue
        if first == "." and _ABBREV_BEFORE_STOP.match(reversed_text, last - start):
            continue
        if text[end - 1] not in _CLOSING_QUOTES and _inside_sorted(
            end - 1, quote_starts, quotes
        ):
            continue
        yield end, end
    yield len(text), len(text)

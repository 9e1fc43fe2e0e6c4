"""Sentence splitting and quotation spans for the rules extractor (regexes compiled once)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Tokens that end with a full stop without ending a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.N|U\.K|E\.U|Adm|Gen|Lt|Col|Maj|Capt|Cmdr|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Amb|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Jr|Sr|Inc|Co|Corp|vs|etc|approx)|\b[A-Z])\.$"
)
# `[.!?]+[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])|\n+`, written to start with one character class so
# the search skips ordinary text instead of trying both branches at every offset.
_BOUNDARY = re.compile(
    r"[.!?\n](?:(?<=[.!?])[.!?]*[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)"
)
_CLOSING_QUOTES = frozenset("\"”’'")
_QUOTE = re.compile(r"[\"“](?P<body>[^\"“”\n]{1,800}?)[\"”]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned text: span, text, paragraph number, and whether it repeats an earlier one."""

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    duplicate: bool


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation including its marks, in order."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` lies strictly inside one of `spans`."""
    return any(s < pos < e for s, e in spans)


def _inside_sorted(pos: int, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """`inside` for disjoint spans in order (`starts` their starts): only the last span starting before `pos` can hold it."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos < spans[i][1]


def split_sentences(
    text: str, quotes: list[tuple[int, int]] | None = None
) -> list[Sentence]:
    """Sentences of `text`; a sentence repeating an earlier one (pages printing the body twice) is marked duplicate.

    `quotes` are `quote_spans(text)` when the caller has them already.
    """
    if quotes is None:
        quotes = quote_spans(text)
    quote_starts = [s for s, _ in quotes]
    cuts: list[tuple[int, int]] = []  # (end of sentence, start of next)
    for m in _BOUNDARY.finditer(text):
        start, end = m.span()
        first = text[start]
        if first == "\n":
            cuts.append((start, end))
            continue
        if first == "." and _ABBREV.search(text[max(0, start - 12) : start + 1]):
            continue
        if text[end - 1] not in _CLOSING_QUOTES and _inside_sorted(
            end - 1, quote_starts, quotes
        ):
            continue
        cuts.append((end, end))
    sentences: list[Sentence] = []
    seen: set[str] = set()
    pos, paragraph = 0, 0
    for end, nxt in cuts + [(len(text), len(text))]:
        chunk = text[pos:end]
        lead = len(chunk) - len(chunk.lstrip())
        body = chunk.strip()
        if body:
            key = " ".join(body.split()).lower()
            dup = len(key) > 30 and key in seen
            seen.add(key)
            sentences.append(
                Sentence(
                    len(sentences),
                    pos + lead,
                    pos + lead + len(body),
                    body,
                    paragraph,
                    dup,
                )
            )
        if "\n" in text[end:nxt] or (
            nxt == end and end < len(text) and text[end : end + 1] == "\n"
        ):
            paragraph += 1
        pos = nxt
    return sentences

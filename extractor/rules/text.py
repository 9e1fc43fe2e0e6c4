"""Sentence splitting and quotation spans for the rules extractor (regexes compiled once)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Tokens that end with a full stop without ending a sentence.
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.N|U\.K|E\.U|Adm|Gen|Lt|Col|Maj|Capt|Cmdr|Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Amb|St|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Jr|Sr|Inc|Co|Corp|vs|etc|approx)|\b[A-Z])\.$"
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])|\n+")
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


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`; a sentence repeating an earlier one (pages printing the body twice) is marked duplicate."""
    quotes = quote_spans(text)
    cuts: list[tuple[int, int]] = []  # (end of sentence, start of next)
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith("\n"):
            cuts.append((m.start(), m.end()))
            continue
        before = text[max(0, m.start() - 12) : m.start() + 1]
        if m.group(0).startswith(".") and _ABBREV.search(before):
            continue
        if not re.search(r"[\"”’']$", m.group(0)) and inside(m.end() - 1, quotes):
            continue
        cuts.append((m.end(), m.end()))
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

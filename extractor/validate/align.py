"""Ground extracted strings in the article text: exact, then normalised, then fuzzy matching.

A model never supplies offsets; this aligner finds where each value it wrote
sits in the text (LangExtract-style). Matching on a folded copy of the text
(case, whitespace runs, quote and dash styles, accents) keeps an index map back
to the original, so every reported offset points into the string given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from schemas import AlignmentStatus

_QUOTES = {c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"}
_APOSTROPHES = {c: "'" for c in "\u2018\u2019\u201a\u201b\u2032`\u00b4\uff07"}
_DASHES = {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
_IGNORED = set("\u200b\u200c\u200d\u2060\ufeff\u00ad")  # zero-width characters and soft hyphens
_CHAR_FOLD: dict[str, str] = {**_QUOTES, **_APOSTROPHES, **_DASHES}
_WORD = re.compile(r"\w+")
# whitespace that folding changes: runs of two or more, or one character other than a plain space
_SPACE_RUN = re.compile(r"\s{2,}|[^\S ]")
# Stripped from both ends of a value before normalised matching: surrounding
# quotation marks, and a full stop or comma the writer kept inside a closing quote.
_EDGE_PUNCT = "\"' .,;:"


@dataclass(frozen=True)
class FuzzyThresholds:
    """Explicit acceptance thresholds of the fuzzy pass; a candidate must meet all of them.

    coverage: share of the value's word tokens found, in order, in the candidate window.
    density: matched tokens / tokens in the window (trimmed to the first and last match).
    ratio: rapidfuzz `fuzz.ratio` (0-100) of the folded value against the folded window.
    token_ratio: `fuzz.ratio` at which two words of `min_token_chars`+ characters count as the same word (typos).
    min_chars: values shorter than this (folded) are never fuzzy-matched: too many near neighbours.
    max_anchors: candidate window starts examined per value (the most-voted ones), capping search time.
    """

    coverage: float = 0.8
    density: float = 0.7
    ratio: float = 85.0
    token_ratio: float = 80.0
    min_token_chars: int = 4
    min_chars: int = 4
    max_anchors: int = 24


DEFAULT = FuzzyThresholds()


@dataclass(frozen=True)
class Alignment:
    """Where a value was found: character offsets [start, end) into the text it was aligned on.

    `matched_text` is `text[start:end]`; start = end = -1 and score 0 when unaligned.
    Exact and normalised matches score 1.0; fuzzy ones their `fuzz.ratio` / 100.
    """

    status: AlignmentStatus
    start: int = -1
    end: int = -1
    score: float = 0.0
    matched_text: str = ""

    @property
    def ok(self) -> bool:
        """True when the value was grounded (any status but unaligned)."""
        return self.status != AlignmentStatus.unaligned


UNALIGNED = Alignment(AlignmentStatus.unaligned)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _CHAR_FOLD:
        return _CHAR_FOLD[ch]
    if ch in _IGNORED:
        return ""
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(_CHAR_FOLD.get(c, c) for c in base.lower())


def fold(text: str) -> tuple[str, list[int]]:
    """Folded copy of `text` and, for each folded character, the offset of the original character it came from.

    Folding lower-cases, strips accents, maps curly quotes/apostrophes and dashes
    to ASCII, drops zero-width characters and collapses whitespace runs to one space
    (which maps to the run's first character).
    """
    folded, to_original = _fold_mapped(text)
    return folded, [to_original(p) for p in range(len(folded))]


@lru_cache(maxsize=4096)
def fold_text(text: str) -> str:
    """The folded copy of `text` alone, without the offset map: for comparing short values (names, quotes)."""
    return _fold_mapped(text)[0]


class _CollapsedRuns:
    """Folded-to-original offsets of a text whose only change in length is collapsed whitespace runs."""

    def __init__(self, runs: list[tuple[int, int]], lead: int) -> None:
        self.lead = lead  # characters of a leading run dropped from the folded text
        self.starts: list[int] = []  # folded offset of each run's single space
        self.shifts: list[int] = []  # original minus folded offset just after each run
        shift = 0
        for start, end in runs:
            self.starts.append(start - shift)
            shift += end - start - 1
            self.shifts.append(shift)

    def __call__(self, pos: int) -> int:
        pos += self.lead
        k = bisect.bisect_left(self.starts, pos)  # runs before pos (a run's own space maps to its first character)
        return pos + (self.shifts[k - 1] if k else 0)


def _fold_mapped(text: str) -> tuple[str, Callable[[int], int]]:
    """The folded text and a function from folded to original offsets (fast when characters fold one to one)."""
    table = {ord(c): _fold_char(c) for c in set(text) if not c.isascii() and not c.isspace() and _fold_char(c) != c}
    chars = text
    if all(len(v) == 1 for v in table.values()):
        for code, folded_char in table.items():  # a few replaces beat str.translate's per-character lookup
            chars = chars.replace(chr(code), folded_char)
        chars = chars.lower()
    else:
        chars = ""
    if len(chars) != len(text):
        folded, index = _fold_per_char(text)
        return folded, index.__getitem__
    runs = [m.span() for m in _SPACE_RUN.finditer(chars)]
    collapsed = _SPACE_RUN.sub(" ", chars)
    lead = 1 if collapsed.startswith(" ") else 0
    return collapsed.strip(" "), _CollapsedRuns(runs, lead)


def _fold_per_char(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    index: list[int] = []
    pending_space = -1
    for i, ch in enumerate(text):
        if ch.isspace():
            if pending_space < 0 and out:
                pending_space = i
            continue
        folded = ch.lower() if ch.isascii() else _fold_char(ch)
        if not folded:
            continue
        if pending_space >= 0:
            out.append(" ")
            index.append(pending_space)
            pending_space = -1
        for c in folded:
            out.append(c)
            index.append(i)
    return "".join(out), index


def _fold_value(value: str) -> str:
    """The folded form of a value, without surrounding quotes or a trailing full stop/comma."""
    return fold_text(value).strip(_EDGE_PUNCT)


class _Index:
    """Everything computed about one text, each part on first need: folded copy, offset map, words and their positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._near: dict[tuple[str, float, int], list[int]] = {}

    @cached_property
    def _folding(self) -> tuple[str, Callable[[int], int]]:
        return _fold_mapped(self.text)

    @property
    def folded(self) -> str:
        return self._folding[0]

    @cached_property
    def tokens(self) -> list[tuple[str, int, int]]:
        return [(m.group(), m.start(), m.end()) for m in _WORD.finditer(self.folded)]

    @cached_property
    def positions(self) -> dict[str, list[int]]:
        positions: dict[str, list[int]] = {}
        for i, (tok, _, _) in enumerate(self.tokens):
            positions.setdefault(tok, []).append(i)
        return positions

    def near_spellings(self, token: str, th: FuzzyThresholds) -> list[int]:
        """Sorted positions of the text's words within `th.token_ratio` of `token` (a misspelt word)."""
        key = (token, th.token_ratio, th.min_token_chars)
        if key not in self._near:
            words = process.extract(token, list(self.positions), scorer=fuzz.ratio, score_cutoff=th.token_ratio, limit=None)
            self._near[key] = sorted(p for word, _, _ in words if len(word) >= th.min_token_chars for p in self.positions[word])
        return self._near[key]

    def to_original(self, fstart: int, fend: int) -> tuple[int, int]:
        to_original = self._folding[1]
        return to_original(fstart), to_original(fend - 1) + 1

    def alignment(self, status: AlignmentStatus, start: int, end: int, score: float) -> Alignment:
        return Alignment(status, start, end, round(score, 4), self.text[start:end])


@lru_cache(maxsize=16)
def _index(text: str) -> _Index:
    return _Index(text)


def _at_word_edges(haystack: str, start: int, end: int, needle: str) -> bool:
    """A match must not start or end inside a word (so 'Kim' is not found in 'Kimberly')."""
    if needle[:1].isalnum() and start > 0 and haystack[start - 1].isalnum():
        return False
    if needle[-1:].isalnum() and end < len(haystack) and haystack[end].isalnum():
        return False
    return True


def _find_all(needle: str, haystack: str) -> list[int]:
    starts: list[int] = []
    i = haystack.find(needle)
    while i >= 0:
        if _at_word_edges(haystack, i, i + len(needle), needle):
            starts.append(i)
        i = haystack.find(needle, i + 1)
    return starts


def _exact(value: str, idx: _Index) -> list[Alignment]:
    return [idx.alignment(AlignmentStatus.exact, s, s + len(value), 1.0) for s in _find_all(value, idx.text)]


def _normalized(folded_value: str, idx: _Index) -> list[Alignment]:
    found = []
    for s in _find_all(folded_value, idx.folded):
        start, end = idx.to_original(s, s + len(folded_value))
        found.append(idx.alignment(AlignmentStatus.normalized, start, end, 1.0))
    return found


def _token_matches(value_tokens: list[str], idx: _Index, th: FuzzyThresholds) -> list[list[int]]:
    """For each value token, the sorted text-token positions holding the same word, or else a near spelling of it."""
    matches: list[list[int]] = []
    for tok in value_tokens:
        found = idx.positions.get(tok)
        if found is None and len(tok) >= th.min_token_chars:
            found = idx.near_spellings(tok, th)
        matches.append(found or [])
    return matches


def _fuzzy(folded_value: str, idx: _Index, th: FuzzyThresholds) -> Alignment:
    """Best window of the text whose coverage, density and ratio all meet the thresholds."""
    if len(folded_value) < th.min_chars:
        return UNALIGNED
    value_tokens = _WORD.findall(folded_value)
    n = len(value_tokens)
    if n == 0:
        return UNALIGNED
    matches = _token_matches(value_tokens, idx, th)
    slack = 1 + n // 5
    # each matched token votes for the start of the value it implies; the tokens of a near-verbatim
    # occurrence vote for starts within `slack` of each other (a dropped or added word shifts the rest)
    votes = Counter(p - j for j, positions in enumerate(matches) for p in positions)
    tokens = idx.tokens
    best: tuple[float, float, int] | None = None
    best_span = (0, 0)
    seen: set[tuple[int, int]] = set()
    for anchor, _ in votes.most_common(th.max_anchors):
        near = sum(votes.get(anchor + d, 0) for d in range(-slack, slack + 1))
        if near < th.coverage * n or (best is not None and near < best[1] * n):
            continue  # too few tokens nearby to reach the coverage threshold, or the best one found
        matched = _in_order(matches, anchor - slack, anchor + n + slack)
        if len(matched) < th.coverage * n or (matched[0], matched[-1]) in seen:
            continue
        first, final = matched[0], matched[-1]
        seen.add((first, final))
        if len(matched) / (final - first + 1) < th.density:
            continue
        fstart, fend = tokens[first][1], tokens[final][2]
        ratio = fuzz.ratio(folded_value, idx.folded[fstart:fend])
        key = (ratio, len(matched) / n, -fstart)  # ratio first: the window most like the value
        if ratio >= th.ratio and (best is None or key > best):
            best, best_span = key, (fstart, fend)
    if best is None:
        return UNALIGNED
    start, end = idx.to_original(*best_span)
    return idx.alignment(AlignmentStatus.fuzzy, start, end, best[0] / 100)


def _in_order(matches: list[list[int]], lo: int, hi: int) -> list[int]:
    """Text-token positions in [lo, hi) matching the value's tokens in order, each taken as early as possible."""
    matched: list[int] = []
    last = lo - 1
    for positions in matches:
        k = bisect.bisect_right(positions, last)
        if k < len(positions) and positions[k] < hi:
            last = positions[k]
            matched.append(last)
    return matched


def _occurrences(value: str, idx: _Index, fuzzy: bool, th: FuzzyThresholds) -> list[Alignment]:
    if not value or not value.strip():
        return []
    found = _exact(value, idx)
    if found:
        return found
    folded_value = _fold_value(value)
    if not folded_value:
        return []
    found = _normalized(folded_value, idx)
    if found or not fuzzy:
        return found
    best = _fuzzy(folded_value, idx, th)
    return [best] if best.ok else []


def occurrences(value: str, text: str, *, fuzzy: bool = True, thresholds: FuzzyThresholds = DEFAULT) -> list[Alignment]:
    """Every place `value` occurs in `text` at the best status reached (a fuzzy pass yields at most one)."""
    return _occurrences(value, _index(text), fuzzy, thresholds)


def align(
    value: str,
    text: str,
    *,
    fuzzy: bool = True,
    thresholds: FuzzyThresholds = DEFAULT,
    near: int | None = None,
) -> Alignment:
    """Ground `value` in `text`: its first occurrence, or the one closest to offset `near` when given."""
    found = occurrences(value, text, fuzzy=fuzzy, thresholds=thresholds)
    if not found:
        return UNALIGNED
    if near is None:
        return found[0]
    return min(found, key=lambda a: abs(a.start - near))


def align_all(
    values: list[str] | tuple[str, ...],
    text: str,
    *,
    fuzzy: bool = True,
    thresholds: FuzzyThresholds = DEFAULT,
) -> list[Alignment]:
    """`align` for many values on one text; the folded text and its token index are built once."""
    idx = _index(text)
    out = []
    for value in values:
        found = _occurrences(value, idx, fuzzy, thresholds)
        out.append(found[0] if found else UNALIGNED)
    return out

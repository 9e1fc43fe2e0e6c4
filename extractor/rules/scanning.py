"""Text-scanning helpers the rules share: where a regex can start, and the literals that begin its matches.

First characters of a regex and lookaheads built from them let `re` skip offsets where no match
can start; the literal strings that begin every match mark the only offsets worth trying
(`occurrences`, `matches_at`); `KeywordScanner` reports which named keyword lists occur in a
text exactly as one case-blind alternation would, visiting only offsets where a keyword can begin.
"""

from __future__ import annotations

import os
import re
import re._constants as sre
import re._parser as sre_parse
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_MAX_RANGE = 64


def _first_of_sequence(items: Any) -> tuple[set[int], bool] | None:
    """Code points a parsed regex sequence can start with and whether it can match empty; None if unknown."""
    chars: set[int] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        first = _first_of_item(op, av)
        if first is None:
            return None
        chars |= first[0]
        if not first[1]:
            return chars, False
    return chars, True


def _first_of_item(op: Any, av: Any) -> tuple[set[int], bool] | None:
    """Code points one parsed regex item can start with and whether it can match empty; None if unknown."""
    if op is sre.LITERAL:
        return {av}, False
    if op is sre.IN:
        chars: set[int] = set()
        for item_op, item_av in av:
            if item_op is sre.LITERAL:
                chars.add(item_av)
            elif item_op is sre.RANGE and item_av[1] - item_av[0] < _MAX_RANGE:
                chars.update(range(item_av[0], item_av[1] + 1))
            else:
                return None
        return chars, False
    if op is sre.BRANCH:
        chars, empty = set(), False
        for branch in av[1]:
            first = _first_of_sequence(branch)
            if first is None:
                return None
            chars |= first[0]
            empty = empty or first[1]
        return chars, empty
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _first_of_sequence(sub)
    if op is sre.ATOMIC_GROUP:
        return _first_of_sequence(av)
    if op in _REPEATS:
        low, _, sub = av
        first = _first_of_sequence(sub)
        if first is None:
            return None
        return first[0], first[1] or low == 0
    return None


def first_chars(fragment: str) -> str | None:
    """Characters a match of `fragment` must start with (before case folding), or None if any could start one.

    Read from the parsed regex (`re._parser`), so a keyword scanner knows which fragments to
    try at a position; anything the reading does not cover counts as "any character".
    """
    try:
        first = _first_of_sequence(sre_parse.parse(fragment))
    except (re.error, TypeError, ValueError):
        return None
    if first is None or first[1] or not first[0]:
        return None
    return "".join(chr(c) for c in sorted(first[0]))


def _needles_of_sequence(items: Any) -> frozenset[str] | None:
    """Lowercase ASCII strings one of which starts every match of a parsed regex sequence (after assertions); None if unknown."""
    prefix: list[str] = []
    for op, av in items:
        if op in _ZERO_WIDTH and not prefix:
            continue
        if op is sre.LITERAL and av < 128:
            prefix.append(chr(av).lower())
            continue
        if prefix:
            break
        if op is sre.SUBPATTERN:
            return None if av[1] or av[2] else _needles_of_sequence(av[3])
        if op is sre.BRANCH:
            needles: set[str] = set()
            for branch in av[1]:
                found = _needles_of_sequence(branch)
                if found is None:
                    return None
                needles |= found
            return frozenset(needles)
        return None
    return frozenset({"".join(prefix)}) if prefix else None


def literal_needles(fragments: list[str]) -> tuple[str, ...] | None:
    """Lowercase ASCII strings one of which starts each match of a case-blind regex of `fragments` (in an ASCII text, lowered).

    Read from the parsed fragments (their literal beginnings; a string starting with another is
    left out), so a text lowered without any of them needs no regex search, and elsewhere only
    their offsets can start a match; None if some fragment's beginning is not plain text.
    """
    needles: set[str] = set()
    for fragment in fragments:
        try:
            found = _needles_of_sequence(sre_parse.parse(fragment))
        except (re.error, TypeError, ValueError):
            return None
        if found is None:
            return None
        needles |= found
    return tuple(
        sorted(n for n in needles if not any(o != n and n.startswith(o) for o in needles))
    )


def occurrences(text: str, needles: tuple[str, ...]) -> list[int]:
    """Sorted offsets at which some of `needles` occurs in `text` (overlapping occurrences included).

    Needles sharing their first characters are looked for together: one scan for the common
    beginning, then a `startswith` test of each at the few places it occurs.
    """
    found: set[int] = set()
    for head, group in _by_head(needles):
        i = text.find(head)
        while i != -1:
            if any(text.startswith(needle, i) for needle in group):
                found.add(i)
            i = text.find(head, i + 1)
    return sorted(found)


_HEAD = 4  # needles alike in this many first characters share one scan


@lru_cache(maxsize=64)
def _by_head(needles: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`needles` grouped by their first `_HEAD` characters, each group with its longest common beginning."""
    groups: dict[str, list[str]] = {}
    for needle in needles:
        groups.setdefault(needle[:_HEAD], []).append(needle)
    return tuple((os.path.commonprefix(group), tuple(group)) for group in groups.values())


def matches_at(
    pattern: re.Pattern[str], text: str, offsets: list[int], start: int, end: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a pattern that never matches empty and can start only at `offsets` (sorted).

    finditer tries each offset in turn and resumes after a match; the offsets it tries
    outside `offsets` cannot start one, so trying only those gives the same matches.
    """
    pos = start
    for offset in offsets[bisect_left(offsets, start) : bisect_left(offsets, end)]:
        if offset < pos:
            continue
        m = pattern.match(text, offset, end)
        if m is not None:
            yield m
            pos = m.end()


def literal_trie(words: list[str]) -> str | None:
    """Regex source matching exactly `words` as a trie of literals (one character test per step), or None if one is a prefix of another.

    With no word a prefix of another at most one can match at an offset, so the trie matches
    what any alternation of the escaped words matches there, whatever their order.
    """
    unique = sorted(set(words))
    if not unique or any(a != b and b.startswith(a) for a in unique for b in unique):
        return None
    return _trie(unique)


def _trie(words: list[str]) -> str:
    """Trie source for prefix-free, non-empty `words`."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in by_first.items():
        if len(rests) == 1:
            branches.append(re.escape(first + rests[0]))
        else:
            common = os.path.commonprefix(rests)
            inner = _trie([rest[len(common) :] for rest in rests])
            branches.append(f"{re.escape(first + common)}(?:{inner})")
    return "|".join(branches)


class KeywordScanner:
    """Which named keyword lists occur in a text, exactly as one case-blind `\\b(?:(?P<name>...)|...)` would report them.

    That single alternation reports, at each offset where it matches, the first list (in
    order) with a fragment matching there. Trying every fragment at every word is slow in
    `re`, so this scanner visits only offsets whose character can start some fragment and
    tries there only the fragments that can start with it (same order, same result).
    """

    def __init__(self, lists: list[tuple[str, list[str]]]) -> None:
        self.full = _alternation(lists)
        self._starts = [
            (name, fragment, first_chars(fragment))
            for name, fragments in lists
            for fragment in fragments
        ]
        self.offsets: re.Pattern[str] | None = None
        if self._starts and all(chars for _, _, chars in self._starts):
            union = "".join(
                sorted({c for _, _, chars in self._starts for c in chars or ""})
            )
            self.offsets = re.compile(rf"\b(?={_char_class(union)})", re.IGNORECASE)
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._gate, self._by_root = _word_gate(lists)

    def _at(self, char: str) -> re.Pattern[str] | None:
        """The alternation of the fragments that can start with `char`, in their order (None if there is none)."""
        if char not in self._by_char:
            lists: dict[str, list[str]] = {}
            for name, fragment, chars in self._starts:
                if chars is None or re.fullmatch(
                    _char_class(chars), char, re.IGNORECASE
                ):
                    lists.setdefault(name, []).append(f"(?:{fragment})")
            self._by_char[char] = _alternation(list(lists.items())) if lists else None
        return self._by_char[char]

    def names_in(self, text: str) -> set[str]:
        """Names of the lists the alternation reports at some offset of `text`."""
        if self._gate is not None and (
            text.isascii() or not any(c in text for c in _FOLD_ONTO_ASCII)
        ):
            return self._gated_names(text)
        seen: set[str] = set()
        if self.offsets is None:
            pos = 0
            while (m := self.full.search(text, pos)) is not None:
                seen.add(m.lastgroup or "")
                pos = m.start() + 1
            return seen
        at = self._at
        for offset in self.offsets.finditer(text):
            p = offset.start()
            pattern = at(text[p])
            if pattern is not None and (m := pattern.match(text, p)) is not None:
                seen.add(m.lastgroup or "")
        return seen

    def _gated_names(self, text: str) -> set[str]:
        """`names_in` for a text with no non-ASCII character that matches an ASCII one case-blind.

        Every match starts a word (the alternation opens with \\b and every fragment with a word
        character) with a root of `_word_gate`, so the gate, run on the text's `_WORD_BYTES` copy
        (same offsets, one byte per character) behind a space standing for its start, finds every
        offset where a match can start; there only the fragments holding that root can match.
        """
        seen: set[str] = set()
        by_root = self._by_root
        assert self._gate is not None
        words = b" " + text.encode("ascii", "replace").translate(_WORD_BYTES)
        for gate in self._gate.finditer(words):
            if (m := by_root[gate[1]].match(text, gate.start())) is not None:
                seen.add(m.lastgroup or "")
        return seen


# Non-ASCII characters that `re` matches case-blind to an ASCII one (İ, ı, ſ and the Kelvin sign);
# tests/test_topics.py derives them again from all code points.
_FOLD_ONTO_ASCII = "\u0130\u0131\u017f\u212a"
# A text's ASCII bytes as the word gate reads them: letters lowered, digits and "_" kept, any
# other byte (non-ASCII characters arrive as "?") a space, so a word starts after every space.
_WORD_BYTES = bytes(
    ord(chr(c).lower()) if c < 0x80 and (chr(c).isalnum() or c == 0x5F) else 0x20 for c in range(256)
)


def _word_gate(
    lists: list[tuple[str, list[str]]],
) -> tuple[re.Pattern[bytes] | None, dict[bytes, re.Pattern[str]]]:
    """A bytes pattern matching a space before each root, and per root the alternation of the fragments it can start.

    A fragment's roots are its `literal_needles` as `_WORD_BYTES` reads them, cut to the
    shortest root they begin with (roots are prefix-free, so at most one starts at an offset).
    (None, {}) when some fragment's beginning is not plain text or starts with no word character.
    """
    roots_of: list[tuple[str, str, set[str]]] = []
    for name, fragments in lists:
        for fragment in fragments:
            needles = literal_needles([fragment])
            if not needles or not all(re.match(r"\w", n, re.ASCII) for n in needles):
                return None, {}
            roots_of.append((name, fragment, {n.encode().translate(_WORD_BYTES).decode() for n in needles}))
    every = {n for _, _, needles in roots_of for n in needles}
    roots = sorted(n for n in every if not any(o != n and n.startswith(o) for o in every))
    by_root: dict[bytes, re.Pattern[str]] = {}
    for root in roots:
        holding: dict[str, list[str]] = {}
        for name, fragment, held in roots_of:
            if any(n.startswith(root) for n in held):
                holding.setdefault(name, []).append(f"(?:{fragment})")
        by_root[root.encode()] = _alternation(list(holding.items()))
    trie = literal_trie(roots)
    if trie is None:
        return None, {}
    return re.compile(f" (?=({trie}))".encode()), by_root


def _char_class(chars: str) -> str:
    """Regex source of a one-character class of `chars`."""
    return f"[{''.join(re.escape(c) for c in chars)}]"


def first_char_lookahead(source: str) -> str:
    """`(?=[...])` on the characters a match of regex `source` starts with ("" if unknown).

    Put before `source` it changes no match, yet lets `re` reject most offsets at one
    character instead of trying every alternative of `source` there.
    """
    chars = first_chars(source)
    return f"(?={_char_class(chars)})" if chars else ""


def keyword_pattern(fragments: list[str]) -> re.Pattern[str]:
    """`\\b(?:fragment|...)`, case-blind, with a first-character lookahead after the `\\b`."""
    source = "|".join(fragments)
    return re.compile(
        rf"\b{first_char_lookahead(source)}(?:{source})", re.IGNORECASE
    )


def _alternation(lists: list[tuple[str, list[str]]]) -> re.Pattern[str]:
    """`\\b(?:(?P<name>fragment|...)|...)`, case-blind: one named group per keyword list, in order."""
    groups = "|".join(f"(?P<{name}>{'|'.join(fragments)})" for name, fragments in lists)
    return re.compile(rf"\b(?:{groups})", re.IGNORECASE)

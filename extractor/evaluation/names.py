"""Name and string normalisation for scoring: case, accents, punctuation and honorifics removed.

A name becomes a tuple of tokens; two names match when their tokens spell the same
name, or when one is a single token equal to the other's first or last token (a
surname-only mention, whichever end the surname is written at: "Cho" matches
"Cho Tae-yong", "Brown" matches "Charles Brown").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np
from scipy.optimize import linear_sum_assignment

NameTokens = tuple[str, ...]

_JOINERS = re.compile(r"[-\u2010\u2011\u2012'\u2018\u2019`\u00b4]")  # hyphens and apostrophes join: "Tae-yong" == "Taeyong"
_NON_WORD = re.compile(r"[\W_]+")


def _word_list(filename: str) -> frozenset[str]:
    text = resources.files("extractor.evaluation").joinpath("data", filename).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@cache
def honorifics() -> frozenset[str]:
    """Words dropped from the start of a name (data/honorifics.txt)."""
    return _word_list("honorifics.txt")


@cache
def name_suffixes() -> frozenset[str]:
    """Words dropped from the end of a name (data/name_suffixes.txt)."""
    return _word_list("name_suffixes.txt")


def fold(text: str) -> str:
    """Lower-case `text`, strip accents, drop apostrophes and hyphens, and turn other punctuation into spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", _JOINERS.sub("", bare)).split())


def normalise_string(value: str | None) -> str | None:
    """The comparable form of a free-text field (e.g. a location name); None stays None, blank becomes None."""
    if value is None:
        return None
    folded = fold(value)
    return folded or None


@cache
def name_tokens(name: str) -> NameTokens:
    """Tokens of a person's name without leading honorifics/ranks or trailing suffixes ("Gen. Charles Brown Jr." -> charles, brown)."""
    tokens = fold(name).split()
    drop_front, drop_back = honorifics(), name_suffixes()
    while len(tokens) > 1 and tokens[0] in drop_front:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in drop_back:
        tokens.pop()
    return tuple(tokens)


def names_match(a: str, b: str) -> bool:
    """Whether two written names refer to the same person ("Gen. Charles Brown" ~ "Brown", "Cho" ~ "Cho Tae-yong")."""
    return tokens_match(name_tokens(a), name_tokens(b))


def tokens_match(a: NameTokens, b: NameTokens) -> bool:
    """Whether two tokenised names refer to the same person (same name, or a one-token surname/given-name mention)."""
    if not a or not b:
        return False
    if "".join(a) == "".join(b):
        return True
    if len(a) == 1:
        return a[0] in (b[0], b[-1])
    if len(b) == 1:
        return b[0] in (a[0], a[-1])
    return False


def unique_names(names: Sequence[str | None]) -> list[NameTokens]:
    """Tokenised, de-duplicated names, skipping nulls and names that are nothing but punctuation/honorifics."""
    seen: dict[str, NameTokens] = {}
    for name in names:
        if name is None:
            continue
        tokens = name_tokens(name)
        if tokens:
            seen.setdefault("".join(tokens), tokens)
    return list(seen.values())


def count_name_matches(gold: Sequence[NameTokens], pred: Sequence[NameTokens]) -> int:
    """Size of the largest one-to-one pairing of matching names; among those, full-name matches are preferred."""
    if not gold or not pred:
        return 0
    # Each pair is worth 1, plus a bonus for a full-name match small enough that the bonuses
    # together never outweigh one more pair.
    bonus = 0.5 / (min(len(gold), len(pred)) + 1)
    weights = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if tokens_match(g, p):
                weights[i, j] = 1.0 + (bonus if "".join(g) == "".join(p) else 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return int(np.count_nonzero(weights[rows, cols]))

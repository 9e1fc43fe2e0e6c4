"""Person names: strip honorifics and ranks, normalise for comparison, link surname-only mentions.

Korean, Chinese and Japanese names keep the order the article writes them in
("Cho Tae-yong", "Namazu Hiroyuki"); linking accepts either the first or the
last token as the short form, so no name is reordered.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractor.knowledge import honorifics

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_PUNCT = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=1)
def _rank_pattern() -> re.Pattern[str]:
    ranks = "|".join(re.escape(r) for r in honorifics().ranks)
    return re.compile(rf"^(?:(?:{ranks})(?:\s+|(?<=\.)))+")


@lru_cache(maxsize=8192)
def split_rank(name: str) -> tuple[str | None, str]:
    """(rank or honorific as written, the bare name): "Adm. John Aquilino" -> ("Adm.", "John Aquilino")."""
    text = " ".join(name.split())
    m = _rank_pattern().match(text)
    if m is None or m.end() >= len(text):
        return None, text
    return m.group(0).strip(), text[m.end() :].strip()


def strip_honorifics(name: str) -> str:
    """The name without leading honorifics or ranks."""
    return split_rank(name)[1]


@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Comparison form: accents, case, punctuation and hyphens folded ("Suk-yeol" == "Suk Yeol")."""
    folded = unicodedata.normalize("NFKD", strip_honorifics(name))
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    tokens = _PUNCT.sub(" ", folded.lower()).split()
    # middle initials and generational suffixes do not distinguish people ("Joseph R. Biden Jr." ~ "Joseph Biden")
    kept = [t for t in tokens if len(t) > 1 and t not in _SUFFIXES]
    return " ".join(kept or tokens)


def name_tokens(name: str) -> list[str]:
    """Tokens of the comparison form, with hyphenated given names also joined ("tae-yong" -> "taeyong")."""
    return name_key(name).split()


@lru_cache(maxsize=16384)
def same_person(short: str, full: str) -> bool:
    """Whether `short` (a full name or a surname-only mention) can refer to `full`."""
    a, b = name_key(short), name_key(full)
    if not a or not b:
        return False
    if a == b or a.replace(" ", "") == b.replace(" ", ""):
        return True
    ta, tb = a.split(), b.split()
    if len(ta) == 1:
        return ta[0] in (tb[0], tb[-1])
    return len(ta) < len(tb) and tb[-len(ta) :] == ta  # "Tavares Lima" for "Eduardo Tavares Lima"


class NameRegistry:
    """The canonical name of each person in one article: the longest form, with short mentions linked to it."""

    def __init__(self) -> None:
        self.full_names: list[str] = []

    def add(self, name: str) -> str:
        """Register a mention and return its canonical form."""
        canonical = self.resolve(name)
        if canonical is not None:
            if len(name_key(name)) > len(name_key(canonical)) and same_person(
                canonical, name
            ):
                self.full_names[self.full_names.index(canonical)] = name
                return name
            return canonical
        self.full_names.append(name)
        return name

    def resolve(self, name: str) -> str | None:
        """The registered full name `name` refers to, or None (the most recently added wins a tie)."""
        for full in reversed(self.full_names):
            if same_person(name, full):
                return full
        return None

"""Map country names, aliases, demonyms, capitals and government bodies to ISO3 codes.

The knowledge file decides first; pycountry is a fallback for exact names and
codes only (its fuzzy search maps "Korea" to PRK and "U.S." to the Virgin
Islands, so it is never used).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from extractor.knowledge import countries
from extractor.knowledge.loader import literal_alternation

_APOS = "['’]"
_START = attrgetter("start")
_TUPLE_NEW = tuple.__new__


class CountryMention(NamedTuple):
    """A country reference in text: span, ISO3 and how it was named (name | demonym | city | government | context).

    An immutable record; a named tuple because an article makes dozens and a frozen dataclass costs five times as much to build.
    """

    start: int
    end: int
    code: str
    kind: str
    text: str


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, tuple[str, str]]:
    """Surface form -> (ISO3, kind); the first state listing a form keeps it."""
    table: dict[str, tuple[str, str]] = {}
    for entry in countries().values():
        for kind, forms in (
            ("name", entry.names),
            ("demonym", entry.demonyms),
            ("city", entry.cities),
            ("government", entry.government),
        ):
            for form in forms:
                table.setdefault(form, (entry.code, kind))
    return table


@lru_cache(maxsize=1)
def _mention_fields() -> dict[str, tuple[str, str, str]]:
    """Surface form -> (ISO3, kind, form): the fields a CountryMention of the form has after its span."""
    return {form: (code, kind, form) for form, (code, kind) in _alias_table().items()}


@lru_cache(maxsize=1)
def _lower_table() -> dict[str, str]:
    return {form.lower(): code for form, (code, _) in _alias_table().items()}


@lru_cache(maxsize=1)
def mention_pattern() -> re.Pattern[str]:
    """One regex for every surface form (case-sensitive: "US" is a country, "us" is not)."""
    alternation = literal_alternation(_alias_table(), not_after=r"[\w.]")
    # A form ending in "." may be followed by anything; otherwise require a word boundary.
    return re.compile(rf"(?:{alternation})(?:(?<=\.)|(?![\w]))")


@lru_cache(maxsize=1)
def _context_patterns() -> list[tuple[re.Pattern[str], str, str, str]]:
    """(pattern, ISO3, cue, alias) for each alias that names a state only where its cue word occurs ("the North" with "Korea")."""
    out = []
    for entry in countries().values():
        for alias, cue in entry.context_aliases.items():
            # before a word character \b is a negative lookbehind, which the literal form runs faster
            start = (
                "(?:" + literal_alternation([alias], not_after=r"\w") + ")"
                if re.match(r"\w", alias)
                else rf"\b{re.escape(alias)}"
            )
            out.append(
                (
                    re.compile(rf"{start}\b(?!\s+(?:Korea|Korean|China|Sea|Pole))"),
                    entry.code,
                    cue,
                    alias,
                )
            )
    return out


_LIST_SEPARATOR = re.compile(r",?\s+(?:and|or)\s+(?:the\s+)?|,\s+(?:the\s+)?")


def _listed(text: str, start: int, end: int, named: list[CountryMention]) -> bool:
    """Whether [start, end) stands in a list next to a named state ("Egypt, Jordan and Saudi Arabia"): then an
    alias that otherwise needs its cue word ("Jordan") names the state."""
    return any(
        (cm.end <= start and _LIST_SEPARATOR.fullmatch(text, cm.end, start))
        or (cm.start >= end and _LIST_SEPARATOR.fullmatch(text, end, cm.start))
        for cm in named
    )


def _matches_from(pattern: re.Pattern[str], text: str, lead: str) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` yields when each begins with the literal `lead`: tried only where `str.find` sees it."""
    at = text.find(lead)
    while at >= 0:
        m = pattern.match(text, at)
        if m is not None:
            yield m
        at = text.find(lead, m.end() if m is not None else at + 1)


def country_mentions(text: str) -> list[CountryMention]:
    """Every country reference in `text`, in order ("the North" only when the text mentions its context word)."""
    fields = _mention_fields()
    # tuple.__new__ makes the named tuple from one tuple, without the call of its Python-level __new__
    out = [_TUPLE_NEW(CountryMention, m.span() + fields[m[0]]) for m in mention_pattern().finditer(text)]
    named = len(out)
    for pattern, code, cue, alias in _context_patterns():
        if alias not in text:
            continue
        cued = cue in text
        for m in _matches_from(pattern, text, alias):
            if cued or _listed(text, m.start(), m.end(), out[:named]):
                out.append(CountryMention(*m.span(), code, "context", m[0]))
    if len(out) > named:  # the pattern's own matches come in order already
        out.sort(key=_START)
    return out


def country_code(name: str | None) -> str | None:
    """ISO3 for a country name, alias, demonym, capital, or government body; None if unknown."""
    if not name:
        return None
    text = (
        re.sub(rf"{_APOS}s$", "", " ".join(name.split())).strip(" ,.;:")
        if not name.endswith(".")
        else " ".join(name.split())
    )
    if text in _alias_table():
        return _alias_table()[text][0]
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if text in _alias_table():
        return _alias_table()[text][0]
    lower = _lower_table()
    if len(text) > 3 and text.lower() in lower:
        return lower[text.lower()]
    return _pycountry_exact(text)


@lru_cache(maxsize=512)
def _pycountry_exact(text: str) -> str | None:
    """Exact lookups in pycountry (code, name, official or common name); never fuzzy."""
    try:
        import pycountry
    except ImportError:  # optional fallback
        return None
    if re.fullmatch(r"[A-Z]{3}", text):
        hit = pycountry.countries.get(alpha_3=text)
        return hit.alpha_3 if hit else None
    if re.fullmatch(r"[A-Z]{2}", text):
        return None  # two-letter words in news ("US", "UK") are handled by the knowledge file
    for key in ("name", "official_name", "common_name"):
        try:
            hit = pycountry.countries.get(**{key: text})  # type: ignore[arg-type]
        except (KeyError, LookupError):
            hit = None
        if hit is not None:
            return hit.alpha_3
    return None

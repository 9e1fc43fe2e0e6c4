"""Cached loaders for the editable data files in `data/` (read once per process)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent / "data"


class KnowledgeError(ValueError):
    """A data file is missing or malformed (the message names the file)."""


@cache
def load_data(name: str) -> Any:
    """The parsed YAML file `data/<name>.yaml`."""
    path = DATA_DIR / f"{name}.yaml"
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeError(f"knowledge file not found: {path}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"knowledge file {path} is not valid YAML: {exc}") from exc


@dataclass(frozen=True)
class CountryEntry:
    """One state's names as news writes them."""

    code: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    cities: tuple[str, ...]
    government: tuple[str, ...]
    context_aliases: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def countries() -> dict[str, CountryEntry]:
    """ISO3 -> CountryEntry, from countries.yaml."""
    raw = load_data("countries")
    out: dict[str, CountryEntry] = {}
    for code, entry in raw.items():
        if not re.fullmatch(r"[A-Z]{3}", str(code)):
            raise KnowledgeError(f"countries.yaml: {code!r} is not an ISO3 code")
        out[code] = CountryEntry(
            code=code,
            names=tuple(entry.get("names", [])),
            demonyms=tuple(entry.get("demonyms", [])),
            cities=tuple(entry.get("cities", [])),
            government=tuple(entry.get("government", [])),
            context_aliases=dict(entry.get("context_aliases", {})),
        )
    return out


@lru_cache(maxsize=1)
def places() -> dict[str, str]:
    """Place name (city or venue) -> ISO3: places.yaml plus every country's cities."""
    out: dict[str, str] = {}
    for entry in countries().values():
        for city in entry.cities:
            out.setdefault(city, entry.code)
    out.update(load_data("places"))
    return out


@lru_cache(maxsize=1)
def capitals() -> dict[str, str]:
    """Capital -> ISO3: the first of each country's cities (countries.yaml lists the capital first), which can speak for its government ("Kigali says")."""
    return {entry.cities[0]: entry.code for entry in countries().values() if entry.cities}


@dataclass(frozen=True)
class Organization:
    """A body that speaks or meets: its country, or international, or a country taken from a nearby cue."""

    name: str
    country: str | None
    international: bool
    needs_cue: bool


@lru_cache(maxsize=1)
def organizations() -> dict[str, Organization]:
    """Organisation name -> Organization, from organizations.yaml."""
    out = {}
    for name, spec in load_data("organizations")["bodies"].items():
        spec = spec or {}
        out[name] = Organization(
            name=name,
            country=spec.get("country"),
            international=spec.get("kind") == "international",
            needs_cue=bool(spec.get("needs_cue")),
        )
    return out


@lru_cache(maxsize=1)
def titles() -> dict[str, str]:
    """Lower-case title phrase -> role category (head_of_state, minister, adviser, military, ...)."""
    out: dict[str, str] = {}
    for category, words in load_data("titles").items():
        for word in words:
            out.setdefault(word.lower(), category)
    return out


@lru_cache(maxsize=1)
def title_words() -> frozenset[str]:
    """Every single lower-case word that occurs in a title phrase."""
    words: set[str] = set()
    for phrase in titles():
        words.update(re.split(r"[\s-]+", phrase))
    return frozenset(words)


@dataclass(frozen=True)
class Honorifics:
    """Ranks and honorifics stripped from names, and the compound titles that keep them."""

    ranks: tuple[str, ...]
    compound_titles: tuple[str, ...]


@lru_cache(maxsize=1)
def honorifics() -> Honorifics:
    """Ranks to strip, longest first."""
    raw = load_data("honorifics")
    return Honorifics(
        ranks=tuple(sorted(raw["ranks"], key=len, reverse=True)),
        compound_titles=tuple(raw.get("compound_titles", [])),
    )


@dataclass(frozen=True)
class Actor:
    """A known person: country and title, valid over a period."""

    name: str
    country: str
    title: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    def valid_on(self, day: dt.date | None) -> bool:
        """Whether the actor held the title on `day` (an unknown day accepts any period)."""
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@lru_cache(maxsize=1)
def actors() -> dict[str, list[Actor]]:
    """Lower-case name -> its Actor entries, from actors.yaml."""
    out: dict[str, list[Actor]] = {}
    for row in load_data("actors"):
        actor = Actor(
            name=row["name"],
            country=row["country"],
            title=row.get("title"),
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
        )
        out.setdefault(actor.name.lower(), []).append(actor)
    return out


@lru_cache(maxsize=1)
def lexicons() -> dict[str, Any]:
    """The word lists of lexicons.yaml (meeting triggers, reporting verbs, topic keywords ...)."""
    return load_data("lexicons")


def _alternation(fragments: list[str]) -> str:
    return "|".join(sorted(fragments, key=len, reverse=True))


def literal_alternation(forms: Iterable[str], not_after: str = "") -> str:
    """Regex source matching the longest of the literal `forms` at a position, as `(?<!X)(?:longest|...|shortest)` would.

    The forms are merged into a prefix trie whose branches each start with a literal
    character, so `re` scans ahead for possible first characters instead of trying the
    whole alternation at every offset. `not_after` (a one-character class such as
    `[\\w.]`) is checked right after the first character, with the same effect as a
    negative lookbehind before the match.
    """
    trie: dict[str, dict] = {}
    for form in forms:
        if not form:
            raise ValueError("literal_alternation: empty form")
        node = trie
        for ch in form:
            node = node.setdefault(ch, {})
        node[""] = {}
    guard = f"(?<!{not_after}(?s:.))" if not_after else ""
    return _trie_source(trie, guard)


def _trie_source(node: dict[str, dict], guard: str = "") -> str:
    """Regex source of one trie node: longer continuations first, then the end of a form."""
    branches = [re.escape(ch) + guard + _trie_source(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    ends = "" in node
    if len(branches) == 1:
        return f"(?:{branches[0]})?" if ends else branches[0]
    body = "|".join(branches)
    return f"(?:{body}|)" if ends else f"(?:{body})"


@lru_cache(maxsize=1)
def meeting_cue_pattern() -> re.Pattern[str]:
    """A regex matching any meeting trigger of the lexicon (case-insensitive, whole words)."""
    fragments = [f for group in lexicons()["meeting_triggers"].values() for f in group]
    return re.compile(rf"\b(?:{_alternation(fragments)})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def reporting_cue_pattern() -> re.Pattern[str]:
    """A regex matching any reporting verb of the lexicon (case-insensitive, whole words)."""
    fragments = [f for group in lexicons()["reporting_verbs"].values() for f in group]
    return re.compile(rf"\b(?:{_alternation(fragments)})\b", re.IGNORECASE)

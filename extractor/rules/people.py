"""Mentions of people, bodies and groups: titled names, appositives, surnames, pronouns, organisations, country groups.

A person is recognised by pattern, not by dictionary: a capitalised name next to a
title ("Japanese Defense Minister Yasukazu Hamada"), followed by an appositive
("Ned Price, spokesman at the US Department of State"), or followed by a reporting
verb. The actor dictionary only fills a country or title the article leaves out.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.knowledge import (
    actors,
    countries,
    honorifics,
    lexicons,
    organizations,
    places,
    titles,
)
from extractor.normalize import (
    CountryMention,
    country_mentions,
    name_key,
    same_person,
    split_rank,
)
from extractor.knowledge.loader import literal_alternation
from extractor.normalize.dates import WEEKDAYS
from extractor.rules.scanning import occurrences



def _letters(test: Callable[[str], bool]) -> str:
    """Regex class body of the Latin, Greek and Cyrillic letters passing `test` (names are not all ASCII: "Heikkilä", "Aimée")."""
    chars = [chr(c) for c in (*range(0x41, 0x250), *range(0x370, 0x530), *range(0x1E00, 0x1F00)) if test(chr(c))]
    ranges: list[list[str]] = []
    for ch in chars:
        if ranges and ord(ch) == ord(ranges[-1][1]) + 1:
            ranges[-1][1] = ch
        else:
            ranges.append([ch, ch])
    return "".join(re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in ranges)


_UPPER, _LOWER = _letters(str.isupper), _letters(str.islower)
# A capitalised word. The lookbehind follows the first letter (same effect as before it) so the
# search skips to capitals. The ASCII form is faster and matches the same in an ASCII text.
_NAME_TOKEN_ASCII = re.compile(r"[A-Z](?<![\w’'.-].)[a-z]+(?:[-’'][A-Za-z][a-z]*)*(?![\w-])")
_NAME_TOKEN = re.compile(
    rf"[{_UPPER}](?<![\w’'.-].)[{_LOWER}]+(?:[-’'][{_UPPER}{_LOWER}][{_LOWER}]*)*(?![\w-])"
)
# A name with an Arabic article ("al-Marri", "el-Sisi"), which never overlaps a capitalised word.
_ARTICLE_NAME_TOKEN = re.compile(
    rf"(?<![\w’'.-])(?:al|el)-[{_UPPER}][{_LOWER}]+(?:[-’'][{_UPPER}{_LOWER}][{_LOWER}]*)*(?![\w-])"
)


def name_tokens(text: str) -> list[re.Match[str]]:
    """The capitalised words of `text` and its names with an Arabic article, in order."""
    # looking for letters beyond ASCII would cost more than the full pattern's scan
    pattern = _NAME_TOKEN_ASCII if text.isascii() else _NAME_TOKEN
    tokens = list(pattern.finditer(text))
    if "al-" in text or "el-" in text:
        tokens += _ARTICLE_NAME_TOKEN.finditer(text)
        tokens.sort(key=lambda m: m.start())
    return tokens


# A word as title phrases are read: hyphens join words but do not start one ("(Jiji Press)--Japanese").
_WORD = re.compile(r"[\w.’']+(?:-+[\w.’']+)*")
_TOKEN_BEFORE = re.compile(r"\s*(\S*)")  # on the reversed text: the whitespace-separated token before a position

_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "both": 2,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}
# He, she or they as a whole word, in any case, matched from its "he" (lower case in all but "He")
# so that `re` scans for that literal instead of testing every h, s and t; a lookbehind reads
# the letter before it.
_PRONOUN_HE = re.compile(r"he(?:(?<=\bhe)|(?<=\b[sS]he)|(?<=\b[tT]he)y)\b")
_PRONOUN_CAPITAL_HE = re.compile(r"He\b(?<=\bHe)")
_GENERIC_CAPS = {
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "of",
    "for",
    "and",
    "but",
    "or",
    "to",
    "by",
    "with",
    "from",
    "as",
    "after",
    "before",
    "since",
    "while",
    "during",
    "following",
    "according",
    "meanwhile",
    "however",
    "also",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "it",
    "his",
    "her",
    "their",
    "its",
    "we",
    "our",
    "i",
    "you",
    "there",
    "notably",
    "additionally",
    "addressing",
    "earlier",
    "later",
    "top",
    "senior",
    "most",
    "some",
    "short",
    "url",
    "home",
    "news",
    "agency",
    "statement",
    "press",
    "photo",
    "file",
    "reuters",
    "yonhap",
    "kyodo",
    "afp",
    "ap",
    "nikkei",
    "asia",
    "asian",
    "pacific",
    "east",
    "west",
    "north",
    "south",
    "korean",
    "peninsula",
    "affairs",
    "bureau",
    "ministry",
    "office",
    "department",
    "council",
    "command",
    "agreement",
    "sea",
    "strait",
    "centre",
    "center",
    "security",
    "national",
    "defense",
    "defence",
    "foreign",
    "joint",
    "staff",
    "forces",
    "administration",
    "house",
    "state",
    "states",
    "united",
    "nations",
    "republic",
    "people",
    "peoples",
    "democratic",
    "government",
    "party",
    "summary",
    "statistics",
    "similar",
    "readings",
    "details",
    "category",
    "created",
    "updated",
    "last",
    "read",
    "words",
    "count",
    "date",
    "advertisement",
    "recommended",
    "popular",
    "scroll",
    "return",
    "trilateral",
    "ties",
    "officials",
    "official",
    "leaders",
    "first",
    "second",
    "new",
    "old",
    "vice",
    "deputy",
    "acting",
    "former",
    "special",
    "representative",
    "chief",
    "head",
    "peace",
    "cyber",
    "indo",
    "indo-pacific",
    "camp",
    "david",
    "island",
}
_WEEKDAYS = frozenset(WEEKDAYS)
_MONTHS_DAYS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
} | _WEEKDAYS


@dataclass
class Mention:
    """A reference to a speaker or participant: a person, a body, a group of states, or a pronoun."""

    kind: str  # person | org | group | pronoun
    start: int
    end: int
    name: str | None = None
    name_span: tuple[int, int] | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None
    country: str | None = None
    country_span: tuple[int, int] | None = None
    countries: list[str] = field(default_factory=list)
    count: int | None = None
    plural: bool = False
    head: str | None = None
    international: bool = False
    country_confidence: float = 0.0


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words = set(_GENERIC_CAPS) | _MONTHS_DAYS
    for phrase in titles():
        words.update(re.split(r"[\s-]+", phrase))
    for entry in countries().values():
        for form in entry.names + entry.demonyms + entry.cities + entry.government:
            words.update(w.lower().strip(".") for w in form.split())
    for name in list(organizations()) + list(places()):
        words.update(w.lower() for w in name.split())
    for rank in honorifics().ranks:
        words.update(w.lower().strip(".") for w in rank.split())
    for name in actors():
        words.difference_update(name.split())
    words.difference_update(w.lower() for w in lexicons()["name_words"])
    return frozenset(words)


@lru_cache(maxsize=1)
def _civilian_titles() -> frozenset[str]:
    return frozenset(p for p, cat in titles().items() if cat != "military")


@lru_cache(maxsize=1)
def _trailing_ranks() -> tuple[str, ...]:
    """Ranks (longest first) that `_clean_title` removes from the end of a title: those not also civilian titles."""
    civilian = _civilian_titles()
    return tuple(r for r in honorifics().ranks if r.lower().strip(".") not in civilian)


@lru_cache(maxsize=1)
def _rank_words() -> frozenset[str]:
    """Ranks and honorifics in lower case without full stops ("gen", "adm", "president")."""
    return frozenset(r.lower().strip(".") for r in honorifics().ranks)


@lru_cache(maxsize=1)
def _title_word_set() -> frozenset[str]:
    return frozenset(w for p in titles() for w in re.split(r"[\s-]+", p))


@lru_cache(maxsize=1)
def _actor_index() -> dict[str, list[str]]:
    """First or last name token (folded) -> actor keys, so lookups skip the whole dictionary."""
    index: dict[str, list[str]] = {}
    for key in actors():
        tokens = name_key(key).split()
        for tok in {tokens[0], tokens[-1]}:
            index.setdefault(tok, []).append(key)
    return index


@lru_cache(maxsize=1)
def _actor_order() -> dict[str, int]:
    """Actor key -> its position in the actor dictionary (lookups try keys in that order)."""
    return {key: i for i, key in enumerate(actors())}


@lru_cache(maxsize=8192)
def _actor_lookup(
    name: str, published: dt.date | None
) -> tuple[str | None, str | None]:
    """(country, title) of the known actor `name` refers to on `published`, or (None, None)."""
    tokens = name_key(name).split()
    index = _actor_index()
    keys = {k for tok in tokens[:1] + tokens[-1:] for k in index.get(tok, [])}
    order = _actor_order()
    for key in sorted(keys, key=order.__getitem__):
        entries = actors()[key]
        if same_person(name, key) and (
            len(name.split()) > 1 or key.split()[-1] == name.lower()
        ):
            valid = [a for a in entries if a.valid_on(published)] or entries
            return valid[0].country, valid[0].title
    return None, None


@lru_cache(maxsize=1)
def _head_nouns() -> frozenset[str]:
    heads = {phrase.split(" of ")[0].split()[-1] for phrase in titles()}
    heads.update(
        {
            "counterpart",
            "head",
            "chief",
            "officer",
            "official",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "heads",
            "leads",
        }
    )
    return frozenset(heads)


@lru_cache(maxsize=1)
def _org_pattern() -> re.Pattern[str]:
    """Any organisation name as a whole word (longest first)."""
    return _org_names_pattern(tuple(organizations()))


@lru_cache(maxsize=2)
def _org_names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """A whole-word match of the longest of `names` at a position."""
    alternation = literal_alternation(names, not_after=r"[\w-]")
    return re.compile(rf"(?:{alternation})(?![\w-])")


@lru_cache(maxsize=1)
def _org_names_split() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """(`_org_pattern` for the names starting with a capital, the other names): the first scans only capitals."""
    names = tuple(organizations())
    capitalised = tuple(n for n in names if n[0].isupper())
    return _org_names_pattern(capitalised), tuple(n for n in names if not n[0].isupper())


def _org_matches(text: str) -> list[re.Match[str]]:
    """The matches `_org_pattern().finditer(text)` yields, without trying the pattern at every lower-case letter.

    Only names starting with a position's character can match there, so capitalised names
    come from their own scan (searched again past each match taken) and the few others from
    where `str.find` sees them; taking the two in order, skipping what an earlier match
    covers, gives finditer's sequence.
    """
    full = _org_pattern()
    capitalised, others = _org_names_split()
    starts = occurrences(text, others)
    lows = [m for at in starts if (m := full.match(text, at)) is not None]
    out: list[re.Match[str]] = []
    pos = 0
    cap = capitalised.search(text)
    for low in lows + [None]:
        while cap is not None and (low is None or cap.start() < low.start()):
            out.append(cap)
            pos = cap.end()
            cap = capitalised.search(text, pos)
        if low is not None and low.start() >= pos:
            out.append(low)
            pos = low.end()
            if cap is not None and cap.start() < pos:
                cap = capitalised.search(text, pos)
    return out


@lru_cache(maxsize=1)
def _group_pattern() -> re.Pattern[str]:
    nouns = "|".join(lexicons()["group_nouns"])
    return re.compile(
        rf"\b(?:(?P<det>the|The|these|These|those|their|Their|both|Both|all|All)\s+)?(?:(?P<num>two|three|four|five|six|2|3|4|5)\s+)?"
        rf"(?P<mods>(?:[A-Za-z](?:[\w’'-]*|(?:\.[A-Za-z])+\.)[ ]){{0,3}}?)(?P<noun>{nouns})\b"
    )


@lru_cache(maxsize=1)
def _reversed_group_noun() -> re.Pattern[str]:
    """A whole-word group noun spelt backwards, for the reversed text: the nouns end in "s" or "n", so the scan stops at few letters."""
    nouns = literal_alternation(
        [noun[::-1] for noun in lexicons()["group_nouns"]], not_after=r"\w"
    )
    return re.compile(rf"(?:{nouns})(?=\W|\Z)")


def _group_noun_starts(reversed_text: str) -> list[int]:
    """Starts, in text order, of the whole-word group nouns (every `_group_pattern` match ends in one), found in `reversed_text`.

    Whole words never overlap, so the scan of the reversed text finds each of them.
    """
    size = len(reversed_text)
    return [size - m.end() for m in _reversed_group_noun().finditer(reversed_text)][::-1]


# Five whitespace-separated tokens (each with the whitespace before it), read on the reversed
# text: matched from the reversed offset of a position, it ends at the reversed offset of
# the fifth token's start before that position.
_FIVE_TOKENS_BACK = re.compile(r"(?:\s*+\S*+){5}")


def _group_matches(text: str, reversed_text: str) -> Iterator[re.Match[str]]:
    """The matches `_group_pattern().finditer(text)` yields, searched for only a few words before each group noun (`reversed_text` is `text[::-1]`).

    A match spans at most five whitespace-separated words before its noun (determiner,
    number, three modifiers), so no match can start before the fifth token preceding the
    first noun not yet consumed; searching from there finds the same next match.
    """
    pattern = _group_pattern()
    size = len(text)
    pos = 0
    for noun_start in _group_noun_starts(reversed_text):
        if noun_start < pos:
            continue
        back = _FIVE_TOKENS_BACK.match(reversed_text, size - noun_start).end()
        m = pattern.search(text, max(pos, size - back))
        if m is None:
            return
        yield m
        pos = m.end()


def _role_matches(text: str, reversed_text: str) -> Iterator[re.Match[str]]:
    """The matches `_ROLE.finditer(text)` yields, looked for only before the title words they contain (`reversed_text` is `text[::-1]`).

    A match is a determiner, up to four capitalised words and a lower-case title, each
    after spaces, so its lead-in lies within the five whitespace-separated tokens before
    the title and can reach no other title word. The leftmost lead-in that ends exactly
    at a title is where the scan would match; `_ROLE` then reads the same title from there.
    """
    size = len(text)
    pos = 0
    for at in occurrences(text, _ROLE_TITLES):
        if at <= pos or text[at - 1] != " ":
            continue
        back = _FIVE_TOKENS_BACK.match(reversed_text, size - at).end()
        lead = _ROLE_LEAD_TO_END.search(text, max(pos, size - back), at)
        if lead is not None:
            m = _ROLE.match(text, lead.start())
            assert m is not None  # the lead-in is followed by the title at `at`
            yield m
            pos = m.end()


_POSSESSIVE_END = re.compile(r"[’']s$")
_MONTH_NAME_NEXT = re.compile(r"[ ]+[A-Z][a-z]")
_TITLE_FILLER = re.compile(
    r"(?:(?:and|the|of|for|at|on|The|In|At|On|According to [^,]*,)\s+)+"
)
_SPACES = re.compile(r"[\s]+")
_REPORT_AFTER = re.compile(
    r"\s+(?:said|says|told|added|stressed|urged|noted|warned|emphasized|highlighted|pointed out|expressed)\b"
)
_CLAUSE_IN_MODS = re.compile(
    r"\b(?:said|says|will|have|has|had|were|was|are|is|to|that|and|with|in|on|for|among|between|by|from|of|at|as)\b|[a-z]{3,}\.\s"
)
_POSSESSIVE_GAP = re.compile(r"[’'s\s]*")
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:the|The|a|A)\s+)$")
_ORG_ROLE = re.compile(
    r"\s+(spokesperson|spokesman|spokeswoman|official|officials|statement)\b"
)
_ACRONYM = re.compile(r"\s*\(([A-Z]{2,6})\)")
_NAME_AFTER_ROLE = re.compile(r"\s+[A-Z][a-z]+\s+[A-Z]")
_PREPOSITION_AFTER_ROLE = re.compile(r"\s+(?:for|of|at)\b")
_LIST_TO_NOUN = re.compile(r"(?:[ \w-]|\.(?=\S)){0,40}")  # never across a sentence end or a line
_COUNTRY_KINDS = frozenset({"name", "demonym", "government", "context"})
_TITLE_LEAD = re.compile(r"^(?:the|a|an|his|her|their|its)\s+", re.IGNORECASE)
_INITIALS = re.compile(r" (?:[A-Z]\. ){1,2}")  # "Joseph R. Biden"
_BODY_NOUNS = frozenset({"ministry", "office", "department", "council", "agency", "embassy", "secretariat", "commission"})
_PORTFOLIO_END = re.compile(r"\b(\w+)\s+(?:on|for)\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*\Z")
# A country named after these in a title is the post's subject, not its holder's state.
_PORTFOLIO_BEFORE = re.compile(r"\b(?:for|on|to|toward|towards|against)\s+(?:the\s+)?\Z")
_BODY_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}(?:ministry|office|department|council|agency|embassy|government|mission|secretariat|commission)\b",
    re.IGNORECASE,
)
_DATELINE_CITY = re.compile(r"\s*(?P<city>[A-Z][A-Z'’.-]+(?:[ ][A-Z][A-Z'’.-]+){0,3})(?=,|\s+\(|\s+[-–—]|\s*\n)")
# A dateline in mixed case counts only with its date: "Seoul, Jan. 14 (Jiji Press)--", "Kyiv, 3 March (AFP) -".
_DATED_DATELINE_CITY = re.compile(
    r"\s*(?P<city>[A-Z][\w'’.-]+(?:[ ][A-Z][\w'’.-]+){0,3}),\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\b"
)
_PARTICLE_WORDS = ("bin", "bint", "ibn", "da", "de", "do", "dos", "das", "del", "della", "di", "van", "von", "ter")
_NAME_PARTICLES = re.compile(
    rf" (?:{'|'.join(_PARTICLE_WORDS)})(?: (?:der|den|de|la|los))? "
)  # "Faisal bin Farhan", "Ursula von der Leyen"
_PARTICLES = frozenset(_PARTICLE_WORDS) | {"der", "den", "la", "los"}
_SUFFIX = re.compile(r",? (?:Jr\.|Sr\.|II|III|IV)(?![\w])")
_OF_COUNTRY = re.compile(r"\s+of\s+(?:the\s+)?")
_ROLE_TITLES = (
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "minister",
    "diplomat",
    "envoy",
    "ambassador",
)
# lower-case words that may qualify an official named by role ("a senior foreign ministry official")
_ROLE_MODIFIERS = (
    "senior", "top", "junior", "high-ranking", "unnamed", "government", "foreign", "defence", "defense",
    "ministry", "military", "security", "presidential", "intelligence", "embassy", "administration", "deputy",
)
# a determiner and up to four capitalised words or modifiers, each followed by spaces: what precedes the title of a role
_ROLE_LEAD = (
    "(?P<det>"
    + literal_alternation(["a", "an", "A", "An", "the", "The"], not_after=r"\w")
    + r")[ ]+(?:(?:[A-Z][\w’'-]*(?:\.[A-Z]\.)?|"
    + "|".join(_ROLE_MODIFIERS)
    + r")[ ]+){0,4}"
)
_ROLE = re.compile(
    _ROLE_LEAD
    + f"(?P<title>{'|'.join(_ROLE_TITLES)})"
    + r"(?:\s+(?:for|of|at|with)\s+(?:the\s+)?(?P<org>[A-Z][\w.’'-]*(?:\s+(?:of\s+|for\s+|and\s+)?(?:the\s+)?[A-Z][\w.’'-]*)*))?"
)
_ROLE_LEAD_TO_END = re.compile(_ROLE_LEAD + r"\Z")
_LIST_GAP = re.compile(
    r"(?:,\s*(?:and\s+)?(?:the\s+)?|,?\s+and\s+(?:the\s+)?|\s*[-–/]\s*)"
)  # the whole gap between two listed countries (every branch ends taking any whitespace)
# "of the", also after a second noun ("ministers and senior officials of") and before a named
# grouping that the list spells out ("of the Nordic-Baltic Eight (NB8): Denmark, ...").
_OF_LIST = re.compile(
    r"(?:\s+and\s+(?:[\w-]+\s+){0,3}[\w-]+)?\s+(?:of|from)\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s*(?:\([A-Z0-9]{2,8}\))?\s*:\s*)?"
)
_OF_COUNT = re.compile(
    r"\s+(?:of|from)\s+(?:the|their|both)\s+(?P<num>two|three|four|five)\s+(?:countries|nations|sides|governments|states)"
)
_APPOSITIVE = re.compile(
    r"\s*(?:\([^)]{0,40}\))?,\s+(?:who\s+(?P<verb>is|was|heads|leads|serves as|chairs|oversees)\s+)?(?P<app>[^,;()“”\"]+)"
)


def _acronym_matches(text: str, acronym: str) -> list[re.Match[str]]:
    r"""The matches of `(?<![\w(])(?:the\s+|The\s+)?ACRONYM(?![\w)])` that `finditer` yields, tried only where the acronym occurs.

    The pattern begins with a lookbehind, so `finditer` would try it at every offset. A
    match covering an occurrence starts either at a "the" just before it or at the
    occurrence itself, and the earlier start is the one the scan meets first.
    """
    pattern = re.compile(rf"(?<![\w(])(?:the\s+|The\s+)?{re.escape(acronym)}(?![\w)])")
    hits: list[re.Match[str]] = []
    pos = 0
    at = text.find(acronym)
    while at >= 0:
        head = text[:at].rstrip()
        lead = len(head) - 3 if len(head) < at and head.endswith(("the", "The")) else at
        m = pattern.match(text, lead) if lead >= pos else None
        if m is None and lead != at and at >= pos:
            m = pattern.match(text, at)
        if m is not None:
            hits.append(m)
            pos = m.end()
        at = text.find(acronym, at + 1)
    return hits


def country_lists(
    mentions: list[CountryMention], text: str
) -> list[tuple[int, int, list[str]]]:
    """Coordinated country mentions ("Japan, the US, and South Korea") as (start, end, codes) runs."""
    runs: list[tuple[int, int, list[str]]] = []
    for cm in mentions:
        if cm.kind not in ("name", "demonym", "context"):
            continue
        if runs and _LIST_GAP.fullmatch(text, runs[-1][1], cm.start):
            s, _, codes = runs[-1]
            runs[-1] = (s, cm.end, codes + ([cm.code] if cm.code not in codes else []))
        else:
            runs.append((cm.start, cm.end, [cm.code]))
    return runs


@lru_cache(maxsize=1)
def _places_folded() -> dict[str, str]:
    """Lower-cased place name -> ISO3, to read upper-case datelines."""
    return {name.lower(): code for name, code in places().items()}


LEADER_HEAD = "leader"  # the `head` of a role that stands for a leader or minister of the home state


@lru_cache(maxsize=1)
def _leader_role_pattern() -> re.Pattern[str]:
    """ "The Prime Minister", "the Foreign Secretary": a head of state or government or a minister (titles.yaml),
    capitalised, alone (no name, possessive or "of" after it)."""
    forms = sorted(
        (t.title() for t, category in titles().items() if category in ("head_of_state", "minister")),
        key=len,
        reverse=True,
    )
    # The match starts after the "T" of "\b[Tt]he ", which the lookbehind reads, so that `re` scans
    # for the literal "he " instead of testing every t.
    return re.compile(rf"he (?<=\b[Tt]he )(?P<title>{'|'.join(map(re.escape, forms))})\b(?![\w’'-]| [A-Z(]| of\b|,? [A-Z][a-z]+ [A-Z])")


def dateline_country(text: str) -> str | None:
    """The state of the dateline city ("SEOUL, Nov. 4 (Yonhap) --", "New Delhi, Jan 28 (PTI)"): home of officials named without a country cue."""
    m = _DATELINE_CITY.match(text) or _DATED_DATELINE_CITY.match(text)
    return _places_folded().get(" ".join(m.group("city").split()).lower()) if m else None


def issuer_country(outlet: str | None) -> str | None:
    """The state of a government outlet ("Prime Minister's Office, 10 Downing Street", "U.S. Department of Defense"): home of a readout's officials."""
    codes = {cm.code for cm in country_mentions(outlet or "") if cm.kind in _COUNTRY_KINDS}
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=8192)
def _bare(word: str) -> str:
    """Lower-case word without surrounding punctuation or a possessive ending."""
    return _POSSESSIVE_END.sub("", word.lower().strip(".,;:()")).strip("’'")


_NAME_WORD, _STOP_WORD, _MONTH_WORD = 0, 1, 2
_TITLE_WINDOW = 64  # characters before a name read first for its title


@lru_cache(maxsize=16384)
def _name_word_kind(word: str) -> int:
    """How a capitalised token counts for name runs: a name word, a stopword, or a stopword month that starts a name before a capitalised word ("June Park")."""
    low = word.lower()
    stop = _stopwords()
    is_stop = low in stop or low.split("’")[0].split("'")[0] in stop
    if low in _MONTHS_DAYS and low not in _WEEKDAYS:
        return _MONTH_WORD if is_stop else _NAME_WORD
    return _STOP_WORD if is_stop else _NAME_WORD


def _portfolio_end(before: str, heads: frozenset[str] | set[str]) -> bool:
    """Whether `before` ends with a head noun and its portfolio ("top negotiator on North Korea", "envoy for the Korean Peninsula")."""
    m = _PORTFOLIO_END.search(before)
    return m is not None and m.group(1).lower() in heads


def _title_span(
    text: str, reversed_text: str, lo: int, hi: int
) -> tuple[tuple[int, int] | None, bool]:
    """(span of the title phrase ending the segment text[lo:hi], or None; whether the phrase could begin before `lo`).

    The phrase is read backwards word by word from `hi`; the flag is set when the first
    word of the segment was examined, since a longer segment could change the outcome
    there. Words are taken from `reversed_text` (`text[::-1]`) one at a time (a word is a
    maximal run of one character class, the same read either way), so only the words
    the phrase reaches are tokenised.
    """
    heads = _head_nouns()
    twords = _title_word_set()
    ranks = _rank_words()
    size = len(text)
    pos = hi
    seg_start = None
    skipped_comma = False
    only_ranks = True
    rank_cut = None
    stopped_at: int | None = None  # start of the word the reading stopped at
    for back in _WORD.finditer(reversed_text, size - hi, size - lo):
        t_start, t_end = size - back.end(), size - back.start()
        t_text = text[t_start:t_end]
        gap = text[t_end:pos]
        if gap.strip():
            if (
                gap.strip() == ","
                and not skipped_comma
                and (seg_start is None or only_ranks)
                and (
                    t_text.lower() in heads
                    or t_text.lower() in _BODY_NOUNS
                    or _portfolio_end(text[lo:t_end], heads)
                )
            ):
                skipped_comma = True
                if seg_start is not None:
                    rank_cut = t_end
            else:
                stopped_at = t_start
                break
        word = t_text.strip(".’'")
        low = word.lower()
        if low.endswith(("’s", "'s")):
            low = low[:-2]
        ok = (
            word[:1].isupper()
            or low in twords
            or low in ("of", "for", "and", "the", "at", "on")
            or low in _BODY_NOUNS  # "Iran's foreign ministry spokesman"
            or t_text in ("U.S.", "U.N.")
        )
        if not ok:
            stopped_at = t_start
            break
        only_ranks = only_ranks and not skipped_comma and low in ranks
        seg_start = t_start
        pos = t_start
    # the first word was examined: every word was read, or the reading stopped at the first
    reached_start = stopped_at is None or _WORD.search(text, lo, stopped_at) is None
    if seg_start is None:
        return None, reached_start
    # trim leading connectors and sentence-initial filler
    lead = _TITLE_FILLER.match(text, seg_start, hi)
    if lead:
        seg_start = lead.end()
    end = rank_cut or hi
    while end > seg_start and text[end - 1] in " ,":
        end -= 1
    words = [_bare(w) for w in _SPACES.split(text[seg_start:end])]
    if not any(w in heads or w.rstrip("s") in heads for w in words):
        return None, reached_start
    return (seg_start, end), reached_start


class PeopleFinder:
    """Finds every Mention in one article's text (create one per article; knowledge is cached per process)."""

    def __init__(
        self,
        text: str,
        published: dt.date | None,
        cmentions: list[CountryMention] | None = None,
        lists: list[tuple[int, int, list[str]]] | None = None,
        outlet: str | None = None,
    ) -> None:
        self.text = text
        self.published = published
        self.cmentions = cmentions if cmentions is not None else country_mentions(text)
        self.lists = lists if lists is not None else country_lists(self.cmentions, text)
        self._cstarts = [cm.start for cm in self.cmentions]
        self._list_at: dict[int, tuple[int, int, list[str]]] = {}
        for run in self.lists:
            self._list_at.setdefault(run[0], run)
        # the lists' positions ordered by end, and those ends, for `_lists_ending_in`
        self._list_order = sorted(range(len(self.lists)), key=lambda i: self.lists[i][1])
        self._list_ends = [self.lists[i][1] for i in self._list_order]
        self._reversed_text = text[::-1]  # the group and role scans read back from their cue words
        self._name_tokens = name_tokens(text)
        self.home = dateline_country(text) or issuer_country(outlet)  # a readout's officials are its issuer's
        self.persons: list[Mention] = []
        self.orgs: list[Mention] = []
        self.groups: list[Mention] = []
        self.pronouns: list[Mention] = []
        self.roles: list[Mention] = []
        self._acronyms: dict[str, tuple[str, str | None, bool, tuple[int, int]]] = {}

    # -- helpers ---------------------------------------------------------------------------------

    def _owning_state(self, rs: int) -> CountryMention | None:
        """The state whose possessive stands right before a name run at `rs` ("Ecuador's José Vélez"), if any."""
        if not self.text.endswith(("'s ", "’s "), max(0, rs - 3), rs):
            return None
        cms, end = self.cmentions, rs - 3
        for i in range(bisect.bisect_left(self._cstarts, max(0, end - 45)), len(cms)):
            cm = cms[i]
            if cm.start >= end:
                break
            if cm.end == end and cm.kind in _COUNTRY_KINDS:
                return cm
        return None

    def _country_in(self, start: int, end: int) -> CountryMention | None:
        """The first country mention inside [start, end) that names a state (not a city)."""
        cms = self.cmentions
        for i in range(bisect.bisect_left(self._cstarts, start), len(cms)):
            cm = cms[i]
            if cm.start >= end:
                break
            if cm.end <= end and cm.kind in _COUNTRY_KINDS:
                return cm
        return None

    def _title_country(self, start: int, end: int) -> CountryMention | None:
        """The state a title [start, end) names as its holder's: not one it is about ("envoy for North Korea",
        "director-general for North Korean affairs at South Korea's Foreign Ministry"), unless an
        institution of it follows ("spokesman for the DPRK Foreign Ministry")."""
        cms = self.cmentions
        for i in range(bisect.bisect_left(self._cstarts, start), len(cms)):
            cm = cms[i]
            if cm.start >= end:
                break
            if cm.end > end or cm.kind not in _COUNTRY_KINDS:
                continue
            if _PORTFOLIO_BEFORE.search(self.text, max(start, cm.start - 12), cm.start) and not (
                _BODY_AFTER.match(self.text, cm.end, end)
            ):
                continue
            return cm
        return None

    def _lists_ending_in(self, lo: int, hi: int) -> list[tuple[int, int, list[str]]]:
        """The country lists ending in [lo, hi], in document order."""
        a = bisect.bisect_left(self._list_ends, lo)
        b = bisect.bisect_right(self._list_ends, hi, a)
        return [self.lists[i] for i in sorted(self._list_order[a:b])]

    def _international_in(self, start: int, end: int) -> bool:
        """Whether [start, end) names an international organisation (a title held for it, not for a state)."""
        return any(organizations()[m.group(0)].international for m in _org_pattern().finditer(self.text, start, end))

    def _org_country(
        self, start: int, end: int
    ) -> tuple[str | None, tuple[int, int] | None]:
        for m in _org_pattern().finditer(self.text, start, end):
            org = organizations()[m.group(0)]
            if org.country:
                return org.country, (m.start(), m.end())
        return None, None

    def _actor(self, name: str) -> tuple[str | None, str | None]:
        return _actor_lookup(name, self.published)

    # -- persons ---------------------------------------------------------------------------------

    def _name_runs(self) -> list[tuple[int, int]]:
        """Runs of capitalised name words (joined across middle initials, with a "Jr." suffix)."""
        runs = self._raw_runs()
        out = []
        for rs, re_ in runs:
            if self.text[re_ - 2 : re_] in ("'s", "’s"):
                re_ -= 2  # "Biden's" names Biden
            if self.text[re_ - 2 : re_ + 1] in ("Jr.", "Sr."):
                re_ += 1
            suffix = _SUFFIX.match(self.text, re_)
            out.append(
                (rs, suffix.end() if suffix and " " in self.text[rs:re_] else re_)
            )
        return out

    def _raw_runs(self) -> list[tuple[int, int]]:
        text = self.text
        runs: list[tuple[int, int]] = []
        kinds = _name_word_kind
        for token in self._name_tokens:
            kind = kinds(token[0])
            if kind == _STOP_WORD:
                continue
            start, end = token.span()
            if kind == _MONTH_WORD and not _MONTH_NAME_NEXT.match(text, end, end + 3):
                continue
            if runs:
                last_start, last_end = runs[-1]
                if text[last_end - 2 : last_end] not in ("'s", "’s") and (
                    (start == last_end + 1 and text[last_end] == " ")
                    or _INITIALS.fullmatch(text, last_end, start)
                    or _NAME_PARTICLES.fullmatch(text, last_end, start)
                ):
                    runs[-1] = (last_start, end)
                    continue
            runs.append((start, end))
        return runs

    def _left_title(
        self,
        start: int,
        floor: int,
        run_ends: Sequence[int] = (),
        adjacent_only: bool = False,
    ) -> tuple[int, int] | None:
        """The title phrase written just before a name ("U.S. National Security Adviser").

        The phrase starts at or after `floor` and after the last name run ending before
        `start`; `run_ends` are the name runs' ends, sorted. The words just before the
        name are read first; the whole stretch from `floor` only when the phrase may
        reach further back. With `adjacent_only` (a one-word name, kept only when a title
        noun or rank stands just before it) the phrase is read only when that word might be one.
        """
        i = bisect.bisect_right(run_ends, start) - 1
        if i >= 0 and run_ends[i] >= floor:
            floor = run_ends[i]
        if adjacent_only and not self._may_be_adjacent_title(floor, start):
            return None
        lo = max(floor, start - _TITLE_WINDOW)
        span, reached_start = _title_span(self.text, self._reversed_text, lo, start)
        if reached_start and lo > floor:
            span, _ = _title_span(self.text, self._reversed_text, floor, start)
        return span

    def _appositive(self, end: int, limit: int) -> tuple[int, int, str] | None:
        m = _APPOSITIVE.match(self.text, end, limit)
        if not m:
            return None
        app = m.group("app").strip()
        if app.startswith(("and ", "or ")) or not app:
            return None
        words = [_bare(w) for w in app.split()[:8]]
        heads = _head_nouns()
        if m.group("verb") is None and not any(
            w in heads or (w.endswith(("’s", "'s")) and w[:-2] in heads) for w in words
        ):
            return None
        if (
            m.group("verb") is None
            and app.split()[0][:1].isupper()
            and not (
                self._country_in(
                    m.start("app"), m.start("app") + len(app.split()[0]) + 1
                )
                or any(w.lower() in heads for w in app.split()[:2])
            )
        ):
            return None
        app_start = m.start("app")
        app_end = app_start + len(app.rstrip(". "))
        title = self.text[app_start:app_end]
        if m.group("verb") in ("heads", "leads", "chairs", "oversees"):
            title = "head of " + title
        return app_start, app_end, title

    def find_persons(self, sentences: list[tuple[int, int]]) -> list[Mention]:
        """Titled names, appositives and names before reporting verbs; then surname-only mentions of them."""
        starts = [s for s, _ in sentences]
        full: list[Mention] = []
        name_runs = self._name_runs()
        run_starts = [r0 for r0, _ in name_runs]
        run_ends = sorted(r1 for _, r1 in name_runs)
        for rs, re_ in name_runs:
            _, bare = split_rank(self.text[rs:re_])
            ntok = len(bare.split())
            if not 1 <= ntok - sum(w in _PARTICLES for w in bare.split()) <= 4:  # "Luiz Inacio Lula da Silva"
                continue  # never a person
            i = max(bisect.bisect_right(starts, rs) - 1, 0)
            s_start, s_end = sentences[i]
            one_word = ntok == 1 and " " not in self.text[rs:re_]
            left = self._left_title(rs, s_start, run_ends, one_word)
            if left and not self._clean_title(self.text[left[0] : left[1]]):
                left = None
            if (
                left
                and len(self.text[rs:re_].split()) == 1
                and not self._title_adjacent(left, rs)
            ):
                left = None
            owner = None
            if ntok == 1:
                if not left:
                    continue  # a one-word name counts only after a title
                app = None
            else:
                app = self._appositive(re_, s_end)
                if app and any(
                    " " in self.text[r0:r1]
                    for r0, r1 in name_runs[
                        bisect.bisect_left(run_starts, app[0]) : bisect.bisect_left(
                            run_starts, app[1]
                        )
                    ]
                ):
                    app = None
                owner = None if left or app else self._owning_state(rs)
                if not (
                    left
                    or app
                    or owner
                    or self._actor(bare)[1]
                    or _REPORT_AFTER.match(self.text, re_, s_end)
                ):
                    continue
            mention = Mention(
                "person",
                (left[0] if left else rs),
                (app[1] if app else re_),
                name=bare,
                name_span=(re_ - len(bare), re_),
            )
            if ntok == 1:
                mention.kind = "surname"
            title_span = None
            if left:
                title_span = left
                mention.title = self._clean_title(self.text[left[0] : left[1]])
            elif app:
                title_span = (app[0], app[1])
                mention.title = self._clean_title(app[2])
            mention.title_span = title_span
            if title_span:
                cm = self._title_country(*title_span)
                if cm is not None:
                    (
                        mention.country,
                        mention.country_span,
                        mention.country_confidence,
                    ) = cm.code, (cm.start, cm.end), 0.9
                else:
                    code, span = self._org_country(*title_span)
                    if code:
                        (
                            mention.country,
                            mention.country_span,
                            mention.country_confidence,
                        ) = code, span, 0.85
            if mention.country is None:
                of = _OF_COUNTRY.match(self.text, re_)
                cm = self._country_in(of.end(), of.end() + 40) if of else None
                if of and cm is not None and cm.start == of.end():
                    mention.country, mention.country_span = cm.code, (cm.start, cm.end)
                    mention.country_confidence = 0.85
            if mention.country is None:
                code, atitle = self._actor(bare)
                if code:
                    mention.country, mention.country_confidence = code, 0.7
                    mention.title = mention.title or atitle
            if mention.country is None and owner is not None:  # "Ecuador's José Antonio Vélez Arteaga"
                mention.country, mention.country_span = owner.code, (owner.start, owner.end)
                mention.country_confidence = 0.8
            if mention.country is None and title_span:  # "NATO Secretary General Mark Rutte"
                mention.international = self._international_in(*title_span)
            full.append(mention)
        # surname-only and single-token mentions link to the full names found above
        known = [m for m in full if m.kind == "person"]
        out = list(known)
        taken = [(m.name_span or (m.start, m.end)) for m in known]
        for m in full:
            if m.kind == "surname":
                target = self._link(m.name or "", m.start, known)
                if target is not None:
                    m.kind, m.name = "person", target.name
                    m.country = m.country or target.country
                    m.title = m.title or target.title
                    out.append(m)
                elif m.title:
                    m.kind = "person"
                    out.append(m)
                    known.append(m)  # "President Hartono": a one-word name later mentions link to
        known_tokens: set[str] = set()  # first and last tokens of the full names
        for k in known:
            if k.name:
                tokens = name_key(k.name).split()
                raw = k.name.lower().split()  # as written: "demirtaş" (the key folds it to "demirtas")
                known_tokens.update(tokens[:1] + tokens[-1:] + raw[:1] + raw[-1:])
        covered = sorted(taken + [(o.start, o.end) for o in out])
        covered_starts = [c0 for c0, _ in covered]
        reach = list(itertools.accumulate((c1 for _, c1 in covered), max))
        for token in self._name_tokens:
            word = token[0]
            if not (
                word.lower() in known_tokens
                or ("-" in word and name_key(word).split()[-1] in known_tokens)  # "al-Marri"
            ):
                continue
            t0, t1 = token.span()
            j = bisect.bisect_right(covered_starts, t0) - 1
            if j >= 0 and reach[j] > t0:
                continue
            target = self._link(word, t0, known)
            if target is not None:
                out.append(
                    Mention(
                        "person",
                        t0,
                        t1,
                        name=target.name,
                        name_span=(t0, t1),
                        title=target.title,
                        title_span=None,
                        country=target.country,
                        country_span=target.country_span,
                        country_confidence=target.country_confidence * 0.9,
                    )
                )
        out.sort(key=lambda m: m.start)
        # one canonical name, title and country per person: fill gaps from the person's other mentions;
        # a name's key is the first key naming the same person, else the name itself (looked up once per name)
        best: dict[str, Mention] = {}
        key_of: dict[str, str] = {}
        for m in out:
            name = m.name or ""
            key = key_of.get(name)
            if key is None:
                key = key_of[name] = next(
                    (k for k in best if same_person(name, k) or same_person(k, name)),
                    name,
                )
            cur = best.get(key)
            if (
                cur is None
                or (m.country and not cur.country)
                or (m.title and not cur.title and m.country == cur.country)
            ):
                best[key] = m
        # keys are only added, so a name's key is still the first key naming its person
        # (a name with an empty comparison form names no one, itself included)
        for m in out:
            name = m.name or ""
            ref = best[key_of[name]] if name_key(name) else None
            if ref is not None and ref is not m:
                if not m.country and ref.country:
                    m.country, m.country_confidence = (
                        ref.country,
                        ref.country_confidence * 0.9,
                    )
                    m.country_span = m.country_span or ref.country_span
                m.title = m.title or ref.title
                if len(ref.name or "") > len(m.name or ""):
                    m.name = ref.name
        self.persons = out
        return out

    def _may_be_adjacent_title(self, floor: int, name_start: int) -> bool:
        """Whether `_title_adjacent` could hold for a title phrase in [floor, name_start): False only when it cannot.

        The phrase's last word is the last whitespace-separated token T before the name
        whenever T is one run of word characters (the phrase then starts at or before T);
        any other token might end a phrase that starts inside it, so it is not ruled out.
        """
        size = len(self.text)
        token = _TOKEN_BEFORE.match(self._reversed_text, size - name_start, size - floor)[1][::-1]
        if token and _WORD.fullmatch(token) is None:
            return True
        last = token.lower().strip(".,")
        return last in _head_nouns() or last in _rank_words()

    def _title_adjacent(self, left: tuple[int, int], name_start: int) -> bool:
        """Whether the word just before a one-word name is a title noun or rank ("President Yoon")."""
        words = self.text[left[0] : name_start].split()
        last = words[-1].lower().strip(".,") if words else ""
        return last in _head_nouns() or last in _rank_words()

    @staticmethod
    def _link(token: str, pos: int, known: list[Mention]) -> Mention | None:
        candidates = [
            k
            for k in known
            if k.name
            and k.start < pos + 1
            and same_person(token, k.name)
            and (token != k.name or (k.start < pos and " " not in token))  # a one-word name again: "Hartono"
        ]
        if not candidates:
            candidates = [
                k
                for k in known
                if k.name and same_person(token, k.name) and token != k.name
            ]
        return candidates[-1] if candidates else None

    @staticmethod
    @lru_cache(maxsize=4096)
    def _clean_title(title: str) -> str:
        """The title without a leading article or possessive, and without a trailing military rank."""
        title = _TITLE_LEAD.sub("", " ".join(title.split()).strip(" ,"))
        ranks = _trailing_ranks()
        if not title.endswith(ranks):
            return title
        compound = honorifics().compound_titles
        for rank in ranks:
            if (title == rank or title.endswith(" " + rank)) and not title.endswith(
                compound
            ):
                title = title[: -len(rank)].rstrip()
        return title

    # -- bodies, groups, pronouns ----------------------------------------------------------------

    def find_orgs(self) -> list[Mention]:
        """Organisations with their country ("the South Korean presidential office" -> KOR)."""
        out = []
        for m in _org_matches(self.text):
            org = organizations()[m.group(0)]
            start, end = m.start(), m.end()
            cue = None
            before = self.text[max(0, start - 30) : start]
            cm = [
                c
                for c in self.cmentions[
                    bisect.bisect_left(self._cstarts, start - 30) : bisect.bisect_left(
                        self._cstarts, start
                    )
                ]
                if c.end <= start and _POSSESSIVE_GAP.fullmatch(self.text, c.end, start)
            ]
            if cm:
                cue = cm[-1]
                start = cue.start
            code = cue.code if cue else org.country
            dateline = False
            if code is None and org.needs_cue:
                code, dateline = self.home, True
            if code is None and not org.international:
                continue
            det = _ARTICLE_BEFORE.search(
                before if not cue else self.text[max(0, start - 6) : start]
            )
            role = _ORG_ROLE.match(self.text, end)
            title = m.group(0)
            if role and role.group(1) != "statement":
                title = f"{title} {role.group(1)}"
                end = role.end()
            acronym = _ACRONYM.match(self.text, end)
            if acronym:
                self._acronyms[acronym.group(1)] = (
                    title,
                    code,
                    org.international,
                    (cue.start, cue.end) if cue else (m.start(), m.end()),
                )
            mention = Mention(
                "org",
                start - (len(det.group(0)) if det and not cue else 0),
                end,
                title=title,
                title_span=(m.start(), end),
                country=code,
                country_span=(cue.start, cue.end) if cue else (m.start(), m.end()),
                international=org.international,
                country_confidence=0.4 if dateline else 0.85 if cue or org.country else 0.5,
            )
            out.append(mention)
        for acro, (title, code, international, cspan) in self._acronyms.items():
            for hit in _acronym_matches(self.text, acro):
                out.append(
                    Mention(
                        "org",
                        hit.start(),
                        hit.end(),
                        title=title,
                        title_span=(hit.start(), hit.end()),
                        country=code,
                        country_span=cspan,
                        international=international,
                        country_confidence=0.75,
                    )
                )
        out.sort(key=lambda o: o.start)
        self.orgs = out
        return out

    def find_roles(self) -> list[Mention]:
        """Officials named by role only ("a spokesman for the DPRK Ministry of Foreign Affairs", "the spokesman")."""
        out: list[Mention] = []
        for m in _role_matches(self.text, self._reversed_text):
            after = self.text[m.end() : m.end() + 40]
            if _NAME_AFTER_ROLE.match(after) and not _PREPOSITION_AFTER_ROLE.match(
                after
            ):
                continue  # "spokesman Ned Price" is a person
            start, end = m.start(), m.end()
            title = m.group("title")
            cm = self._country_in(start, end)
            country = cm.code if cm else None
            span = (cm.start, cm.end) if cm else None
            if country is None:
                code, span = self._org_country(start, end)
                country = code
            if country is None and m.group("det").lower() == "the":
                prev = [r for r in out if r.head == title.lower() and r.country]
                if prev:
                    country, span = prev[-1].country, prev[-1].country_span
                    title = prev[-1].title or title
            if country is None and self.home is not None and m.group("det").lower() != "the":
                country = self.home  # "a senior official said" in copy from home: an official of home
            if country is None:
                continue
            full_title = self.text[m.start("title") : end].strip()
            out.append(
                Mention(
                    "role",
                    start,
                    end,
                    title=full_title if m.group("org") else title,
                    title_span=(m.start("title"), end),
                    country=country,
                    country_span=span,
                    head=m.group("title").lower(),
                    country_confidence=0.7,
                )
            )
        if self.home is not None:
            out += self._home_leaders()
            out.sort(key=lambda r: r.start)
        self.roles = out
        return out

    def _home_leaders(self) -> list[Mention]:
        """ "The Prime Minister held a call with ...": a leader or minister named by title alone, in copy from
        home (a dateline or a government outlet), is the home state's."""
        out = []
        for m in _leader_role_pattern().finditer(self.text):
            out.append(
                Mention(
                    "role",
                    m.start() - 1,  # the "T" of "The"
                    m.end(),
                    title=m.group("title"),
                    title_span=(m.start("title"), m.end()),
                    country=self.home,
                    head=LEADER_HEAD,
                    country_confidence=0.5,
                )
            )
        return out

    def find_groups(self) -> list[Mention]:
        """Group references: "the national security advisers of South Korea and Japan", "the three countries"."""
        out = []
        for m in _group_matches(self.text, self._reversed_text):
            noun = m.group("noun")
            start, end = m.start(), m.end()
            codes: list[str] = []
            count = _NUMBERS.get((m.group("num") or "").lower()) or (
                2 if (m.group("det") or "").lower() == "both" else None
            )
            mods = m.group("mods") or ""
            if _CLAUSE_IN_MODS.search(mods):
                start = m.start("noun")
                mods = ""
                count = None
            limit = end + 80  # how far past the noun its "of ..." complement is read
            of = _OF_LIST.match(self.text, end, limit)
            run = self._list_at.get(of.end()) if of else None
            oc = _OF_COUNT.match(self.text, end, limit)
            if run is not None:
                codes, end = run[2], run[1]
            if not codes and oc:
                count, end = _NUMBERS[oc.group("num")], oc.end()
            if not codes:
                noun_start = m.start("noun")
                for ls, le, lc in self._lists_ending_in(noun_start - 40, noun_start):
                    if _LIST_TO_NOUN.fullmatch(self.text, le, noun_start) and le >= start - 60:
                        gap_words = self.text[le:noun_start].split()
                        if len(gap_words) <= 3:
                            codes = lc
                            start = min(start, ls)
            if codes and count is None:
                count = len(codes)
            out.append(
                Mention(
                    "group",
                    start,
                    end,
                    title=(mods + noun).strip(),
                    countries=codes,
                    count=count,
                    plural=True,
                    head=noun.lower(),
                    country_confidence=0.8 if codes else 0.0,
                )
            )
        self.groups = out
        return out

    def find_pronouns(self) -> list[Mention]:
        """He / she / they mentions (resolved later against speakers and meetings)."""
        text = self.text
        spans = [m.span() for m in _PRONOUN_CAPITAL_HE.finditer(text)]
        for m in _PRONOUN_HE.finditer(text):
            start, end = m.span()
            if text[start - 1 : start] in ("s", "S", "t", "T"):  # "she", "they"
                start -= 1
            spans.append((start, end))
        spans.sort()
        out = []
        for start, end in spans:
            head = text[start:end].lower()
            out.append(Mention("pronoun", start, end, plural=head == "they", head=head))
        self.pronouns = out
        return out

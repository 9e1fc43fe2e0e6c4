"""Meetings from trigger words: parties, format, status, date, location; mentions of one meeting merged.

A trigger ("held talks", "telephone talks", "met", "dinner", "summit", "reconvene") makes a
meeting mention unless it is negated ("declined to meet"), aggregate ("seven summits"),
an instruction or wish ("instructed officials to hold discussions"), or inside a quote.
A mention joins the previous meeting when it refers back ("In the meeting", "This was the
first ...") or names the same parties without conflicting details; otherwise it is a new
meeting. A meeting needs two parties identified at least by country or international body.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from extractor.knowledge import lexicons, places
from extractor.knowledge.loader import literal_alternation
from extractor.normalize import country_code, find_date_phrases, resolve_date
from extractor.rules.document import Document
from extractor.rules.people import LEADER_HEAD, Mention
from extractor.rules.text import Sentence
from extractor.rules.scanning import first_char_lookahead, literal_needles, matches_at


@dataclass
class Party:
    """A participant as found: person (name set) or one state of an unnamed group."""

    name: str | None
    title: str | None
    country: str | None
    name_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None
    country_span: tuple[int, int] | None = None
    confidence: float = 0.7
    international: bool = False


@dataclass
class MeetingDraft:
    """A meeting while rules still add to it; turned into a `Meeting` record at the end."""

    triggers: list[tuple[int, int, str]]
    sentences: list[int]
    status: str = "held"
    status_cue: tuple[int, int] | None = None
    format: str = "in_person"
    format_cue: tuple[int, int] | None = None
    date_text: str | None = None
    date_span: tuple[int, int] | None = None
    date: object = None
    location_name: str | None = None
    location_country: str | None = None
    location_span: tuple[int, int] | None = None
    parties: list[Party] = field(default_factory=list)
    group_countries: list[str] = field(default_factory=list)
    countries_span: tuple[int, int] | None = None
    passing: bool = (
        False  # a past meeting mentioned in passing ("their last meeting in October")
    )
    block: bool = True  # starts a stretch of text describing it
    kind: str = "generic"
    group_title: str | None = None
    inherited: bool = (
        False  # parties copied from an earlier meeting ("their last meeting")
    )

    @property
    def countries(self) -> list[str]:
        codes = {p.country for p in self.parties if p.country} | set(
            self.group_countries
        )
        return sorted(codes)

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parties if p.name]


# Plain phrases: alternatives of the "attendance" pattern, and literals to locate in the folded text.
_ATTENDANCE_CUES = (
    "in attendance were",
    "attended by",
    "were present",
    "joined by",
    "participants included",
    "attendees included",
    "was led by",
    "were led by",
    "was headed by",
    "were headed by",
)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """The lexicon's cue patterns, each `\\b(?:cue|...)` with a first-character lookahead so `re` skips most offsets."""
    lex = lexicons()

    def alt(items: list[str]) -> str:
        return "|".join(sorted(items, key=len, reverse=True))

    def cues(source: str) -> str:
        return rf"\b{first_char_lookahead(source)}(?:{source})"

    kinds = lex["meeting_triggers"]
    trig = "|".join(f"(?P<{k}>{alt(v)})" for k, v in kinds.items())
    return {
        "trigger": re.compile(rf"{cues(trig)}\b", re.IGNORECASE),
        "blocker": re.compile(cues(alt(lex["trigger_blockers"])), re.IGNORECASE),
        "negation": re.compile(
            rf"{cues(alt(lex['negation_cues']))}\b[^,;]{{0,40}}$", re.IGNORECASE
        ),
        "negation_after": re.compile(
            rf"^[^,;.]{{0,60}}?{cues(alt(lex['negation_after_cues']))}\b", re.IGNORECASE
        ),
        "aggregate": re.compile(
            rf"{cues(alt(lex['aggregate_numbers']))}\s+(?:[\w-]+\s+){{0,2}}$",
            re.IGNORECASE,
        ),
        "aggregate_after": re.compile(
            rf"^[^,;.]{{0,40}}?{cues(alt(lex['aggregate_after_cues']))}\b", re.IGNORECASE
        ),
        "scheduled": re.compile(
            rf"{cues(alt(lex['scheduled_cues']))}\b", re.IGNORECASE
        ),
        "new": re.compile(rf"{cues(alt(lex['new_meeting_cues']))}\b", re.IGNORECASE),
        "past": re.compile(
            r"\b(?=[lpe])(?:last|previous|earlier|prior|past)\s+(?:[\w\u2019'-]+\s+)?$", re.IGNORECASE
        ),
        "anaphora": re.compile(rf"{cues(alt(lex['anaphora_cues']))}\b", re.IGNORECASE),
        "phone": re.compile(
            rf"{cues(alt(lex['format_cues']['phone']))}\b", re.IGNORECASE
        ),
        "video": re.compile(
            rf"{cues(alt(lex['format_cues']['video']))}\b", re.IGNORECASE
        ),
        "attendance": re.compile(rf"{cues('|'.join(_ATTENDANCE_CUES))}\b", re.IGNORECASE),
        "residence": re.compile(
            r"\bat\s+(?:his|her|their|the)\s+(?:official\s+residence|residence|presidential\s+office|office)\b"
        ),
    }


@lru_cache(maxsize=2)
def _folded_patterns(ascii: bool = False) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Trigger and blocker patterns without IGNORECASE, to run on a `_folded` text; None unless all cues are lowercase ASCII.

    With `ascii`, compiled with re.ASCII like `_ascii_twin`, for a text `_inert` says they read alike.
    """
    lex = lexicons()
    cues = [c for group in lex["meeting_triggers"].values() for c in group] + list(lex["trigger_blockers"])
    if not all(c.isascii() and c == c.lower() for c in cues):
        return None
    pats = _patterns()
    flags = re.ASCII if ascii else 0
    return re.compile(pats["trigger"].pattern, flags), re.compile(pats["blocker"].pattern, flags)


@lru_cache(maxsize=1)
def _trigger_needles() -> tuple[str, ...] | None:
    """Strings one of which starts every match of the `_folded_patterns` trigger pattern; None if unknown."""
    if _folded_patterns() is None:
        return None
    return literal_needles([c for group in lexicons()["meeting_triggers"].values() for c in group])


@lru_cache(maxsize=1)
def _word_start_pattern() -> re.Pattern[str] | None:
    """A trigger literal or an attendance cue after a character that is not an ASCII word character; None if the former are unknown.

    One scan of the folded text, where `str.find` of each literal reads it once per literal. A
    non-word character in any reading of \\w is one here too, so no word start is missed.
    """
    needles = _trigger_needles()
    if needles is None:
        return None
    return re.compile(r"[^0-9A-Z_a-z]" + literal_alternation([*needles, *_ATTENDANCE_CUES]))


def _word_starts(folded: str, pattern: re.Pattern[str]) -> list[int]:
    """Offsets of `folded` where a word may start with a trigger literal or an attendance cue: 0 and those `pattern` finds.

    Every trigger and attendance pattern begins with \\b before a letter, so only these offsets
    (among those where the literals occur) can start one of their matches. The search resumes
    right after each one found, so a literal inside another ("talks" in "held talks") is found too.
    """
    starts = [0]
    m = pattern.search(folded)
    while m is not None:
        at = m.start() + 1
        starts.append(at)
        m = pattern.search(folded, at)
    return starts


def _after_non_word(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` right after a character that is no ASCII word character: `re` skips ahead to such characters."""
    return re.compile(rf"[^0-9A-Z_a-z](?:{pattern.pattern})", pattern.flags)


def _word_matches(
    pattern: re.Pattern[str], scan: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text, start, end)` for a case-sensitive pattern whose every match begins with \\b before a word character; `scan` is its `_after_non_word`.

    Such a match starts at `start` or after a non-word character, which no ASCII word character
    is; so after trying `start`, `scan` stops only at those (a few in a sentence) where finditer
    would try the pattern at every offset.
    """
    m = pattern.match(text, start, end)
    pos = start  # where the character before the next match may be
    while True:
        if m is None:
            hit = scan.search(text, pos, end)
            if hit is None:
                return
            m = pattern.match(text, hit.start() + 1, end)
            if m is None:  # cannot happen: the scan matched the pattern there
                return
        yield m
        pos, m = m.end() - 1, None


def _any_between(offsets: list[int] | None, start: int, end: int) -> bool:
    """Whether some of the sorted `offsets` lies in [start, end); True when they are unknown (None)."""
    if offsets is None:
        return True
    i = bisect_left(offsets, start)
    return i < len(offsets) and offsets[i] < end


_ASCII_FOLD = re.compile(r"[\x00-\x7f]", re.IGNORECASE)
# Characters re.ASCII and Unicode patterns may read differently: the non-ASCII ones, and the
# separators \x1c-\x1f, which only Unicode \s counts as spaces.
_SEPARATORS = "\x1c\x1d\x1e\x1f"
_SPECIAL = re.compile(r"[^\x00-\x1b\x20-\x7f]")


def _special_chars(text: str) -> set[str]:
    """The distinct characters of `text` that `_SPECIAL` finds (in an ASCII text only a separator can be one)."""
    if text.isascii():
        return {c for c in _SEPARATORS if c in text}
    return set(_SPECIAL.findall(text))


def _folded(text: str, special: set[str]) -> str | None:
    """`text.lower()` if case-sensitive lowercase-ASCII patterns match it exactly as IGNORECASE ones match `text`.

    They do when every character keeps its offset and its word-ness and no non-ASCII character
    (`special` holds them) folds onto an ASCII one (Kelvin sign, long s, dotless i); otherwise None.
    """
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text):
        return None
    for ch in special:
        if ch.isascii():
            continue
        low = ch.lower()
        if low.isascii() or _ASCII_FOLD.match(ch) or low.isalnum() != ch.isalnum():
            return None
    return lowered


def _inert(special: set[str]) -> bool:
    """Whether `_ascii_twin`s of patterns match a text whose `_special_chars` are `special`, or its `_folded` view, as the patterns do.

    They do when none of those characters, nor its lowercase, is a word character or a space:
    then \\b, \\w, \\d and \\s class every character alike, and no case folding reaches an
    ASCII letter.
    """
    return not any(c.isalnum() or c.isspace() for ch in special for c in ch + ch.lower())


@lru_cache(maxsize=None)
def _ascii_twin(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` with re.ASCII: its \\b, \\w and \\s read a small table instead of the Unicode database, so it scans faster."""
    return re.compile(pattern.pattern, (pattern.flags & ~re.UNICODE) | re.ASCII)


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    """A place named after "in", "at", "visited", "travelled to"...; the longest known name wins.

    The names form a prefix trie (`literal_alternation`), which picks the same name as their
    alternation sorted longest first but costs one character test per step instead of one per name.
    """
    from extractor.knowledge import countries

    names = set(places())
    for entry in countries().values():
        names.update(n for n in entry.names if len(n) > 3 and "." not in n)
    alternation = literal_alternation(names)
    return re.compile(
        rf"\b(?:in|at|visit|visits|visited|visiting|(?:travel(?:s|led|ed|ling|ing)?|trip|flew|fly|flies|headed|heads)\s+(?:on\s+)?to)\s+(?:the\s+)?"
        rf"(?:(?:[A-Z][\w’'-]+\s+)?(?:capital|port city|city|resort town|town)(?:\s+of)?,?\s+)?"
        rf"(?P<place>{alternation})\b(?!\s+time)(?![’']s)"
    )


_FUTURE_AFTER = re.compile(
    r"\b(?:next\s+(?:week|month|year)|later\s+this\s+(?:week|month|year)|in\s+the\s+coming\s+(?:days|weeks|months)"
    r"|(?:will|would|is\s+to|are\s+to)\s+be\s+held|will\s+take\s+place)\b",
    re.IGNORECASE,
)
_STRONG_ANAPHORA = re.compile(  # for .match: every branch starts at the sentence start
    r"\W*(?:This|It|That)\s+(?:was|is|will be|would be|marked|marks|came|comes)\b|\W*(?:In|During|At|After|On the sidelines of)\s+(?:the|this|that)\s+(?:[\w-]+\s+){0,2}(?:meeting|talks|call|conversation|summit|session|gathering|dinner)\b",
    re.IGNORECASE,
)
_WEAK_ANAPHORA = re.compile(
    r"\b(?:their|the|this|that|such\s+a)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE
)
_DATELINE_DATE = re.compile(
    r"[A-Z][A-Za-z./ ]*,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?"
)
_PLURAL_TRIGGERS = re.compile(
    r"(?:meetings|summits|calls|dinners|visits|gatherings|conferences|sessions)$",
    re.IGNORECASE,
)
_DATE_BLOCK = re.compile(
    r"\b(?:launch|launched|launches|test|tested|fired|attack|strike|since|statement|announced)\s*$",
    re.IGNORECASE,
)
_FAR = 160  # a date or place this far after its trigger counts only when none is nearer and no clause break intervenes
_CLAUSE_BREAK = re.compile(r"(?<!\b[A-Z])\.\s|;\s|\bsince\b|\b(?:and|but|while|after|before|when)\s+(?:he|she|they|it|the)\b")
_ON_DAY = re.compile(r"(?:late\s+|early\s+)?on\s", re.IGNORECASE)
_PAST_ONLY = re.compile(r"(?:yesterday|last\s+\w+|(?:earlier|late|early)\s+yesterday)", re.IGNORECASE)
_FUTURE_ONLY = re.compile(r"(?:tomorrow|next\s+\w+|(?:early|late)\s+tomorrow)", re.IGNORECASE)
_LEAD_ADJUNCT = re.compile(
    r"\W*(?:Ahead of|Before|After|Following|Prior to)\s+(?:the|their|a|this|that)\s+[^,.;“”\"]{0,60}?,\s*"
)  # "Ahead of the trilateral talks, A met B": the adjunct names another meeting than the main clause
_BILATERAL = re.compile(r"\bbilateral\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_TRIGGER_GAP = re.compile(r"\s+(?:a|an|the|\w+)?\s*")
_DETERMINED = re.compile(r"\b(?:the|their|these|two-day|a)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_INFINITIVE = re.compile(r"\bto\s+(?:hold\s+|have\s+|host\s+)?(?:a\s+|an\s+)?$", re.IGNORECASE)
_PAST_CUE = re.compile(r"\b(?:last|previous|earlier)\b", re.IGNORECASE)
# "agreed to launch a partnership, and to meet in London": a later infinitive of the same agreement
_AGREED_ALSO = re.compile(
    r"\b(?:agreed|decided|arranged)\s+to\b[^.;]*?,?\s+and\s+to\s+(?:hold\s+(?:a\s+|an\s+)?)?$", re.IGNORECASE
)
# a trigger that is the verb of the sentence's subject ("They agreed to meet", "They will hold talks")
_VERB_TRIGGER = re.compile(r"(?:meet|met|meets|convene|reconvene)$|\bhold\s+(?:a\s+|an\s+)?$", re.IGNORECASE)
_CALLED_ON = re.compile(r"\bcalled\s+(?:on|for)\b")
_SINCE_THEIR = re.compile(r"\b(?:since\s+(?:their|the)|during\s+their)\s+(?:[\w-]+\s+)?$")
_AHEAD_OF = re.compile(
    r"\b(?:preceding|ahead of|before)\s+(?:a|an|the|their)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
_RESPECTIVELY = re.compile(r"\brespectively\b")
_RELATIVE_PERIOD = re.compile(r"(?:this|earlier this|later this)\s+(?:week|month|year)", re.IGNORECASE)
_LAUNCH_BEFORE = re.compile(r"\b(?:launch|test|missile)\b[^,]{0,40}$")
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?$")
# Between a subject list and its trigger: two words ("held talks"), or a light verb and the
# trigger's modifiers ("held a fresh round of diplomatic talks").
_SUBJECT_GAP = re.compile(
    r"\s+(?:\w+\s+){0,2}|\s+(?:(?:also|will|would|have|has|had|on\s+\w+day)\s+)?"
    r"(?:held|hold|holds|holding|had|opened|began|resumed|concluded|wrapped\s+up|launched)\s+"
    r"(?:(?:a|an|the|their|its|another|new|fresh|first|second|third|next|latest|round|rounds|of|two-day|high-level|"
    r"diplomatic|bilateral|trilateral|formal|informal|closed-door|\w+-level|\w+-hour|\w+-minute)\s+){1,6}"
)
_OBJECT_GAP = re.compile(r"\s+(?:with|between|among)\s+(?:the\s+)?")
# a sentence whose subject is "he" or "she", after an optional opening adjunct ("On Saturday, she is set to ...")
_PRONOUN_SUBJECT = re.compile(r"\s*(?:[A-Z][^,.;\"“]{0,40},\s*)?(?:[Hh]e|[Ss]he)\s+(?!said\b|says\b|told\b|added\b)")
_OF_BODY = re.compile(r"\s+of\s+the\s+")  # "the next session of the U.S.-Nigeria Binational Commission"
_SAME_PEOPLE = re.compile(r"\b(?:their|these|those|the same)\b", re.IGNORECASE)
_THESE_OFFICIALS = re.compile(
    r"\b(?:These|Those|The)\s+(?:[\w-]+\s+){0,3}(?:officials|leaders|ministers|diplomats|advisers|envoys|officers)\b"
)
_THEY = re.compile(r"\s*They\b")  # a sentence about the people just described ("They agreed to meet again")
_TRILATERAL = re.compile(r"\btrilateral\b", re.IGNORECASE)
_THEIR_BEFORE = re.compile(r"\b(?:their|these|those)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_THREE_WAY = re.compile(r"\btrilateral\b|\bthree-way\b", re.IGNORECASE)
_OF_GROUP = re.compile(
    r"\s+(?:of|between|among)\s+(?:their|its)\s+(?P<g>(?:[\w-]+\s+){0,4}?(?:ministers|leaders|officials|envoys|diplomats|chiefs|advisers|negotiators))\b"
)
_SAID_AFTER = re.compile(r"\s+(?:said|says|told\s+\w+|announced|added)\b")
_PRONOUN_NEXT = re.compile(r"\s+(?:that\s+)?(?:he|she|they|we|I)\b")
_SEQUENCE = re.compile(r"\b(?:before|after|preceding|then|followed\s+by)\b", re.IGNORECASE)
_LEADERS_CLAUSE = re.compile(r",\s+(?:where|when|at which|during which)\s+(?:the|their)\s+leaders\b")
_THE_LEADERS = re.compile(r"\b(?:the|their)\s+leaders\b")
_HEAD_TITLE = re.compile(r"president|prime minister|premier|leader|chancellor|king", re.IGNORECASE)
_LEAD_GROUP = re.compile(r"\b(?:the|The)\s+(leaders|ministers|officials|diplomats|envoys)\b")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    """The case-blind patterns the rules run on short stretches around a trigger, by name."""
    pats = _patterns()
    names = ("negation", "negation_after", "aggregate", "aggregate_after", "scheduled", "new", "past", "anaphora", "phone", "video")
    return {
        **{name: pats[name] for name in names},
        "plural": _PLURAL_TRIGGERS,
        "determined": _DETERMINED,
        "infinitive": _INFINITIVE,
        "future_after": _FUTURE_AFTER,
        "past_cue": _PAST_CUE,
        "ahead_of": _AHEAD_OF,
        "same_people": _SAME_PEOPLE,
        "trilateral": _TRILATERAL,
        "their_before": _THEIR_BEFORE,
        "three_way": _THREE_WAY,
        "weak_anaphora": _WEAK_ANAPHORA,
        "bilateral": _BILATERAL,
        "date_block": _DATE_BLOCK,
    }


@lru_cache(maxsize=2)
def _folded_cues(ascii: bool = False) -> dict[str, re.Pattern[str]] | None:
    """`_cues()` without IGNORECASE, to run on a `_folded` text (same matches, faster); None unless every source is lowercase ASCII.

    A lowercase ASCII source matches a `_folded` text case-sensitively exactly where it matches
    the original case-blind, for the reasons `_folded` gives. With `ascii`, compiled with re.ASCII
    like `_ascii_twin`, for a text `_inert` says they read alike.
    """
    cues = _cues()
    if not all(p.pattern.isascii() and p.pattern == p.pattern.lower() for p in cues.values()):
        return None
    flags = re.ASCII if ascii else 0
    return {name: re.compile(p.pattern, flags) for name, p in cues.items()}


@lru_cache(maxsize=2)
def _text_patterns(ascii: bool) -> dict[str, re.Pattern[str]]:
    """Patterns the rules run on the article text itself (not its folded view), by name; with `ascii`, their `_ascii_twin`s."""
    pats = _patterns()
    named = {
        "place": _place_pattern(),
        "residence": pats["residence"],
        "attendance": pats["attendance"],
        "lead_adjunct": _LEAD_ADJUNCT,
        "since_their": _SINCE_THEIR,
        "respectively": _RESPECTIVELY,
        "dateline_date": _DATELINE_DATE,
        "of_group": _OF_GROUP,
        "the_leaders": _THE_LEADERS,
        "lead_group": _LEAD_GROUP,
        "strong_anaphora": _STRONG_ANAPHORA,
    }
    return {name: _ascii_twin(p) for name, p in named.items()} if ascii else named


@lru_cache(maxsize=2)
def _word_scans(ascii: bool) -> dict[str, re.Pattern[str]]:
    """`_after_non_word` of the place pattern in `_text_patterns(ascii)` and of the `_folded_patterns(ascii)` blocker, by name."""
    scans = {"place": _after_non_word(_text_patterns(ascii)["place"])}
    folded = _folded_patterns(ascii)
    if folded is not None:
        scans["blocker"] = _after_non_word(folded[1])
    return scans


def _skip(
    view: str, cues: dict[str, re.Pattern[str]], start: int, end: int, clause_start: int
) -> bool:
    """Whether the trigger at [start, end) is negated, aggregate, or an unfulfilled infinitive.

    `view` and `cues` are the article text and `_cues()`, or its `_folded` text and `_folded_cues()`.
    """
    before = view[max(clause_start, start - 60) : start]
    word = view[start:end]
    after = view[end : end + 100]
    if cues["negation"].search(before) or cues["negation_after"].search(after):
        return True
    if cues["aggregate_after"].search(after):  # "have spoken by phone five times since January"
        return True
    plural = cues["plural"].search(word)
    if plural or word.lower() in (
        "talks",
        "discussions",
        "consultations",
    ):
        if cues["aggregate"].search(before[-40:]):
            return True
        if plural and not cues["determined"].search(before[-30:]):
            return True
    infinitive = cues["infinitive"].search(before[-20:])
    if infinitive and _VERB_TRIGGER.search(before + word) and _AGREED_ALSO.search(view, max(clause_start, start - 200), start):
        return False
    return bool(infinitive and not cues["scheduled"].search(before + word))  # "agreed to meet" is planned


def _dates_differ(a: MeetingDraft, b: MeetingDraft) -> bool:
    """Whether two mentions both give a date phrase, and not the same words."""
    return bool(a.date_text and b.date_text and a.date_text.lower() != b.date_text.lower())


def _places_differ(a: MeetingDraft, b: MeetingDraft) -> bool:
    """Whether two mentions both name a place, and not the same one."""
    return bool(a.location_name and b.location_name and a.location_name != b.location_name)


def _differ(a: MeetingDraft, b: MeetingDraft) -> bool:
    """Whether two mentions give different days or different places."""
    return _dates_differ(a, b) or _places_differ(a, b)


def _counterparts(draft: MeetingDraft) -> set[str]:
    """Names of the people a mention names after its first trigger (its objects: "met with X")."""
    t1 = draft.triggers[0][1]
    return {p.name for p in draft.parties if p.name and p.name_span and p.name_span[0] >= t1}


def _party_from_person(m: Mention) -> Party:
    return Party(
        m.name,
        m.title,
        m.country,
        m.name_span,
        m.title_span,
        m.country_span,
        confidence=0.85,
        international=m.international,
    )


class MeetingFinder:
    """Finds the meetings of one Document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        special = _special_chars(doc.text)
        self.folded = _folded(doc.text, special)
        ascii = _inert(special)  # patterns may run as their faster re.ASCII twins
        self.rx = _text_patterns(ascii)
        folded_cues = _folded_cues(ascii)
        if self.folded is not None and folded_cues is not None:
            self.view, self.cues = self.folded, folded_cues
        else:
            self.view, self.cues = doc.text, _cues()
        fast = _folded_patterns(ascii) if self.folded is not None else None
        needles = _trigger_needles()
        words = _word_start_pattern()
        self._trigger_at: list[int] | None = None  # offsets where a trigger can start, when known
        # where an attendance cue ("in attendance were") can start a word of the folded text, when known
        self._attendance_at: list[int] | None = None
        word_starts = _word_starts(self.folded, words) if self.folded is not None and words is not None else None
        if word_starts is not None:
            self._attendance_at = [at for at in word_starts if self.folded.startswith(_ATTENDANCE_CUES, at)]
        scans = _word_scans(ascii)
        self._place_scan = scans["place"]
        self._blocker_scan: re.Pattern[str] | None = None  # the blocker's `_after_non_word`, when case-sensitive
        if self.folded is not None and fast is not None:
            # trigger and blocker patterns run case-sensitively on the folded text (same matches, faster)
            self._subject, (self._trigger, self._blocker) = self.folded, fast
            self._blocker_scan = scans["blocker"]
            if needles is not None and word_starts is not None:
                self._trigger_at = [at for at in word_starts if self.folded.startswith(needles, at)]
        else:
            pats = _patterns()
            self._subject, self._trigger, self._blocker = doc.text, pats["trigger"], pats["blocker"]
        starts = [ls for ls, _, _ in doc.lists]
        self._list_starts = starts if all(a <= b for a, b in zip(starts, starts[1:])) else None
        self.meetings: list[MeetingDraft] = []
        self.last_groups: list[
            list[str]
        ] = []  # country lists named as groups, in order
        self.group_pos: list[tuple[int, list[str]]] = []

    def run(self) -> list[MeetingDraft]:
        """All meetings with at least two parties, in order of first mention."""
        doc = self.doc
        for sent in doc.sentences:
            if sent.duplicate:
                continue
            for g in doc.mentions("groups", sent.start, sent.end):
                if len(g.countries) >= 2:
                    self.last_groups.append(g.countries)
                    self.group_pos.append((g.start, g.countries))
            triggers = self._find_triggers(sent.start, sent.end)
            if not triggers:
                self._attendance(sent)
                continue
            pending: list[tuple[MeetingDraft, bool]] = []
            adjunct = self.rx["lead_adjunct"].match(doc.text, sent.start, sent.end)
            main = 0  # index of the main clause's first trigger
            if adjunct and len(triggers) > 1 and triggers[0][1] <= adjunct.end() < triggers[1][0]:
                main = 1
            for i, (t0, t1, kind) in enumerate(triggers):
                clause_start = doc.text.rfind(";", sent.start, t0) + 1 or sent.start
                if _skip(self.view, self.cues, t0, t1, clause_start):
                    continue
                seg_end = triggers[i + 1][0] if i + 1 < len(triggers) else sent.end
                s_start = sent.start
                if main and adjunct is not None:
                    if i == 0:
                        seg_end = adjunct.end()
                    else:
                        s_start = adjunct.end()
                pending += self._mention(
                    sent.index,
                    s_start,
                    triggers[main][0],
                    t0,
                    t1,
                    kind,
                    seg_end,
                    first=i == main or i == 0,
                )
            # "In a separate meeting, Cole met X": two triggers of one sentence that each name one side are one meeting
            combined: list[tuple[MeetingDraft, bool]] = []
            for draft, force in pending:
                if (
                    combined
                    and not force
                    and not combined[-1][1]
                    and len(combined[-1][0].countries) < 2
                    and len(draft.countries) < 2
                    and draft.status == combined[-1][0].status
                    and draft.passing == combined[-1][0].passing  # "held talks ... on last month's summit": two
                ):
                    prev = combined[-1][0]
                    draft.triggers = prev.triggers + draft.triggers
                    draft.parties = prev.parties + [
                        p for p in draft.parties if p.name not in prev.names
                    ]
                    draft.group_countries = sorted(
                        set(prev.group_countries) | set(draft.group_countries)
                    )
                    for attr in (
                        "date_text",
                        "date_span",
                        "location_name",
                        "location_country",
                        "location_span",
                    ):
                        if getattr(draft, attr) is None:
                            setattr(draft, attr, getattr(prev, attr))
                    draft.passing, draft.block = (
                        prev.passing and draft.passing,
                        prev.block or draft.block,
                    )
                    combined[-1] = (draft, force)
                else:
                    combined.append((draft, force))
            for draft, force in self._coordinated(combined):
                if main and draft.triggers[0][0] < triggers[main][0] and self._refers_back(draft):
                    continue
                self._add(draft, force_new=force)
            self._fill_countries()
        self._fill_countries()
        kept = [
            m
            for m in self.meetings
            if len(m.countries) >= 2
            or (m.countries and any(p.international for p in m.parties))
        ]
        return kept

    # -- triggers --------------------------------------------------------------------------------

    def _find_triggers(self, s_start: int, s_end: int) -> list[tuple[int, int, str]]:
        """Trigger matches of the sentence [s_start, s_end), outside quotes and blockers; adjacent ones joined.

        With `_trigger_at` (the offsets of the folded text where a trigger can start) a sentence
        holding none of them is done at once, and the pattern is tried only at those offsets.
        """
        doc, text, subject, starts = self.doc, self.doc.text, self._subject, self._trigger_at
        if not _any_between(starts, s_start, s_end):
            return []
        matches: Iterator[re.Match[str]] = (
            self._trigger.finditer(subject, s_start, s_end)
            if starts is None
            else matches_at(self._trigger, subject, starts, s_start, s_end)
        )
        found: list[tuple[int, int, str]] = []
        # Blocker matches in order, read only as far as the triggers reach: they do not overlap, so
        # only the last one starting at or before a trigger can cover it.
        blockers: Iterator[re.Match[str]] | None = None
        ahead: re.Match[str] | None = None
        last_end = -1
        for m in matches:
            start, end = m.span()
            if doc.in_quote(start):
                continue
            if blockers is None:
                sub = subject[s_start:s_end]
                blockers = (
                    self._blocker.finditer(sub)
                    if self._blocker_scan is None
                    else _word_matches(self._blocker, self._blocker_scan, sub, 0, len(sub))
                )
                ahead = next(blockers, None)
            while ahead is not None and ahead.start() + s_start <= start:
                last_end = ahead.end() + s_start
                ahead = next(blockers, None)
            if start < last_end:
                continue
            kind = m.lastgroup or "generic"
            if (
                found
                and start - found[-1][1] < 14
                and _TRIGGER_GAP.fullmatch(text, found[-1][1], start)
            ):
                prev = found[-1]
                better = kind if kind != "generic" else prev[2]
                found[-1] = (prev[0], end, better)
                continue
            found.append((start, end, kind))
        return found

    # -- one trigger -----------------------------------------------------------------------------

    def _mention(
        self,
        sidx: int,
        s_start: int,
        subj_end: int,
        t0: int,
        t1: int,
        kind: str,
        seg_end: int,
        first: bool,
    ) -> list[tuple[MeetingDraft, bool]]:
        """The meeting mention(s) of one trigger, each with whether it must be a new meeting."""
        text, view, cues = self.doc.text, self.view, self.cues
        region = (s_start if first else t0, seg_end)
        draft = MeetingDraft(triggers=[(t0, t1, kind)], sentences=[sidx], kind=kind)
        before = view[max(s_start, t0 - 60) : t0]
        # status
        sched = cues["scheduled"].search(view, t0 - len(before), t1)  # "agreed to meet" holds the trigger
        base = 0
        if sched is None:
            sched = _AGREED_ALSO.search(view, max(s_start, t0 - 200), t0)
        if sched is None:
            sched = cues["future_after"].search(view[t1 : min(seg_end, t1 + 60)].split(",")[0])
            base = t1
        if sched and not cues["past_cue"].search(before[-25:]):
            draft.status = "scheduled"
            draft.status_cue = (base + sched.start(), base + sched.end())
        # format
        lo, hi = max(s_start, t0 - 25), min(seg_end, t1 + 25)
        window = view[lo:hi]
        if kind == "call":
            draft.format, draft.format_cue = "phone", (t0, t1)
        elif kind == "video":
            draft.format, draft.format_cue = "video", (t0, t1)
        elif cues["video"].search(window):
            draft.format = "video"
        elif kind != "visit" and cues["phone"].search(window) and not _CALLED_ON.search(text[lo:hi]):  # a courtesy call is a visit
            draft.format = "phone"
        # passing mention of a past meeting
        if cues["past"].search(before[-25:]) or self.rx["since_their"].search(
            text[max(s_start, t0 - 30) : t0]
        ):
            draft.passing, draft.block = True, False
        if cues["ahead_of"].search(before[-35:]):
            draft.block = False
        self._date(draft, region, t0, t1)
        self._location(draft, region, t0, t1, s_start)
        self._parties(draft, region, s_start, subj_end, t0, t1, seg_end, first)
        if draft.passing and draft.status == "held":
            draft.block = False
        # "respectively with A and B": one meeting per counterpart
        after_people = [p for p in draft.parties if p.name_span and p.name_span[0] > t1]
        if len(after_people) >= 2 and self.rx["respectively"].search(text[t1:seg_end]):
            subject = [p for p in draft.parties if p not in after_people]
            return [
                (
                    MeetingDraft(
                        **{
                            **draft.__dict__,
                            "parties": subject + [p],
                            "group_countries": [],
                            "triggers": list(draft.triggers),
                            "sentences": list(draft.sentences),
                        }
                    ),
                    True,
                )
                for p in after_people
            ]
        return [(draft, False)]

    def _date(
        self, draft: MeetingDraft, region: tuple[int, int], t0: int, t1: int
    ) -> None:
        doc, text = self.doc, self.doc.text
        best = None
        far = None
        for ph in find_date_phrases(text[region[0] : region[1]]):
            start, end = ph.start + region[0], ph.end + region[0]
            dist = t0 - end if end <= t0 else start - t1
            if start > t1 and 90 < dist <= _FAR and far is None and _ON_DAY.match(ph.text):
                far = ph
            if dist > (90 if start > t1 else 60) or (best is not None and dist >= best[0]):
                continue
            if doc.in_quote(start) or self.cues["date_block"].search(self.view[max(0, start - 25) : start]):
                continue
            if _RELATIVE_PERIOD.fullmatch(ph.text):
                continue
            if (_PAST_ONLY if draft.status == "scheduled" else _FUTURE_ONLY).fullmatch(ph.text):
                continue  # "agreed yesterday to hold a summit next month": the date of another event
            dateline = self.rx["dateline_date"].match(text, doc.sentence_at(start).start)
            if dateline and dateline.end() >= end:
                continue  # the dateline's date is the filing date, not the meeting's
            if start < t0 and _LAUNCH_BEFORE.search(text[max(region[0], start - 45) : start]):
                continue
            best = (dist, start, end, ph.text)
        if best is None and far is not None and not _CLAUSE_BREAK.search(
            text, t1, far.start + region[0]
        ):
            start, end = far.start + region[0], far.end + region[0]
            if not doc.in_quote(start) and not self.cues["date_block"].search(self.view[max(0, start - 25) : start]):
                best = (0, start, end, far.text)
        if best is not None:
            _, start, end, phrase = best
            draft.date_text, draft.date_span = phrase, (start, end)

    def _location(
        self,
        draft: MeetingDraft,
        region: tuple[int, int],
        t0: int,
        t1: int,
        s_start: int,
    ) -> None:
        doc, text = self.doc, self.doc.text
        best = None
        for m in _word_matches(self.rx["place"], self._place_scan, text, region[0], region[1]):
            start, end = m.start("place"), m.end("place")
            if doc.in_quote(start):
                continue
            dist = t0 - end if end <= t0 else start - t1
            if dist > 90 and not (
                start > t1 and dist <= _FAR and best is None and not _CLAUSE_BREAK.search(text, t1, start)
            ):
                continue
            if best is None or dist < best[0]:
                best = (dist, start, end, m.group("place"))
        if best is not None:
            _, start, end, name = best
            draft.location_name = name
            draft.location_country = places().get(name) or country_code(name)
            draft.location_span = (start, end)
            return
        res = self.rx["residence"].search(
            text, max(region[0], t0 - 80), min(region[1], t1 + 80)
        )
        if res:
            draft.location_span = (res.start(), res.end())
            draft.location_name = None
            draft.location_country = "__host__"

    def _parties(
        self,
        draft: MeetingDraft,
        region: tuple[int, int],
        s_start: int,
        subj_end: int,
        t0: int,
        t1: int,
        seg_end: int,
        first: bool,
    ) -> None:
        doc, text, cues = self.doc, self.doc.text, self.cues
        spans = (
            [(s_start, subj_end), (t0, seg_end)] if not first else [(s_start, seg_end)]
        )
        persons: list[Mention] = []
        for a, b in spans:
            persons += [
                p for p in doc.mentions("persons", a, b) if not doc.in_quote(p.start)
            ]
        seen: set[str] = set()
        for p in persons:
            if self._reporter(p, persons, t0):
                continue
            if p.name and p.name not in seen:
                seen.add(p.name)
                draft.parties.append(_party_from_person(p))
        if first:
            subject = self._pronoun_subject(s_start, t0)
            if subject is not None and subject.name not in seen:
                seen.add(subject.name or "")
                draft.parties.insert(0, _party_from_person(subject))
        for a, b in spans:  # "The Prime Minister held a video call with ...": the home state's leader
            for r in doc.mentions("roles", a, b):
                if r.head == LEADER_HEAD and not doc.in_quote(r.start) and r.country not in draft.countries:
                    draft.parties.append(Party(None, r.title, r.country, None, r.title_span, None, 0.5))
        for a, b in spans:
            for g in doc.mentions("groups", a, b):
                if doc.in_quote(g.start):
                    continue
                if g.countries:
                    if not draft.group_countries:
                        draft.group_countries = list(g.countries)
                        draft.countries_span = (g.start, g.end)
                        draft.group_title = g.title
                elif g.count and not draft.group_countries:
                    ante = self._antecedent(g.count)
                    group = next(
                        (
                            c
                            for pos, c in reversed(self.group_pos)
                            if len(c) == g.count and pos < g.start
                        ),
                        None,
                    )
                    if group is not None and (
                        ante is None or self.group_pos_of(group) > ante.triggers[0][0]
                    ):
                        draft.group_countries = list(group)
                        draft.group_title = g.title
                    elif ante is not None:
                        for known in ante.parties:
                            if known.name not in seen:
                                draft.parties.append(Party(**known.__dict__))
                                seen.add(known.name or "")
                        draft.group_countries = list(ante.group_countries)
                        draft.group_title = g.title
                    else:
                        for person in self._last_people(g.count, g.start):
                            if person.name not in seen:
                                draft.parties.append(_party_from_person(person))
                                seen.add(person.name or "")
            for o in doc.mentions("orgs", a, b):
                if o.international and _WITH_BEFORE.search(text[max(a, o.start - 12) : o.start]):
                    draft.parties.append(
                        Party(
                            None,
                            o.title,
                            None,
                            None,
                            (o.start, o.end),
                            None,
                            0.6,
                            international=True,
                        )
                    )
        # a country list as subject ("Japan, the US and South Korea held talks") or object ("talks with China")
        for ls, le, codes in self._lists_near(s_start, t0, t1):
            if (
                len(codes) >= 2
                and ls >= s_start
                and le <= t0
                and _SUBJECT_GAP.fullmatch(text, le, t0)
            ):
                draft.group_countries = sorted(set(draft.group_countries) | set(codes))
                draft.countries_span = (ls, le)
            if t1 <= ls and (
                _OBJECT_GAP.fullmatch(text, t1, ls)
                or (len(codes) >= 2 and _OF_BODY.fullmatch(text, t1, ls) and "-" in text[ls:le])
            ):
                draft.group_countries = sorted(set(draft.group_countries) | set(codes))
                draft.countries_span = (ls, le)
        # "their last meeting", "these officials ... reconvene": the same people as the meeting just described
        if len(draft.countries) < 2:
            pre = self.view[max(s_start, t0 - 80) : t0]
            if (
                cues["same_people"].search(pre)
                or _THESE_OFFICIALS.search(text[s_start:t0])
                or (_THEY.match(text, s_start, t0) and _VERB_TRIGGER.search(text, max(s_start, t1 - 30), t1))
            ):
                ante = self._antecedent(None, trilateral=bool(cues["trilateral"].search(pre)))
                if ante is not None and (not draft.parties or cues["their_before"].search(pre)):
                    draft.parties = [Party(**p.__dict__) for p in ante.parties]
                    draft.group_countries = list(ante.group_countries)
                    draft.inherited = True
        if cues["three_way"].search(self.view[max(s_start, t0 - 30) : t1]) and len(draft.countries) < 3:
            for codes in reversed(
                self.last_groups + [m.countries for m in self.meetings]
            ):
                if len(codes) == 3 and set(draft.countries) <= set(codes):
                    draft.group_countries = sorted(
                        set(draft.group_countries) | set(codes)
                    )
                    break
            if len(draft.countries) < 3:
                for ls, le, codes in reversed([l for l in doc.lists if l[1] <= t0]):
                    if len(codes) == 3:
                        draft.group_countries = sorted(set(codes))
                        break
        of_group = self.rx["of_group"].match(text, t1, seg_end)
        if (
            of_group
            and draft.countries
            and not any(
                p.name_span and t1 <= p.name_span[0] < seg_end for p in draft.parties
            )
        ):
            draft.group_countries = draft.countries
            draft.parties = []
            draft.group_title = of_group.group("g")
            draft.inherited = False
        # "summit between their leaders", "summit, where the leaders committed": the leaders met; not those of
        # a later clause about something else ("met, when they confirmed plans for visits by their leaders")
        clause_end = text.find(",", t1, seg_end)
        if clause_end < 0:
            clause_end = seg_end
        if draft.parties and (
            self.rx["the_leaders"].search(text, t1, clause_end)
            or _LEADERS_CLAUSE.match(text, clause_end, seg_end)
        ):
            heads = [p for p in draft.parties if p.title and _HEAD_TITLE.search(p.title)]
            if len(heads) < len(draft.countries):
                draft.group_countries = draft.countries
                draft.parties = []
                draft.group_title = "leader"
        if draft.location_country == "__host__":
            host = next(
                (
                    p.country
                    for p in draft.parties
                    if p.country and p.name_span and p.name_span[0] < t0
                ),
                None,
            )
            draft.location_country = host
        if not draft.group_title:
            lead = self.rx["lead_group"].search(text[t0:seg_end])
            if lead:
                draft.group_title = lead.group(1)

    def _pronoun_subject(self, s_start: int, t0: int) -> Mention | None:
        """The person a sentence's subject "he"/"she" stands for ("On Saturday, she will attend a meeting with
        ..."): the first named person of the nearest earlier sentence naming anyone, outside quotes."""
        if not _PRONOUN_SUBJECT.match(self.doc.text, s_start, t0):
            return None
        doc = self.doc
        index = doc.sentence_at(s_start).index
        for sent in reversed(doc.sentences[max(0, index - 2) : index]):
            named = [p for p in doc.mentions("persons", sent.start, sent.end) if p.name and not doc.in_quote(p.start)]
            if named:
                return named[0]
        return None

    def _lists_near(self, s_start: int, t0: int, t1: int) -> list[tuple[int, int, list[str]]]:
        """The country lists that may be the subject (before `t0`) or object (right after `t1`) of a trigger, in order.

        A list starting before `s_start` is neither; an object list starts within the greedy
        `_OBJECT_GAP` match at `t1` (any fullmatch of that gap ends inside it), so later lists are skipped.
        """
        lists = self.doc.lists
        starts = self._list_starts
        if starts is None or len(starts) != len(lists):
            return lists
        gap = _OBJECT_GAP.match(self.doc.text, t1) or _OF_BODY.match(self.doc.text, t1)
        last = max(t0, gap.end() if gap else -1)
        return lists[bisect_left(starts, s_start) : bisect_right(starts, last)]

    def _reporter(self, p: Mention, persons: list[Mention], t0: int) -> bool:
        """Whether `p` only reports the meeting: "Peskov said Putin and Trump had agreed to meet" (others are the
        subject of what he said), not "Trump said he would meet Putin"."""
        if p.end >= t0:
            return False
        said = _SAID_AFTER.match(self.doc.text, p.end, t0)
        if said is None or _PRONOUN_NEXT.match(self.doc.text, said.end(), t0):
            return False
        return any(q.name and q.name != p.name and said.end() <= q.start < t0 for q in persons)

    def _coordinated(
        self, drafts: list[tuple[MeetingDraft, bool]]
    ) -> list[tuple[MeetingDraft, bool]]:
        """Consecutive mentions of one sentence: "visited Seoul and met X", "signed a deal at a ceremony hosted
        by X", "hosted X for dinner in Berlin" are one meeting (one names nobody the other does not, and no
        other day or place),
        "met A, before holding talks with B" two (each its own counterparts)."""
        out: list[tuple[MeetingDraft, bool]] = []
        for draft, force in drafts:
            if out and not force and not out[-1][1]:
                prev = out[-1][0]
                if prev.status == draft.status and not prev.passing and not draft.passing:
                    between = self.view[prev.triggers[-1][1] : draft.triggers[0][0]]
                    joined = (
                        not _differ(prev, draft)
                        and not self.cues["new"].search(between)
                        and not _SEQUENCE.search(between)
                    )
                    if joined and prev.names and set(prev.names) <= set(draft.names):
                        self._merge(draft, prev)
                        draft.triggers.sort()
                        out[-1] = (draft, force)
                        continue
                    if joined and set(draft.names) <= set(prev.names) and len(draft.countries) < 2:
                        self._merge(prev, draft)  # "hosted X for dinner in Berlin on Tuesday": the dinner's day and place
                        continue
                    before, after = _counterparts(prev), _counterparts(draft)
                    if before and after and not before & after and len(prev.countries) >= 2 <= len(draft.countries):
                        force = True  # a second meeting, on the day and at the place the sentence gives
                        if draft.date_text is None:
                            draft.date_text, draft.date_span = prev.date_text, prev.date_span
                        if draft.location_name is None and draft.location_country is None:
                            draft.location_name, draft.location_country, draft.location_span = (
                                prev.location_name, prev.location_country, prev.location_span
                            )
            out.append((draft, force))
        return out

    def _last_people(self, count: int, pos: int) -> list[Mention]:
        """ "The two men met": the last `count` people named before `pos` (this or the two sentences before),
        when exactly that many distinct people were named there, each with a state."""
        doc = self.doc
        first = doc.sentences[max(0, doc.sentence_at(pos).index - 2)].start
        found: dict[str, Mention] = {}
        for m in reversed(doc.mentions("persons", first, pos)):
            if m.name and not doc.in_quote(m.start):
                found.setdefault(m.name, m)
        people = list(found.values())
        if len(people) != count or any(p.country is None for p in people):
            return []
        return people[::-1]

    def _refers_back(self, draft: MeetingDraft) -> bool:
        """Merge a nameless adjunct mention ("Ahead of the trilateral talks, ...") into a known meeting of the same
        states and status; whether one was found."""
        if draft.names or len(draft.countries) < 2:
            return False
        for m in reversed(self.meetings):
            if m.status == draft.status and set(m.countries) == set(draft.countries):
                self._merge(m, draft)
                return True
        return False

    def group_pos_of(self, codes: list[str]) -> int:
        """Offset of the latest group naming exactly `codes`."""
        return max((pos for pos, c in self.group_pos if c == codes), default=-1)

    def _antecedent(
        self, count: int | None, trilateral: bool = False
    ) -> MeetingDraft | None:
        for m in reversed(self.meetings):
            n = len(m.countries)
            if count is not None and n != count and len(m.names) != count:
                continue
            if trilateral and n != 3:
                continue
            if n >= 2:
                return m
        return None

    def _attendance(self, sent: Sentence) -> None:
        """ "In attendance were A, B and C": people added to the meeting described just before."""
        if (
            not self.meetings
            or not (  # a cue at the sentence's start is a word start of `sent.text`, whatever precedes it
                _any_between(self._attendance_at, sent.start, sent.end)
                or self.folded is not None and self.folded.startswith(_ATTENDANCE_CUES, sent.start)
            )
            or not self.rx["attendance"].search(sent.text)
        ):
            return
        last = self.meetings[-1]
        between = [
            s
            for s in self.doc.sentences[last.sentences[-1] + 1 : sent.index]
            if not s.duplicate
        ]
        if len(between) > 3:
            return
        names = set(last.names)
        for p in self.doc.mentions("persons", sent.start, sent.end):
            if p.name and p.name not in names:
                party = _party_from_person(p)
                if party.country is None:  # "The Indian delegation was led by X": the delegation's state
                    clause = max(sent.start, self.doc.text.rfind(",", sent.start, p.start) + 1)
                    states = {c.code for c in self.doc.countries_in(clause, p.start)}
                    if len(states) == 1:
                        party.country, party.confidence = states.pop(), 0.6
                        self._propagate(p.name, party.country)
                last.parties.append(party)
                names.add(p.name)
        last.sentences.append(sent.index)

    # -- merging ---------------------------------------------------------------------------------

    def _add(self, draft: MeetingDraft, force_new: bool) -> None:
        text, view, cues = self.doc.text, self.view, self.cues
        t0, t1, _ = draft.triggers[0]
        sent = self.doc.sentence_at(t0)
        context = view[sent.start : t1 + 5]
        target = self.meetings[-1] if self.meetings and not force_new else None
        if target is not None and not draft.passing:
            described = next((m for m in reversed(self.meetings) if m.block), target)
            if (
                self.rx["strong_anaphora"].match(text, sent.start, t1)
                and draft.status == described.status
            ):
                draft.parties = [p for p in draft.parties if p.name in described.names]
                draft.group_countries = []
                draft.date_text = (
                    draft.date_text if described.date_text is None else None
                )
                self._merge(described, draft)
                return
            if cues["weak_anaphora"].search(view[max(sent.start, t0 - 30) : t0]) and (
                draft.inherited or not (draft.parties or draft.group_countries)
            ):
                inherited = draft.parties, draft.group_countries
                if draft.inherited:
                    draft.parties, draft.group_countries = [], []
                if self._compatible(described, draft, context):
                    self._merge(described, draft)
                    return
                draft.parties, draft.group_countries = inherited
        if target is not None and self._compatible(target, draft, context):
            self._merge(target, draft)
            return
        # a later mention of any earlier meeting with the same people, place and date
        if not force_new and not cues["new"].search(
            view[max(sent.start, t0 - 40) : t0]
        ):
            for m in reversed(self.meetings[:-1]):
                if self._compatible(m, draft, context, strict=True):
                    self._merge(m, draft)
                    return
        self.meetings.append(draft)

    def _compatible(
        self, a: MeetingDraft, b: MeetingDraft, context: str, strict: bool = False
    ) -> bool:
        cues = self.cues
        t0 = b.triggers[0][0]
        pre = self.view[max(0, t0 - 40) : t0]
        if cues["new"].search(pre) or b.passing != a.passing:
            return False
        if len(a.countries) >= 3 and cues["bilateral"].search(pre):
            return False
        if a.status != b.status:
            return False
        formats_differ = a.format != b.format and "unknown" not in (a.format, b.format)
        if formats_differ and not (
            b.format == "in_person"
            and b.kind == "generic"
            and cues["anaphora"].search(context)
        ):
            return False
        if _dates_differ(a, b) and resolve_date(
            a.date_text, self.doc.published
        ) != resolve_date(b.date_text, self.doc.published):
            return False
        if _places_differ(a, b):
            return False
        if (
            a.kind != b.kind
            and "generic" not in (a.kind, b.kind)
            and {a.kind, b.kind} != {"call", "video"}
        ):
            return False
        anaphoric = bool(cues["anaphora"].search(context))
        ca, cb = set(a.countries), set(b.countries)
        names_a, names_b = set(a.names), set(b.names)
        if not cb and not names_b:
            return anaphoric or not strict
        if cb and ca and cb != ca:
            # "The foreign ministers of A and B met ... A's X and B's Y held talks hosted by C's Z": the same talks, named
            named_with_host = not names_a and ca < cb and len(cb - ca) == 1
            return (anaphoric and cb <= ca) or named_with_host
        if names_a and names_b and not (names_b <= names_a or names_a <= names_b):
            return anaphoric or cb == ca
        return True

    @staticmethod
    def _merge(a: MeetingDraft, b: MeetingDraft) -> None:
        a.triggers += b.triggers
        a.sentences += [s for s in b.sentences if s not in a.sentences]
        if a.date_text is None and b.date_text:
            a.date_text, a.date_span = b.date_text, b.date_span
        if a.location_name is None and (
            b.location_name or (a.location_country is None and b.location_country)
        ):  # a named place beats a residence's guessed state
            a.location_name, a.location_country, a.location_span = (
                b.location_name,
                b.location_country,
                b.location_span,
            )
        if a.kind == "generic":
            a.kind = b.kind
        names = set(a.names)
        for p in b.parties:
            if p.name and p.name in names:
                continue
            if not p.name and p.country in a.countries:
                continue
            a.parties.append(p)
            if p.name:
                names.add(p.name)
        if b.group_countries:
            a.group_countries = sorted(set(a.group_countries) | set(b.group_countries))
            a.countries_span = a.countries_span or b.countries_span
        a.group_title = a.group_title or b.group_title
        if b.format_cue and not a.format_cue:
            a.format, a.format_cue = b.format, b.format_cue

    def _fill_countries(self) -> None:
        """A named participant without a country takes the meeting's one state nobody else represents, or else
        the host state of a meeting held at home ("held talks with his Japanese counterpart in Seoul"), or else
        the dateline's state for a titled official (domestic wire copy omits it); the person keeps that country
        everywhere in the article."""
        for m in self.meetings:
            missing = [p for p in m.parties if p.name and not p.country]
            if len(missing) != 1:
                continue
            covered = {p.country for p in m.parties if p.country}
            free = [c for c in m.group_countries if c not in covered]
            if len(free) == 1:
                missing[0].country, missing[0].confidence = free[0], 0.5
            elif m.location_country and m.location_country not in covered and covered:
                missing[0].country, missing[0].confidence = m.location_country, 0.4
            elif covered and missing[0].title and self.doc.home not in covered | {None}:
                missing[0].country, missing[0].confidence = self.doc.home, 0.3
            else:
                continue
            self._propagate(missing[0].name or "", missing[0].country or "")

    def _propagate(self, name: str, code: str) -> None:
        for mention in self.doc.persons:
            if mention.name == name and mention.country is None:
                mention.country, mention.country_confidence = code, 0.4
        for m in self.meetings:
            for p in m.parties:
                if p.name == name and p.country is None:
                    p.country, p.confidence = code, 0.4

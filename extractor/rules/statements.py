"""Statements: direct quotes and reported speech, with speaker, act and target.

One statement per reporting clause. A reporting verb ("said", "urged", "condemned",
"expressed concern") takes its subject from the closest speaker before it (a titled
person, a body, a group of states, a pronoun resolved to the last consistent speaker)
or, for "CLAUSE, the office said", from right after the comma. The content runs to the
end of the sentence, an attribution tail (", according to ..."), or a coordinated
reporting verb ("condemned X and demanded Y" gives two statements).
"""

from __future__ import annotations

import re
import string
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple, Union

from extractor.knowledge import capitals, lexicons, meeting_cue_pattern
from extractor.normalize import CountryMention
from extractor.rules.document import Document
from extractor.rules.meetings import MeetingDraft, Party
from extractor.rules.people import Mention
from extractor.rules.scanning import (
    first_char_lookahead,
    keyword_pattern,
    literal_needles,
    literal_trie,
)
from extractor.rules.text import Sentence


@dataclass
class StatementDraft:
    """A statement as found, before it becomes a `Statement` record."""

    speakers: list[Party]
    text_span: tuple[int, int]
    text: str
    direct: bool
    act: str
    verb_span: tuple[int, int]
    sentence: int
    speaker_kind: str  # person | group | org | pronoun | issuer
    target: str | None = None
    target_span: tuple[int, int] | None = None
    meeting: MeetingDraft | None = None
    act_from_content: bool = False
    confidence: float = 0.7
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Lexicon:
    """The compiled reporting lexicon: verbs indexed by first word, content cues, neutral verbs, clause tails."""

    verb: re.Pattern[str]
    by_word: dict[str, list[tuple[re.Pattern[str], str]]]
    first_word_runs: re.Pattern[bytes]  # a space, a verb's first word and a space, in `_ascii_letters` bytes
    content: list[tuple[str, re.Pattern[str], tuple[str, ...] | None]]
    neutral: re.Pattern[str]
    tails: tuple[re.Pattern[str], ...]  # the clause tails, one pattern per two first characters


@lru_cache(maxsize=1)
def _patterns() -> _Lexicon:
    lex = lexicons()
    verbs: list[tuple[str, str]] = []
    for act, items in lex["reporting_verbs"].items():
        verbs += [(frag, act) for frag in items]
    verbs.sort(key=lambda v: len(v[0]), reverse=True)
    content = [
        (act, keyword_pattern(items), literal_needles(items))
        for act, items in lex["content_acts"].items()
    ]
    neutral = re.compile(rf"^(?:{'|'.join(lex['neutral_verbs'])})$", re.IGNORECASE)
    if not lex["clause_tails"]:
        raise ValueError("lexicons.yaml: clause_tails must not be empty")
    by_head: dict[str, list[str]] = {}
    for t in lex["clause_tails"]:
        by_head.setdefault(t[:2], []).append(t)
    by_word: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for frag, act in verbs:
        first = re.match(r"[a-z]+", frag)
        if first is None:
            raise ValueError(
                f"lexicons.yaml: reporting verb {frag!r} must start with a word"
            )
        by_word.setdefault(first.group(0), []).append(
            (re.compile(rf"(?:{frag})\b", re.IGNORECASE), act)
        )
    verb = "|".join(f for f, _ in verbs)
    # each group starts with a two-character literal (", " or " a"), which `re` skips to
    # instead of trying the pattern at every space and comma
    tails = tuple(
        re.compile(rf"(?:{literal_trie(group) or _longest_first(group)})\b") for group in by_head.values()
    )
    return _Lexicon(
        verb=re.compile(
            rf"\b{first_char_lookahead(verb)}(?:{verb})\b", re.IGNORECASE
        ),
        by_word=by_word,
        first_word_runs=re.compile(f" (?:{literal_trie([w + ' ' for w in by_word]) or '(?!)'})".encode()),
        content=content,
        neutral=neutral,
        tails=tails,
    )


def _longest_first(literals: list[str]) -> str:
    """Regex source of an alternation of `literals`, longest first."""
    return "|".join(re.escape(t) for t in sorted(literals, key=len, reverse=True))


def _tail_start(text: str, start: int, limit: int) -> int:
    """Where the first clause tail (", according to", ", saying" ...) in text[start:limit] begins, a quote
    mark closing right before it included; -1 if none.

    The same start as searching `(?:[”"]?(?:tails))\\b` gives: no match starts earlier than the first
    tail (or its quote mark), each group of tails is searched alone by its literal beginning.
    """
    found = [m.start() for p in _patterns().tails if (m := p.search(text, start, limit))]
    if not found:
        return -1
    first = min(found)
    return first - 1 if first > start and text[first - 1] in '”"' else first


_WORDS = re.compile(r"\b[A-Za-z]+")
VerbLike = Union["VerbMatch", re.Match[str]]


class VerbMatch(NamedTuple):
    """A reporting verb found in text, with its Act (read like a regex match: start(), end(), group())."""

    begin: int
    finish: int
    text: str
    act: str

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish

    def group(self, _: int = 0) -> str:
        return self.text


_LETTERS_ONLY = bytes(b if ord("a") <= b <= ord("z") else ord(" ") for b in range(256))


def _ascii_letters(text: str) -> bytes:
    """`text` one byte per character: ASCII letters lowercased, every other character a space."""
    return text.encode("ascii", "replace").lower().translate(_LETTERS_ONLY)


def _verb_words(text: str, letters: bytes) -> tuple[list[int], list[tuple[int, str]]]:
    """Offsets and lowercase forms of the words of `text` (as `_WORDS` finds them) that start a reporting verb.

    The runs of `letters` (`_ascii_letters(text)`) that name a verb's first word are found by
    one trie pattern (each word with the space ending it, so none is a prefix of another),
    then confirmed with `_WORDS`.
    """
    spaced = b" " + letters + b" "  # spaced[i] is the space before a run starting at i
    runs = _patterns().first_word_runs
    hits: list[tuple[int, str]] = []
    m = runs.search(spaced)
    while m is not None:
        i, end = m.span()
        if _WORDS.match(text, i):
            hits.append((i, spaced[i + 1 : end - 1].decode()))
        m = runs.search(spaced, end - 1)  # the space that ends this run starts the next
    return [i for i, _ in hits], hits


def _cut_word(text: str, start: int, end: int) -> tuple[int, str] | None:
    """The word of text[start:end] that `end` cuts short (offset and lowercase form), if any."""
    letters = string.ascii_letters
    if not (start < end < len(text)):
        return None
    if text[end] not in letters or text[end - 1] not in letters:
        return None
    begin = end - 1
    while begin > start and text[begin - 1] in letters:
        begin -= 1
    w = _WORDS.match(text, begin, end)
    return (begin, w.group(0).lower()) if w is not None else None


class _Verbs:
    """The reporting verbs of one text, from its candidate words found once."""

    def __init__(self, text: str, letters: bytes) -> None:
        self.text = text
        self.offsets, self.hits = _verb_words(text, letters)

    def find(self, start: int, end: int) -> list[VerbMatch]:
        """Reporting verbs in text[start:end], longest fragment first at each word (a word index avoids one huge regex)."""
        text = self.text
        table = _patterns().by_word
        offsets = self.offsets
        candidates = self.hits[bisect_left(offsets, start) : bisect_left(offsets, end)]
        cut = _cut_word(text, start, end)
        if cut is not None:
            candidates = [c for c in candidates if c[0] != cut[0]]
            if cut[1] in table:
                candidates.append(cut)
        out: list[VerbMatch] = []
        pos = start
        for offset, word in candidates:
            if offset < pos:
                continue
            for pattern, act in table[word]:
                m = pattern.match(text, offset, end)
                if m:
                    out.append(VerbMatch(m.start(), m.end(), m.group(0), act))
                    pos = m.end()
                    break
        return out


_PARTICIPLE_ACT = {
    "adding": "other",
    "saying": "other",
    "vowing": "pledge",
    "urging": "urge",
    "warning": "warn",
    "stressing": "reaffirm",
    "noting": "other",
    "calling": "urge",
}
_SUBJECT_GAP = re.compile(
    r"^(?:\s|,|also|strongly|collectively|once again|further|again|jointly|repeatedly|separately|firmly|have|has|had|on (?:his|her|their) part|in (?:a|an|his|her|their) (?:opening )?statement|who|both|all|then|later|earlier|[a-z]+ly)*$"
)
_THAT = re.compile(r"\bthat\s+")
_JOIN = re.compile(r"\s*,?\s*(?:and|as well as)\s+(?:(?:also|then|later|\w+ly)\s+)?$")
_QUOTE_ONLY = re.compile(r"^[“\"](?P<q>[^“”\"]+?)[,.]?[”\"][.]?$")
_TO_QUOTE = re.compile(
    r"^(?:[\w’'-]+\s+){0,3}?to\s+[“\"](?P<q>[^“”\"]+?)[,.]?[”\"][.]?$"
)
_ISSUER = re.compile(
    r"\b(?:a|the)\s+(?:joint\s+)?statement\s+(?:released|issued|posted|published)\s+by\s+",
    re.IGNORECASE,
)
_STATEMENT_SUBJ = re.compile(r"\b(?:the|a|The|A)\s+(?:joint\s+)?statement\s*$")
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.]*(?:[ /,-]+[A-Z][A-Za-z.]*)*,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+)?(?:\(\w[\w\s.]*\)\s*)?[-–—]+\s*|[A-Z][A-Z /]{2,}:\s+)"
)
_ACCORDING = re.compile(r",\s+according\s+to\s+(?P<who>[^,.]{2,80})\.?\s*$")
_ACCORDING_LEAD = re.compile(r"According\s+to\s+(?P<who>[^,.]{2,80}),\s+")
_ACCORDING_WORD = re.compile(r"[Aa]ccording")
_MEETING_REPORT = re.compile(
    r"\b(?:held|hold|met|meet|hosted|visit|visited|will visit|spoke|talked|discussed|conferred)\b"
)
_SUBJECTLESS = re.compile(r"(?:had|has|have|was|were|would|will)\s")
_EMBEDDED_RELATIVE = re.compile(
    r",\s+(?:which|who)\b[^,;“”\"]{3,80},\s+(?=(?:would|will|is|are|was|were|has|have|had|can|could|should|must|may|might)\b)"
)
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|cannot|could|should|must|may|might|shows?|remains?)\b"
)
_OBJECT_BEFORE = re.compile(
    r"\b(?:of|in|on|to|with|from|against|by|for|over|at|into|toward|towards|about)\s+(?:the\s+)?$"
)
_POSSESSIVE_AFTER = re.compile(r"[’']s\b|-")
_THE_BEFORE = re.compile(r"(?:[Tt]he\s+)$")
# a relative clause or appositive between speaker and verb: "X, who ..., said", "Qian, also a member of ..., said"
_RELATIVE = re.compile(r"\s*,\s+(?:(?:who|which)\b|(?:also\s+)?(?:a|an)\s)[^;“”\"]*,\s*(?:also\s+)?")
_AND_END = re.compile(r"\band\s+(?:\w+ly\s+)?$")
_MEETING_VERB = re.compile(r"\b(?:met|with|hosted|called|visited|told|joined)\b")
_SHORT_GAP = re.compile(r"[^.;:“”\"]{0,45}")
_SAID_IN_GAP = re.compile(r"\b(?:said|says|told|according)\b")
_COORDINATED_NAMES = re.compile(r"\s*,?\s*(?:and\s+)?(?:(?:his|her|their)\s+)?(?:[A-Z][a-z]*\.\s+)?")
_STRESS_OVERRIDES = frozenset({"concern", "urge"})
_LEADING_ADVERBIAL = re.compile(
    r"(?:(?:yesterday|today|tonight|on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:in|at)\s+[A-Z][\w’'-]+)\s+){1,3}(?=to\s)"
)
_LEAD = re.compile(r"\s*[,:]?\s*")
_SPEAKER_GAP = re.compile(r"\s*(?:(?:the|a|an)\s+)?", re.IGNORECASE)
_QUOTE_ENDS = (',"', ",”", '?"', "?”", '!"', "!”")  # a quotation closing just before an inverted "said X"
_AFTER_ASIDE = re.compile(r"\s*,?\s*(?:that\s+)?")
_REASON = re.compile(r"(?:because|as|since)\b")
_BEFORE_VERB = re.compile(r"\bto\s+$|\bas\s+$|\bbe\s+$|\bbeen\s+$")
_PASSIVE_AFTER = re.compile(r"\s+(?:by|to be)\b")
_COMMA_END = re.compile(r",\s*$")
_COORDINATED_VERB = re.compile(r"(?:,\s*|\s)(?:and\s+)?(?:\w+ly\s+)?$")


def _audiences() -> str:
    """Regex source of whom a speaker may have "told" (lexicon `audiences`), longest first."""
    return "|".join(sorted(lexicons()["audiences"], key=len, reverse=True))


@lru_cache(maxsize=1)
def _bare_verb_tail() -> re.Pattern[str]:
    """What may follow a verb that attributes the clause before it: an audience, a time, one phrase, then the clause's end."""
    return re.compile(
        rf"\s*(?:(?:{_audiences()})\s*)?"
        r"(?:later\s+|afterwards\s+)?(?:(?:late\s+|early\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\s*)?"
        r"(?:(?:in|on|at|to|during|via|through|after|before)\s+[^,.“”\"]{0,50}?)?\s*(?:[.,;]|$)"
    )


@lru_cache(maxsize=1)
def _non_official_after() -> re.Pattern[str]:
    """A noun after a country name that makes it people of that country, not its government (lexicon `non_official_nouns`)."""
    return re.compile(rf"\s+(?:[\w-]+\s+)?(?:{'|'.join(lexicons()['non_official_nouns'])})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _attribution() -> re.Pattern[str]:
    """A closing attribution of the clause before it (", Fidan told a joint news conference.").

    Its only comma is the first character (`_content` relies on it), so the audiences hold none.
    """
    if "," in _audiences():
        raise ValueError("lexicons.yaml: an audience must not hold a comma")
    return re.compile(
        r",[”\"]?\s+(?:(?:the|a|an|The)\s+)?(?:[\w’'.-]+\s+){0,5}?(?:said|says|added|announced|reported|stated|"
        rf"told\s+(?:{_audiences()}|the\s+\w+))(?:\s+(?:in|on|at|to|after|before|during)\s+[^,.]{{0,40}})?\.?\s*$"
    )


@lru_cache(maxsize=1)
def _aside() -> re.Pattern[str]:
    """An aside that opens what follows a reporting verb (lexicon `asides`): how it was said, not what."""
    return re.compile(rf"(?:{'|'.join(lexicons()['asides'])})\b", re.IGNORECASE)

_THAT_AHEAD = re.compile(r"\s+(?:[^\s,]+\s+){0,8}?that\b")  # "told reporters that", not "told reporters, adding that"
_STATEMENT_SOURCE = re.compile(r"(?:a|the)\s+(?:joint\s+)?statement\b", re.IGNORECASE)
_STATEMENT_SPEAKER = re.compile(r"(?:the|a)\s+(?:joint\s+)?statement\s*", re.IGNORECASE)
_END_START = attrgetter("end", "start")
_START = attrgetter("start")
_AND_BETWEEN = re.compile(r"\s+and\s+")
_AND_THAT = re.compile(r",\s+and\s+that\s+")
_CLOSING = re.compile(r"^[,.]?[”\"]")
_THEIR_GROUP = re.compile(r"[Tt]heir\b")
_RECOGNISED = re.compile(r"recogni[sz]ed", re.IGNORECASE)
_WORD_PAIR = re.compile(r"\w\w")
_TWO_WORDS = re.compile(r"\S\s+\S")  # where `str.split` would find a second word
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HOSTILE = re.compile(r"provocat|threat|violation|illegal", re.IGNORECASE)


class StatementFinder:
    """Finds the statements of one Document, given its meetings (for group speakers and meeting ids)."""

    def __init__(self, doc: Document, meetings: list[MeetingDraft]) -> None:
        self.doc = doc
        self.meetings = meetings
        self.statements: list[StatementDraft] = []
        self.last_single: list[Party] | None = None
        self.last_plural: list[Party] | None = None
        self.issuer: tuple[list[Party], str] | None = None
        self._skip_until = 0
        self._attribution: tuple[int, int] | None = None
        self._letters = letters = _ascii_letters(doc.text)
        self._verbs = _Verbs(doc.text, letters)
        self._tatement: list[int] = []  # offsets of "tatement" in `letters`, for `_note_issuer`
        i = letters.find(b"tatement")
        while i != -1:
            self._tatement.append(i)
            i = letters.find(b"tatement", i + 1)
        mentions = doc.persons + doc.orgs + doc.groups + doc.pronouns + doc.roles
        outside = [m for m in sorted(mentions, key=_START) if not self.doc.in_quote(m.start)]
        self._mentions = outside
        self._mention_starts = [m.start for m in outside]
        self._speakers: dict[int, Mention | None] = {}
        country_starts = [c.start for c in doc.cmentions]
        self._by_start = sorted(range(len(country_starts)), key=country_starts.__getitem__)
        self._country_starts = [country_starts[i] for i in self._by_start]
        self._firsts = [(min(m.triggers)[0], m) for m in meetings]  # first trigger offsets
        self._persons_by_sentence: dict[int, list[Mention]] = {}
        starts = [s.start for s in doc.sentences]
        for person in doc.persons:
            i = bisect_left(starts, person.start + 1) - 1
            if i >= 0 and person.start < doc.sentences[i].end:
                self._persons_by_sentence.setdefault(i, []).append(person)

    # -- speakers --------------------------------------------------------------------------------

    def _country_speaker(self, c: CountryMention) -> Mention | None:
        """The speaker mention a country name stands for (with a leading "the"), or None if it cannot speak."""
        text = self.doc.text
        if (
            (c.kind != "name" and (c.kind != "city" or text[c.start : c.end] not in capitals()))
            or _OBJECT_BEFORE.search(text[max(0, c.start - 14) : c.start])  # an object
            or _POSSESSIVE_AFTER.match(text[c.end : c.end + 2])
            or _non_official_after().match(text, c.end)  # "US experts", "Japanese manufacturers"
            or self.doc.in_quote(c.start)
        ):
            return None
        det = _THE_BEFORE.search(text[max(0, c.start - 4) : c.start])
        return Mention(
            "country",
            c.start - (len(det.group(0)) if det else 0),
            c.end,
            country=c.code,
            country_span=(c.start, c.end),
        )

    def _candidates(self, start: int, end: int) -> list[Mention]:
        """Speaker mentions inside [start, end) outside quotations, innermost dropped, by end then start."""
        first = bisect_left(self._mention_starts, start)
        stop = bisect_left(self._mention_starts, end + 1)
        out = [m for m in self._mentions[first:stop] if m.end <= end]
        first = bisect_left(self._country_starts, start)
        stop = bisect_left(self._country_starts, end + 1)
        for i in sorted(self._by_start[first:stop]):
            c = self.doc.cmentions[i]
            if c.end <= end:
                if i not in self._speakers:
                    self._speakers[i] = self._country_speaker(c)
                speaker = self._speakers[i]
                if speaker is not None:
                    out.append(speaker)
        return sorted(_outermost(out), key=_END_START)

    def _current_meeting(self, pos: int) -> MeetingDraft | None:
        """The latest meeting begun by `pos`: a meeting block, or one in the same sentence."""
        best = None
        best_first = 0
        here = self.doc.sentence_at(pos).index
        for first, m in self._firsts:
            if first <= pos and (best is None or first > best_first):
                if m.block or self.doc.sentence_at(first).index == here:
                    best, best_first = m, first
        return best

    def _parties(self, m: Mention, pos: int) -> tuple[list[Party], str] | None:
        """Participants a mention stands for, and its kind."""
        if m.kind == "person":
            return [
                Party(
                    m.name,
                    m.title,
                    m.country,
                    m.name_span,
                    m.title_span,
                    m.country_span,
                    0.85,
                )
            ], "person"
        if m.kind == "country":
            return [
                Party(None, None, m.country, None, None, m.country_span, 0.7)
            ], "country"
        if m.kind == "role":
            return [
                Party(None, m.title, m.country, None, m.title_span, m.country_span, 0.7)
            ], "role"
        if m.kind == "org":
            return [
                Party(
                    None,
                    m.title,
                    m.country,
                    None,
                    m.title_span,
                    m.country_span,
                    0.75,
                    international=m.international,
                )
            ], "org"
        if m.kind == "pronoun":
            if m.plural:
                return (self.last_plural, "pronoun") if self.last_plural else None
            return (self.last_single, "pronoun") if self.last_single else None
        # group
        title = (m.title or "").strip()
        if m.countries:
            return [
                Party(None, title, c, None, (m.start, m.end), (m.start, m.end), 0.75)
                for c in m.countries
            ], "group"
        meeting = self._current_meeting(pos)
        if meeting is not None and (
            m.count is None or m.count in (len(meeting.countries), len(meeting.parties))
        ):
            return [
                Party(None, title, c, None, (m.start, m.end), None, 0.6)
                for c in meeting.countries
            ], "group"
        if m.count:
            for g in reversed(
                [
                    g
                    for g in self.doc.groups
                    if g.end <= m.start and len(g.countries) == m.count
                ]
            ):
                return [
                    Party(None, title, c, None, (m.start, m.end), None, 0.55)
                    for c in g.countries
                ], "group"
        listed = self._listed_before(m)
        if listed:
            return [
                Party(None, title, c, None, (m.start, m.end), None, 0.55) for c in listed
            ], "group"
        if self.last_plural and m.head in (
            "countries",
            "nations",
            "sides",
            "officials",
            "leaders",
            "governments",
        ):
            return [
                Party(None, title, p.country, None, (m.start, m.end), None, 0.5)
                for p in self.last_plural
                if p.country
            ], "group"
        return None

    def _listed_before(self, m: Mention) -> list[str]:
        """ "Germany and Poland will ..., their ministers said": the states a "their" group of the sentence belongs to."""
        if not _THEIR_GROUP.match(self.doc.text, m.start, m.end):
            return []
        s_start = self.doc.sentence_at(m.start).start
        lists = [codes for ls, le, codes in self.doc.lists if s_start <= ls and le <= m.start and len(codes) >= 2]
        return sorted(set(lists[-1])) if lists else []

    def _subject(
        self, floor: int, verb_start: int
    ) -> tuple[list[Party], str, int] | None:
        """Speakers of a verb at `verb_start` from the closest fitting mention after `floor`, their kind and start."""
        text = self.doc.text
        if self.issuer and _STATEMENT_SUBJ.search(
            text[max(floor, verb_start - 30) : verb_start].rstrip()
        ):
            return self.issuer[0], "issuer", verb_start
        cands = self._candidates(floor, verb_start)
        if not cands:
            return None
        chosen = [cands[-1]]
        for c in reversed(cands):
            if _RELATIVE.fullmatch(text, c.end, verb_start):
                chosen = [c]
                break
        gap = text[chosen[0].end : verb_start]
        if _AND_END.search(gap) and (
            _MEETING_VERB.search(text[floor : chosen[0].start])
            # "X thanked Turkey for training soldiers and police officers, and said ...": X, not the officers
            or (chosen[0].kind == "group" and cands[0].kind == "person")
        ):
            chosen = [cands[0]]
            gap = text[chosen[0].end : verb_start]
        idx = cands.index(chosen[0])
        if (
            not _SUBJECT_GAP.match(gap)
            and not _SHORT_GAP.fullmatch(gap)
            and not _RELATIVE.fullmatch(gap)
            and not _AND_END.search(gap)
        ):
            return None
        if _SAID_IN_GAP.search(gap):
            return None
        # coordinated subjects: "Cho and Sullivan", "Hamada and Adm. John Aquilino"
        i = idx - 1
        while i >= 0:
            head = chosen[0]
            gap_end = (
                head.title_span[0]
                if head.title_span and cands[i].end <= head.title_span[0] < head.start
                else head.start
            )
            between = text[cands[i].end : gap_end]
            if cands[i].kind == chosen[0].kind == "person" and (
                _COORDINATED_NAMES.fullmatch(between)
            ):
                chosen.insert(0, cands[i])
                i -= 1
            else:
                break
        parties: list[Party] = []
        kind = "person"
        for m in chosen:
            resolved = self._parties(m, verb_start)
            if resolved is None:
                return None
            parties += resolved[0]
            kind = resolved[1] if len(chosen) == 1 else "person"
        seen: set[tuple] = set()
        unique = []
        for p in parties:
            key = (p.name, p.country) if p.name else (None, p.country)
            if key not in seen:
                seen.add(key)
                unique.append(p)
        return unique, kind, chosen[0].start

    # -- content ---------------------------------------------------------------------------------

    def _content(
        self, start: int, limit: int, verb: str, act: str = "other"
    ) -> tuple[int, int] | None:
        """Span of the reported clause after a verb ending at `start` (to `limit`)."""
        text = self.doc.text
        pats = _patterns()
        # skip an object or adverbial up to "that" ("told Akiba and Kim that", "said on Twitter that")
        window = text[start : min(limit, start + 110)]
        that = (
            _THAT.search(window)
            if act not in ("condemn", "urge") and "that" in window
            else None
        )
        object_part = text[start : start + that.start()] if that else ""
        if (
            that
            and "“" not in object_part
            and '"' not in object_part
            and not _CLAUSE_VERB.search(object_part)
            and not self._holds_verb(start, object_part)
        ):
            start += that.end()
        else:
            lead = _LEAD.match(text, start, limit)
            start += lead.end() - start if lead else 0
            adverbial = _LEADING_ADVERBIAL.match(text, start, limit)
            if adverbial and act in ("agree", "pledge", "urge"):
                start = adverbial.end()
        if _SUBJECTLESS.match(text, start):
            return None  # "a pause that agencies said had pushed ...": the verb belongs to a relative clause
        aside = _aside().match(text, start)
        if aside:  # "said, without giving details, that ...": what was said follows the aside, if anything
            lead = _AFTER_ASIDE.match(text, aside.end())
            start = lead.end() if lead else aside.end()
            if len(text[start:limit].split()) < 3 or _REASON.match(text, start):
                return None  # nothing follows, or the aside's reason ("asking not to be named because ...")
        end = limit
        tail = _tail_start(text, start, limit)
        while tail != -1 and (rel := _EMBEDDED_RELATIVE.match(text, tail, limit)):
            tail = _tail_start(text, rel.end(), limit)
        if tail > start + 3:
            end = tail
        # a coordinated reporting verb ends this clause: "condemned X and demanded Y"
        for v in self._verbs.find(start, end):
            if _is_past_verb(v.group(0)) and (
                joint := _JOIN.search(text, start, v.start())
            ):
                end = joint.start()
                break
        # an attribution holds one comma, its first character, and runs to `end`: only the last comma can start it
        comma = text.rfind(",", start, end)
        attribution = _attribution().match(text, comma, end) if comma != -1 else None
        self._attribution = None
        if attribution and attribution.start() > start + 8:
            end = attribution.start()
            self._attribution = (attribution.start(), attribution.end())
            self._skip_until = (
                attribution.end()
            )  # its verb attributes this clause; it starts no statement
        while end > start and text[end - 1] in " ,;:":
            end -= 1
        if end > start and text[end - 1] == ".":
            end -= 1
        if (
            end > start
            and text[end - 1] in '”"'
            and end - 2 > start
            and text[end - 2] == ","
        ):
            end -= 2
        if end > start and text[end - 1] in '”"' and not self._opened(start, end - 1):
            end -= 1
        if end - start < 8 or _TWO_WORDS.search(text, start, end) is None:
            return None
        return start, end

    def _holds_verb(self, start: int, segment: str) -> bool:
        """Whether `segment`, the text from `start`, holds a reporting verb (as `_patterns().verb` searched in it finds).

        An ASCII segment asks the word index, whose case-blind matching is then plain lowercasing,
        unless a word runs across `start` (there the segment's `\\b` differs from the text's).
        """
        text = self.doc.text
        if not segment.isascii() or (start > 0 and _WORD_PAIR.match(text, start - 1)):
            return _patterns().verb.search(segment) is not None
        return bool(self._verbs.find(start, start + len(segment)))

    def _opened(self, start: int, close: int) -> bool:
        """Whether a quotation opened in [start, close) is closed at `close`."""
        seg = self.doc.text[start:close]
        return seg.count("“") > seg.count("”") or seg.count('"') % 2 == 1

    # -- main loop -------------------------------------------------------------------------------

    def run(self) -> list[StatementDraft]:
        """All statements in order of appearance."""
        doc = self.doc
        for sent in doc.sentences:
            if sent.duplicate:
                continue
            self._note_issuer(sent.start, sent.end)
            if not _ends_sentence(sent.text):
                self._note_subjects(sent)
                continue
            before = len(self.statements)
            self._sentence(sent)
            if len(self.statements) == before:
                self._according(sent)
            self._note_subjects(sent, spoke=len(self.statements) > before)
        return self.statements

    def _note_issuer(self, start: int, end: int) -> None:
        """Remember who released "a statement released by X" in [start, end), for later "the statement said".

        Every `_ISSUER` match holds "statement" and later " by " (spaces standing for any
        whitespace) in some case, and the only characters `re` matches case-blind to the
        letters of "tatement" and "by" are those ASCII letters in either case (only "s" has a
        further match, "ſ"), so a span whose ASCII letters, lowered, lack them needs no search.
        """
        i = bisect_left(self._tatement, start)
        if (
            i == len(self._tatement)
            or self._tatement[i] + 8 > end
            or self._letters.find(b" by ", self._tatement[i] + 8, end) == -1
        ):
            return
        m = _ISSUER.search(self.doc.text, start, end)
        if m:
            cands = [c for c in self._candidates(m.end(), end) if c.start - m.end() < 6]
            if cands:
                resolved = self._parties(cands[0], m.end())
                if resolved:
                    self.issuer = (resolved[0], "issuer")

    def _note_subjects(self, sent: Sentence, spoke: bool = False) -> None:
        """Coordinated people at a sentence start ("Cho and Akiba also ...") become the antecedent of "they"; in a
        sentence where nobody spoke, one person at its start ("Kim issued a statement.") that of "he"/"she"."""
        text = self.doc.text
        persons = self._persons_by_sentence.get(sent.index, [])
        if not spoke and persons and persons[0].start - sent.start < 40 and not self.doc.in_quote(persons[0].start):
            if len(persons) == 1 or not _AND_BETWEEN.fullmatch(text[persons[0].end : persons[1].start]):
                first = persons[0]
                self.last_single = [
                    Party(first.name, first.title, first.country, first.name_span, first.title_span, first.country_span, 0.7)
                ]
        if (
            len(persons) >= 2
            and persons[0].start - sent.start < 40
            and _AND_BETWEEN.fullmatch(text[persons[0].end : persons[1].start])
        ):
            self.last_plural = [
                Party(
                    p.name,
                    p.title,
                    p.country,
                    p.name_span,
                    p.title_span,
                    p.country_span,
                    0.8,
                )
                for p in persons[:2]
            ]

    def _sentence(self, sent: Sentence) -> None:
        """The statements of one sentence, verb by verb, each with its subject (or postposed speaker) and clause."""
        text = self.doc.text
        pos = sent.start
        verbs = [
            v
            for v in self._verbs.find(sent.start, sent.end)
            if not self.doc.in_quote(v.begin)
        ]
        consumed_to = sent.start
        last_speakers: tuple[list[Party], str] | None = None
        for v in verbs:
            begin, finish, word, act = v.begin, v.finish, v.text, v.act
            if begin < max(consumed_to, self._skip_until):
                continue
            if _BEFORE_VERB.search(text[max(sent.start, begin - 4) : begin]):
                continue
            if act != "pledge" and _PASSIVE_AFTER.match(text, finish):
                continue
            participle = word.lower() in _PARTICIPLE_ACT and _COMMA_END.search(
                text[max(sent.start, begin - 3) : begin]
            )
            coordinated = (
                last_speakers is not None
                and begin - consumed_to < 12
                and _COORDINATED_VERB.search(text[consumed_to : begin])
            )
            subject = None
            postposed = None
            if (participle or coordinated) and last_speakers is not None:
                subject = (last_speakers[0], last_speakers[1], begin)
            elif _is_neutral(word) and (inverted := self._inverted(max(pos, sent.start), v, sent.end)):
                postposed = inverted
            elif (
                _is_neutral(word)
                and (tail := _bare_verb_tail().match(text, finish, sent.end))
                and not _THAT_AHEAD.match(text, finish, sent.end)
                and ((pp := self._postposed(max(pos, sent.start), v)) or not text.endswith(",", 0, tail.end()))
            ):
                # "CLAUSE, the office said on Tuesday.": the verb attributes the clause before it, or nothing
                if pp is None:
                    continue
                postposed = pp
            else:
                subject = self._subject(pos, begin)
                if subject is None or subject[2] > begin:
                    postposed = self._postposed(sent.start, v)
            if postposed is not None:
                parties, kind, content = postposed
                self._emit(parties, kind, content, v, act, word, sent.index)
                last_speakers = (parties, kind)
                consumed_to = finish
                pos = finish
                continue
            if subject is None:
                continue
            parties, kind, _ = subject
            clause = self._content(finish, sent.end, word, act)
            if clause is None:
                continue
            if kind == "country" and self._attribution is not None:
                parties, kind = self._attributed(parties, kind)
            for part in self._split_that(clause):
                self._emit(parties, kind, part, v, act, word, sent.index)
            last_speakers = (parties, kind)
            consumed_to = clause[1]
            pos = clause[1]

    def _attributed(self, parties: list[Party], kind: str) -> tuple[list[Party], str]:
        """ "China opposes X, Zhao said": the official the clause is attributed to speaks for the country subject."""
        a, b = self._attribution or (0, 0)
        people = [c for c in self._candidates(a, b) if c.kind == "person"]
        resolved = self._parties(people[-1], b) if people else None
        if resolved is None or (parties[0].country and resolved[0][0].country not in (None, parties[0].country)):
            return parties, kind
        return resolved

    def _according(self, sent: Sentence) -> None:
        """ "CLAUSE, according to the JCS." or "According to the ministry, CLAUSE." with a body or official as
        the source (not a news outlet), for a sentence that gave no statement otherwise."""
        text = self.doc.text
        if text.find("ccording", sent.start, sent.end) == -1:
            return  # every `_ACCORDING` and `_ACCORDING_LEAD` match holds it
        start = sent.start
        dl = _DATELINE.match(text[start : sent.end])
        if dl:
            start += dl.end()
        m = _ACCORDING.search(text, sent.start, sent.end)
        if m is not None:
            clause = (start, m.start())
        else:
            m = _ACCORDING_LEAD.match(text, start, sent.end)
            if m is None:
                return
            end = sent.end
            while end > m.end() and text[end - 1] in " .":
                end -= 1
            clause = (m.end(), end)
        if _STATEMENT_SOURCE.match(m.group("who")):
            return
        cands = [
            c
            for c in self._candidates(m.start("who"), m.end("who"))
            if c.start - m.start("who") < 5 and c.kind in ("org", "person", "role")
        ]
        if not cands:
            return
        resolved = self._parties(cands[0], m.start())
        if resolved is None:
            return
        if len(text[clause[0] : clause[1]].split()) < 4 or self._meeting_report(*clause):
            return
        verb = _ACCORDING_WORD.search(text, m.start(), m.end())
        if verb is None:
            return
        self._emit(
            resolved[0],
            resolved[1],
            clause,
            verb,
            "other",
            "said",
            sent.index,
        )

    def _clause_start(self, start: int, end: int) -> int:
        """Where a clause attributed after it begins in [start, end): past a dateline and spaces."""
        text = self.doc.text
        dl = _DATELINE.match(text[start:end])
        if dl:
            start += dl.end()
        while start < end and text[start] == " ":
            start += 1
        return start

    def _inverted(
        self, s_start: int, v: VerbLike, s_end: int
    ) -> tuple[list[Party], str, tuple[int, int]] | None:
        """ '"QUOTE," said SPEAKER': the speaker right after the verb, the quotation before it."""
        text = self.doc.text
        end = len(text[s_start : v.start()].rstrip()) + s_start
        if not text.endswith(_QUOTE_ENDS, s_start, end):
            return None
        cands = [c for c in self._candidates(v.end(), s_end) if _SPEAKER_GAP.fullmatch(text, v.end(), c.start)]
        resolved = self._parties(cands[0], v.end()) if cands else None
        if resolved is None:
            return None
        start = self._clause_start(s_start, end)
        return resolved[0], resolved[1], (start, end - 2 if text[end - 2] == "," else end - 1)

    def _postposed(
        self, s_start: int, v: VerbLike
    ) -> tuple[list[Party], str, tuple[int, int]] | None:
        """ "CLAUSE, SPEAKER said": the speaker between the comma and the verb, the clause before it."""
        text = self.doc.text
        if not _is_neutral(v.group(0)):
            return None
        comma = max(
            text.rfind(mark, s_start, v.start()) for mark in (", ", ",” ", ',"')
        )
        if comma - s_start <= 0:
            return None
        spk_start = comma + 1
        while spk_start < v.start() and text[spk_start] in '”" ':
            spk_start += 1
        spk_text = text[spk_start : v.start()]
        if len(spk_text.split()) > 8:
            return None
        if _STATEMENT_SUBJ.search(spk_text.rstrip()) or _STATEMENT_SPEAKER.fullmatch(
            spk_text
        ):
            if not self.issuer:
                return None
            parties, kind = self.issuer[0], "issuer"
        else:
            cands = self._candidates(spk_start, v.start())
            if not cands:
                return None
            resolved = self._parties(cands[-1], v.start())
            if resolved is None:
                return None
            parties, kind = resolved
        start, end = self._clause_start(s_start, comma), comma
        if end > start and text[end - 1] in '”"':
            end -= 1
        if end > start and text[end - 1] in ",.":
            end -= 1
        if len(text[start:end].split()) < 3:
            return None
        if self._meeting_report(start, end):
            return None
        return parties, kind, (start, end)

    def _meeting_report(self, start: int, end: int) -> bool:
        """Whether a clause only reports a meeting ("X held talks with Y", "they will meet in Z")."""
        segment = self.doc.text[start:end]
        return bool(
            _MEETING_REPORT.search(segment) and meeting_cue_pattern().search(segment)
        )

    def _split_that(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """ "that X, and that Y": parts that only report a meeting are not statements."""
        text = self.doc.text
        if text.find("that", span[0], span[1]) == -1:
            return [span]  # every `_AND_THAT` match holds "that"
        parts = []
        start = span[0]
        for m in _AND_THAT.finditer(text, span[0], span[1]):
            parts.append((start, m.start()))
            start = m.end()
        parts.append((start, span[1]))
        if len(parts) == 1:
            return parts
        kept = [p for p in parts if not self._meeting_report(*p)]
        return [span] if len(kept) == len(parts) else kept

    def _emit(
        self,
        parties: list[Party],
        kind: str,
        span: tuple[int, int],
        verb: VerbLike,
        act: str,
        word: str,
        sidx: int,
    ) -> None:
        """Record one statement (a direct quote if the span is only a quotation) and update the pronoun antecedents."""
        if not parties:
            return
        text = self.doc.text
        start, end = span
        body = text[start:end]
        direct = False
        closing = _CLOSING.match(text[end : end + 2])
        probe = body.strip() + (text[end : end + closing.end()] if closing else "")
        q = None
        if "“" in probe or '"' in probe:
            q = _QUOTE_ONLY.match(probe) or _TO_QUOTE.match(probe)
        if q:
            lead = len(body) - len(body.lstrip())
            qstart = start + lead + q.start("q")
            qend = min(
                start + lead + q.end("q"), end if not closing else end + closing.end()
            )
            while qend > qstart and text[qend - 1] in ",.":
                qend -= 1
            start, end, direct = qstart, qend, True
        content = text[start:end]
        act, from_content = _decide_act(word, act, content)
        if _RECOGNISED.match(word) and not _HOSTILE.search(content):
            act = "other"
        draft = StatementDraft(
            speakers=[Party(**p.__dict__) for p in parties],
            text_span=(start, end),
            text=content,
            direct=direct,
            act=act,
            verb_span=(verb.start(), verb.end()),
            sentence=sidx,
            speaker_kind=kind,
            act_from_content=from_content,
            confidence=0.8 if kind in ("person", "org") else 0.65,
        )
        self.statements.append(draft)
        if len(parties) == 1 and (parties[0].name or kind in ("role", "pronoun")):
            self.last_single = parties
        elif len(parties) > 1:
            self.last_plural = parties


def _decide_act(word: str, verb_act: str, content: str) -> tuple[str, bool]:
    """The Act of a statement and whether its content (not its verb) decided it.

    A neutral verb ("said", "noted") takes the act its content signals ("regrettable" -> condemn);
    "stressed"-type verbs stay reaffirm unless the content voices concern or a demand ("must"); other verbs
    decide alone.
    """
    pats = _patterns()
    low = word.lower()
    neutral = _is_neutral(word)
    participle = low in _PARTICIPLE_ACT
    if not (neutral or participle or verb_act == "reaffirm"):
        return verb_act, False
    open_to_all = neutral or low in ("adding", "saying", "noting")
    lowered = content.lower() if _lowers_plainly(content) else None
    for content_act, pattern, needles in pats.content:
        if not (open_to_all or content_act in _STRESS_OVERRIDES):
            continue
        if lowered is not None and needles is not None and not _holds_any(lowered, needles):
            continue
        if pattern.search(content):
            return content_act, True
    if participle:
        return _PARTICIPLE_ACT[low], False
    return ("other" if neutral else verb_act), False


def _lowers_plainly(text: str) -> bool:
    """Whether `text` holds no cased character but ASCII letters (quotes and dashes are fine).

    Then `text.lower()` maps character for character, and case-blind `re` matches an ASCII
    literal only with an ASCII character (every other character it equates with one, like
    "ſ" or the Kelvin sign, is cased), so a lowered needle test decides as it does on ASCII.
    """
    return text.isascii() or all(
        c.lower() == c == c.upper() for c in _NON_ASCII.findall(text)
    )


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Whether one of `needles` occurs in `text`."""
    return any(map(text.__contains__, needles))


def _ends_sentence(text: str) -> bool:
    """Whether `text` ends with . ! or ?, maybe then a closing quote and whitespace (`[.!?][”"’]?\\s*$`)."""
    body = text.rstrip()
    if body[-1:] in ("”", '"', "’"):
        body = body[:-1]
    return body[-1:] in (".", "!", "?")


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """`mentions` without those nested in a longer one (a country group inside a person's title, an org inside a title)."""
    kept = []
    for m in mentions:
        size = m.end - m.start
        for o in mentions:
            if o.start <= m.start and m.end <= o.end and o.end - o.start > size:
                break
        else:
            kept.append(m)
    return kept


@lru_cache(maxsize=1024)
def _is_neutral(word: str) -> bool:
    """Whether a reporting verb is neutral ("said", "noted"): its act then comes from its content."""
    return _patterns().neutral.match(word) is not None


def _is_past_verb(word: str) -> bool:
    w = word.lower().split()[0]
    return w.endswith("ed") or w in (
        "said",
        "told",
        "vowed",
        "urged",
        "called",
        "expressed",
        "made",
        "pointed",
    )

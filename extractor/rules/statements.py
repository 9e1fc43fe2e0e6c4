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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Union

from extractor.knowledge import lexicons
from extractor.rules.document import Document
from extractor.rules.meetings import MeetingDraft, Party
from extractor.rules.people import Mention


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
    content: list[tuple[str, re.Pattern[str]]]
    neutral: re.Pattern[str]
    tail: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Lexicon:
    lex = lexicons()
    verbs: list[tuple[str, str]] = []
    for act, items in lex["reporting_verbs"].items():
        verbs += [(frag, act) for frag in items]
    verbs.sort(key=lambda v: len(v[0]), reverse=True)
    content = [
        (act, re.compile(rf"\b(?:{'|'.join(items)})", re.IGNORECASE))
        for act, items in lex["content_acts"].items()
    ]
    neutral = re.compile(rf"^(?:{'|'.join(lex['neutral_verbs'])})$", re.IGNORECASE)
    tails = "|".join(
        re.escape(t) for t in sorted(lex["clause_tails"], key=len, reverse=True)
    )
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
    return _Lexicon(
        verb=re.compile(rf"\b(?:{'|'.join(f for f, _ in verbs)})\b", re.IGNORECASE),
        by_word=by_word,
        content=content,
        neutral=neutral,
        tail=re.compile(rf"[”\"]?(?:{tails})\b"),
    )


_WORDS = re.compile(r"\b[A-Za-z]+")
VerbLike = Union["VerbMatch", re.Match[str]]


@dataclass(frozen=True)
class VerbMatch:
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


def find_verbs(text: str, start: int, end: int) -> list[VerbMatch]:
    """Reporting verbs in text[start:end], longest fragment first at each word (a word index avoids one huge regex)."""
    table = _patterns().by_word
    out: list[VerbMatch] = []
    pos = start
    for w in _WORDS.finditer(text, start, end):
        if w.start() < pos:
            continue
        options = table.get(w.group(0).lower())
        if not options:
            continue
        for pattern, act in options:
            m = pattern.match(text, w.start(), end)
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
_ATTRIBUTION = re.compile(
    r",[”\"]?\s+(?:(?:the|a|an|The)\s+)?(?:[\w’'.-]+\s+){0,5}?(?:said|says|added|announced|reported|stated|told\s+(?:reporters|journalists|lawmakers|the\s+\w+))(?:\s+(?:in|on|at|to|after|before|during)\s+[^,.]{0,40})?\.?\s*$"
)
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.]*(?:[ /,-]+[A-Z][A-Za-z.]*)*,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+)?(?:\(\w[\w\s.]*\)\s*)?[-–—]+\s*|[A-Z][A-Z /]{2,}:\s+)"
)
_ACCORDING = re.compile(r",\s+according\s+to\s+(?P<who>[^,.]{2,80})\.?\s*$")
_ACCORDING_WORD = re.compile(r"according")
_MEETING_REPORT = re.compile(
    r"\b(?:held|hold|met|meet|hosted|visit|visited|will visit)\b"
)
_CLAUSE_VERB = re.compile(
    r"\b(?:is|are|was|were|will|would|has|have|had|can|cannot|could|should|must|may|might|shows?|remains?)\b"
)


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

    # -- speakers --------------------------------------------------------------------------------

    def _candidates(self, start: int, end: int) -> list[Mention]:
        doc = self.doc
        out = [
            m
            for m in doc.persons + doc.orgs + doc.groups + doc.pronouns + doc.roles
            if start <= m.start and m.end <= end and not doc.in_quote(m.start)
        ]
        for c in doc.countries_in(start, end):
            if re.search(
                r"\b(?:of|in|on|to|with|from|against|by|for|over|at|into|toward|towards|about)\s+(?:the\s+)?$",
                doc.text[max(0, c.start - 14) : c.start],
            ):
                continue  # an object, not a speaker
            if (
                c.kind == "name"
                and not re.match(r"[’']s\b|-", doc.text[c.end : c.end + 2])
                and not doc.in_quote(c.start)
            ):
                det = re.search(
                    r"(?:[Tt]he\s+)$", doc.text[max(0, c.start - 4) : c.start]
                )
                out.append(
                    Mention(
                        "country",
                        c.start - (len(det.group(0)) if det else 0),
                        c.end,
                        country=c.code,
                        country_span=(c.start, c.end),
                    )
                )
        # drop mentions nested in a longer one (a country group inside a person's title, an org inside a title)
        out = [
            m
            for m in out
            if not any(
                o is not m
                and o.start <= m.start
                and m.end <= o.end
                and (o.end - o.start) > (m.end - m.start)
                for o in out
            )
        ]
        return sorted(out, key=lambda m: (m.end, m.start))

    def _current_meeting(self, pos: int) -> MeetingDraft | None:
        best = None
        for m in self.meetings:
            first = min(t[0] for t in m.triggers)
            later = first <= pos and (
                best is None or first > min(t[0] for t in best.triggers)
            )
            if later and (
                m.block
                or self.doc.sentence_at(first).index == self.doc.sentence_at(pos).index
            ):
                best = m
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

    def _subject(
        self, floor: int, verb_start: int
    ) -> tuple[list[Party], str, int] | None:
        doc = self.doc
        text = doc.text
        if (
            _STATEMENT_SUBJ.search(
                text[max(floor, verb_start - 30) : verb_start].rstrip()
            )
            and self.issuer
        ):
            return self.issuer[0], "issuer", verb_start
        cands = self._candidates(floor, verb_start)
        if not cands:
            return None
        chosen = [cands[-1]]
        for c in reversed(cands):
            if re.fullmatch(
                r"\s*,\s+(?:who|which)\b[^;“”\"]*,\s*(?:also\s+)?",
                text[c.end : verb_start],
            ):
                chosen = [c]
                break
        gap = text[chosen[0].end : verb_start]
        if re.search(r"\band\s+(?:\w+ly\s+)?$", gap) and re.search(
            r"\b(?:met|with|hosted|called|visited|told|joined)\b",
            text[floor : chosen[0].start],
        ):
            chosen = [cands[0]]
            gap = text[chosen[0].end : verb_start]
        idx = cands.index(chosen[0])
        if (
            not _SUBJECT_GAP.match(gap)
            and not re.fullmatch(r"[^.;:“”\"]{0,45}", gap)
            and not re.fullmatch(
                r"\s*,\s+(?:who|which)\b[^;“”\"]*,\s*(?:also\s+)?", gap
            )
            and not re.search(r"\band\s+(?:\w+ly\s+)?$", gap)
        ):
            return None
        if re.search(r"\b(?:said|says|told|according)\b", gap):
            return None
        # coordinated subjects: "Cho and Sullivan", "Hamada and Adm. John Aquilino"
        i = idx - 1
        while i >= 0:
            between = text[cands[i].end : chosen[0].start]
            if (
                re.fullmatch(r"\s*,?\s*(?:and\s+)?(?:[A-Z][a-z]*\.\s+)?", between)
                and cands[i].kind == chosen[0].kind == "person"
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
        head = text[start:limit]
        that = _THAT.search(head[:110]) if act not in ("condemn", "urge") else None
        if (
            that
            and not re.search(r"[“\"]", head[: that.start()])
            and not _CLAUSE_VERB.search(head[: that.start()])
            and not pats.verb.search(head[: that.start()])
        ):
            start += that.end()
        else:
            lead = re.match(r"^\s*,?\s*", head)
            start += lead.end() if lead else 0
        end = limit
        tail = pats.tail.search(text, start, limit)
        if tail and tail.start() > start + 3:
            end = tail.start()
        # a coordinated reporting verb ends this clause: "condemned X and demanded Y"
        for v in find_verbs(text, start, end):
            joint = _JOIN.search(text, start, v.start())
            if joint and _is_past_verb(v.group(0)):
                end = joint.start()
                break
        attribution = _ATTRIBUTION.search(text, start, end)
        if attribution and attribution.start() > start + 8:
            end = attribution.start()
            self._skip_until = (
                attribution.end()
            )  # its verb attributes this clause; it starts no statement
        while end > start and text[end - 1] in " ,;:":
            end -= 1
        if (
            end > start
            and text[end - 1] == "."
            and not (end - 2 >= 0 and text[end - 2] in '”"')
        ):
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
        if end - start < 8 or len(text[start:end].split()) < 2:
            return None
        return start, end

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
            if not re.search(r"[.!?][”\"’]?\s*$", sent.text):
                self._note_subjects(sent.start, sent.end)
                continue
            before = len(self.statements)
            self._sentence(sent)
            if len(self.statements) == before:
                self._according(sent)
            self._note_subjects(sent.start, sent.end)
        return self.statements

    def _note_issuer(self, start: int, end: int) -> None:
        m = _ISSUER.search(self.doc.text, start, end)
        if m:
            cands = [c for c in self._candidates(m.end(), end) if c.start - m.end() < 6]
            if cands:
                resolved = self._parties(cands[0], m.end())
                if resolved:
                    self.issuer = (resolved[0], "issuer")

    def _note_subjects(self, start: int, end: int) -> None:
        """Coordinated people at a sentence start ("Cho and Akiba also ...") become the antecedent of "they"."""
        text = self.doc.text
        persons = [p for p in self.doc.persons if start <= p.start < end]
        if (
            len(persons) >= 2
            and re.fullmatch(r"\s+and\s+", text[persons[0].end : persons[1].start])
            and persons[0].start - start < 40
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

    def _sentence(self, sent) -> None:
        doc, text, pats = self.doc, self.doc.text, _patterns()
        pos = sent.start
        verbs = [
            v
            for v in find_verbs(text, sent.start, sent.end)
            if not doc.in_quote(v.start())
        ]
        consumed_to = sent.start
        last_speakers: tuple[list[Party], str] | None = None
        for v in verbs:
            if v.start() < max(consumed_to, self._skip_until):
                continue
            word = v.text
            act = v.act
            if re.search(
                r"\bto\s+$|\bas\s+$|\bbe\s+$|\bbeen\s+$",
                text[max(sent.start, v.start() - 4) : v.start()],
            ):
                continue
            if re.match(r"^\s+(?:by|to be)\b", text[v.end() :]) and act != "pledge":
                continue
            participle = word.lower() in _PARTICIPLE_ACT and re.search(
                r",\s*$", text[max(sent.start, v.start() - 3) : v.start()]
            )
            coordinated = (
                last_speakers is not None
                and re.search(
                    r"(?:,\s*|\s)(?:and\s+)?(?:\w+ly\s+)?$",
                    text[consumed_to : v.start()],
                )
                and v.start() - consumed_to < 12
            )
            subject = None
            postposed = None
            if (participle or coordinated) and last_speakers is not None:
                subject = (last_speakers[0], last_speakers[1], v.start())
            elif (
                pats.neutral.match(word)
                and re.match(
                    r"^\s*(?:(?:reporters|journalists)\s*)?(?:(?:in|on|at|to|during|via|through|after|before)\s+[^,.“”\"]{0,50}?)?\s*(?:[.,;]|$)",
                    text[v.end() : sent.end],
                )
                and not re.match(
                    r"^\s+(?:\S+\s+){0,8}?that\b", text[v.end() : sent.end]
                )
                and (pp := self._postposed(max(pos, sent.start), v))
            ):
                postposed = pp
            else:
                subject = self._subject(pos, v.start())
                if subject is None or subject[2] > v.start():
                    postposed = self._postposed(sent.start, v)
            if postposed is not None:
                parties, kind, content = postposed
                self._emit(parties, kind, content, v, act, word, sent.index)
                last_speakers = (parties, kind)
                consumed_to = v.end()
                pos = v.end()
                continue
            if subject is None:
                continue
            parties, kind, _ = subject
            clause = self._content(v.end(), sent.end, word, act)
            if clause is None:
                continue
            for part in self._split_that(clause):
                self._emit(parties, kind, part, v, act, word, sent.index)
            last_speakers = (parties, kind)
            consumed_to = clause[1]
            pos = clause[1]

    def _according(self, sent) -> None:
        """ "CLAUSE, according to the JCS." with a body or official as the source (not a news outlet)."""
        text = self.doc.text
        m = _ACCORDING.search(text, sent.start, sent.end)
        if m is None or re.match(
            r"(?:a|the)\s+(?:joint\s+)?statement\b", m.group("who"), re.IGNORECASE
        ):
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
        start = sent.start
        dl = _DATELINE.match(text[start : m.start()])
        if dl:
            start += dl.end()
        if len(text[start : m.start()].split()) < 4:
            return
        verb = _ACCORDING_WORD.search(text, m.start(), m.end())
        if verb is None:
            return
        self._emit(
            resolved[0],
            resolved[1],
            (start, m.start()),
            verb,
            "other",
            "said",
            sent.index,
        )

    def _postposed(
        self, s_start: int, v: VerbLike
    ) -> tuple[list[Party], str, tuple[int, int]] | None:
        """ "CLAUSE, SPEAKER said": the speaker between the comma and the verb, the clause before it."""
        text = self.doc.text
        if not _patterns().neutral.match(v.group(0)):
            return None
        before = text[s_start : v.start()]
        comma = max(
            before.rfind(", "),
            before.rfind(",” "),
            before.rfind(",” "),
            before.rfind(',"'),
        )
        if comma <= 0:
            return None
        spk_start = s_start + comma + 1
        while spk_start < v.start() and text[spk_start] in '”" ':
            spk_start += 1
        spk_text = text[spk_start : v.start()]
        if len(spk_text.split()) > 8:
            return None
        if _STATEMENT_SUBJ.search(spk_text.rstrip()) or re.fullmatch(
            r"(?:the|a)\s+(?:joint\s+)?statement\s*", spk_text, re.IGNORECASE
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
        start, end = s_start, s_start + comma
        dl = _DATELINE.match(text[start:end])
        if dl:
            start += dl.end()
        while start < end and text[start] == " ":
            start += 1
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
        from extractor.knowledge import meeting_cue_pattern

        segment = self.doc.text[start:end]
        return bool(
            _MEETING_REPORT.search(segment) and meeting_cue_pattern().search(segment)
        )

    def _split_that(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """ "that X, and that Y": parts that only report a meeting are not statements."""
        text = self.doc.text
        parts = []
        start = span[0]
        for m in re.finditer(r",\s+and\s+that\s+", text[span[0] : span[1]]):
            parts.append((start, span[0] + m.start()))
            start = span[0] + m.end()
        parts.append((start, span[1]))
        if len(parts) == 1:
            return parts
        from extractor.knowledge import meeting_cue_pattern

        kept = [
            p
            for p in parts
            if not (
                _MEETING_REPORT.search(text[p[0] : p[1]])
                and meeting_cue_pattern().search(text[p[0] : p[1]])
            )
        ]
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
        text = self.doc.text
        start, end = span
        body = text[start:end]
        direct = False
        closing = re.match(r"^[,.]?[”\"]", text[end : end + 2])
        probe = body.strip() + (text[end : end + closing.end()] if closing else "")
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
        act, from_content = _decide_act(word, act, text[start:end])
        if re.match(r"recogni[sz]ed", word, re.IGNORECASE) and not re.search(
            r"provocat|threat|violation|illegal", text[start:end], re.IGNORECASE
        ):
            act = "other"
        if not parties:
            return
        draft = StatementDraft(
            speakers=[Party(**p.__dict__) for p in parties],
            text_span=(start, end),
            text=text[start:end],
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
    "stressed"-type verbs stay reaffirm unless the content voices concern; other verbs decide alone.
    """
    pats = _patterns()
    low = word.lower()
    neutral = pats.neutral.match(word) is not None
    participle = low in _PARTICIPLE_ACT
    if not (neutral or participle or verb_act == "reaffirm"):
        return verb_act, False
    open_to_all = neutral or low in ("adding", "saying", "noting")
    for content_act, pattern in pats.content:
        if (open_to_all or content_act == "concern") and pattern.search(content):
            return content_act, True
    if participle:
        return _PARTICIPLE_ACT[low], False
    return ("other" if neutral else verb_act), False


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

"""The rules extractor: meetings and statements from patterns and editable data, with evidence spans."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from pydantic import BaseModel

from extractor.articles import Article
from extractor.knowledge import lexicons
from extractor.normalize import resolve_date, same_person
from extractor.rules.document import Document
from extractor.rules.meetings import MeetingDraft, MeetingFinder, Party, _place_pattern
from extractor.rules.meetings import _patterns as _meeting_patterns
from extractor.rules.people import Mention
from extractor.rules.scanning import KeywordScanner, keyword_pattern
from extractor.rules.statements import StatementDraft, StatementFinder
from extractor.rules.statements import _patterns as _statement_patterns
from extractor.rules.text import Sentence
from extractor.rules.topics import topic_patterns, topics_in
from schemas import (
    Act,
    AlignmentStatus,
    ArticleExtraction,
    FieldProvenance,
    Location,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    Participant,
    Source,
    Span,
    Statement,
    Topic,
)


@lru_cache(maxsize=1)
def _target_patterns() -> tuple[KeywordScanner, tuple[str, ...]]:
    """The action cues as whole words, case-blind, and the watch states.

    The cues are one keyword list of a scanner, each cue closed by `\\b`: the scanner finds some
    exactly where `\\b(?:cue|...)\\b` would, visiting only words that begin like a cue.
    """
    lex = lexicons()
    cues = [rf"(?:{cue})\b" for cue in lex["action_cues"]]
    return KeywordScanner([("cue", cues)]), tuple(lex["watch_states"])


@lru_cache(maxsize=1)
def _china_party_pattern() -> re.Pattern[str]:
    """Cues that make China a topic even when it is a party to the meeting."""
    return keyword_pattern(lexicons()["topics"].get("china_as_party", []) or ["$^"])


_GROUP_SUBJECT = re.compile(
    r"^\W*(?:The|Both)\s+(?:two|three|four)?\s*(?:leaders|ministers|officials|sides|diplomats|envoys|advisers|countries|nations)\b|^\W*They\b"
)
_AND_AFTER = re.compile(r"^\s+and\b")
_REPORTING_VERB = re.compile(r"\b(?:said|told)\b")
_BACK_REFERENCE = re.compile(r"^(?:this|that|it|such|they)\b", re.IGNORECASE)
_START = attrgetter("start")
_POSITION = itemgetter(0)


@lru_cache(maxsize=4096)
def _prov(confidence: float) -> FieldProvenance:
    """A rules provenance with `confidence` clamped to [0, 1] and rounded to 3 places, one shared object per value.

    Built without re-validation: the values are known valid, and nothing downstream mutates a
    FieldProvenance in place (reconciliation replaces them), so sharing one object is safe.
    """
    rounded = round(min(max(confidence, 0.0), 1.0), 3)
    return _record(FieldProvenance, {"source": Source.rules, "confidence": rounded, "conflict": None})


_Model = TypeVar("_Model", bound=BaseModel)
_new_object = object.__new__
# the slot setters of BaseModel's instance state, called directly (cheaper than object.__setattr__)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _record(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """`cls.model_construct(**values)` without its per-field loop, for the hot record-building path.

    `values` must hold every field of `cls`, in declaration order, already valid: the result is then the
    object `model_construct` makes (same `__dict__`, fields set, no extra or private values).
    """
    record = _new_object(cls)
    _set_dict(record, values)
    _set_fields_set(record, set(_FIELD_NAMES[cls]))
    _set_extra(record, None)
    _set_private(record, None)
    return record


_FIELD_NAMES: dict[type[BaseModel], frozenset[str]] = {}


def _check_plain(*classes: type[BaseModel]) -> None:
    """Fail at import if a model needs more than `_record` does (aliases, private state, extras, post-init).

    Each class that passes gets its field names in `_FIELD_NAMES` (a copy is cheaper than `set(values)`).
    """
    for cls in classes:
        if (
            cls.__pydantic_post_init__
            or cls.__private_attributes__
            or cls.__pydantic_root_model__
            or cls.model_config.get("extra") == "allow"
            or any(f.alias or f.validation_alias for f in cls.__pydantic_fields__.values())
        ):
            raise TypeError(f"{cls.__name__} cannot be built with _record")
        _FIELD_NAMES[cls] = frozenset(cls.__pydantic_fields__)


_check_plain(FieldProvenance, Span, Location, Participant, Meeting, Statement)
_SPAN_FIELDS = _FIELD_NAMES[Span]
# the provenances of the fixed confidences records use, looked up once
_PROV_50, _PROV_60, _PROV_65, _PROV_70, _PROV_75, _PROV_80, _PROV_85, _PROV_90 = map(
    _prov, (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)
)


@lru_cache(maxsize=256)
def _party_provs(confidence: float) -> tuple[FieldProvenance, FieldProvenance, FieldProvenance]:
    """The provenances of a party found with `confidence`: of a cited name or country, of its title, of a country without evidence."""
    return _prov(confidence), _prov(confidence - 0.1), _prov(confidence - 0.2)
_EXACT = AlignmentStatus.exact
# enum members by value, memoized (an unknown value still raises the enum's own ValueError)
_act = lru_cache(maxsize=64)(Act)
_meeting_status = lru_cache(maxsize=16)(MeetingStatus)
_meeting_format = lru_cache(maxsize=16)(MeetingFormat)


def _speakers_in(s: StatementDraft, parties: tuple[list[str], list[str]]) -> bool:
    """Whether every speaker of `s` is a party of the meeting with these party (names, countries)."""
    names, countries = parties
    for p in s.speakers:
        if p.name:
            if not any(same_person(p.name, n) or same_person(n, p.name) for n in names):
                return False
        elif p.country not in countries:
            return False
    return True


class _Spans(dict[tuple[int, int], Span]):
    """Evidence spans of one article by cleaned-text (start, end), as `article.span` makes them.

    A dict, so that a range seen before costs one lookup (`spans[rng]`); a new range is mapped to the
    original text once and its (frozen) Span shared by every record that cites it.
    """

    def __init__(self, article: Article) -> None:
        super().__init__()
        assert article.offsets is not None
        self._to_original = article.offsets.span_to_original
        self._original = article.original
        segments = article.offsets.segments
        # a text cleaning kept in one stretch (the usual case): a non-empty range ending inside it is
        # shifted by the stretch's offset, which is what `span_to_original` does, without the call
        self._reach, self._shift = -1, 0
        if len(segments) == 1:
            clean_start, orig_start, length = segments[0]
            self._reach, self._shift = clean_start + length, orig_start - clean_start

    def __missing__(self, rng: tuple[int, int]) -> Span:
        """Build, keep and return the Span of a range not seen before."""
        start, end = rng
        if start < end <= self._reach:
            start += self._shift
            end += self._shift
        else:
            start, end = self._to_original(start, end)
        # `_record(Span, ...)` spelled out: this is the most frequent record
        span = self[rng] = _new_object(Span)
        _set_dict(span, {"start": start, "end": end, "text": self._original[start:end], "alignment": _EXACT})
        _set_fields_set(span, set(_SPAN_FIELDS))
        _set_extra(span, None)
        _set_private(span, None)
        return span


class _TopicsOf(dict[str, tuple[Topic, ...]]):
    """`topics_in` of the texts of one article, each found once: its meetings share sentences."""

    def __missing__(self, text: str) -> tuple[Topic, ...]:
        """Find, keep and return the topics of a text not seen before."""
        found = self[text] = topics_in(text)
        return found


# One short article run when the extractor is made: it touches every lazily built pattern and knowledge file.
_WARM_UP = (
    'SEOUL, May 8 (Yonhap) -- South Korean Foreign Minister Kim Min-su held talks with his Japanese counterpart '
    'Sato Ken in Tokyo on Monday, and they agreed to meet again next month. "We will work together," Kim said.'
)


class RulesExtractor:
    """Extracts meetings and statements with patterns only; knowledge is loaded once per process."""

    def __init__(self) -> None:
        # compile every pattern now, so the first article pays no loading cost
        _meeting_patterns()
        _place_pattern()
        _statement_patterns()
        topics_in("")  # builds the topic scanner too
        _target_patterns()
        # the knowledge files and the patterns built from them on first use
        self.extract(Article(id="warm-up", text=_WARM_UP, published=dt.date(2024, 5, 8)))

    def extract(self, article: Article) -> ArticleExtraction:
        """All meetings and statements of `article`, with evidence spans and provenance."""
        doc = Document.build(article.text, article.published, article.title, article.outlet)
        drafts = MeetingFinder(doc).run()
        drafts.sort(key=lambda m: min(t[0] for t in m.triggers))
        statements = StatementFinder(doc, drafts).run()
        return _Records(article, doc, drafts, statements).extraction()


class _Records:
    """The records of one article from its rule drafts, with the per-article lookups they share computed once."""

    def __init__(
        self,
        article: Article,
        doc: Document,
        drafts: list[MeetingDraft],
        statements: list[StatementDraft],
    ) -> None:
        self.article = article
        self.doc = doc
        self.drafts = drafts
        self.statements = statements
        self.span = _Spans(article)
        self.parties = {id(d): (d.names, d.countries) for d in drafts}
        self.meeting_numbers = {id(d): drafts.index(d) + 1 for d in drafts}
        # (first sentence, draft) of each meeting that starts a block, in sentence order
        self.block_starts = sorted(
            ((doc.sentence_at(min(t[0] for t in d.triggers)).index, d) for d in drafts if d.block),
            key=_POSITION,
        )
        self.paragraphs: dict[int, list[Sentence]] = {}
        for sent in doc.sentences:
            self.paragraphs.setdefault(sent.paragraph, []).append(sent)
        self.by_sentence: dict[int, list[StatementDraft]] = {}
        for s in statements:
            self.by_sentence.setdefault(s.sentence, []).append(s)
        self.persons = sorted(doc.persons, key=_START)
        self.person_starts = [p.start for p in self.persons]
        # each state named, with the offset a range must reach to hold the naming: a country mention
        # must lie inside the range, a person mention need only start in it
        named = [((c.code, c.start, c.end), c.end) for c in doc.cmentions]
        named += [((p.country, p.start, p.end), p.start + 1) for p in doc.persons if p.country]
        named.sort(key=lambda entry: entry[0][1])
        self.named = named
        self.named_starts = [c[1] for c, _ in named]
        # the runs of coordinated states that can ally a speaker with another state (a one-code run cannot)
        self.alliances = sorted((item for item in doc.lists if len(item[2]) > 1), key=_POSITION)
        self.alliance_starts = [start for start, _, _ in self.alliances]
        self.alliance_reach = list(accumulate((end for _, end, _ in self.alliances), max))
        self._watch: tuple[str | None, int] | None = None
        self.topics_of = _TopicsOf()

    def extraction(self) -> ArticleExtraction:
        """Link statements to meetings, then build every record in article order."""
        self.link_statements()
        meeting = self.meeting
        meetings = [meeting(d, i) for i, d in enumerate(self.drafts, 1)]
        done: list[StatementDraft] = []
        statement = self.statement
        records = [statement(s, i, done) for i, s in enumerate(self.statements, 1)]
        article = self.article
        return ArticleExtraction(
            article_id=article.id,
            title=article.title,
            outlet=article.outlet,
            published=article.published,
            url=article.url,
            meetings=meetings,
            statements=records,
        )

    # -- statements ↔ meetings -------------------------------------------------------------------

    def link_statements(self) -> None:
        """Set `meeting` of each person/group statement made at a meeting the text places it in."""
        doc, drafts, statements = self.doc, self.drafts, self.statements
        inside = sorted(s.text_span for s in statements)
        inside_starts = [a for a, _ in inside]
        reach = list(accumulate((b for _, b in inside), max))
        activations: list[tuple[int, MeetingDraft]] = []
        for m in drafts:
            if not m.block:
                continue
            for t0, _, _ in m.triggers:
                # inside a statement: one starting at or before t0 reaches past it
                i = bisect_right(inside_starts, t0)
                if not (i and reach[i - 1] > t0):
                    activations.append((t0, m))
        activations.sort(key=_POSITION)
        positions = [p for p, _ in activations]
        sentence_of = [doc.sentence_at(p).index for p in positions]
        activated_in: dict[int, list[MeetingDraft]] = {}
        for (_, m), index in zip(activations, sentence_of):
            activated_in.setdefault(index, []).append(m)
        loose = [(m, [t[0] for t in m.triggers]) for m in drafts if not m.block]
        parties = self.parties
        for s in statements:
            if s.speaker_kind in ("org", "issuer", "country"):
                continue
            verb = s.verb_span[0]
            if loose:
                sent_start = doc.sentences[s.sentence].start
                # a meeting mentioned earlier in the same sentence whose people are the speakers ("..., where the leaders committed")
                same = [m for m, starts in loose if any(sent_start <= t0 < verb for t0 in starts)]
                if same and _speakers_in(s, parties[id(same[-1])]):
                    s.meeting = same[-1]
                    continue
            before = bisect_left(positions, max(verb, s.text_span[0]))
            if before:
                meeting = activations[before - 1][1]
                if meeting.status == "held" and _speakers_in(s, parties[id(meeting)]):
                    if not any(
                        _speakers_in(s, parties[id(m)])
                        for m in activated_in[sentence_of[before - 1]]
                        if m is not meeting
                    ):
                        s.meeting = meeting
                continue
            after = bisect_right(positions, verb)
            if after < len(activations) and s.speaker_kind == "group":
                meeting = activations[after][1]
                if (
                    meeting.status == "held"
                    and sentence_of[after] - s.sentence <= 2
                    and {p.country for p in s.speakers} == set(parties[id(meeting)][1])
                ):
                    s.meeting = meeting

    # -- records ---------------------------------------------------------------------------------

    def participant(self, p: Party) -> Participant:
        """The record of party or speaker `p`, with its name, title and country evidence."""
        evidence: dict[str, list[Span]] = {}
        prov: dict[str, FieldProvenance] = {}
        name, title, country = p.name, p.title, p.country
        span = self.span
        cited, titled, unplaced = _party_provs(p.confidence)
        if name and p.name_span:
            evidence["name"] = [span[p.name_span]]
            prov["name"] = cited
        if title and p.title_span:
            evidence["title"] = [span[p.title_span]]
            prov["title"] = titled
        if country:
            if p.country_span:
                evidence["country"] = [span[p.country_span]]
                prov["country"] = cited
            else:
                prov["country"] = unplaced
        return _record(
            Participant,
            {
                "name": name,
                "title": title,
                "country": country,
                "evidence": evidence,
                "provenance": prov,
            },
        )

    def meeting(self, d: MeetingDraft, number: int) -> Meeting:
        """The record of meeting draft `d`, numbered `number` (its date resolved onto the draft too)."""
        span = self.span
        d.date = (
            resolve_date(d.date_text, self.doc.published, scheduled=d.status == "scheduled")
            if d.date_text
            else None
        )
        names, countries = self.parties[id(d)]
        parties = d.parties
        named_countries = {p.country for p in parties if p.country}
        if any(code not in named_countries for code in countries):
            parties = list(parties)
            group_title = d.group_title.rstrip("s") if d.group_title else None
            for code in countries:
                if code not in named_countries:
                    parties.append(
                        Party(None, group_title, code, None, d.countries_span, d.countries_span, 0.6)
                    )
        evidence = {"trigger": [span[a, b] for a, b, _ in d.triggers]}
        prov = {
            "status": _PROV_85 if d.status_cue else _PROV_70,
            "format": _PROV_90 if d.format_cue else _PROV_65,
        }
        if d.date_span:
            evidence["date_text"] = [span[d.date_span]]
            prov["date_text"] = _PROV_85
            prov["date"] = _PROV_85 if d.date else _PROV_60
        if d.location_span:
            evidence["location"] = [span[d.location_span]]
            prov["location"] = _PROV_80
        if d.format_cue:
            evidence["format"] = [span[d.format_cue]]
        if d.status_cue:
            evidence["status"] = [span[d.status_cue]]
        if d.countries_span:
            evidence["countries"] = [span[d.countries_span]]
        prov["countries"] = (
            _PROV_80 if d.countries_span or all(p.country_span for p in d.parties) else _PROV_65
        )
        topics = self.topics(d, countries)
        prov["topics"] = _PROV_60
        confidence = (
            0.55
            + 0.1 * min(len(names), 2)
            + (0.1 if d.block else 0.0)
            + (0.05 if len(d.triggers) > 1 else 0.0)
        )
        prov["meeting"] = _prov(confidence)
        location = None
        if d.location_name or d.location_country:
            location = _record(Location, {"name": d.location_name, "country": d.location_country})
        participant = self.participant
        # built unvalidated: every value comes from typed parts (enums, sorted ISO3 codes)
        return _record(
            Meeting,
            {
                "id": f"m{number}",
                "status": _meeting_status(d.status),
                "format": _meeting_format(d.format),
                "date": d.date,
                "date_text": d.date_text,
                "location": location,
                "countries": countries,
                "participants": [participant(p) for p in parties],
                "topics": topics,
                "confidence": round(min(confidence, 0.95), 3),
                "evidence": evidence,
                "provenance": prov,
            },
        )

    def persons_in(self, sent: Sentence) -> list[Mention]:
        """The person mentions starting inside `sent` (in offset order)."""
        starts = self.person_starts
        return self.persons[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]

    def topics(self, d: MeetingDraft, countries: list[str]) -> list[Topic]:
        """Topics from the sentences the article ties to meeting `d` (its block, people, statements and paragraph)."""
        doc = self.doc
        texts: list[str] = []
        if not d.block:
            for t0, t1, _ in d.triggers:
                sent = doc.sentence_at(t0)
                left = doc.text.rfind(",", sent.start, t0)
                right = doc.text.find(",", t1, sent.end)
                texts.append(
                    doc.text[
                        (left + 1 if left >= 0 else sent.start) : (
                            right if right >= 0 else sent.end
                        )
                    ]
                )
        else:
            by_sentence = self.by_sentence
            chosen = {doc.sentence_at(t0).index for t0, _, _ in d.triggers}
            chosen.update(s.sentence for s in self.statements if s.meeting is d)
            first = min(chosen)
            end = next(
                (i for i, m in self.block_starts if i > first and m is not d), len(doc.sentences)
            )
            names = self.parties[id(d)][0]
            party_of: dict[str, bool] = {}  # person name -> whether it names a party (people recur)

            def party(p: Mention) -> bool:
                """Whether person mention `p` names a party of `d`."""
                name = p.name or ""
                known = party_of.get(name)
                if known is None:
                    known = party_of[name] = any(same_person(name, n) for n in names)
                return known

            for sent in doc.sentences[first:end]:
                if sent.duplicate:
                    continue
                if _GROUP_SUBJECT.match(sent.text):
                    chosen.add(sent.index)
                    continue
                persons = self.persons_in(sent)
                if (
                    persons
                    and all(map(party, persons))
                    and not any(s.meeting is not d for s in by_sentence.get(sent.index, ()))
                ):
                    chosen.add(sent.index)
            # the rest of each chosen sentence's paragraph, unless it is about someone else
            paragraphs = {doc.sentences[i].paragraph for i in chosen}
            for paragraph in paragraphs:
                for sent in self.paragraphs[paragraph]:
                    if sent.index in chosen or sent.duplicate:
                        continue
                    foreign = not all(map(party, self.persons_in(sent)))
                    other = any(
                        s.meeting is not d and s.speaker_kind in ("person", "pronoun")
                        for s in by_sentence.get(sent.index, ())
                    )
                    if not foreign and not other:
                        chosen.add(sent.index)
            texts = [doc.sentences[i].text for i in sorted(chosen)]
        topics_of = self.topics_of
        found = list(dict.fromkeys(topic for text in texts for topic in topics_of[text]))
        if (
            d.block
            and len(countries) == 3
            and Topic.trilateral_cooperation not in found
        ):
            found.append(Topic.trilateral_cooperation)
        if "CHN" in countries and Topic.china in found:
            # China as a party is not China as a topic, unless the text names a Chinese security issue
            strong = _china_party_pattern()
            if not any(strong.search(t) for t in texts):
                found.remove(Topic.china)
        return found

    def statement(self, s: StatementDraft, number: int, done: list[StatementDraft]) -> Statement:
        """The record of statement draft `s`, numbered `number`; `done` holds the statements before it."""
        span = self.span
        target, target_span = self.target(s, done)
        s.extra["target"] = target
        done.append(s)
        evidence = {"text": [span[s.text_span]], "act": [span[s.verb_span]]}
        speakers = s.speakers
        cited = [span[p.name_span] for p in speakers if p.name_span]
        if cited:
            evidence["speakers"] = cited
        else:
            title_span = next((p.title_span for p in speakers if p.title_span), None)
            if title_span:
                evidence["speakers"] = [span[title_span]]
        if target_span:
            evidence["target"] = [span[target_span]]
        confidence = round(0.5 + 0.3 * s.confidence, 3)
        prov = {
            "text": _PROV_85 if s.direct else _PROV_75,
            "direct": _PROV_90,
            "speakers": _prov(s.confidence),
            "act": _PROV_60 if s.act_from_content or s.act == "other" else _PROV_85,
            "target": _PROV_75 if target_span else _PROV_50,
            "meeting_id": _PROV_70,
            "statement": _prov(confidence),
        }
        meeting_id = None
        if s.meeting is not None:
            number_of = self.meeting_numbers.get(id(s.meeting))
            if number_of is None and s.meeting in self.drafts:
                number_of = self.drafts.index(s.meeting) + 1
            if number_of is not None:
                meeting_id = f"m{number_of}"
        participant = self.participant
        return _record(
            Statement,
            {
                "id": f"s{number}",
                "speakers": [participant(p) for p in speakers],
                "text": s.text,
                "direct": s.direct,
                "act": _act(s.act),
                "target": target,
                "meeting_id": meeting_id,
                "confidence": confidence,
                "evidence": evidence,
                "provenance": prov,
            },
        )

    def candidates(self, a: int, b: int, speakers: set[str]) -> list[tuple[str, int, int]]:
        """(code, start, end) in start order of the states named in [a, b), other than the speakers and their allies.

        A state is named by a country mention inside [a, b) or by a person mention with a country starting in it
        (country mentions first at equal starts, as `Document.countries_in` and `doc.persons` order them).
        """
        starts = self.named_starts
        lo = bisect_left(starts, a)
        hi = bisect_right(starts, b, lo)
        if lo == hi:
            return []
        found = [c for c, reach in self.named[lo:hi] if reach <= b]
        if not speakers or not found:
            return found
        allied: set[str] = set()
        alliances, reach = self.alliances, self.alliance_reach
        # the runs starting before b, last first, while one of them or an earlier one still reaches past a
        i = bisect_left(self.alliance_starts, b)
        while i and reach[i - 1] > a:
            i -= 1
            _, end, codes = alliances[i]
            if end > a and not speakers.isdisjoint(codes):
                allied.update(codes)
        return [c for c in found if c[0] not in speakers and c[0] not in allied]

    def watched(self) -> tuple[str | None, int]:
        """The most-mentioned watch state of the article and its mention count (counted once per article)."""
        if self._watch is None:
            watch = _target_patterns()[1]
            codes = [c.code for c in self.doc.cmentions]
            best = max(watch, key=codes.count) if watch else None
            self._watch = (best, codes.count(best) if best else 0)
        return self._watch

    def target(
        self, s: StatementDraft, done: list[StatementDraft]
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The one state `s` is about: named in its words, else in its sentence, else the earlier statement
        its "this"/"it" refers to, else (for an action such as "the launch") the most-mentioned watch state."""
        doc = self.doc
        speakers = {p.country for p in s.speakers if p.country}
        start, end = s.text_span
        found = self.candidates(start, end, speakers)
        if found:
            codes = list(dict.fromkeys(c[0] for c in found))
            if len(codes) > 1:
                strong = [
                    c
                    for c in found
                    if c[2] - c[1] > 9
                    or any(m.code == c[0] and m.kind != "context" for m in doc.countries_in(c[1], c[2]))
                ]
                if len({c[0] for c in strong}) == 1:
                    found, codes = strong, [strong[0][0]]
            if len(codes) == 1:
                return codes[0], found[0][1:]
            if len(codes) > 1:
                first = found[0]
                head = doc.text[start : first[1]]
                after = doc.text[first[2] : first[2] + 12]
                if len(head.split()) <= 2 and not _AND_AFTER.match(after):
                    return first[0], first[1:]
                return None, None
        sent = doc.sentences[s.sentence]
        around = [
            c for c in self.candidates(sent.start, sent.end, speakers) if not (start <= c[1] < end)
        ]
        codes = list(dict.fromkeys(c[0] for c in around))
        if len(codes) == 1 and not _REPORTING_VERB.search(doc.text[sent.start : start]):
            return codes[0], around[0][1:]
        if _BACK_REFERENCE.match(s.text):
            earlier = [
                o
                for o in done
                if o.speakers
                and s.speakers
                and o.speakers[0].name == s.speakers[0].name
                and o.speakers[0].country == s.speakers[0].country
            ]
            if earlier and earlier[-1].extra.get("target"):
                return earlier[-1].extra["target"], None
        best, count = self.watched()
        if best and count > 0 and best not in speakers and _target_patterns()[0].names_in(s.text):
            return best, None
        return None, None

"""The rules extractor: meetings and statements from patterns and editable data, with evidence spans."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extractor.articles import Article
from extractor.knowledge import lexicons
from extractor.normalize import resolve_date, same_person
from extractor.rules.document import Document
from extractor.rules.meetings import MeetingDraft, MeetingFinder, Party, _place_pattern
from extractor.rules.meetings import _patterns as _meeting_patterns
from extractor.rules.people import Mention
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
def _target_patterns() -> tuple[re.Pattern[str], tuple[str, ...]]:
    lex = lexicons()
    return re.compile(rf"\b(?:{'|'.join(lex['action_cues'])})\b", re.IGNORECASE), tuple(
        lex["watch_states"]
    )


@lru_cache(maxsize=1)
def _china_party_pattern() -> re.Pattern[str]:
    """Cues that make China a topic even when it is a party to the meeting."""
    cues = lexicons()["topics"].get("china_as_party", []) or ["$^"]
    return re.compile(rf"\b(?:{'|'.join(cues)})", re.IGNORECASE)


_GROUP_SUBJECT = re.compile(
    r"^\W*(?:The|Both)\s+(?:two|three|four)?\s*(?:leaders|ministers|officials|sides|diplomats|envoys|advisers|countries|nations)\b|^\W*They\b"
)
_AND_AFTER = re.compile(r"^\s+and\b")
_REPORTING_VERB = re.compile(r"\b(?:said|told)\b")
_BACK_REFERENCE = re.compile(r"^(?:this|that|it|such|they)\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _prov(confidence: float) -> FieldProvenance:
    """A rules provenance with `confidence` rounded to 3 places (one shared object per value)."""
    return _prov_cached(round(min(max(confidence, 0.0), 1.0), 3))


@lru_cache(maxsize=1024)
def _prov_cached(confidence: float) -> FieldProvenance:
    # Shared and built without re-validation: the values are known valid, and nothing downstream mutates a
    # FieldProvenance in place (reconciliation replaces them), so one object per confidence value is safe.
    return FieldProvenance.model_construct(
        source=Source.rules, confidence=confidence, conflict=None
    )


class _Spans:
    """Evidence spans of one article, as `article.span` makes them, one shared (frozen) Span per range."""

    def __init__(self, article: Article) -> None:
        assert article.offsets is not None
        self._to_original = article.offsets.span_to_original
        self._original = article.original
        self._cache: dict[tuple[int, int], Span] = {}

    def __call__(self, start: int, end: int) -> Span:
        """The Span of cleaned-text range [start, end)."""
        span = self._cache.get((start, end))
        if span is None:
            o_start, o_end = self._to_original(start, end)
            span = Span(
                start=o_start,
                end=o_end,
                text=self._original[o_start:o_end],
                alignment=AlignmentStatus.exact,
            )
            self._cache[(start, end)] = span
        return span


class RulesExtractor:
    """Extracts meetings and statements with patterns only; knowledge is loaded once per process."""

    def __init__(self) -> None:
        # compile every pattern now, so the first article pays no loading cost
        _meeting_patterns()
        _place_pattern()
        _statement_patterns()
        topic_patterns()
        _target_patterns()

    def extract(self, article: Article) -> ArticleExtraction:
        """All meetings and statements of `article`, with evidence spans and provenance."""
        doc = Document.build(article.text, article.published, article.title)
        drafts = MeetingFinder(doc).run()
        drafts.sort(key=lambda m: min(t[0] for t in m.triggers))
        statements = StatementFinder(doc, drafts).run()
        spans = _Spans(article)
        done: list[StatementDraft] = []
        self._link_statements(doc, drafts, statements)
        meetings = [
            self._meeting(spans, doc, d, i + 1, statements, drafts)
            for i, d in enumerate(drafts)
        ]
        records = [
            self._statement(spans, doc, s, i + 1, drafts, done)
            for i, s in enumerate(statements)
        ]
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

    def _link_statements(
        self,
        doc: Document,
        drafts: list[MeetingDraft],
        statements: list[StatementDraft],
    ) -> None:
        inside = [(s.text_span[0], s.text_span[1]) for s in statements]
        activations: list[tuple[int, MeetingDraft]] = []
        for m in drafts:
            if not m.block:
                continue
            for t0, _, _ in m.triggers:
                if not any(a <= t0 < b for a, b in inside):
                    activations.append((t0, m))
        activations.sort(key=lambda a: a[0])
        positions = [p for p, _ in activations]
        for s in statements:
            if s.speaker_kind in ("org", "issuer", "country"):
                continue
            verb = s.verb_span[0]
            sent = doc.sentences[s.sentence]
            # a meeting mentioned earlier in the same sentence whose people are the speakers ("..., where the leaders committed")
            same = [
                m
                for m in drafts
                if not m.block
                and any(sent.start <= t0 < verb for t0, _, _ in m.triggers)
            ]
            if same and self._speakers_in(s, same[-1]):
                s.meeting = same[-1]
                continue
            before = bisect.bisect_left(positions, max(verb, s.text_span[0]))
            if before:
                pos, meeting = activations[before - 1]
                if meeting.status == "held" and self._speakers_in(s, meeting):
                    rivals = [
                        m
                        for p, m in activations
                        if m is not meeting
                        and doc.sentence_at(p).index == doc.sentence_at(pos).index
                    ]
                    if not any(self._speakers_in(s, r) for r in rivals):
                        s.meeting = meeting
                continue
            after = bisect.bisect_right(positions, verb)
            if after < len(activations) and s.speaker_kind == "group":
                pos, meeting = activations[after]
                if (
                    meeting.status == "held"
                    and doc.sentence_at(pos).index - s.sentence <= 2
                    and {p.country for p in s.speakers} == set(meeting.countries)
                ):
                    s.meeting = meeting

    @staticmethod
    def _speakers_in(s: StatementDraft, m: MeetingDraft) -> bool:
        names = m.names
        for p in s.speakers:
            if p.name:
                if not any(
                    same_person(p.name, n) or same_person(n, p.name) for n in names
                ):
                    return False
            elif p.country not in m.countries:
                return False
        return True

    # -- records ---------------------------------------------------------------------------------

    def _participant(self, span: _Spans, p: Party) -> Participant:
        evidence = {}
        prov = {}
        if p.name and p.name_span:
            evidence["name"] = [span(*p.name_span)]
            prov["name"] = _prov(p.confidence)
        if p.title and p.title_span:
            evidence["title"] = [span(*p.title_span)]
            prov["title"] = _prov(p.confidence - 0.1)
        if p.country:
            if p.country_span:
                evidence["country"] = [span(*p.country_span)]
            prov["country"] = _prov(
                p.confidence if p.country_span else p.confidence - 0.2
            )
        return Participant.model_construct(
            name=p.name,
            title=p.title,
            country=p.country,
            evidence=evidence,
            provenance=prov,
        )

    def _meeting(
        self,
        span: _Spans,
        doc: Document,
        d: MeetingDraft,
        number: int,
        statements: list[StatementDraft],
        drafts: list[MeetingDraft],
    ) -> Meeting:
        d.date = (
            resolve_date(d.date_text, doc.published, scheduled=d.status == "scheduled")
            if d.date_text
            else None
        )
        parties = list(d.parties)
        named_countries = {p.country for p in parties if p.country}
        for code in d.countries:
            if code not in named_countries:
                parties.append(
                    Party(
                        None,
                        d.group_title.rstrip("s") if d.group_title else None,
                        code,
                        None,
                        d.countries_span,
                        d.countries_span,
                        0.6,
                    )
                )
        evidence = {"trigger": [span(a, b) for a, b, _ in d.triggers]}
        prov = {
            "status": _prov(0.85 if d.status_cue else 0.7),
            "format": _prov(0.9 if d.format_cue else 0.65),
        }
        if d.date_span:
            evidence["date_text"] = [span(*d.date_span)]
            prov["date_text"] = _prov(0.85)
            prov["date"] = _prov(0.85 if d.date else 0.6)
        if d.location_span:
            evidence["location"] = [span(*d.location_span)]
            prov["location"] = _prov(0.8)
        if d.format_cue:
            evidence["format"] = [span(*d.format_cue)]
        if d.status_cue:
            evidence["status"] = [span(*d.status_cue)]
        if d.countries_span:
            evidence["countries"] = [span(*d.countries_span)]
        prov["countries"] = _prov(
            0.8 if d.countries_span or all(p.country_span for p in d.parties) else 0.65
        )
        topics = self._topics(doc, d, statements, drafts)
        prov["topics"] = _prov(0.6)
        confidence = (
            0.55
            + 0.1 * min(len([p for p in d.parties if p.name]), 2)
            + (0.1 if d.block else 0.0)
            + (0.05 if len(d.triggers) > 1 else 0.0)
        )
        prov["meeting"] = _prov(confidence)
        location = None
        if d.location_name or d.location_country:
            location = Location.model_construct(
                name=d.location_name, country=d.location_country
            )
        # model_construct: every value is built above from typed parts (enums, sorted ISO3 codes)
        return Meeting.model_construct(
            id=f"m{number}",
            status=MeetingStatus(d.status),
            format=MeetingFormat(d.format),
            date=d.date,
            date_text=d.date_text,
            location=location,
            countries=d.countries,
            participants=[self._participant(span, p) for p in parties],
            topics=topics,
            confidence=round(min(confidence, 0.95), 3),
            evidence=evidence,
            provenance=prov,
        )

    def _topics(
        self,
        doc: Document,
        d: MeetingDraft,
        statements: list[StatementDraft],
        drafts: list[MeetingDraft],
    ) -> list[Topic]:
        """Topics from the sentences the article ties to meeting `d` (its block, people, statements and paragraph)."""
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
            chosen: set[int] = set()
            for t0, _, _ in d.triggers:
                chosen.add(doc.sentence_at(t0).index)
            for s in statements:
                if s.meeting is d:
                    chosen.add(s.sentence)
            first = min(chosen)
            starts = sorted(
                doc.sentence_at(min(t[0] for t in m.triggers)).index
                for m in drafts
                if m.block and m is not d
            )
            end = next((i for i in starts if i > first), len(doc.sentences))
            names = d.names
            people = sorted(doc.persons, key=lambda p: p.start)
            people_starts = [p.start for p in people]

            def persons_in(sent: Sentence) -> list[Mention]:
                """The person mentions starting inside `sent` (in offset order)."""
                return people[
                    bisect.bisect_left(people_starts, sent.start) : bisect.bisect_left(people_starts, sent.end)
                ]

            for sent in doc.sentences[first:end]:
                if sent.duplicate:
                    continue
                if _GROUP_SUBJECT.match(sent.text):
                    chosen.add(sent.index)
                    continue
                persons = persons_in(sent)
                about_them = persons and all(
                    any(same_person(p.name or "", n) for n in names) for p in persons
                )
                if about_them and not any(
                    s.sentence == sent.index and s.meeting is not d for s in statements
                ):
                    chosen.add(sent.index)
            # the rest of each chosen sentence's paragraph, unless it is about someone else
            paragraphs = {doc.sentences[i].paragraph for i in chosen}
            for sent in doc.sentences:
                if (
                    sent.index in chosen
                    or sent.paragraph not in paragraphs
                    or sent.duplicate
                ):
                    continue
                persons = persons_in(sent)
                foreign = any(
                    not any(same_person(p.name or "", n) for n in names)
                    for p in persons
                )
                other = any(
                    s.sentence == sent.index
                    and s.meeting is not d
                    and s.speaker_kind in ("person", "pronoun")
                    for s in statements
                )
                if not foreign and not other:
                    chosen.add(sent.index)
            texts = [doc.sentences[i].text for i in sorted(chosen)]
        found: list[Topic] = []
        for text in texts:
            for topic in topics_in(text):
                if topic not in found:
                    found.append(topic)
        if (
            d.block
            and len(d.countries) == 3
            and Topic.trilateral_cooperation not in found
        ):
            found.append(Topic.trilateral_cooperation)
        if "CHN" in d.countries and Topic.china in found:
            # China as a party is not China as a topic, unless the text names a Chinese security issue
            strong = _china_party_pattern()
            if not any(strong.search(t) for t in texts):
                found.remove(Topic.china)
        return found

    def _statement(
        self,
        span: _Spans,
        doc: Document,
        s: StatementDraft,
        number: int,
        drafts: list[MeetingDraft],
        done: list[StatementDraft],
    ) -> Statement:
        target, target_span = self._target(doc, s, done)
        s.extra["target"] = target
        done.append(s)
        evidence = {
            "text": [span(*s.text_span)],
            "act": [span(*s.verb_span)],
            "speakers": [span(*p.name_span) for p in s.speakers if p.name_span],
        }
        if not evidence["speakers"]:
            evidence["speakers"] = [
                span(*p.title_span) for p in s.speakers if p.title_span
            ][:1]
        if target_span:
            evidence["target"] = [span(*target_span)]
        prov = {
            "text": _prov(0.85 if s.direct else 0.75),
            "direct": _prov(0.9),
            "speakers": _prov(s.confidence),
            "act": _prov(0.6 if s.act_from_content or s.act == "other" else 0.85),
            "target": _prov(0.75 if target_span else 0.5),
            "meeting_id": _prov(0.7),
        }
        confidence = round(0.5 + 0.3 * s.confidence, 3)
        prov["statement"] = _prov(confidence)
        meeting_id = (
            f"m{drafts.index(s.meeting) + 1}"
            if s.meeting is not None and s.meeting in drafts
            else None
        )
        return Statement.model_construct(
            id=f"s{number}",
            speakers=[self._participant(span, p) for p in s.speakers],
            text=s.text,
            direct=s.direct,
            act=Act(s.act),
            target=target,
            meeting_id=meeting_id,
            confidence=confidence,
            evidence={k: v for k, v in evidence.items() if v},
            provenance=prov,
        )

    def _target(
        self, doc: Document, s: StatementDraft, done: list[StatementDraft]
    ) -> tuple[str | None, tuple[int, int] | None]:
        """The one state `s` is about: named in its words, else in its sentence, else the earlier statement
        its "this"/"it" refers to, else (for an action such as "the launch") the most-mentioned watch state."""
        speakers = {p.country for p in s.speakers if p.country}
        start, end = s.text_span

        def candidates(a: int, b: int) -> list[tuple[str, int, int]]:
            found = [(c.code, c.start, c.end) for c in doc.countries_in(a, b)]
            found += [
                (p.country, p.start, p.end)
                for p in doc.persons
                if a <= p.start < b and p.country
            ]
            found.sort(key=lambda x: x[1])
            allied: set[str] = set()
            for ls, le, codes in doc.lists:
                if ls < b and le > a and not speakers.isdisjoint(codes):
                    allied.update(codes)
            return [c for c in found if c[0] not in speakers and c[0] not in allied]

        found = candidates(start, end)
        strong = [
            c
            for c in found
            if c[2] - c[1] > 9
            or any(m.code == c[0] and m.kind != "context" for m in doc.countries_in(c[1], c[2]))
        ]
        if len({c[0] for c in strong}) == 1 and len({c[0] for c in found}) > 1:
            found = strong
        codes = list(dict.fromkeys(c[0] for c in found))
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
            c for c in candidates(sent.start, sent.end) if not (start <= c[1] < end)
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
        cue, watch = _target_patterns()
        if cue.search(s.text):
            counts = {code: 0 for code in watch}
            for c in doc.cmentions:
                if c.code in counts:
                    counts[c.code] += 1
            best = max(counts, key=lambda k: counts[k]) if counts else None
            if best and counts[best] > 0 and best not in speakers:
                return best, None
        return None, None

"""Ground every string of an extraction in its article, keeping ungrounded values out of the records.

Strict fields (the contract requires them verbatim: participant and speaker
`name`, `location.name`, `date_text`, statement `text`) that cannot be aligned
are set to None and moved to `rejected` (a statement whose text cannot be
aligned is rejected whole, as its JSON). Values aligned after normalisation or
fuzzily are replaced by the exact article text they aligned to, and their span
carries that alignment status. Titles are paraphrased even in gold ("senior
diplomat" for "a senior Japanese diplomat"), so a title only gets evidence when
it aligns and is otherwise kept as written. Rejected paths index the input.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractor.articles import Article
from extractor.validate.align import DEFAULT, Alignment, FuzzyThresholds, occurrences
from schemas import ArticleExtraction, Meeting, Participant, RejectedValue, Source, Span, Statement

_QUOTE_EDGES = " \t\r\n\"'\u201c\u201d\u2018\u2019\u00ab\u00bb"
NOT_IN_TEXT = "not in article text"


@dataclass
class _Grounder:
    """Aligns one extraction's values on one article and records what it rejects."""

    article: Article
    source: Source
    fuzzy: bool
    thresholds: FuzzyThresholds
    rejected: list[RejectedValue]

    def found(self, value: str | None, quoted: bool = False) -> list[Alignment]:
        """Occurrences of `value`; for a direct quote, of what lies inside its quotation marks."""
        if not value:
            return []
        value = value.strip()
        if quoted:
            # the contract's quote text excludes the marks and a comma or full stop inside the closing one
            value = value.strip(_QUOTE_EDGES).rstrip(".,").strip(_QUOTE_EDGES) or value
        return occurrences(value, self.article.text, fuzzy=self.fuzzy, thresholds=self.thresholds)

    def span(self, a: Alignment) -> Span:
        return self.article.span(a.start, a.end, a.status)

    def reject(self, path: str, value: object, reason: str = NOT_IN_TEXT) -> None:
        self.rejected.append(RejectedValue(path=path, value=value, reason=reason, source=self.source))

    def person(self, person: Participant, path: str, near: int | None) -> Span | None:
        """Ground a participant's name (strict) and title (evidence only); the name's span, if any."""
        person.evidence.pop("name", None)
        person.evidence.pop("title", None)
        name_span = None
        if person.name:
            hit = _closest(self.found(person.name), near)
            if hit is None:
                self.reject(f"{path}.name", person.name)
                person.name = None
            else:
                person.name = hit.matched_text
                name_span = self.span(hit)
                person.evidence["name"] = [name_span]
                near = hit.start
        if person.title:
            hit = _closest(self.found(person.title), near)
            if hit is not None:
                person.evidence["title"] = [self.span(hit)]
        return name_span

    def people(self, people: list[Participant], path: str, near: int | None, keep_one: bool) -> list[Span]:
        """Ground a list of people; drop those with an ungrounded name or nothing left (unless the list would become empty)."""
        spans: list[Span] = []
        kept: list[Participant] = []
        for k, person in enumerate(people):
            span = self.person(person, f"{path}[{k}]", near)
            if span is not None:
                spans.append(span)
            name_rejected = bool(self.rejected) and self.rejected[-1].path == f"{path}[{k}].name"
            # a person whose name is not in the text is dropped whole: the title and country came with the invented name
            if not name_rejected and (person.name or person.title or person.country):
                kept.append(person)
        if not kept and keep_one and people:
            kept = [people[0]]
        people[:] = kept
        return spans

    def meeting(self, meeting: Meeting, path: str) -> None:
        """Ground a meeting's values at the occurrences closest to where its place and date phrase sit together."""
        loc_name = meeting.location.name if meeting.location else None
        candidates = [self.found(v) for v in (loc_name, meeting.date_text)]
        # the place and date phrase belong to this meeting alone; names are shared with the
        # person's other meetings, so they only anchor a meeting that has neither
        anchor = _anchor(candidates)
        if anchor is None:
            anchor = _anchor([self.found(p.name) for p in meeting.participants])
        meeting.evidence.pop("location", None)
        meeting.evidence.pop("date_text", None)
        if meeting.location is not None and loc_name:
            hit = _closest(candidates[0], anchor)
            if hit is None:
                self.reject(f"{path}.location.name", loc_name)
                meeting.location.name = None
            else:
                meeting.location.name = hit.matched_text
                meeting.evidence["location"] = [self.span(hit)]
        if meeting.location is not None and meeting.location.name is None and meeting.location.country is None:
            meeting.location = None
        if meeting.date_text:
            hit = _closest(candidates[1], anchor)
            if hit is None:
                self.reject(f"{path}.date_text", meeting.date_text)
                meeting.date_text = None
            else:
                meeting.date_text = hit.matched_text
                meeting.evidence["date_text"] = [self.span(hit)]
        self.people(meeting.participants, f"{path}.participants", anchor, keep_one=False)

    def statement(self, statement: Statement, path: str, hit: Alignment | None) -> bool:
        """Ground a statement at `hit`; False (and the statement rejected whole) when its text was not found."""
        if hit is None:
            dump = statement.model_dump(mode="json", exclude={"evidence", "provenance"})
            self.reject(path, dump, "statement text not in article text")
            return False
        statement.text = hit.matched_text
        statement.evidence["text"] = [self.span(hit)]
        spans = self.people(statement.speakers, f"{path}.speakers", hit.start, keep_one=True)
        if spans:
            statement.evidence["speakers"] = spans
        else:
            statement.evidence.pop("speakers", None)
        return True

    def place_statements(self, statements: list[Statement]) -> list[Alignment | None]:
        """Where each statement's text is, None when nowhere.

        A text found at several places takes the first one not overlapping a longer
        statement's (a lead restating the body, a short text inside a longer one).
        """
        placed: list[Alignment | None] = [None] * len(statements)
        claimed: list[tuple[int, int]] = []
        for i in sorted(range(len(statements)), key=lambda k: -len(statements[k].text)):
            hits = self.found(statements[i].text, quoted=statements[i].direct)
            if hits:
                hit = next((h for h in hits if not any(h.start < e and s < h.end for s, e in claimed)), hits[0])
                claimed.append((hit.start, hit.end))
                placed[i] = hit
        return placed


def ground_extraction(
    extraction: ArticleExtraction,
    article: Article,
    *,
    source: Source = Source.llm,
    fuzzy: bool = True,
    thresholds: FuzzyThresholds = DEFAULT,
    inplace: bool = False,
) -> ArticleExtraction:
    """A copy of `extraction` (or, with `inplace`, the extraction itself) whose strings are grounded in `article`.

    Evidence keys: meetings `location`, `date_text`; statements `text`, `speakers`;
    participants `name`, `title`. Ungrounded strict values go to `rejected`
    (attributed to `source`) instead of the records.
    """
    out = extraction if inplace else extraction.model_copy(deep=True)
    g = _Grounder(article, source, fuzzy, thresholds, out.rejected)
    for i, meeting in enumerate(out.meetings):
        g.meeting(meeting, f"meetings[{i}]")
    places = g.place_statements(out.statements)
    pairs = enumerate(zip(out.statements, places, strict=True))
    out.statements = [s for i, (s, hit) in pairs if g.statement(s, f"statements[{i}]", hit)]
    return out


def _closest(hits: list[Alignment], near: int | None) -> Alignment | None:
    if not hits:
        return None
    if near is None:
        return hits[0]
    return min(hits, key=lambda a: (abs(a.start - near), a.start))


def _anchor(candidates: list[list[Alignment]]) -> int | None:
    """The occurrence that minimises the summed distance to the nearest occurrence of every other value."""
    starts = sorted({a.start for hits in candidates for a in hits})
    if not starts:
        return None
    groups = [[a.start for a in hits] for hits in candidates if hits]

    def cost(c: int) -> int:
        return sum(min(abs(s - c) for s in group) for group in groups)

    return min(starts, key=lambda c: (cost(c), c))

"""Normalise a model's grounded records: countries checked, one canonical name per person, tidy titles, dates re-resolved.

A model's date arithmetic is checked, not trusted: the date is recomputed from
`date_text` and the article's publication date with the same rule the rules
extractor uses; a date with no date phrase behind it is moved to `rejected`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.articles import Article
from schemas import ArticleExtraction, Meeting, Participant, RejectedValue, Source

_TITLE_EDGES = re.compile(r"^(?:the|a|an)\s+|[\s,;:.]+$", re.IGNORECASE)


def normalize_extraction(extraction: ArticleExtraction, article: Article, *, inplace: bool = False) -> ArticleExtraction:
    """Return a copy of `extraction` (or, with `inplace`, the extraction itself) with names linked, titles trimmed and dates re-resolved."""
    from extractor.normalize import resolve_date

    mentioned = mentioned_countries(article.original)

    out = extraction if inplace else extraction.model_copy(deep=True)
    people = [p for m in out.meetings for p in m.participants] + [p for s in out.statements for p in s.speakers]
    full_names = sorted({p.name for p in people if p.name and len(p.name.split()) > 1}, key=len, reverse=True)
    for person in people:
        _link_surname(person, full_names)
        if person.title:
            person.title = _TITLE_EDGES.sub("", " ".join(person.title.split())) or None
    for i, meeting in enumerate(out.meetings):
        _ground_countries(meeting, mentioned, f"meetings[{i}]", out.rejected)
        if meeting.date_text:
            scheduled = meeting.status.value == "scheduled"
            meeting.date = resolve_date(meeting.date_text, article.published, scheduled=scheduled)
        elif meeting.date is not None:
            out.rejected.append(
                RejectedValue(
                    path=f"meetings[{i}].date",
                    value=meeting.date.isoformat(),
                    reason="date given without a date phrase from the article",
                    source=Source.llm,
                )
            )
            meeting.date = None
    return out


@lru_cache(maxsize=32)
def mentioned_countries(text: str) -> frozenset[str]:
    """Codes of the countries `text` names (by name, demonym, capital or city); cached: normalisation and reconciliation both ask."""
    from extractor.normalize import country_mentions

    return frozenset(m.code for m in country_mentions(text))


def _ground_countries(meeting: Meeting, mentioned: frozenset[str], path: str, rejected: list[RejectedValue]) -> None:
    """Countries the article never mentions are rejected; the mentioned countries of the people taking part are added."""
    for code in sorted(set(meeting.countries) - mentioned):
        rejected.append(RejectedValue(path=f"{path}.countries", value=code, reason="country the article never mentions", source=Source.llm))
    for j, person in enumerate(meeting.participants):
        if person.country and person.country not in mentioned:
            rejected.append(RejectedValue(path=f"{path}.participants[{j}].country", value=person.country, reason="country the article never mentions", source=Source.llm))
            person.country = None
    people = {p.country for p in meeting.participants if p.country}
    meeting.countries = sorted((set(meeting.countries) & mentioned) | people)


def _link_surname(person: Participant, full_names: list[str]) -> None:
    """Replace a one-word name by the full name of the same person mentioned elsewhere in the article."""
    if not person.name or len(person.name.split()) != 1:
        return
    token = person.name.lower()
    for full in full_names:
        parts = full.lower().split()
        if token in (parts[0], parts[-1]):
            person.name = full
            return

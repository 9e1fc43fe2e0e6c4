"""Normalise a model's grounded records: one canonical name per person, tidy titles, dates re-resolved.

A model's date arithmetic is checked, not trusted: the date is recomputed from
`date_text` and the article's publication date with the same rule the rules
extractor uses; a date with no date phrase behind it is moved to `rejected`.
"""

from __future__ import annotations

import re

from extractor.articles import Article
from schemas import ArticleExtraction, Participant, RejectedValue, Source

_TITLE_EDGES = re.compile(r"^(?:the|a|an)\s+|[\s,;:.]+$", re.IGNORECASE)


def normalize_extraction(extraction: ArticleExtraction, article: Article, *, inplace: bool = False) -> ArticleExtraction:
    """Return a copy of `extraction` (or, with `inplace`, the extraction itself) with names linked, titles trimmed and dates re-resolved."""
    from extractor.normalize import resolve_date

    out = extraction if inplace else extraction.model_copy(deep=True)
    people = [p for m in out.meetings for p in m.participants] + [p for s in out.statements for p in s.speakers]
    full_names = sorted({p.name for p in people if p.name and len(p.name.split()) > 1}, key=len, reverse=True)
    for person in people:
        _link_surname(person, full_names)
        if person.title:
            person.title = _TITLE_EDGES.sub("", " ".join(person.title.split())) or None
    for i, meeting in enumerate(out.meetings):
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

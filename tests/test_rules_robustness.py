"""Any text, however broken, gives records whose quoted strings and evidence come from the article."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.articles import Article
from extractor.rules import RulesExtractor, extract_rules

RULES = RulesExtractor()
WORDS = [
    "Japan",
    "the U.S.",
    "South Korea",
    "North Korea's",
    "met",
    "said",
    "urged",
    "talks",
    "on Friday",
    "in Seoul",
    "Foreign Minister",
    "Kim Sung-han",
    "Jake Sullivan",
    "he",
    "they",
    "condemned",
    "“",
    "”",
    '"',
    ",",
    ".",
    "and",
    "telephone talks",
    "will",
    "summit",
    "in August",
    "spokesman",
    "(JCS)",
    "\n",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), max_size=80), st.text(max_size=60))
def test_records_quote_the_article(words: list[str], noise: str) -> None:
    text = " ".join(words) + noise
    result = RULES.extract(Article(id="fuzz", text=text))
    for s in result.statements:
        assert s.text and s.text in text
        assert s.speakers
    for m in result.meetings:
        assert m.countries == sorted(set(m.countries))
        assert all(p.name is None or p.name in text for p in m.participants)
    for record in list(result.meetings) + list(result.statements):
        for spans in record.evidence.values():
            for span in spans:
                assert text[span.start : span.end] == span.text


def test_empty_article_gives_empty_records() -> None:
    result = extract_rules(Article(id="empty", text=""))
    assert (
        result.meetings == []
        and result.statements == []
        and result.article_id == "empty"
    )


def test_in_quote_matches_a_scan_of_every_quotation_nested_overlapping_or_unsorted() -> None:
    import random

    from extractor.rules.document import Document

    rng = random.Random(3)
    for _ in range(300):
        doc = Document(text="x" * 200, published=None)
        spans = []
        for _ in range(rng.randrange(0, 6)):
            s = rng.randrange(0, 190)
            spans.append((s, s + rng.randrange(1, 60)))
        doc.quotes = spans
        for pos in range(0, 260, 3):
            assert doc.in_quote(pos) == any(s < pos < e for s, e in spans), (spans, pos)
        doc.quotes = spans + [(0, 250)]  # a replaced list is indexed again
        assert doc.in_quote(100)

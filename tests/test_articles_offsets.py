"""Property tests: cleaning only deletes, and every cleaned span maps back to the same original characters."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.articles import OffsetMap, article_from_text, clean_text, load_article
from tests.conftest import SEEDS_DIR

WORDS = ["Seoul", "talks", "met", "the", "ministers", "on", "Friday", "agreed", "“robust”", "Kim", "Japan’s", "a"]
FURNITURE = [
    "Advertisement",
    "• Home",
    "scroll to top",
    "Share",
    "+",
    "03 Apr 2021 03:04:06 GMT9",
    "JIJI Press",
    "Similar Readings (2 items)",
    "Most Popular",
    "URL: https://example.org/x",
    "Date: Jan. 18, 2024",
]

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(lambda ws: " ".join(ws) + ".")
line = st.one_of(
    sentence,
    st.sampled_from(FURNITURE),
    st.just(""),
    st.tuples(st.sampled_from(["  ", "\t", "\u00a0"]), sentence, st.sampled_from(["", " ", "\t"])).map("".join),
    st.text(alphabet="ab …\u00a0.[]", max_size=12),
)


@st.composite
def document(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line, min_size=1, max_size=30))
    if lines and draw(st.booleans()):
        lines += draw(st.lists(st.sampled_from(lines), max_size=5))  # pages that print parts twice
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


def _check_segments(original: str, text: str, offsets: OffsetMap) -> None:
    clean_pos = 0
    last_orig = -1
    for clean_start, orig_start, length in offsets.segments:
        assert clean_start == clean_pos and orig_start > last_orig and length > 0
        assert text[clean_start : clean_start + length] == original[orig_start : orig_start + length]
        clean_pos += length
        last_orig = orig_start + length - 1
    assert clean_pos == len(text)


@settings(max_examples=300, deadline=None)
@given(document(), st.data())
def test_cleaned_spans_map_to_the_same_original_characters(original: str, data: st.DataObject) -> None:
    cleaned = clean_text(original)
    text, offsets = cleaned.text, cleaned.offsets
    _check_segments(original, text, offsets)
    assert "\r" not in text and not text.startswith(("\n", " ")) and not text.endswith(("\n", " "))
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    o_start, o_end = offsets.span_to_original(start, end)
    inside_one_segment = any(c <= start and end <= c + n for c, _, n in offsets.segments)
    if inside_one_segment:
        assert original[o_start:o_end] == text[start:end]
    else:
        assert original[o_start] == text[start] and original[o_end - 1] == text[end - 1]


@settings(max_examples=100, deadline=None)
@given(document())
def test_cleaning_is_idempotent_on_its_own_output(original: str) -> None:
    once = clean_text(original).text
    assert clean_text(once).text == once


def test_article_span_returns_original_text_for_every_word_of_the_seeds() -> None:
    for path in sorted(Path(SEEDS_DIR).glob("*.txt")):
        article = load_article(path)
        assert article.offsets is not None
        _check_segments(article.original, article.text, article.offsets)
        pos = 0
        for word in article.text.split():
            start = article.text.index(word, pos)
            pos = start + len(word)
            span = article.span(start, pos)
            assert span.text == word and article.original[span.start : span.end] == word


def test_front_matter_offsets_point_past_the_block() -> None:
    article = article_from_text("---\ntitle: T\n---\nLeaders met in Hanoi on Monday.\n")
    span = article.span(15, 20)
    assert span.text == "Hanoi" and span.start == article.original.index("Hanoi")

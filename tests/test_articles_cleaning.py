"""The cleaner removes page furniture and repeats, and keeps every real article sentence."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.articles import clean_text, load_article
from tests.conftest import GOLD_DIR, SEEDS_DIR

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))

# Page furniture present in the raw seeds; none of it may survive cleaning.
FURNITURE = [
    "scroll to top",
    "return to top",
    "Advertisement",
    "HOME»",
    "•",
    "Since 1975",
    "facebook",
    "twitter\n",
    "Short Url",
    "GMT9",
    "Most Popular",
    "Recommended",
    "topics",
    "Similar Readings",
    "Summary",
    "Statistics",
    "Words1",
    "Read Count",
    "Category ID",
    "Last Read",
    "URL:",
    "N.Korean missiles",
    "JIJI Press",
    "[…]",
]


def _gold_strings(article_id: str) -> list[str]:
    gold = json.loads((GOLD_DIR / f"{article_id}.json").read_text(encoding="utf-8"))
    values = [s["text"] for s in gold["statements"]]
    for m in gold["meetings"]:
        values += [p["name"] for p in m["participants"] if p["name"]]
        values += [v for v in (m["date_text"], (m["location"] or {}).get("name")) if v]
    return values


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_gold_strings_survive_cleaning(path: Path) -> None:
    text = load_article(path).text
    missing = [v for v in _gold_strings(path.stem) if v not in text]
    assert not missing


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_no_furniture_remains(path: Path) -> None:
    text = load_article(path).text
    assert [f for f in FURNITURE if f in text] == []
    assert all(len(line.strip()) > 1 for line in text.split("\n") if line)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_cleaned_lines_are_original_lines_printed_once(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    original_lines = {line.strip() for line in original.splitlines()}
    lines = [line for line in load_article(path).text.split("\n") if line]
    assert all(line in original_lines for line in lines)
    assert len(lines) == len(set(lines))


def test_every_prose_line_of_the_seeds_is_kept() -> None:
    """Each distinct long sentence-ending line of a seed, except teasers and trailing summaries, is kept."""
    for path in SEEDS:
        article = load_article(path)
        removed_reasons = {article.original[s:e]: r for s, e, r in article.metadata["removed"]}
        for line in {line.strip() for line in article.original.splitlines()}:
            sentence = len(line.split()) >= 12 and line.rstrip('"”’)')[-1:] in (".", "!", "?")
            if sentence and line not in article.text:
                assert removed_reasons.get(line) in {"teaser", "trailing metadata"}, (path.name, line)


def test_plain_article_only_loses_trailing_furniture() -> None:
    original = (SEEDS_DIR / "000_50f3495d2bfec1fd.txt").read_text(encoding="utf-8")
    assert load_article(SEEDS_DIR / "000_50f3495d2bfec1fd.txt").text == original[: original.index("\n\nscroll to top")]


def test_teaser_and_captions_printed_twice_keep_one_copy() -> None:
    text = load_article(SEEDS_DIR / "001_753a3aa691bce326.txt").text
    assert "In attendance were General […]" not in text
    assert text.count("Trilateral ties between US, Japan and South Korea") == 1
    assert text.count("Top defense officials from Japan") == 1
    text = load_article(SEEDS_DIR / "004_8e39312be5afeecf.txt").text
    assert "South Korea discussed\n" not in text  # the truncated copy of the caption
    assert text.count('discussed "robust" responses') == 1


def test_body_printed_twice_is_kept_once() -> None:
    text = load_article(SEEDS_DIR / "003_cabc267766dbf683.txt").text
    assert text.count("The diplomats who met in Seoul on Thursday") == 1
    assert text.endswith('He said, "This will only lead to a dead end."')


def test_crumbs_only_in_the_head_and_body_bullets_kept() -> None:
    original = (
        "• World\n• Asia\nNews › Asia\n\nEnvoys meet in Jakarta\n\n"
        "Envoys from Indonesia and Australia met in Jakarta on Monday and agreed on three points.\n"
        "• Regular maritime patrols along the shared border\n"
        "• A hotline between the two navies\n"
    )
    cleaned = clean_text(original)
    assert cleaned.title == "Envoys meet in Jakarta"
    assert cleaned.text == (
        "Envoys meet in Jakarta\n\n"
        "Envoys from Indonesia and Australia met in Jakarta on Monday and agreed on three points.\n"
        "• Regular maritime patrols along the shared border\n"
        "• A hotline between the two navies"
    )


def test_related_list_without_count_stops_at_prose() -> None:
    original = (
        "Ministers of Japan and Korea met in Busan on Sunday to discuss supply chains.\n\n"
        "You may also like:\nChina warns on chips\nSeoul hosts summit\n\n"
        "The ministers will meet again in Osaka in the spring, the ministry said.\n"
    )
    text = clean_text(original).text
    assert "also like" not in text and "China warns" not in text and "Seoul hosts" not in text
    assert text.endswith("The ministers will meet again in Osaka in the spring, the ministry said.")


def test_single_key_value_line_is_not_a_metadata_block() -> None:
    original = "Officials met in Manila on Monday to discuss the shoal and fishing rights.\nID: 12345\n"
    cleaned = clean_text(original)
    assert cleaned.text.endswith("ID: 12345")


def test_short_repeats_and_unmatched_ellipses_are_kept() -> None:
    original = (
        "He said no.\n\nThe two sides met in Doha on Friday and then...\n\n"
        "He said no.\n\nThe talks ended late in the evening, officials said.\n"
    )
    text = clean_text(original).text
    assert text.count("He said no.") == 2
    assert "then..." in text


def test_ambiguous_and_updated_dates() -> None:
    assert clean_text("03/04/2021\n\nMinisters met in Rome on Monday to discuss aid.\n").published is None
    assert clean_text("13/04/2021\n\nMinisters met in Rome on Monday to discuss aid.\n").published == dt.date(
        2021, 4, 13
    )
    cleaned = clean_text(
        "Updated: 2023-05-09\nPublished: 2023-05-08 10:00\n\nMinisters met in Rome on Monday to discuss aid.\n"
    )
    assert cleaned.published == dt.date(2023, 5, 8)
    assert cleaned.text == "Ministers met in Rome on Monday to discuss aid."


def test_credit_only_near_the_end() -> None:
    body = "Ministers met in Rome on Monday to discuss aid and trade routes across the region."
    assert clean_text(f"Reuters\n\n{body}\n").outlet is None
    assert clean_text(f"{body}\n\n(Reuters)\n").outlet == "Reuters"
    assert clean_text(f"{body}\n\n© AFP 2024\n").outlet == "AFP"
    assert clean_text(f"{body}\n\nThe minister declined to comment\n").outlet is None


def test_headline_is_first_line_only_when_it_looks_like_one() -> None:
    assert clean_text("Talks in Rome\n\nMinisters met in Rome on Monday to discuss aid.").title == "Talks in Rome"
    assert clean_text("Ministers met in Rome on Monday to discuss aid.\nThey agreed.").title is None
    assert clean_text("Talks in Rome").title is None  # nothing but the line itself


def test_markdown_heading_marks_and_images_are_deleted() -> None:
    original = (
        "# Leaders meet in Rome\n\n![photo](https://example.org/a.jpg)\n\n"
        "**Rome** - Leaders of Italy and Japan met in Rome on Monday and agreed to expand defence ties.\n"
    )
    cleaned = clean_text(original)
    assert cleaned.title == "Leaders meet in Rome"
    assert cleaned.text == (
        "Leaders meet in Rome\n\n"
        "**Rome** - Leaders of Italy and Japan met in Rome on Monday and agreed to expand defence ties."
    )
    assert cleaned.offsets.span_to_original(0, 7) == (2, 9)

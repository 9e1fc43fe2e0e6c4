"""Loading articles from every supported format, their metadata, and one-line errors for bad input."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from extractor.articles import (
    SUPPORTED_EXTENSIONS,
    Article,
    ArticleLoadError,
    article_from_text,
    iter_input_paths,
    load_article,
    load_articles,
)
from tests.conftest import SEEDS_DIR

INPUTS = Path(__file__).resolve().parent / "fixtures" / "inputs"

SEED_METADATA = {
    "000_50f3495d2bfec1fd": (None, None, None),
    "001_753a3aa691bce326": (None, None, None),
    "002_82d2fbfd277683a1": ("JIJI Press", dt.date(2021, 4, 3), None),
    "003_cabc267766dbf683": ("NHK", dt.date(2024, 1, 18), "https://www3.nhk.or.jp/nhkworld/en/news/20240118_27/"),
    "004_8e39312be5afeecf": ("JIJI Press", dt.date(2022, 10, 4), None),
}


@pytest.mark.parametrize("article_id", sorted(SEED_METADATA))
def test_seed_metadata(article_id: str) -> None:
    article = load_article(SEEDS_DIR / f"{article_id}.txt")
    outlet, published, url = SEED_METADATA[article_id]
    assert (article.id, article.outlet, article.published, article.url) == (article_id, outlet, published, url)


@pytest.mark.parametrize("article_id", sorted(SEED_METADATA))
def test_seed_titles_match_gold(article_id: str, gold_dir: Path) -> None:
    gold = json.loads((gold_dir / f"{article_id}.json").read_text(encoding="utf-8"))
    assert load_article(SEEDS_DIR / f"{article_id}.txt").title == gold["title"]


def test_front_matter_sets_metadata_and_is_not_article_text() -> None:
    article = load_article(INPUTS / "front_matter.md")
    assert article.title == "Australia and India foreign ministers meet in Canberra"
    assert article.outlet == "Example Wire"
    assert article.published == dt.date(2023, 6, 12)
    assert article.url == "https://example.org/news/aus-ind-talks"
    assert "author" not in article.text and "---" not in article.text
    assert article.text.startswith("Australia and India foreign ministers meet in Canberra\n\n")
    start = article.text.index("Penny Wong")
    assert article.span(start, start + 10).text == "Penny Wong"
    assert article.original.startswith("---\n")


def test_scraped_page_in_another_style() -> None:
    article = load_article(INPUTS / "wire_page.txt")
    assert article.title == "Philippines and Vietnam coast guards hold talks in Hanoi"
    assert article.outlet == "Kyodo News"
    assert article.published == dt.date(2023, 3, 14)
    for junk in (
        "Skip to content",
        "Home ›",
        "Menu",
        "Facebook",
        "Email",
        "ADVERTISEMENT",
        "Related Articles",
        "Philippines protests",
        "Kyodo",
        "Back to top",
        "Published:",
    ):
        assert junk not in article.text
    assert article.text.count("\n\n") == 4  # headline + four body paragraphs, one blank line between each


def test_trailing_metadata_block_fills_fields_when_no_front_matter() -> None:
    article = load_article(INPUTS / "printed_twice.txt")
    assert article.outlet == "Reuters"
    assert article.url == "https://www.reuters.com/world/europe/poland-lithuania-2022-11-04/"
    assert article.published == dt.date(2022, 11, 5)
    assert "\r" not in article.text
    assert article.text.count("The presidents of Poland") == 1
    assert article.text.endswith("Both sides said they would hold the next round of talks in Warsaw.")


def test_unknown_credit_line_and_dateline_date() -> None:
    article = load_article(INPUTS / "credit_unknown.txt")
    assert article.outlet == "Gulf Coast Press Agency"
    assert article.published == dt.date(2023, 6, 5)
    assert "Gulf Coast Press Agency" not in article.text


def test_dateline_credit_names_outlet_but_stays_in_text() -> None:
    article = load_article(INPUTS / "dateline_credit.txt")
    assert article.outlet == "Reuters"
    assert article.title is None
    assert article.text.startswith("SEOUL (Reuters) - ")


def test_cited_agency_is_not_the_outlet() -> None:
    text = "Leaders met in Seoul.\n\nAccording to Yonhap News Agency, the two sides agreed to meet again soon.\n"
    assert article_from_text(text).outlet is None


def test_json_list_yields_errors_in_place() -> None:
    items = list(load_articles(INPUTS / "records.json"))
    assert [type(i).__name__ for i in items] == ["Article", "ArticleLoadError", "Article"]
    first, error, third = items
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.id, first.title, first.outlet, first.published) == (
        "rec-a",
        "Japan, Philippines leaders meet",
        "Example Wire",
        dt.date(2023, 11, 4),
    )
    assert third.id == "42"
    assert str(error) == f"{INPUTS / 'records.json'}[1]: record has no 'text'"


def test_single_json_record_uses_file_stem_and_url_domain() -> None:
    article = load_article(INPUTS / "single.json")
    assert article.id == "single"
    assert article.outlet == "NHK"


def test_jsonl_bad_lines_name_file_and_line() -> None:
    items = list(load_articles(INPUTS / "records.jsonl"))
    errors = [str(i) for i in items if isinstance(i, ArticleLoadError)]
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles] == ["line-1", "5"]
    assert articles[0].published == dt.date(2023, 5, 15)
    assert articles[1].outlet == "JIJI Press"
    assert errors[0].startswith(f"{INPUTS / 'records.jsonl'}:2: invalid JSON")
    assert errors[1] == f"{INPUTS / 'records.jsonl'}:3: record has no 'text'"


def test_jsonl_streams_records_and_limits_each_one(tmp_path: Path) -> None:
    record = {"id": "r", "text": "Officials met in Lima on Monday to discuss fisheries. " * 10}
    lines = [json.dumps({**record, "id": f"r{i}"}) for i in range(30)]
    lines.insert(3, json.dumps({"id": "big", "text": "x " * 3000}))
    path = _write(tmp_path, "corpus.jsonl", "\n".join(lines).encode("utf-8"))
    items = list(load_articles(path, max_bytes=4096))  # the file is far over 4 KB; each good record is not
    assert [i.id for i in items if isinstance(i, Article)] == [f"r{i}" for i in range(30)]
    errors = [str(i) for i in items if isinstance(i, ArticleLoadError)]
    assert len(errors) == 1 and errors[0].startswith(f"{path}:4: too large")
    assert "empty file" in str(next(iter(load_articles(_write(tmp_path, "e.jsonl", b"\n\n")))))


def test_load_article_refuses_multi_record_files() -> None:
    with pytest.raises(ArticleLoadError, match="holds 3 records; use load_articles"):
        load_article(INPUTS / "records.json")


def test_html_main_text_and_metadata() -> None:
    article = load_article(INPUTS / "page.html")
    assert article.id == "page"
    assert article.title == "Japan and Australia defence chiefs meet in Tokyo"
    assert article.outlet == "Example Times"
    assert article.published == dt.date(2023, 9, 20)
    assert "Minoru Kihara" in article.text
    assert "Privacy" not in article.text and "Home" not in article.text
    start = article.text.index("Richard Marles")
    assert article.span(start, start + 14).text == "Richard Marles"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n\t\n", "empty file"),
        ("x.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file (binary content)"),
        ("latin.txt", "Caf\u00e9 talks in Paris.".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("x.pdf", b"%PDF-1.4", "unsupported extension .pdf"),
        ("README", b"text", "unsupported extension (none)"),
        ("bad.json", b'{"id": "a", "text": ', "invalid JSON"),
        ("scalar.json", b"42", "expected a JSON object or a list of objects, got int"),
        ("notext.json", b'{"id": "a", "title": "t"}', "record has no 'text'"),
        ("num.json", b'{"id": "a", "text": 5}', "'text' must be a string, got int"),
        ("baddate.json", b'{"text": "Talks were held.", "published": "someday"}', "cannot read 'published' date"),
        ("fm.md", b"---\ntitle: [unclosed\n---\nBody text.\n", "invalid YAML front matter"),
        ("fm2.md", b"---\ntitle: a: b\n  - nested\n---\nBody text.\n", "invalid YAML front matter"),
        ("junk.txt", b"Advertisement\n\nscroll to top\n", "no article text left after removing page furniture"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ArticleLoadError) as info:
        load_article(path)
    message = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "\n" not in message
    assert message.startswith(f"{path}: ") and problem in message


def test_front_matter_with_a_colon_in_an_unquoted_title(tmp_path: Path) -> None:
    """Strict YAML rejects "title: N. Korea fires missiles: JCS"; such plain key: value lines are read as written."""
    data = b"---\ntitle: N. Korea fires missiles: JCS\noutlet: 'Yonhap'\npublished: 2026-08-20\n---\nSEOUL -- Missiles were fired.\n"
    article = load_article(_write(tmp_path, "colon.txt", data))
    assert article.title == "N. Korea fires missiles: JCS"
    assert article.outlet == "Yonhap"
    assert article.published == dt.date(2026, 8, 20)
    assert article.text.startswith("SEOUL")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ArticleLoadError, match=r"nope\.txt: no such file$"):
        load_article(tmp_path / "nope.txt")
    errors = list(load_articles(tmp_path / "nope.txt"))
    assert len(errors) == 1 and isinstance(errors[0], ArticleLoadError)
    with pytest.raises(ArticleLoadError, match="is a directory"):
        load_article(tmp_path)


def test_size_limit(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"Talks were held in Seoul on Friday.\n" * 200)
    with pytest.raises(ArticleLoadError, match=r"too large \(7\.0 KB > 1 KB\)$"):
        load_article(path, max_bytes=1024)
    assert load_article(path).text  # the 5 MB default accepts it
    with pytest.raises(ArticleLoadError, match="too large"):
        article_from_text("x " * 1000, max_bytes=100)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = _write(tmp_path, "u16.txt", "Envoys met in Hanoi on Monday to discuss the sea.\n".encode("utf-16"))
    assert load_article(path).text == "Envoys met in Hanoi on Monday to discuss the sea."


def test_article_from_text() -> None:
    article = article_from_text("Leaders met in Seoul on Friday.\n", id="t1", published="2024-02-03", outlet="X")
    assert (article.id, article.published, article.outlet, article.text) == (
        "t1",
        dt.date(2024, 2, 3),
        "X",
        "Leaders met in Seoul on Friday.",
    )
    assert article_from_text("Leaders met.", published=dt.date(2020, 1, 2)).published == dt.date(2020, 1, 2)
    with pytest.raises(ArticleLoadError, match="^text: empty text$"):
        article_from_text("   ")
    with pytest.raises(ArticleLoadError, match="cannot read 'published'"):
        article_from_text("Leaders met.", published="03/04/2021")  # ambiguous: refused, not guessed


def test_iter_input_paths(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/2.txt", "b/1.JSONL", "a.md", "c.pdf", ".hidden/x.txt", "b/page.htm"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_input_paths([tmp_path])]
    assert found == ["a.md", "b/1.JSONL", "b/2.txt", "b/page.htm"]
    shallow = [p.name for p in iter_input_paths([tmp_path], recursive=False)]
    assert shallow == ["a.md"]
    explicit = list(iter_input_paths([tmp_path / "c.pdf", tmp_path / "a.md", tmp_path]))
    assert explicit[0].name == "c.pdf" and [p.name for p in explicit].count("a.md") == 1
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".json", ".jsonl", ".html", ".htm"}

"""The public loading API: files and folders in, cleaned Articles (or per-record errors) out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extractor.articles.article import Article
from extractor.articles.cleaning import clean_text
from extractor.articles.dates import parse_date
from extractor.articles.errors import ArticleLoadError
from extractor.articles.readers import (
    DEFAULT_MAX_BYTES,
    RawArticle,
    check_file,
    iter_json_records,
    iter_jsonl_records,
    read_bytes,
    read_html_file,
    read_text_file,
    size_error,
    split_front_matter,
)
from extractor.articles.rules import outlet_table

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md", ".json", ".jsonl", ".html", ".htm")


def _explicit_date(value: object, source: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    date = parse_date(value)
    if date is None:
        raise ArticleLoadError(source, f"cannot read 'published' date {str(value)!r} (use YYYY-MM-DD)")
    return date


def _text_field(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def build_article(raw: RawArticle, path: Path | None = None) -> Article:
    """Clean a RawArticle and settle its metadata: explicit fields, then what cleaning found, then HTML metadata."""
    cleaned = clean_text(raw.original, raw.body_start)
    if not cleaned.text.strip():
        raise ArticleLoadError(raw.source, "no article text left after removing page furniture")
    given, html = raw.fields, raw.html_metadata
    url = _text_field(given.get("url")) or cleaned.url or _text_field(html.get("url"))
    outlet = (
        _text_field(given.get("outlet"))
        or cleaned.outlet
        or _text_field(html.get("outlet"))
        or outlet_table().from_url(url)
    )
    published = (
        _explicit_date(given.get("published"), raw.source) or cleaned.published or parse_date(html.get("published"))
    )
    given_title = _text_field(given.get("title")) or _text_field(html.get("title"))
    metadata: dict[str, Any] = {
        "removed": cleaned.removed,
        "title_span": cleaned.title_span,
        "source": raw.source,
    }
    return Article(
        id=raw.id,
        text=cleaned.text,
        original=raw.original,
        offsets=cleaned.offsets,
        title=given_title or cleaned.title,
        outlet=outlet,
        published=published,
        url=url,
        path=str(path) if path is not None else None,
        metadata=metadata,
    )


def _check_extension(path: Path) -> str:
    ext = path.suffix.lower()
    if ext not in SUPPORTED_EXTENSIONS:
        shown = ext or "(none)"
        raise ArticleLoadError(
            str(path), f"unsupported extension {shown} (supported: {', '.join(SUPPORTED_EXTENSIONS)})"
        )
    return ext


def _iter_raw(path: Path, max_bytes: int) -> Iterator[RawArticle | ArticleLoadError]:
    try:
        check_file(path)
        ext = _check_extension(path)
        if ext == ".jsonl":
            yield from iter_jsonl_records(path, max_bytes)
            return
        data = read_bytes(path, max_bytes)
    except ArticleLoadError as exc:
        yield exc
        return
    if ext == ".json":
        yield from iter_json_records(path, data, max_bytes)
    else:
        try:
            yield read_html_file(path, data) if ext in (".html", ".htm") else read_text_file(path, data)
        except ArticleLoadError as exc:
            yield exc


def load_articles(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ArticleLoadError]:
    """Every article in one file, yielding an ArticleLoadError in place of each bad record (never stops early)."""
    p = Path(path)
    for item in _iter_raw(p, max_bytes):
        if isinstance(item, ArticleLoadError):
            yield item
            continue
        try:
            yield build_article(item, p)
        except ArticleLoadError as exc:
            yield exc


def load_article(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """The one article in `path`; raises ArticleLoadError for bad input or a file holding several records."""
    p = Path(path)
    items = _iter_raw(p, max_bytes)
    item = next(items)
    more = sum(1 for _ in items)
    if more:
        raise ArticleLoadError(str(p), f"holds {more + 1} records; use load_articles to read them all")
    if isinstance(item, ArticleLoadError):
        raise item
    return build_article(item, p)


def article_from_text(
    text: str,
    *,
    id: str = "text",
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """An Article from a string (cleaned like a file's text; a YAML front matter block is read too)."""
    if not isinstance(text, str):
        raise ArticleLoadError(id, f"text must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ArticleLoadError(id, "empty text")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise size_error(id, size, max_bytes)
    front, body_start = split_front_matter(text, id)
    fields = {
        "title": title if title is not None else front.get("title"),
        "outlet": outlet if outlet is not None else front.get("outlet"),
        "published": published if published is not None else front.get("published"),
        "url": url if url is not None else front.get("url"),
    }
    return build_article(RawArticle(id, text, id, body_start, fields))


def iter_input_paths(inputs: Iterable[str | Path], recursive: bool = True) -> Iterator[Path]:
    """Files named directly (whatever their extension) and the supported files inside folders, sorted, once each."""
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            pattern = path.rglob("*") if recursive else path.glob("*")
            found = sorted(
                p
                for p in pattern
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_EXTENSIONS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found = [path]
        for p in found:
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p

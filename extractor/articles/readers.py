"""Reading input files: bytes to text, front matter, JSON/JSONL records and HTML main text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from extractor.articles.errors import ArticleLoadError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_MB = 1024 * 1024
_FRONT_MATTER = re.compile(
    r"---[ \t]*\r?\n(?P<body>.*?)(?:\r?\n)?^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
RECORD_FIELDS = ("title", "outlet", "published", "url")


@dataclass
class RawArticle:
    """One article's original text and the metadata the input states explicitly."""

    id: str
    original: str
    source: str  # how error messages name it: "path", "path:LINE" or "path[INDEX]"
    body_start: int = 0  # where the article text starts in `original` (after front matter)
    fields: dict[str, Any] = field(default_factory=dict)  # title/outlet/published/url as given
    html_metadata: dict[str, Any] = field(default_factory=dict)


def size_error(source: str, size: int, max_bytes: int) -> ArticleLoadError:
    """The 'too large (6.2 MB > 5 MB)' error, in the unit that suits the limit."""
    unit, scale = ("MB", _MB) if max_bytes >= _MB else ("KB", 1024) if max_bytes >= 1024 else ("bytes", 1)
    return ArticleLoadError(source, f"too large ({size / scale:.1f} {unit} > {max_bytes / scale:g} {unit})")


def check_file(path: Path) -> int:
    """The file's size, or ArticleLoadError when it is missing, a directory or unreadable."""
    source = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleLoadError(source, "no such file") from None
    except OSError as exc:
        raise ArticleLoadError(source, f"cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise ArticleLoadError(source, "is a directory (use load_articles on its files, or iter_input_paths)")
    return size


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or ArticleLoadError for a missing, unreadable, empty or oversized file."""
    source = str(path)
    size = check_file(path)
    if size > max_bytes:
        raise size_error(source, size, max_bytes)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ArticleLoadError(source, "no such file") from None
    except PermissionError:
        raise ArticleLoadError(source, "permission denied") from None
    except OSError as exc:
        raise ArticleLoadError(source, f"cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise ArticleLoadError(source, "empty file")
    return data


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 (or BOM-marked UTF-16) text; binary or undecodable bytes give ArticleLoadError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleLoadError(source, "not valid UTF-16 despite its byte order mark") from None
    if b"\x00" in data[:8192]:
        raise ArticleLoadError(source, "not a text file (binary content)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleLoadError(
            source, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], int]:
    """(front matter keys, offset where the body starts); ({}, 0) when the text has no front matter."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, 0
    try:
        data = yaml.safe_load(m["body"]) if m["body"].strip() else {}
    except yaml.YAMLError as exc:
        data = _plain_front_matter(m["body"]) if "mapping values" in str(getattr(exc, "problem", "")) else None
        if data is None:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark is not None else ""
            raise ArticleLoadError(source, f"invalid YAML front matter{where}") from None
    if not isinstance(data, dict):
        raise ArticleLoadError(source, "front matter is not a mapping of keys to values")
    return {str(k).lower(): v for k, v in data.items()}, m.end()


_PLAIN_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<value>\S.*?)[ \t]*")


def _plain_front_matter(body: str) -> dict[str, Any] | None:
    """`key: value` lines read literally, for the common slip YAML rejects: a colon inside an unquoted
    value ("title: N. Korea fires missiles: JCS"); None unless every line has that shape."""
    data: dict[str, Any] = {}
    for line in body.splitlines():
        if not line.strip():
            continue
        m = _PLAIN_LINE.fullmatch(line)
        if m is None:
            return None
        value = m["value"]
        if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        data[m["key"]] = value
    return data


def read_text_file(path: Path, data: bytes) -> RawArticle:
    """A .txt/.md article, with its optional YAML front matter."""
    source = str(path)
    text = decode_text(data, source)
    fields, body_start = split_front_matter(text, source)
    return RawArticle(path.stem, text, source, body_start, {k: fields.get(k) for k in RECORD_FIELDS})


def record_to_raw(record: Any, source: str, default_id: str, max_bytes: int) -> RawArticle:
    """One JSON record ({"id", "text", optional title/outlet/published/url}) as a RawArticle."""
    if not isinstance(record, dict):
        raise ArticleLoadError(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if text is None:
        raise ArticleLoadError(source, "record has no 'text'")
    if not isinstance(text, str):
        raise ArticleLoadError(source, f"'text' must be a string, got {type(text).__name__}")
    if not text.strip():
        raise ArticleLoadError(source, "record 'text' is empty")
    if len(text) > max_bytes and len(text.encode("utf-8")) > max_bytes:
        raise size_error(source, len(text.encode("utf-8")), max_bytes)
    raw_id = record.get("id", default_id)
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or not str(raw_id).strip():
        raise ArticleLoadError(source, "'id' must be a non-empty string or integer")
    fields = {}
    for key in RECORD_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ArticleLoadError(source, f"'{key}' must be a string, got {type(value).__name__}")
        fields[key] = value
    return RawArticle(str(raw_id).strip(), text, source, 0, fields)


def iter_json_records(path: Path, data: bytes, max_bytes: int) -> Iterator[RawArticle | ArticleLoadError]:
    """The records of a .json file (one object or a list of objects)."""
    source = str(path)
    try:
        doc = json.loads(decode_text(data, source))
    except ArticleLoadError as exc:
        yield exc
        return
    except json.JSONDecodeError as exc:
        yield ArticleLoadError(source, f"invalid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})")
        return
    if isinstance(doc, dict):
        records, sources = [doc], [source]
    elif isinstance(doc, list):
        records, sources = doc, [f"{source}[{i}]" for i in range(len(doc))]
    else:
        yield ArticleLoadError(source, f"expected a JSON object or a list of objects, got {type(doc).__name__}")
        return
    if not records:
        yield ArticleLoadError(source, "the JSON list holds no records")
    for i, (record, where) in enumerate(zip(records, sources)):
        default_id = path.stem if len(records) == 1 else f"{path.stem}-{i}"
        try:
            yield record_to_raw(record, where, default_id, max_bytes)
        except ArticleLoadError as exc:
            yield exc


def iter_jsonl_records(path: Path, max_bytes: int) -> Iterator[RawArticle | ArticleLoadError]:
    """The records of a .jsonl file, streamed line by line (the size limit applies to each record).

    A bad line yields an error naming `file:line` and reading goes on.
    """
    source = str(path)
    line_limit = 2 * max_bytes + 1024  # JSON escapes can double a text's size
    found = False
    try:
        with path.open("rb") as fh:
            lineno = 0
            while True:
                data = fh.readline(line_limit + 1)
                if not data:
                    break
                lineno += 1
                where = f"{source}:{lineno}"
                if len(data) > line_limit and not data.endswith(b"\n"):
                    size = len(data)
                    while data and not data.endswith(b"\n"):  # skip the rest of the oversized line
                        data = fh.readline(line_limit + 1)
                        size += len(data)
                    yield size_error(where, size, max_bytes)
                    found = True
                    continue
                if not data.strip():
                    continue
                found = True
                yield _jsonl_record(data, where, f"{path.stem}-{lineno}", max_bytes)
    except OSError as exc:
        yield ArticleLoadError(source, f"cannot read ({exc.strerror or exc})")
        return
    if not found:
        yield ArticleLoadError(source, "empty file")


def _jsonl_record(data: bytes, where: str, default_id: str, max_bytes: int) -> RawArticle | ArticleLoadError:
    try:
        record = json.loads(decode_text(data, where))
        return record_to_raw(record, where, default_id, max_bytes)
    except json.JSONDecodeError as exc:
        return ArticleLoadError(where, f"invalid JSON ({exc.msg}, column {exc.colno})")
    except ArticleLoadError as exc:
        return exc


def read_html_file(path: Path, data: bytes) -> RawArticle:
    """An .html/.htm page: the main text and metadata trafilatura finds (trafilatura is imported only here)."""
    source = str(path)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleLoadError(source, "not a text file (binary content)")
    try:
        import trafilatura
    except ImportError as exc:
        raise ArticleLoadError(source, f"HTML support needs trafilatura ({exc})") from None
    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise ArticleLoadError(source, "no article text found in the HTML")
    meta = {
        "title": getattr(doc, "title", None),
        "outlet": getattr(doc, "sitename", None),
        "published": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
    }
    return RawArticle(path.stem, text, source, 0, {}, {k: v for k, v in meta.items() if v})

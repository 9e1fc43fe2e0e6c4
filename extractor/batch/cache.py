"""A crash-safe result cache: SQLite in WAL mode, one row per cache key holding the result as JSON.

Why SQLite directly rather than diskcache: it is in the standard library, each
`put` is an atomic transaction (a kill mid-write leaves the previous state,
never a torn row), and values are stored as JSON text with a SHA-256 digest,
not pickles, so a damaged or tampered cache can at worst cost a recomputation,
never run code. Corrupt rows are deleted and recomputed; a file that is not a
usable database is set aside and a fresh one started.

A row holds the result without its per-article metadata (id, title, outlet,
date, url) and run info, so that a hit can be turned into an output line for
another article with the same text by splicing JSON text: no parsing, which is
what makes a warm re-run fast (records with evidence are tens of kilobytes).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from extractor.articles import Article
from schemas import ArticleExtraction, RunInfo

CACHE_FILE = "results.sqlite3"
FORMAT_VERSION = 2  # PRAGMA user_version: a cache of another format is emptied, not misread
METADATA_FIELDS = frozenset({"article_id", "title", "outlet", "published", "url", "run"})
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS results ("
    "key TEXT PRIMARY KEY, core TEXT NOT NULL, run TEXT NOT NULL, meetings INTEGER NOT NULL, "
    "statements INTEGER NOT NULL, digest TEXT NOT NULL, created REAL NOT NULL)"
)


@dataclass(frozen=True)
class CachedResult:
    """A cache hit: the stored records (JSON text without article metadata), the run info and counts."""

    core: str
    run: str
    meetings: int
    statements: int

    def to_line(self, article: Article) -> str:
        """The output JSON line for `article`: its metadata, the run marked as cached, then the stored records."""
        run = json.loads(self.run)
        run["cached"] = True
        run["latency_s"] = 0.0
        header = json.dumps(
            {
                "article_id": article.id,
                "title": article.title,
                "outlet": article.outlet,
                "published": article.published.isoformat() if article.published else None,
                "url": article.url,
                "run": run,
            },
            ensure_ascii=False,
        )
        body = self.core.strip()
        return header if body == "{}" else f"{header[:-1]}, {body[1:]}"

    def to_model(self, article: Article) -> ArticleExtraction:
        """The hit as a validated ArticleExtraction for `article` (raises ValidationError if it no longer fits)."""
        return ArticleExtraction.model_validate_json(self.to_line(article))


class ResultCache:
    """Maps a pipeline cache key to a finished result. Used from one thread of one process."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / CACHE_FILE
        self.hits = 0
        self.misses = 0
        self.corrupt = 0
        self.notice: str | None = None  # set when the cache file had to be set aside
        directory.mkdir(parents=True, exist_ok=True)
        try:
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            self.path.rename(aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.notice = f"cache {self.path} was unreadable ({exc}); moved to {aside.name} and started afresh"
            self._conn = self._open()

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode: a committed row survives a process kill; an OS crash may lose the last commits.
            conn.execute("PRAGMA synchronous=NORMAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] != FORMAT_VERSION:
                conn.execute("DROP TABLE IF EXISTS results")
                conn.execute(f"PRAGMA user_version={FORMAT_VERSION}")
            conn.execute(_SCHEMA)
            conn.execute("SELECT count(*) FROM results").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def get(self, key: str) -> CachedResult | None:
        """The stored result for `key`, or None; a row whose digest does not match is dropped."""
        try:
            row = self._conn.execute("SELECT core, run, meetings, statements, digest FROM results WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            self.corrupt += 1
            self.misses += 1
            return None
        if row is None:
            self.misses += 1
            return None
        core, run, meetings, statements, digest = row
        if not (isinstance(core, str) and isinstance(run, str) and _digest(core, run) == digest):
            self._drop(key)
            return None
        self.hits += 1
        return CachedResult(core, run, int(meetings), int(statements))

    def get_model(self, key: str, article: Article) -> ArticleExtraction | None:
        """The stored result as a model for `article`, or None (a row that no longer validates is dropped)."""
        hit = self.get(key)
        if hit is None:
            return None
        try:
            return hit.to_model(article)
        except (ValidationError, ValueError):
            self.hits -= 1
            self._drop(key)
            return None

    def put(self, key: str, result: ArticleExtraction) -> None:
        """Store `result` under `key` (one atomic transaction); a failing write is not fatal."""
        core = result.model_dump_json(exclude=set(METADATA_FIELDS))
        run = (result.run or RunInfo(backend="unknown")).model_dump_json()
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO results (key, core, run, meetings, statements, digest, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, core, run, len(result.meetings), len(result.statements), _digest(core, run), time.time()),
            )
        except sqlite3.DatabaseError:
            self.corrupt += 1

    def _drop(self, key: str) -> None:
        self.corrupt += 1
        self.misses += 1
        try:
            self._conn.execute("DELETE FROM results WHERE key = ?", (key,))
        except sqlite3.DatabaseError:
            pass

    def __len__(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM results").fetchone()[0])

    def close(self) -> None:
        """Close the database (the WAL is checkpointed by SQLite)."""
        self._conn.close()


def _digest(core: str, run: str) -> str:
    return hashlib.sha256(f"{core}\0{run}".encode("utf-8", "surrogatepass")).hexdigest()


__all__ = ["CACHE_FILE", "CachedResult", "ResultCache"]

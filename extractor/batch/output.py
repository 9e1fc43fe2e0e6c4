"""Streaming JSONL output that survives crashes: batched fsyncs, partial-line repair, resume index.

What a crash can lose: a line is complete on disk once the writer's `sync()` has
run (every `sync_every` lines or `sync_interval` seconds, and on close). A hard
kill (SIGKILL, power loss) can therefore lose the lines written since the last
sync and leave a partial last line; `repair_partial_line` truncates that line
and `read_done_ids` lists what is complete, so `--resume` redoes only the rest.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Self


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Ctrl-C (SIGINT) during the block takes effect right after it, through the handler that was in place.

    A KeyboardInterrupt raised inside pydantic's Rust serializer comes out as a
    serialization ValueError, which would end a batch as a failure (exit 2) instead of an
    interruption (exit 130) and could leave a record half handled; writes of one result are
    therefore never interrupted midway. Outside the main thread the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        if callable(previous):
            previous(signal.SIGINT, None)
        elif previous != signal.SIG_IGN:
            raise KeyboardInterrupt


class OutputExistsError(Exception):
    """The output file exists and neither resume nor overwrite was asked for."""


def repair_partial_line(path: Path) -> int:
    """Truncate `path` after its last newline (drops a line cut by a crash); return the bytes removed."""
    if not path.exists():
        return 0
    with path.open("rb+") as fh:
        size = fh.seek(0, os.SEEK_END)
        if size == 0:
            return 0
        # Scan back in blocks for the last newline; a partial line can be long (a big article's record).
        pos = size
        block = 1 << 16
        while pos > 0:
            start = max(0, pos - block)
            fh.seek(start)
            chunk = fh.read(pos - start)
            idx = chunk.rfind(b"\n")
            if idx >= 0:
                keep = start + idx + 1
                break
            pos = start
        else:
            keep = 0
        removed = size - keep
        if removed:
            fh.truncate(keep)
            fh.flush()
            os.fsync(fh.fileno())
        return removed


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) for each complete, valid JSON line; undecodable lines are skipped."""
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.endswith(b"\n"):
                return  # a partial last line is not a finished record
            try:
                yield lineno, json.loads(raw)
            except ValueError:
                continue


def read_done_ids(path: Path, key: str = "article_id") -> set[str]:
    """The ids of the records already complete in a JSONL output file (the resume index)."""
    if not path.exists():
        return set()
    return {str(obj[key]) for _, obj in iter_jsonl(path) if isinstance(obj, dict) and key in obj}


class JsonlWriter:
    """Appends one JSON line per record, flushing each line and fsyncing in batches.

    Each line is written with a single `write` of a complete line and flushed at
    once, so other readers (and a crash) never see records interleaved.
    """

    def __init__(self, path: Path, *, append: bool, sync_every: int = 64, sync_interval: float = 0.5) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[bytes] = path.open("ab" if append else "wb")
        self.sync_every = max(1, sync_every)
        self.sync_interval = sync_interval
        self._unsynced = 0
        self._last_sync = time.monotonic()
        self.lines_written = 0

    def write_line(self, line: str) -> None:
        """Write one JSON document (no newline inside) as a line; sync when the batch is due."""
        data = line.encode("utf-8") + b"\n"
        self._fh.write(data)
        self._fh.flush()
        self.lines_written += 1
        self._unsynced += 1
        if self._unsynced >= self.sync_every or time.monotonic() - self._last_sync >= self.sync_interval:
            self.sync()

    def write_obj(self, obj: Any) -> None:
        """Write a JSON-serialisable object as one line."""
        self.write_line(json.dumps(obj, ensure_ascii=False, default=str))

    def sync(self) -> None:
        """Force written lines to disk."""
        if self._fh.closed:
            return
        self._fh.flush()
        if self._unsynced:
            os.fsync(self._fh.fileno())
        self._unsynced = 0
        self._last_sync = time.monotonic()

    def close(self) -> None:
        """Sync and close (idempotent)."""
        if not self._fh.closed:
            self.sync()
            self._fh.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prepare_output(path: Path, *, resume: bool, overwrite: bool) -> set[str]:
    """Check the output path against the resume/overwrite choice; return the ids already done.

    With `resume`, a partial last line is repaired and the complete records'
    ids are returned. Without it an existing non-empty file is an error unless
    `overwrite` is set (then it is truncated when the writer opens it).
    """
    if path.is_dir():
        raise OutputExistsError(f"output {path} is a directory; give a file name such as results.jsonl")
    if resume:
        repair_partial_line(path)
        return read_done_ids(path)
    if path.exists() and path.stat().st_size > 0 and not overwrite:
        raise OutputExistsError(
            f"output {path} already exists: add --resume to continue that batch, or --overwrite to start again"
        )
    return set()


__all__ = ["JsonlWriter", "OutputExistsError", "deferred_interrupt", "iter_jsonl", "prepare_output", "read_done_ids", "repair_partial_line"]

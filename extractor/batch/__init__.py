"""Batch extraction at scale: concurrent, cached, resumable, streaming JSONL output that survives crashes."""

from extractor.batch.api import aextract_many, build_engine, extract_many
from extractor.batch.job import run_batch
from extractor.batch.output import OutputExistsError
from extractor.batch.summary import BatchSummary, LoadFailure

__all__ = ["BatchSummary", "LoadFailure", "OutputExistsError", "aextract_many", "build_engine", "extract_many", "run_batch"]

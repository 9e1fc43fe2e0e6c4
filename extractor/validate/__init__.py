"""Validation of extracted records: grounding in the text, normalisation, reconciliation, consistency checks."""

from __future__ import annotations

from extractor.validate.align import DEFAULT, Alignment, FuzzyThresholds, align, align_all, fold, occurrences
from extractor.validate.checks import check_extraction, consistency_warnings, first_offset, is_quoted, renumber
from extractor.validate.ground import ground_extraction
from extractor.validate.normalize import normalize_extraction
from extractor.validate.reconciliation import POLICY, grounded_share, reconcile

__all__ = [
    "DEFAULT",
    "POLICY",
    "Alignment",
    "FuzzyThresholds",
    "align",
    "align_all",
    "check_extraction",
    "consistency_warnings",
    "first_offset",
    "fold",
    "ground_extraction",
    "is_quoted",
    "grounded_share",
    "normalize_extraction",
    "occurrences",
    "reconcile",
    "renumber",
]

"""Shared test fixtures: where the seeds and the gold fixtures live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"
GOLD_DIR = REPO / "tests" / "fixtures" / "gold"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return GOLD_DIR

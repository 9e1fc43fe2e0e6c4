"""Every gold fixture follows the records contract and quotes its article exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemas import ArticleExtraction
from tests.conftest import GOLD_DIR, SEEDS_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLE_DIRS = {
    GOLD_DIR: SEEDS_DIR,
    FIXTURES / "gold_holdout": FIXTURES / "articles_holdout",
    FIXTURES / "gold_dev": FIXTURES / "articles_dev",
    FIXTURES / "gold_fresh": FIXTURES / "articles_fresh",
    FIXTURES / "gold_unseen": FIXTURES / "articles_unseen",
    FIXTURES / "gold_third": FIXTURES / "articles_third",
    FIXTURES / "gold_fourth": FIXTURES / "articles_fourth",
}
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
ALL_GOLD_FILES = [p for gold_dir in ARTICLE_DIRS for p in sorted(gold_dir.glob("*.json"))]


def _article_text(path: Path) -> str:
    matches = list(ARTICLE_DIRS[path.parent].glob(f"{path.stem}.*"))
    assert matches, f"no article for gold file {path}"
    return matches[0].read_text(encoding="utf-8")


def _quoted_values(gold: ArticleExtraction) -> list[tuple[str, str]]:
    """(path, value) of every string the annotation rules require to occur in the article."""
    values: list[tuple[str, str]] = []
    for i, m in enumerate(gold.meetings):
        for j, p in enumerate(m.participants):
            if p.name is not None:
                values.append((f"meetings[{i}].participants[{j}].name", p.name))
        if m.date_text is not None:
            values.append((f"meetings[{i}].date_text", m.date_text))
        if m.location is not None and m.location.name is not None:
            values.append((f"meetings[{i}].location.name", m.location.name))
    for i, s in enumerate(gold.statements):
        values.append((f"statements[{i}].text", s.text))
        for j, p in enumerate(s.speakers):
            if p.name is not None:
                values.append((f"statements[{i}].speakers[{j}].name", p.name))
    return values


def test_there_is_gold_for_every_seed() -> None:
    seeds = {p.stem for p in SEEDS_DIR.iterdir() if p.is_file()}
    assert seeds and seeds == {p.stem for p in GOLD_FILES}


@pytest.mark.parametrize("path", ALL_GOLD_FILES, ids=lambda p: p.stem)
def test_gold_validates_and_quotes_the_article(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    gold = ArticleExtraction.model_validate(raw)
    assert gold.article_id == path.stem
    text = _article_text(path)
    missing = [(where, value) for where, value in _quoted_values(gold) if value not in text]
    assert not missing, f"values not in the article: {missing}"


@pytest.mark.parametrize("path", ALL_GOLD_FILES, ids=lambda p: p.stem)
def test_gold_ids_and_references_are_consistent(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    gold = ArticleExtraction.model_validate(raw)
    assert [m.id for m in gold.meetings] == [f"m{i}" for i in range(1, len(gold.meetings) + 1)]
    assert [s.id for s in gold.statements] == [f"s{i}" for i in range(1, len(gold.statements) + 1)]
    meeting_ids = {m.id for m in gold.meetings}
    for s in gold.statements:
        assert s.meeting_id is None or s.meeting_id in meeting_ids
    for m, m_raw in zip(gold.meetings, raw["meetings"]):
        assert m_raw["countries"] == sorted(m_raw["countries"]), f"{m.id}: countries must be sorted"
        assert len(m.countries) >= 2 or len(m.participants) >= 2, f"{m.id}: a meeting needs two parties"

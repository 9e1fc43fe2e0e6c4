"""Prompt templates: versioned, rendered with the article's metadata, with invented and valid few-shot examples."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import prompts
from extractor.articles import Article
from extractor.llm import GroundingContext, ungrounded
from schemas import ExtractionCore
from tests.conftest import SEEDS_DIR

LOCAL_BUDGET_TOKENS = 2048


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_prompt_version_is_a_nonempty_string() -> None:
    assert isinstance(prompts.PROMPT_VERSION, str) and re.fullmatch(r"[0-9A-Za-z.\-]+", prompts.PROMPT_VERSION)


@pytest.mark.parametrize("variant", prompts.VARIANTS)
def test_messages_carry_rules_and_article_with_metadata(variant: str) -> None:
    article = Article(id="a", text="Body text of the article.", title="A headline", outlet="Some Wire", published=dt.date(2024, 1, 18))
    messages = prompts.render_messages(article, variant)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "ISO3" in messages[0]["content"] or "alpha-3" in messages[0]["content"]
    user = messages[1]["content"]
    assert "Body text of the article." in user
    assert "A headline" in user and "Some Wire" in user
    assert "2024-01-18 (Thursday)" in user


def test_unknown_publication_date_is_said_and_unknown_variant_is_refused() -> None:
    assert "Published: unknown" in prompts.user_prompt("text")
    with pytest.raises(ValueError, match="unknown prompt variant"):
        prompts.render_messages(Article(id="a", text="x"), "huge")


def test_full_prompt_states_the_annotation_rules() -> None:
    system = prompts.system_prompt("full")
    for rule in ("held", "scheduled", "phone", "video", "date_text", "meeting_id", "direct", "quotation marks", "PRK"):
        assert rule in system
    for act in ("condemn", "urge", "pledge", "agree", "concern", "warn", "reaffirm"):
        assert act in system


@pytest.mark.parametrize("variant", prompts.VARIANTS)
def test_examples_are_valid_answers_grounded_in_their_own_text(variant: str) -> None:
    example = prompts.load_example(variant)
    core = ExtractionCore.model_validate(example["answer"])
    assert core.meetings and core.statements
    assert ungrounded(core, GroundingContext(example["article"]["text"])) == []
    assert [m.id for m in core.meetings] == [f"m{i}" for i in range(1, len(core.meetings) + 1)]


@pytest.mark.parametrize("variant", prompts.VARIANTS)
def test_examples_are_invented_not_taken_from_seed_articles(variant: str) -> None:
    example_text = prompts.load_example(variant)["article"]["text"]
    example = _shingles(example_text)
    for seed in SEEDS_DIR.iterdir():
        shared = example & _shingles(seed.read_text(encoding="utf-8"))
        assert not shared, f"example shares wording with {seed.name}: {sorted(shared)[:3]}"


def test_compact_prompt_fits_a_small_context_with_the_longest_seed() -> None:
    longest = max((p.read_text(encoding="utf-8") for p in SEEDS_DIR.iterdir()), key=len)
    messages = prompts.render_messages(Article(id="a", text=longest), "compact")
    chars = sum(len(m["content"]) for m in messages)
    assert chars / 3.5 < LOCAL_BUDGET_TOKENS - 384  # leaves room for the answer (rough 3.5 chars per token)
    assert len(prompts.system_prompt("compact")) * 3 < len(prompts.system_prompt("full"))


def test_reask_prompt_names_the_error() -> None:
    text = prompts.reask_prompt("meetings[0].date_text 'on Monday' does not occur in the article")
    assert "'on Monday' does not occur in the article" in text

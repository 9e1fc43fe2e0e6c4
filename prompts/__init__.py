"""Prompt templates for the LLM path, with the version that goes into every result and cache key.

Templates are Jinja files next to this module (shipped as package data); the
few-shot examples in `examples/` are invented articles, never evaluation
articles. Two variants: `full` (the annotation rules in plain words and a
richer example) and `compact` (for small-context local models).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

import jinja2

PROMPT_VERSION = "2026.12.1"
"""Bump whenever a template or example changes: cached results keyed on an older version are recomputed."""

Variant = Literal["full", "compact"]
VARIANTS: tuple[str, ...] = ("full", "compact")

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("prompts", "templates"),
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
    autoescape=False,
)


@cache
def load_example(variant: str) -> dict[str, Any]:
    """The invented few-shot example for `variant`: {'article': {...}, 'answer': {...}}."""
    _check_variant(variant)
    raw = resources.files("prompts").joinpath("examples", f"{variant}.json").read_text(encoding="utf-8")
    return json.loads(raw)


def system_prompt(variant: str = "full") -> str:
    """The system message: the annotation rules and one worked example."""
    return _system_prompt(variant)


@cache
def _system_prompt(variant: str) -> str:
    _check_variant(variant)
    example = load_example(variant)
    answer_json = json.dumps(example["answer"], ensure_ascii=False, separators=(",", ":"))
    return _ENV.get_template(f"system_{variant}.md.j2").render(example={**example, "answer_json": answer_json}).strip()


def user_prompt(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | str | None = None,
) -> str:
    """The user message: the article text with its metadata."""
    if isinstance(published, dt.date):
        published = f"{published.isoformat()} ({published.strftime('%A')})"
    return _ENV.get_template("user.md.j2").render(text=text, title=title, outlet=outlet, published=published).strip()


def reask_prompt(error: str) -> str:
    """The user message that asks again after a rejected answer, naming what was wrong."""
    return _ENV.get_template("reask.md.j2").render(error=error).strip()


def render_messages(article: Any, variant: str = "full") -> list[dict[str, str]]:
    """Chat messages for one article (anything with text/title/outlet/published, e.g. `Article`)."""
    fields: Mapping[str, Any] = article if isinstance(article, Mapping) else vars(article)
    return [
        {"role": "system", "content": system_prompt(variant)},
        {
            "role": "user",
            "content": user_prompt(
                fields["text"],
                title=fields.get("title"),
                outlet=fields.get("outlet"),
                published=fields.get("published"),
            ),
        },
    ]


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise ValueError(f"unknown prompt variant {variant!r}: choose one of {', '.join(VARIANTS)}")


__all__ = ["PROMPT_VERSION", "VARIANTS", "load_example", "reask_prompt", "render_messages", "system_prompt", "user_prompt"]

"""Options shared by the commands that run extraction (extract, batch, eval)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

Backend = Annotated[
    str,
    typer.Option("--backend", "-b", help="auto | rules | llm | local. auto: llm if an endpoint is configured, else local if installed, else rules."),
]
BaseUrl = Annotated[str | None, typer.Option("--base-url", envvar="OPENAI_BASE_URL", help="OpenAI-compatible endpoint, e.g. http://localhost:8000/v1.")]
Model = Annotated[str | None, typer.Option("--model", envvar="EXTRACTOR_MODEL", help="Model name at the endpoint.")]
ApiKey = Annotated[str | None, typer.Option("--api-key", envvar="OPENAI_API_KEY", help="API key for the endpoint.", show_default=False)]
Mode = Annotated[str | None, typer.Option("--mode", help="tools | json_schema | md_json (default: chosen per endpoint).")]
NoReconcile = Annotated[bool, typer.Option("--no-reconcile", help="Return the validated model output without reconciling it with the rules.")]


def llm_options(base_url: str | None, model: str | None, api_key: str | None, mode: str | None) -> dict[str, Any]:
    """The endpoint options that were actually given, as keyword arguments for `Pipeline`."""
    given = {"base_url": base_url, "model": model, "api_key": api_key, "mode": mode}
    return {k: v for k, v in given.items() if v is not None}

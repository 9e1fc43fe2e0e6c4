"""LLM configuration: modes per endpoint, options and environment, backend selection."""

from __future__ import annotations

import instructor
import pytest
from tenacity import Retrying, stop_after_attempt

from extractor import llm
from extractor.llm import (
    LLMConfig,
    LLMExtractor,
    LLMMode,
    make_extractor,
    mode_for_endpoint,
    select_backend,
)


@pytest.mark.parametrize(
    ("url", "mode"),
    [
        ("https://api.openai.com/v1", LLMMode.tools),
        ("http://localhost:8000/v1", LLMMode.json_schema),
        ("http://127.0.0.1:11434/v1", LLMMode.json_schema),
        ("http://192.168.1.20:8080/v1", LLMMode.json_schema),
        ("http://vllm:8000/v1", LLMMode.json_schema),
        ("https://api.together.xyz/v1", LLMMode.tools),
    ],
)
def test_mode_is_chosen_per_endpoint(url: str, mode: LLMMode) -> None:
    assert mode_for_endpoint(url) is mode


def test_modes_map_to_instructor_modes_and_parse_leniently() -> None:
    assert LLMMode.parse("JSON-Schema") is LLMMode.json_schema
    assert LLMMode.tools.instructor_mode is instructor.Mode.TOOLS
    assert LLMMode.md_json.instructor_mode is instructor.Mode.MD_JSON
    with pytest.raises(ValueError, match="unknown mode 'xml'"):
        LLMMode.parse("xml")


def test_options_override_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:9999/v1/")
    monkeypatch.setenv("OPENAI_API_KEY", "env-key")
    monkeypatch.setenv("EXTRACTOR_MODEL", "env-model")
    from_env = LLMConfig.from_options()
    assert (from_env.base_url, from_env.api_key, from_env.model) == ("http://localhost:9999/v1", "env-key", "env-model")
    assert from_env.resolved_mode is LLMMode.json_schema
    given = LLMConfig.from_options(base_url="https://api.openai.com/v1", model="m", api_key="k", mode="md_json", timeout="5")
    assert (given.base_url, given.model, given.api_key, given.mode, given.timeout) == ("https://api.openai.com/v1", "m", "k", LLMMode.md_json, 5.0)


def test_bad_options_give_one_line_errors() -> None:
    with pytest.raises(ValueError, match="unknown LLM option"):
        LLMConfig.from_options(temperatur=0.2)
    with pytest.raises(ValueError, match="timeout must be a positive number"):
        LLMConfig.from_options(timeout=-1)
    with pytest.raises(ValueError, match="max_attempts must be a positive number"):
        LLMConfig.from_options(max_attempts=0)


def test_max_attempts_accepts_a_tenacity_policy() -> None:
    policy = Retrying(stop=stop_after_attempt(4))
    assert LLMConfig.from_options(max_attempts=policy).max_attempts is policy


def test_auto_prefers_an_endpoint_then_local_then_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert select_backend(base_url="http://localhost:8000/v1")[0] == "llm"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8000/v1")
    name, reason = select_backend()
    assert name == "llm" and "OPENAI_BASE_URL" in reason
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.setattr(llm, "local_available", lambda: (True, "embedded model"))
    assert select_backend()[0] == "local"
    monkeypatch.setattr(llm, "local_available", lambda: (False, "llama-cpp-python's server is not installed"))
    name, reason = select_backend()
    assert name == "rules" and "not installed" in reason


def test_make_extractor_builds_llm_and_refuses_unknown_backends() -> None:
    extractor = make_extractor("llm", base_url="http://localhost:1/v1", model="m")
    assert isinstance(extractor, LLMExtractor)
    assert (extractor.base_url, extractor.model_name, extractor.mode_name) == ("http://localhost:1/v1", "m", "json_schema")
    with pytest.raises(ValueError, match="no LLM extractor for backend 'rules'"):
        make_extractor("rules")


def test_llm_without_endpoint_or_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ValueError, match="needs an endpoint"):
        make_extractor("llm")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    extractor = make_extractor("llm")
    assert (extractor.base_url, extractor.mode_name, extractor.model_name) == ("https://api.openai.com/v1", "tools", "gpt-4o-mini")

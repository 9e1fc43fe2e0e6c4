"""The LLM path against a real OpenAI-protocol server: every fault class ends in a result or a recorded error.

These run the real `openai` client and `instructor` over HTTP on loopback
(tests/openai_server.py); nothing is monkeypatched.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tenacity import Retrying, stop_after_attempt, wait_none

import prompts
from extractor.articles import Article
from extractor.llm import InvalidOutput, LLMExtractor
from tests.openai_server import (
    OpenAIServer,
    answer,
    drop,
    invalid_json,
    rate_limited,
    server_error,
    slow,
    status,
)

pytestmark = pytest.mark.server

EXAMPLE = prompts.load_example("full")
ARTICLE = Article(id="example", text=EXAMPLE["article"]["text"], published=None)
GOOD: dict[str, Any] = EXAMPLE["answer"]


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    """A copy of the good answer with one value replaced."""
    data = copy.deepcopy(GOOD)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


HALLUCINATED = _with(["meetings", 0, "participants", 1, "name"], "John Smith")
SCHEMA_INVALID = _with(["statements", 0, "act"], "shouted")


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as running:
        yield running


def _extractor(server: OpenAIServer, **options: Any) -> LLMExtractor:
    defaults = {"base_url": server.base_url, "model": "test-model", "backoff_initial": 0.01, "backoff_max": 0.05, "timeout": 5.0}
    return LLMExtractor(**{**defaults, **options})


@pytest.mark.parametrize("mode", ["tools", "json_schema", "json_object", "md_json"])
def test_valid_answer_in_every_mode(server: OpenAIServer, mode: str) -> None:
    server.push(answer(GOOD, usage=(120, 30)))
    result = _extractor(server, mode=mode).extract(ARTICLE)
    assert result.core is not None and result.errors == []
    assert len(result.core.meetings) == 3 and len(result.core.statements) == 4
    assert (result.answers, result.requests) == (1, 1)
    run = result.run
    assert (run.backend, run.model, run.mode, run.prompt_version) == ("llm", "test-model", mode, prompts.PROMPT_VERSION)
    assert (run.tokens_in, run.tokens_out, run.attempts) == (120, 30, 1) and run.latency_s > 0
    body = server.chat_requests[0].body or {}
    if mode == "tools":
        assert body["tools"][0]["function"]["name"]
    elif mode == "json_object":
        assert body["response_format"]["type"] == "json_object" and "\\d" not in json.dumps(body["response_format"]["schema"])
    elif mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"


@pytest.mark.parametrize(
    ("fault", "kind"),
    [(rate_limited(0.05), "rate_limited"), (server_error(500), "server_error"), (server_error(503), "server_error"), (drop(), "connection")],
)
def test_a_transport_fault_is_retried_then_succeeds(server: OpenAIServer, fault: Any, kind: str) -> None:
    server.push(fault, answer(GOOD))
    result = _extractor(server).extract(ARTICLE)
    assert result.core is not None, result.errors
    assert (result.answers, result.requests, result.run.attempts) == (1, 2, 2)


def test_retry_after_is_honoured(server: OpenAIServer) -> None:
    server.push(rate_limited(0.4), answer(GOOD))
    started = time.perf_counter()
    result = _extractor(server).extract(ARTICLE)
    first, second = server.chat_requests
    assert result.core is not None
    assert second.at - first.at >= 0.38 and time.perf_counter() - started >= 0.38


def test_a_slow_answer_past_the_timeout_is_retried(server: OpenAIServer) -> None:
    server.push(slow(1.0, answer(GOOD)), answer(GOOD))
    result = _extractor(server, timeout=0.3).extract(ARTICLE)
    assert result.core is not None and result.requests == 2


def test_persistent_server_errors_end_in_a_recorded_error(server: OpenAIServer) -> None:
    server.push(*[server_error()] * 10)
    result = _extractor(server, transport_attempts=3).extract(ARTICLE)
    assert result.core is None
    assert [(e.stage, e.kind) for e in result.errors] == [("llm", "server_error")]
    assert result.requests == 3 == len(server.chat_requests)
    assert "after 1 answer(s) and 3 request(s)" in result.errors[0].message


def test_timeouts_until_the_deadline_end_as_timeout(server: OpenAIServer) -> None:
    server.push(*[slow(2.0)] * 10)
    started = time.perf_counter()
    result = _extractor(server, timeout=0.2, deadline=0.7, transport_attempts=50).extract(ARTICLE)
    assert result.core is None and result.errors[0].kind == "timeout"
    assert time.perf_counter() - started < 1.5


def test_a_retry_after_beyond_the_deadline_is_not_waited_for(server: OpenAIServer) -> None:
    server.push(rate_limited(30), answer(GOOD))
    started = time.perf_counter()
    result = _extractor(server, deadline=2.0).extract(ARTICLE)
    assert result.core is None and result.errors[0].kind == "rate_limited"
    assert time.perf_counter() - started < 1.0 and result.requests == 1


def test_client_errors_are_not_retried(server: OpenAIServer) -> None:
    server.push(status(401, "invalid api key"), answer(GOOD))
    result = _extractor(server).extract(ARTICLE)
    assert result.core is None and result.errors[0].kind == "http_error" and "401" in result.errors[0].message
    assert result.requests == 1


@pytest.mark.parametrize("bad", [invalid_json(), answer(SCHEMA_INVALID), answer(HALLUCINATED), answer(GOOD, finish_reason="length")])
def test_an_invalid_answer_is_reasked_then_accepted(server: OpenAIServer, bad: Any) -> None:
    server.push(bad, answer(GOOD))
    result = _extractor(server).extract(ARTICLE)
    assert result.core is not None, result.errors
    assert (result.answers, result.requests) == (2, 2)


def test_the_reask_names_the_ungrounded_value_and_carries_only_the_last_answer(server: OpenAIServer) -> None:
    server.push(answer(HALLUCINATED), answer(GOOD))
    extractor = _extractor(server, mode="json_schema")
    original = extractor.messages_for(ARTICLE)
    _extractor_result = extractor.extract(ARTICLE)
    first, second = server.chat_requests
    assert first.messages == original
    assert second.messages[: len(original)] == original
    assistant, user = second.messages[len(original) :]
    assert assistant["role"] == "assistant" and "John Smith" in assistant["content"]
    assert user["role"] == "user"
    assert "meetings[0].participants[1].name 'John Smith' does not occur in the article" in user["content"]
    assert _extractor_result.core is not None


def test_reask_context_stays_bounded_and_failure_is_recorded(server: OpenAIServer) -> None:
    huge_bad = {"meetings": [], "statements": [{"id": "s1", "speakers": [{"name": "Nobody"}], "text": "x" * 50_000, "direct": False, "act": "other"}]}
    server.push(*[answer(huge_bad)] * 5)
    extractor = _extractor(server, max_attempts=5, reask_chars=2000)
    result = extractor.extract(ARTICLE)
    # schema-valid but never grounded: handed on for the validation layer to reject value by value
    assert result.core is not None and [e.kind for e in result.errors] == ["ungrounded_output"]
    assert "does not occur in the article" in result.errors[0].message
    assert (result.answers, result.requests) == (5, 5)
    assert result.last_completion is not None and "Nobody" in result.last_completion
    assert result.run.tokens_out > 0
    requests = server.chat_requests
    original = len(requests[0].messages)
    assert [len(r.messages) for r in requests] == [original] + [original + 2] * 4
    sizes = [len(json.dumps(r.messages)) for r in requests[1:]]
    assert max(sizes) == min(sizes) or max(sizes) - min(sizes) < 100
    assert all(len(r.messages[-2]["content"]) <= 2000 for r in requests[1:])


def test_a_last_answer_that_breaks_the_schema_is_a_failure_not_a_result(server: OpenAIServer) -> None:
    schema_invalid = {"meetings": [{"id": "m1", "status": "maybe", "participants": []}], "statements": []}
    server.push(*[answer(schema_invalid)] * 2)
    result = _extractor(server, max_attempts=2).extract(ARTICLE)
    assert result.core is None and [e.kind for e in result.errors] == ["invalid_output"]
    assert (result.answers, result.requests) == (2, 2)


def test_reask_messages_leave_the_callers_list_alone(server: OpenAIServer) -> None:
    extractor = _extractor(server)
    messages = extractor.messages_for(ARTICLE)
    snapshot = copy.deepcopy(messages)
    bad = InvalidOutput("error " * 2000, "answer " * 2000)
    first = extractor.reask_messages(messages, bad)
    second = extractor.reask_messages(messages, bad)
    assert messages == snapshot and first == second and len(first) == len(messages) + 2
    assert len(first[-1]["content"]) < extractor.config.reask_chars + 400


def test_max_attempts_accepts_a_tenacity_retrying(server: OpenAIServer) -> None:
    server.push(*[invalid_json()] * 5)
    policy = Retrying(stop=stop_after_attempt(2), wait=wait_none())
    result = _extractor(server, max_attempts=policy).extract(ARTICLE)
    assert result.core is None and (result.answers, result.requests) == (2, 2)


def test_an_endpoint_that_rejects_the_format_steps_down_a_mode() -> None:
    def responder(body: dict[str, Any]) -> Any:
        if (body.get("response_format") or {}).get("type") == "json_schema":
            return status(500, "Input should be 'text' or 'json_object' at response_format.type")
        return answer(GOOD)

    with OpenAIServer(responder) as server:
        extractor = _extractor(server)  # loopback: json_schema first
        result = extractor.extract(ARTICLE)
        assert result.core is not None and extractor.mode_name == "json_object" == result.run.mode
        assert [(r.body or {})["response_format"]["type"] for r in server.chat_requests] == ["json_schema", "json_object"]
        later = asyncio.run(extractor.aextract(ARTICLE))  # the stepped-down mode's request, not a cached json_schema one
        assert later.core is not None and later.requests == 1
        assert [(r.body or {})["response_format"]["type"] for r in server.chat_requests] == ["json_schema", "json_object", "json_object"]


def test_model_name_is_discovered_from_the_endpoint(server: OpenAIServer) -> None:
    extractor = LLMExtractor(base_url=server.base_url)
    assert extractor.model_name == "test-model"


def test_async_extraction_under_random_faults_never_raises() -> None:
    with OpenAIServer(default=answer(GOOD), fault_rate=0.3, seed=7, latency=0.01) as server:
        extractor = _extractor(server, transport_attempts=6)

        async def run_all() -> list[Any]:
            return await asyncio.gather(*(extractor.aextract(ARTICLE) for _ in range(32)))

        results = asyncio.run(run_all())
    assert len(results) == 32
    assert all(r.core is not None or r.errors for r in results)
    assert sum(r.core is not None for r in results) >= 28
    assert sum(r.requests for r in results) == len(server.chat_requests)


def test_async_reask_and_failure_match_sync(server: OpenAIServer) -> None:
    server.push(answer(HALLUCINATED), answer(GOOD), *[invalid_json()] * 3)
    extractor = _extractor(server, max_attempts=3)
    ok = asyncio.run(extractor.aextract(ARTICLE))
    failed = asyncio.run(extractor.aextract(ARTICLE))
    assert ok.core is not None and (ok.answers, ok.requests) == (2, 2)
    assert failed.core is None and failed.errors[0].kind == "invalid_output" and failed.answers == 3


def test_article_text_reaches_the_model_verbatim_even_with_template_syntax(server: OpenAIServer) -> None:
    text = EXAMPLE["article"]["text"] + "\n\nA page script left {{ user.name }} and {% if x %} in the text."
    server.push(answer(GOOD))
    result = _extractor(server).extract(Article(id="jinja", text=text))
    assert result.core is not None, result.errors
    user = server.chat_requests[0].messages[-1]["content"]
    assert "{{ user.name }} and {% if x %}" in user

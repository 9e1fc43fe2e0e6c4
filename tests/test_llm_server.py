"""The scripted OpenAI-protocol test server itself: protocol shape, scripting, faults and concurrency."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import openai
import pytest

from tests.openai_server import OpenAIServer, answer, drop, rate_limited

pytestmark = pytest.mark.server


def _chat(client: openai.OpenAI, **extra: object) -> openai.types.chat.ChatCompletion:
    return client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], **extra)  # type: ignore[arg-type]


def test_models_and_content_answers() -> None:
    with OpenAIServer(replies=[answer({"a": 1}), answer({"b": 2})]) as server:
        models = httpx.get(f"{server.base_url}/models").json()
        assert models["data"][0]["id"] == "test-model"
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        with_format = _chat(client, response_format={"type": "json_object"})
        assert json.loads(with_format.choices[0].message.content or "") == {"a": 1}
        fenced = _chat(client)
        assert (fenced.choices[0].message.content or "").startswith("```json")
        assert with_format.usage is not None and with_format.usage.total_tokens > 0
        assert [r.path for r in server.chat_requests] == ["/v1/chat/completions"] * 2


def test_tool_call_answers_use_the_offered_tool() -> None:
    tool = {"type": "function", "function": {"name": "Record", "parameters": {"type": "object"}}}
    with OpenAIServer(responder=lambda body: {"seen": len(body["messages"])}) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        reply = _chat(client, tools=[tool])
        call = (reply.choices[0].message.tool_calls or [])[0]
        assert call.function.name == "Record" and json.loads(call.function.arguments) == {"seen": 1}


def test_faults_reach_the_client_as_openai_errors() -> None:
    with OpenAIServer(replies=[rate_limited(3), drop()]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        with pytest.raises(openai.RateLimitError) as limited:
            _chat(client)
        assert limited.value.response.headers["retry-after"] == "3"
        with pytest.raises(openai.APIConnectionError):
            _chat(client)


def test_seeded_fault_rate_is_reproducible() -> None:
    def kinds(seed: int) -> list[str]:
        with OpenAIServer(fault_rate=0.5, seed=seed) as server:
            return [server._next_reply({}).kind + str(server._next_reply({}).status) for _ in range(20)]

    assert kinds(3) == kinds(3) and kinds(3) != kinds(4)


def test_concurrent_requests_are_served_in_parallel() -> None:
    with OpenAIServer(latency=0.2) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        started = time.perf_counter()
        with ThreadPoolExecutor(16) as pool:
            replies = list(pool.map(lambda _: _chat(client, response_format={"type": "json_object"}), range(16)))
        elapsed = time.perf_counter() - started
    assert len(replies) == 16 and elapsed < 0.2 * 16 / 3

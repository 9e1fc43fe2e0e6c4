"""The extractor's direct use of instructor's mode handlers and openai's `post` matches instructor's patched create.

Each test runs both paths, ours and the one the library used before (instructor's
`from_openai(...).create_with_completion`, openai's `chat.completions.create`),
against the real loopback server and compares what reached the wire and what came back.
"""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import instructor
import openai
import pytest
from instructor.v2 import Provider, mode_registry
from pydantic import ValidationError

import prompts
from extractor.articles import Article
from extractor.llm import GroundedExtraction, GroundingContext, LLMExtractor, LLMMode
from extractor.llm.grounding import grounded_in
from extractor.llm.structured import asend, send, structured_output
from extractor.llm.transport import Deadline
from tests.openai_server import OpenAIServer, answer

pytestmark = pytest.mark.server

EXAMPLE = prompts.load_example("full")
ARTICLE = Article(id="example", text=EXAMPLE["article"]["text"])
GOOD: dict[str, Any] = EXAMPLE["answer"]
VOLATILE_HEADERS = {"host", "content-length", "x-stainless-retry-count", "x-stainless-read-timeout"}
MODES = list(LLMMode)


def _kwargs(extractor: LLMExtractor, mode: LLMMode, reask: bool = False) -> dict[str, Any]:
    messages = extractor.messages_for(ARTICLE)
    if reask:
        messages = [*messages, {"role": "assistant", "content": "{}"}, {"role": "user", "content": prompts.reask_prompt("x: bad")}]
    return extractor._request_kwargs(messages, Deadline(60), mode)


def _wire(server: OpenAIServer) -> list[tuple[dict[str, Any] | None, dict[str, str]]]:
    return [(r.body, {k.lower(): v for k, v in r.headers.items() if k.lower() not in VOLATILE_HEADERS}) for r in server.chat_requests]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("reask", [False, True])
def test_request_fields_are_what_instructors_handler_adds(mode: LLMMode, reask: bool) -> None:
    extractor = LLMExtractor(base_url="http://127.0.0.1:9/v1", model="m", mode=mode)
    kwargs = _kwargs(extractor, mode, reask)
    handlers = mode_registry.get_handlers(Provider.OPENAI, mode.instructor_mode)
    _, expected = handlers.request_handler(response_model=GroundedExtraction, kwargs=copy.deepcopy(kwargs))
    assert structured_output(mode.instructor_mode).request(copy.deepcopy(kwargs)) == expected
    assert structured_output(mode.instructor_mode).request(copy.deepcopy(kwargs)) == expected  # the second, cached, call too


@pytest.mark.parametrize("mode", MODES)
def test_posted_request_is_create_on_the_wire(mode: LLMMode) -> None:
    with OpenAIServer(default=answer(GOOD)) as server:
        extractor = LLMExtractor(base_url=server.base_url, model="m", mode=mode, extra={"seed": 1}, max_tokens=900)
        request = structured_output(mode.instructor_mode).request(_kwargs(extractor, mode))
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        created = client.chat.completions.create(**copy.deepcopy(request))
        posted = send(client, copy.deepcopy(request))

        async def both_async() -> None:
            async_client = openai.AsyncOpenAI(base_url=server.base_url, api_key="k", max_retries=0)
            await async_client.chat.completions.create(**copy.deepcopy(request))
            await asend(async_client, copy.deepcopy(request))
            await async_client.close()

        asyncio.run(both_async())
        client.close()
        wire = _wire(server)
    assert wire[0] == wire[1] and wire[2] == wire[3]
    assert created.model_dump(exclude={"id", "created", "choices"}) == posted.model_dump(exclude={"id", "created", "choices"})
    assert created.choices[0].message.content == posted.choices[0].message.content


@pytest.mark.parametrize("mode", MODES)
def test_parsing_matches_instructors_create_with_completion(mode: LLMMode) -> None:
    hallucinated = copy.deepcopy(GOOD)
    hallucinated["meetings"][0]["participants"][1]["name"] = "John Smith"
    with OpenAIServer(replies=[answer(GOOD), answer(GOOD), answer(hallucinated), answer(hallucinated)]) as server:
        extractor = LLMExtractor(base_url=server.base_url, model="m", mode=mode)
        structured = structured_output(mode.instructor_mode)
        client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=0)
        patched = instructor.from_openai(client, mode=mode.instructor_mode)
        grounding = GroundingContext(ARTICLE.text)
        outcomes = []
        for _ in range(2):
            request = structured.request(_kwargs(extractor, mode))
            with grounded_in(grounding):
                theirs: Any
                try:
                    theirs, _ = patched.create_with_completion(response_model=GroundedExtraction, max_retries=0, strict=False, **_kwargs(extractor, mode))
                    theirs = theirs.model_dump()
                except instructor.core.exceptions.InstructorRetryException as exc:
                    theirs = type(exc.__cause__).__name__
                ours: Any
                try:
                    ours = structured.parse(send(client, request)).model_dump()
                except ValidationError as exc:
                    ours = type(exc).__name__
            outcomes.append((theirs, ours))
        client.close()
    assert outcomes[0][0] == outcomes[0][1] and isinstance(outcomes[0][0], dict)
    assert outcomes[1] == ("ValidationError", "ValidationError")


def test_completion_from_json_validates_conforming_answers_and_tolerates_bent_ones() -> None:
    import json

    from openai._models import construct_type
    from openai.types.chat import ChatCompletion

    from extractor.llm.structured import completion_from_json

    body = {"model": "m", "messages": [], "response_format": {"type": "json_object"}}
    wire = OpenAIServer().completion(body, answer(GOOD))
    ours = completion_from_json(json.dumps(wire).encode())
    assert ours == construct_type(type_=ChatCompletion, value=wire)  # what openai's own parsing gives
    bent = {k: v for k, v in wire.items() if k != "created"} | {"choices": [{**wire["choices"][0], "finish_reason": "eos"}], "timings": {"ms": 3}}
    lenient = completion_from_json(json.dumps(bent).encode())  # fails validation: built leniently, as openai does
    assert lenient.choices[0].message.content == wire["choices"][0]["message"]["content"]
    assert lenient.choices[0].finish_reason == "eos"
    for not_a_completion in (b"[1, 2]", b"<html>busy</html>"):
        with pytest.raises(ValueError):
            completion_from_json(not_a_completion)

"""instructor's structured output for one mode, set up once, and the chat-completions request sent through openai.

instructor's patched `create` re-derives its setup on every call: it walks the
response model for async validators five times (~2 ms of CPU per request, the
largest single cost of a request on a busy event loop), re-prepares the model
and runs its own retry loop around what is, with `max_retries=0`, one attempt.
Our loops do the retrying and re-asking, so the extractor uses instructor's
mode handlers directly: the same request fields and the same parsing and
validation, prepared once per mode instead of once per request.

The request goes out with the openai client's `post`, as `chat.completions.create`
sends it but without create's walk of the body against its typed parameters
(~1 ms per request for two long messages): every field here is plain JSON that
the walk returns unchanged (tests compare both on the wire).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import instructor
import openai
from instructor.v2 import Provider, mode_registry
from instructor.v2.core.response_model import prepare_response_model
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from extractor.llm.grounding import GroundedExtraction

_PROBE: dict[str, Any] = {"model": "probe", "messages": [{"role": "user", "content": "probe"}]}


class StructuredOutput:
    """How one instructor mode asks for a GroundedExtraction and parses the answer, via instructor's handler."""

    def __init__(self, mode: instructor.Mode) -> None:
        self.mode = mode
        self._handlers = mode_registry.get_handlers(Provider.OPENAI, mode)
        self.response_model: type[GroundedExtraction] = prepare_response_model(GroundedExtraction)
        self._fixed = self._fields_independent_of_messages()

    def request(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The `chat.completions.create` arguments instructor sends for `kwargs` (tools, response_format or schema prompt added)."""
        if self._fixed is not None:
            prepared = {**kwargs, **self._fixed}
        else:
            _, prepared = self._handlers.request_handler(response_model=self.response_model, kwargs=kwargs)
        return self._converted(prepared)

    def parse(self, completion: Any) -> GroundedExtraction:
        """The validated answer in `completion`; raises what instructor's parser raises (ValidationError, IncompleteOutputException, ...)."""
        return self._handlers.response_parser(
            response=completion,
            response_model=self.response_model,
            validation_context=None,
            strict=False,
            stream=False,
            is_async=False,
        )

    def _converted(self, prepared: dict[str, Any]) -> dict[str, Any]:
        """`prepared` with its messages in the provider's format, as instructor's patched create converts them."""
        converter = self._handlers.message_converter
        if converter is not None and "messages" in prepared:
            prepared["messages"] = converter(prepared["messages"], autodetect_images=False)
        return prepared

    def _fields_independent_of_messages(self) -> dict[str, Any] | None:
        """The fields the handler adds (tools, response_format) when it leaves the rest untouched, else None (it rewrites messages)."""
        _, prepared = self._handlers.request_handler(response_model=self.response_model, kwargs=dict(_PROBE))
        if any(prepared.get(key) != value for key, value in _PROBE.items()):
            return None
        return {key: value for key, value in prepared.items() if key not in _PROBE}


CHAT_COMPLETIONS = "/chat/completions"
_OPTION_FIELDS = {"timeout": "timeout", "extra_body": "extra_json", "extra_headers": "headers", "extra_query": "params"}


def post_arguments(request: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """`chat.completions.create` keyword arguments as the JSON body and the request options create() builds from them."""
    body = {key: value for key, value in request.items() if key not in _OPTION_FIELDS}
    options = {_OPTION_FIELDS[key]: value for key, value in request.items() if key in _OPTION_FIELDS and value is not None}
    return body, options


def send(client: openai.OpenAI, request: dict[str, Any]) -> ChatCompletion:
    """Send `request` (create() arguments) to the chat-completions endpoint with the openai client."""
    body, options = post_arguments(request)
    return completion_from_json(client.post(CHAT_COMPLETIONS, cast_to=bytes, body=body, options=options))  # type: ignore[arg-type]


async def asend(client: openai.AsyncOpenAI, request: dict[str, Any]) -> ChatCompletion:
    """Async `send`."""
    body, options = post_arguments(request)
    return completion_from_json(await client.post(CHAT_COMPLETIONS, cast_to=bytes, body=body, options=options))  # type: ignore[arg-type]


def completion_from_json(raw: bytes) -> ChatCompletion:
    """The ChatCompletion in a response body: validated in one pass (pydantic-core), else built leniently as openai does.

    openai's own lenient builder walks the answer in Python (~0.5 ms a response); a conforming answer
    validates much faster, and a server that bends the format (missing or extra fields) still gets the
    lenient path. A body that is not a JSON object raises ValueError.
    """
    try:
        return ChatCompletion.model_validate_json(raw)
    except ValidationError:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError(f"the endpoint answered {type(data).__name__} JSON, not a chat completion") from None
        return ChatCompletion.construct(**data)


@cache
def structured_output(mode: instructor.Mode) -> StructuredOutput:
    """The shared StructuredOutput for `mode` (it holds no client or connection, so every extractor can use it)."""
    return StructuredOutput(mode)

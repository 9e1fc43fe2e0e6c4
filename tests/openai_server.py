"""A scripted OpenAI-protocol server on loopback, for tests and benchmarks of the LLM path.

A real HTTP server (threaded, so it serves concurrent clients) answering
`/v1/chat/completions` and `/v1/models` like an OpenAI-compatible endpoint.
Each request takes the next scripted `Reply` from a queue, else asks a
responder callable (given the parsed request), else gives the default answer.
Replies can be valid answers (formatted as a tool call when the request
offered tools, else as message content), invalid JSON, HTTP errors with
headers (429 + Retry-After, 500), slow answers past the client's timeout,
or dropped connections; a fixed latency and a seeded random fault rate can be
added for reliability and throughput runs. Every request is recorded (unless `record=False`).

    with OpenAIServer(replies=[rate_limited(0.1), answer({"meetings": [], "statements": []})]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
"""

from __future__ import annotations

import itertools
import json
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

EMPTY_ANSWER: dict[str, Any] = {"meetings": [], "statements": []}


@dataclass(frozen=True)
class Reply:
    """One scripted response."""

    kind: str = "answer"  # answer | status | drop
    content: Any = None  # answer: a JSON-able object (sent as JSON) or a str (sent verbatim)
    status: int = 200
    body: Any = None  # status: the JSON error body
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before replying
    finish_reason: str | None = None  # answer: default "tool_calls" or "stop"
    usage: tuple[int, int] | None = None  # answer: (prompt_tokens, completion_tokens); default estimated


def answer(content: Any = None, *, delay: float = 0.0, finish_reason: str | None = None, usage: tuple[int, int] | None = None) -> Reply:
    """A model answer: `content` as JSON (an object) or verbatim (a str); an empty extraction by default."""
    return Reply("answer", EMPTY_ANSWER if content is None else content, delay=delay, finish_reason=finish_reason, usage=usage)


def invalid_json(text: str = '{"meetings": [{"id": "m1", "status": ') -> Reply:
    """An answer that is not valid JSON."""
    return Reply("answer", text)


def status(code: int, message: str = "scripted error", *, headers: dict[str, str] | None = None, delay: float = 0.0) -> Reply:
    """An HTTP error with an OpenAI-style error body."""
    body = {"error": {"message": message, "type": "server_error" if code >= 500 else "invalid_request_error", "code": code}}
    return Reply("status", status=code, body=body, headers=headers or {}, delay=delay)


def rate_limited(retry_after: float | None = 1.0) -> Reply:
    """HTTP 429, with a Retry-After header (seconds) unless None."""
    headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else {}
    return status(429, "rate limit reached", headers=headers)


def server_error(code: int = 500) -> Reply:
    """HTTP 5xx."""
    return status(code, "internal error")


def slow(seconds: float, then: Reply | None = None) -> Reply:
    """`then` (an empty answer by default) after `seconds`: past a shorter client timeout it is never read."""
    base = then or answer()
    return Reply(base.kind, base.content, base.status, base.body, base.headers, seconds, base.finish_reason, base.usage)


def drop(delay: float = 0.0) -> Reply:
    """Close the connection without sending a response."""
    return Reply("drop", delay=delay)


@dataclass
class RecordedRequest:
    """A request the server received."""

    method: str
    path: str
    body: dict[str, Any] | None
    headers: dict[str, str]
    at: float

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages of a chat-completions request."""
        return list((self.body or {}).get("messages") or [])


Responder = Callable[[dict[str, Any]], "Reply | dict[str, Any] | str"]


class OpenAIServer:
    """A scripted OpenAI-compatible HTTP server on 127.0.0.1 and a free port."""

    def __init__(
        self,
        responder: Responder | None = None,
        *,
        replies: Iterable[Reply] = (),
        default: Reply | None = None,
        latency: float = 0.0,
        fault_rate: float = 0.0,
        seed: int = 0,
        model: str = "test-model",
        record: bool = True,
    ) -> None:
        self.responder = responder
        self.record = record
        self.default = default or answer()
        self.latency = latency
        self.fault_rate = fault_rate
        self.model = model
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque(replies)
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free loopback port and serve in a background thread."""
        handler = _make_handler(self)
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler, bind_and_activate=False)
        httpd.daemon_threads = True
        httpd.request_queue_size = 256
        httpd.server_bind()
        httpd.server_activate()
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        """The bound port."""
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The endpoint for an OpenAI client (`.../v1`)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting -------------------------------------------------------------------------------------

    def push(self, *replies: Reply) -> None:
        """Queue replies for the next requests, in order."""
        with self._lock:
            self._queue.extend(replies)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """The chat-completions requests received, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def reset(self) -> None:
        """Forget recorded requests and queued replies."""
        with self._lock:
            self.requests.clear()
            self._queue.clear()

    def _next_reply(self, body: dict[str, Any]) -> Reply:
        with self._lock:
            scripted = self._queue.popleft() if self._queue else None
            fault = self.fault_rate > 0 and self._random.random() < self.fault_rate
            fault_kind = self._random.choice(("500", "429", "drop")) if fault else ""
        if scripted is not None:
            return scripted
        if fault:
            return {"500": server_error(), "429": rate_limited(0.05), "drop": drop()}[fault_kind]
        if self.responder is not None:
            produced = self.responder(body)
            return produced if isinstance(produced, Reply) else answer(produced)
        return self.default

    # -- protocol --------------------------------------------------------------------------------------

    def completion(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        """The chat.completion JSON for an answer reply, shaped by what the request asked for."""
        text = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        tools = body.get("tools") or []
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if tools:
            name = tools[0].get("function", {}).get("name", "answer")
            message["tool_calls"] = [{"id": f"call_{next(self._ids)}", "type": "function", "function": {"name": name, "arguments": text}}]
            finish = reply.finish_reason or "tool_calls"
        else:
            message["content"] = text if body.get("response_format") else f"```json\n{text}\n```"
            finish = reply.finish_reason or "stop"
        prompt_tokens, completion_tokens = reply.usage or (len(json.dumps(body.get("messages", []))) // 4, max(len(text) // 4, 1))
        return {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or self.model,
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens, "total_tokens": prompt_tokens + completion_tokens},
        }


def _make_handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once: no delayed-ACK stalls on keep-alive
        wbufsize = 1 << 16  # buffered writes, flushed once per response by http.server

        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_GET(self) -> None:
            self._record(None)
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": server.model, "object": "model", "owned_by": "tests"}]})
            else:
                self._json(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                self._json(400, {"error": {"message": "request body is not JSON"}})
                return
            self._record(body)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            reply = server._next_reply(body)
            wait = server.latency + reply.delay
            if wait > 0:
                time.sleep(wait)
            if reply.kind == "drop":
                self.close_connection = True
                return
            if reply.kind == "status":
                self._json(reply.status, reply.body, reply.headers)
                return
            self._json(200, server.completion(body, reply), reply.headers)

        def _record(self, body: dict[str, Any] | None) -> None:
            if not server.record:
                return
            with server._lock:
                server.requests.append(RecordedRequest(self.command, self.path, body, dict(self.headers), time.monotonic()))

        def _json(self, code: int, payload: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            try:
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (timeout): nothing to deliver

    return Handler


class OpenAIServerProcess:
    """The server in a child process (`python -m tests.openai_server`), so its CPU and GIL are not the client's.

    Serves a fixed answer with optional latency and seeded fault rate; for
    benchmarks and load tests where the server must not compete with the
    code being measured.
    """

    def __init__(self, content: Any = None, *, latency: float = 0.0, fault_rate: float = 0.0, seed: int = 0) -> None:
        self.content = EMPTY_ANSWER if content is None else content
        self.latency = latency
        self.fault_rate = fault_rate
        self.seed = seed
        self.base_url = ""
        self._process: Any = None

    def __enter__(self) -> Self:
        import subprocess
        import sys
        from pathlib import Path

        command = [
            sys.executable, "-m", "tests.openai_server",
            "--answer", json.dumps(self.content),
            "--latency", str(self.latency),
            "--fault-rate", str(self.fault_rate),
            "--seed", str(self.seed),
        ]  # fmt: skip
        root = Path(__file__).resolve().parent.parent
        self._process = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        line = self._process.stdout.readline().strip()
        if not line.startswith("http://"):
            self._process.kill()
            raise RuntimeError(f"test server did not start: {line!r}")
        self.base_url = line
        return self

    def __exit__(self, *exc: object) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


def main(argv: list[str] | None = None) -> None:
    """Serve a fixed answer until terminated; print the base URL on the first line of stdout."""
    import argparse

    parser = argparse.ArgumentParser(description="Scripted OpenAI-protocol test server")
    parser.add_argument("--answer", default=json.dumps(EMPTY_ANSWER), help="JSON answer to serve")
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--fault-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    # nobody can read a child process' recorded requests: keeping them would only grow its heap and its GC pauses
    server = OpenAIServer(default=answer(json.loads(args.answer)), latency=args.latency, fault_rate=args.fault_rate, seed=args.seed, record=False)
    server.start()
    print(server.base_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()


__all__ = [
    "EMPTY_ANSWER",
    "OpenAIServer",
    "OpenAIServerProcess",
    "RecordedRequest",
    "Reply",
    "answer",
    "drop",
    "invalid_json",
    "rate_limited",
    "server_error",
    "slow",
    "status",
]

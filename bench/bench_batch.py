"""Batch throughput and memory: `python bench/bench_batch.py` prints one table.

Rows (each a fresh `python -m extractor batch` process, so peak RSS is that run's):
- rules backend in-process (--workers 1) over 1,000 and 10,000 articles (the
  seeds repeated with varied ids in a generated .jsonl): articles/s and peak RSS
  (target <= 250 MB and flat from 1k to 10k); the baseline is a plain
  in-process loop (load, Pipeline.extract, json dump) over the same 1,000
  articles, so the ratio is the batch machinery's overhead;
- the rules backend on a process pool (--workers 2) against the inline run;
- an endpoint backend against the test server with 200 ms latency per request
  at --workers 16: articles/s against the ideal 16 / 0.2 s = 80/s (target >= 90%);
- the same batch re-run with a warm cache (target >= 1,000 articles/s).

Options: --small (1,000 / 200 articles, for a quick look), --skip-endpoint.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))


def make_corpus(path: Path, n: int) -> Path:
    """A .jsonl corpus of n records: the seeds in turn, each with its own id."""
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"bench_{i:06d}", "text": f"{texts[i % len(texts)]}\n\nReference {i}."}) + "\n")
    return path


def run_cli(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, dict[str, Any]]:
    """Run `python -m extractor batch ...`; return (wall seconds, peak RSS in MB of that process, JSON summary)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "extractor", "batch", *args, "--json-summary"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch failed ({proc.returncode}):\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return wall, usage.ru_maxrss / 1024, summary


def baseline_inline(corpus: Path) -> tuple[float, int]:
    """The plain loop a user would write: load, extract, dump. Returns (seconds, articles)."""
    code = (
        "import sys, time, json\n"
        "from extractor.articles import load_articles, Article\n"
        "from extractor.pipeline import Pipeline\n"
        "p = Pipeline('rules'); n = 0; t = time.perf_counter()\n"
        "with open(sys.argv[2], 'w') as out:\n"
        "    for a in load_articles(sys.argv[1]):\n"
        "        if isinstance(a, Article):\n"
        "            out.write(p.extract(a).model_dump_json() + '\\n'); n += 1\n"
        "print(json.dumps([time.perf_counter() - t, n]))\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", code, str(corpus), str(Path(tmp) / "o.jsonl")], capture_output=True, text=True, cwd=REPO, check=True
        )
    seconds, n = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, n


def start_server(latency: float) -> Any:
    """The OpenAI-protocol test server from tests/ with a fixed latency per request (serves in a thread)."""
    sys.path.insert(0, str(REPO))
    from tests.openai_server import OpenAIServer

    return OpenAIServer(latency=latency).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="smaller batches for a quick look")
    parser.add_argument("--skip-endpoint", action="store_true", help="only the rules rows")
    opts = parser.parse_args()
    n_small, n_large, n_endpoint = (200, 1_000, 200) if opts.small else (1_000, 10_000, 800)

    rows: list[tuple[str, int, float, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        small = make_corpus(tmp / "small.jsonl", n_small)
        large = make_corpus(tmp / "large.jsonl", n_large)

        base_s, base_n = baseline_inline(small)
        base_rate = base_n / base_s
        rows.append(("rules, plain loop (baseline)", base_n, base_rate, "-", "1.00", "-"))
        rss_small = 0.0
        for label, corpus, n in (("rules, batch, inline", small, n_small), ("rules, batch, inline", large, n_large)):
            _, rss, summary = run_cli([str(corpus), "--out", str(tmp / f"r{n}.jsonl"), "--backend", "rules", "--workers", "1", "--overwrite"])
            rate = summary["articles"] / summary["elapsed_s"]
            rss_small = rss_small or rss
            target = "RSS <= 250 MB, flat" if n == n_large else ""
            ok = rss <= 250 and (n != n_large or rss <= rss_small * 1.2)
            rows.append((label, n, rate, f"{rss:.0f}", f"{rate / base_rate:.2f}", f"{target} {'ok' if ok else 'MISSED'}".strip()))
        _, rss, summary = run_cli([str(small), "--out", str(tmp / "rp.jsonl"), "--backend", "rules", "--workers", "2", "--overwrite"])
        rows.append(("rules, --workers 2 (processes)", n_small, summary["articles"] / summary["elapsed_s"], f"{rss:.0f}*", f"{summary['articles'] / summary['elapsed_s'] / base_rate:.2f}", ""))

        if not opts.skip_endpoint:
            endpoint = make_corpus(tmp / "endpoint.jsonl", n_endpoint)
            server = start_server(latency=0.2)
            try:
                common = [str(endpoint), "--backend", "llm", "--base-url", server.base_url, "--api-key", "test", "--model", "test-model", "--workers", "16"]
                cache = str(tmp / "cache")
                _, rss, summary = run_cli([*common, "--out", str(tmp / "e1.jsonl"), "--cache-dir", cache])
                rate = summary["articles"] / summary["elapsed_s"]
                ideal = 16 / 0.2
                rows.append(("llm, 200 ms latency, --workers 16", n_endpoint, rate, f"{rss:.0f}", f"{rate / ideal:.2f} of ideal 80/s", f">= 0.90 {'ok' if rate / ideal >= 0.9 else 'MISSED'}"))
                _, rss, summary = run_cli([*common, "--out", str(tmp / "e2.jsonl"), "--cache-dir", cache])
                rate = summary["articles"] / summary["elapsed_s"]
                rows.append(("llm, warm cache re-run", n_endpoint, rate, f"{rss:.0f}", f"{rate / ideal:.1f} of 80/s", f">= 1000/s {'ok' if rate >= 1000 else 'MISSED'}"))
            finally:
                server.close()

    header = ("run", "articles", "articles/s", "peak RSS MB", "ratio", "target")
    widths = [max(len(str(r[i])) if i != 2 else 10 for r in [header, *rows]) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    for row in rows:
        cells = [row[0], str(row[1]), f"{row[2]:.1f}", row[3], row[4], row[5]]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
    print("\nRates are articles / time inside the run (process start and imports excluded, for the baseline too). * RSS of the parent only (workers are separate processes).")


if __name__ == "__main__":
    main()

"""Throughput of the rules backend: seeds repeated to >= 1,000 articles in one process, one core.

Prints articles/s and per-article latency percentiles for three stages measured in the same run:
loading + cleaning alone (the baseline), rules extraction alone, and both, with the ratio of each
to the baseline. Target: >= 500 articles/s for the rules extraction. Run: `python bench/bench_rules.py`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from extractor.articles import Article, load_article
from extractor.rules import RulesExtractor

REPO = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _measure(
    items: list, work: Callable[[object], object]
) -> tuple[float, list[float]]:
    latencies = []
    started = time.perf_counter()
    for item in items:
        t0 = time.perf_counter()
        work(item)
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles",
        type=int,
        default=1000,
        help="how many articles to process (seeds repeated)",
    )
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds")
    args = parser.parse_args()

    paths = sorted(args.seeds.glob("*.txt"))
    if not paths:
        raise SystemExit(f"no seed articles in {args.seeds}")
    work_paths = [paths[i % len(paths)] for i in range(max(args.articles, len(paths)))]
    rules = RulesExtractor()  # loads and compiles the knowledge once
    articles: list[Article] = [load_article(p) for p in paths]
    rules.extract(articles[0])  # warm-up outside the timed runs
    work_articles = [articles[i % len(articles)] for i in range(len(work_paths))]

    rows = []
    base_total, base_lat = _measure(work_paths, load_article)
    rows.append(("load + clean (baseline)", base_total, base_lat))
    rules_total, rules_lat = _measure(work_articles, rules.extract)
    rows.append(("rules extraction", rules_total, rules_lat))
    both_total, both_lat = _measure(
        work_paths, lambda p: rules.extract(load_article(p))
    )
    rows.append(("load + clean + rules", both_total, both_lat))

    n = len(work_paths)
    print(f"{n} articles ({len(paths)} seeds repeated), one process")
    print(
        f"{'stage':<26} {'articles/s':>11} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'time x baseline':>16}"
    )
    for name, total, lat in rows:
        print(
            f"{name:<26} {n / total:>11.0f} {_percentile(lat, 0.5) * 1e3:>8.2f} {_percentile(lat, 0.9) * 1e3:>8.2f} "
            f"{_percentile(lat, 0.99) * 1e3:>8.2f} {total / base_total:>16.1f}"
        )
    rate = n / rules_total
    print(
        f"rules extraction: {rate:.0f} articles/s (target >= 500): {'OK' if rate >= 500 else 'BELOW TARGET'}"
    )
    print(f"mean rules latency {statistics.mean(rules_lat) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()

"""Reconciliation gain: rules-only vs raw (validated) LLM vs reconciled, on the seed gold.

A scripted OpenAI-protocol endpoint plays a strong-but-imperfect model: it answers
each seed with its gold records after seeded corruption (bench/corruption.py) at
rates 0.1, 0.3 and 0.5, and repeats the same answer when re-asked. Each rate is run
with several random seeds; the table shows mean F1s and the reconciled gain over
the better input. `--local` adds the embedded model (slow: minutes per article).

    python bench/bench_reconcile.py [--reps 5] [--local]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from rich.console import Console
from rich.table import Table

from bench.corruption import corrupt
from extractor.articles import load_article
from extractor.evaluation import evaluate
from extractor.pipeline import Pipeline
from schemas import ArticleExtraction
from tests.openai_server import OpenAIServer, answer

FIXTURES = REPO / "tests" / "fixtures"
SETS = {
    "seeds": (REPO / "seeds", FIXTURES / "gold"),
    "extra": (FIXTURES / "articles_extra", FIXTURES / "gold_extra"),
    "holdout": (FIXTURES / "articles_holdout", FIXTURES / "gold_holdout"),  # never used to tune the rules
    "dev": (FIXTURES / "articles_dev", FIXTURES / "gold_dev"),  # other wire styles, scored once before tuning on them
}
GOLD = Path(tempfile.mkdtemp(prefix="bench-gold-"))  # the chosen sets' gold files side by side
RATES = (0.1, 0.3, 0.5)


def scores(predictions: list[Any]) -> dict[str, float]:
    report = evaluate(GOLD, predictions)
    return {
        "meeting": report.meetings.f1,
        "names": report.participants.f1,
        "statement": report.statements.f1,
        "fields": report.fields.mean or 0.0,
    }


def run_rate(articles: list[Any], golds: dict[str, dict[str, Any]], rate: float, rep: int) -> tuple[dict[str, float], dict[str, float]]:
    rng = random.Random(f"{rate}-{rep}")
    answers = {a.id: corrupt(golds[a.id], rate, rng) for a in articles}
    probes = {a.id: max(a.text.splitlines(), key=len)[:80] for a in articles}

    def responder(body: dict[str, Any]) -> Any:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        article_id = next(i for i, probe in probes.items() if probe in user)
        return answer(answers[article_id])

    with OpenAIServer(responder) as server:
        options = {"base_url": server.base_url, "model": "scripted", "max_attempts": 2, "timeout": 10.0}
        with Pipeline("llm", reconcile=False, **options) as raw_pipe, Pipeline("llm", reconcile=True, **options) as rec_pipe:
            raw = [raw_pipe.extract(a) for a in articles]
            rec = [rec_pipe.extract(a) for a in articles]
    return scores(raw), scores(rec)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=5, help="random corruption seeds per rate")
    parser.add_argument("--local", action="store_true", help="also run the embedded local model per seed")
    parser.add_argument("--sets", default="seeds,extra,holdout", help="article sets: seeds, extra (the rules' own test articles), holdout (never tuned on), dev (other wire styles)")
    args = parser.parse_args()

    articles = []
    for name in args.sets.split(","):
        folder, gold_dir = SETS[name]
        for gold_file in sorted(gold_dir.glob("*.json")):
            shutil.copy(gold_file, GOLD / gold_file.name)
            article = load_article(next(folder.glob(gold_file.stem + ".*")))
            if article.published is None:  # invented test articles carry their date in the gold file only
                article.published = ArticleExtraction.model_validate_json(gold_file.read_text()).published
            articles.append(article)
    golds = {p.stem: json.loads(p.read_text()) for p in GOLD.glob("*.json")}
    with Pipeline("rules") as rules_pipe:
        rules = scores([rules_pipe.extract(a) for a in articles])

    table = Table(title=f"Reconciliation on {len(articles)} gold articles ({args.sets}; mean of {args.reps} corruption seeds per rate)")
    for col in ("rate", "metric", "rules", "raw LLM", "reconciled", "gain vs better"):
        table.add_column(col, justify="right")
    started = time.perf_counter()
    for rate in RATES:
        runs = [run_rate(articles, golds, rate, rep) for rep in range(args.reps)]
        for metric in ("meeting", "names", "statement", "fields"):
            raw = statistics.mean(r[0][metric] for r in runs)
            rec = statistics.mean(r[1][metric] for r in runs)
            better = max(raw, rules[metric])
            table.add_row(f"{rate:.1f}", metric, f"{rules[metric]:.3f}", f"{raw:.3f}", f"{rec:.3f}", f"{rec - better:+.3f}")
        table.add_section()
    console = Console()
    console.print(table)
    console.print(f"{time.perf_counter() - started:.1f} s")

    if args.local:
        local_table = Table(title="Embedded local model, per seed (F1 meeting / names / statement)")
        for col in ("article", "rules", "raw local", "reconciled"):
            local_table.add_column(col)
        with Pipeline("local", reconcile=False) as raw_pipe, Pipeline("local", reconcile=True) as rec_pipe:
            for article in [a for a in articles if (SETS["seeds"][1] / f"{a.id}.json").exists()]:
                gold_dir_scores = []
                for pred in (rules_pipe_result(article), raw_pipe.extract(article), rec_pipe.extract(article)):
                    report = evaluate(GOLD, [pred])
                    row = next(a for a in report.articles if a.article_id == article.id)
                    gold_dir_scores.append(f"{row.meetings.f1:.2f} / {row.participants.f1:.2f} / {row.statements.f1:.2f}")
                local_table.add_row(article.id, *gold_dir_scores)
        console.print(local_table)


def rules_pipe_result(article: Any) -> Any:
    with Pipeline("rules") as pipe:
        return pipe.extract(article)


if __name__ == "__main__":
    main()

"""Rendering the review report: one self-contained HTML file with the data embedded as JSON.

Each article's data sits in its own `<script type="application/json">` block
and is parsed only when the article is opened, so a report of thousands of
articles loads quickly. A Content-Security-Policy allows no network access and
only the report's own script and style (by hash), so nothing in an article can
run even if it reached the page as markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from extractor.report.gold import GoldComparison, compare
from extractor.report.payload import article_payload
from extractor.report.sources import (
    ArticlesInput,
    ResultsInput,
    load_gold_dir,
    load_results,
    load_texts,
)

MAX_PROBLEMS_SHOWN = 200
# str.replace per character is several times faster than str.translate on long non-ASCII text
_JSON_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def script_json(data: Any) -> Markup:
    """JSON safe to embed in a <script> element: no `</script>`, `<!--` or `]]>` can appear in it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_ESCAPES:
        text = text.replace(char, escape)
    return Markup(text)


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


@dataclass
class _Asset:
    """A template file included verbatim (CSS or JS), with its CSP hash."""

    text: str
    csp: str = field(init=False)

    def __post_init__(self) -> None:
        self.csp = _csp_hash(self.text)


def _template_dir() -> Any:
    return files("extractor.report") / "templates"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_template_dir())),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _asset(name: str) -> _Asset:
    return _Asset((_template_dir() / name).read_text(encoding="utf-8"))


def _summary(rows: list[dict[str, Any]], comparisons: list[GoldComparison]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "articles": len(rows),
        "meetings": sum(r["m"] for r in rows),
        "statements": sum(r["s"] for r in rows),
        "warnings": sum(r["w"] for r in rows),
        "errors": sum(r["e"] for r in rows),
        "rejected": sum(r["r"] for r in rows),
        "gold": bool(comparisons),
    }
    if comparisons:
        totals = {"tp": 0, "fp": 0, "fn": 0}
        for kind in ("meetings", "statements"):
            tp = sum(getattr(c, kind)[0] for c in comparisons)
            fp = sum(getattr(c, kind)[1] for c in comparisons)
            fn = sum(getattr(c, kind)[2] for c in comparisons)
            summary[f"{kind}_f1"] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else 1.0
            totals = {"tp": totals["tp"] + tp, "fp": totals["fp"] + fp, "fn": totals["fn"] + fn}
        denominator = 2 * totals["tp"] + totals["fp"] + totals["fn"]
        summary["f1"] = round(2 * totals["tp"] / denominator, 3) if denominator else 1.0
        summary["gold_articles"] = len(comparisons)
    return summary


def render_report(
    results: ResultsInput,
    *,
    articles: ArticlesInput | None = None,
    gold_dir: str | Path | None = None,
    title: str = "Extraction review",
) -> str:
    """The review report as one HTML document.

    `results`: a JSONL file (or a .json file / folder of them) of ArticleExtraction, or the objects or dicts;
    `articles`: a file or folder of article files, or Article objects, whose `original` text the spans refer to;
    `gold_dir`: a folder of `<article_id>.json` gold fixtures, adding F1, missed and spurious records.
    Raises ReportInputError (one line) when an input cannot be read at all.
    """
    predictions, problems = load_results(results)
    gold = load_gold_dir(gold_dir) if gold_dir is not None else {}
    by_id = {p.article_id: p for p in predictions}
    ids = list(by_id) + sorted(set(gold) - set(by_id))
    texts: dict[str, Any] = {}
    if articles is not None:
        texts, load_problems = load_texts(articles, set(ids))
        problems += load_problems
        missing = [i for i in ids if i not in texts]
        if missing:
            shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
            problems.append(f"no article text found for {len(missing)} article(s): {shown}")
    comparisons: list[GoldComparison] = []
    details: list[str] = []
    rows: list[dict[str, Any]] = []
    for n, article_id in enumerate(ids):
        comparison = compare(gold[article_id], by_id.get(article_id)) if article_id in gold else None
        if comparison is not None:
            comparisons.append(comparison)
        detail, row = article_payload(n, article_id, by_id.get(article_id), texts.get(article_id), comparison)
        details.append(script_json(detail))
        rows.append(row)
    css, js = _asset("report.css"), _asset("report.js")
    return _environment().get_template("report.html.j2").render(
        title=title,
        summary=_summary(rows, comparisons),
        summary_json=script_json(_summary(rows, comparisons)),
        problems=problems[:MAX_PROBLEMS_SHOWN],
        more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        index_json=script_json(rows),
        details=details,
        css=Markup(css.text),
        js=Markup(js.text),
        csp=f"default-src 'none'; img-src data:; style-src {css.csp}; script-src {js.csp}",
    )


def write_report(
    out: str | Path,
    results: ResultsInput,
    *,
    articles: ArticlesInput | None = None,
    gold_dir: str | Path | None = None,
    title: str = "Extraction review",
) -> Path:
    """Render the report (see `render_report`) and write it to `out`; returns the path written."""
    html = render_report(results, articles=articles, gold_dir=gold_dir, title=title)
    path = Path(out)
    path.write_text(html, encoding="utf-8")
    return path

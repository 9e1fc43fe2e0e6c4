"""The HTML review report: embedded data, marks, gold comparison, escaping and the CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_report_fixtures import (
    GOLD,
    XSS_ID,
    seed_articles,
    seed_predictions,
    write_fixture,
    xss_article,
    xss_prediction,
)
from typer.testing import CliRunner

from extractor.cli.app import app
from extractor.report import ReportInputError, render_report
from extractor.report.render import script_json

_DATA = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.DOTALL)


def embedded(html: str) -> dict[str, Any]:
    """Every JSON block of a report by element id."""
    return {m.group(1): json.loads(m.group(2)) for m in _DATA.finditer(html)}


def article_data(html: str, article_id: str) -> dict[str, Any]:
    return next(v for k, v in embedded(html).items() if k.startswith("a") and v["id"] == article_id)


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return write_fixture(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def full_html(fixture_files: tuple[Path, Path, Path]) -> str:
    results, articles, gold = fixture_files
    return render_report(results, articles=articles, gold_dir=gold)


def test_script_json_cannot_close_its_script_element() -> None:
    value = {"t": "</script><script>alert(1)</script><!-- x --> ]]> & \u2028"}
    out = str(script_json(value))
    assert "</" not in out and "<!--" not in out and "<" not in out
    assert json.loads(out) == value


def test_only_the_reports_own_scripts_are_in_the_page(full_html: str) -> None:
    tags = re.findall(r"<script[^>]*>", full_html)
    json_tags = [t for t in tags if 'type="application/json"' in t]
    assert len(tags) == len(json_tags) + 1  # the data blocks and the one report script
    for markup in ("<script>alert", "<img src=x", "<b>bold</b>", "<!-- a comment"):
        assert markup not in full_html
    assert "<script>alert(1)</script>" in article_data(full_html, XSS_ID)["text"]  # kept, as escaped JSON


def test_csp_allows_exactly_the_embedded_script(full_html: str) -> None:
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', full_html).group(1))
    script = re.search(r"<script>(.*)</script>\s*</body>", full_html, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert csp.startswith("default-src 'none'")


def test_assets_cannot_end_their_elements_early() -> None:
    templates = Path(__file__).resolve().parent.parent / "extractor" / "report" / "templates"
    assert "</script" not in (templates / "report.js").read_text().lower()
    assert "</style" not in (templates / "report.css").read_text().lower()


def test_marks_point_at_the_names_in_the_original_text(full_html: str) -> None:
    articles = seed_articles()
    checked = 0
    for article_id, article in articles.items():
        data = article_data(full_html, article_id)
        assert data["text"] == article.original
        for start, end, kind, ref, field, source, flag in data["marks"]:
            assert 0 <= start < end <= len(article.original)
            if kind == "person" and ".p" in ref and not ref.startswith("g"):
                rec = data["meetings" if ref[0] == "m" else "statements"][int(ref[1 : ref.index(".")])]
                people = rec.get("participants") or rec.get("speakers")
                name = people[int(ref.split(".p")[1])]["name"]
                assert article.original[start:end] == name
                assert source in ("llm", "rules", "both")
                checked += 1
    assert checked > 20


def test_gold_comparison_marks_missed_and_spurious_records(full_html: str) -> None:
    data = embedded(full_html)
    rows = {r["id"]: r for r in data["index-data"]}
    details = [v for k, v in data.items() if re.fullmatch(r"a\d+", k)]
    missed = sum(len(d["missed"]["statements"]) for d in details if d["missed"])
    assert missed == 5  # one statement dropped from each seed prediction
    assert all(rows[a]["f1"] < 1.0 for a in seed_articles())
    spurious = [s for d in details for s in d["statements"] if s.get("gold", {}).get("status") == "spurious"]
    assert len(spurious) == 1
    missed_marks = [m for d in details for m in d["marks"] if m[6] == "missed"]
    assert missed_marks and all(m[3].startswith("g") for m in missed_marks)
    changed = [s for d in details for s in d["statements"] if "act" in s.get("gold", {}).get("diff", {})]
    assert len(changed) == 1
    assert "f1" not in rows[XSS_ID]  # no gold file for it


def test_report_without_articles_or_gold_shows_records_only(fixture_files: tuple[Path, Path, Path]) -> None:
    results, _, _ = fixture_files
    page = render_report(results)
    data = embedded(page)
    assert all("f1" not in r for r in data["index-data"])
    details = [v for k, v in data.items() if re.fullmatch(r"a\d+", k)]
    assert details and all(d["text"] is None and d["missed"] is None for d in details)
    assert sum(len(d["meetings"]) for d in details) == sum(r["m"] for r in data["index-data"]) > 0


def test_gold_articles_without_prediction_are_listed_as_missed() -> None:
    articles = seed_articles()
    preds = seed_predictions(articles)[1:]
    page = render_report(preds, articles=articles, gold_dir=GOLD)
    first = min(articles)
    row = next(r for r in embedded(page)["index-data"] if r["id"] == first)
    assert row["pred"] is False and row["f1"] == 0.0
    assert article_data(page, first)["missed"]["meetings"]


def test_objects_and_bad_records_are_accepted(tmp_path: Path) -> None:
    article = xss_article()
    good = xss_prediction(article)
    path = tmp_path / "r.jsonl"
    path.write_text(good.model_dump_json() + "\n{not json\n" + json.dumps({"article_id": 3}) + "\n", encoding="utf-8")
    page = render_report(path, articles={article.id: article})
    assert "2 input problem(s)" in page
    assert article_data(page, XSS_ID)["title"] == "<b>bold</b> headline & </script>"


def test_unreadable_inputs_raise_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(ReportInputError, match="not found"):
        render_report(tmp_path / "missing.jsonl")
    (tmp_path / "r.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(ReportInputError, match="gold"):
        render_report(tmp_path / "r.jsonl", gold_dir=tmp_path / "nogold")


def test_cli_writes_the_report(fixture_files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    results, articles, gold = fixture_files
    out = tmp_path / "report.html"
    run = CliRunner().invoke(app, ["report", str(results), "--articles", str(articles), "--gold", str(gold), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert len(embedded(out.read_text(encoding="utf-8"))["index-data"]) == 6


def test_cli_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    run = CliRunner().invoke(app, ["report", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "r.html")])
    assert run.exit_code == 2
    assert "nope.jsonl" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_rules_pipeline_results_render_with_their_spans() -> None:
    from extractor.pipeline import Pipeline

    articles = seed_articles()
    with Pipeline("rules") as pipeline:
        results = [pipeline.extract(a) for a in articles.values()]
    page = render_report(results, articles=articles, gold_dir=GOLD)
    for result in results:
        data = article_data(page, result.article_id)
        assert data["dropped"] == 0
        assert len(data["meetings"]) == len(result.meetings)
        names = {
            data["text"][m[0] : m[1]] for m in data["marks"] if m[2] == "person" and not m[3].startswith("g")
        }
        expected = {p.name for meeting in result.meetings for p in meeting.participants if p.evidence.get("name")}
        assert expected <= names

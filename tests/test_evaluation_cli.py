"""`extractor eval --gold DIR --pred FILE.jsonl [--json REPORT.json]`: tables, JSON report and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from extractor.cli.app import app
from extractor.evaluation import evaluate

EVAL_GOLD = Path(__file__).resolve().parent / "fixtures" / "eval" / "gold"
runner = CliRunner()


def _pred_file(tmp_path: Path, *extra_lines: str) -> Path:
    """Predictions: a perfect e01, no e02, plus the given raw lines."""
    path = tmp_path / "pred.jsonl"
    e01 = json.dumps(json.loads((EVAL_GOLD / "e01.json").read_text(encoding="utf-8")))
    path.write_text("\n".join([e01, *extra_lines]) + "\n", encoding="utf-8")
    return path


def test_eval_prints_tables_and_writes_the_json_report(tmp_path: Path) -> None:
    pred = _pred_file(tmp_path)
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["eval", "--gold", str(EVAL_GOLD), "--pred", str(pred), "--json", str(out)])
    assert result.exit_code == 0, result.output
    for heading in ("Headline", "Fields on matched pairs", "Articles (worst first"):
        assert heading in result.stdout
    # e02 has no prediction, so it is the worst article and listed first
    assert result.stdout.index("e02 *") < result.stdout.index("e01")
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written == json.loads(evaluate(EVAL_GOLD, pred).model_dump_json())
    # meetings: e01 2 of 2, e02 0 of 1 -> tp 2, fn 1
    assert (written["meetings"]["tp"], written["meetings"]["fn"]) == (2, 1)


def test_a_broken_prediction_line_is_reported_and_skipped(tmp_path: Path) -> None:
    pred = _pred_file(tmp_path, "{broken")
    result = runner.invoke(app, ["eval", "--gold", str(EVAL_GOLD), "--pred", str(pred)])
    assert result.exit_code == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 1 and "pred.jsonl:2: not valid JSON" in warnings[0]
    assert "skipped 1 prediction record(s)" in result.stdout


def test_missing_gold_folder_is_one_error_line_with_exit_code_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nope"), "--pred", str(_pred_file(tmp_path))])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope'}: gold folder not found"]


def test_invalid_gold_file_is_named_with_exit_code_2(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "bad.json").write_text(json.dumps({"article_id": "bad", "meetings": [{"id": "x1"}]}), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(_pred_file(tmp_path))])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(gold / "bad.json") in lines[0] and "not a valid ArticleExtraction" in lines[0]
    assert "Traceback" not in result.output


def test_missing_prediction_file_and_missing_source_are_clear_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--gold", str(EVAL_GOLD), "--pred", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 2 and "prediction file not found" in result.stderr
    result = runner.invoke(app, ["eval", "--gold", str(EVAL_GOLD)])
    assert result.exit_code == 2 and "exactly one of --pred" in result.stderr

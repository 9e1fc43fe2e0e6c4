"""Repairs before validation and grounding validators: what a model is (and is not) re-asked for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from extractor.llm import (
    GroundedExtraction,
    GroundingContext,
    country_code,
    fold,
    format_validation_error,
    repair_answer,
)
from tests.conftest import GOLD_DIR, SEEDS_DIR

TEXT = "Foreign Minister Helen Marsh met Arif Wibowo in Canberra on Wednesday. “We act together,” Marsh said."


def _meeting(**fields: object) -> dict[str, object]:
    return {"id": "m1", "status": "held", "participants": [{"name": "Helen Marsh", "country": "AUS"}], **fields}


def _validate(data: dict[str, object], text: str = TEXT) -> GroundedExtraction:
    return GroundedExtraction.model_validate(data, context={"grounding": GroundingContext(text)})


@pytest.mark.parametrize(
    ("value", "code"),
    [("Japan", "JPN"), ("South Korea", "KOR"), ("North Korea", "PRK"), ("U.S.", "USA"), ("JP", "JPN"), ("KOR", "KOR"), ("Atlantis", None)],
)
def test_country_names_become_iso3(value: str, code: str | None) -> None:
    assert country_code(value) == code


def test_repair_renumbers_ids_and_keeps_statement_references() -> None:
    raw = {
        "meetings": [{"id": "m7", "status": "Held", "format": "in-person", "countries": ["Japan", "U.S."]}, {"id": "x", "status": "scheduled"}],
        "statements": [{"id": "s9", "speakers": [{"name": "Marsh", "country": "Australia"}], "text": "“We act together,”", "direct": True, "act": "Pledge", "meeting_id": "m7", "target": ""}],
    }
    fixed = repair_answer(raw)
    assert [m["id"] for m in fixed["meetings"]] == ["m1", "m2"]
    assert fixed["meetings"][0]["status"] == "held" and fixed["meetings"][0]["format"] == "in_person"
    assert fixed["meetings"][0]["countries"] == ["JPN", "USA"]
    statement = fixed["statements"][0]
    assert (statement["id"], statement["meeting_id"], statement["act"], statement["target"]) == ("s1", "m1", "pledge", None)
    assert statement["speakers"][0]["country"] == "AUS"
    assert statement["text"] == "We act together"
    assert raw["meetings"][0]["id"] == "m7", "the caller's data is not changed"


def test_grounded_answer_validates_and_converts_to_the_plain_core() -> None:
    answer = _validate({"meetings": [_meeting(date_text="on Wednesday", location={"name": "Canberra", "country": "Australia"})], "statements": [
        {"id": "s1", "speakers": [{"name": "Marsh"}], "text": "\"We act together\"", "direct": True, "act": "pledge"}]})
    core = answer.to_core()
    assert type(core).__name__ == "ExtractionCore"
    assert core.meetings[0].location is not None and core.meetings[0].location.country == "AUS"
    assert core.statements[0].text == "We act together"


def test_ungrounded_values_are_named_with_their_path() -> None:
    data = {"meetings": [_meeting(participants=[{"name": "Helen Marsh"}, {"name": "John Smith"}], location={"name": "Sydney"})], "statements": []}
    with pytest.raises(ValidationError) as caught:
        _validate(data)
    message = format_validation_error(caught.value)
    assert "meetings[0].participants[1].name 'John Smith' does not occur in the article" in message
    assert "meetings[0].location.name 'Sydney' does not occur in the article" in message
    assert "Helen Marsh" not in message


def test_occurs_folds_case_whitespace_and_quote_style() -> None:
    grounding = GroundingContext(TEXT)
    assert grounding.occurs("helen  MARSH")
    assert grounding.occurs('"We act together,"')
    assert not grounding.occurs("Helen Marsha Wibowo")
    assert fold("A\u2019s  “B”") == "a's \"b\""


def test_schema_errors_read_as_paths() -> None:
    with pytest.raises(ValidationError) as caught:
        _validate({"meetings": [{"id": "m1", "status": "maybe"}], "statements": []})
    assert format_validation_error(caught.value).startswith("meetings[0].status:")


@pytest.mark.parametrize("path", sorted(GOLD_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_every_gold_file_is_a_valid_grounded_answer(path: Path) -> None:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = next(SEEDS_DIR.glob(f"{path.stem}.*")).read_text(encoding="utf-8")
    answer = _validate({"meetings": gold["meetings"], "statements": gold["statements"]}, text)
    assert len(answer.meetings) == len(gold["meetings"]) and len(answer.statements) == len(gold["statements"])

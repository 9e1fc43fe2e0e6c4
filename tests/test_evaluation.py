"""Scoring hand-made predictions against hand-made gold (tests/fixtures/eval/gold), numbers worked out by hand.

Gold e01 (see the file): m1 held in Seoul on 2024-03-05, JPN/KOR/USA, named participants Cho Tae-yong,
Jake Sullivan, Akiba Takeo; m2 a scheduled CHN-USA phone call with nameless participants. Statements:
s1 a direct quote by Cho (12 tokens), s2 a joint pledge by nameless JPN/KOR/USA speakers, s3 by Sullivan.
Gold e02: one CHN-USA phone call (Wang Yi, Antony Blinken) and one statement by Wang Yi.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from extractor.evaluation import ArticleMatch, EvalReport, evaluate, match_article
from extractor.evaluation.report import MEAN_FIELDS
from schemas import ArticleExtraction
from tests.conftest import GOLD_DIR

EVAL_GOLD = Path(__file__).resolve().parent / "fixtures" / "eval" / "gold"


def _gold(article_id: str) -> dict[str, Any]:
    return json.loads((EVAL_GOLD / f"{article_id}.json").read_text(encoding="utf-8"))


@pytest.fixture()
def e01_dir(tmp_path: Path) -> Path:
    """A gold folder holding only e01."""
    folder = tmp_path / "gold"
    folder.mkdir()
    shutil.copy(EVAL_GOLD / "e01.json", folder / "e01.json")
    return folder


def _score(gold_dir: Path, pred: dict[str, Any]) -> EvalReport:
    return evaluate(gold_dir, [pred])


def test_perfect_prediction_scores_one_everywhere() -> None:
    report = evaluate(EVAL_GOLD, [_gold("e01"), _gold("e02")])
    for counts in (report.meetings, report.participants, report.statements):
        assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)
    # tp: meetings 2 + 1, participant names 3 + 2 (m2's are null and do not count), statements 3 + 1
    assert (report.meetings.tp, report.participants.tp, report.statements.tp) == (3, 5, 4)
    assert all(value == 1.0 for value in report.fields.model_dump().values())
    assert report.headline.model_dump() == {"meeting_f1": 1.0, "participant_f1": 1.0, "statement_f1": 1.0, "field_mean": 1.0}
    assert [a.article_id for a in report.articles] == ["e01", "e02"]


def test_empty_prediction_has_zero_recall_and_no_field_scores(e01_dir: Path) -> None:
    pred = {"article_id": "e01", "meetings": [], "statements": []}
    report = _score(e01_dir, pred)
    # Nothing predicted: meetings fn 2, names fn 3, statements fn 3; precision is 0 by convention (gold exists).
    assert report.meetings.model_dump() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "tp": 0, "fp": 0, "fn": 2}
    assert (report.participants.fn, report.participants.recall) == (3, 0.0)
    assert (report.statements.fn, report.statements.recall) == (3, 0.0)
    # No matched pair: no field can be scored.
    assert all(value is None for value in report.fields.model_dump().values())
    assert report.headline.field_mean is None
    assert report.articles[0].predicted is True


def test_hallucinated_meeting_lowers_precision_only(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["meetings"].append(
        {
            "id": "m3",
            "status": "held",
            "countries": ["FRA", "GBR"],
            "participants": [{"name": "Emmanuel Macron", "country": "FRA"}],
        }
    )
    report = _score(e01_dir, pred)
    # meetings tp 2, fp 1: P 2/3, R 1, F1 = 4/5
    assert (report.meetings.tp, report.meetings.fp, report.meetings.fn) == (2, 1, 0)
    assert report.meetings.precision == pytest.approx(2 / 3)
    assert report.meetings.recall == 1.0
    assert report.meetings.f1 == pytest.approx(0.8)
    # Macron is a false-positive name: tp 3, fp 1 -> F1 = 6/7
    assert (report.participants.tp, report.participants.fp) == (3, 1)
    assert report.participants.f1 == pytest.approx(6 / 7)
    # The two matched pairs are perfect.
    assert report.fields.mean == 1.0


def test_surname_only_and_titled_names_match_full_names(e01_dir: Path) -> None:
    pred = _gold("e01")
    m1 = pred["meetings"][0]
    m1["participants"] = [
        {"name": "Cho", "country": "KOR"},  # Korean surname first
        {"name": "Mr. Sullivan", "country": "USA"},  # honorific, surname last
        {"name": "Akiba", "country": "JPN"},  # Japanese surname first
    ]
    pred["statements"][0]["speakers"] = [{"name": "Cho", "country": "KOR"}]
    report = _score(e01_dir, pred)
    assert (report.participants.tp, report.participants.fp, report.participants.fn) == (3, 0, 0)
    assert report.fields.meeting_participants == 1.0
    assert report.fields.statement_speaker == 1.0


def test_nameless_meeting_with_different_countries_is_not_matched(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["meetings"][1]["countries"] = ["CHN", "RUS"]  # m2 names nobody, so countries must be equal
    report = _score(e01_dir, pred)
    # m1 matched, predicted m2 is a FP and gold m2 a FN: P = R = F1 = 1/2
    assert (report.meetings.tp, report.meetings.fp, report.meetings.fn) == (1, 1, 1)
    assert report.meetings.f1 == pytest.approx(0.5)
    assert match_article(ArticleExtraction.model_validate(_gold("e01")), ArticleExtraction.model_validate(pred)) == ArticleMatch(
        meeting_pairs=[(0, 0)],
        unmatched_gold_meetings=[1],
        unmatched_pred_meetings=[1],
        statement_pairs=[(0, 0), (1, 1), (2, 2)],
    )


def test_named_meeting_with_a_missing_country_matches_and_scores_country_set_f1(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["meetings"][0]["countries"] = ["KOR", "USA"]  # JPN missing; names still shared
    report = _score(e01_dir, pred)
    assert report.meetings.tp == 2
    # Micro over matched pairs: m1 tp 2 fn 1, m2 tp 2 -> tp 4, fn 1: F1 = 8/9
    assert report.fields.meeting_countries == pytest.approx(8 / 9)


def test_nameless_meeting_dates_must_agree_unless_one_is_null(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["meetings"][1]["date"] = "2024-03-08"  # gold m2 date is null: still compatible
    assert _score(e01_dir, pred).meetings.tp == 2
    gold = _gold("e01")
    gold["meetings"][1]["date"] = "2024-03-07"
    (e01_dir / "e01.json").write_text(json.dumps(gold), encoding="utf-8")
    # Both dates known and different: incompatible
    assert _score(e01_dir, pred).meetings.model_dump()["tp"] == 1


def test_field_accuracies_on_matched_meetings(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["meetings"][0]["format"] = "video"  # wrong
    pred["meetings"][0]["location"] = {"name": "seoul,", "country": "KOR"}  # same after normalisation
    pred["meetings"][1]["status"] = "held"  # wrong
    pred["meetings"][0]["topics"] = ["dprk_missiles"]  # one of two
    report = _score(e01_dir, pred)
    assert report.fields.meeting_format == 0.5
    assert report.fields.meeting_status == 0.5
    assert report.fields.meeting_location == 1.0  # m1 equal after folding, m2 both null
    # topics: m1 tp 1 fn 1, m2 tp 1 -> tp 2 fn 1: F1 = 4/5
    assert report.fields.meeting_topics == pytest.approx(0.8)
    # mean of the 11 fields: 7 meeting fields (1, .5, .5, 1, 1, 1, .8) and 4 perfect statement fields
    assert report.fields.mean == pytest.approx((1 + 0.5 + 0.5 + 1 + 1 + 1 + 0.8 + 4) / 11)
    assert len(MEAN_FIELDS) == 11


def test_lexicographic_meeting_weights_prefer_names_then_countries_then_date(tmp_path: Path) -> None:
    gold = ArticleExtraction.model_validate(
        {
            "article_id": "x",
            "meetings": [
                {"id": "m1", "status": "held", "date": "2024-01-01", "countries": ["JPN", "KOR"],
                 "participants": [{"name": "Cho Tae-yong"}, {"name": "Akiba Takeo"}]},
                {"id": "m2", "status": "held", "date": "2024-02-01", "countries": ["JPN", "KOR"],
                 "participants": [{"name": "Cho Tae-yong"}, {"name": "Akiba Takeo"}]},
            ],
        }
    )
    # Same names and countries: the date decides (pred meeting 0 is gold m2).
    pred = gold.model_copy(deep=True)
    pred.meetings[0].date, pred.meetings[1].date = gold.meetings[1].date, gold.meetings[0].date
    assert match_article(gold, pred).meeting_pairs == [(0, 1), (1, 0)]
    # More shared names beat more shared countries and a matching date.
    pred2 = ArticleExtraction.model_validate(
        {
            "article_id": "x",
            "meetings": [
                {"id": "m1", "status": "held", "date": "2024-01-01", "countries": ["JPN", "KOR"],
                 "participants": [{"name": "Cho"}]},
                {"id": "m2", "status": "held", "date": "2024-02-01", "countries": ["KOR"],
                 "participants": [{"name": "Cho"}, {"name": "Akiba"}]},
            ],
        }
    )
    gold2 = gold.model_copy(deep=True)
    gold2.meetings = gold2.meetings[:1]
    assert match_article(gold2, pred2).meeting_pairs == [(0, 1)]
    assert match_article(gold, None).unmatched_gold_meetings == [0, 1]


def test_split_quote_one_piece_matches_the_other_is_a_false_positive(e01_dir: Path) -> None:
    pred = _gold("e01")
    s1 = pred["statements"][0]
    # gold s1 has 12 tokens (north korea s repeated missile launches are a grave threat to peace).
    # Piece A, 10 tokens: F1 = 2*10/(12+10) = 0.91 -> matched. Piece B "to peace", 2 tokens: F1 = 4/14 = 0.29 -> FP.
    piece_a = dict(s1, id="s1", text="North Korea's repeated missile launches are a grave threat")
    piece_b = dict(s1, id="s4", text="to peace")
    pred["statements"] = [piece_a, piece_b, *pred["statements"][1:]]
    report = _score(e01_dir, pred)
    assert (report.statements.tp, report.statements.fp, report.statements.fn) == (3, 1, 0)
    # Two pieces of 6 tokens each: both have F1 = 12/18 = 0.67, but only one can take the gold statement.
    pred["statements"][0]["text"] = "North Korea's repeated missile launches"
    pred["statements"][1]["text"] = "are a grave threat to peace"
    report = _score(e01_dir, pred)
    assert (report.statements.tp, report.statements.fp, report.statements.fn) == (3, 1, 0)


def test_quote_split_into_small_pieces_matches_nothing(e01_dir: Path) -> None:
    pred = _gold("e01")
    s1 = pred["statements"][0]
    # Four pieces of 3 tokens ("Korea's" is two: korea, s): each F1 = 2*3/(12+3) = 0.4 < 0.5
    # -> four FPs and gold s1 a FN. (A 4-token piece would reach 8/16 = 0.5 and match.)
    pieces = ["North Korea's", "repeated missile launches", "are a grave", "threat to peace"]
    pred["statements"] = [dict(s1, id=f"s{i + 10}", text=t) for i, t in enumerate(pieces)] + pred["statements"][1:]
    report = _score(e01_dir, pred)
    assert (report.statements.tp, report.statements.fp, report.statements.fn) == (2, 4, 1)


def test_nameless_speakers_are_matched_by_their_countries(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["statements"][1]["speakers"] = [{"country": c} for c in ("USA", "KOR", "JPN")]  # same set, other order
    assert _score(e01_dir, pred).fields.statement_speaker == 1.0
    pred["statements"][1]["speakers"] = [{"country": "KOR"}, {"country": "USA"}]  # JPN missing: wrong
    pred["statements"][2]["speakers"] = [{"name": "Antony Blinken", "country": "USA"}]  # wrong person
    report = _score(e01_dir, pred)
    assert report.fields.statement_speaker == pytest.approx(1 / 3)


def test_statement_field_accuracies(e01_dir: Path) -> None:
    pred = _gold("e01")
    pred["statements"][0]["direct"] = False
    pred["statements"][1]["act"] = "agree"
    pred["statements"][2]["target"] = "PRK"
    report = _score(e01_dir, pred)
    assert report.fields.statement_direct == pytest.approx(2 / 3)
    assert report.fields.statement_act == pytest.approx(2 / 3)
    assert report.fields.statement_target == pytest.approx(2 / 3)


def test_missing_article_counts_as_false_negatives_and_micro_averages() -> None:
    report = evaluate(EVAL_GOLD, [_gold("e02")])
    e01, e02 = report.articles
    assert (e01.article_id, e01.predicted, e02.predicted) == ("e01", False, True)
    assert (e01.meetings.fn, e01.participants.fn, e01.statements.fn) == (2, 3, 3)
    # Summed: meetings tp 1 fn 2 -> R 1/3, F1 = 2/4; names tp 2 fn 3 -> F1 = 4/7; statements tp 1 fn 3 -> F1 = 2/5
    assert (report.meetings.tp, report.meetings.fn) == (1, 2)
    assert report.headline.meeting_f1 == pytest.approx(0.5)
    assert report.headline.participant_f1 == pytest.approx(4 / 7)
    assert report.headline.statement_f1 == pytest.approx(0.4)
    assert report.headline.field_mean == 1.0  # the matched pairs of e02 are perfect


def test_predictions_without_gold_are_listed_not_scored() -> None:
    stray = {"article_id": "zz9", "meetings": [], "statements": []}
    report = evaluate(EVAL_GOLD, [_gold("e01"), _gold("e02"), stray])
    assert report.no_gold == ["zz9"]
    assert report.meetings.fp == 0 and [a.article_id for a in report.articles] == ["e01", "e02"]


def test_jsonl_predictions_skip_broken_lines_and_report_them(tmp_path: Path) -> None:
    pred_file = tmp_path / "pred.jsonl"
    lines = [json.dumps(_gold("e01")), "{not json", json.dumps({"article_id": "e02", "meetings": "oops"}), json.dumps(_gold("e01"))]
    pred_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate(EVAL_GOLD, pred_file)
    assert [e.split(":")[1] for e in report.prediction_errors] == ["2", "3", "4"]  # line numbers
    assert "not valid JSON" in report.prediction_errors[0]
    assert "meetings" in report.prediction_errors[1]
    assert "second prediction" in report.prediction_errors[2]
    assert report.articles[0].headline.meeting_f1 == 1.0 and report.articles[1].predicted is False


def test_report_dump_has_the_documented_keys() -> None:
    report = evaluate(EVAL_GOLD, [ArticleExtraction.model_validate(_gold("e01"))])
    dumped = report.model_dump()
    assert {"meetings", "participants", "statements", "fields", "articles", "headline"} <= set(dumped)
    for key in ("meetings", "participants", "statements"):
        assert set(dumped[key]) == {"precision", "recall", "f1", "tp", "fp", "fn"}
    assert set(dumped["articles"][0]) >= {"article_id", "meetings", "participants", "statements", "fields", "headline"}
    assert EvalReport.model_validate_json(report.model_dump_json()) == report


def test_scoring_does_not_mutate_the_inputs() -> None:
    pred = ArticleExtraction.model_validate(_gold("e01"))
    before = copy.deepcopy(pred.model_dump())
    evaluate(EVAL_GOLD, [pred])
    assert pred.model_dump() == before


@pytest.mark.skipif(not any(GOLD_DIR.glob("*.json")), reason="no gold fixtures yet")
def test_every_seed_gold_scores_one_against_itself() -> None:
    report = evaluate(GOLD_DIR, GOLD_DIR)
    assert not report.no_gold and not report.prediction_errors
    for scores in [report, *report.articles]:
        assert scores.headline.meeting_f1 == scores.headline.participant_f1 == scores.headline.statement_f1 == 1.0
        assert all(v in (None, 1.0) for v in scores.fields.model_dump().values())
    assert report.headline.field_mean == 1.0


def test_exact_ties_are_broken_by_the_other_fields_so_order_does_not_matter() -> None:
    # Two gold meetings with the same people, countries and no date (a meeting and its announced
    # follow-up): §3's weights tie, so status/format/location and topics decide.
    people = [{"name": "Yoshida Yoshihide", "country": "JPN"}, {"name": "Charles Brown", "country": "USA"}]
    held = {"id": "m1", "status": "held", "location": {"name": "Tokyo"}, "countries": ["JPN", "USA"],
            "participants": people, "topics": ["alliance"]}
    scheduled = {"id": "m2", "status": "scheduled", "location": {"name": "Washington"}, "countries": ["JPN", "USA"],
                 "participants": people}
    gold = ArticleExtraction.model_validate({"article_id": "t", "meetings": [held, scheduled]})
    pred = ArticleExtraction.model_validate({"article_id": "t", "meetings": [scheduled, held]})
    assert match_article(gold, pred).meeting_pairs == [(0, 1), (1, 0)]


def test_token_f1_matrix_equals_the_pairwise_definition() -> None:
    from extractor.evaluation.matching import text_tokens, token_f1, token_f1_matrix

    gold = [text_tokens(t) for t in ("North Korea's launch", "a b a c", "")]
    pred = [text_tokens(t) for t in ("north korea S", "A a b", "unrelated words")]
    matrix = token_f1_matrix(gold, pred)
    assert matrix.shape == (3, 3)
    # "North Korea's launch" (4 tokens) vs "north korea S" (3): 3 common -> 6/7
    assert matrix[0, 0] == pytest.approx(6 / 7)
    # multisets: {a:2, b, c} vs {a:2, b}: 3 common -> 6/7
    assert matrix[1, 1] == pytest.approx(6 / 7)
    for i in range(3):
        for j in range(3):
            assert matrix[i, j] == pytest.approx(token_f1(gold[i], pred[j]))

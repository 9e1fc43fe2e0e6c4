"""Test data for the report tests: predictions built from the gold fixtures, grounded on the seed articles.

The predictions are gold records grounded with the pipeline's own aligner (so every span is a real
offset into the seed text), with provenance spread over llm/rules/both and a few general mutations:
one statement dropped per article (a missed gold record), one spurious statement, one changed act,
plus rejected values, warnings and errors. An extra article holds markup that must never run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from extractor.articles import Article, article_from_text, load_article
from extractor.evaluation import load_gold
from extractor.validate import ground_extraction
from schemas import (
    Act,
    ArticleExtraction,
    CheckWarning,
    ErrorRecord,
    FieldProvenance,
    Meeting,
    Participant,
    RejectedValue,
    RunInfo,
    Source,
    Statement,
)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "fixtures" / "gold"
XSS_ID = "zz_markup_article"
XSS_TEXT = (
    "Foreign Minister Jane Doe of Japan met her counterpart Ivan Roe of Ukraine in Kyiv on Monday.\n"
    'A page snippet read <script>alert(1)</script> and <img src=x onerror="window.__pwned=1"> '
    "and <!-- a comment --> </script> as plain text.\n"
    'Doe said "we stand with Ukraine".\n'
)
SOURCES = (Source.both, Source.llm, Source.rules)


def _prov(record: Meeting | Statement | Participant, source: Source, fields: tuple[str, ...]) -> None:
    for name in fields:
        record.provenance[name] = FieldProvenance(source=source, confidence=0.9 if source == Source.both else 0.6)


def _dress(pred: ArticleExtraction) -> None:
    """Give every record and person provenance, cycling over the three sources."""
    k = 0
    for meeting in pred.meetings:
        _prov(meeting, SOURCES[k % 3], ("meeting", "location", "date_text", "date", "format", "status", "countries", "topics"))
        for person in meeting.participants:
            k += 1
            _prov(person, SOURCES[k % 3], ("name", "title", "country"))
    for statement in pred.statements:
        k += 1
        _prov(statement, SOURCES[k % 3], ("statement", "text", "speakers", "act", "target", "direct"))
        for person in statement.speakers:
            _prov(person, SOURCES[k % 3], ("name",))


def seed_articles() -> dict[str, Article]:
    """The seed articles by id."""
    return {p.stem: load_article(p) for p in sorted(SEEDS.glob("*.txt"))}


def xss_article() -> Article:
    """An article whose text holds markup and script that the report must show as text."""
    return article_from_text(XSS_TEXT, id=XSS_ID, published="2024-02-05")


def xss_prediction(article: Article) -> ArticleExtraction:
    """A prediction for the markup article, grounded so its spans land around the markup."""
    raw = ArticleExtraction(
        article_id=XSS_ID,
        title="<b>bold</b> headline & </script>",
        meetings=[
            Meeting(
                id="m1",
                status="held",
                date_text="on Monday",
                location={"name": "Kyiv", "country": "UKR"},
                countries=["JPN", "UKR"],
                participants=[
                    Participant(name="Jane Doe", title="Foreign Minister <i>", country="JPN"),
                    Participant(name="Ivan Roe", country="UKR"),
                ],
            )
        ],
        statements=[
            Statement(id="s1", speakers=[Participant(name="Doe", country="JPN")], text="we stand with Ukraine", direct=True, act=Act.pledge, target="UKR")
        ],
    )
    pred = ground_extraction(raw, article)
    _dress(pred)
    pred.rejected.append(RejectedValue(path="statements[1].text", value="<script>alert(2)</script>", reason="not in article text"))
    pred.warnings.append(CheckWarning(code="markup", message="title holds <markup>", path="title"))
    return pred


def seed_predictions(articles: dict[str, Article]) -> list[ArticleExtraction]:
    """Predictions for the seeds: grounded gold with the mutations listed in the module docstring."""
    gold = load_gold(GOLD)
    preds: list[ArticleExtraction] = []
    for n, (article_id, article) in enumerate(sorted(articles.items())):
        pred = ground_extraction(gold[article_id], article)
        _dress(pred)
        if len(pred.statements) > 1:
            pred.statements.pop()  # becomes a missed gold statement
        if n == 0:
            first_line = article.original.split("\n", 1)[0]
            words = first_line.split()[:8]
            bogus = Statement(id="s99", speakers=[Participant(title="officials")], text=" ".join(words), direct=False, act=Act.other)
            extra = ground_extraction(ArticleExtraction(article_id=article_id, statements=[bogus]), article).statements
            pred.statements.extend(extra)  # a spurious statement
            pred.warnings.append(CheckWarning(code="date_mismatch", message="date is after the publication day", path="meetings[0].date"))
            pred.errors.append(ErrorRecord(stage="llm", kind="timeout", message="model timed out; rules result used"))
        if n == 1 and pred.statements:
            pred.statements[0].act = Act.warn if pred.statements[0].act != Act.warn else Act.urge
        pred.run = RunInfo(backend="rules" if n % 2 else "llm", model=None if n % 2 else "test-model", attempts=1)
        preds.append(pred)
    return preds


def write_fixture(tmp: Path) -> tuple[Path, Path, Path]:
    """Write results.jsonl, an articles folder (seeds + markup article) and a gold folder under `tmp`."""
    articles = seed_articles()
    preds = seed_predictions(articles)
    xss = xss_article()
    preds.append(xss_prediction(xss))
    results = tmp / "results.jsonl"
    results.write_text("".join(p.model_dump_json() + "\n" for p in preds), encoding="utf-8")
    art_dir = tmp / "articles"
    art_dir.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, art_dir / path.name)
    (art_dir / f"{XSS_ID}.txt").write_text(XSS_TEXT, encoding="utf-8")
    return results, art_dir, GOLD


def test_fixture_spans_are_offsets_into_the_original_text() -> None:
    articles = seed_articles()
    preds = seed_predictions(articles)
    assert len(preds) == len(articles) == 5
    checked = 0
    for pred in preds:
        original = articles[pred.article_id].original
        for statement in pred.statements:
            for span in statement.evidence.get("text", []):
                assert original[span.start : span.end] == span.text
                checked += 1
    assert checked > 10


def test_markup_prediction_grounds_names_around_the_markup() -> None:
    article = xss_article()
    pred = xss_prediction(article)
    name_span = pred.meetings[0].participants[0].evidence["name"][0]
    assert article.original[name_span.start : name_span.end] == "Jane Doe"
    assert "<script>" in article.original

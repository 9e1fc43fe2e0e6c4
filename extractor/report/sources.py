"""Where a report's inputs come from: extraction results, article texts and gold fixtures.

Each loader reports bad records as one-line problems instead of stopping, so a
report can always be made from whatever part of the input is readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from extractor.articles import Article
from schemas import ArticleExtraction

ResultsInput = Iterable[ArticleExtraction | dict] | str | Path
ArticlesInput = str | Path | Iterable[Article] | Mapping[str, Article]


class ReportInputError(ValueError):
    """An input the report cannot be made from at all; the message is one line naming it."""


def load_results(results: ResultsInput) -> tuple[list[ArticleExtraction], list[str]]:
    """Results in input order, and one message per record that was skipped (broken, invalid or a duplicate id)."""
    from extractor.evaluation import EvalInputError, load_predictions

    try:
        found, problems = load_predictions(results)
    except EvalInputError as exc:
        raise ReportInputError(str(exc)) from None
    return list(found.values()), problems


def load_texts(articles: ArticlesInput, wanted: set[str]) -> tuple[dict[str, Article], list[str]]:
    """The articles whose id is in `wanted`, by id, from a file or folder or from Article objects; and load problems."""
    if isinstance(articles, Mapping):
        return {k: a for k, a in articles.items() if k in wanted}, []
    if not isinstance(articles, (str, Path)):
        return {a.id: a for a in articles if a.id in wanted}, []
    from extractor.articles import ArticleLoadError, iter_input_paths, load_articles

    root = Path(articles)
    if not root.exists():
        raise ReportInputError(f"{root}: articles folder not found")
    found: dict[str, Article] = {}
    problems: list[str] = []
    for path in iter_input_paths([root]):
        for item in load_articles(path):
            if isinstance(item, ArticleLoadError):
                problems.append(str(item))
            elif item.id in wanted and item.id not in found:
                found[item.id] = item
    return found, problems


def load_gold_dir(gold_dir: str | Path) -> dict[str, ArticleExtraction]:
    """Every gold fixture in `gold_dir`, by article id."""
    from extractor.evaluation import EvalInputError, load_gold

    try:
        return load_gold(gold_dir)
    except EvalInputError as exc:
        raise ReportInputError(str(exc)) from None

"""extractor: turn diplomacy and security news into validated meeting and statement records.

Public API (imported lazily, so `import extractor` stays cheap):

- `load_article(path)` / `load_articles(path)`: read and clean articles, with offsets into the original file.
- `extract(article_or_text, *, backend="auto", published=None, **options)` -> `ArticleExtraction`.
- `extract_many(inputs, *, backend="auto", workers=..., cache_dir=None, **options)`: a streaming iterator.
- `evaluate(gold_dir, predictions)` -> `EvalReport` (records-and-scoring §3).
- `Pipeline`: a configured extractor to reuse across many articles.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "extractor.articles",
    "ArticleLoadError": "extractor.articles",
    "load_article": "extractor.articles",
    "load_articles": "extractor.articles",
    "Pipeline": "extractor.pipeline",
    "extract": "extractor.pipeline",
    "aextract": "extractor.pipeline",
    "extract_many": "extractor.batch",
    "aextract_many": "extractor.batch",
    "BatchSummary": "extractor.batch",
    "evaluate": "extractor.evaluation",
    "EvalReport": "extractor.evaluation",
}

__all__ = sorted(_EXPORTS) + ["__version__"]

if TYPE_CHECKING:
    from extractor.articles import Article, ArticleLoadError, load_article, load_articles
    from extractor.batch import BatchSummary, aextract_many, extract_many
    from extractor.evaluation import EvalReport, evaluate
    from extractor.pipeline import Pipeline, aextract, extract


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'extractor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value

"""The rule-based extractor: meetings and statements from patterns and editable data files, no model needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from extractor.rules.extractor import RulesExtractor

if TYPE_CHECKING:
    from extractor.articles import Article
    from schemas import ArticleExtraction

_DEFAULT: RulesExtractor | None = None


def extract_rules(article: Article) -> ArticleExtraction:
    """Extract one article with a process-wide RulesExtractor."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = RulesExtractor()
    return _DEFAULT.extract(article)


__all__ = ["RulesExtractor", "extract_rules"]

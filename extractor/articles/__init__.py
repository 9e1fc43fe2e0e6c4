"""Reading articles from files and records, cleaning them, and mapping offsets back."""

from extractor.articles.article import Article, OffsetMap
from extractor.articles.cleaning import CleanedText, clean_text
from extractor.articles.errors import ArticleLoadError
from extractor.articles.loading import (
    SUPPORTED_EXTENSIONS,
    article_from_text,
    iter_input_paths,
    load_article,
    load_articles,
)
from extractor.articles.readers import DEFAULT_MAX_BYTES

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_EXTENSIONS",
    "Article",
    "ArticleLoadError",
    "CleanedText",
    "OffsetMap",
    "article_from_text",
    "clean_text",
    "iter_input_paths",
    "load_article",
    "load_articles",
]

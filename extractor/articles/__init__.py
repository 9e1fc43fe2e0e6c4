"""Reading articles from files and records, cleaning them, and mapping offsets back."""

from extractor.articles.article import Article, OffsetMap

__all__ = ["Article", "OffsetMap"]

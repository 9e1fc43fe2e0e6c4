"""The one error type article loading raises, with a one-line message naming the file."""

from __future__ import annotations


class ArticleLoadError(ValueError):
    """An input that cannot be read as an article; str() is one line: `source: problem`."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = " ".join(problem.split())
        super().__init__(f"{source}: {self.problem}")

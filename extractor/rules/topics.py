"""Topic keywords per Topic (from the lexicon), matched on the sentences an article ties to a meeting."""

from __future__ import annotations

from functools import lru_cache

from extractor.knowledge import lexicons
from extractor.rules.scanning import KeywordScanner, keyword_pattern
from schemas import Topic


@lru_cache(maxsize=1)
def topic_patterns() -> list[tuple[Topic, re.Pattern[str]]]:
    """(Topic, compiled keyword regex) for every topic in the lexicon."""
    out = []
    for name, fragments in lexicons()["topics"].items():
        if name not in Topic.__members__:
            continue  # helper lists such as china_as_party
        out.append((Topic(name), keyword_pattern(fragments)))
    return out


@lru_cache(maxsize=1)
def _scanner() -> KeywordScanner:
    """The keyword scanner over all topics, so a text is scanned once."""
    topics = lexicons()["topics"]
    return KeywordScanner(
        [(topic.value, list(topics[topic.value])) for topic, _ in topic_patterns()]
    )


@lru_cache(maxsize=1)
def _ranked() -> dict[str, tuple[int, Topic]]:
    """Topic name -> (lexicon position, Topic), so a few names found sort without visiting every topic."""
    return {topic.value: (rank, topic) for rank, (topic, _) in enumerate(topic_patterns())}


def topics_in(text: str) -> tuple[Topic, ...]:
    """The topics whose keywords occur in `text`, in lexicon order."""
    ranked = _ranked()
    return tuple(topic for _, topic in sorted(map(ranked.__getitem__, _scanner().names_in(text))))

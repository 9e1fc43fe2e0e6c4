"""Topic keywords per Topic (from the lexicon), matched on the sentences an article ties to a meeting."""

from __future__ import annotations

import re
from functools import lru_cache

from extractor.knowledge import lexicons
from schemas import Topic


@lru_cache(maxsize=1)
def topic_patterns() -> list[tuple[Topic, re.Pattern[str]]]:
    """(Topic, compiled keyword regex) for every topic in the lexicon."""
    out = []
    for name, fragments in lexicons()["topics"].items():
        if name not in Topic.__members__:
            continue  # helper lists such as china_as_party
        out.append(
            (Topic(name), re.compile(rf"\b(?:{'|'.join(fragments)})", re.IGNORECASE))
        )
    return out


@lru_cache(maxsize=1)
def _combined() -> re.Pattern[str]:
    """One regex for all topics (a named group per topic), so a text is scanned once."""
    parts = [
        f"(?P<{topic.value}>{pattern.pattern[2:]})"
        if pattern.pattern.startswith("\\b")
        else f"(?P<{topic.value}>{pattern.pattern})"
        for topic, pattern in topic_patterns()
    ]
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)


@lru_cache(maxsize=4096)
def topics_in(text: str) -> tuple[Topic, ...]:
    """The topics whose keywords occur in `text`, in lexicon order."""
    seen: set[str] = set()
    pattern = _combined()
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        seen.add(m.lastgroup or "")
        pos = m.start() + 1
    return tuple(topic for topic, _ in topic_patterns() if topic.value in seen)

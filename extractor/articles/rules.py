"""The editable cleaning data (boilerplate patterns, metadata keys, known outlets), loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import yaml


def _load(name: str) -> Any:
    return yaml.safe_load(resources.files("extractor.articles").joinpath("data", name).read_text(encoding="utf-8"))


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class CleaningRules:
    """Compiled patterns from data/boilerplate.yaml and data/metadata_keys.yaml."""

    anywhere: re.Pattern[str]
    head: re.Pattern[str]
    related: re.Pattern[str]
    trailing_headings: re.Pattern[str]
    metadata_line: re.Pattern[str]
    metadata_fields: dict[str, str | None]


@lru_cache(maxsize=1)
def cleaning_rules() -> CleaningRules:
    """The cleaning rules, compiled on first use."""
    boiler = _load("boilerplate.yaml")
    keys: dict[str, str | None] = {str(k).lower(): v for k, v in _load("metadata_keys.yaml").items()}
    key_alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return CleaningRules(
        anywhere=_union(boiler["anywhere"]),
        head=_union(boiler["head"]),
        related=re.compile(
            r"(?:" + "|".join(f"(?:{p})" for p in boiler["related"]) + r")\s*:?\s*(?:\((?P<count>\d+)\s*items?\))?",
            re.IGNORECASE,
        ),
        trailing_headings=_union(boiler["trailing_headings"]),
        metadata_line=re.compile(rf"(?P<key>{key_alternatives})\s*:\s*(?P<value>\S.*)", re.IGNORECASE),
        metadata_fields=keys,
    )


@dataclass(frozen=True)
class OutletTable:
    """Known outlets from data/outlets.yaml: spelling → canonical name, domain → name."""

    by_alias: dict[str, str]
    by_domain: dict[str, str]

    def from_credit(self, line: str) -> str | None:
        """The canonical outlet a credit line names ("JIJI Press", "(Reuters)", "© AFP 2024"), if known."""
        return self.by_alias.get(_credit_key(line))

    def from_url(self, url: str | None) -> str | None:
        """The outlet whose domain (or a parent domain) serves `url`."""
        if not url:
            return None
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        parts = host.split(".")
        for i in range(len(parts) - 1):
            name = self.by_domain.get(".".join(parts[i:]))
            if name:
                return name
        return None


def _credit_key(line: str) -> str:
    text = re.sub(r"^[\s(\[—–-]*(?:©|\(c\)|copyright)?\s*(?:\d{4}\s+)?", "", line, flags=re.IGNORECASE)
    text = re.sub(r"[\s)\].—–-]*(?:\d{4})?[\s)\].]*$", "", text)
    return " ".join(text.split()).casefold()


@lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """The known-outlet table, loaded on first use."""
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for entry in _load("outlets.yaml"):
        name = entry["name"]
        for alias in [name, *(entry.get("aliases") or [])]:
            by_alias[_credit_key(alias)] = name
        for domain in entry.get("domains") or []:
            by_domain[domain.lower()] = name
    return OutletTable(by_alias=by_alias, by_domain=by_domain)

"""Normalisation shared by the rules extractor and the validation layer: dates, countries, person names."""

from extractor.normalize.countries import CountryMention, country_code, country_mentions
from extractor.normalize.dates import DatePhrase, find_date_phrases, resolve_date
from extractor.normalize.names import (
    NameRegistry,
    name_key,
    same_person,
    split_rank,
    strip_honorifics,
)

__all__ = [
    "CountryMention",
    "DatePhrase",
    "NameRegistry",
    "country_code",
    "country_mentions",
    "find_date_phrases",
    "name_key",
    "resolve_date",
    "same_person",
    "split_rank",
    "strip_honorifics",
]

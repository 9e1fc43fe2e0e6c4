"""Country codes from news spellings, and person names without ranks."""

from __future__ import annotations

import pytest

from extractor.normalize import (
    NameRegistry,
    country_code,
    country_mentions,
    name_key,
    same_person,
    split_rank,
)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("the United States", "USA"),
        ("Washington", "USA"),
        ("Korea", "KOR"),
        ("S. Korea", "KOR"),
        ("ROK", "KOR"),
        ("Seoul", "KOR"),
        ("South Korean", "KOR"),
        ("N. Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Pyongyang", "PRK"),
        ("Japan's", "JPN"),
        ("Germany", "DEU"),
        ("Republic of Korea", "KOR"),
        ("Brazil", "BRA"),
    ],
)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


def test_unknown_or_ambiguous_names_are_not_guessed() -> None:
    assert country_code("Atlantis") is None
    assert country_code("us") is None  # the pronoun, not the country
    assert country_code("") is None


def test_the_north_needs_korea_context() -> None:
    assert [
        m.code for m in country_mentions("provocations by the North against Korea")
    ] == ["PRK", "KOR"]
    assert country_mentions("the North wind blew") == []


def test_mentions_find_hyphenated_lists() -> None:
    codes = [m.code for m in country_mentions("South Korea-U.S.-Japan cooperation")]
    assert codes == ["KOR", "USA", "JPN"]


@pytest.mark.parametrize(
    ("raw", "rank", "name"),
    [
        ("Adm. John Aquilino", "Adm.", "John Aquilino"),
        ("General Charles Brown", "General", "Charles Brown"),
        ("Cho Tae-yong", None, "Cho Tae-yong"),
    ],
)
def test_split_rank(raw: str, rank: str | None, name: str) -> None:
    assert split_rank(raw) == (rank, name)


def test_surname_linking_keeps_written_order() -> None:
    assert same_person("Cho", "Cho Tae-yong") and same_person(
        "Sullivan", "Jake Sullivan"
    )
    assert same_person("Yoon Suk-yeol", "Yoon Suk Yeol")
    assert not same_person("Kim", "Jake Sullivan")
    assert name_key("Namazu Hiroyuki") == "namazu hiroyuki"


def test_registry_returns_the_longest_form() -> None:
    reg = NameRegistry()
    assert reg.add("Akiba") == "Akiba"
    assert reg.add("Takeo Akiba") == "Takeo Akiba"
    assert reg.resolve("Akiba") == "Takeo Akiba"


def test_an_alias_needing_its_cue_counts_inside_a_list_of_states() -> None:
    from extractor.normalize import country_mentions

    listed = country_mentions("The foreign ministers of Egypt, Jordan and Saudi Arabia met.")
    assert [c.code for c in listed] == ["EGY", "JOR", "SAU"]
    assert [c.code for c in country_mentions("Michael Jordan said Egypt played well.")] == ["EGY"]


def test_smaller_states_and_longest_names_win() -> None:
    """Every UN member is known, and a longer name beats the shorter one inside it ("Republic of Congo" in
    "Democratic Republic of Congo", "Guinea" in "Guinea-Bissau")."""
    text = (
        "Guinea-Bissau, Equatorial Guinea and Guinea; the Maldivian president in Malé; an Ecuadoran "
        "minister; the Democratic Republic of Congo and the Republic of Congo."
    )
    codes = [m.code for m in country_mentions(text)]
    assert codes == ["GNB", "GNQ", "GIN", "MDV", "MDV", "ECU", "COD", "COG"]

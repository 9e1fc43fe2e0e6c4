"""Titled people, appositives, possessive titles and surname links, found without a dictionary."""

from __future__ import annotations

from extractor.rules.document import Document


def _people(text: str) -> dict[str, tuple[str | None, str | None]]:
    doc = Document.build(text, None)
    return {m.name: (m.title, m.country) for m in doc.persons if m.name}


def test_possessive_and_long_titles() -> None:
    people = _people(
        "Japan's National Security Secretariat Secretary General Takeo Akiba met "
        "U.S. Assistant Secretary of State for East Asia and the Pacific Daniel Kritenbrink."
    )
    assert people["Takeo Akiba"] == (
        "Japan's National Security Secretariat Secretary General",
        "JPN",
    )
    assert people["Daniel Kritenbrink"][1] == "USA"
    assert people["Daniel Kritenbrink"][0].startswith(
        "U.S. Assistant Secretary of State"
    )


def test_appositive_with_rank_and_organisation() -> None:
    people = _people(
        "Adm. John Aquilino, commander of the U.S. Indo-Pacific Command, visited Seoul."
    )
    assert people["John Aquilino"] == (
        "commander of the U.S. Indo-Pacific Command",
        "USA",
    )


def test_who_clause_and_unknown_names() -> None:
    people = _people(
        "Lena Marquart, who is Germany's Special Envoy for Arctic Affairs, arrived in Oslo."
    )
    assert people["Lena Marquart"] == (
        "Germany's Special Envoy for Arctic Affairs",
        "DEU",
    )


def test_demonym_title_and_surname_link() -> None:
    text = "Brazilian Foreign Minister Rafael Duarte met reporters. Later, Duarte said the talks went well."
    doc = Document.build(text, None)
    names = [m.name for m in doc.persons]
    assert (
        names.count("Rafael Duarte") == 2
    )  # the surname-only mention resolves to the full name
    assert all(m.country == "BRA" for m in doc.persons)


def test_sentence_initial_words_are_not_people() -> None:
    people = _people(
        "Separately, Japanese Foreign Minister Yoko Kamikawa met her Chinese counterpart Wang Yi."
    )
    assert set(people) == {"Yoko Kamikawa", "Wang Yi"}
    assert people["Wang Yi"][1] == "CHN"


def test_roles_without_names_take_their_country() -> None:
    doc = Document.build(
        "A spokesman for the Russian Foreign Ministry said so. The spokesman added more.",
        None,
    )
    assert [r.country for r in doc.roles] == ["RUS", "RUS"]


def test_one_word_name_checks_the_word_before_it_like_the_full_title_reading() -> None:
    """The shortcut for one-word names rules out only names the full title reading would drop too."""
    from extractor.rules.people import PeopleFinder

    texts = [
        "President Yoon said talks would resume, and Minister Hamada agreed.",
        "The talks in Seoul ended; Defense Minister, Lee spoke later.",
        "A spokesman (Minister Kim) declined, said Gen. Park and chief Cho.",
        "Officials met Foreign Minister’s aide Choi and U.S. envoy Sung.",
    ]
    for text in texts:
        finder = PeopleFinder(text, None)
        runs = finder._name_runs()
        ends = sorted(end for _, end in runs)
        for start, end in runs:
            if " " in text[start:end]:
                continue
            full = finder._left_title(start, 0, ends)
            kept = full is not None and finder._title_adjacent(full, start)
            if kept:
                assert finder._left_title(start, 0, ends, adjacent_only=True) == full


def test_names_with_letters_beyond_ascii_and_arabic_articles() -> None:
    people = _people(
        "Finnish Defence Minister Aino Heikkilä met Qatar's Minister of State Khalid bin Saad al-Marri "
        "and Congolese Foreign Minister Aimée Lukusa Mbuyi in Doha."
    )
    assert people["Aino Heikkilä"][1] == "FIN"
    assert people["Khalid bin Saad al-Marri"][1] == "QAT"
    assert people["Aimée Lukusa Mbuyi"] == ("Congolese Foreign Minister", "COD")


def test_dash_glued_dateline_keeps_the_demonym() -> None:
    people = _people("Seoul, Jan. 14 (Jiji Press)--Japanese Foreign Minister Reiko Tanabe visited Seoul.")
    assert people["Reiko Tanabe"] == ("Japanese Foreign Minister", "JPN")


def test_a_country_the_post_is_about_is_not_the_holders() -> None:
    people = _people(
        "The talks brought together Ines Okafor, director-general for North Korean affairs at "
        "South Korea's Foreign Ministry, and Tomas Berg, the Swedish envoy for North Korea, while "
        "Yelena Orlova, spokeswoman for Russia's foreign ministry, said little."
    )
    assert people["Ines Okafor"][1] == "KOR"
    assert people["Tomas Berg"][1] == "SWE"
    assert people["Yelena Orlova"][1] == "RUS"


def test_a_group_never_reaches_back_across_a_sentence() -> None:
    doc = Document.build(
        "Rwanda deployed troops on Monday.\n\nThe leaders met in Accra. Ukrainian officials said nothing.", None
    )
    for g in doc.groups:
        assert "." not in doc.text[g.start : g.end], doc.text[g.start : g.end]
    assert [g.countries for g in doc.groups if g.head == "officials"] == [["UKR"]]
    assert [g.countries for g in doc.groups if g.head == "leaders"] == [[]]


def test_name_tokens_fast_path_matches_the_full_pattern() -> None:
    """The ASCII token pattern gives the same tokens as the full one on every fixture text it is used for."""
    from pathlib import Path

    from extractor.rules.people import _ARTICLE_NAME_TOKEN, _NAME_TOKEN, name_tokens

    root = Path(__file__).resolve().parent
    paths = [p for p in (root / "fixtures").rglob("*") if p.suffix in (".txt", ".md")] + list((root.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    texts += ["Aino Heikkilä met Ödegaard and Nguyễn Văn An.", "Plain ASCII names: Mark Cole, al-Marri."]
    for text in texts:
        full = sorted([*_NAME_TOKEN.finditer(text), *_ARTICLE_NAME_TOKEN.finditer(text)], key=lambda m: m.start())
        assert [m.span() for m in name_tokens(text)] == [m.span() for m in full]


def test_south_asian_honorifics_and_titles() -> None:
    people = _people(
        "Indian External Affairs Minister Dr. Meera Raman will visit Dhaka. Prime Minister Shri Ashok Rao "
        "spoke with Bangladesh's High Commissioner Mohammad Karim."
    )
    assert people["Meera Raman"] == ("Indian External Affairs Minister", "IND")
    assert people["Ashok Rao"][0] == "Prime Minister"
    assert people["Mohammad Karim"] == ("Bangladesh's High Commissioner", "BGD")


def test_later_mentions_of_accented_surnames_and_one_word_names() -> None:
    doc = Document.build(
        "Turkish Foreign Minister Ömer Faruk Demirtaş held talks with Indonesian President Hartono on Thursday. "
        "Demirtaş said the talks went well. Later, Hartono met Somali President Mohamed Hirsi.",
        None,
    )
    later = [m.name for m in doc.persons if m.start > 100]
    assert later == ["Ömer Faruk Demirtaş", "Hartono", "Mohamed Hirsi"]


def test_a_state_possessive_before_an_untitled_name() -> None:
    people = _people(
        "The call followed talks between Colombia's Foreign Minister Laura Perez and Ecuador's Jose Antonio Velez. "
        "Japan's Defense Ministry said it was watching."
    )
    assert people["Jose Antonio Velez"] == (None, "ECU")
    assert people["Laura Perez"] == ("Colombia's Foreign Minister", "COL")
    assert "Defense Ministry" not in people

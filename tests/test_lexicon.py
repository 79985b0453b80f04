"""The French lexicon: wordfreq's list with the corrections the normaliser needs."""

from __future__ import annotations

import pytest

from parsers.lexicon import DEFAULT_MIN_ZIPF, Lexicon, default_lexicon


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return default_lexicon()


@pytest.mark.parametrize(
    "word",
    ["syndicat", "avec", "délibération", "numérique", "juillet", "développement", "Rappel"],
)
def test_common_words_are_words(lex: Lexicon, word: str) -> None:
    assert lex.is_word(word)
    assert lex.zipf(word) >= DEFAULT_MIN_ZIPF


@pytest.mark.parametrize("fragment", ["syndi", "rbal", "llet", "déploiem", "érique", "contrôl"])
def test_fragments_of_split_words_are_not_words(lex: Lexicon, fragment: str) -> None:
    # wordfreq lists some of these (other tools' bad extractions), but rarely
    assert not lex.is_word(fragment)


def test_lookups_ignore_case(lex: Lexicon) -> None:
    assert lex.zipf("SYNDICAT") == lex.zipf("syndicat") == lex.zipf("Syndicat")


def test_standalone_letters(lex: Lexicon) -> None:
    # "a", "à" and "y" are words; "d", "l", "s" only exist as "d'", "l'", "s'", which
    # wordfreq counts as tokens "d", "l", "s" and so ranks among the most frequent
    for letter in ["a", "à", "y", "A"]:
        assert lex.is_word(letter), letter
    for letter in ["d", "l", "s", "e", "p", "G"]:
        assert lex.zipf(letter) == 0.0, letter
    assert lex.raw_zipf("d") > 7  # the quirk being corrected


def test_elided_forms_are_not_standalone_words(lex: Lexicon) -> None:
    for form in ["qu", "jusqu", "lorsqu", "aujourd"]:
        assert not lex.is_word(form), form
    assert lex.is_word("que")


def test_hyphenated_compound_scores_as_its_rarest_part(lex: Lexicon) -> None:
    assert lex.zipf("procès-verbal") == min(lex.zipf("procès"), lex.zipf("verbal"))
    assert lex.is_word("ci-dessous")
    assert lex.zipf("co-") == 0.0
    assert lex.zipf("procès-rbal") == 0.0


def test_unknown_and_empty(lex: Lexicon) -> None:
    assert lex.zipf("") == 0.0
    assert lex.zipf("xqzwv") == 0.0
    assert not lex.is_word("xqzwv")


def test_threshold_is_configurable() -> None:
    strict = Lexicon(min_zipf=5.0)
    assert strict.is_word("avec")
    assert not strict.is_word("syndicat")  # 4.4


def test_loaded_once_and_shared(lex: Lexicon) -> None:
    assert default_lexicon() is lex
    other = Lexicon(min_zipf=3.0)
    assert other.table is lex.table  # one table per process, whatever the threshold
    assert len(lex) > 100_000

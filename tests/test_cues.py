"""The catalogue of wordings: every cue reads its examples, in every variant, and none
of its look-alikes.

Each example is also tried in generated variants: upper case, lower case (except the
cues that are case-sensitive on purpose, such as "POUR 12"), and with line breaks
where a space was (for the cues read across lines: tallies, proxies, counts, named
votes). A new wording is a new cue with its examples; these tests then hold it.
"""

from __future__ import annotations

import random
import re

import pytest

from parsers import cues
from parsers.items import ITEM_SCHEMES

CATALOGUES: dict[str, tuple[cues.Cue, ...]] = {
    "ROSTER_LABELS": cues.ROSTER_LABELS,
    "SECRETARY": cues.SECRETARY,
    "PROXY_NOTES": cues.PROXY_NOTES,
    "COUNT_KEYS": cues.COUNT_KEYS,
    "MOVEMENTS": cues.MOVEMENTS,
    "TALLY_TERMS": cues.TALLY_TERMS,
    "UNANIMITY": cues.UNANIMITY,
    "OUTCOMES": cues.OUTCOMES,
    "MEMBER_VOTES": cues.MEMBER_VOTES,
    "BALLOT_KEYS": cues.BALLOT_KEYS,
    "KIND_CUES": cues.KIND_CUES,
    "ITEM_SCHEMES": ITEM_SCHEMES,
    "ROSTER_INLINE": (cues.ROSTER_INLINE,),
}
# Catalogues whose wordings may be wrapped anywhere by a PDF's line breaks.
WRAPPED = {"TALLY_TERMS", "UNANIMITY", "MEMBER_VOTES", "OUTCOMES", "MOVEMENTS"}

CASES = [
    (name, cue, example)
    for name, catalogue in CATALOGUES.items()
    for cue in catalogue
    for example in cue.examples
]
NEGATIVES = [
    (name, cue, example)
    for name, catalogue in CATALOGUES.items()
    for cue in catalogue
    for example in cue.not_examples
]


def _id(case: tuple[str, cues.Cue, str]) -> str:
    return f"{case[0]}.{case[1].name}:{case[2][:30]}"


def test_every_cue_has_examples() -> None:
    bare = [f"{n}.{c.name}" for n, cat in CATALOGUES.items() for c in cat if not c.examples]
    assert not bare


def test_cue_names_are_unique_per_catalogue() -> None:
    for name, catalogue in CATALOGUES.items():
        names = [c.name for c in catalogue]
        assert len(names) == len(set(names)), name


@pytest.mark.parametrize(("catalogue", "cue", "example"), CASES, ids=[_id(c) for c in CASES])
def test_example_is_read(catalogue: str, cue: cues.Cue, example: str) -> None:
    assert cue.regex.search(example), f"{catalogue}.{cue.name} misses {example!r}"


@pytest.mark.parametrize(
    ("catalogue", "cue", "example"), NEGATIVES, ids=[_id(c) for c in NEGATIVES]
)
def test_look_alike_is_not_read(catalogue: str, cue: cues.Cue, example: str) -> None:
    assert not cue.regex.search(example), f"{catalogue}.{cue.name} reads {example!r}"


@pytest.mark.parametrize(("catalogue", "cue", "example"), CASES, ids=[_id(c) for c in CASES])
def test_example_in_other_capitals(catalogue: str, cue: cues.Cue, example: str) -> None:
    assert cue.regex.search(example.upper()), example.upper()
    if "(?-i:" not in cue.pattern and catalogue != "ITEM_SCHEMES":
        # item headings tell a title by its capital; elsewhere case never matters
        assert cue.regex.search(example.lower()), example.lower()


WRAP_CASES = [c for c in CASES if c[0] in WRAPPED]


@pytest.mark.parametrize(
    ("catalogue", "cue", "example"), WRAP_CASES, ids=[_id(c) for c in WRAP_CASES]
)
def test_example_wrapped_over_lines(catalogue: str, cue: cues.Cue, example: str) -> None:
    rng = random.Random(example)
    spaces = [m.start() for m in re.finditer(" ", example)]
    for pos in rng.sample(spaces, min(3, len(spaces))):
        wrapped = example[:pos] + "\n" + example[pos + 1 :]
        assert cue.regex.search(wrapped), repr(wrapped)


def test_alternation_tells_which_cue_matched() -> None:
    regex = cues.alternation(cues.TALLY_TERMS)
    m = regex.search("avec 76 voix pour, 0 contre et 2 abstentions")
    assert m is not None and cues.which(cues.TALLY_TERMS, m).meaning == "votes_for"
    assert cues.group(m, "n") == "76"


def test_word_numbers() -> None:
    regex = re.compile(rf"^{cues.NUMBER}$", re.IGNORECASE)
    for words in ("dix-neuf", "vingt et une", "quatre-vingt-deux", "trente-trois", "dix-neuf (19)"):
        assert regex.match(words), words
    assert not regex.match("vingtaine")


def test_roster_label_is_not_a_count() -> None:
    assert cues.ROSTER_NOT_COUNT.match(" : 11")
    assert cues.ROSTER_NOT_COUNT.match(" : quinze (15) - Votants : 14")
    assert not cues.ROSTER_NOT_COUNT.match(" : M. Jean DUPONT, Mme Anne MARTIN")


def test_unnumbered_minutes_take_their_headings_in_capitals() -> None:
    from parsers.items import capital_headings

    text = (
        "Présents : A, B\n-----------------\nCOMPTE ADMINISTRATIF 2005 :\nMme A lit le rapport.\n"
        "LES DEPENSES D'INVESTISSEMENT\n12 000,00\nAdopté à l'unanimité.\n"
        "TRAVAUX :\nAIRE DE JEUX DU PARC :\nDevis retenu.\nAdopté à l'unanimité.\n"
        "VOYAGE DE FIN D'ANNEE :\nPrise en charge du car.\nAdopté à l'unanimité par le conseil.\n"
    )
    titles = [h.title for h in capital_headings(text)]
    # a table's line and a heading over sub-items that each vote are no items
    assert titles == ["COMPTE ADMINISTRATIF 2005", "AIRE DE JEUX DU PARC", "VOYAGE DE FIN D'ANNEE"]

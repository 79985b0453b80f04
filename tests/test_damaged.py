"""Damaged inputs never give a false error: what was not read completely is said.

Each case starts from the same small compte rendu, which reads completely and holds
(``test_the_base_document_reads_and_holds``), and damages one thing the way real
documents do. The expected outcome of each was written by hand: which error must not
appear (it would be a false alarm), and how the reading says it was partial (a
``not_checked`` check, or a ``reading.partial`` finding with the unread text).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from parsers.extract import extract_document
from parsers.normalize import normalize
from pipeline.validate import Validation, validate

BASE = """COMMUNE DE SAINT-EXEMPLE
PROCES-VERBAL DU CONSEIL MUNICIPAL DU 12 MARS 2024

Nombre de conseillers en exercice : 7 - Présents : 5 - Votants : 6

Présents : Anne MARTIN, Paul DURAND, Claire PETIT, Jean ROUX, Marie BLANC
Absents excusés : Luc MOREAU (pouvoir à Anne MARTIN), Eva LEROY
Secrétaire de séance : Paul DURAND

1. Budget primitif 2024
Le conseil municipal examine le budget primitif présenté par le maire.
Adopté à l'unanimité.

2. Tarifs de la cantine scolaire
Le conseil examine les tarifs proposés pour la rentrée.
Pour : 5 – Contre : 1 – Abstentions : 0
"""


def _read(text: str) -> Validation:
    return validate(extract_document(normalize(text).text))


def _errors(v: Validation) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in v.findings if f.severity == "error"]


def test_the_base_document_reads_and_holds() -> None:
    v = _read(BASE)
    assert _errors(v) == []
    assert not [c for c in v.checks if c.not_checked]
    rules = {c.rule for c in v.checks}
    # the relations a damage could break are all checked here, and hold
    assert {"counts.listed_present", "vote.tally_total"} <= rules
    assert "reading.partial" not in {f.rule for f in v.findings}


@dataclass(frozen=True)
class Damage:
    name: str
    old: str
    new: str
    # how the partial reading must show: a not_checked check of this rule, or a
    # reading.partial finding (None: the damage is read through, everything holds)
    not_checked: str | None = None
    partial: bool = False


DAMAGES = [
    # the roster wrapped in the middle of a name, and after a comma: read through
    Damage(
        "roster wrapped inside a name",
        "Claire PETIT, Jean ROUX",
        "Claire\nPETIT, Jean ROUX",
    ),
    Damage(
        "roster wrapped onto a second paragraph",
        "Claire PETIT, Jean ROUX, Marie BLANC",
        "Claire PETIT,\n\nJean ROUX, Marie BLANC",
    ),
    # a roster entry the reader cannot take for a name: the listed counts stand on it
    Damage(
        "roster entry garbled",
        "Jean ROUX, Marie BLANC",
        "Jean ROUX, 3 rue des Lilas 21000",
        not_checked="counts.listed_present",
        partial=True,
    ),
    # a proxy wording the catalogue does not hold: the member stays excused, the note is
    # said unread, nothing is concluded from the proxies
    Damage(
        "unknown proxy wording",
        "Luc MOREAU (pouvoir à Anne MARTIN)",
        "Luc MOREAU (voix confiée par écrit à Anne MARTIN)",
        partial=True,
    ),
    # a tally in an order and wording no cue knows: no vote is read for the item, so
    # nothing is compared (the item is not said to be voted)
    Damage(
        "vote formula in an unknown wording",
        "Pour : 5 – Contre : 1 – Abstentions : 0",
        "Suffrages favorables cinq, défavorables un, nul zéro",
    ),
    # the same name twice: a finding of its own, and the listed count is not checked
    Damage(
        "duplicated name",
        "Présents : Anne MARTIN, Paul DURAND, Claire PETIT, Jean ROUX, Marie BLANC",
        "Présents : Anne MARTIN, Paul DURAND, Claire PETIT, Jean ROUX, Paul DURAND",
        not_checked="counts.listed_present",
    ),
    # a figure cut by a line break ("1\n2 voix pour" is 12, not 2)
    Damage(
        "line break inside a figure",
        "Pour : 5 – Contre : 1 – Abstentions : 0",
        "Par 1\n2 voix pour, 0 contre et 0 abstention",
        partial=True,
    ),
]


@pytest.mark.parametrize("damage", DAMAGES, ids=[d.name for d in DAMAGES])
def test_damage_never_gives_a_false_error(damage: Damage) -> None:
    assert damage.old in BASE
    v = _read(BASE.replace(damage.old, damage.new))
    assert _errors(v) == [], damage.name
    unchecked = {c.rule for c in v.checks if c.not_checked}
    if damage.not_checked:
        assert damage.not_checked in unchecked
    partial = [f for f in v.findings if f.rule == "reading.partial"]
    assert bool(partial) == damage.partial, [f.message for f in partial]


def test_duplicated_name_is_said() -> None:
    damage = next(d for d in DAMAGES if d.name == "duplicated name")
    v = _read(BASE.replace(damage.old, damage.new))
    (f,) = [f for f in v.findings if f.rule == "roster.duplicate_name"]
    assert "Paul DURAND" in f.message

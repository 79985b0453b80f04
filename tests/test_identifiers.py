"""SIREN/SIRET by their check digit (python-stdnum), ACTES ids by their form."""

from __future__ import annotations

import pytest

from pipeline.identifiers import actes_id_problem, is_siren, is_siret, siret_problem


def test_siren_and_siret_of_the_corpus() -> None:
    assert is_siren("200062263")  # ACTES stamps of the 2022 register
    assert is_siret("20006226300013")  # convention RhinOcc annexed to CS2022/20


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("20006226300014", "clé de contrôle fausse"),  # last digit changed
        ("2000622630001", "14 chiffres attendus"),
        ("2000622630001A", "14 chiffres attendus"),
        (None, "SIRET absent"),
    ],
)
def test_siret_problems(value: str | None, why: str) -> None:
    assert why in (siret_problem(value) or "")


def test_la_poste_sirets_follow_their_own_rule() -> None:
    assert is_siret("35600000000048")  # La Poste: sum of digits divisible by 5, not Luhn


def test_actes_ids() -> None:
    assert actes_id_problem("046-200062263-20220629-CS2022_16-DE") is None
    assert "mal formé" in actes_id_problem("046-200062263-20220631-CS2022_16-DE")  # 31 June
    assert "mal formé" in actes_id_problem("046-200062263-20220629-CS2022/16-DE")
    assert "clé de contrôle fausse" in actes_id_problem("046-200062264-20220629-CS2022_16-DE")
    assert actes_id_problem(None) == "identifiant ACTES absent"

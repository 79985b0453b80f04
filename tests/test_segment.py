"""Segmentation of the real registers; expectations read off the documents by hand."""

from __future__ import annotations

import itertools

import pytest

from parsers.segment import classify, segment
from tests.conftest import CONTEXT, COUTHENANS, normalized_text

# Titles as printed (line wraps joined, extraction splits such as "procès-ve rbal"
# and "201 8" repaired), read from the "Délibération n° … :" lines.
TITLES_2019 = {
    "CS2019/01": "Validation du procès-verbal de la séance du 19 juillet 2018",
    "CS2019/02": "Rapport d'activités 2018",
    "CS2019/03": "Attributions exercées par le Président",
    "CS2019/04": "Avenant à la convention de mise à disposition de services",
    "CS2019/05": "Accompagnement du syndicat par la réalisation d'un audit assurances",
    "CS2019/06": "Accompagnement du syndicat pour la construction d'un plan d'affaires",
    "CS2019/07": "Convention avec Axione Limousin",
    "CS2019/08": "Proposition d'achat des sites de téléphonie du Département par Telium",
    "CS2019/09": "Marchés pour le contrôle et la maintenance des sites de téléphonie mobile",
    "CS2019/10": "WIFI public lotois",
    "CS2019/11": "Présentation du schéma des usages et services numériques",
    "CS2019/12": "Avis de la commission des usages numériques",
    "CS2019/13": "Débat d'orientation budgétaire",
}
TITLES_2022 = {
    "CS2022/16": "Validation du procès-verbal de la séance du 17 mars 2022",
    "CS2022/17": "Décision modificative 2022",
    "CS2022/18": "Convention de mise à disposition de matériel informatique reconditionné",
    "CS2022/19": "Convention PASIP",
    "CS2022/20": "Convention Rhinocc",
    "CS2022/21": (
        "Convention pour le déploiement fibre à la frontière départementale "
        "et en limite de zone AMII"
    ),
}


def test_2019_extracts_and_titles(text_2019: str) -> None:
    segs = segment(text_2019)
    assert segs.kind == "register"
    assert {e.number: e.title for e in segs.extracts} == TITLES_2019
    assert [e.number for e in segs.extracts] == list(TITLES_2019)


def test_2022_extracts_and_titles(text_2022: str) -> None:
    segs = segment(text_2022)
    assert segs.kind == "register"
    assert {e.number: e.title for e in segs.extracts} == TITLES_2022


def test_extracts_tile_the_register(text_2019: str) -> None:
    extracts = segment(text_2019).extracts
    for a, b in itertools.pairwise(extracts):
        assert a.span.end == b.span.start
    assert extracts[-1].span.end == len(text_2019)
    # each extract starts with the organisation heading printed above "EXTRAIT"
    for e in extracts:
        assert (
            text_2019[e.span.start : e.span.end].lstrip().startswith("Syndicat mixte Lot numérique")
        )


def test_header_ends_with_convocation(text_2019: str) -> None:
    for e in segment(text_2019).extracts:
        header = text_2019[e.header.start : e.header.end]
        assert header.rstrip().endswith("Date de la convocation 25 janvier 2019")
        assert "Étaient présents" in header


def test_annexed_minutes_2019(text_2019: str) -> None:
    first = segment(text_2019).extracts[0]
    assert len(first.minutes) == 1
    minutes = first.minutes[0]
    assert minutes.parent_number == "CS2019/01"
    assert [i.number for i in minutes.items] == [str(n) for n in range(1, 10)]
    assert minutes.items[0].title == "Validation du procès-verbal de la séance du 26 mars 2018"
    assert minutes.items[8].title == "Adoption du schéma des usages et services numériques"
    closing = text_2019[minutes.closing.start : minutes.closing.end]
    assert "la séance est levée à 12h30" in closing
    header = text_2019[minutes.header.start : minutes.header.end]
    assert "Date de la convocation 05 juillet 2018" in header
    # no other extract annexes minutes
    assert all(not e.minutes for e in segment(text_2019).extracts[1:])


def test_annexed_minutes_2022(text_2022: str) -> None:
    extracts = segment(text_2022).extracts
    minutes = extracts[0].minutes[0]
    assert minutes.parent_number == "CS2022/16"
    assert [i.title for i in minutes.items] == [
        "Validation du procès-verbal du comité syndical du 15 février 2022",
        "Rapport d'activités 2021",
        "Avancement de la coordination des conseillers numériques",
        "Approbation du compte de gestion 2020, du compte administratif et affectation du résultat",
        "Budget primitif 2022",
    ]


def test_stamps_2022(text_2022: str) -> None:
    stamped = {e.number for e in segment(text_2022).extracts if e.stamp}
    assert stamped == {"CS2022/16", "CS2022/20"}


def test_annex_titles(text_2019: str, text_2022: str) -> None:
    by_number = {e.number: e for e in segment(text_2019).extracts}
    assert by_number["CS2019/05"].annexes[0].title == (
        "Offre du Cabinet Julien d'audit et mise à jour/adaptation des contrats d'assurance"
    )
    assert by_number["CS2019/10"].annexes == ()
    by_number = {e.number: e for e in segment(text_2022).extracts}
    assert by_number["CS2022/17"].annexes[0].title == "Décision modificative 2022"


@pytest.mark.parametrize("path", CONTEXT, ids=lambda p: p.name)
def test_context_documents_are_not_registers(path) -> None:
    text = normalized_text(path)
    assert classify(text) == "other"
    segs = segment(text)
    assert segs.extracts == () and segs.minutes == ()


# Items of the Couthenans comptes rendus, read from the PDFs: the 2022 one lists its
# agenda first and numbers its "questions diverses" from 1 again; the 2023 one prints
# "13/" three times (the last a repeated, empty "Questions diverses" heading): all kept,
# as printed.
COUTHENANS_ITEMS = {
    "couthenans_cm_2021-09-17.pdf": [str(n) for n in range(1, 13)],
    "couthenans_cm_2022-10-28.pdf": [str(n) for n in range(1, 8)],
    "couthenans_cm_2023-02-24.pdf": [*(str(n) for n in range(1, 14)), "13", "13"],
}


@pytest.mark.parametrize("path", COUTHENANS, ids=lambda p: p.name)
def test_couthenans_minutes_items(path) -> None:
    text = normalized_text(path)
    segs = segment(text)
    assert segs.kind == "minutes"
    (minutes,) = segs.minutes
    assert [i.number for i in minutes.items] == COUTHENANS_ITEMS[path.name]

"""Prefecture stamps and ACTES identifiers.

The two stamps are copied from ``lot-numerique_comite-syndical_2022-06-29.txt``
(lines 817–821 and 3458–3462) with their surrounding lines; expected values were
read from the document.
"""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.stamp import find_stamp, find_stamps, parse_act_id

STAMP_CS2022_16 = """L'ordre du jour étant épuisé, la séance est donc levée à 11h45.



Le président du syndicat mixte





André MELLINGER



AR Prefecture

046-200062263-20220629-CS2022_16-DE
Reçu le 19/07/2022
Publié le 19/07/2022





Délibération CS2022/17 - séance du 29 juin 2022 1
"""

STAMP_CS2022_20 = """

AR Prefecture

046-200062263-20220629-CS2022_20-DE
Reçu le 19/07/2022
Publié le 19/07/2022
"""


def test_stamp_cs2022_16() -> None:
    stamp = find_stamp(STAMP_CS2022_16)
    assert stamp is not None
    assert stamp.act_id == "046-200062263-20220629-CS2022_16-DE"
    assert stamp.received == dt.date(2022, 7, 19)
    assert stamp.published == dt.date(2022, 7, 19)
    assert stamp.span is not None
    assert STAMP_CS2022_16[stamp.span.start : stamp.span.end] == (
        "AR Prefecture\n\n046-200062263-20220629-CS2022_16-DE\n"
        "Reçu le 19/07/2022\nPublié le 19/07/2022"
    )


def test_stamp_cs2022_20() -> None:
    stamp = find_stamp(STAMP_CS2022_20)
    assert stamp is not None
    assert stamp.act_id == "046-200062263-20220629-CS2022_20-DE"
    assert (stamp.received, stamp.published) == (dt.date(2022, 7, 19), dt.date(2022, 7, 19))
    assert parse_act_id(stamp.act_id) == {
        "department": "046",
        "siren": "200062263",
        "date": dt.date(2022, 6, 29),
        "number": "CS2022/20",
        "number_raw": "CS2022_20",
        "nature": "DE",
    }


def test_both_stamps_in_one_block() -> None:
    stamps = find_stamps(
        STAMP_CS2022_16 + "\nDélibération n° CS2022/20 : Budget\n" + STAMP_CS2022_20
    )
    assert [s.act_id for s in stamps] == [
        "046-200062263-20220629-CS2022_16-DE",
        "046-200062263-20220629-CS2022_20-DE",
    ]


def test_parse_act_id() -> None:
    assert parse_act_id("046-200062263-20220629-CS2022_16-DE") == {
        "department": "046",
        "siren": "200062263",
        "date": dt.date(2022, 6, 29),
        "number": "CS2022/16",
        "number_raw": "CS2022_16",
        "nature": "DE",
    }
    corsica = parse_act_id("02A-212000046-20230112-2023_004-AR")
    assert corsica is not None
    assert (corsica["department"], corsica["number"], corsica["nature"]) == (
        "02A",
        "2023/004",
        "AR",
    )


@pytest.mark.parametrize(
    "act_id",
    [
        "046-20006226-20220629-CS2022_16-DE",  # SIREN of 8 digits
        "046-200062263-20221329-CS2022_16-DE",  # month 13
        "046-200062263-20220629-CS2022/16-DE",  # "/" is not allowed by ACTES
        "046-200062263-20220629-CS2022_16-XX",  # unknown nature
        "46-200062263-20220629-CS2022_16-DE",  # department of two characters
        "",
        None,
    ],
)
def test_malformed_act_id(act_id: str | None) -> None:
    assert parse_act_id(act_id) is None


def test_malformed_act_id_is_kept_as_printed() -> None:
    block = "AR Prefecture\n\n046-20006226-20220629-CS2022_16-DE\nReçu le 19/07/2022\n"
    stamp = find_stamp(block)
    assert stamp is not None
    # Kept so that a validation rule can report it; parse_act_id rejects it.
    assert stamp.act_id == "046-20006226-20220629-CS2022_16-DE"
    assert parse_act_id(stamp.act_id) is None
    assert stamp.received == dt.date(2022, 7, 19)
    assert stamp.published is None


def test_accuse_de_reception_variants() -> None:
    block = (
        "Accusé de réception en préfecture\n"
        "046-200062263-20190201-CS2019_01-DE\n"
        "Reçu en préfecture le 05/02/2019\n"
        "Affiché le 6 février 2019\n"
        "Le président\n"
    )
    stamp = find_stamp(block)
    assert stamp is not None
    assert stamp.act_id == "046-200062263-20190201-CS2019_01-DE"
    assert stamp.received == dt.date(2019, 2, 5)
    assert stamp.published == dt.date(2019, 2, 6)
    assert stamp.span is not None
    assert block[stamp.span.start : stamp.span.end].endswith("Affiché le 6 février 2019")


def test_identifier_and_dates_without_heading() -> None:
    block = "Fait à Cahors.\n046-200062263-20220629-CS2022_16-DE\nReçu le 19/07/2022\n"
    stamp = find_stamp(block)
    assert stamp is not None
    assert stamp.act_id == "046-200062263-20220629-CS2022_16-DE"
    assert stamp.received == dt.date(2022, 7, 19)


def test_no_stamp() -> None:
    assert find_stamp("Délibération CS2022/17 - séance du 29 juin 2022 1\n") is None
    assert find_stamp("") is None
    # An identifier quoted in running text, with no date, is not a stamp.
    assert find_stamp("Voir l'acte 046-200062263-20220629-CS2022_16-DE.\n") is None


def test_accuse_de_reception_in_prose_is_no_stamp() -> None:
    block = (
        "Syndicat en avisera un (1) mois avant l'Opérateur par courrier recommandé avec demande\n"
        "accusé de réception en précisant notamment l'étendue des travaux.\n"
    )
    assert find_stamp(block) is None

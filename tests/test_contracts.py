"""Contract records: purchase-order tables, decisions, arrêtés, markets, conventions."""

from __future__ import annotations

from decimal import Decimal

from parsers.contracts import (
    convention_from_title,
    expand_lc_numbers,
    find_decisions,
    find_markets,
    find_purchase_orders,
    loans_from_budget,
)
from parsers.records import BudgetLine


def test_expand_ranges() -> None:
    assert expand_lc_numbers("04 à\n06 ; 10 ; 12 à\n18") == [4, 5, 6, 10, *range(12, 19)]
    assert expand_lc_numbers("73 ; 75-\n76 ; 78") == [73, 75, 76, 78]


TABLE = """Ci-dessous, un tableau récapitulatif des lettres de commande :

Titulaire
N° de la lettre
de commande

Objet Montant

ENEDIS

LC2017-38 à
40 ;
/JPF

LC2018-04 à
05/JPF

Raccordement électrique des infrastructures

1 255,97 € TTC

par lettre de commande

MEGAPUB
LC2018-03/EO Rolls up communication 400 € HT

LC2018-26/TL Bâche communication 296 € HT

QUERCY
PAYSAGE

LC2018-10/YB
Pose de grillage

451 €

Ci-dessous, un tableau récapitulatif des arrêtés pris par délégation :
"""


def test_purchase_order_rows() -> None:
    rows = list(find_purchase_orders(TABLE))
    assert [r.reference for r in rows] == [
        "LC2017-38/JPF",
        "LC2017-39/JPF",
        "LC2017-40/JPF",
        "LC2018-04/JPF",
        "LC2018-05/JPF",
        "LC2018-03/EO",
        "LC2018-26/TL",
        "LC2018-10/YB",
    ]
    enedis = rows[:5]
    assert {r.counterparty for r in enedis} == {"ENEDIS"}
    assert {r.amount_ttc for r in enedis} == {Decimal("1255.97")}
    assert {r.unit for r in enedis} == {"par lettre de commande"}
    assert rows[5].counterparty == "MEGAPUB" and rows[5].amount_ht == Decimal("400")
    assert rows[6].counterparty == "MEGAPUB" and rows[6].subject == "Bâche communication"
    assert rows[7].counterparty == "QUERCY PAYSAGE" and rows[7].amount == Decimal("451")
    for r in rows:
        assert r.span is not None and TABLE[r.span.start : r.span.start + 2] == "LC"


def test_decisions_and_arretes() -> None:
    text = (
        "B2018-01\nSignature de la convention avec la Caisse des\ndépôts\n\n"
        "A2018-01\n22/01/2018\n\nAttribution d'une aide à Mme X\n\n199 €\n"
    )
    found = list(find_decisions(text))
    assert [(c.kind, c.reference) for c in found] == [
        ("décision_bureau", "B2018-01"),
        ("arrêté", "A2018-01"),
    ]
    assert found[1].amount == Decimal("199") and str(found[1].date) == "2018-01-22"


def test_market_with_amounts_and_reference() -> None:
    text = (
        "La CAO a retenu l'offre économiquement la plus avantageuse présentée par la société "
        "QOS Télécom pour un montant de\n300 233,76 € HT soit 360 280,51 € TTC.\n\n"
        "• d'autoriser la signature du marché 2018LN001 « mise en place du wifi », d'une "
        "durée maximale de 4 ans, passé selon la procédure d'appel d'offres ouvert."
    )
    (m,) = find_markets(text)
    assert m.counterparty == "QOS Télécom" and m.reference == "2018LN001"
    assert (m.amount_ht, m.amount_ttc) == (Decimal("300233.76"), Decimal("360280.51"))
    assert m.procedure == "appel d'offres ouvert" and m.duration == "4 ans"
    assert m.subject == "mise en place du wifi"


def test_award_without_amount_is_not_a_record() -> None:
    assert list(find_markets("L'offre présentée par la société Dekra a été retenue.")) == []


def test_convention_from_title() -> None:
    c = convention_from_title(
        "Convention avec Axione Limousin",
        "conclue pour une durée initiale de trente-six (36) mois.",
    )
    assert c is not None and c.kind == "convention" and c.counterparty == "Axione Limousin"
    assert c.duration == "trente-six (36) mois"
    assert convention_from_title("Rapport d'activités 2018", "") is None


def _line(account: str, label: str, budget: str, after: str | None = None) -> BudgetLine:
    return BudgetLine(
        table="DM",
        section="investissement",
        side="dépenses",
        level="account",
        chapter=account[:2],
        account=account,
        label=label,
        budget=Decimal(budget),
        after=Decimal(after) if after else None,
    )


def test_loans_from_budget_lines() -> None:
    lines = [
        _line("1641", "Charges générales CE 4885701", "136561.04", "136561.04"),
        _line("1641", "Emprunt A", "60.00", "60.00"),  # no lender code, no number
        _line("6281", "Cotisation XY 1234567", "10.00"),  # not chapter 16
        _line("1641", "Charges générales CA 1105979", "100.00", "90.00"),
    ]
    loans = list(loans_from_budget(lines))
    assert [(c.kind, c.counterparty, c.reference, c.amount) for c in loans] == [
        ("emprunt", "CE", "4885701", Decimal("136561.04")),
        ("emprunt", "CA", "1105979", Decimal("90.00")),  # the amount after the amendment
    ]


def test_convention_own_amount_only_when_single() -> None:
    body = "une redevance unique globale et forfaitaire d'un montant de 240 €. Capital 9 000 €."
    conv = convention_from_title("Convention avec X", body)
    assert conv is not None and conv.amount == Decimal("240")
    twice = body + " Puis une redevance d'un montant de 300 €."
    conv = convention_from_title("Convention avec X", twice)
    assert conv is not None and conv.amount is None

"""Money rules on small documents: failing relations give clear French findings."""

from __future__ import annotations

from parsers.extract import extract_document
from pipeline.validate import validate


def _checks(text: str, rule: str) -> list:
    return [c for c in validate(extract_document(text), only=[rule]).checks]


def test_sum_failure_message_has_both_sides_and_gap() -> None:
    text = (
        "Les subventions (5 399 359,36 €). Elles sont diminuées par la restitution "
        "(- 122 193 €) de trop-perçus.\n\nLe total des subventions à recevoir est donc de "
        "5 277 166,19 €.\n"
    )
    (c,) = _checks(text, "money.sum")
    assert not c.passed
    # 17 cents apart: a rounding gap, said as such, a warning and not an error
    assert c.message == (
        "écart d'arrondi (moins d'un euro) — Le total indiqué (5 277 166,19 €) ne correspond "
        "pas à la somme des montants (5 399 359,36 € − 122 193 € = 5 277 166,36 €) : "
        "écart de 0,17 €"
    )
    assert c.severity == "warning"
    assert (c.expected, c.observed) == ("5 277 166,36 €", "5 277 166,19 €")
    (c,) = _checks(text.replace("5 277 166,19", "5 277 165,19"), "money.sum")
    assert c.severity is None and c.message.startswith("Le total indiqué")


def test_dont_sum_holds_and_breaks() -> None:
    ok = "un niveau de 2 487 500 € dont 300 000,00 € pour la FDEL et 2 187 500,00 € pour X.\n"
    assert [c.passed for c in _checks(ok, "money.sum")] == [True]
    bad = ok.replace("2 187 500,00", "2 187 000,00")
    (c,) = _checks(bad, "money.sum")
    assert not c.passed and "écart de 500 €" in c.message


def test_parts_exceeding_total() -> None:
    (c,) = _checks("travaux pour 1 000 000 € (dont 2,9 M€ de reste).\n", "money.part_within_total")
    assert not c.passed and "dépassent" in c.message


def test_vat_rates_and_cent_tolerance() -> None:
    assert [c.passed for c in _checks("pour 100 € HT soit 110 € TTC.\n", "money.vat")] == [True]
    assert [c.passed for c in _checks("pour 100 € HT soit 105,50 € TTC.\n", "money.vat")] == [True]
    (c,) = _checks("pour 100 € HT soit 121 € TTC.\n", "money.vat")
    assert not c.passed and "ne correspond à aucun taux" in c.message


def test_unit_prices() -> None:
    text = (
        "avec 10 bornes à 500 € HT et 2 journées à 1 000 € HT, "
        "soit un montant total de 8 000 € HT.\n"
    )
    (c,) = _checks(text, "money.sum")
    assert not c.passed and "10 × 500 €" in c.message and "7 000 €" in c.message


def test_share_split() -> None:
    text = (
        "La répartition est fixée à 60 % pour le Département et 40 % pour les EPCI.\n"
        "Soit 600 € pour le Département et 400 € pour les EPCI.\n"
    )
    assert [c.passed for c in _checks(text, "money.share")] == [True, True]
    bad = text.replace("400 € pour les EPCI", "500 € pour les EPCI")
    assert not all(c.passed for c in _checks(bad, "money.share"))


def test_repeated_quantity() -> None:
    text = "restitution aux EPCI (52 393 €).\n\nAnnexe : restitution EPCI 52 394,00 €.\n"
    (c,) = _checks(text, "money.repeated")
    assert not c.passed and "52 393 €" in c.message and "écart de 1 €" in c.message


_RATIO_TEXT = (
    "Telium fait une proposition d'achat pour un montant de 105 000 €.\n\n"
    "La société propose également un prix supplémentaire différé : une somme de 238 000 €.\n\n"
    "Les investissements ont représenté un montant de 2 135 178 €. Le montant de la "
    "proposition de rachat est donc :\n\n"
    "• 20 fois inférieur au montant initial investi (au regard du prix net),\n\n"
    "• 6 fois inférieur au montant initial investi (en intégrant le prix supplémentaire "
    "différé).\n"
)


def test_stated_ratio_within_half_a_unit() -> None:
    checks = _checks(_RATIO_TEXT, "money.ratio")
    assert [(c.passed, c.expected, c.observed) for c in checks] == [
        (True, "20,34 fois", "20 fois"),  # 2 135 178 / 105 000
        (True, "6,23 fois", "6 fois"),  # 2 135 178 / (105 000 + 238 000)
    ]


def test_stated_ratio_too_far_fails() -> None:
    bad = _RATIO_TEXT.replace("• 20 fois", "• 25 fois")
    c = _checks(bad, "money.ratio")[0]
    assert not c.passed and "écart de 4,66 fois" in c.message


SCHEDULE = (
    "Pour le Partenaire, un total de douze mille euros (12 000 €) est prévu. Le Porteur "
    "procèdera, en\n\nfaveur du Partenaire, à :\n\n\n"
    "- Un versement initial à la signature, égal à 50 % du montant total : six mille\n\n"
    "euros (6 000 €)\n\n"
    "- Un deuxième versement, en novembre 2022, égal à 25 % : trois mille euros (3 000 €)\n\n"
    "- Un dernier versement de l'enveloppe restante, égal à trois mille euros (3 000 €) "
    "soit 25 %\n\n\nLe Partenaire transmettra son RIB (coût estimé 50 €).\n"
)


def test_payment_schedule_adds_up_to_its_total() -> None:
    (c,) = _checks(SCHEDULE, "money.sum")
    assert c.passed and (c.expected, c.observed) == ("12 000 €", "12 000 €")
    (c,) = _checks(SCHEDULE.replace("(3 000 €)\n\n-", "(2 999 €)\n\n-"), "money.sum")
    assert not c.passed and (c.expected, c.observed) == ("11 999 €", "12 000 €")


def test_payment_schedule_needs_a_stated_total_and_one_amount_per_payment() -> None:
    no_total = SCHEDULE.replace("un total de", "une somme de")
    assert _checks(no_total, "money.sum") == []
    two_amounts = SCHEDULE.replace("(3 000 €)\n\n-", "(3 000 €) et (10 €)\n\n-")
    assert _checks(two_amounts, "money.sum") == []


TABLE = (
    "Annexe : Financement\n\nMissions\nMontant du financement\n\n"
    "Novembre 2023\n\n"
    "*Animation du réseau 8 183 1 000\n\n"
    "*Appuyer les acteurs et leurs projets de développement de\n\n"
    "l'offre d'inclusion numérique\n2 600 -\n\n"
    "*Accompagner les acteurs 1 191 1 250\n\n"
    "Total 11 974 2 250\n\nEn € HT\n"
)


def test_plain_text_table_columns_add_up_to_the_total_row() -> None:
    checks = _checks(TABLE, "money.sum")
    assert [(c.expected, c.observed, c.passed) for c in checks] == [
        ("11 974 €", "11 974 €", True),  # 8 183 + 2 600 + 1 191
        ("2 250 €", "2 250 €", True),  # 1 000 + - + 1 250
    ]
    (first, second) = _checks(TABLE.replace("Total 11 974", "Total 11 975"), "money.sum")
    assert not first.passed and (first.expected, first.observed) == ("11 974 €", "11 975 €")
    assert second.passed


def test_plain_text_tables_read_only_when_every_row_aligns_and_money_is_meant() -> None:
    ragged = TABLE.replace("1 191 1 250", "1 191")  # one cell short: which column is empty?
    assert _checks(ragged, "money.sum") == []
    # "1 191 250" reads as one number (1 191 250): the row has one cell, not two
    ambiguous = TABLE.replace("1 191 1 250", "1 191 250").replace("2 250\n", "1 250\n")
    assert _checks(ambiguous, "money.sum") == []
    people = TABLE.replace("Montant du financement", "Effectifs").replace("En € HT", "")
    assert _checks(people, "money.sum") == []
    one_row = "Montant\n\n*Animation 8 183\n\nTotal 8 183\n"
    assert _checks(one_row, "money.sum") == []


def test_a_vote_table_is_not_read_as_money() -> None:
    votes = (
        "La participation s'élève à 12 000 € par an.\n\n"
        "Votants 15\n\nPour 10\n\nContre 3\n\nAbstentions 2\n\nTotal 15\n"
    )
    assert _checks(votes, "money.sum") == []

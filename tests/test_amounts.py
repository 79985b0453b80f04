"""Amount parsing: French formats, scale, sign, basis, role; what is not money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.amounts import find_amounts, find_quantities, format_amount, parse_number


def _one(text: str):
    found = list(find_amounts(text))
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "basis"),
    [
        ("un montant de 1 098 969,96 € en fonctionnement", "1098969.96", None),
        ("sont inscrits 2 456 204.86 € comprenant", "2456204.86", None),
        ("pour 10 000,00 € environ", "10000.00", None),
        ("soit 300 000,00 € pour la FDEL", "300000.00", None),
        ("1 255,97 € TTC par lettre de commande", "1255.97", "TTC"),
        ("au prix de 30€/disque dur", "30", None),
        ("une aide de 5 000€ par an", "5000", None),
        ("une baisse de 45 K€ par rapport", "45000", None),
        ("en hausse de près de 1,42 M€.", "1420000", None),
        ("maintenant de 260M€.", "260000000", None),
        ("un fonds de 10 millions d'euros pour", "10000000", None),
        ("la restitution (- 122 193 €) de", "-122193", None),
        ("le montant 400 € HT net", "400", "HT"),
        ("devis 1.255,97 € H.T. signé", "1255.97", "HT"),
        ("dont 427 k€.", "427000", None),
    ],
)
def test_french_formats(text: str, value: str, basis: str | None) -> None:
    a = _one(text)
    assert a.value == Decimal(value)
    assert a.tax_basis == basis
    assert text[a.span.start : a.span.end] == a.raw


@pytest.mark.parametrize(
    "text",
    [
        "Le comité du 19 juillet 2018 à Cahors",
        "article 2764 du budget, compte 6281",
        "Tél. 05 65 53 43 00, 46000 Cahors",
        "les 12 400 foyers et 130 000 locaux",
        "LC2018-20/TL et B2018-01",
        "- 36 100 pour la suite",  # no currency: not money in prose
    ],
)
def test_not_money(text: str) -> None:
    assert list(find_amounts(text)) == []


def test_bullet_dash_is_not_a_sign() -> None:
    a = _one("\n- 36 100 € pour l'achat de matériel")
    assert a.value == Decimal("36100")


def test_minus_glued_is_a_sign() -> None:
    a = _one("solde -14 800,00 €")
    assert a.value == Decimal("-14800.00")


def test_roles() -> None:
    text = (
        "une commande de 50 bornes à 500 € HT et 10 journées à 1 000 € HT, soit un montant "
        "total de 35 000 € HT dont 5 000 € pour la FDEL."
    )
    roles = {a.raw: a.role for a in find_amounts(text)}
    assert roles["500 € HT"] == "unit_price"
    assert roles["35 000 € HT"] == "total"
    assert roles["5 000 €"] == "dont"
    assert _one("estimé à 1 500 €\npar pylône.").role == "unit_price"


def test_wrapped_group_only_after_parenthesis() -> None:
    assert _one("(2\n119 555 € en 2021)").value == Decimal("2119555")
    found = list(find_amounts("en 2\n119 555 € en 2021"))
    assert [a.value for a in found] == [Decimal("119555")]


def test_scaled_flag_and_context() -> None:
    a = _one("Premier point. Le surcoût est de 97 M€ pour trois départements. Fin.")
    assert a.scaled
    assert a.context == "Le surcoût est de 97 M€ pour trois départements."


def test_quantities() -> None:
    q = {(x.value, x.unit) for x in find_quantities("60 % et 76,7 % ; 17 pylônes, 5,5 ETP")}
    assert (Decimal("60"), "%") in q and (Decimal("76.7"), "%") in q
    assert (Decimal("17"), "pylônes") in q and (Decimal("5.5"), "etp") in q


# --- properties -------------------------------------------------------------------------

cents = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


def _styles(value: Decimal) -> list[str]:
    whole = int(value)
    frac = f"{value - whole:.2f}"[2:]
    spaced = f"{whole:,}".replace(",", " ")
    nbsp = f"{whole:,}".replace(",", "\u202f")
    dotted = f"{whole:,}".replace(",", ".")
    return [
        f"{spaced},{frac} €",
        f"{spaced}.{frac} €" if whole >= 1000 else f"{spaced},{frac} €",
        f"{dotted},{frac} €",
        f"{whole},{frac}€",
        f"{nbsp},{frac} € HT",
        format_amount(value) + " TTC",
    ]


@settings(deadline=None)  # the normaliser loads its lexicon on first use
@given(cents)
def test_format_then_parse_round_trips(value: Decimal) -> None:
    from parsers.normalize import normalize

    for style in _styles(value):
        text = normalize(f"soit {style} au total").text
        found = list(find_amounts(text))
        assert len(found) == 1, (style, found)
        assert found[0].value == value, style


@given(cents)
def test_parse_number_round_trips(value: Decimal) -> None:
    assert parse_number(format_amount(value, cents=True).removesuffix(" €")) == value


@given(st.text(max_size=200))
def test_no_input_crashes(text: str) -> None:
    for a in find_amounts(text):
        assert isinstance(a.value, Decimal)
    list(find_quantities(text))
    parse_number(text)


def test_quantities_are_stored_with_provenance(tmp_path: Path) -> None:
    """Quantities reach their table: exact value, unit, sentence and span in the original."""
    import pyarrow as pa

    from pipeline.document import process_document
    from schemas.tables import QUANTITIES

    text = "La dépense porte sur 17 pylônes. Elle est répartie à 60 % et 40 %.\n"
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    rows = process_document(path).rows.tables["quantities"]
    got = sorted((r["raw"], r["unit"], r["value"]) for r in rows)
    assert got == [
        ("17 pylônes", "pylônes", Decimal("17.0000")),
        ("40 %", "%", Decimal("40.0000")),
        ("60 %", "%", Decimal("60.0000")),
    ]
    for r in rows:
        assert text[r["char_start"] : r["char_end"]] == r["raw"]
        assert r["raw"] in r["context"]
    pa.Table.from_pylist(rows, schema=QUANTITIES.schema)  # fits decimal128(20, 4)

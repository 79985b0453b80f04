"""The money relations of the two registers against the hand-read fixtures.

tests/fixtures/expected/money/<document>.yaml lists the relations a reader finds and
the inconsistencies they confirmed by hand; every one must come out as a check with
the same figures and status, and no money or budget rule may fail anywhere else.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml

from parsers.amounts import parse_number
from parsers.extract import extract_document
from parsers.records import ExtractedDocument
from pipeline.findings import Check
from pipeline.validate import validate
from tests.conftest import RAW, normalized_text

FIXTURES = Path(__file__).parent / "fixtures" / "expected" / "money"
DOCUMENTS = sorted(p.stem for p in FIXTURES.glob("*.yaml"))


@cache
def _fixture(name: str) -> dict:
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def _run(name: str) -> tuple[ExtractedDocument, tuple[Check, ...]]:
    doc = extract_document(normalized_text(RAW / _fixture(name)["document"]))
    return doc, tuple(validate(doc).checks)


def _value(text: str | None) -> Decimal | None:
    """A check's expected/observed back to a Decimal ("2 487 500 €", "5,5 ETP", "≤ 44 M")."""
    if text is None:
        return None
    core = re.sub(r"[≤€]|ETP|%|fois", "", text).strip()
    return parse_number(core)


def _money_checks(name: str) -> list[Check]:
    return [c for c in _run(name)[1] if c.rule.startswith(("money.", "budget.", "contracts."))]


def _matches(check: Check, rel: dict) -> bool:
    if check.rule != rel["rule"]:
        return False
    if "reference" in rel:  # contracts.unique_reference
        return rel["reference"] in check.message and check.passed == (rel["status"] == "pass")
    exp = str(rel["expected"]).replace("≤", "").strip()
    return (
        _value(check.expected) == Decimal(exp)
        and _value(check.observed) == Decimal(str(rel["observed"]))
        and check.passed == (rel["status"] == "pass")
    )


@pytest.mark.parametrize("name", DOCUMENTS)
def test_expected_relations_are_checked(name: str) -> None:
    checks = _money_checks(name)
    fx = _fixture(name)
    missing = [
        rel
        for rel in fx["relations"] + fx["inconsistencies"]
        if not any(_matches(c, rel) for c in checks)
    ]
    assert not missing, missing


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_failure_is_a_confirmed_inconsistency(name: str) -> None:
    """No error on a relation that holds: each failed check is one read by hand."""
    fx = _fixture(name)
    failed = [c for c in _money_checks(name) if not c.passed]
    unexpected = [
        c.message for c in failed if not any(_matches(c, r) for r in fx["inconsistencies"])
    ]
    assert not unexpected, unexpected
    assert len(failed) == len(fx["inconsistencies"])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_failure_messages_carry_both_sides_and_the_gap(name: str) -> None:
    for c in _money_checks(name):
        if not c.passed and not c.rule.startswith("contracts."):
            assert "écart de" in c.message and c.expected and c.observed and c.span is not None


def test_dozens_of_relations_per_register() -> None:
    for name in DOCUMENTS:
        assert len(_money_checks(name)) >= len(_fixture(name)["relations"]) >= 12


def test_contracts_2019() -> None:
    doc, _ = _run("lot-numerique_comite-syndical_2019-02-01")
    fx = _fixture("lot-numerique_comite-syndical_2019-02-01")["contracts"]
    orders = [c for c in doc.contracts if c.kind == "lettre_de_commande"]
    assert len(orders) == fx["lettres_de_commande"]
    assert sum(c.counterparty == "ENEDIS" for c in orders) == fx["enedis"]
    # LC2018-32/JPF is printed twice: in ENEDIS's "31 à 32" range and as FDEL's Albas works
    refs = [c.reference for c in orders]
    assert sorted({r for r in refs if refs.count(r) > 1}) == fx["duplicated_references"]
    for sample in fx["samples"]:
        row = next(c for c in orders if c.reference == sample["reference"])
        assert row.counterparty == sample["counterparty"]
        for key in ("amount", "amount_ht", "amount_ttc"):
            if key in sample:
                assert getattr(row, key) == Decimal(sample[key])
        if "unit" in sample:
            assert row.unit == sample["unit"]
        assert all(c.deliberation_number == "CS2019/03" for c in orders)
    decisions = [c.reference for c in doc.contracts if c.kind == "décision_bureau"]
    assert decisions == fx["decisions"]
    arretes = [c for c in doc.contracts if c.kind == "arrêté"]
    assert [(a.reference, a.date) for a in arretes] == [
        (x["reference"], x["date"]) for x in fx["arretes"]
    ]
    assert [a.amount for a in arretes[1:]] == [Decimal("199"), Decimal("199")]
    markets = [c for c in doc.contracts if c.kind == "marché"]
    for m in fx["markets"]:
        row = next(c for c in markets if c.counterparty == m["counterparty"])
        for key in ("reference", "amount", "amount_ht", "amount_ttc"):
            if key in m:
                want = m[key] if key == "reference" else Decimal(m[key])
                assert getattr(row, key) == want


def test_budget_lines_2022() -> None:
    doc, _ = _run("lot-numerique_comite-syndical_2022-06-29")
    fx = _fixture("lot-numerique_comite-syndical_2022-06-29")["budget"]
    assert len(doc.budget_lines) == fx["lines"]
    assert {b.deliberation_number for b in doc.budget_lines} == {"CS2022/17"}
    for sample in fx["samples"]:
        found = [
            b
            for b in doc.budget_lines
            if b.section == sample["section"]
            and b.side == sample["side"]
            and b.account == sample["account"]
            and b.budget == Decimal(sample["budget"])
            and all(
                getattr(b, k) == Decimal(sample[k]) for k in ("movement", "after") if k in sample
            )
        ]
        assert found, sample


def test_amounts_are_attached_and_exact() -> None:
    doc, _ = _run("lot-numerique_comite-syndical_2022-06-29")
    by_raw = {a.raw: a for a in doc.amounts}
    assert by_raw["5 277 166,19 €"].value == Decimal("5277166.19")
    assert by_raw["5 277 166,19 €"].role == "total"
    assert by_raw["- 122 193 €"].value == Decimal("-122193")
    assert by_raw["260M€"].value == Decimal("260000000")
    assert by_raw["2 456 204.86 €"].value == Decimal("2456204.86")
    assert any(a.value == Decimal("2119555") for a in doc.amounts)  # "(2\n119 555 € en 2021)"
    cells = [a for a in doc.amounts if a.role == "table_cell"]
    assert cells and all(a.deliberation_number == "CS2022/17" for a in cells)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_conventions_carry_their_own_amount(name: str) -> None:
    """A convention's amount is its fee or envelope as printed, null when none is stated."""
    doc, _ = _run(name)
    for want in _fixture(name)["contracts"]["conventions"]:
        (row,) = [
            c
            for c in doc.contracts
            if c.deliberation_number == want["number"] and c.kind == want["kind"]
        ]
        amount = None if want["amount"] is None else Decimal(want["amount"])
        assert (row.amount, row.amount_ht, row.amount_ttc) == (amount, None, None), want


def test_loans_of_the_budget_table() -> None:
    doc, _ = _run("lot-numerique_comite-syndical_2022-06-29")
    loans = [c for c in doc.contracts if c.kind == "emprunt"]
    want = _fixture("lot-numerique_comite-syndical_2022-06-29")["contracts"]["loans"]
    assert [(c.reference, c.counterparty, c.amount) for c in loans] == [
        (w["reference"], w["counterparty"], Decimal(w["amount"])) for w in want
    ]
    assert all(c.deliberation_number == "CS2022/17" and c.span is not None for c in loans)
    assert all(c.amount_ht is None and c.amount_ttc is None for c in loans)


def test_the_table_that_cannot_be_read_is_said() -> None:
    """Annex 2.1 of CS2022/20 (L3591-3629): the "Pass numérique" row prints 4 values for
    5 columns, and "Total 262 500 11 000 170 000 62 760 516 260" reads in thousands groups
    as 3 values; by hand its grand total is wrong too (fixture, not_checked). Its totals
    are not checked, and an info finding says so."""
    name = "lot-numerique_comite-syndical_2022-06-29"
    doc, _ = _run(name)
    unread = [f for f in validate(doc).findings if f.rule == "table.unread"]
    assert [(f.severity, f.deliberation_number) for f in unread] == [("info", "CS2022/20")]
    assert "Total 262 500" in unread[0].message

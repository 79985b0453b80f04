"""pipeline/scdl_checks.py: the official SCDL schema's rules on hand-made rows, and the same
rows through Validata (the official engine, dev extra) to show both agree."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from pipeline.export import SCDL_FIELDS
from pipeline.french import plural, signed
from pipeline.scdl_checks import (
    SCHEMA_PATH,
    load_schema,
    summary,
    validate_rows,
)

GOOD = {
    "COLL_NOM": "Syndicat mixte Lot numérique",
    "COLL_SIRET": "20006226300013",
    "DELIB_ID": "CS2022/17",
    "DELIB_DATE": "2022-06-29",
    "DELIB_MATIERE_CODE": "7.1",
    "DELIB_MATIERE_NOM": "Finances locales/Décisions budgétaires",
    "DELIB_OBJET": "Décision modificative 2022",
    "BUDGET_ANNEE": "2022",
    "BUDGET_NOM": "Budget principal",
    "PREF_ID": "PREF046",
    "PREF_DATE": "2022-07-19",
    "VOTE_EFFECTIF": "18",
    "VOTE_REEL": "11",
    "VOTE_POUR": "9",
    "VOTE_CONTRE": "1",
    "VOTE_ABSTENTION": "1",
    "DELIB_URL": "https://example.org/cs2022-17.pdf",
}
NO_VOTE = dict.fromkeys(("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE"), "") | {
    "VOTE_ABSTENTION": ""
}

# (name, changes to GOOD, expected (field, rule) pairs)
CASES = [
    ("valid", {}, set()),
    ("no votes at all is valid", NO_VOTE, set()),
    ("no budget at all is valid", {"BUDGET_ANNEE": "", "BUDGET_NOM": ""}, set()),
    ("budget interval", {"BUDGET_ANNEE": "2021/2022"}, set()),
    (
        "effectif and réel without the tally",
        {"VOTE_POUR": "", "VOTE_CONTRE": "", "VOTE_ABSTENTION": ""},
        {("VOTE_EFFECTIF", "cohesive-columns-value")},
    ),
    (
        "budget year without its name",
        {"BUDGET_NOM": ""},
        {("BUDGET_ANNEE", "cohesive-columns-value")},
    ),
    (
        "tally does not add up",
        {"VOTE_POUR": "10"},
        {("VOTE_REEL", "sum-columns-value")},
    ),
    (
        "more voters than members",
        {"VOTE_REEL": "20", "VOTE_POUR": "18"},
        {("VOTE_EFFECTIF", "compare-columns-value")},
    ),
    (
        "received before the session",
        {"PREF_DATE": "2022-06-01"},
        {("PREF_DATE", "compare-columns-value")},
    ),
    ("bad SIRET key", {"COLL_SIRET": "20006226300014"}, {("COLL_SIRET", "french-siret-value")}),
    (
        "SIRET too short",  # Validata runs the SIRET check after the pattern, as here
        {"COLL_SIRET": "2000622630"},
        {("COLL_SIRET", "pattern"), ("COLL_SIRET", "french-siret-value")},
    ),
    (
        "decreasing interval",
        {"BUDGET_ANNEE": "2022/2021"},
        {("BUDGET_ANNEE", "year-interval-value")},
    ),
    (
        "unknown ACTES domain",
        {"DELIB_MATIERE_NOM": "Budget/Décisions"},
        {("DELIB_MATIERE_NOM", "nomenclature-actes-value")},
    ),
    (
        "space after the slash",
        {"DELIB_MATIERE_NOM": "Finances locales/ Décisions budgétaires"},
        {("DELIB_MATIERE_NOM", "nomenclature-actes-value")},
    ),
    (
        "no slash",
        {"DELIB_MATIERE_NOM": "Finances locales"},
        {("DELIB_MATIERE_NOM", "nomenclature-actes-value")},
    ),
    ("accents folded", {"DELIB_MATIERE_NOM": "finances locales/decisions budgetaires"}, set()),
    ("missing code", {"DELIB_MATIERE_CODE": ""}, {("DELIB_MATIERE_CODE", "required")}),
    ("bad code", {"DELIB_MATIERE_CODE": "7-1"}, {("DELIB_MATIERE_CODE", "pattern")}),
    ("bad date", {"DELIB_DATE": "29/06/2022"}, {("DELIB_DATE", "type")}),
    (
        "bad integer",  # then missing for the checks: the five vote columns no longer cohere
        {"VOTE_EFFECTIF": "dix-huit"},
        {("VOTE_EFFECTIF", "type"), ("VOTE_EFFECTIF", "cohesive-columns-value")},
    ),
]


@pytest.mark.parametrize(("name", "changes", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rules_on_hand_made_rows(name: str, changes: dict, expected: set) -> None:
    found = validate_rows([GOOD | changes])
    assert {(v.field, v.rule) for v in found} == expected
    assert all(v.row == 2 for v in found)  # the header is row 1


def test_row_numbers_and_messages() -> None:
    rows = [GOOD, GOOD | {"BUDGET_NOM": ""}, GOOD | {"VOTE_POUR": "2"}]
    found = validate_rows(rows)
    assert [(v.row, v.rule) for v in found] == [
        (3, "cohesive-columns-value"),
        (4, "sum-columns-value"),
    ]
    assert str(found[1]).startswith("ligne 4, VOTE_REEL [sum-columns-value] :")
    assert summary(found) == "2 erreurs sur 2 lignes"


def test_every_custom_check_of_the_official_schema_is_implemented() -> None:
    schema = load_schema()
    assert schema["version"] == "2.1.5"
    names = {c["name"] for c in schema["custom_checks"]}
    assert names == {
        "french-siret-value",
        "year-interval-value",
        "cohesive-columns-value",
        "compare-columns-value",
        "sum-columns-value",
        "nomenclature-actes-value",
    }
    assert [f["name"] for f in schema["fields"]] == list(SCDL_FIELDS)


def test_unknown_custom_check_is_refused() -> None:
    schema = load_schema() | {"custom_checks": [{"name": "new-check", "params": {}}]}
    with pytest.raises(ValueError, match="new-check"):
        validate_rows([GOOD], schema)


def test_french_plurals() -> None:
    assert [plural(n, "ligne") for n in (0, 1, 2)] == ["0 ligne", "1 ligne", "2 lignes"]
    assert [signed(n) for n in (3, 0, -2)] == ["+3", "0", "−2"]


# --------------------------------------------------------------------------- Validata

# Validata's error types for the field rules; the custom checks keep their names.
# The two checks the schema names by their former names report as "custom-check-error".
VALIDATA_TYPE = {
    "required": "constraint-error",
    "pattern": "constraint-error",
    "type": "type-error",
    "french-siret-value": "custom-check-error",
    "nomenclature-actes-value": "custom-check-error",
}


def _csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(SCDL_FIELDS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def validata_errors(path: Path) -> set[tuple[int, str]]:
    """(row, error type) of every error Validata reports on the CSV at ``path``."""
    validata = pytest.importorskip("validata_core")
    report = validata.validate(str(path), load_schema(SCHEMA_PATH))
    return {(e["rowNumber"], e["type"]) for e in report.to_dict()["errors"]}


def test_validata_agrees_on_every_case(tmp_path: Path) -> None:
    rows = [GOOD | changes for _, changes, _ in CASES]
    path = tmp_path / "cases.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    ours = {(v.row, VALIDATA_TYPE.get(v.rule, v.rule)) for v in validate_rows(rows)}
    assert ours == {(r, VALIDATA_TYPE.get(x, x)) for r, x in _expected(CASES)}
    assert validata_errors(path) == ours


def _expected(cases: list) -> set[tuple[int, str]]:
    return {(i, rule) for i, (_, _, exp) in enumerate(cases, start=2) for _, rule in exp}

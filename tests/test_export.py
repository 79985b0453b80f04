"""Open-data exports: the SCDL CSV of the sample registers against a Table Schema descriptor
of SCDL « Délibérations » 2.1.x (frictionless), and DECP JSON from a hand-built contracts
table.

Expected rows are read off the registers: the 13 extracts of 1 February 2019 and the 6 of
29 June 2022, their titles, 18 members in office, 13 (2019) and 11 (2022) voters, and the
two ACTES stamps of CS2022/16 and CS2022/20 (received 19/07/2022). No extract prints a vote
tally, so VOTE_POUR/CONTRE/ABSTENTION stay empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner
from frictionless import Resource, Schema

import pipeline.export as export
from pipeline.export import (
    SCDL_FIELDS,
    classify,
    decp_cmd,
    decp_records,
    duration_months,
    scdl_cmd,
)
from pipeline.store import read_table
from tests.conftest import ROOT
from tests.corpus_output import corpus_output
from tests.test_segment import TITLES_2019, TITLES_2022

DESCRIPTOR = ROOT / "tests" / "fixtures" / "scdl" / "deliberations.schema.json"

# The 19 titles read by hand (kept once, in the segmentation tests).
TITLES = {**TITLES_2019, **TITLES_2022}


@pytest.fixture(scope="module")
def scdl_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("scdl") / "scdl_deliberations.csv"
    res = CliRunner().invoke(scdl_cmd, ["--out", str(corpus_output()), "--output", str(dest)])
    assert res.exit_code == 0, res.output
    assert str(dest) in res.output
    return dest


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_scdl_validates_against_the_descriptor(scdl_csv: Path) -> None:
    schema = Schema.from_descriptor(json.loads(DESCRIPTOR.read_text(encoding="utf-8")))
    report = Resource(path=scdl_csv.name, basepath=str(scdl_csv.parent), schema=schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    assert report.tasks[0].stats["rows"] == 19


def test_descriptor_rejects_a_broken_row(scdl_csv: Path, tmp_path: Path) -> None:
    """The validation can fail: a 10-digit SIRET and a missing date are caught."""
    text = scdl_csv.read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("20006226300013", "2000622630", 1).replace("2022-06-29", "", 1))
    schema = Schema.from_descriptor(json.loads(DESCRIPTOR.read_text(encoding="utf-8")))
    report = Resource(path=bad.name, basepath=str(tmp_path), schema=schema).validate()
    errors = {e[0] for e in report.flatten(["type"])}
    assert not report.valid and errors == {"constraint-error"}


def test_scdl_file_conventions(scdl_csv: Path) -> None:
    raw = scdl_csv.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    raw.decode("utf-8")
    header = raw.split(b"\n", 1)[0].decode()
    assert header == ",".join(SCDL_FIELDS)


def test_each_deliberation_has_its_row(scdl_csv: Path) -> None:
    rows = {r["DELIB_ID"]: r for r in rows_of(scdl_csv)}
    assert set(rows) == set(TITLES)
    for number, r in rows.items():
        assert r["DELIB_OBJET"] == TITLES[number]
        assert r["COLL_NOM"] == "Syndicat mixte Lot numérique"
        assert r["COLL_SIRET"] == "20006226300013"
        assert r["DELIB_DATE"] == ("2019-02-01" if number.startswith("CS2019") else "2022-06-29")
        assert r["VOTE_EFFECTIF"] == "18"
        assert r["VOTE_REEL"] == ("13" if number.startswith("CS2019") else "11")
        # no extract prints a tally: never invented from "unanimité" or the voters
        assert (r["VOTE_POUR"], r["VOTE_CONTRE"], r["VOTE_ABSTENTION"]) == ("", "", "")
        assert r["DELIB_URL"] == ""
    stamped = {n: (r["PREF_ID"], r["PREF_DATE"]) for n, r in rows.items() if r["PREF_ID"]}
    assert stamped == {
        "CS2022/16": ("PREF046", "2022-07-19"),
        "CS2022/20": ("PREF046", "2022-07-19"),
    }
    assert rows["CS2022/17"]["BUDGET_ANNEE"] == "2022"
    assert rows["CS2019/13"]["BUDGET_ANNEE"] == ""  # the title prints no year


def test_matiere_codes_and_sidecar(scdl_csv: Path) -> None:
    rows = {r["DELIB_ID"]: r for r in rows_of(scdl_csv)}
    codes = {n: r["DELIB_MATIERE_CODE"] for n, r in rows.items()}
    assert codes["CS2022/17"] == "7.1"  # Décision modificative
    assert codes["CS2019/13"] == "7.1"  # Débat d'orientation budgétaire
    assert codes["CS2019/09"] == "1.1"  # Marchés
    assert codes["CS2022/19"] == codes["CS2022/20"] == codes["CS2019/07"] == "1.4"
    assert codes["CS2019/01"] == codes["CS2022/16"] == "5.2"  # procès-verbal
    assert rows["CS2022/17"]["DELIB_MATIERE_NOM"] == "finances locales/décisions budgétaires"
    sidecar = {r["DELIB_ID"]: r for r in rows_of(scdl_csv.with_suffix(".matieres.csv"))}
    assert set(sidecar) == set(TITLES)
    assert sidecar["CS2022/17"]["matiere_rule"] == "budget"
    assert sidecar["CS2022/19"]["matiere_rule"] == "convention"
    assert "tampon ACTES (200062263)" in sidecar["CS2022/16"]["siret_source"]


@pytest.mark.parametrize(
    ("title", "code", "rule"),
    [
        ("Budget primitif 2023", "7.1", "budget"),
        ("Décision modificative n°2 au budget annexe", "7.1", "budget"),
        ("Convention de partenariat avec le Département", "1.4", "convention"),
        ("Motion sur les finances locales", "9.4", "motion"),
        ("Subvention pour l'ASL", "7.5", "subvention"),
    ],
)
def test_classify(title: str, code: str, rule: str) -> None:
    found = classify(title)
    assert found is not None and found[0] == code and found[2].id == rule


def test_classify_leaves_unknown_subjects_empty() -> None:
    assert classify("Questions diverses") is None


# --------------------------------------------------------------------------- DECP


def contracts_table() -> pa.Table:
    """Three contracts as the money stage would store them; only the marché is DECP."""
    corpus = corpus_output()
    delib = {
        d["number"]: d["deliberation_id"] for d in read_table(corpus, "deliberations").to_pylist()
    }
    money = pa.decimal128(20, 2)
    return pa.table(
        {
            "contract_id": ["c1", "c2", "c3"],
            "deliberation_id": [delib["CS2019/09"], delib["CS2022/19"], delib["CS2019/09"]],
            "kind": ["marché", "convention", "lettre_de_commande"],
            "reference": ["2018-12/TL", None, "LC2018-20/TL"],
            "counterparty": ["QOS Télécom", "Département du Lot", "QOS Télécom"],
            "subject": ["Contrôle et maintenance des sites", "PASIP", "Rolls up"],
            "amount_ht": pa.array([Decimal("383000.00"), None, Decimal("1000.00")], money),
            "amount_ttc": pa.array([Decimal("459600.00"), None, None], money),
            "amount": pa.array([None, Decimal("51000.00"), None], money),
        }
    )


def test_decp_records_from_a_hand_built_contracts_table() -> None:
    corpus = corpus_output()
    records, skipped = decp_records(
        contracts_table(), read_table(corpus, "deliberations"), read_table(corpus, "sessions")
    )
    assert skipped == 2
    (r,) = records
    assert r["id"] == "2018-12/TL"
    assert r["acheteur"] == {"id": "20006226300013", "nom": "Syndicat mixte Lot numérique"}
    assert r["nature"] == "Marché"
    assert r["montant"] == 383000  # HT, never the TTC 459 600
    assert r["titulaires"] == [{"denominationSociale": "QOS Télécom"}]
    assert r["dateNotification"] is None and r["dureeMois"] is None
    assert r["source"]["deliberation"] == "CS2019/09"
    assert r["source"]["date_deliberation"] == dt.date(2019, 2, 1).isoformat()


def test_decp_command_with_contracts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = export.read_table

    def fake(out_dir: Path, name: str) -> pa.Table:
        return contracts_table() if name == "contracts" else real(out_dir, name)

    monkeypatch.setattr(export, "read_table", fake)
    dest = tmp_path / "decp.json"
    res = CliRunner().invoke(decp_cmd, ["--out", str(corpus_output()), "--output", str(dest)])
    assert res.exit_code == 0, res.output
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert [m["id"] for m in data["marches"]] == ["2018-12/TL"]


def test_decp_says_clearly_when_contracts_do_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def missing(out_dir: Path, name: str) -> pa.Table:
        raise KeyError(name)  # what read_table does for a table schemas/ does not define

    monkeypatch.setattr(export, "read_table", missing)
    res = CliRunner().invoke(decp_cmd, ["--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "« contracts » n'existe pas encore" in res.output


def test_duration_months() -> None:
    assert duration_months("trente-six (36) mois") == 36
    assert duration_months("12 mois") == 12
    assert duration_months("jusqu'au 31 décembre") is None

"""Open-data exports. SCDL: the CSV of the whole sample corpus against the official schema
2.1.5 and its custom checks (pipeline/scdl_checks.py, and Validata itself when installed).
DECP: records built from the contracts of the corpus, validated with jsonschema against the
official DECP 2.0.2 schema.

Expected rows are read off the registers: the 13 extracts of 1 February 2019 and the 6 of
29 June 2022, their titles, and the two ACTES stamps of CS2022/16 and CS2022/20 (received
19/07/2022). No extract prints a vote tally, so the five VOTE_ columns stay empty (the
schema wants all five or none); the tallies are those of the Couthenans minutes.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pytest
from click.testing import CliRunner

from pipeline.bodies import Body, Registry, registry, use_registry
from pipeline.cli import decp_cmd, scdl_cmd
from pipeline.decp import build_decp, duration_months, problems, validate_document
from pipeline.export import SCDL_FIELDS, classify
from pipeline.scdl import build_scdl
from pipeline.scdl_checks import validate_rows
from pipeline.store import read_table
from tests.corpus_output import corpus_output
from tests.test_scdl_checks import validata_errors
from tests.test_segment import TITLES_2019, TITLES_2022

# The 19 titles read by hand (kept once, in the segmentation tests).
TITLES = {**TITLES_2019, **TITLES_2022}
# A SIRET with a valid key for Couthenans, whose documents print none: test-only, so that the
# minutes (the corpus's only full tallies) can be exported and checked.
TEST_SIRET = "21700184100014"


@pytest.fixture(scope="module")
def scdl_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("scdl") / "scdl_deliberations.csv"
    res = CliRunner().invoke(scdl_cmd, ["--data", str(corpus_output()), "--output", str(dest)])
    assert res.exit_code == 0, res.output
    assert str(dest) in res.output
    return dest


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def with_couthenans_siret() -> Registry:
    bodies = [
        Body(**{**b.__dict__, "siret": TEST_SIRET}) if b.name == "Commune de Couthenans" else b
        for b in registry().bodies
    ]
    return Registry(bodies)


def test_corpus_export_has_no_error_under_the_official_schema(scdl_csv: Path) -> None:
    rows = rows_of(scdl_csv)
    assert validate_rows(rows) == []
    assert validata_errors(scdl_csv) == set()  # the official engine agrees (dev extra)


def test_minutes_give_one_row_per_vote_with_their_tally(tmp_path: Path) -> None:
    with use_registry(with_couthenans_siret()):
        export = build_scdl(corpus_output())
    assert export.violations == [] and export.refused == []
    rows = {r["DELIB_ID"]: r for r in export.rows}
    # "6 voix Contre, 0 Abstention, 5 pour": 11 voters, 13 members listed (2 absent)
    r = rows["2022-10-28/4"]
    assert r["DELIB_OBJET"] == "Réglementation des questions diverses"
    assert [r[f] for f in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE")] == [
        "13",
        "11",
        "5",
        "6",
    ]
    assert r["VOTE_ABSTENTION"] == "0"
    # "12 votes pour / 2 abstentions" of the 14 listed voters: 0 contre, said in the sidecar
    assert [rows["2021-09-17/1"][f] for f in ("VOTE_REEL", "VOTE_CONTRE")] == ["14", "0"]
    side = {s["DELIB_ID"]: s for s in export.sidecar}
    assert side["2021-09-17/1"]["vote_source"].startswith("contre = 0 : le décompte couvre")
    # the item with three votes gives three deliberations
    assert {"2022-03-17/4", "2022-03-17/4-2", "2022-03-17/4-3"} <= set(rows)
    full = sum(1 for r in export.rows if r["VOTE_POUR"])
    assert full == 28  # every Couthenans vote: 11 + 5 + 12
    path = tmp_path / "all.csv"
    path.write_text(export_csv(export.rows), encoding="utf-8")
    assert validata_errors(path) == set()


def export_csv(rows: list[dict[str, str]]) -> str:
    from pipeline.export import to_csv

    return to_csv(rows, SCDL_FIELDS)


def test_rows_without_siret_are_refused_with_the_reason(scdl_csv: Path) -> None:
    side = rows_of(scdl_csv.with_suffix(".matieres.csv"))
    refused = [s for s in side if s["statut"] == "refusée"]
    assert len(refused) == 28 and all(
        s["DELIB_ID"][:4] in ("2021", "2022", "2023") for s in refused
    )
    assert {s["motif"] for s in refused} == {
        "SIRET de la collectivité inconnu : ajoutez-le à config/bodies.toml"
    }
    assert not any(r["COLL_NOM"] == "Commune de Couthenans" for r in rows_of(scdl_csv))


def test_an_invalid_export_is_refused_with_row_and_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.scdl as scdl

    real = scdl.tally

    def cheat(item, roster):  # what the export did before: counts without the tally
        values, why = real(item, roster)
        return {**values, "VOTE_EFFECTIF": "18", "VOTE_REEL": "13"}, why

    monkeypatch.setattr(scdl, "tally", cheat)
    dest = tmp_path / "x.csv"
    res = CliRunner().invoke(scdl_cmd, ["--data", str(corpus_output()), "--output", str(dest)])
    assert res.exit_code == 1 and not dest.exists()
    assert "x.csv:2: erreur : ligne 2, VOTE_EFFECTIF [cohesive-columns-value]" in res.output
    assert "fichier non écrit" in res.output
    res = CliRunner().invoke(
        scdl_cmd, ["--data", str(corpus_output()), "--output", str(dest), "--allow-invalid"]
    )
    assert res.exit_code == 0 and dest.exists() and "avertissement" in res.output


def test_scdl_file_conventions(scdl_csv: Path) -> None:
    raw = scdl_csv.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8 without BOM
    raw.decode("utf-8")
    header = raw.split(b"\n", 1)[0].decode()
    assert header == ",".join(SCDL_FIELDS)


def test_each_deliberation_has_its_row(scdl_csv: Path) -> None:
    rows = {r["DELIB_ID"]: r for r in rows_of(scdl_csv) if r["DELIB_ID"].startswith("CS")}
    assert set(rows) == set(TITLES)
    for number, r in rows.items():
        assert r["DELIB_OBJET"] == TITLES[number]
        assert r["COLL_NOM"] == "Syndicat mixte Lot numérique"
        assert r["COLL_SIRET"] == "20006226300013"
        assert r["DELIB_DATE"] == ("2019-02-01" if number.startswith("CS2019") else "2022-06-29")
        # no extract prints a tally: never invented from "unanimité", and the printed
        # members and voters alone would break the schema's all-or-none rule
        assert {r[f] for f in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR")} == {""}
        assert r["DELIB_URL"] == ""
    stamped = {n: (r["PREF_ID"], r["PREF_DATE"]) for n, r in rows.items() if r["PREF_ID"]}
    assert stamped == {
        "CS2022/16": ("PREF046", "2022-07-19"),
        "CS2022/20": ("PREF046", "2022-07-19"),
    }
    # "Décision modificative 2022" names no budget: the year alone would break the schema
    assert (rows["CS2022/17"]["BUDGET_ANNEE"], rows["CS2022/17"]["BUDGET_NOM"]) == ("", "")


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
    assert set(TITLES) <= set(sidecar)
    # every code is a deduction from the title, and the sidecar says so
    assert sidecar["CS2022/17"]["matiere_origine"].startswith("déduite du titre (règle « budget »")
    assert "« convention »" in sidecar["CS2022/19"]["matiere_origine"]
    assert "exercice 2022 lu dans le titre, budget non nommé" in sidecar["CS2022/17"]["budget"]
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
    assert classify("Informations du maire") is None


def test_a_title_no_rule_fits_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.scdl as scdl

    monkeypatch.setattr(scdl, "classify", lambda title: None)
    export = build_scdl(corpus_output())
    assert export.rows == [] and export.violations == []
    motifs = {s["motif"] for s in export.refused}
    assert "aucune règle de matière ne s'applique au titre : à classer à la main" in " ; ".join(
        motifs
    )


# --------------------------------------------------------------------------- DECP

# What the contract itself gives and a deliberation never prints (a publisher's file).
COMPLEMENT = {
    "codeCPV": "32412100",
    "techniques": {"technique": ["Sans objet"]},
    "modalitesExecution": {"modaliteExecution": ["Sans objet"]},
    "marcheInnovant": False,
    "ccag": "Fournitures courantes et services",
    "offresRecues": 3,
    "attributionAvance": False,
    "typeGroupementOperateurs": "Pas de groupement",
    "lieuExecution": {"code": "46", "typeCode": "Code département"},
    "dateNotification": "2018-09-03",
    "datePublicationDonnees": "2018-09-10",
    "typesPrix": {"typePrix": ["Définitif ferme"]},
    "formePrix": "Forfaitaire",
    "sousTraitanceDeclaree": False,
    "titulaires": [{"titulaire": {"typeIdentifiant": "SIRET", "id": "20006226300013"}}],
    "considerationsSociales": {"considerationSociale": ["Pas de considération sociale"]},
    "considerationsEnvironnementales": {
        "considerationEnvironnementale": ["Pas de considération environnementale"]
    },
}


def corpus_decp(complements: dict | None = None):
    corpus = corpus_output()
    return build_decp(
        read_table(corpus, "contracts"),
        read_table(corpus, "deliberations"),
        read_table(corpus, "sessions"),
        complements,
    )


def test_decp_refuses_what_the_document_does_not_give() -> None:
    export = corpus_decp()
    assert export.records == []
    by_id = {s["id"]: s for s in export.sidecar}
    # the three marchés of the corpus; the 98 lettres de commande, conventions … are not DECP
    assert len(by_id) == 3 and export.skipped == len(read_table(corpus_output(), "contracts")) - 3
    motif = by_id["2018LN001"]["motif"]
    assert motif.startswith("champs obligatoires absents : codeCPV, techniques")
    assert "dateNotification" in motif and "titulaires" in motif
    assert "montant" not in motif and "procedure" not in motif  # both printed


def test_decp_with_complements_validates_against_the_official_schema() -> None:
    export = corpus_decp({"2018LN001": COMPLEMENT})
    (record,) = export.records
    assert validate_document(export.payload()) == []
    # from the document: HT amount (never the TTC 360 280,51), procedure, "4 ans"
    assert record["montant"] == 300233.76
    assert record["procedure"] == "Appel d'offres ouvert"
    assert record["dureeMois"] == 48
    assert record["acheteur"] == {"id": "20006226300013"}
    assert "source" not in record and None not in record.values()
    assert [s["statut"] for s in export.sidecar].count("exporté") == 1


def test_a_complement_never_overrides_the_document() -> None:
    export = corpus_decp({"2018LN001": {**COMPLEMENT, "montant": 1.0}})
    assert export.records[0]["montant"] == 300233.76


def test_problems_name_nulls_and_values_out_of_the_list() -> None:
    record = {**COMPLEMENT, "id": "X1", "acheteur": {"id": "20006226300013"}, "nature": "Marché"}
    record |= {"objet": "o", "montant": 10, "dureeMois": 1, "procedure": "appel d'offres"}
    found = problems(record | {"dureeMois": None})
    assert any(p.startswith("dureeMois : None is not of type 'integer'") for p in found)
    assert any("procedure" in p for p in found)
    assert problems(record | {"procedure": "Procédure adaptée"}) == []
    assert any(
        "source" in p for p in problems(record | {"procedure": "Procédure adaptée", "source": {}})
    )


def test_decp_command_writes_valid_json(tmp_path: Path) -> None:
    extra = tmp_path / "complements.json"
    extra.write_text(json.dumps({"2018LN001": COMPLEMENT}), encoding="utf-8")
    dest = tmp_path / "decp.json"
    args = ["--data", str(corpus_output()), "--output", str(dest), "--complements", str(extra)]
    res = CliRunner().invoke(decp_cmd, args)
    assert res.exit_code == 0, res.output
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert validate_document(data) == []
    assert [m["id"] for m in data["marches"]["marche"]] == ["2018LN001"]
    assert "1 marché exporté, 2 refusés" in res.output


def test_an_empty_decp_export_is_an_error(tmp_path: Path) -> None:
    dest = tmp_path / "decp.json"
    res = CliRunner().invoke(decp_cmd, ["--data", str(corpus_output()), "--output", str(dest)])
    assert res.exit_code == 1 and not dest.exists()
    assert "aucun marché exportable" in res.output
    side = rows_of(dest.with_suffix(".contrats.csv"))
    assert {s["statut"] for s in side} == {"refusé"}


def test_decp_says_clearly_when_contracts_do_not_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pipeline.export as export

    def missing(out_dir: Path, name: str) -> pa.Table:
        raise KeyError(name)  # what an output of a version without the money stage gives

    monkeypatch.setattr(export, "read_table", missing)
    res = CliRunner().invoke(decp_cmd, ["--data", str(corpus_output())])
    assert res.exit_code == 1
    assert "« contracts » n'existe pas encore" in res.output


def test_duration_months() -> None:
    assert duration_months("trente-six (36) mois") == 36
    assert duration_months("12 mois") == 12
    assert duration_months("4 ans") == 48
    assert duration_months("jusqu'au 31 décembre") is None

"""The ingest pipeline end to end: tables, provenance, determinism, bad input, CLI."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from parsers.load import load
from pipeline.cli import main
from pipeline.ingest import ingest
from pipeline.store import read_table, table_files, table_glob
from schemas.tables import TABLES
from tests.conftest import RAW, REGISTER_2019, REGISTER_2022


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    results = ingest([RAW], out)
    assert all(r.ok for r in results), [r.document for r in results if not r.ok]
    return out


def read(out: Path, name: str) -> list[dict]:
    return read_table(out, name).to_pylist()


def test_every_table_written_with_its_schema(corpus_run: Path) -> None:
    for name, table in TABLES.items():
        files = table_files(corpus_run, name)
        assert files, name
        for f in files:
            stored = pq.read_schema(f).remove_metadata()
            assert stored.equals(table.schema.remove_metadata()), (name, f)
    assert (corpus_run / "manifest.json").exists()


def test_tables_read_as_one_dataset(corpus_run: Path) -> None:
    import duckdb
    import pandas as pd

    frame = pd.read_parquet(corpus_run / "deliberations.parquet")
    assert len(frame) == 19
    glob = str(table_glob(corpus_run, "attendees"))
    ((count,),) = duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()
    assert count == len(read(corpus_run, "attendees"))


def test_documents_table(corpus_run: Path) -> None:
    docs = {Path(d["source_path"]).name: d for d in read(corpus_run, "documents")}
    assert len(docs) == 8
    assert {n: d["kind"] for n, d in docs.items()} == {
        "agglomeration_strategie-numerique.txt": "other",
        "couthenans_cm_2021-09-17.pdf": "minutes",
        "couthenans_cm_2022-10-28.pdf": "minutes",
        "couthenans_cm_2023-02-24.pdf": "minutes",
        "lot-numerique_comite-syndical_2019-02-01.txt": "register",
        "lot-numerique_comite-syndical_2022-06-29.txt": "register",
        "lot-numerique_feuille-de-route-2024-2027.txt": "other",
        "lot_politique-usages-tic_presentation.txt": "other",
    }
    assert all(d["status"] == "ok" for d in docs.values())
    for name in (
        "agglomeration_strategie-numerique.txt",
        "lot_politique-usages-tic_presentation.txt",
    ):
        assert docs[name]["sessions"] == 0 and docs[name]["deliberations"] == 0
    assert docs["couthenans_cm_2022-10-28.pdf"]["page_count"] == 4


def test_nineteen_deliberations_and_two_annexed_minutes(corpus_run: Path) -> None:
    numbers = [d["number"] for d in read(corpus_run, "deliberations")]
    assert numbers == [f"CS2019/{n:02d}" for n in range(1, 14)] + [
        f"CS2022/{n}" for n in range(16, 22)
    ]
    minutes = [s for s in read(corpus_run, "sessions") if s["parent_deliberation_id"]]
    assert sorted(s["date"].isoformat() for s in minutes) == ["2018-07-19", "2022-03-17"]
    delib_ids = {d["deliberation_id"]: d["number"] for d in read(corpus_run, "deliberations")}
    assert sorted(delib_ids[s["parent_deliberation_id"]] for s in minutes) == [
        "CS2019/01",
        "CS2022/16",
    ]


def test_one_vote_row_per_deliberation_null_when_not_printed(corpus_run: Path) -> None:
    votes = [v for v in read(corpus_run, "votes") if v["deliberation_id"]]
    assert len(votes) == 19
    # none of the 19 extracts prints a vote sentence (they are in the annexed minutes)
    assert all(v["outcome"] is None and v["unanimous"] is None for v in votes)
    findings = [f for f in read(corpus_run, "findings") if f["rule"] == "deliberation.no_decision"]
    assert len(findings) == 19


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("’", "'")
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"\s+", " ", text)


def test_provenance_points_at_the_evidence(corpus_run: Path) -> None:
    """Original text at [char_start, char_end) holds what the row says."""
    originals = {}
    for d in read(corpus_run, "documents"):
        originals[d["document_id"]] = load(d["source_path"]).text
    for a in read(corpus_run, "attendees"):
        evidence = _fold(originals[a["document_id"]][a["char_start"] : a["char_end"]])
        family = a["family_name"] or a["given_name"]
        assert family.casefold() in evidence.casefold(), (a["name"], evidence)
    for p in read(corpus_run, "proxies"):
        evidence = _fold(originals[p["document_id"]][p["char_start"] : p["char_end"]]).casefold()
        assert p["giver"].split()[-1].casefold() in evidence, (p, evidence)
    for v in read(corpus_run, "votes"):
        if v["outcome"] is None:
            continue
        evidence = _fold(originals[v["document_id"]][v["char_start"] : v["char_end"]])
        assert re.search(r"(?i)unanimit|pour|contre|abstention", evidence), evidence
        assert v["page"] is not None and v["page"] >= 1


def test_rerun_is_byte_identical(corpus_run: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    ingest([RAW], again)
    for name in TABLES:
        a = {f.relative_to(corpus_run): f.read_bytes() for f in table_files(corpus_run, name)}
        b = {f.relative_to(again): f.read_bytes() for f in table_files(again, name)}
        assert a == b, name


def test_bad_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REGISTER_2022, src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\n%%garbage")
    (src / "copy.txt").write_bytes(REGISTER_2022.read_bytes())
    out = tmp_path / "out"
    results = ingest([src], out)
    status = {Path(r.document["source_path"]).name: r.document["status"] for r in results}
    assert status == {
        "broken.pdf": "error",
        "copy.txt": "ok",
        "empty.txt": "empty",
        "good.txt": "duplicate",
        "junk.txt": "error",
    }
    docs = read(out, "documents")
    assert all(d["error"] for d in docs if d["status"] not in ("ok",))
    # the good register's records are all there, once
    assert len(read(out, "deliberations")) == 6


def test_cli_ingest_and_check_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REGISTER_2019, src)
    out = tmp_path / "out"
    result = runner.invoke(main, ["ingest", str(src), "--data", str(out)])
    assert result.exit_code == 0, result.output
    assert "lot-numerique_comite-syndical_2019-02-01.txt" in result.output
    assert "13 délibérations" in result.output
    # the sample register is consistent: no error finding, but 13 info findings
    assert runner.invoke(main, ["check", "--data", str(out)]).exit_code == 0
    assert runner.invoke(main, ["check", "--data", str(out), "--fail-on", "info"]).exit_code == 1
    (src / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["ingest", str(src), "--data", str(out), "--quiet"])
    assert result.exit_code == 1
    assert runner.invoke(main, ["check", "--data", str(tmp_path / "nowhere")]).exit_code == 2


def test_help_teaches() -> None:
    result = CliRunner().invoke(main, ["ingest", "--help"])
    assert result.exit_code == 0
    assert "documents.parquet" in result.output and "status" in result.output


# --- bodies named by the registry, for documents that print no name -----------------


def _organisations(path: Path) -> set[tuple[str | None, str | None]]:
    from pipeline.document import process_document

    result = process_document(path)
    return {(s["organisation"], s["organisation_source"]) for s in result.rows.tables["sessions"]}


def test_minutes_without_a_printed_name_are_named_by_the_registry(tmp_path: Path) -> None:
    from pipeline.bodies import Body, Registry, use_registry
    from tests.conftest import COUTHENANS

    # the shipped registry: the Couthenans comptes rendus print "CR du conseil municipal"
    # and no commune name (read by hand), so the name comes from their file name
    assert _organisations(COUTHENANS[0]) == {("Commune de Couthenans", "registry")}
    # without a registry entry nothing is filled in
    with use_registry(Registry()):
        assert _organisations(COUTHENANS[0]) == {(None, None)}
    # a printed name always wins over a file-name pattern
    other = Body("Commune X", "commune", files=("lot-numerique_*",))
    with use_registry(Registry((other,))):
        assert _organisations(REGISTER_2022) == {("Syndicat mixte Lot numérique", "document")}


def test_registry_file_patterns() -> None:
    from pipeline.bodies import Body, Registry

    a = Body("Commune A", "commune", files=("commune-a_*.pdf",))
    b = Body("Commune B", "commune", files=("*_b.pdf", "B-*"))
    reg = Registry((a, b))
    assert reg.by_file("Commune-A_CM_2021.PDF") is a  # case-insensitive
    assert reg.by_file("b-2020.txt") is b
    assert reg.by_file("other.pdf") is None
    assert reg.by_file("commune-a_x_b.pdf") is None  # two bodies match: neither is chosen

"""The same document under other bytes is read once: the second file is a duplicate.

A register saved again in another encoding (cp1252 here) has other bytes, hence another
document id, but the same text: its normalised text's fingerprint (letters and digits,
case-folded) is the same, so its records are kept once and the file is recorded as a
``duplicate`` of the first, naming it. The exports then hold each deliberation once.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.document import text_fingerprint
from pipeline.ingest import ingest
from pipeline.store import read_table
from tests.conftest import ROOT

REGISTER = ROOT / "data" / "raw" / "lot-numerique_comite-syndical_2022-06-29.txt"


def test_fingerprint_ignores_case_spacing_and_punctuation() -> None:
    assert text_fingerprint("Présents : 8\n(8 titulaires)") == text_fingerprint(
        "présents 8 8 TITULAIRES"
    )
    assert text_fingerprint("Présents : 8") != text_fingerprint("Présents : 9")


def test_same_register_in_two_encodings_is_read_once(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = REGISTER.read_text(encoding="utf-8")
    (src / "a_utf8.txt").write_text(text, encoding="utf-8")
    # what cp1252 cannot hold (the "▪" bullets) is lost, as in a real re-encoded copy
    (src / "b_cp1252.txt").write_bytes(text.encode("cp1252", errors="replace"))
    once = tmp_path / "once"
    ingest([REGISTER], once)
    twice = tmp_path / "twice"
    ingest([src], twice)

    docs = sorted(read_table(twice, "documents").to_pylist(), key=lambda d: d["source_path"])
    assert [d["status"] for d in docs] == ["ok", "duplicate"]
    assert docs[0]["document_id"] != docs[1]["document_id"]  # other bytes
    assert docs[0]["fingerprint"] == docs[1]["fingerprint"]
    assert "même texte que" in docs[1]["error"] and "a_utf8.txt" in docs[1]["error"]
    for table in ("deliberations", "votes", "attendees", "amounts"):
        assert read_table(twice, table).num_rows == read_table(once, table).num_rows, table
    numbers = [d["number"] for d in read_table(twice, "deliberations").to_pylist()]
    assert len(numbers) == len(set(numbers)) == 6


def test_same_deliberations_in_two_different_documents_are_said_and_exported_once(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main
    from pipeline.scdl import build_scdl

    src = tmp_path / "in"
    src.mkdir()
    text = REGISTER.read_text(encoding="utf-8")
    (src / "a.txt").write_text(text, encoding="utf-8")
    # another version of the register: one more paragraph, so another text
    (src / "b.txt").write_text(text + "\nVersion corrigée le 1er juillet 2022.\n", "utf-8")
    out = tmp_path / "out"
    ingest([src], out)
    statuses = {d["status"] for d in read_table(out, "documents").to_pylist()}
    assert statuses == {"ok"}  # two documents, each read
    res = CliRunner().invoke(main, ["check", "--data", str(out)])
    repeated = [line for line in res.stdout.splitlines() if line.startswith("Doublon")]
    assert len(repeated) == 6  # CS2022/16 … CS2022/21
    assert "CS2022/16 du 2022-06-29 figure dans 2 documents : a.txt, b.txt" in repeated[0]
    export = build_scdl(out)
    ids = [(r["DELIB_ID"], r["DELIB_DATE"]) for r in export.rows]
    assert len(ids) == len(set(ids))
    assert any(s["motif"].startswith("doublon de") for s in export.sidecar)

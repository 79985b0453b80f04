"""Bad inputs in one batch: each file ends with a status and a message, the batch goes on.

Every case is a real file of its kind (rendered or written here), ingested together with
a good register through the real pipeline; the exit code of `delib ingest` says that
some file failed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import ocr as ocr_module
from pipeline.cli import main
from pipeline.document import DocumentResult, process_document
from pipeline.ingest import ingest
from pipeline.store import read_table
from tests.conftest import COUTHENANS, RAW, REGISTER_2019, REGISTER_2022
from tests.pdf_render import (
    render_register_pdf,
    write_corrupt_pdf,
    write_encrypted_pdf,
    write_image_only_pdf,
    write_truncated_pdf,
)

# Repetitions of the 2019 register (115 rendered pages each) for the long-PDF case.
# The 2 000-page document is measured in `make bench` (bench/run.py), not here: the
# money-relation stage is currently super-linear in a document's length (see
# docs/performance.md, "End-to-end ingest").
LONG_REPEATS = 17  # the 2019 register renders to 115 pages: a ~2 000-page PDF


def cut_absent_list(text: str) -> str:
    """The 2022 register with the last line of the first "Etaient absents" list lost."""
    start = text.index("Pour les communautés de communes : M. Jérôme BONAFOUS")
    resume = text.index("Nombre de délégués")
    return text[:start] + text[resume:]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, DocumentResult]]:
    src = tmp_path_factory.mktemp("bad")
    shutil.copy(REGISTER_2019, src / "good.txt")
    write_corrupt_pdf(src / "corrupt.pdf")
    write_truncated_pdf(COUTHENANS[0], src / "truncated.pdf")
    write_encrypted_pdf(src / "encrypted.pdf", user_password="secret")
    write_image_only_pdf(src / "scanned.pdf", pages=2)
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 64)
    text_2022 = REGISTER_2022.read_text(encoding="utf-8")
    # cp1252 lacks a few symbols of the file (▪ bullets): those become "?", as a
    # Windows editor saving it would do
    (src / "windows-1252.txt").write_bytes(text_2022.encode("cp1252", errors="replace"))
    shutil.copy(RAW / "lot_politique-usages-tic_presentation.txt", src / "not-a-register.txt")
    (src / "cut-attendance.txt").write_text(cut_absent_list(text_2022), encoding="utf-8")
    render_register_pdf(REGISTER_2019.read_text(encoding="utf-8") * LONG_REPEATS, src / "long.pdf")
    out = src.parent / f"{src.name}-out"
    # Two workers: the bad files go through the process pool, as in an archive run
    # (tests/test_bad_input.py reads each kind of file in-process).
    report = ingest([src], out, workers=2)
    assert len(report.worker_peak_rss) == 2
    return out, {Path(r.document["source_path"]).name: r for r in report}


def status(batch: tuple[Path, dict[str, DocumentResult]], name: str) -> tuple[str, str]:
    r = batch[1][name]
    return r.document["status"], r.document["error"] or ""


def test_every_file_has_a_row_and_the_good_one_is_read(batch) -> None:
    out, results = batch
    assert len(results) == 11
    docs = read_table(out, "documents").to_pylist()
    assert len(docs) == 11
    for d in docs:
        assert d["status"] == "ok" or d["error"], d  # a message for every failure
    assert results["good.txt"].document["deliberations"] == 13


@pytest.mark.parametrize(
    ("name", "expected", "phrase"),
    [
        ("corrupt.pdf", "error", "endommagé"),
        ("truncated.pdf", "error", "tronqué"),
        ("encrypted.pdf", "encrypted", "mot de passe"),
        ("scanned.pdf", "needs_ocr", "pas de couche texte"),
        ("empty.txt", "empty", "vide"),
        ("junk.txt", "error", "binaire"),
    ],
)
def test_unreadable_files(batch, name: str, expected: str, phrase: str) -> None:
    got, message = status(batch, name)
    assert got == expected
    assert phrase in message


def test_scanned_pdf_message_points_to_ocr(batch) -> None:
    assert "--ocr" in status(batch, "scanned.pdf")[1]


def test_cp1252_register_reads_like_the_utf8_one(batch) -> None:
    r = batch[1]["windows-1252.txt"]
    assert r.document["status"] == "ok" and r.document["encoding"] == "cp1252"
    assert r.document["deliberations"] == 6 and r.document["kind"] == "register"


def test_not_a_register_is_read_as_other(batch) -> None:
    r = batch[1]["not-a-register.txt"]
    assert r.document["status"] == "ok" and r.document["kind"] == "other"
    assert r.document["sessions"] == 0 and r.document["deliberations"] == 0


def test_long_pdf_is_read_whole(batch) -> None:
    r = batch[1]["long.pdf"]
    assert r.document["status"] == "ok"
    assert r.document["page_count"] > 1900
    # 13 extracts per copy; repeated numbers are kept apart, none lost
    assert r.document["deliberations"] == 13 * LONG_REPEATS


def test_long_pdf_stays_well_under_a_gibibyte_per_worker(batch) -> None:
    out, _ = batch
    log = next((out / "logs").glob("ingest-*.log")).read_text(encoding="utf-8")
    rss = [int(m) for m in re.findall(r"\d+: (\d+)", log.split("RSS MiB", 1)[1])]
    assert len(rss) == 2 and max(rss) < 1024, rss


def test_cut_attendance_block_keeps_what_was_read_and_says_what_is_missing(batch) -> None:
    out, results = batch
    doc_id = results["cut-attendance.txt"].document["document_id"]
    text = cut_absent_list(REGISTER_2022.read_text(encoding="utf-8"))
    first = next(
        d
        for d in read_table(out, "deliberations").to_pylist()
        if d["document_id"] == doc_id and d["number"] == "CS2022/16"
    )
    # the printed counts are kept as printed
    assert (first["present"], first["proxies"], first["absent"], first["voters"]) == (8, 3, 7, 11)
    rows = [
        a
        for a in read_table(out, "attendees").to_pylist()
        if a["deliberation_id"] == first["deliberation_id"]
    ]
    absent = sorted(a["name"] for a in rows if a["status"] == "absent")
    assert absent == ["Frédéric DECREMPS", "Pascal LEWICKI"]  # as far as the list goes
    for a in rows:  # nothing invented: every name is in the text
        assert re.search(re.escape(a["family_name"]), text), a
    findings = [
        f
        for f in read_table(out, "findings").to_pylist()
        if f["deliberation_id"] == first["deliberation_id"] and f["severity"] == "error"
    ]
    assert any(
        f["rule"] == "counts.listed_absent" and "7" in f["message"] and "2" in f["message"]
        for f in findings
    ), findings


def test_register_ending_inside_the_absent_list_invents_nothing(tmp_path: Path) -> None:
    text = REGISTER_2022.read_text(encoding="utf-8")
    cut = text.index("Pour le Département du Lot : M. Pascal LEWICKI") + 47
    path = tmp_path / "ends-mid-list.txt"
    path.write_text(text[:cut], encoding="utf-8")
    r = process_document(path)
    assert r.document["status"] == "ok"
    (d,) = r.rows.tables["deliberations"]
    # no count is printed before the cut: none is reported
    assert all(d[c] is None for c in ("present", "proxies", "absent", "voters"))
    for a in r.rows.tables["attendees"]:
        assert a["family_name"] in text[:cut]


def test_register_ending_inside_the_absent_list_says_so(tmp_path: Path) -> None:
    text = REGISTER_2022.read_text(encoding="utf-8")
    cut = text.index("Pour le Département du Lot : M. Pascal LEWICKI") + 47
    path = tmp_path / "ends-mid-list.txt"
    path.write_text(text[:cut], encoding="utf-8")
    r = process_document(path)
    names = {a["name"] for a in r.rows.tables["attendees"]}
    assert "André MELLINGER" in names and "Pascal LEWICKI" in names
    assert any(f["severity"] in ("error", "warning") for f in r.rows.tables["findings"])
    assert any(f["rule"] == "counts.missing" for f in r.rows.tables["findings"])
    # the cut list ends at LEWICKI: nobody after him is invented
    assert "Frédéric DECREMPS" not in names


def test_cli_exit_code_says_some_file_failed(batch, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(REGISTER_2022, src / "good.txt")
    write_corrupt_pdf(src / "corrupt.pdf")
    runner = CliRunner()
    out = tmp_path / "out"
    failed = runner.invoke(main, ["ingest", str(src), "--data", str(out), "-j", "1"])
    assert failed.exit_code == 1
    assert "ERROR" in failed.output and "endommagé" in failed.output
    (src / "corrupt.pdf").unlink()
    ok = runner.invoke(main, ["ingest", str(src), "--data", str(out), "-j", "1", "--prune"])
    assert ok.exit_code == 0, ok.output


# --- OCR ------------------------------------------------------------------------------


def test_ocr_unavailable_is_said_and_status_stays_needs_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    ocr_module.ocr_unavailable_reason.cache_clear()
    try:
        path = tmp_path / "scan.pdf"
        write_image_only_pdf(path, pages=1)
        r = process_document(path, ocr=True)
        assert r.document["status"] == "needs_ocr"
        assert "OCR indisponible" in r.document["error"]
        assert "tesseract-ocr-fra" in r.document["error"]
        result = CliRunner().invoke(
            main, ["ingest", str(path), "--data", str(tmp_path / "out"), "--ocr", "-j", "1"]
        )
        assert result.exit_code == 1
        assert "OCR indisponible" in result.output
    finally:
        ocr_module.ocr_unavailable_reason.cache_clear()


def test_ocr_option_reprocesses_a_scanned_file(tmp_path: Path, monkeypatch) -> None:
    """Turning --ocr on re-reads scanned files only; the others stay skipped."""
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    ocr_module.ocr_unavailable_reason.cache_clear()
    try:
        src = tmp_path / "in"
        src.mkdir()
        write_image_only_pdf(src / "scan.pdf", pages=1)
        shutil.copy(REGISTER_2022, src / "good.txt")
        out = tmp_path / "out"
        ingest([src], out)
        again = ingest([src], out, ocr=True)
        assert again.processed == 1
        assert {Path(r.document["source_path"]).name: r.skipped for r in again} == {
            "good.txt": True,
            "scan.pdf": False,
        }
    finally:
        ocr_module.ocr_unavailable_reason.cache_clear()


def _scanned_register(path: Path, tmp_path: Path) -> None:
    """A one-page image-only PDF showing real register text (what a scanner makes)."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    typed = tmp_path / "typed.pdf"
    render_register_pdf(REGISTER_2022.read_text(encoding="utf-8")[:1500], typed)
    pdf = pdfium.PdfDocument(str(typed))
    image = pdf[0].render(scale=200 / 72).to_pil()
    pdf.close()
    png = tmp_path / "page.png"
    image.save(png)
    canv = canvas.Canvas(str(path), pagesize=A4)
    canv.drawImage(ImageReader(str(png)), 0, 0, width=A4[0], height=A4[1])
    canv.showPage()
    canv.save()


@pytest.mark.skipif(
    ocr_module.ocr_unavailable_reason() is not None,
    reason="Tesseract with French data is not installed (apt-get install tesseract-ocr-fra)",
)
def test_ocr_reads_a_scanned_register(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    _scanned_register(path, tmp_path)
    assert process_document(path).document["status"] == "needs_ocr"
    before = path.read_bytes()
    r = process_document(path, ocr=True)
    assert path.read_bytes() == before  # the source is never modified
    assert r.document["status"] == "ok", r.document
    assert r.document["kind"] == "register"
    (d,) = r.rows.tables["deliberations"]
    assert d["number"] == "CS2022/16"
    assert d["page_start"] == 1  # provenance points into the OCR text

"""Inputs the loader must refuse clearly (or, for cp1252 text, read correctly)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parsers.load import LoadError, load
from tests.pdf_render import (
    render_register_pdf,
    write_blank_pdf,
    write_corrupt_pdf,
    write_encrypted_pdf,
    write_image_only_pdf,
    write_truncated_pdf,
)

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
ENGINES = ["pypdfium2", "pdfplumber"]


def load_error(path: Path, engine: str = "pypdfium2") -> LoadError:
    with pytest.raises(LoadError) as info:
        load(path, engine=engine)  # type: ignore[arg-type]
    err = info.value
    assert err.message and err.message in str(err)  # a sentence for a person
    assert str(err).startswith(f"{err.status}: ")
    return err


@pytest.mark.parametrize("engine", ENGINES)
def test_corrupt_pdf(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "corrupt.pdf"
    write_corrupt_pdf(path)
    err = load_error(path, engine)
    assert err.status == "error"
    assert "endommag" in err.message


@pytest.mark.parametrize("engine", ENGINES)
def test_truncated_pdf(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "half.pdf"
    write_truncated_pdf(RAW / "couthenans_cm_2021-09-17.pdf", path)
    err = load_error(path, engine)
    assert err.status == "error"
    assert "tronqué" in err.message


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    path = tmp_path / "page.pdf"
    path.write_text("<html><body>Erreur 404</body></html>", encoding="utf-8")
    err = load_error(path)
    assert err.status == "error"
    assert "n'est pas un PDF" in err.message


@pytest.mark.parametrize("engine", ENGINES)
def test_encrypted_pdf(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "locked.pdf"
    write_encrypted_pdf(path, user_password="secret")
    err = load_error(path, engine)
    assert err.status == "encrypted"
    assert "mot de passe" in err.message


@pytest.mark.parametrize("engine", ENGINES)
def test_owner_password_only_pdf_loads(tmp_path: Path, engine: str) -> None:
    # Copy restrictions without a password to open: readers (and delib) open it.
    path = tmp_path / "restricted.pdf"
    write_encrypted_pdf(path, user_password="")
    doc = load(path, engine=engine)  # type: ignore[arg-type]
    assert "Délibération n° CS2019/01" in doc.text


@pytest.mark.parametrize("engine", ENGINES)
def test_image_only_pdf_needs_ocr(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "scan.pdf"
    write_image_only_pdf(path, pages=3)
    err = load_error(path, engine)
    assert err.status == "needs_ocr"
    assert "pas de couche texte" in err.message
    assert "3 pages sur 3" in err.message


@pytest.mark.parametrize("suffix", [".pdf", ".txt"])
def test_zero_byte_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"nothing{suffix}"
    path.write_bytes(b"")
    assert load_error(path).status == "empty"


def test_blank_text_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\r\n  \n", encoding="utf-8")
    assert load_error(path).status == "empty"


@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_with_blank_pages(tmp_path: Path, engine: str) -> None:
    path = tmp_path / "blank.pdf"
    write_blank_pdf(path, pages=2)
    err = load_error(path, engine)
    assert err.status == "empty"


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(4096) + b"\x00")
    err = load_error(path)
    assert err.status == "error"
    assert "binaire" in err.message


def test_control_characters_without_nul(tmp_path: Path) -> None:
    path = tmp_path / "ctrl.txt"
    path.write_bytes(bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 20)
    err = load_error(path)
    assert err.status == "error"
    assert "ne ressemble pas à du texte" in err.message


def test_pdf_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "register.txt"
    path.write_bytes((RAW / "couthenans_cm_2021-09-17.pdf").read_bytes())
    err = load_error(path)
    assert err.status == "error"
    assert "renommez-le en .pdf" in err.message


def test_cp1252_text_is_read_not_refused(tmp_path: Path) -> None:
    text = "Délibération n° 3 : l’indemnité s’élève à 1 500 € — œuvre «\u00a0Lot\u00a0»\r\n"
    path = tmp_path / "windows.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = load(path)
    assert doc.encoding == "cp1252"
    assert doc.text == text


def test_unsupported_type(tmp_path: Path) -> None:
    # .docx is read since issue 12 (parsers/readers/office.py); Word 97-2003 is not
    path = tmp_path / "register.doc"
    path.write_bytes(b"PK\x03\x04 not really a docx")
    err = load_error(path)
    assert err.status == "unsupported"
    assert ".docx" in err.message


def test_missing_file(tmp_path: Path) -> None:
    err = load_error(tmp_path / "absent.pdf")
    assert err.status == "error"
    assert "introuvable" in err.message


def test_mostly_scanned_pdf_needs_ocr(tmp_path: Path) -> None:
    # A typed cover page in front of a scanned register: loading would lose the rest.
    path = tmp_path / "cover_then_scans.pdf"
    write_image_only_pdf(path, pages=3, text_pages=1)
    err = load_error(path)
    assert err.status == "needs_ocr"
    assert "3 pages sur 4" in err.message


def test_few_scanned_pages_still_load(tmp_path: Path) -> None:
    path = tmp_path / "mostly_text.pdf"
    write_image_only_pdf(path, pages=1, text_pages=3)
    doc = load(path)
    assert len(doc.pages) == 4
    last = doc.pages[-1]
    assert doc.text[last.start : last.end] == "\f"


def test_rendered_register_is_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "ok.pdf"
    render_register_pdf("Comité syndical du 1er février 2019\nVotants 13\n", path)
    assert "Votants 13" in load(path).text

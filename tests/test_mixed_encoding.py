"""A text file mixing UTF-8 and cp1252 lines is decoded line by line, and says so."""

from __future__ import annotations

from pathlib import Path

from parsers.load import load


def test_mixed_lines_are_each_decoded(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        "Séance du 12 mars 2024 — présents : Hélène DUPRÉ\n".encode()
        + "Délibération n° 2024-01 : Dépenses d’équipement, 1 000 €\n".encode("cp1252")
    )
    loaded = load(path)
    assert loaded.encoding == "utf-8+cp1252"
    assert "Hélène DUPRÉ" in loaded.text and "Dépenses d’équipement, 1 000 €" in loaded.text
    assert "Ã" not in loaded.text


def test_single_byte_file_stays_single_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    path.write_bytes("Délibération : dépenses d’équipement\n".encode("cp1252"))
    assert load(path).encoding == "cp1252"

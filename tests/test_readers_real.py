"""Real office files, as Word and LibreOffice wrote them (sources: fixtures/readers/SOURCES.md).

The equivalence tests (tests/test_readers.py) write their own DOCX and ODT; these two
come from a commune's site, with images, styles, tables, page breaks and words split
across runs. Neither is a deliberation: each must be read whole and classed ``other``,
with no finding. Expected values were read by hand from the files' XML.
"""

from __future__ import annotations

from pathlib import Path

from parsers.load import load
from pipeline.document import process_document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
DOCX = FIXTURES / "flaux-sirp_dossier-accueil_2020.docx"
ODT = FIXTURES / "flaux_mesures-couvre-feu_2021-01-04.odt"

# The ten decrees the ODT lists as amending the one of 29 October 2020, in order; the last
# but one is split across two spans in content.xml ("décret n°2020-" + "1691").
DECREES = (
    "1358 du 6 novembre",
    "1454 du 27 novembre",
    "1505 du 2 décembre",
    "1519 du 4 décembre",
    "1582 du 14 décembre",
    "1624 du 19 décembre",
    "1627 du 20 décembre",
    "1643 du 22 décembre",
    "2668 du 23 décembre",
    "1691 du 25 décembre",
)


def test_word_file_pages_and_text() -> None:
    doc = load(DOCX)
    assert doc.format == "docx"
    assert len(doc.pages) == 10  # 9 <w:br w:type="page"/> in word/document.xml
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    assert lines[0] == "S.I.R.P  La Capelle et Masmolène, Flaux, Saint Victor des Oules"
    assert lines[1:3] == ["1, place de Verdun", "30700 - La CAPELLE et MASMOLENE"]
    assert "Dossier d’accueil" in lines


def test_libreoffice_file_keeps_split_words_and_order() -> None:
    doc = load(ODT)
    assert doc.format == "odt"
    lines = [line.strip() for line in doc.text.splitlines() if line.strip()]
    assert lines[0] == "MESURES EN VIGUEUR A COMPTER DU MARDI 22 DECEMBRE 2020"
    listed = [line for line in lines if line.startswith("décret n°2020-")]
    assert [d.split("n°2020-")[1][: len(e)] for d, e in zip(listed, DECREES, strict=True)] == [
        *DECREES
    ]


def test_real_office_files_are_other_with_no_finding() -> None:
    for path in (DOCX, ODT):
        result = process_document(path)
        assert result.document["status"] == "ok", result.document["message"]
        assert result.document["kind"] == "other"
        assert result.rows.tables["findings"] == []

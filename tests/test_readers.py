"""The readers (parsers/readers/): the registry, and the same records from every kind.

An HTML page, a Word document and an OpenDocument text made from a corpus text, line by
line (tests/readers_make.py), must give the records the text file gives: the pipeline's
stages after the loader see the same normalised text. DOCX and ODT keep every space, so
their text is the file's exactly; HTML collapses spaces as a browser does, which the
normaliser does too, so its normalised text is the same.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from parsers.extract import extract_document
from parsers.furniture import find_furniture
from parsers.load import load
from parsers.normalize import normalize
from parsers.readers import BY_SUFFIX, FORMATS, READERS, SUFFIX_FORMATS
from parsers.records import ExtractedDocument, LoadedDocument
from pipeline.document import process_document
from pipeline.walk import SUPPORTED, walk
from tests import readers_make as make

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "readers"
DOCS = (
    "tests/corpus/holdout/eybens_extrait_2013-10-24.txt",
    "tests/corpus/fresh/clairoix_cm_2006-03-24.txt",
    "data/raw/lot-numerique_comite-syndical_2019-02-01.txt",
)
LAYOUTS = {
    "html_plain": (make.html_plain, ".html"),
    "html_varied": (make.html_varied, ".html"),
    "docx_plain": (make.docx_plain, ".docx"),
    "docx_varied": (make.docx_varied, ".docx"),
    "odt_plain": (make.odt_plain, ".odt"),
    "odt_varied": (make.odt_varied, ".odt"),
}
# What must differ between two files of the same content: who they are and how they
# were stored. Ids are derived from the document id, so they differ too.
_FILE_FIELDS = {"document_id", "source_path", "format", "encoding", "byte_size"}
_FILE_FIELDS |= {"pipeline_version"}
_WS_RE = re.compile(r"\s+")


# --- the registry -----------------------------------------------------------------


def test_every_suffix_has_one_reader() -> None:
    suffixes = [s for r in READERS for s in r.suffixes]
    assert len(suffixes) == len(set(suffixes))
    assert all(s == s.lower() and s.startswith(".") for s in suffixes)
    assert set(FORMATS) == {"pdf", "text", "html", "docx", "odt"}


def test_walk_and_loader_take_the_registry_suffixes(tmp_path: Path) -> None:
    assert SUPPORTED == SUFFIX_FORMATS == {s: r.format for s, r in BY_SUFFIX.items()}
    for suffix in [*SUFFIX_FORMATS, ".DOCX", ".doc", ".md"]:
        (tmp_path / f"file{suffix.replace('.', '_')}{suffix}").write_bytes(b"x")
    found, _ = walk([tmp_path])
    assert sorted(p.suffix.lower() for p in found) == sorted([*SUFFIX_FORMATS, ".docx"])


def test_unsupported_message_lists_every_kind(tmp_path: Path) -> None:
    from parsers.load import LoadError

    path = tmp_path / "minutes.rtf"
    path.write_bytes(b"{\\rtf1 x}")
    with pytest.raises(LoadError) as info:
        load(path)
    assert info.value.status == "unsupported" and "'.rtf'" in info.value.message
    assert all(s in info.value.message for s in SUFFIX_FORMATS)


def test_a_new_kind_is_one_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # what one more line in READERS does: the walk finds the files, load() reads them
    from parsers.readers import Reader
    from parsers.readers.base import text_content

    reader = Reader(
        "markdown",
        (".md",),
        "les textes Markdown",
        lambda p, d, e: text_content(d.decode().replace("# ", ""), "utf-8"),
    )
    monkeypatch.setitem(BY_SUFFIX, ".md", reader)
    monkeypatch.setitem(SUFFIX_FORMATS, ".md", "markdown")
    (tmp_path / "cr.md").write_text("# Séance du 3 mars\n")
    found, _ = walk([tmp_path])
    assert found == [tmp_path / "cr.md"]
    doc = load(found[0])
    assert (doc.format, doc.text, doc.encoding) == ("markdown", "Séance du 3 mars\n", "utf-8")


# --- the same records -------------------------------------------------------------


def _records(doc: LoadedDocument) -> tuple[str, ExtractedDocument]:
    """The normalised text and the records, by the stages ingest runs after load()."""
    furniture = find_furniture(doc.text, None if doc.pages_inferred else doc.pages)
    norm = normalize(doc.text, drop=furniture)
    return norm.text, extract_document(norm.text)


@cache
def _reference(name: str, tmp: Path) -> tuple[LoadedDocument, str, ExtractedDocument]:
    """The text path's reading of a corpus text. A paragraph always ends its line: for a
    file whose last line has no line break, the text path reads it with one."""
    path = ROOT / name
    text = load(path).text
    if not text.endswith("\n"):
        path = tmp / Path(name).name
        path.write_text(text + "\n", encoding="utf-8")
    doc = load(path)
    return (doc, *_records(doc))


@pytest.fixture(scope="module")
def reference_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reference")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", DOCS, ids=lambda n: Path(n).stem)
def test_same_records_as_the_text(
    name: str, layout: str, tmp_path: Path, reference_dir: Path
) -> None:
    text_doc, text_norm, text_records = _reference(name, reference_dir)
    write, suffix = LAYOUTS[layout]
    path = tmp_path / f"{Path(name).stem}{suffix}"
    path.write_bytes(write(text_doc.text))
    doc = load(path)
    assert doc.format == suffix[1:]
    if suffix != ".html":  # word processors keep every space and line
        assert doc.text == text_doc.text
    norm, records = _records(doc)
    assert norm == text_norm
    assert records == text_records
    assert records.sessions or records.deliberations  # something was read
    assert [(p.number) for p in doc.pages] == [p.number for p in text_doc.pages]


def _comparable(result: Any, html: bool) -> dict[str, Any]:
    """A document's row and rows without what must differ between two files; for HTML
    also without offsets into the original text and with spaces collapsed in excerpts
    (the page's text collapses them, the text file's keeps them)."""

    def clean(row: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in row.items():
            if key in _FILE_FIELDS or key.endswith("_id"):
                continue
            if html and key in ("char_start", "char_end"):
                continue
            if html and isinstance(value, str):
                value = _WS_RE.sub(" ", value).strip()
            out[key] = value
        return out

    tables = {name: [clean(r) for r in rows] for name, rows in result.rows.tables.items()}
    return {"document": clean(result.document), **tables}


@pytest.mark.parametrize("layout", ["html_varied", "docx_varied", "odt_plain"])
def test_same_rows_through_ingest(layout: str, tmp_path: Path) -> None:
    # the whole per-document pipeline, rows of every table, on a register with
    # attendance, proxies, votes and deliberations
    name = "tests/corpus/fresh/clairoix_cm_2006-03-24.txt"
    write, suffix = LAYOUTS[layout]
    path = tmp_path / f"clairoix{suffix}"
    path.write_bytes(write((ROOT / name).read_text(encoding="utf-8")))
    got = process_document(path)
    want = process_document(ROOT / name)
    assert got.document["status"] == "ok" and got.document["format"] == suffix[1:]
    assert _comparable(got, suffix == ".html") == _comparable(want, suffix == ".html")
    assert want.rows.tables["attendees"] and want.rows.tables["votes"]


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_documents_written_by_office_libraries(suffix: str) -> None:
    # written by python-docx and odfpy (tests/fixtures/readers/SOURCES.md), not by us
    text_doc = load(ROOT / DOCS[0])
    doc = load(FIXTURES / f"eybens_extrait_2013-10-24{suffix}")
    # odfpy writes a line's leading space as is, which ODF (and LibreOffice) do not show
    strip = suffix == ".odt"
    lines = [x.lstrip(" ") if strip else x for x in text_doc.text.split("\n")]
    assert doc.text.split("\n") == lines
    assert _records(doc) == _records(text_doc)


# --- the real page ----------------------------------------------------------------


def test_real_minutes_page() -> None:
    # Montolieu's minutes of 20 September 2003, exported by Word 9 for a Mac
    doc = load(FIXTURES / "montolieu_crcm200903.html")
    assert (doc.format, doc.encoding) == ("html", "mac-roman")
    lines = doc.text.split("\n")
    assert lines[0] == "P.V du Conseil Municipal du 20/09/2003"
    assert lines[1].startswith("L an deux mille trois et le vingt du mois de Septembre à 10 h")
    assert "Étaient présents : Mesdames CHOTARD, ETORÉ, LASSERRE, GOUZVINSKI." in lines
    assert "Messieurs DELPERIER, DRIEUX, LAPORTE, LAURET, OLIVIER, PARÉ, RICARD." in lines
    i = lines.index("Étaient absents excusés :")
    assert lines[i + 1 : i + 5] == [
        "Madame PUJADE, procuration à Monsieur LAURET.",
        "Mademoiselle SOULIÉ, procuration à Monsieur PARÉ.",
        "Monsieur LASSERRE, procuration à Madame LASSERRE.",
        "Monsieur SOLÉ, procuration à Madame ETORÉ.",
    ]
    # nothing of the head, the styles or Word's XML islands
    for junk in ("Don Diego", "font-family", "mso-", "Word.Document", "Retour"):
        assert junk not in doc.text
    assert doc.text.endswith(
        "Monsieur le Maire refuse en Conseil Municipal de donner les dates de ses absences.\n"
    )


def test_documents_format_description_names_every_format() -> None:
    # the data dictionary tells users what documents.format may hold
    from schemas.tables import DOCUMENTS

    column = next(c for c in DOCUMENTS.columns if c.name == "format")
    assert all(f"'{f}'" in column.description for f in FORMATS)

"""Loader: decoding text files, page tiling, footer-inferred pages, PDF text layers."""

from __future__ import annotations

import hashlib
import itertools
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.furniture import find_furniture
from parsers.load import load
from parsers.records import LoadedDocument, Page
from tests.pdf_render import render_register_pdf

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
REGISTER_2019 = RAW / "lot-numerique_comite-syndical_2019-02-01.txt"
REGISTER_2022 = RAW / "lot-numerique_comite-syndical_2022-06-29.txt"


def assert_tiles(doc: LoadedDocument) -> None:
    """Pages are numbered 1..n, contiguous, and cover exactly [0, len(text))."""
    pages: Sequence[Page] = doc.pages
    assert pages, "a document has at least one page"
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert pages[0].start == 0
    assert pages[-1].end == len(doc.text)
    for a, b in itertools.pairwise(pages):
        assert a.end == b.start
    assert all(p.start < p.end for p in pages)


# --- text files: decoding ---------------------------------------------------------


def test_utf8(tmp_path: Path) -> None:
    text = "Délibération n° CS2019/01 : l’adhésion coûte 1 200 €\nAdopté à l’unanimité.\n"
    path = tmp_path / "reg.txt"
    path.write_bytes(text.encode("utf-8"))
    doc = load(path)
    assert doc.text == text
    assert doc.encoding == "utf-8"
    assert doc.format == "text"
    assert doc.pages_inferred is True
    assert doc.byte_size == len(text.encode("utf-8"))
    assert doc.document_id == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert doc.source_path == str(path)
    assert_tiles(doc)


def test_source_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reg.txt").write_text("Comité syndical\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load("reg.txt").source_path == "reg.txt"


def test_utf8_bom_is_not_part_of_the_text(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Séance du 1er février\n".encode())
    doc = load(path)
    assert doc.text == "Séance du 1er février\n"
    assert doc.encoding == "utf-8-sig"


def test_cp1252_apostrophe_and_euro(tmp_path: Path) -> None:
    # "é" 0xE9, "’" 0x92, "€" 0x80: the last two exist only in Windows-1252.
    data = "Montant é’€ : l’opération coûte 300 €\n".encode("cp1252")
    assert b"\x92" in data and b"\x80" in data
    path = tmp_path / "win.txt"
    path.write_bytes(data)
    doc = load(path)
    assert doc.encoding == "cp1252"
    assert doc.text == "Montant é’€ : l’opération coûte 300 €\n"


def test_latin1_without_windows_characters(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Réunis à Cahors, séance levée à 12h.\n".encode("latin-1"))
    doc = load(path)
    assert doc.encoding == "latin-1"
    assert doc.text == "Réunis à Cahors, séance levée à 12h.\n"


def test_text_is_kept_exactly_crlf_included(tmp_path: Path) -> None:
    raw = "Ligne un\r\nLigne deux\r\n\r\n  indentée \t\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = load(path)
    assert doc.text == raw


def test_dot_text_suffix_and_upper_case(tmp_path: Path) -> None:
    path = tmp_path / "REG.TEXT"
    path.write_text("Comité syndical\n", encoding="utf-8")
    assert load(path).format == "text"


# --- text files: pages ------------------------------------------------------------


def test_form_feeds_make_the_pages(tmp_path: Path) -> None:
    raw = "page un\n\fpage deux\n\fpage trois"
    path = tmp_path / "ff.txt"
    path.write_text(raw, encoding="utf-8")
    doc = load(path)
    assert [doc.text[p.start : p.end] for p in doc.pages] == [
        "page un\n\f",
        "page deux\n\f",
        "page trois",
    ]
    assert_tiles(doc)


def test_no_footer_means_one_page(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Comité syndical du 1er février 2019\nVotants 13\n", encoding="utf-8")
    doc = load(path)
    assert doc.pages == (Page(1, 0, len(doc.text)),)


def test_footer_ends_a_page(tmp_path: Path) -> None:
    body = "texte de la page\n" * 3
    footer = "Délibération CS2019/02 - séance du 1er février 2019    4\n"
    raw = body + footer + body
    path = tmp_path / "f.txt"
    path.write_text(raw, encoding="utf-8")
    doc = load(path)
    assert [(p.start, p.end) for p in doc.pages] == [
        (0, len(body + footer)),
        (len(body + footer), len(raw)),
    ]


def test_footer_on_the_last_line_adds_no_empty_page(tmp_path: Path) -> None:
    raw = "texte\nDélibération CS2019/02 - séance du 1er février 2019    4\n"
    path = tmp_path / "f.txt"
    path.write_text(raw, encoding="utf-8")
    assert len(load(path).pages) == 1


def test_real_register_2019_pages_from_footers() -> None:
    # Counted by hand: `grep -nE "séance du.*[0-9][[:space:]]*$"` lists 8 lines; one is
    # the heading "Point n°1 - ... séance du 26 mars 2018" (ends with the year), the
    # other 7 are footers "Délibération CS2019/NN - séance du 1er février 2019  <page>"
    # (lines 736, 1488, 1664, 1925, 4382, 5579, 5654; `grep -c "^Délibération CS"` = 7).
    # 7 footers, text after the last one: 8 inferred pages.
    doc = load(REGISTER_2019)
    assert doc.encoding == "utf-8"
    assert doc.pages_inferred is True
    assert len(doc.pages) == 8
    assert_tiles(doc)
    for page in doc.pages[:-1]:
        last_line = doc.text[page.start : page.end].rstrip("\n").rsplit("\n", 1)[-1]
        assert last_line.startswith("Délibération CS2019/")
        assert "séance du 1er février 2019" in last_line


def test_real_register_2022_has_one_footer() -> None:
    # `grep -c "^Délibération CS"` = 1: "Délibération CS2022/17 - séance du 29 juin 2022    1"
    doc = load(REGISTER_2022)
    assert len(doc.pages) == 2
    assert_tiles(doc)


_TEXT_ALPHABET = st.sampled_from(
    [
        *"ab é’€\n\r\t\f0123456789/-",
        "Délibération CS2019/02 - séance du 1er février 2019    4\n",
        "Page 3\n",
        "Votants 13\n",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_TEXT_ALPHABET, min_size=1, max_size=200).map("".join))
def test_text_pages_always_tile(text: str) -> None:
    if not text.strip():
        return  # blank files are rejected, tested in test_bad_input
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gen.txt"
        path.write_bytes(text.encode("utf-8"))
        doc = load(path)
    assert doc.text == text
    assert_tiles(doc)


# --- PDF --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n_pages"),
    [
        ("couthenans_cm_2021-09-17.pdf", 3),
        ("couthenans_cm_2022-10-28.pdf", 4),
        ("couthenans_cm_2023-02-24.pdf", 3),
    ],
)
@pytest.mark.parametrize("engine", ["pypdfium2", "pdfplumber"])
def test_real_pdfs_page_counts(name: str, n_pages: int, engine: str) -> None:
    doc = load(RAW / name, engine=engine)  # type: ignore[arg-type]
    assert doc.format == "pdf"
    assert doc.encoding is None
    assert doc.pages_inferred is False
    assert len(doc.pages) == n_pages
    assert doc.text.count("\f") == n_pages
    assert_tiles(doc)
    for page in doc.pages:  # each page's range ends with its form feed
        assert doc.text[page.end - 1] == "\f"
        assert "\f" not in doc.text[page.start : page.end - 1]
    assert "\r" not in doc.text
    assert doc.byte_size == (RAW / name).stat().st_size
    assert doc.document_id == hashlib.sha256((RAW / name).read_bytes()).hexdigest()


def test_real_pdf_known_phrases() -> None:
    doc = load(RAW / "couthenans_cm_2021-09-17.pdf")
    assert "Vote de la motion : 12 votes pour / 2 abstentions" in doc.text
    assert doc.text.startswith("CR du conseil municipal 17 septembre 2021\n")
    # pdfium marks a hyphen at a line end with U+FFFE; the loader writes "-" + newline.
    assert "\ufffe" not in doc.text
    assert "admissions en non-\nvaleur." in doc.text
    page3 = doc.pages[2]
    assert "Séance clôturée à 20H50." in doc.text[page3.start : page3.end]


def test_real_pdf_with_a_scanned_page_still_loads() -> None:
    # Page 3 of this compte rendu is an image (the AMF motion); the rest is text.
    doc = load(RAW / "couthenans_cm_2022-10-28.pdf")
    page3 = doc.pages[2]
    assert doc.text[page3.start : page3.end] == "\f"
    assert "Rappel :" in doc.text  # pdfplumber splits this word ("Rappe l")
    assert "Adoption à 0 Contre, 0 abstention, 11 voix pour" in doc.text


def test_real_pdf_2023_votes() -> None:
    doc = load(RAW / "couthenans_cm_2023-02-24.pdf")
    assert "2 abstentions 10 votes pour" in doc.text
    assert "2 votes contre 1 abstention 9 votes pour" in doc.text


def test_pdfplumber_joins_superscripts() -> None:
    # pdfium puts the superscript "er" of "1er" on its own line; pdfplumber keeps it.
    doc = load(RAW / "couthenans_cm_2021-09-17.pdf", engine="pdfplumber")
    assert "1er prix : 30€ / 2ème prix : 20€ / 3ème prix : 10€" in doc.text


def test_unknown_engine() -> None:
    with pytest.raises(ValueError, match="unknown PDF engine"):
        load(RAW / "couthenans_cm_2021-09-17.pdf", engine="tesseract")  # type: ignore[arg-type]


def round_trip_words(source: str, engine: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """Render ``source``, load it back, drop the furniture: (source words, loaded words)."""
    path = tmp_path / "register.pdf"
    n_pages = render_register_pdf(source, path)
    doc = load(path, engine=engine)  # type: ignore[arg-type]
    assert len(doc.pages) == n_pages
    assert_tiles(doc)
    kept, pos = [], 0
    for start, end in find_furniture(doc.text, doc.pages):
        kept.append(doc.text[pos:start])
        pos = end
    kept.append(doc.text[pos:])
    # The register's own footers were printed as text; they are furniture too.
    source_words = [
        w
        for line in source.splitlines()
        if not line.startswith("Délibération CS2019/")
        for w in line.split()
    ]
    return source_words, "".join(kept).split()


def test_rendered_register_round_trip(tmp_path: Path) -> None:
    # All 88 pages of the 2019 register: dropping the furniture (running header and
    # footer, plus the register's own footers) leaves exactly the register's words.
    source = REGISTER_2019.read_text(encoding="utf-8")
    expected, loaded = round_trip_words(source, "pypdfium2", tmp_path)
    assert loaded == expected


def test_rendered_register_round_trip_pdfplumber(tmp_path: Path) -> None:
    # pdfplumber is ~70 times slower: a 15-page slice (with two of the footers) is enough.
    source = "\n".join(REGISTER_2019.read_text(encoding="utf-8").split("\n")[:1500])
    expected, loaded = round_trip_words(source, "pdfplumber", tmp_path)
    assert loaded == expected

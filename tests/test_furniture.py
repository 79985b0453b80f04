"""Page furniture: running footers and headers, and the recurring lines that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.furniture import find_furniture, footer_breaks
from parsers.records import Page
from tests.pdf_render import DEFAULT_HEADER, render_register_pdf

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
REGISTER_2019 = RAW / "lot-numerique_comite-syndical_2019-02-01.txt"
REGISTER_2022 = RAW / "lot-numerique_comite-syndical_2022-06-29.txt"


def flagged_lines(text: str, pages: list[Page] | None = None) -> list[str]:
    return [text[a:b] for a, b in find_furniture(text, pages)]


def line_numbers(text: str, ranges: list[tuple[int, int]]) -> list[int]:
    return [text.count("\n", 0, a) + 1 for a, _ in ranges]


def pages_of(chunks: list[str]) -> tuple[str, list[Page]]:
    """Join page texts as the PDF loader does (each followed by a form feed)."""
    pages, pos = [], 0
    for number, chunk in enumerate(chunks, start=1):
        pages.append(Page(number, pos, pos + len(chunk) + 1))
        pos += len(chunk) + 1
    return "".join(c + "\f" for c in chunks), pages


def body(page: int, n_lines: int = 20) -> str:
    """Varied body lines for a synthetic page."""
    return "".join(
        f"Ligne {k} du texte, montant {(page * 37 + k * 11) % 1000} euros.\n"
        for k in range(n_lines)
    )


def test_short_pages_look_at_fewer_edge_lines() -> None:
    # Five-line pages: only the first and last lines count as edges, so a line that
    # merely repeats in the middle of every page is not taken for furniture.
    chunks = [f"En-tête\nTexte {n}.\nAutre ligne.\nEncore {n * 7}.\nPied\n" for n in range(1, 5)]
    text, pages = pages_of(chunks)
    assert sorted(set(flagged_lines(text, pages))) == ["En-tête\n", "Pied\n"]


# --- real registers ---------------------------------------------------------------


def test_real_footers_2019() -> None:
    text = REGISTER_2019.read_text(encoding="utf-8")
    ranges = find_furniture(text, None)
    assert line_numbers(text, ranges) == [736, 1488, 1664, 1925, 4382, 5579, 5654]
    assert text[ranges[0][0] : ranges[0][1]] == (
        "Délibération CS2019/02 - séance du 1er février 2019    4 \n"
    )
    assert footer_breaks(text) == [end for _, end in ranges]


def test_real_footer_2022() -> None:
    text = REGISTER_2022.read_text(encoding="utf-8")
    assert flagged_lines(text) == ["Délibération CS2022/17 - séance du 29 juin 2022    1 \n"]


@pytest.mark.parametrize(
    "line",
    [
        "Nombre de délégués En exercice 18  ",
        " Présents 13 (12 titulaires et 1 suppléant ",
        " Pouvoir(s) 0  ",
        " Absent(s) 5  ",
        " Votants 13  ",
        "Date de la convocation 25 janvier 2019  ",
        "Point n°1 - Validation du procès-verbal de la séance du 26 mars 2018 ",
        "   Syndicat mixte Lot numérique ",  # the organisation heading of each extract
        "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS ",
    ],
)
def test_real_recurring_lines_are_not_furniture(line: str) -> None:
    text = REGISTER_2019.read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines.count(line) >= 1
    flagged = {s.rstrip("\n") for s in flagged_lines(text)}
    assert line not in flagged


def test_other_corpus_texts_have_no_furniture() -> None:
    for name in (
        "agglomeration_strategie-numerique.txt",
        "lot-numerique_feuille-de-route-2024-2027.txt",
        "lot_politique-usages-tic_presentation.txt",
    ):
        assert find_furniture((RAW / name).read_text(encoding="utf-8"), None) == [], name


# --- page-number shapes -----------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        "Page 3",
        "page 3/12",
        "Page 3 sur 12",
        "3 / 12",
        "- 3 -",
        "Syndicat mixte Lot numérique — Registre des délibérations — page 7",
        "Conseil municipal du 17/09/2021    3",
        "Délibération CS2019/07 - séance du 1er février 2019 5",
    ],
)
def test_page_number_shapes(footer: str) -> None:
    text = f"Le comité adopte.\n{footer}\nSuite du texte.\n"
    assert flagged_lines(text) == [f"{footer}\n"]


@pytest.mark.parametrize(
    "line",
    [
        "12 / 3",  # not a page of a total
        "le montant figure comme indiqué en page 3",  # prose wrapped after a page reference
        "en date du 12 mars 2019 3",  # a wrapped sentence: one space before the number
        "Procès-verbal de la séance du 26 mars 2018",
        "Votants 13",
    ],
)
def test_text_lines_are_not_page_numbers(line: str) -> None:
    assert find_furniture(f"Texte.\n{line}\nSuite.\n", None) == []


# --- increasing numbers -----------------------------------------------------------


def test_increasing_trailing_number_is_a_footer() -> None:
    body = "".join(f"ligne {i} du texte courant.\n" for i in range(40))
    text = "".join(body + f"Commune de Couthenans compte rendu {n}\n" for n in range(1, 5))
    flagged = flagged_lines(text)
    assert flagged == [f"Commune de Couthenans compte rendu {n}\n" for n in range(1, 5)]


def test_restarting_page_numbers_are_footers() -> None:
    body = "".join(f"ligne {i} du texte courant.\n" for i in range(40))
    numbers = [1, 2, 3, 1, 2]
    text = "".join(body + f"Commune de Couthenans compte rendu {n}\n" for n in numbers)
    assert len(find_furniture(text, None)) == 5


@pytest.mark.parametrize(
    "template",
    [
        "Nombre de délégués En exercice {same}",  # same number every time
        "Article {n}",  # numbered heading
        "Annexe au rapport numéro {n}",  # numbered heading, several words
        "nombre de votes exprimés {n}",  # vote results are protected
    ],
)
def test_recurring_counts_and_headings_are_not_footers(template: str) -> None:
    body = "".join(f"ligne {i} du texte courant.\n" for i in range(40))
    text = "".join(body + template.format(n=n, same=18) + "\n" for n in range(1, 6))
    assert find_furniture(text, None) == []


def test_increasing_numbers_too_close_are_not_footers() -> None:
    # a numbered list: one line apart, not a page apart
    text = "".join(f"Montant de la tranche numéro {n}\nSuite.\n" for n in range(1, 8))
    assert find_furniture(text, None) == []


# --- ranges -----------------------------------------------------------------------


def test_ranges_cover_whole_lines_and_crlf() -> None:
    text = "Texte.\r\nPage 3\r\nSuite.\r\n"
    ((start, end),) = find_furniture(text, None)
    assert text[start:end] == "Page 3\r\n"


def test_form_feed_is_never_dropped() -> None:
    text, pages = pages_of(["Texte.\nPage 1", "Suite.\nPage 2"])
    ranges = find_furniture(text, pages)
    assert [text[a:b] for a, b in ranges] == ["Page 1", "Page 2"]
    assert all("\f" not in text[a:b] for a, b in ranges)


def test_footer_breaks_at_end_of_text() -> None:
    text = "Texte.\nPage 1"
    assert footer_breaks(text) == [len(text)]


# --- known pages: running headers and footers -------------------------------------


def test_edge_rule_finds_headers_and_numbered_footers() -> None:
    chunks = [
        f"Mairie de Couthenans — compte rendu\n{body(n)}Commune de Couthenans 17/09/2021 {n + 1}\n"
        for n in range(1, 5)
    ]
    text, pages = pages_of(chunks)
    flagged = flagged_lines(text, pages)
    assert flagged.count("Mairie de Couthenans — compte rendu\n") == 4
    assert [s for s in flagged if s.startswith("Commune")] == [
        f"Commune de Couthenans 17/09/2021 {n + 1}\n" for n in range(1, 5)
    ]
    assert len(flagged) == 8
    # Without pages the header is text, but the footer's growing number still shows.
    assert [s for s in flagged_lines(text) if not s.startswith("Commune")] == []
    assert len(flagged_lines(text)) == 4


def test_edge_rule_keeps_structure_and_votes() -> None:
    chunks = [
        f"EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS\nDélibération n° CS2019/0{n} : objet\n"
        f"{body(n)}Après en avoir délibéré,\n{10 + n} votes pour\nLe Président,\n"
        for n in range(1, 5)
    ]
    text, pages = pages_of(chunks)
    assert find_furniture(text, pages) == []


def test_edge_rule_needs_half_of_the_pages() -> None:
    chunks = [body(n) for n in range(1, 6)]
    chunks[0] = "Mairie de Couthenans\n" + chunks[0]
    chunks[1] = "Mairie de Couthenans\n" + chunks[1]
    text, pages = pages_of(chunks)
    assert "Mairie de Couthenans\n" not in flagged_lines(text, pages)


def test_rendered_pdf_header_and_footer(tmp_path: Path) -> None:
    from parsers.load import load

    source = REGISTER_2019.read_text(encoding="utf-8")
    lines = source.split("\n")[:400]
    out = tmp_path / "extract.pdf"
    n_pages = render_register_pdf("\n".join(lines), out)
    assert n_pages >= 3
    doc = load(out)
    flagged = [s.rstrip("\n") for s in flagged_lines(doc.text, list(doc.pages))]
    assert flagged.count(DEFAULT_HEADER) == n_pages
    assert sorted(s for s in flagged if "— page" in s) == sorted(
        f"{DEFAULT_HEADER} — page {n}" for n in range(1, n_pages + 1)
    )

"""Budget tables: the CS2022/17 décision modificative from text and from a ruled PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from parsers.budget import _entries, _known_endings, find_budget_tables, members
from parsers.pdf_tables import extract_pdf_tables
from parsers.records import BudgetLine
from tests.conftest import REGISTER_2022, normalized_text
from tests.pdf_render import render_ruled_table_pdf

D = Decimal


def _table_text() -> str:
    text = normalized_text(REGISTER_2022)
    start = text.index("Annexe – Décision modificative 2022")
    end = text.index("Vue d'ensemble de l'investissement") + 40
    return text[start:end]


def test_side_by_side_lines() -> None:
    lines = list(find_budget_tables(_table_text(), "DM 2022"))
    first = lines[:2]
    assert (first[0].side, first[0].chapter, first[0].budget) == ("dépenses", "011", D("205157.00"))
    assert (first[1].side, first[1].chapter, first[1].budget) == ("recettes", "70", D("26000.00"))
    epci = [b for b in lines if b.account == "1315" and b.side == "recettes"]
    assert [(b.budget, b.movement, b.after) for b in epci][-1] == (
        D("-52393.00"),
        D("52394.00"),
        D("1.00"),
    )
    # "base plan de fi 21" + "225 000,00": the label keeps its "21"
    te46 = next(b for b in lines if "TE46-participat" in b.label)
    assert te46.budget == D("225000.00") and te46.label.endswith("plan de fi 21")
    # single-column lines: 2153 (ordre, recettes), 6284 (dépenses)
    assert next(b for b in lines if b.account == "2153").side == "recettes"
    assert next(b for b in lines if b.account == "6284").side == "dépenses"
    solde = next(b for b in lines if b.level == "balance")
    assert solde.side is None and solde.budget == D("0.00")


def test_structure_comes_from_layout() -> None:
    lines = list(find_budget_tables(_table_text()))
    rels = {(r.whole.section, r.whole.side, r.whole.label): r for r in members(lines)}
    ch011 = rels[("fonctionnement", "dépenses", "Charges à caractère général")]
    assert [p.chapter for p in ch011.parts] == ["60", "61", "62"]
    ordre = rels[("investissement", "recettes", "Total recettes d'ordre")]
    assert [p.account or p.chapter for p in ordre.parts] == ["040", "2153", "021"]
    # the amortisation lines belong to 040, not to the total
    ch040 = rels[("investissement", "recettes", "Opérations d'ordre de transfert entre sections")]
    assert [p.account for p in ch040.parts] == ["28031", "28175"]


def _rows(text: str) -> list[list[str]]:
    """The table laid out as its printed grid: 4 columns per side, one row per text line."""
    side_of = {(b.span.start if b.span else -1): b.side for b in find_budget_tables(text)}
    header = [
        "DEPENSES DE FONCTIONNEMENT",
        "Budget",
        "Mouvement",
        "Montant après DM1",
        "RECETTES FONCTIONNEMENT",
        "Budget",
        "Mouvement",
        "Montant après DM1",
    ]
    rows = [header]
    known = _known_endings(text.split("\n"))
    offset = 0
    for line in text.split("\n"):
        entries = [e for e in _entries(line, offset, known) if e.cells]
        offset += len(line) + 1
        if not entries:
            if line.startswith("DEPENSES INVESTISSEMENT"):
                rows.append(
                    ["DEPENSES INVESTISSEMENT", "", "", "", "RECETTES INVESTISSEMENT", "", "", ""]
                )
            continue
        halves = {"dépenses": [""] * 4, "recettes": [""] * 4}
        for i, e in enumerate(entries):
            side = ("dépenses", "recettes")[i] if len(entries) == 2 else side_of.get(e.span.start)
            cells = [
                line[c.start - (offset - len(line) - 1) : c.end - (offset - len(line) - 1)]
                for _, c in e.cells
            ]
            if len(cells) == 2:
                cells = [cells[0], "", cells[1]]
            halves[side or "dépenses"] = [e.label, *cells, *[""] * (3 - len(cells))]
        rows.append(halves["dépenses"] + halves["recettes"])
    return rows


def test_pdf_ruled_table_equals_text(tmp_path: Path) -> None:
    text = _table_text()
    pdf = tmp_path / "dm.pdf"
    render_ruled_table_pdf(_rows(text), pdf, title="Décision modificative 2022")
    tables = extract_pdf_tables(pdf, "DM 2022")
    from_pdf = [b for t in tables for b in t.lines]

    def key(b: BudgetLine) -> tuple:
        return (b.section, b.side, b.level, b.chapter, b.account, b.budget, b.movement, b.after)

    from_text = [key(b) for b in find_budget_tables(text, "DM 2022")]
    assert sorted(map(key, from_pdf), key=str) == sorted(from_text, key=str)
    assert all(t.page >= 1 for t in tables)


def test_pipeline_reads_the_ruled_table_of_a_pdf(tmp_path: Path) -> None:
    """End to end: a PDF holding the table as a ruled grid gives the same budget lines."""
    from pipeline.document import process_document

    text = _table_text()
    pdf = tmp_path / "dm.pdf"
    render_ruled_table_pdf(_rows(text), pdf, title="Décision modificative 2022")
    result = process_document(pdf)
    assert result.document["status"] == "ok", result.document["error"]
    stored = result.rows.tables["budget_lines"]
    assert len(stored) == len(list(find_budget_tables(text, "DM 2022")))
    assert {r["chapter"] for r in stored if r["level"] == "chapter"} >= {"011", "70", "13"}


def test_roadmap_charges_and_revenues_table() -> None:
    """The roadmap's action sheet budget (data/raw/lot-numerique_feuille-de-route-2024-2027.txt
    L483-492, read by hand): 6 charges and 3 revenues, each column totalling 3 904 €."""
    from parsers.extract import extract_document
    from pipeline.validate import validate
    from tests.conftest import RAW, normalized_text

    doc = extract_document(normalized_text(RAW / "lot-numerique_feuille-de-route-2024-2027.txt"))
    lines = [(b.side, b.level, b.label, b.budget) for b in doc.budget_lines]
    d = Decimal
    assert lines == [
        ("dépenses", "account", "Matériel fongible et MAD", d(300)),
        ("recettes", "account", "ANCT (via Lot Numérique)", d(2000)),
        ("dépenses", "account", "Abonnement", d(294)),
        ("recettes", "account", "Fonds propres", d(1104)),
        ("dépenses", "account", "Adm (assurance...)", d(100)),
        ("dépenses", "account", "Déplacements", d(342)),
        ("dépenses", "account", "Charges Salariales", d(2068)),
        ("dépenses", "account", "Valorisation du matériel", d(800)),
        ("recettes", "account", "Valorisation du matériel", d(800)),
        ("dépenses", "total", "total (sans libellé)", d(3904)),  # 300+294+100+342+2068+800
        ("recettes", "total", "total (sans libellé)", d(3904)),  # 2000+1104+800
    ]
    checks = [c for c in validate(doc).checks if c.rule == "budget.subtotal"]
    assert [c.passed for c in checks] == [True, True]


def test_small_table_with_a_wrong_total_fails() -> None:
    from parsers.extract import extract_document
    from pipeline.validate import validate

    text = (
        "Budget :\n\nCharges Produits\nAbonnement 294 € Fonds propres 300 €\n"
        "Déplacements 6 €\n310 € 300 €\n\nSuite.\n"
    )
    (bad, good) = [
        c for c in validate(extract_document(text)).checks if c.rule == "budget.subtotal"
    ]
    assert not bad.passed and "écart de 10 €" in bad.message and good.passed


def test_budget_heading_on_the_first_line_of_a_later_page_is_found() -> None:
    """Issue 13: a heading right after a form feed was missed ("^" after "\\f")."""
    from parsers.extract import budget_pages
    from parsers.records import LoadedDocument, Page

    page1 = "Délibération n° 12 : décision modificative\n\f"
    page2 = "DÉPENSES DE FONCTIONNEMENT\n011 Charges 1 000,00\n\f"
    page3 = "Texte\nDÉPENSES D'INVESTISSEMENT\n\f"
    text = page1 + page2 + page3
    a, b = len(page1), len(page1) + len(page2)
    loaded = LoadedDocument(
        document_id="x",
        source_path="x.pdf",
        format="pdf",
        text=text,
        pages=(Page(1, 0, a), Page(2, a, b), Page(3, b, len(text))),
    )
    assert budget_pages(loaded) == {2, 3}

"""Budget tables from PDFs with ruled tables, through pdfplumber's table extraction.

pdfplumber finds the grid of a ruled table and returns its cells row by row. Each row
becomes one line of text — its cells joined by spaces, the expenses half first — which
is exactly the layout the text parser reads (:func:`parsers.budget.find_budget_tables`),
so the PDF path and the text path share one reading of labels, cells and sides. Where a
row has only one half filled, the empty half tells the side, and that is used rather
than the text heuristics.

Spans of the returned lines index :attr:`PdfBudgetTable.text` (the joined rows of one
table), not the document text; ``page`` locates the table.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from pathlib import Path

from parsers.budget import CELL_RE, SECTION_RE, find_budget_tables
from parsers.records import BudgetLine


@dataclass(frozen=True)
class PdfBudgetTable:
    page: int  # 1-based page where the table starts
    pages: tuple[int, ...]  # every page it runs over
    rows: tuple[tuple[str, ...], ...]  # cells as printed ("" for an empty cell)
    text: str  # the rows joined into lines, what ``lines`` spans index
    lines: tuple[BudgetLine, ...]


def _row_text(row: list[str | None]) -> tuple[str, str | None]:
    """The row as one line, and the side its filled half says (None when both are)."""
    cells = [(c or "").replace("\n", " ").strip() for c in row]
    half = len(cells) // 2
    left, right = cells[:half], cells[half:]
    filled_left = any(left)
    filled_right = any(right)
    side = None
    if len(cells) >= 4 and filled_left != filled_right:
        side = "dépenses" if filled_left else "recettes"
    return " ".join(c for c in cells if c), side


def extract_pdf_tables(
    path: Path | str, table: str = "Budget", pages: Collection[int] | None = None
) -> list[PdfBudgetTable]:
    """The ruled budget table of a PDF, parsed into budget lines (an empty list if none).

    A table counts when one of its rows names a section ("DEPENSES DE
    FONCTIONNEMENT…"); the tables that follow it on the next pages (with or without
    the repeated header row) are its continuation. ``pages`` (1-based) limits the
    search: pdfplumber reads ~10 pages/s, so the pipeline only hands it the pages whose
    text layer names a budget section.
    """
    import pdfplumber

    pieces: list[tuple[int, list[tuple[str, str | None]], list[list[str | None]]]] = []
    first_header: str | None = None  # a table's header row, repeated atop continued pages
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if pages is not None and number not in pages:
                continue
            for raw_rows in page.extract_tables():
                rows = [_row_text(r) for r in raw_rows]
                continued = bool(pieces) and (
                    (first_header is not None and rows and rows[0][0] == first_header)
                    or not any(SECTION_RE.match(t) for t, _ in rows)
                )
                if rows and first_header is not None and rows[0][0] == first_header:
                    rows, raw_rows = rows[1:], raw_rows[1:]  # the repeated header row
                if not continued and not any(SECTION_RE.match(t) for t, _ in rows):
                    continue  # not a budget table
                if not continued:
                    first_header = rows[0][0]
                pieces.append((number, rows, raw_rows))
    if not pieces:
        return []
    # A table continued over pages is read as one, so a chapter opened at the bottom of
    # a page keeps its lines printed on the next.
    rows_all = [r for _, rows, _ in pieces for r in rows]
    text = "\n".join(t for t, _ in rows_all)
    lines = _sides_from_layout(text, rows_all, list(find_budget_tables(text, table)))
    return [
        PdfBudgetTable(
            page=pieces[0][0],
            pages=tuple(dict.fromkeys(n for n, _, _ in pieces)),
            rows=tuple(tuple((c or "") for c in r) for _, _, raws in pieces for r in raws),
            text=text,
            lines=tuple(lines),
        )
    ]


def _sides_from_layout(
    text: str, rows: list[tuple[str, str | None]], lines: list[BudgetLine]
) -> list[BudgetLine]:
    """Override the side of single-entry lines with the half of the row they sit in."""
    starts = []
    pos = 0
    for t, _ in rows:
        starts.append(pos)
        pos += len(t) + 1
    fixed = []
    for line in lines:
        if line.span is None or line.level == "balance":
            fixed.append(line)
            continue
        k = max(i for i, s in enumerate(starts) if s <= line.span.start)
        side = rows[k][1]
        has_cells = CELL_RE.search(rows[k][0]) is not None
        fixed.append(replace(line, side=side) if side and has_cells else line)  # type: ignore[arg-type]
    return fixed

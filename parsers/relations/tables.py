"""Sums in plain-text tables: the rows above a "Total" row."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from parsers.amounts import parse_number
from parsers.records import MoneyRelation, Span, Term
from parsers.relations.context import (
    Ctx,
)

# --- plain-text tables with a "Total" row ----------------------------------------------
#
#   Missions du hub / Montant du financement par La Mêlée
#   *Animation de l'écosystème de l'inclusion numérique 8 183
#   *Appuyer les acteurs et leurs projets de développement de
#   l'offre d'inclusion numérique
#   2 600
#   Total 19 845
#   En € HT
#
# Cells are numbers printed with thousands groups ("8 183") or "-" (nothing). A run of
# spaced digits is read the conventional way, each 3-digit group joining the number
# before it ("137 500 11 000" is 137 500 | 11 000); a table is only read when that
# reading gives every row as many cells as its Total row, and the table speaks of money.

_CELL_TOKEN_RE = re.compile(r"-|\d+(?:,\d+)?")
_TABLE_TOTAL_RE = re.compile(r"(?m)^[ \t]*(?:Total|TOTAL)[ \t]+(?P<cells>[-\d ,\t]*\d[-\d ,\t]*)$")
_MONEY_WORD_RE = re.compile(r"(?i)€|\bmontants?\b")
_YEAR_CELL_RE = re.compile(r"^(?:19|20)\d\d$")
_ROW_MARKER_RE = re.compile(r"^[ \t]*[*•◦▪-]")
# Rows of a vote or attendance table ("Pour 10", "Votants 15"): counts, not money, and
# their "Total" is not the sum of every line above it.
_COUNT_LABEL_RE = re.compile(
    r"(?i)^\W*(?:pour|contre|abstentions?|votants|pr[ée]sents|pouvoirs|absents|"
    r"(?:membres\s+)?en\s+exercice|suffrages|blancs|nuls|exprim[ée]s)\b"
)


@dataclass(frozen=True)
class _Cell:
    value: Decimal | None  # None: "-"
    raw: str
    start: int
    end: int


def _cells(text: str, start: int, end: int) -> list[_Cell] | None:
    """The cells of ``text[start:end]`` (digits, spaces, commas and dashes only);
    None when there is none or a number does not parse."""
    tokens = [
        (m.group(0), start + m.start(), start + m.end())
        for m in _CELL_TOKEN_RE.finditer(text[start:end])
    ]
    if not tokens:
        return None
    cells: list[_Cell] = []
    i = 0
    while i < len(tokens):
        raw, s, e = tokens[i]
        i += 1
        if raw == "-":
            cells.append(_Cell(None, raw, s, e))
            continue
        if "," not in raw and len(raw) <= 3:
            # 3-digit groups join the head (none after a group with decimals)
            while i < len(tokens) and re.fullmatch(r"\d{3}(?:,\d+)?", tokens[i][0]):
                e = tokens[i][2]
                i += 1
                if "," in tokens[i - 1][0]:
                    break
        number = parse_number(text[s:e])
        if number is None:
            return None
        cells.append(_Cell(number, text[s:e], s, e))
    return cells


def _trailing_cells(text: str, ls: int, le: int) -> tuple[int, list[_Cell]] | None:
    """A row line: its label's end and its cells (the numbers ending the line)."""
    m = re.search(
        r"(?:[ \t]+|^)(?P<cells>(?:-|\d+(?:,\d+)?)(?:[ \t]+(?:-|\d+(?:,\d+)?))*)[ \t]*$",
        text[ls:le],
    )
    if not m:
        return None
    cells = _cells(text, ls + m.start("cells"), ls + m.end("cells"))
    if not cells:
        return None
    return ls + m.start("cells"), cells


def _lines_up(text: str, pos: int, lo: int) -> Iterator[tuple[int, int]]:
    """Non-blank lines before ``pos`` (a line start), nearest first."""
    end = pos - 1
    while end > lo:
        start = text.rfind("\n", lo, end) + 1
        if text[start:end].strip():
            yield start, end
        end = start - 1


def find_text_tables(ctx: Ctx) -> Iterator[MoneyRelation]:
    text = ctx.text
    for m in _TABLE_TOTAL_RE.finditer(text, ctx.lo, ctx.end):
        totals = _cells(text, m.start("cells"), m.end("cells"))
        if not totals:
            continue
        k = len(totals)
        rows: list[list[_Cell]] = []
        head = m.start()
        lines = _lines_up(text, m.start(), ctx.lo)
        irregular = False
        ragged: tuple[int, int, int] | None = None  # the row that does not align
        for ls, le in lines:
            row = _trailing_cells(text, ls, le)
            if row is None:
                break  # a header line: the table starts below it
            label_end, cells = row
            if _COUNT_LABEL_RE.match(text[ls:label_end]):
                irregular = True
                break
            if len(cells) != k:
                if len(cells) == 1 and _YEAR_CELL_RE.match(cells[0].raw):
                    break  # "Novembre 2023": a column header
                irregular = True  # a row this reading cannot align
                ragged = (ls, le, len(cells))
                break
            rows.append(cells)
            head = ls
            if not text[ls:label_end].strip():
                # numbers alone on their line: the row's label is on the lines above,
                # up to the one that opens it with a marker (at most three)
                for n, (ls2, le2) in enumerate(lines):
                    if _trailing_cells(text, ls2, le2) is not None:
                        irregular = True
                        break
                    head = ls2
                    if _ROW_MARKER_RE.match(text[ls2:le2]) or n == 2:
                        break
                if irregular:
                    break
        if ragged is not None:
            ls, le, n = ragged
            # the header (where "Montant" or "€" is printed) may be far above this row
            around = text[max(ctx.lo, ls - 1000) : min(ctx.end, m.end() + 40)]
            if _MONEY_WORD_RE.search(around):
                first = next((c for c in totals if c.value is not None), totals[0])
                yield MoneyRelation(
                    kind="unread_table",
                    total=Term(first.value or Decimal(0), first.raw, Span(first.start, first.end)),
                    parts=(),
                    span=Span(ls, m.end()),
                    description=(
                        f"ses lignes n'ont pas toutes le même nombre de valeurs (« Total » : {k}, "
                        f"« {text[ls:le].strip()} » : {n})"
                    ),
                )
            continue
        if irregular or len(rows) < 2:
            continue
        if not _MONEY_WORD_RE.search(text[max(ctx.lo, head - 300) : min(ctx.end, m.end() + 40)]):
            continue  # not a table of money
        rows.reverse()
        for j, total in enumerate(totals):
            if total.value is None:
                continue
            parts = [r[j] for r in rows if r[j].value is not None]
            if not parts:
                continue
            yield MoneyRelation(
                kind="sum",
                total=Term(total.value, total.raw, Span(total.start, total.end), "Total"),
                parts=tuple(
                    Term(c.value, c.raw, Span(c.start, c.end)) for c in parts if c.value is not None
                ),
                span=Span(parts[0].start, total.end),
                description=(
                    "total d'un tableau" if k == 1 else f"total de la colonne {j + 1} d'un tableau"
                ),
            )

"""Budget tables (décision modificative, budget primitif) read line by line from text.

In the text layer of the registers a budget table is printed row by row, with the
expenses column and the revenues column of a row on one line:

    011 - Charges à caractère général 205 157,00 70 - Produits des services … 26 000,00
    1311 WIFI Restitution FNADT -14 800,00 14 800,17 0,17

Every cell of such a table has two decimals ("0,00"), which is how cells are told
from the account codes and years of the labels. A line holds one entry (label and 1-3
cells: Budget, [Mouvement,] Montant après) per side; when a line holds a single entry,
its side is decided from the M57 nomenclature and from the chapters open on each side
(see :func:`_side_of_single`).

The structure the checks need (which lines a chapter or a total adds up) is settled
here too, by :func:`members`, from the order of the lines and their codes only —
never from their values, so a wrong subtotal cannot hide itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from parsers.amounts import parse_number
from parsers.records import BudgetLine, Side, Span

# A cell: "205 157,00", "-14 800,00", "0,17". Groups of exactly three digits.
CELL_RE = re.compile(r"(?<![\w,])-?\d{1,3}(?: \d{3})*,\d{2}(?![\d,])")
SECTION_RE = re.compile(
    r"(?i)^\s*D[ÉE]PENSES\s+(?:DE\s+|D')?(?P<section>FONCTIONNEMENT|INVESTISSEMENT)"
)
_END_RE = re.compile(r"(?i)^\s*Vue\s+d'ensemble\b")
HEADING_RE = re.compile(r"^(?P<code>\d{2,3})\s*-\s*(?P<label>.*)$")
ACCOUNT_RE = re.compile(r"^(?P<code>\d{2,6})\s+(?P<label>\S.*)$")
TOTAL_RE = re.compile(r"(?i)^total\s+(?P<side>d[ée]penses|recettes)\b")
BALANCE_RE = re.compile(r"(?i)^solde\b")

# M57: the 3-digit chapters whose articles are printed as 2-digit sub-headings.
NESTING: dict[str, tuple[str, ...]] = {"011": ("60", "61", "62", "63"), "012": ("62", "63", "64")}
# Order chapters hold the amortisation accounts of the other section, whose codes do not
# start with the chapter's: 040 (investment) the 28x/139x, 042 (operating) the 68x/777/78x.
ORDER_ACCOUNTS: dict[str, tuple[str, ...]] = {"040": ("28", "139"), "042": ("68", "777", "78")}
# Chapters whose side does not depend on the section, and classes by section.
_REVENUE_CHAPTERS = {"002", "001", "021", "024", "10", "70", "73", "74", "75", "76", "77", "013"}
_EXPENSE_CHAPTERS = {"011", "012", "014", "022", "023", "65", "66", "67", "68", "16", "20", "27"}


@dataclass(frozen=True)
class _Entry:
    label: str
    cells: tuple[tuple[Decimal, Span], ...]
    span: Span


# A label word longer than this is no word of a budget table: never compared.
_WORD_MAX = 100
_WORD_RE = re.compile(r"\S+")
_SPACES_RE = re.compile(r"\s*")


class _Words:
    """The non-blank runs of a line, to find the word before a position in log time.

    Searching the text before every cell again (``re.search(…$, line[:pos])``) made a
    line of n cells cost n² (a one-line file of 75 000 amounts ran for minutes).
    """

    def __init__(self, line: str) -> None:
        self.line = line
        spans = [m.span() for m in _WORD_RE.finditer(line)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def before(self, pos: int) -> str | None:
        """The last word of ``line[:pos]`` (as ``(\\S+)\\s*$`` finds it); None when
        there is none or it is too long to be a label's."""
        r = bisect.bisect_right(self.starts, pos - 1) - 1
        if r < 0:
            return None
        start, end = self.starts[r], min(self.ends[r], pos)
        return self.line[start:end] if end - start <= _WORD_MAX else None


def _cells(line: str, known_endings: set[str]) -> list[tuple[int, int]]:
    """Cell positions on a line; a leading group is left to the label when the label
    ends like another label of the table ("… plan de fi 21" + "225 000,00")."""
    out = []
    words: _Words | None = None
    for m in CELL_RE.finditer(line):
        start = m.start()
        groups = m.group(0).lstrip("-").split(" ")
        if len(groups) > 1 and known_endings:
            words = words or _Words(line)
            word = words.before(m.start())
            if word and f"{word} {groups[0]}" in known_endings:
                start = m.start() + len(groups[0]) + 1
        out.append((start, m.end()))
    return out


def _known_endings(lines: list[str]) -> set[str]:
    """Label endings "<word> <1-3 digits>" printed just before a cell that could not
    absorb them (so they are certainly part of the label): ``(\\S+) (\\d{1,3}) $``
    before the cell, found from the cell backwards in constant time."""
    endings = set()
    for line in lines:
        words: _Words | None = None
        for m in CELL_RE.finditer(line):
            pos = m.start()
            if pos < 4 or line[pos - 1] != " ":
                continue
            ds = pos - 1
            while ds > 0 and pos - 1 - ds < 4 and line[ds - 1].isdecimal():
                ds -= 1
            digits = line[ds : pos - 1]
            if not 1 <= len(digits) <= 3 or ds < 2 or line[ds - 1] != " ":
                continue
            if line[ds - 2].isspace():
                continue
            words = words or _Words(line)
            word = words.before(ds - 1)
            if word:
                endings.add(f"{word} {digits}")
    return endings


def _entries(line: str, offset: int, known: set[str]) -> list[_Entry]:
    cells = _cells(line, known)
    entries: list[_Entry] = []
    pos = 0
    i = 0
    while i < len(cells):
        label_start = pos
        label = line[pos : cells[i][0]].strip()
        group: list[tuple[Decimal, Span]] = []
        while i < len(cells) and (not group or not line[pos : cells[i][0]].strip()):
            s, e = cells[i]
            value = parse_number(line[s:e])
            if value is not None:
                group.append((value, Span(offset + s, offset + e)))
            pos = e
            i += 1
        entries.append(
            _Entry(
                label,
                tuple(group),
                Span(offset + label_start + _lead(line, label_start), offset + pos),
            )
        )
    return entries


def _lead(line: str, pos: int) -> int:
    """Blanks at ``pos`` (matched in place: slicing the rest of the line per entry was n²)."""
    return _SPACES_RE.match(line, pos).end() - pos  # type: ignore[union-attr]


def _side_of_single(
    label: str, section: str, open_chapters: dict[str, list[str]], seen_pair: bool, last: str
) -> str:
    """The side of a line that prints one entry.

    In order: the word "dépenses"/"recettes" of a total; a chapter whose side is fixed
    by the M57 nomenclature; an account code under a chapter open on one side only;
    the class of the account in the operating section (6 expenses, 7 revenues); the
    left (expenses) column at the top of a section, before any line printed both
    columns; else the side of the previous entry.
    """
    t = TOTAL_RE.match(label)
    if t:
        return "dépenses" if t.group("side").lower().startswith("d") else "recettes"
    h = HEADING_RE.match(label) or ACCOUNT_RE.match(label)
    code = h.group("code") if h else None
    if code and HEADING_RE.match(label):
        if code in _REVENUE_CHAPTERS:
            return "recettes"
        if code in _EXPENSE_CHAPTERS:
            return "dépenses"
    if code:
        fits = [s for s, chs in open_chapters.items() if any(code.startswith(c) for c in chs)]
        if len(fits) == 1:
            return fits[0]
        if section == "fonctionnement" and code[0] in "67":
            return "dépenses" if code[0] == "6" else "recettes"
    if not seen_pair:
        return "dépenses"
    return last


def _classify(label: str) -> tuple[str, str | None, str | None, str]:
    """(level, chapter code, account code, label without its code)."""
    if TOTAL_RE.match(label):
        return "total", None, None, label
    if BALANCE_RE.match(label):
        return "balance", None, None, label
    h = HEADING_RE.match(label)
    if h:
        return "chapter", h.group("code"), None, h.group("label").strip()
    a = ACCOUNT_RE.match(label)
    if a:
        return "account", None, a.group("code"), a.group("label").strip()
    return "account", None, None, label


def find_budget_tables(text: str, table: str = "Budget") -> Iterator[BudgetLine]:
    """Every line of every budget section ("DEPENSES DE FONCTIONNEMENT…") in ``text``."""
    lines = text.split("\n")
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    known = _known_endings(lines)
    section: str | None = None
    open_chapters: dict[str, list[str]] = {"dépenses": [], "recettes": []}
    seen_pair = False
    last = "dépenses"
    seq = {"dépenses": 0, "recettes": 0}
    current: dict[str, str | None] = {"dépenses": None, "recettes": None}
    for ln, off in zip(lines, offsets, strict=True):
        m = SECTION_RE.match(ln)
        if m:
            section = m.group("section").lower()
            open_chapters = {"dépenses": [], "recettes": []}
            current = {"dépenses": None, "recettes": None}
            seen_pair, last = False, "dépenses"
            continue
        if section is None:
            continue
        if _END_RE.match(ln):
            section = None
            continue
        entries = [e for e in _entries(ln, off, known) if e.cells]
        if not entries:
            continue
        if len(entries) >= 2:
            sides = ["dépenses", "recettes"] + ["recettes"] * (len(entries) - 2)
            seen_pair = True
        else:
            sides = [_side_of_single(entries[0].label, section, open_chapters, seen_pair, last)]
        for entry, side in zip(entries, sides, strict=True):
            level, chapter, account, label = _classify(entry.label)
            if level == "chapter":
                open_chapters[side].append(chapter or "")
                current[side] = chapter
            elif level == "total":
                open_chapters[side] = []
                current[side] = None
            values = [v for v, _ in entry.cells]
            budget, movement, after = _columns(values)
            seq[side] += 1
            sequence = seq[side]
            last = side
            yield BudgetLine(
                table=table,
                section=section,
                # a balance line is neither column's: it is revenues minus expenses
                side=None if level == "balance" else side,  # type: ignore[arg-type]
                level=level,
                chapter=chapter or (current[side] if level == "account" else None),
                account=account,
                label=label,
                budget=budget,
                movement=movement,
                after=after,
                raw=re.sub(r"\s+", " ", text[entry.span.start : entry.span.end]).strip(),
                span=entry.span,
                sequence=sequence,
            )


def _columns(values: list[Decimal]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Budget, Mouvement, Montant après from the cells an entry prints.

    Three cells are all three columns; two are Budget and Montant après (no movement
    printed on the line); one is Budget alone (the operating section of the DM prints
    no movement at all).
    """
    if len(values) >= 3:
        return values[0], values[1], values[2]
    if len(values) == 2:
        return values[0], None, values[1]
    return values[0], None, None


# --- structure for the checks ----------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """A line whose amounts the table states as the sum of other lines."""

    whole: BudgetLine
    parts: tuple[BudgetLine, ...]
    kind: str  # "chapter", "total", "grand_total"


def members(lines: list[BudgetLine]) -> Iterator[Relation]:
    """The sums a table states, read from its layout (order and codes), never its values.

    For one side of one section: an account line belongs to the latest heading since
    the last total whose code prefixes its own (a line without code to the latest
    heading); 2-digit headings printed under 011/012 are articles of that chapter
    (:data:`NESTING`). A total "… d'ordre" adds the top-level lines printed after it,
    any other total those printed before it since the previous total; the section
    total ("Total dépenses de fonctionnement") adds the other totals.
    """
    by_side: dict[tuple[str | None, str | None], list[BudgetLine]] = {}
    for line in lines:
        by_side.setdefault((line.section, line.side), []).append(line)
    for side_lines in by_side.values():
        yield from _side_members(sorted(side_lines, key=lambda x: x.sequence))


def _side_members(lines: list[BudgetLine]) -> Iterator[Relation]:
    parent: dict[int, int | None] = {}
    headings: list[int] = []  # headings since the last total
    for i, line in enumerate(lines):
        if line.level == "total" or line.level == "balance":
            headings = []
            parent[i] = None
            continue
        if line.level == "chapter":
            nest = None
            for j in reversed(headings):
                h = lines[j]
                if h.chapter in NESTING and line.chapter in NESTING[h.chapter]:
                    nest = j
                    break
                if h.chapter and len(h.chapter) == 3 and h.chapter.startswith("0"):
                    break  # another chapter began: no nesting across it
            parent[i] = nest
            headings.append(i)
            continue
        owner = None
        for j in reversed(headings):
            code = lines[j].chapter or ""
            accepted = (code, *ORDER_ACCOUNTS.get(code, ()))
            if line.account is None or line.account.startswith(accepted):
                owner = j
                break
        parent[i] = owner
    children: dict[int, list[int]] = {}
    for k, p in parent.items():  # once, not once per chapter (that was n²)
        if p is not None:
            children.setdefault(p, []).append(k)
    for i, line in enumerate(lines):
        if line.level == "chapter":
            kids = tuple(lines[k] for k in children.get(i, ()))
            if kids:
                yield Relation(line, kids, "chapter")
    totals = [i for i, line in enumerate(lines) if line.level == "total"]
    sub_totals = []
    for n, i in enumerate(totals):
        label = lines[i].label.lower()
        if re.search(r"\b(?:de\s+fonctionnement|d'investissement)\b", label):
            continue
        sub_totals.append(i)
        if "ordre" in label:
            stop = totals[n + 1] if n + 1 < len(totals) else len(lines)
            rng = range(i + 1, stop)
        else:
            start = totals[n - 1] + 1 if n > 0 else 0
            rng = range(start, i)
        parts = tuple(
            lines[k] for k in rng if parent.get(k) is None and lines[k].level != "balance"
        )
        if parts:
            yield Relation(lines[i], parts, "total")
    for i in totals:
        if re.search(r"\b(?:de\s+fonctionnement|d'investissement)\b", lines[i].label.lower()):
            parts = tuple(lines[k] for k in sub_totals if k < i)
            if parts:
                yield Relation(lines[i], parts, "grand_total")


def with_deliberation(lines: list[BudgetLine], number: str | None) -> list[BudgetLine]:
    return [replace(line, deliberation_number=number) for line in lines]


# --- small "Charges / Produits" tables (the roadmap's action sheets) -------------------

_SMALL_HEAD_RE = re.compile(
    r"(?im)^[ \t]*Budget[ \t]*:[ \t]*\n\s*(?:<[^>]+>)?Charges(?:</[^>]+>)?[ \t]+"
    r"(?:<[^>]+>)?Produits(?:</[^>]+>)?[ \t]*$"
)
_EURO = r"\d{1,3}(?: \d{3})*(?:,\d{2})? ?€"
_PAIR_RE = re.compile(rf"(?P<label>[^\d€\n][^€\n]*?) (?P<amount>{_EURO})")
_TOTALS_RE = re.compile(rf"^(?P<a>{_EURO}) (?P<b>{_EURO})$")


_SIDES: tuple[Side, Side] = ("dépenses", "recettes")  # the left column, then the right


def _small_row(
    table: str, side: Side, level: str, label: str, amount: str, line: str, span: Span, seq: int
) -> BudgetLine:
    """A row of a small table: a label and an amount, no section, chapter nor account."""
    return BudgetLine(
        table=table,
        section=None,
        side=side,
        level=level,
        chapter=None,
        account=None,
        label=label,
        budget=parse_number(amount.rstrip("€ ")),
        raw=line,
        span=span,
        sequence=seq,
    )


def find_small_budget_tables(text: str, table: str = "Budget") -> Iterator[BudgetLine]:
    """ "Budget :" followed by a "Charges / Produits" table: each line prints a charge and
    its amount, then (optionally) a revenue and its amount; an unlabelled line of two
    amounts closes the table with the two totals.

    The text has lost its column breaks, so a line with a single pair is read as a charge
    (the left column): the table is kept only if it closes with its two totals, so a
    misread would show as a failed total check rather than pass silently.
    """
    for head in _SMALL_HEAD_RE.finditer(text):
        pos = head.end() + 1
        rows: list[BudgetLine] = []
        seq = {"dépenses": 0, "recettes": 0}
        closed = False
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            line = text[pos:end].strip()
            if not line:
                break
            totals = _TOTALS_RE.match(line)
            pairs = list(_PAIR_RE.finditer(line))
            if totals:
                for side, key in zip(_SIDES, ("a", "b"), strict=True):
                    seq[side] += 1
                    label = "total (sans libellé)"  # the document prints no label
                    amount = totals.group(key)
                    rows.append(
                        _small_row(
                            table, side, "total", label, amount, line, Span(pos, end), seq[side]
                        )
                    )
                closed = True
                break
            if not 1 <= len(pairs) <= 2 or " ".join(p.group(0).strip() for p in pairs) != line:
                break  # not a table row: the table is not read
            for side, p in zip(_SIDES, pairs, strict=False):
                seq[side] += 1
                label, amount = p.group("label").strip(), p.group("amount")
                rows.append(
                    _small_row(
                        table, side, "account", label, amount, line, Span(pos, end), seq[side]
                    )
                )
            pos = end + 1
        if closed and rows:
            yield from rows

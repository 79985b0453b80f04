"""What every relation finder shares: the block being read (:class:`Ctx`), its lines,
and how an amount becomes a term of a relation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from parsers.amounts import AMOUNT_RE, parse_number
from parsers.records import Amount, Term

MARKER_RE = re.compile(r"^[ \t]*(?P<m>[•◦▪-])[ \t]+")
YEAR_PAREN_RE = re.compile(r"\([^()]*\ben\s+\d{4}\)")


REACH = 2000  # a list or table line is never longer; a one-line document stays linear


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line around ``pos``, at most ``REACH`` characters each side of it."""
    lo = max(0, pos - REACH)
    start = text.rfind("\n", lo, pos) + 1 or lo
    hi = min(len(text), pos + REACH)
    end = text.find("\n", pos, hi)
    return start, hi if end < 0 else end


def term(a: Amount, label: str | None = None, factor: Decimal | None = None) -> Term:
    return Term(value=a.value, raw=a.raw, span=a.span, label=label, factor=factor)


def tolerance_of(a: Amount) -> Decimal:
    """Half a unit of the last digit printed, for amounts printed rounded ("8,8 M€")."""
    if not a.scaled:
        return Decimal(0)
    m = AMOUNT_RE.match(a.raw)
    number = parse_number(m.group("number")) if m else None
    if not m or not number:
        return Decimal(0)
    decimals = len(re.split(r"[,.]", m.group("number"))[-1]) if "," in m.group("number") else 0
    factor = abs(a.value) / abs(number)
    return Decimal("0.5") * factor * Decimal(10) ** -decimals


@dataclass
class Ctx:
    """One block's text and amounts, as every finder reads them."""

    text: str
    amounts: list[Amount]  # of one block, in text order
    # The block's window in ``text``: scans of the text stay inside it, so reading a
    # document extract by extract stays linear in its length.
    lo: int = 0
    hi: int | None = None

    @property
    def end(self) -> int:
        return len(self.text) if self.hi is None else self.hi

    def in_parens_year(self, a: Amount) -> bool:
        """A figure of another year quoted for comparison, "(392 460 € en 2021)"."""
        window = self.text[max(0, a.span.start - 60) : min(len(self.text), a.span.end + 40)]
        for m in YEAR_PAREN_RE.finditer(window):
            s = max(0, a.span.start - 60) + m.start()
            if s <= a.span.start and a.span.end <= s + len(m.group(0)):
                return True
        return False

    def between(self, a: Amount, b: Amount) -> str:
        return self.text[a.span.end : b.span.start]


def by_start(a: Amount) -> int:
    """Sort key: an amount's position in the text."""
    return a.span.start


def same_sentence(a: Amount, b: Amount) -> bool:
    """Whether two amounts were read in one sentence (their context spans agree)."""
    return a.context_span is not None and a.context_span == b.context_span


def label_after(text: str, a: Amount) -> str | None:
    """What an amount is for, printed after it: "… € pour la FDEL" → "FDEL"."""
    m = re.match(
        r"\s*(?:pour|de|d')\s*(?:la\s+|le\s+|les\s+|l')?([^,.;:()\n]{1,40})", text[a.span.end :]
    )
    return m.group(1).strip() if m else None

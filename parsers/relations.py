"""The amount relations a text states, found from its wording and layout.

A relation is what the document *claims*: "2 487 500 € dont 300 000,00 € pour la FDEL,
875 000,00 € pour les EPCI et 1 312 500,00 € pour le Département" claims a sum; "50
bornes à 500 € HT … soit un montant total de 383 000 € HT" claims a sum of products;
"300 233,76 € HT soit 360 280,51 € TTC" claims a VAT rate. This module only reads the
claims (which figures, which operation); :mod:`pipeline.rules.money` does the
arithmetic, so a claim is recorded whether it holds or not.

Every finder works on the normalised text and the amounts found in it, and only
relates amounts of one deliberation extract (or of one document without extracts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from parsers.amounts import AMOUNT_RE, parse_number
from parsers.records import Amount, MoneyRelation, Span, Term

_MARKER_RE = re.compile(r"^[ \t]*(?P<m>[•◦▪-])[ \t]+")
_YEAR_PAREN_RE = re.compile(r"\([^()]*\ben\s+\d{4}\)")


_REACH = 2000  # a list or table line is never longer; a one-line document stays linear


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line around ``pos``, at most ``_REACH`` characters each side of it."""
    lo = max(0, pos - _REACH)
    start = text.rfind("\n", lo, pos) + 1 or lo
    hi = min(len(text), pos + _REACH)
    end = text.find("\n", pos, hi)
    return start, hi if end < 0 else end


def _term(a: Amount, label: str | None = None, factor: Decimal | None = None) -> Term:
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
class _Ctx:
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
        for m in _YEAR_PAREN_RE.finditer(window):
            s = max(0, a.span.start - 60) + m.start()
            if s <= a.span.start and a.span.end <= s + len(m.group(0)):
                return True
        return False

    def between(self, a: Amount, b: Amount) -> str:
        return self.text[a.span.end : b.span.start]


def find_relations(
    text: str, amounts: list[Amount], window: tuple[int, int] | None = None
) -> Iterator[MoneyRelation]:
    """All relations of one block (an extract, or a document without extracts).

    ``window`` bounds the block in ``text``; spans stay in ``text``'s coordinates.
    """
    lo, hi = window if window is not None else (0, len(text))
    ordered = sorted((a for a in amounts if a.role != "table_cell"), key=_start)
    ctx = _Ctx(text, ordered, lo, hi)
    yield from _vat(ctx)
    yield from _dont(ctx)
    yield from _plus(ctx)
    yield from _products(ctx)
    yield from _per_item(ctx)
    yield from _lists(ctx)
    yield from _results(ctx)
    yield from _diminished_total(ctx)
    yield from _concluded(ctx)
    yield from _instalments(ctx)
    yield from _text_tables(ctx)
    yield from _shares(ctx)
    yield from _etp(ctx)
    yield from _ratios(ctx)


def _start(a: Amount) -> int:
    return a.span.start


def _same_sentence(a: Amount, b: Amount) -> bool:
    return a.context_span is not None and a.context_span == b.context_span


# --- VAT -----------------------------------------------------------------------------


def _vat(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """An HT amount restated TTC in the same sentence ("… € HT soit … € TTC")."""
    for i, a in enumerate(ctx.amounts):
        if a.tax_basis != "HT" or a.role == "unit_price":
            continue
        for b in ctx.amounts[i + 1 : i + 3]:
            gap = ctx.between(a, b)
            if len(gap) > 40 or not re.search(r"(?i)\bsoit\b|,|\(|/", gap):
                break
            if b.tax_basis == "TTC" or (
                b.tax_basis is None and re.match(r"\s*TTC\b", ctx.text[b.span.end :])
            ):
                yield MoneyRelation(
                    kind="vat",
                    total=_term(b),
                    parts=(_term(a),),
                    span=a.span.cover(b.span),
                    description="HT × (1 + taux de TVA) = TTC",
                )
                break


# --- "T dont A pour x, B pour y et C pour z" -------------------------------------------


def _dont(ctx: _Ctx) -> Iterator[MoneyRelation]:
    for i, a in enumerate(ctx.amounts):
        if a.role != "dont" or i == 0:
            continue
        total = ctx.amounts[i - 1]
        if not _same_sentence(total, a) or ")" in ctx.between(total, a):
            continue
        parts = [a]
        closed = "(" in ctx.text[total.span.end : a.span.start]
        for b in ctx.amounts[i + 1 :]:
            gap = ctx.between(parts[-1], b)
            if not _same_sentence(a, b) or re.search(r"[.;:)]", gap) or len(gap) > 80:
                break
            parts.append(b)
        if closed:
            parts = [p for p in parts if ")" not in ctx.text[a.span.start : p.span.start]]
        exhaustive = len(parts) >= 2 and re.search(r"\bet\b", ctx.between(parts[-2], parts[-1]))
        yield MoneyRelation(
            kind="sum" if exhaustive else "at_most",
            total=_term(total),
            parts=tuple(_term(p, _label_after(ctx.text, p)) for p in parts),
            span=total.span.cover(parts[-1].span),
            description="total « dont » ses parts",
            tolerance=max([tolerance_of(x) for x in (total, *parts)]),
        )


def _label_after(text: str, a: Amount) -> str | None:
    m = re.match(
        r"\s*(?:pour|de|d')\s*(?:la\s+|le\s+|les\s+|l')?([^,.;:()\n]{1,40})", text[a.span.end :]
    )
    return m.group(1).strip() if m else None


# --- "T : A … + B" -------------------------------------------------------------------


def _plus(ctx: _Ctx) -> Iterator[MoneyRelation]:
    for i in range(1, len(ctx.amounts) - 1):
        a, b = ctx.amounts[i], ctx.amounts[i + 1]
        if not _same_sentence(a, b) or not re.fullmatch(r"[^€\d]{0,60}\+\s*", ctx.between(a, b)):
            continue
        total = ctx.amounts[i - 1]
        if _same_sentence(total, a) and ":" in ctx.between(total, a):
            yield MoneyRelation(
                kind="sum",
                total=_term(total),
                parts=(_term(a), _term(b)),
                span=total.span.cover(b.span),
                description="total : A + B",
            )


# --- "N items à P € … soit un montant total de T" --------------------------------------

_COUNT_BEFORE_RE = re.compile(
    r"(?i)(?<![\w.,-])(?P<n>\d[\d ]*?)\s+(?P<what>[^\W\d]+(?:\s+d(?:e\s+|')[^\W\d]+){0,3})\s+à\s*$"
)


def _products(ctx: _Ctx) -> Iterator[MoneyRelation]:
    for i, t in enumerate(ctx.amounts):
        if t.role not in ("total", "soit"):
            continue
        terms = []
        for u in ctx.amounts[:i]:
            if u.role != "unit_price" or not _same_sentence(u, t):
                continue
            before = ctx.text[max(0, u.span.start - 80) : u.span.start]
            m = _COUNT_BEFORE_RE.search(before)
            n = parse_number(m.group("n")) if m else None
            if n is None:
                terms = []
                break
            terms.append(_term(u, m.group("what"), n))  # type: ignore[union-attr]
        if terms:
            yield MoneyRelation(
                kind="sum",
                total=_term(t),
                parts=tuple(terms),
                span=terms[0].span.cover(t.span),
                description="somme des quantités × prix unitaires",
            )


_PER_NOUN_RE = re.compile(r"\s*par\s+(?P<noun>[^\W\d]{4,})")


def _per_item(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """ "25 500 € … pour l'ensemble des 17 pylônes … estimé à 1 500 € par pylône"."""
    for u in ctx.amounts:
        if u.role != "unit_price" or u.context_span is None:
            continue
        m = _PER_NOUN_RE.match(ctx.text, u.span.end)  # at a position: no copy of the text
        if not m:
            continue
        root = m.group("noun")[:5].lower()
        sentence = ctx.text[u.context_span.start : u.context_span.end]
        counts = [
            c
            for c in re.finditer(r"(?<![\w,])(\d+)\s+([^\W\d]+)", sentence)
            if c.group(2).lower().startswith(root)
        ]
        totals = [
            t for t in ctx.amounts if t is not u and _same_sentence(t, u) and t.role != "unit_price"
        ]
        if len(counts) == 1 and len(totals) == 1:
            n = Decimal(counts[0].group(1))
            yield MoneyRelation(
                kind="sum",
                total=_term(totals[0]),
                parts=(_term(u, counts[0].group(2), n),),
                span=u.context_span,
                description="quantité × prix unitaire",
            )


# --- lists introduced by a total ------------------------------------------------------

_DETAIL_RE = re.compile(
    r"(?i)^\s*(?:l[ae]s?\s+)?(?P<what>[^\n]{3,60}?)\s+(?:peut|peuvent)\s+[êe]tre\s+d[ée]taill"
)


def _items(text: str, start: int, limit: int, level: str | None) -> list[tuple[int, int]]:
    """List items after ``start``: lines opening with a list marker (deeper than
    ``level`` when the list hangs under a bullet), or with an amount when the list
    has no markers; an item runs until the next item or a blank line + paragraph."""
    items: list[tuple[int, int]] = []
    pos = text.find("\n", start)
    marker: str | None = None
    while 0 <= pos < limit:
        ls = pos + 1
        le = text.find("\n", ls)
        le = limit if le < 0 or le > limit else le
        line = text[ls:le]
        pos = le if le > ls else ls
        if not line.strip():
            if le >= limit:
                break
            continue
        m = _MARKER_RE.match(line)
        starts_amount = re.match(r"^\s*-?\d[\d ]*(?:,\d{2})?\s*€", line) is not None
        if m and (marker is None or m.group("m") == marker) and m.group("m") != level:
            if level is not None and marker is None and _deeper(level, m.group("m")) is False:
                break
            marker = marker or m.group("m")
            items.append((ls, le))
        elif starts_amount and marker is None and level is None:
            items.append((ls, le))
        elif items and not m and text[ls - 2 : ls] != "\n\n":
            items[-1] = (items[-1][0], le)  # a wrapped continuation of the item
        elif items and m and marker is not None and m.group("m") != marker:
            if level is None or _deeper(marker, m.group("m")):
                items[-1] = (items[-1][0], le)  # a sub-item belongs to its item
            else:
                break
        else:
            break
    return items


_ORDER = "•◦▪-"


def _deeper(outer: str, inner: str) -> bool:
    # the corpus nests "•" > "-"/"◦"; a "-" under a "-" is not deeper
    return _ORDER.index(inner) > _ORDER.index(outer)


_COLON_LINE_RE = re.compile(r"(?m)^[^\n]*:[ \t]*$")


def _lists(ctx: _Ctx) -> Iterator[MoneyRelation]:
    text = ctx.text
    heads: list[tuple[Amount, int, str | None, str]] = []
    for a in ctx.amounts:
        ls, le = _line_bounds(text, a.span.start)
        line = text[ls:le]
        tail = text[a.span.end : le]
        nxt_end = text.find("\n", le + 1, le + 1 + _REACH)
        nxt = text[le + 1 : nxt_end if nxt_end >= 0 else le + 1 + _REACH] if le < len(text) else ""
        marker = _MARKER_RE.match(line)
        if ctx.in_parens_year(a):
            continue
        if re.search(r":\s*$", tail) or (re.match(r"\s*\([^)]*\)\s*:\s*$", tail + " " + nxt)):
            kind = "list_sum" if re.search(r"(?i)comprenant|notamment", line) else "sum"
            if re.search(r"(?i)\(\s*-", text[a.span.start - 2 : a.span.start + 1]):
                kind = "sum"
            end_line = le if re.search(r":\s*$", tail) else text.find("\n", le + 1)
            heads.append((a, end_line, None, kind))
        elif (
            marker
            and re.match(r"[^:]*:\s*[^\W\d]*\s*:?\s*$", text[ls : a.span.start])
            and not tail.strip(" ;,.")
        ):
            heads.append((a, le, marker.group("m"), "sum"))
    for m in _COLON_LINE_RE.finditer(text, ctx.lo, ctx.end):
        d = _DETAIL_RE.match(m.group(0))
        if not d:
            continue
        what = d.group("what").lower()
        prior = [a for a in ctx.amounts if a.span.end < m.start() and what in a.context.lower()]
        if prior:
            heads.append((prior[-1], m.end(), None, "sum"))
    for total, start, level, kind in heads:
        limit = min(len(text), start + 3000)
        items = _items(text, start, limit, level)
        values = []
        for s, e in items:
            inside = [a for a in ctx.amounts if s <= a.span.start < e and not ctx.in_parens_year(a)]
            if not inside:
                values = []
                break
            concluded = [a for a in inside if re.search(r"\bdonc\b", a.context)]
            values.append(concluded[-1] if concluded else inside[0])
        if len(values) < 2:
            continue
        extra: list[Amount] = []
        if kind == "list_sum":
            gap = abs(total.value) - sum(v.value for v in values)
            extra = _others(ctx, items[-1][1], gap)
        yield MoneyRelation(
            kind="sum" if extra else kind,
            total=_term(total),
            parts=tuple(_term(v) for v in values) + tuple(_term(x, "autres") for x in extra),
            span=total.span.cover(values[-1].span),
            description="total d'une liste de montants",
            absolute=total.value < 0,
        )


def _others(ctx: _Ctx, after: int, gap: Decimal) -> list[Amount]:
    """ "Les autres charges … (1 000 €), … (2 515 €)": the rest of a partial list, when
    the next "Les autres …" sentence prints exactly the missing amount."""
    if gap <= 0:
        return []
    m = re.compile(r"(?m)^\s*Les\s+autres\b").search(ctx.text, after, after + 2500)
    if not m:
        return []
    found = [
        a
        for a in ctx.amounts
        if a.context_span and a.context_span.start <= m.start() + 5 <= a.context_span.end
    ]
    found = [a for a in found if a.span.start >= m.start()]
    return found if found and sum(a.value for a in found) == gap else []


# --- results carried forward ("• Investissement : excédent …" three times) -----------

_RESULT_RE = re.compile(
    r"(?m)^[ \t]*•[ \t]*(?P<label>[A-ZÉ][\w ]{2,30}?)\s*:[^\n€]*?(?P<sign>[+-])?\s*$"
)


def _results(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """Bullet results by label printed in runs; a run introduced by "donc" adds the two
    runs before it: "résultats 2021 … résultats 2020 … le résultat de clôture est donc"."""
    runs: list[tuple[int, dict[str, Amount]]] = []
    for a in ctx.amounts:
        ls, _ = _line_bounds(ctx.text, a.span.start)
        m = re.match(
            r"[ \t]*•[ \t]*(?P<label>[A-ZÉ][\w ]{2,30}?)\s*:[^\n€]*$", ctx.text[ls : a.span.start]
        )
        if not m:
            continue
        label = m.group("label").strip().lower()
        if (
            runs
            and label not in runs[-1][1]
            and ls - max(x.span.end for x in runs[-1][1].values()) < 200
        ):
            runs[-1][1][label] = a
        else:
            runs.append((ls, {label: a}))
    for k in range(2, len(runs)):
        start, current = runs[k]
        intro = ctx.text[max(0, start - 200) : start]
        first, second = runs[k - 2][1], runs[k - 1][1]
        if (
            not re.search(r"\bdonc\b", intro)
            or set(first) != set(current)
            or set(second) != set(current)
        ):
            continue
        for label, total in current.items():
            yield MoneyRelation(
                kind="sum",
                total=_term(total),
                parts=(_term(first[label], label), _term(second[label], label)),
                span=first[label].span.cover(total.span),
                description=f"résultat cumulé ({label})",
            )


# --- "P … diminuées par (- N) … Le total … est donc de T" -------------------------------


def _diminished_total(ctx: _Ctx) -> Iterator[MoneyRelation]:
    for i, t in enumerate(ctx.amounts):
        if t.role != "total" or not re.search(r"\bdonc\b", t.context):
            continue
        negatives = [
            (j, n)
            for j, n in enumerate(ctx.amounts[:i])
            if n.value < 0 and t.span.start - n.span.start < 1500
        ]
        if not negatives:
            continue
        j, n = negatives[-1]
        if j == 0:
            continue
        p = ctx.amounts[j - 1]
        yield MoneyRelation(
            kind="sum",
            total=_term(t),
            parts=(_term(p), _term(n)),
            span=p.span.cover(t.span),
            description="montant diminué d'une restitution",
        )


# --- "au Département (55 000 €) et à certains EPCI (52 393 €) … 107 393 € seront donc" --


def _concluded(ctx: _Ctx) -> Iterator[MoneyRelation]:
    for t in ctx.amounts:
        if not re.search(r"\bdonc\b", ctx.text[t.span.end : t.span.end + 40]):
            continue
        para = ctx.text.rfind("\n\n", 0, t.span.start) + 2
        parens = [
            a
            for a in ctx.amounts
            if para <= a.span.start < t.span.start
            and ctx.text[a.span.start - 1] == "("
            and ctx.text[a.span.end : a.span.end + 1] == ")"
        ]
        if len(parens) >= 2 and re.search(r"\bet\b", ctx.between(parens[-2], parens[-1])):
            yield MoneyRelation(
                kind="sum",
                total=_term(t),
                parts=tuple(_term(a) for a in parens),
                span=parens[0].span.cover(t.span),
                description="montants entre parenthèses puis leur total « donc »",
            )


# --- payment schedules: "un total de … (19 845 €) … à : - Un versement initial … (5 343 €)"


_INSTALMENT_RE = re.compile(r"(?im)^[ \t]*[-•][ \t]+(?:un|une|le|la)\b[^\n]{0,40}?\bversement\b")
_TOTAL_WORD_RE = re.compile(r"(?i)\b(?:un|le)\s+(?:montant\s+)?total\b")


def _instalments(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """A list of payments ("- Un versement initial …", "- Un dernier versement …")
    after a sentence that states their total ("un total de … (19 845 €) est prévu").

    Each payment is the one amount of its item (from its dash to the next item, or to
    the next paragraph for the last; the double-spaced PDF extractions put a blank line
    inside items); the total is the last amount before the list, if its sentence says
    "un total" / "le montant total" and it lies within the list's introduction.
    """
    heads = [m.start() for m in _INSTALMENT_RE.finditer(ctx.text, ctx.lo, ctx.end)]
    groups: list[list[int]] = []
    for start in heads:
        if groups and start - groups[-1][-1] < 600:
            groups[-1].append(start)
        else:
            groups.append([start])
    for group in groups:
        if len(group) < 2:
            continue
        ends = [*group[1:], _paragraph_end(ctx.text, group[-1], ctx.end)]
        parts: list[Amount] = []
        for start, end in zip(group, ends, strict=True):
            inside = [a for a in ctx.amounts if start <= a.span.start < end]
            if len(inside) != 1:
                parts = []
                break
            parts.append(inside[0])
        if not parts:
            continue
        before = [a for a in ctx.amounts if group[0] - 600 <= a.span.start < group[0]]
        if not before or not _TOTAL_WORD_RE.search(before[-1].context):
            continue
        total = before[-1]
        yield MoneyRelation(
            kind="sum",
            total=_term(total),
            parts=tuple(_term(a) for a in parts),
            span=total.span.cover(parts[-1].span),
            description="échéancier : total des versements",
        )


def _paragraph_end(text: str, start: int, limit: int) -> int:
    """The end of the paragraph holding ``start``: two blank lines, or one before a
    line that does not continue it (a new item or a capitalised sentence)."""
    for m in re.finditer(r"\n[ \t]*\n", text[start:limit]):
        after = text[start + m.end() : start + m.end() + 2]
        if after.startswith("\n") or not after or after[0] in "-•" or after[0].isupper():
            return start + m.start()
    return limit


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


def _text_tables(ctx: _Ctx) -> Iterator[MoneyRelation]:
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


# --- percentage splits -----------------------------------------------------------------

_SHARE_RE = re.compile(
    r"(?P<pct>\d{1,3}(?:,\d+)?)\s?%\s+pour\s+(?:le|la|les|l')\s*(?P<who>[A-ZÉ][\w-]*)"
)


_SENTENCE_RE = re.compile(r"[^.]+")
_PCT_POUR_RE = re.compile(r"%\s+pour\b")


def _shares(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """ "60 % pour le Département et 40 % pour les EPCI" against the amounts the same
    extract assigns to them ("875 000,00 € pour les EPCI et 1 312 500,00 € pour le
    Département"): each amount = its share of their sum."""
    # Sentence by sentence: a single regex spanning "%…pour…%…pour" backtracks
    # quadratically on long stretches without a full stop (tables, annexes).
    for m in _SENTENCE_RE.finditer(ctx.text, ctx.lo, ctx.end):
        sentence = m.group(0)
        if sentence.count("%") < 2 or len(_PCT_POUR_RE.findall(sentence)) < 2:
            continue
        shares = [
            (Decimal(s.group("pct").replace(",", ".")), s.group("who"))
            for s in _SHARE_RE.finditer(sentence)
        ]
        if len(shares) < 2 or sum(p for p, _ in shares) != 100:
            continue
        owned = {}
        for pct, who in shares:
            hits = [a for a in ctx.amounts if (_label_after(ctx.text, a) or "").startswith(who)]
            if len(hits) != 1:
                break
            owned[who] = (pct, hits[0])
        if len(owned) != len(shares):
            continue
        base = sum(a.value for _, a in owned.values())
        for who, (pct, a) in owned.items():
            yield MoneyRelation(
                kind="share",
                total=_term(a, who),
                parts=tuple(_term(x, w) for w, (_, x) in owned.items()),
                span=Span(m.start(), m.end()).cover(a.span),
                description=f"part de {pct} % pour {who}",
                rate=pct,
                base=base,
            )


# --- ETP × annual cost ------------------------------------------------------------------

_ETP_RE = re.compile(r"(?P<n>\d+(?:,\d+)?)\s*ETP\s+cat\.\s*(?P<cat>[ABC])\b")
_ETP_TOTAL_RE = re.compile(r"(?m)^[ \t]*Total\s+(?P<etp>\d+(?:,\d+)?)\s+(?P<terms>.*ETP.*)$")


def _etp(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """ "Total 5,5 2,5 ETP cat. A + 1,2 ETP cat. B + 1,8 ETP cat. C 444 444 €" and
    "catégorie A : 98 280 €": the total cost and the total ETP."""
    for line in _ETP_TOTAL_RE.finditer(ctx.text, ctx.lo, ctx.end):
        terms = list(_ETP_RE.finditer(line.group("terms")))
        total = [a for a in ctx.amounts if line.start() <= a.span.start < line.end()]
        costs = {}
        for a in ctx.amounts:
            c = re.search(
                r"cat[ée]gorie\s+([ABC])\s*:\s*$",
                ctx.text[max(0, a.span.start - 30) : a.span.start],
            )
            if c and a.span.start > line.end():
                costs.setdefault(c.group(1), a)
        if not terms or len(total) != 1 or any(t.group("cat") not in costs for t in terms):
            continue
        base = line.start("terms")
        yield MoneyRelation(
            kind="sum",
            total=_term(total[0]),
            parts=tuple(
                _term(
                    costs[t.group("cat")],
                    f"ETP cat. {t.group('cat')}",
                    Decimal(t.group("n").replace(",", ".")),
                )
                for t in terms
            ),
            span=Span(line.start(), line.end()),
            description="ETP × coût annuel par catégorie",
        )
        etp_total = Decimal(line.group("etp").replace(",", "."))
        yield MoneyRelation(
            kind="sum",
            total=Term(etp_total, line.group("etp"), Span(line.start("etp"), line.end("etp"))),
            parts=tuple(
                Term(
                    Decimal(t.group("n").replace(",", ".")),
                    t.group(0),
                    Span(base + t.start(), base + t.end()),
                )
                for t in terms
            ),
            span=Span(line.start(), line.end()),
            description="total des ETP",
            unit="ETP",
        )


# --- stated ratios ("20 fois inférieur au montant initial investi") --------------------

_RATIO_RE = re.compile(
    r"(?i)(?P<n>\d+(?:,\d+)?)\s+fois\s+inf[ée]rieure?s?\s+(?:au|à\s+la|à)\s+"
    r"(?P<ref>[^(,;\n]{3,80}?)\s*(?:\((?P<paren>[^)]*)\)|,|;|\n|$)"
)
_SUBJECT_RE = re.compile(
    r"(?i)\bLe\s+montant\s+(?:de\s+la|du|de\s+l')\s*(?P<what>[^\W\d]{4,})[^:\n]*?"
    r"\best(?:\s+donc)?\s*:\s*$"
)
_ADDED_RE = re.compile(r"(?i)\ben\s+int[ée]grant\s+(?:le|la|les|l')\s*(?P<what>[^(),]{4,60})")
_STOP = {"montant", "initial", "initiale", "syndicat", "proposé", "proposée", "sur", "base"}


def _roots(phrase: str) -> list[str]:
    """The phrase's long words, matched as prefixes: "investi" finds "investissements"."""
    return [w.lower() for w in re.findall(r"[^\W\d]{6,}", phrase) if w.lower() not in _STOP]


def _last_before(ctx: _Ctx, pos: int, roots: list[str]) -> Amount | None:
    """The last amount before ``pos`` whose sentence holds one of ``roots``."""
    hits = [
        a
        for a in ctx.amounts
        if a.span.end <= pos and any(r in a.context.lower() for r in roots) and a.value > 0
    ]
    return hits[-1] if hits else None


def _paragraph_last(ctx: _Ctx, pos: int, phrase: str) -> Amount | None:
    """The last amount of the last paragraph before ``pos`` that names ``phrase``."""
    at = ctx.text.rfind(phrase, ctx.lo, pos)
    if at < 0:
        return None
    start = ctx.text.rfind("\n\n", ctx.lo, at) + 2
    end = ctx.text.find("\n\n", at)
    end = pos if end < 0 or end > pos else end
    inside = [a for a in ctx.amounts if start <= a.span.start < end and a.value > 0]
    return inside[-1] if inside else None


def _ratios(ctx: _Ctx) -> Iterator[MoneyRelation]:
    """ "Le montant de la proposition … est donc : • 20 fois inférieur au montant initial
    investi (…), • 6 fois inférieur … (en intégrant le prix supplémentaire différé …)".

    The divisor is the amount of the sentence naming the head's subject ("proposition"),
    plus, for an item that says so, the amount of the paragraph naming what it adds
    ("prix supplémentaire différé"); the dividend is the last amount before the list
    whose sentence names the reference ("investi" → "investissements"). When any of them
    cannot be found, no relation is claimed.
    """
    for m in _RATIO_RE.finditer(ctx.text, ctx.lo, ctx.end):
        head_end = ctx.text.rfind(":", ctx.lo, m.start())
        if head_end < 0 or m.start() - head_end > 600:
            continue
        hs = ctx.text.rfind("\n\n", ctx.lo, head_end) + 2
        head = ctx.text[hs : head_end + 1]
        subject = _SUBJECT_RE.search(head.replace("\n", " "))
        if not subject:
            continue
        reference = _last_before(ctx, hs + head.find("Le montant"), _roots(m.group("ref")))
        divisor = _last_before(ctx, hs, _roots(subject.group("what")))
        if reference is None or divisor is None or reference is divisor:
            continue
        parts = [_term(divisor, subject.group("what"))]
        added = _ADDED_RE.search(m.group("paren") or "")
        if added:
            phrase = " ".join(added.group("what").split()[:3])
            extra = _paragraph_last(ctx, hs, phrase)
            if extra is None or extra is divisor:
                continue
            parts.append(_term(extra, phrase))
        stated = parse_number(m.group("n"))
        if stated is None:
            continue
        decimals = len(m.group("n").split(",")[1]) if "," in m.group("n") else 0
        yield MoneyRelation(
            kind="ratio",
            total=Term(stated, m.group(0).strip(), Span(m.start("n"), m.end("n"))),
            parts=(_term(reference, m.group("ref").strip()), *parts),
            span=Span(m.start(), m.end()),
            description=f"rapport de {m.group('n')} fois",
            # a ratio stated "20 fois" is a rounded figure: it holds when the true ratio
            # rounds to it, i.e. within half a unit of its last printed digit
            tolerance=Decimal("0.5") * Decimal(10) ** -decimals,
            unit="fois",
        )

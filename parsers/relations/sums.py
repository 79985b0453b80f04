"""Sums stated in a sentence: VAT ("HT soit … TTC"), "T dont A pour x et B pour y",
"A + B", products ("N bornes à P €"), per-item prices, totals diminished by a
deduction and totals concluded from amounts in brackets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from parsers.amounts import parse_number
from parsers.records import MoneyRelation, Term
from parsers.relations.context import (
    Ctx,
    label_after,
    same_sentence,
    term,
    tolerance_of,
)

# --- VAT -----------------------------------------------------------------------------


def find_vat(ctx: Ctx) -> Iterator[MoneyRelation]:
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
                    total=term(b),
                    parts=(term(a),),
                    span=a.span.cover(b.span),
                    description="HT × (1 + taux de TVA) = TTC",
                )
                break


# --- "T dont A pour x, B pour y et C pour z" -------------------------------------------


def find_dont(ctx: Ctx) -> Iterator[MoneyRelation]:
    for i, a in enumerate(ctx.amounts):
        if a.role != "dont" or i == 0:
            continue
        total = ctx.amounts[i - 1]
        if not same_sentence(total, a) or ")" in ctx.between(total, a):
            continue
        parts = [a]
        closed = "(" in ctx.text[total.span.end : a.span.start]
        for b in ctx.amounts[i + 1 :]:
            gap = ctx.between(parts[-1], b)
            if not same_sentence(a, b) or re.search(r"[.;:)]", gap) or len(gap) > 80:
                break
            parts.append(b)
        if closed:
            parts = [p for p in parts if ")" not in ctx.text[a.span.start : p.span.start]]
        exhaustive = len(parts) >= 2 and re.search(r"\bet\b", ctx.between(parts[-2], parts[-1]))
        yield MoneyRelation(
            kind="sum" if exhaustive else "at_most",
            total=term(total),
            parts=tuple(term(p, label_after(ctx.text, p)) for p in parts),
            span=total.span.cover(parts[-1].span),
            description="total « dont » ses parts",
            tolerance=max([tolerance_of(x) for x in (total, *parts)]),
        )


# --- "T : A … + B" -------------------------------------------------------------------


def find_plus(ctx: Ctx) -> Iterator[MoneyRelation]:
    for i in range(1, len(ctx.amounts) - 1):
        a, b = ctx.amounts[i], ctx.amounts[i + 1]
        if not same_sentence(a, b) or not re.fullmatch(r"[^€\d]{0,60}\+\s*", ctx.between(a, b)):
            continue
        total = ctx.amounts[i - 1]
        if same_sentence(total, a) and ":" in ctx.between(total, a):
            yield MoneyRelation(
                kind="sum",
                total=term(total),
                parts=(term(a), term(b)),
                span=total.span.cover(b.span),
                description="total : A + B",
            )


# --- "N items à P € … soit un montant total de T" --------------------------------------

_COUNT_BEFORE_RE = re.compile(
    r"(?i)(?<![\w.,-])(?P<n>\d[\d ]*?)\s+(?P<what>[^\W\d]+(?:\s+d(?:e\s+|')[^\W\d]+){0,3})\s+à\s*$"
)


def find_products(ctx: Ctx) -> Iterator[MoneyRelation]:
    for i, t in enumerate(ctx.amounts):
        if t.role not in ("total", "soit"):
            continue
        terms: list[Term] = []
        for u in ctx.amounts[:i]:
            if u.role != "unit_price" or not same_sentence(u, t):
                continue
            before = ctx.text[max(0, u.span.start - 80) : u.span.start]
            m = _COUNT_BEFORE_RE.search(before)
            n = parse_number(m.group("n")) if m else None
            if m is None or n is None:
                terms = []
                break
            terms.append(term(u, m.group("what"), n))
        if terms:
            yield MoneyRelation(
                kind="sum",
                total=term(t),
                parts=tuple(terms),
                span=terms[0].span.cover(t.span),
                description="somme des quantités × prix unitaires",
            )


_PER_NOUN_RE = re.compile(r"\s*par\s+(?P<noun>[^\W\d]{4,})")


def find_per_item(ctx: Ctx) -> Iterator[MoneyRelation]:
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
            t for t in ctx.amounts if t is not u and same_sentence(t, u) and t.role != "unit_price"
        ]
        if len(counts) == 1 and len(totals) == 1:
            n = Decimal(counts[0].group(1))
            yield MoneyRelation(
                kind="sum",
                total=term(totals[0]),
                parts=(term(u, counts[0].group(2), n),),
                span=u.context_span,
                description="quantité × prix unitaire",
            )


# --- "P … diminuées par (- N) … Le total … est donc de T" -------------------------------


def find_diminished_total(ctx: Ctx) -> Iterator[MoneyRelation]:
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
            total=term(t),
            parts=(term(p), term(n)),
            span=p.span.cover(t.span),
            description="montant diminué d'une restitution",
        )


# --- "au Département (55 000 €) et à certains EPCI (52 393 €) … 107 393 € seront donc" --


def find_concluded(ctx: Ctx) -> Iterator[MoneyRelation]:
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
                total=term(t),
                parts=tuple(term(a) for a in parens),
                span=parens[0].span.cover(t.span),
                description="montants entre parenthèses puis leur total « donc »",
            )

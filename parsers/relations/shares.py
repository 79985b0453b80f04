"""Proportions: percentage splits between parties, staff (ETP × annual cost) and
stated ratios ("20 fois inférieur")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from parsers.amounts import parse_number
from parsers.records import Amount, MoneyRelation, Span, Term
from parsers.relations.context import (
    Ctx,
    label_after,
    term,
)

# --- percentage splits -----------------------------------------------------------------

_SHARE_RE = re.compile(
    r"(?P<pct>\d{1,3}(?:,\d+)?)\s?%\s+pour\s+(?:le|la|les|l')\s*(?P<who>[A-ZÉ][\w-]*)"
)


_SENTENCE_RE = re.compile(r"[^.]+")
_PCT_POUR_RE = re.compile(r"%\s+pour\b")


def find_shares(ctx: Ctx) -> Iterator[MoneyRelation]:
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
        owned: dict[str, tuple[Decimal, Amount]] = {}
        for pct, who in shares:
            hits = [a for a in ctx.amounts if (label_after(ctx.text, a) or "").startswith(who)]
            if len(hits) != 1:
                break
            owned[who] = (pct, hits[0])
        if len(owned) != len(shares):
            continue
        base = sum((a.value for _, a in owned.values()), Decimal(0))
        for who, (pct, a) in owned.items():
            yield MoneyRelation(
                kind="share",
                total=term(a, who),
                parts=tuple(term(x, w) for w, (_, x) in owned.items()),
                span=Span(m.start(), m.end()).cover(a.span),
                description=f"part de {pct} % pour {who}",
                rate=pct,
                base=base,
            )


# --- ETP × annual cost ------------------------------------------------------------------

_ETP_RE = re.compile(r"(?P<n>\d+(?:,\d+)?)\s*ETP\s+cat\.\s*(?P<cat>[ABC])\b")
_ETP_TOTAL_RE = re.compile(r"(?m)^[ \t]*Total\s+(?P<etp>\d+(?:,\d+)?)\s+(?P<terms>.*ETP.*)$")


def find_etp(ctx: Ctx) -> Iterator[MoneyRelation]:
    """ "Total 5,5 2,5 ETP cat. A + 1,2 ETP cat. B + 1,8 ETP cat. C 444 444 €" and
    "catégorie A : 98 280 €": the total cost and the total ETP."""
    for line in _ETP_TOTAL_RE.finditer(ctx.text, ctx.lo, ctx.end):
        terms = list(_ETP_RE.finditer(line.group("terms")))
        total = [a for a in ctx.amounts if line.start() <= a.span.start < line.end()]
        costs: dict[str, Amount] = {}
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
            total=term(total[0]),
            parts=tuple(
                term(
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


def _last_before(ctx: Ctx, pos: int, roots: list[str]) -> Amount | None:
    """The last amount before ``pos`` whose sentence holds one of ``roots``."""
    hits = [
        a
        for a in ctx.amounts
        if a.span.end <= pos and any(r in a.context.lower() for r in roots) and a.value > 0
    ]
    return hits[-1] if hits else None


def _paragraph_last(ctx: Ctx, pos: int, phrase: str) -> Amount | None:
    """The last amount of the last paragraph before ``pos`` that names ``phrase``."""
    at = ctx.text.rfind(phrase, ctx.lo, pos)
    if at < 0:
        return None
    start = ctx.text.rfind("\n\n", ctx.lo, at) + 2
    end = ctx.text.find("\n\n", at)
    end = pos if end < 0 or end > pos else end
    inside = [a for a in ctx.amounts if start <= a.span.start < end and a.value > 0]
    return inside[-1] if inside else None


def find_ratios(ctx: Ctx) -> Iterator[MoneyRelation]:
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
        parts = [term(divisor, subject.group("what"))]
        added = _ADDED_RE.search(m.group("paren") or "")
        if added:
            phrase = " ".join(added.group("what").split()[:3])
            extra = _paragraph_last(ctx, hs, phrase)
            if extra is None or extra is divisor:
                continue
            parts.append(term(extra, phrase))
        stated = parse_number(m.group("n"))
        if stated is None:
            continue
        decimals = len(m.group("n").split(",")[1]) if "," in m.group("n") else 0
        yield MoneyRelation(
            kind="ratio",
            total=Term(stated, m.group(0).strip(), Span(m.start("n"), m.end("n"))),
            parts=(term(reference, m.group("ref").strip()), *parts),
            span=Span(m.start(), m.end()),
            description=f"rapport de {m.group('n')} fois",
            # a ratio stated "20 fois" is a rounded figure: it holds when the true ratio
            # rounds to it, i.e. within half a unit of its last printed digit
            tolerance=Decimal("0.5") * Decimal(10) ** -decimals,
            unit="fois",
        )

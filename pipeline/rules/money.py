"""Money rules: the arithmetic the documents claim, re-done exactly in Decimal.

The relations come from :mod:`parsers.relations` (what the wording claims) and
:mod:`parsers.budget` (what a table's layout claims); every relation tested is a
Check, so a report can say how many held. Amounts printed rounded ("8,8 M€") are
compared within half a unit of their last printed digit, amounts to the cent exactly
(VAT: one cent, the rounding of a TTC computed from an HT).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from parsers.amounts import format_amount
from parsers.budget import members
from parsers.records import Amount, BudgetLine, ExtractedDocument, MoneyRelation, Span, Term
from pipeline.findings import Check, Finding
from pipeline.validate import rule

CENT = Decimal("0.01")
VAT_RATES = (Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1"))
# Two figures closer than this, in one extract, are taken for the same quantity quoted twice.
REPEAT_GAP = Decimal("2")
REPEAT_MIN = Decimal("1000")


def _fmt(value: Decimal, unit: str = "€") -> str:
    if unit == "€":
        return format_amount(value)
    text = f"{value.normalize():f}".replace(".", ",")
    return f"{text} {unit}"


def _gap(value: Decimal, unit: str = "€") -> str:
    if unit == "€":
        return format_amount(abs(value), cents=abs(value) != abs(value).to_integral_value())
    return _fmt(abs(value), unit)


def _sessions(doc: ExtractedDocument) -> dict[str | None, str]:
    return {d.number: d.session_key for d in doc.deliberations}


def _check(
    doc: ExtractedDocument,
    passed: bool,
    message: str,
    expected: Decimal | str,
    observed: Decimal | str,
    span: Span | None,
    number: str | None,
    unit: str = "€",
) -> Check:
    def show(v: Decimal | str) -> str:
        return v if isinstance(v, str) else _fmt(v, unit)

    where = f"{number} : " if number else ""
    rounding = (
        not passed
        and unit == "€"
        and isinstance(expected, Decimal)
        and isinstance(observed, Decimal)
        and abs(expected - observed) < 1
    )
    if rounding:
        # two printed figures a few cents apart: worth saying, not an error to correct
        # before publication
        where += "écart d'arrondi (moins d'un euro) — "
    return Check(
        passed=passed,
        severity="warning" if rounding else None,
        message=where + message,
        expected=show(expected),
        observed=show(observed),
        span=span,
        session_key=_sessions(doc).get(number),
        deliberation_number=number,
    )


def _term_value(t: Term) -> Decimal:
    return t.value * t.factor if t.factor is not None else t.value


def _plus(texts: list[str]) -> str:
    """Terms joined by "+", a negative one subtracted: "5 399 359,36 € − 122 193 €", never
    "+ -122 193 €"."""
    out = texts[0] if texts else ""
    for t in texts[1:]:
        out += f" − {t[1:]}" if t.startswith("-") else f" + {t}"
    return out


def _term_text(t: Term, unit: str) -> str:
    if t.factor is not None:
        return f"{_fmt(t.factor, '').strip()} × {_fmt(t.value, unit)}"
    return _fmt(t.value, unit)


def _relations(doc: ExtractedDocument, *kinds: str) -> Iterator[MoneyRelation]:
    yield from (r for r in doc.money_relations if r.kind in kinds)


@rule(
    "money.sum",
    "error",
    "Un total indiqué = la somme des montants qui le composent (« dont », listes, montants "
    "entre parenthèses, échéancier de versements, ligne « Total » d'un tableau en texte).",
)
def stated_sums(doc: ExtractedDocument) -> Iterator[Check]:
    return (_sum_check(doc, r) for r in _relations(doc, "sum"))


@rule(
    "money.list_total",
    "warning",
    "Un total suivi d'une liste « comprenant » = la somme de la liste (la liste peut être "
    "partielle : avertissement).",
)
def list_totals(doc: ExtractedDocument) -> Iterator[Check]:
    return (_sum_check(doc, r) for r in _relations(doc, "list_sum"))


def _sum_check(doc: ExtractedDocument, r: MoneyRelation) -> Check:
    total = abs(r.total.value) if r.absolute else r.total.value
    parts = sum((_term_value(t) for t in r.parts), Decimal(0))
    diff = total - parts
    ok = abs(diff) <= r.tolerance
    terms = _plus([_term_text(t, r.unit) for t in r.parts])
    if ok:
        message = (
            f"{r.description} : {terms} = {_fmt(parts, r.unit)}, "
            f"total indiqué {_fmt(r.total.value, r.unit)}"
        )
    else:
        message = (
            f"Le total indiqué ({_fmt(r.total.value, r.unit)}) ne correspond pas à la somme "
            f"des montants ({terms} = {_fmt(parts, r.unit)}) : écart de {_gap(diff, r.unit)}"
        )
    return _check(doc, ok, message, parts, total, r.span, r.deliberation_number, r.unit)


@rule(
    "money.part_within_total",
    "error",
    "Les parts annoncées par « dont » ne dépassent pas le total.",
)
def parts_within(doc: ExtractedDocument) -> Iterator[Check]:
    for r in _relations(doc, "at_most"):
        parts = sum((_term_value(t) for t in r.parts), Decimal(0))
        ok = parts <= r.total.value + r.tolerance
        terms = _plus([_term_text(t, r.unit) for t in r.parts])
        message = (
            f"la part annoncée par « dont » ({terms}) ne dépasse pas le total "
            f"({_fmt(r.total.value)})"
            if ok
            else f"Les parts annoncées par « dont » ({terms} = {_fmt(parts)}) dépassent le "
            f"total indiqué ({_fmt(r.total.value)}) : écart de {_gap(parts - r.total.value)}"
        )
        yield _check(
            doc,
            ok,
            message,
            f"≤ {_fmt(r.total.value)}",
            parts,
            r.span,
            r.deliberation_number,
        )


@rule("money.vat", "error", "HT × (1 + taux de TVA) = TTC (20 %, 10 %, 5,5 %, 2,1 %), au centime.")
def vat(doc: ExtractedDocument) -> Iterator[Check]:
    for r in _relations(doc, "vat"):
        ht, ttc = r.parts[0].value, r.total.value
        fits = [rate for rate in VAT_RATES if abs(_ttc(ht, rate) - ttc) <= CENT]
        if fits:
            rate = fits[0]
            message = (
                f"{_fmt(ht)} HT × (1 + {_fmt(rate, '%')}) = {_fmt(_ttc(ht, rate))}, "
                f"TTC indiqué {_fmt(ttc)}"
            )
            expected = _ttc(ht, rate)
        else:
            expected = _ttc(ht, VAT_RATES[0])
            message = (
                f"Le montant TTC indiqué ({_fmt(ttc)}) ne correspond à aucun taux de TVA "
                f"appliqué au montant HT ({_fmt(ht)}) : à 20 %, {_fmt(expected)}, "
                f"écart de {_gap(ttc - expected)}"
            )
        check = _check(doc, bool(fits), message, expected, ttc, r.span, r.deliberation_number)
        if not fits and not ht < ttc <= ht * Decimal("1.25"):
            # no VAT rate comes near: the two figures paired are more likely a misreading
            # (a figure cut by a line, another amount of the sentence) than a wrong TTC
            check = replace(
                check,
                not_checked="le TTC lu est hors de toute TVA possible sur ce HT : "
                "l'appariement des deux montants est à vérifier",
            )
        yield check


def _ttc(ht: Decimal, rate: Decimal) -> Decimal:
    return (ht * (1 + rate / 100)).quantize(CENT, rounding=ROUND_HALF_UP)


@rule(
    "money.share",
    "error",
    "Une répartition en pourcentages (« 60 % pour le Département et 40 % pour les EPCI ») "
    "= les montants attribués à chacun.",
)
def shares(doc: ExtractedDocument) -> Iterator[Check]:
    for r in _relations(doc, "share"):
        assert r.rate is not None and r.base is not None
        expected = (r.base * r.rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        diff = r.total.value - expected
        ok = abs(diff) <= CENT
        who = r.total.label or "?"
        message = (
            f"{_fmt(r.rate, '%')} de {_fmt(r.base)} = {_fmt(expected)}, montant indiqué pour "
            f"{who} {_fmt(r.total.value)}"
        )
        if not ok:
            message = (
                f"Le montant indiqué pour {who} ({_fmt(r.total.value)}) ne correspond pas à "
                f"sa part de {_fmt(r.rate, '%')} ({_fmt(expected)}) : écart de {_gap(diff)}"
            )
        yield _check(doc, ok, message, expected, r.total.value, r.span, r.deliberation_number)


@rule(
    "money.ratio",
    "error",
    "Un rapport annoncé (« 20 fois inférieur au montant initial investi ») = le quotient des "
    "montants comparés, à la demi-unité près du chiffre imprimé (« 20 fois » vaut pour un "
    "rapport de 19,5 à 20,5).",
)
def ratios(doc: ExtractedDocument) -> Iterator[Check]:
    """Stated ratios; a rounded statement holds when the true ratio rounds to it."""
    for r in _relations(doc, "ratio"):
        reference, *compared = r.parts
        divisor = sum((_term_value(t) for t in compared), Decimal(0))
        if divisor == 0:
            continue
        ratio = (_term_value(reference) / divisor).quantize(CENT, rounding=ROUND_HALF_UP)
        diff = ratio - r.total.value
        ok = abs(diff) <= r.tolerance
        terms = _plus([_term_text(t, "€") for t in compared])
        message = (
            f"{_fmt(reference.value)} / ({terms}) = {_fmt(ratio, 'fois')}, "
            f"rapport annoncé {_fmt(r.total.value, 'fois')}"
            if ok
            else f"Le rapport annoncé ({_fmt(r.total.value, 'fois')}) ne correspond pas au "
            f"quotient des montants ({_fmt(reference.value)} / ({terms}) = "
            f"{_fmt(ratio, 'fois')}) : écart de {_gap(diff, 'fois')}"
        )
        yield _check(
            doc,
            ok,
            message,
            ratio,
            r.total.value,
            r.span,
            r.deliberation_number,
            "fois",
        )


# --- budget tables ---------------------------------------------------------------------

_COLUMNS = (("budget", "Budget"), ("movement", "Mouvement"), ("after", "Montant après"))


def _line_name(line: BudgetLine) -> str:
    code = line.account or line.chapter if line.level != "total" else None
    label = f"{code} {line.label}" if code else line.label
    where = ", ".join(x for x in (line.section, line.side or "solde") if x)
    return f"« {label} » ({where})"


@rule(
    "budget.line",
    "error",
    "Sur chaque ligne d'un tableau budgétaire : Budget + Mouvement = Montant après.",
)
def budget_line(doc: ExtractedDocument) -> Iterator[Check]:
    for line in doc.budget_lines:
        if line.budget is None or line.after is None:
            continue
        expected = line.budget + (line.movement or Decimal(0))
        ok = expected == line.after
        what = (
            _plus([_fmt(line.budget), _fmt(line.movement)])
            if line.movement is not None
            else f"{_fmt(line.budget)} (sans mouvement)"
        )
        message = (
            f"ligne {_line_name(line)} : {what} = {_fmt(expected)}, "
            f"montant après {_fmt(line.after)}"
            if ok
            else f"Ligne {_line_name(line)} : le montant après ({_fmt(line.after)}) ne correspond "
            f"pas à {what} = {_fmt(expected)} : écart de {_gap(line.after - expected)}"
        )
        yield _check(
            doc,
            ok,
            message,
            expected,
            line.after,
            line.span,
            line.deliberation_number,
        )


@rule(
    "budget.subtotal",
    "error",
    "Dans un tableau budgétaire : chaque chapitre = la somme de ses lignes, chaque total = "
    "la somme des chapitres, le total de section = la somme des totaux (par colonne).",
)
def budget_subtotals(doc: ExtractedDocument) -> Iterator[Check]:
    words = {"chapter": "chapitre", "total": "total", "grand_total": "total de section"}
    for rel in members(list(doc.budget_lines)):
        for attr, column in _COLUMNS:
            stated = getattr(rel.whole, attr)
            if stated is None:
                continue
            values = [getattr(p, attr) for p in rel.parts]
            if attr != "budget" and all(v is None for v in values):
                continue  # the parts print no such column: nothing to add
            total = sum((v for v in values if v is not None), Decimal(0))
            diff = stated - total
            ok = diff == 0
            n = len(rel.parts)
            lines = "sa ligne" if n == 1 else f"ses {n} lignes"
            message = (
                f"{words[rel.kind]} {_line_name(rel.whole)}, colonne {column} : "
                + (f"somme des {n} lignes" if n > 1 else "sa seule ligne")
                + f" = {_fmt(total)}, indiqué {_fmt(stated)}"
                if ok
                else f"Le {words[rel.kind]} {_line_name(rel.whole)}, colonne {column}, indique "
                f"{_fmt(stated)} mais {lines} {'font' if n > 1 else 'fait'} {_fmt(total)} : "
                f"écart de {_gap(diff)}"
            )
            span = rel.whole.span
            if span is not None and rel.parts and rel.parts[0].span is not None:
                span = span.cover(rel.parts[0].span)
            yield _check(
                doc,
                ok,
                message,
                total,
                stated,
                span,
                rel.whole.deliberation_number,
            )


@rule(
    "budget.balance",
    "error",
    "Une section d'un tableau budgétaire est équilibrée : total des dépenses = total des "
    "recettes, et le solde imprimé = recettes − dépenses.",
)
def budget_balance(doc: ExtractedDocument) -> Iterator[Check]:
    grand: dict[tuple[str | None, str | None], dict[str | None, BudgetLine]] = {}
    for rel in members(list(doc.budget_lines)):
        if rel.kind == "grand_total":
            key = (rel.whole.table, rel.whole.section)
            grand.setdefault(key, {})[rel.whole.side] = rel.whole
    for (_, section), sides in grand.items():
        dep, rec = sides.get("dépenses"), sides.get("recettes")
        if dep is None or rec is None:
            continue
        for attr, column in _COLUMNS:
            a, b = getattr(dep, attr), getattr(rec, attr)
            if a is None or b is None:
                continue
            ok = a == b
            message = (
                f"section de {section}, colonne {column} : dépenses {_fmt(a)} = recettes {_fmt(b)}"
                if ok
                else f"La section de {section} n'est pas équilibrée (colonne {column}) : dépenses "
                f"{_fmt(a)}, recettes {_fmt(b)} : écart de {_gap(a - b)}"
            )
            span = dep.span.cover(rec.span) if dep.span and rec.span else dep.span
            yield _check(doc, ok, message, a, b, span, dep.deliberation_number)
        for line in doc.budget_lines:
            if line.level != "balance" or line.section != section or line.budget is None:
                continue
            if rec.budget is None or dep.budget is None:
                continue
            expected = rec.budget - dep.budget
            ok = expected == line.budget
            message = (
                f"solde de {section} : {_fmt(rec.budget)} − {_fmt(dep.budget)} = "
                f"{_fmt(expected)}, solde indiqué {_fmt(line.budget)}"
                if ok
                else f"Le solde de {section} indiqué ({_fmt(line.budget)}) ne correspond pas à "
                f"recettes − dépenses ({_fmt(expected)}) : écart de {_gap(line.budget - expected)}"
            )
            yield _check(
                doc,
                ok,
                message,
                expected,
                line.budget,
                line.span,
                line.deliberation_number,
            )


# --- the same quantity quoted twice ------------------------------------------------------


@rule(
    "money.repeated",
    "warning",
    "Un même montant cité deux fois dans un document (procès-verbal et tableau annexé…) a la "
    "même valeur : deux montants de plus de 1 000 € qui diffèrent de 2 € au plus sont signalés.",
)
def repeated(doc: ExtractedDocument) -> Iterator[Check]:
    # One register records one body's decisions: a figure of the March minutes and the
    # same figure in the June amendment table must agree, so pairs span the document.
    amounts = [a for a in doc.amounts if not a.scaled and abs(a.value) >= REPEAT_MIN]
    for i, j in _repeated_pairs(amounts):
        a, b = amounts[i], amounts[j]
        diff = abs(a.value) - abs(b.value)
        if diff == 0:
            yield _check(
                doc,
                True,
                f"{_fmt(abs(a.value))} est cité plusieurs fois avec la même valeur",
                abs(a.value),
                abs(b.value),
                a.span,
                a.deliberation_number,
            )
            continue
        message = (
            f"Le même montant semble cité avec deux valeurs différentes : {a.raw.strip()} "
            f"(« {_short(a.context)} ») et {b.raw.strip()} (« {_short(b.context)} ») : "
            f"écart de {_gap(diff)}"
        )
        yield _check(
            doc,
            False,
            message,
            abs(a.value),
            abs(b.value),
            a.span.cover(b.span) if b.span.start - a.span.end < 3000 else a.span,
            a.deliberation_number,
        )


def _repeated_pairs(amounts: list[Amount]) -> list[tuple[int, int]]:
    """For each pair of values at most :data:`REPEAT_GAP` apart, the first pair (i < j,
    in document order) of amounts printing them, not both cells of a table (a table's
    own lines are checked by the budget rules); sorted by (i, j).

    Comparing every pair of amounts was n² (a document of 75 000 amounts ran for
    minutes). Here the distinct values are sorted, each is paired only with those
    within the gap, and the first pair of two values is found by bisection in the
    positions printing each: n log n, times the few values (cents) a gap can hold.
    """
    at: dict[Decimal, list[int]] = {}
    for n, a in enumerate(amounts):
        at.setdefault(abs(a.value), []).append(n)
    cell = [a.role == "table_cell" for a in amounts]
    prose = {v: [n for n in ns if not cell[n]] for v, ns in at.items()}
    values = sorted(at)
    pairs = []
    for k, v in enumerate(values):
        for w in values[k : bisect.bisect_right(values, v + REPEAT_GAP, lo=k)]:
            first = _first_pair(at[v], at[w], prose[v], prose[w], cell)
            if first is not None:
                pairs.append(first)
    return sorted(pairs)


def _first_pair(
    xs: list[int], ys: list[int], xs_prose: list[int], ys_prose: list[int], cell: list[bool]
) -> tuple[int, int] | None:
    """The smallest (i, j), i < j, one in ``xs`` and the other in ``ys`` (the same list
    for one value), not both table cells. Positions are sorted."""
    best: tuple[int, int] | None = None
    for mine, other, other_prose in ((xs, ys, ys_prose), (ys, xs, xs_prose)):
        for i in mine:
            if best is not None and i >= best[0]:
                break
            pool = other_prose if cell[i] else other
            at = bisect.bisect_right(pool, i)
            if at < len(pool):
                best = (i, pool[at]) if best is None else min(best, (i, pool[at]))
                break
        if xs is ys:
            break
    return best


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@rule(
    "table.unread",
    "info",
    "Un tableau en texte avec une ligne « Total » dont les colonnes n'ont pas pu être lues "
    "sûrement (ses lignes n'ont pas toutes le même nombre de valeurs, lues en groupes de "
    "milliers) : ses totaux ne sont pas vérifiés.",
)
def unread_tables(doc: ExtractedDocument) -> Iterator[Finding]:
    for r in _relations(doc, "unread_table"):
        where = f"{r.deliberation_number} : " if r.deliberation_number else ""
        yield Finding(
            severity="info",
            message=f"{where}tableau non vérifié : {r.description} ; ses totaux (ligne "
            f"« Total {r.total.raw} … ») ne sont pas contrôlés",
            expected="autant de valeurs sur chaque ligne",
            observed=r.description,
            span=r.span,
            session_key=_sessions(doc).get(r.deliberation_number),
            deliberation_number=r.deliberation_number,
        )


@rule(
    "contracts.unique_reference",
    "warning",
    "Un numéro de marché, de lettre de commande, de décision ou d'arrêté désigne un seul "
    "engagement.",
)
def unique_reference(doc: ExtractedDocument) -> Iterator[Check]:
    seen: dict[tuple[str, str], list] = {}
    for c in doc.contracts:
        if c.reference and c.kind not in ("marché",):
            seen.setdefault((c.kind, c.reference), []).append(c)
    for (_, ref), rows in seen.items():
        ok = len({(r.counterparty, r.subject) for r in rows}) == 1
        first = rows[0]
        if ok:
            message = f"la référence {ref} désigne un seul engagement"
        else:
            who = " ; ".join(f"{r.counterparty or '?'} – {r.subject or '?'}" for r in rows)
            message = (
                f"La référence {ref} est attribuée à {len(rows)} engagements différents : {who}"
            )
        spans = [r.span for r in rows if r.span is not None]
        yield _check(
            doc,
            ok,
            message,
            "1 engagement",
            f"{len({(r.counterparty, r.subject) for r in rows})} engagement(s)",
            spans[0] if spans else None,
            first.deliberation_number,
        )

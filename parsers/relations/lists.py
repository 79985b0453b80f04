"""Sums laid out over lines: bullet lists introduced by a total, results carried
forward section by section, and payment schedules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from parsers.records import Amount, MoneyRelation
from parsers.relations.context import (
    MARKER_RE,
    REACH,
    Ctx,
    line_bounds,
    term,
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
        m = MARKER_RE.match(line)
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


def find_lists(ctx: Ctx) -> Iterator[MoneyRelation]:
    text = ctx.text
    heads: list[tuple[Amount, int, str | None, str]] = []
    for a in ctx.amounts:
        ls, le = line_bounds(text, a.span.start)
        line = text[ls:le]
        tail = text[a.span.end : le]
        nxt_end = text.find("\n", le + 1, le + 1 + REACH)
        nxt = text[le + 1 : nxt_end if nxt_end >= 0 else le + 1 + REACH] if le < len(text) else ""
        marker = MARKER_RE.match(line)
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
        values: list[Amount] = []
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
            total=term(total),
            parts=tuple(term(v) for v in values) + tuple(term(x, "autres") for x in extra),
            span=total.span.cover(values[-1].span),
            description="total d'une liste de montants",
            absolute=total.value < 0,
        )


def _others(ctx: Ctx, after: int, gap: Decimal) -> list[Amount]:
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


def find_results(ctx: Ctx) -> Iterator[MoneyRelation]:
    """Bullet results by label printed in runs; a run introduced by "donc" adds the two
    runs before it: "résultats 2021 … résultats 2020 … le résultat de clôture est donc"."""
    runs: list[tuple[int, dict[str, Amount]]] = []
    for a in ctx.amounts:
        ls, _ = line_bounds(ctx.text, a.span.start)
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
                total=term(total),
                parts=(term(first[label], label), term(second[label], label)),
                span=first[label].span.cover(total.span),
                description=f"résultat cumulé ({label})",
            )


# --- payment schedules: "un total de … (19 845 €) … à : - Un versement initial … (5 343 €)"


_INSTALMENT_RE = re.compile(r"(?im)^[ \t]*[-•][ \t]+(?:un|une|le|la)\b[^\n]{0,40}?\bversement\b")
_TOTAL_WORD_RE = re.compile(r"(?i)\b(?:un|le)\s+(?:montant\s+)?total\b")


def find_instalments(ctx: Ctx) -> Iterator[MoneyRelation]:
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
            total=term(total),
            parts=tuple(term(a) for a in parts),
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

"""Session rules: dates that agree, convocation before the session, numbering."""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

from parsers.records import ExtractedDocument, Span
from pipeline.findings import Check, Finding
from pipeline.validate import rule


@rule("session.date_mismatch", "error", "Les dates d'une même séance concordent.")
def date_mismatch(doc: ExtractedDocument) -> Iterator[Check]:
    infos = [(d.number, d.session_key, d.info) for d in doc.deliberations]
    infos += [(None, s.key, s.info) for s in doc.sessions if s.source_kind == "minutes"]
    for number, key, info in infos:
        dates = {d for d, _ in info.date_mentions}
        if len(info.date_mentions) < 2:
            continue  # a single statement of the date: nothing to cross-check
        shown = ", ".join(sorted(d.isoformat() for d in dates))
        ok = len(dates) == 1
        yield Check(
            passed=ok,
            message=f"{number or 'procès-verbal'} : "
            + (
                f"les mentions de la date concordent ({shown})"
                if ok
                else f"la séance est datée de plusieurs façons ({shown})"
            ),
            expected="une seule date",
            observed=shown,
            span=info.span,
            session_key=key,
            deliberation_number=number,
        )


@rule("session.convocation_order", "error", "La convocation précède la séance.")
def convocation_order(doc: ExtractedDocument) -> Iterator[Check]:
    for s in doc.sessions:
        i = s.info
        if not (i.date and i.convocation_date):
            continue
        ok = i.convocation_date < i.date
        yield Check(
            passed=ok,
            message=f"séance du {i.date:%d/%m/%Y} : convocation du {i.convocation_date:%d/%m/%Y}"
            + (", antérieure à la séance" if ok else ", qui ne la précède pas"),
            expected=f"avant le {i.date:%d/%m/%Y}",
            observed=i.convocation_date.isoformat(),
            span=i.span,
            session_key=s.key,
        )


_NUMBER_RE = re.compile(r"^(?P<prefix>.*?)(?P<seq>\d+)$")


def _duplicates(
    severity: str, label: str, numbers: list[tuple[str, Span | None]], key: str
) -> Iterator[Finding]:
    seen: dict[str, int] = defaultdict(int)
    for number, span in numbers:
        seen[number] += 1
        if seen[number] == 2:
            yield Finding(
                severity=severity,  # type: ignore[arg-type]
                message=f"{label} : le numéro {number} apparaît plusieurs fois",
                expected="numéros uniques",
                observed=number,
                span=span,
                session_key=key,
            )


def _gaps(label: str, numbers: list[tuple[str, Span | None]], key: str) -> Iterator[Finding]:
    parsed = []
    for number, span in numbers:
        m = _NUMBER_RE.match(number)
        if m:
            parsed.append((m.group("prefix"), int(m.group("seq")), number, span))
    for (p1, n1, num1, _), (p2, n2, num2, span2) in itertools.pairwise(parsed):
        if p1 == p2 and n2 > n1 + 1:
            yield Finding(
                severity="warning",
                message=f"{label} : numérotation interrompue entre {num1} et {num2}",
                expected=f"{p1}{n1 + 1:0{len(num1) - len(p1)}d}",
                observed=num2,
                span=span2,
                session_key=key,
            )


def _deliberation_numbers(doc: ExtractedDocument) -> dict[str, list[tuple[str, Span | None]]]:
    by_session: dict[str, list[tuple[str, Span | None]]] = defaultdict(list)
    for d in doc.deliberations:
        if d.number:
            by_session[d.session_key].append((d.number, d.title_span or d.span))
    return by_session


def _item_numbers(doc: ExtractedDocument) -> Iterator[tuple[str, str, list]]:
    for s in doc.sessions:
        if s.items:
            when = f"{s.info.date:%d/%m/%Y}" if s.info.date else "?"
            yield s.key, f"points de la séance du {when}", [(i.number, i.span) for i in s.items]


@rule("numbering.duplicate", "error", "Un numéro de délibération n'est pas attribué deux fois.")
def numbering_duplicate(doc: ExtractedDocument) -> Iterator[Finding]:
    for key, numbers in _deliberation_numbers(doc).items():
        yield from _duplicates("error", "délibérations", numbers, key)


@rule("numbering.gap", "warning", "Les numéros de délibération d'une séance se suivent.")
def numbering_gap(doc: ExtractedDocument) -> Iterator[Finding]:
    for key, numbers in _deliberation_numbers(doc).items():
        yield from _gaps("délibérations de la séance", numbers, key)


@rule("items.duplicate", "warning", "Un numéro de point n'est pas répété dans une séance.")
def items_duplicate(doc: ExtractedDocument) -> Iterator[Finding]:
    for key, label, numbers in _item_numbers(doc):
        yield from _duplicates("warning", label, numbers, key)


@rule("items.gap", "warning", "Les points d'une séance se suivent sans trou.")
def items_gap(doc: ExtractedDocument) -> Iterator[Finding]:
    for key, label, numbers in _item_numbers(doc):
        yield from _gaps(label, numbers, key)


@rule(
    "date.impossible",
    "warning",
    "Une date imprimée avec un jour que son mois n'a pas (« 31 février ») : elle n'est pas "
    "lue, et les contrôles qui en dépendent (délai de convocation…) ne sont pas faits.",
)
def impossible_date(doc: ExtractedDocument) -> Iterator[Finding]:
    for raw, span in doc.impossible_dates:
        yield Finding(
            severity="warning",
            message=f"La date « {raw} » n'existe pas : elle n'est pas lue, et ce qui en dépend "
            "(délai de convocation, date de séance) n'est pas vérifié",
            expected="une date du calendrier",
            observed=raw,
            span=span,
        )

"""Extract stage: read sessions, deliberations, attendance, votes, speakers, money and
budget tables from a loaded document and its normalised text.

:func:`extract` is the whole stage: the readers work on the normalised text, then a
PDF's ruled budget tables (read by pdfplumber from the file itself) replace the budget
lines read from its flattened text layer.

Each extractor gets the smallest block that holds its evidence and reports spans
relative to that block; this module shifts them back to document coordinates.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from parsers.amounts import find_amounts, find_quantities
from parsers.attendance import parse_attendance
from parsers.budget import SECTION_RE, find_budget_tables, find_small_budget_tables
from parsers.contracts import (
    convention_from_title,
    find_decisions,
    find_markets,
    find_purchase_orders,
    loans_from_budget,
)
from parsers.dates import impossible_dates
from parsers.generic import read_any
from parsers.generic import slug as _slug
from parsers.interventions import find_interventions, harvest_full_names
from parsers.kind import KindEvidence, classify
from parsers.normalize import NormalizedText
from parsers.pdf_tables import extract_pdf_tables
from parsers.records import (
    Attendance,
    DeliberationRecord,
    ExtractedDocument,
    Intervention,
    LoadedDocument,
    MinutesItem,
    SessionInfo,
    SessionRecord,
    Span,
    shifted,
)
from parsers.relations import find_relations
from parsers.segment import DocumentSegments, ExtractSegment, MinutesSegment, segment
from parsers.session import find_session_times, parse_session_header
from parsers.stamp import find_stamp
from parsers.votes import find_votes

T = TypeVar("T")


def _at(record: T, block: Span) -> T:
    return shifted(record, block.start)  # type: ignore[return-value]


def extract(loaded: LoadedDocument, norm: NormalizedText) -> ExtractedDocument:
    """Read every record of a loaded document from its normalised text ``norm``.

    The records of :func:`extract_document`, with a PDF's budget tables read from its
    ruled layout where it has one (:func:`_with_pdf_budget_tables`).
    """
    extracted = extract_document(norm.text)
    return _with_pdf_budget_tables(loaded, extracted, norm.to_original)


def extract_document(text: str) -> ExtractedDocument:
    """Read every record of a normalised document.

    Registers written as "EXTRAIT DU REGISTRE" blocks that each repeat a formal
    attendance block are read extract by extract; every other document (minutes,
    registers under one shared header, single extracts, lists) by the generic readers
    of :mod:`parsers.generic`, which know the wordings, not a layout.
    """
    # Page breaks (form feeds) separate lines like newlines do; 1:1, spans unchanged.
    text = text.replace("\f", "\n")
    evidence = classify(text)
    segs = segment(text)
    doc = _read(text, evidence, segs)
    # only the first pages: where the session, convocation and display dates stand
    bad = tuple(impossible_dates(text[:20000]))
    return replace(doc, impossible_dates=bad) if bad else doc


def _read(text: str, evidence: KindEvidence, segs: DocumentSegments) -> ExtractedDocument:
    generic = None
    if segs.kind == "register":
        formal = _register(text, segs.extracts)
        # the Lot numérique layout: one "EXTRAIT" per deliberation, each with its formal
        # block. One heading over several deliberations is read generically; a single
        # extract by whichever reader lists more of its roster
        listed = max((len(d.attendance.attendees) for d in formal.deliberations), default=0)
        if listed and len(formal.deliberations) > 1:
            return _with_money(text, formal)
        if listed:
            generic = read_any(text, evidence)
            found = max((len(s.attendance.attendees) for s in generic.sessions), default=0)
            numbered = all(d.number for d in formal.deliberations)
            if numbered and listed >= found and len(generic.deliberations) <= 1:
                return _with_money(text, formal)
    return _with_money(text, generic or read_any(text, evidence))


def _with_money(text: str, doc: ExtractedDocument) -> ExtractedDocument:
    """Add amounts, quantities, budget lines and contracts, each tied to its extract.

    A record belongs to the deliberation extract whose span holds its evidence; in a
    document without extracts (minutes, reports) it belongs to none.
    """
    extracts = [(d.span, d) for d in doc.deliberations if d.span is not None]
    blocks: list[tuple[Span, DeliberationRecord | None]] = [*extracts] or [
        (Span(0, len(text)), None)
    ]

    def number_at(pos: int) -> str | None:
        for span, d in extracts:
            if span.start <= pos < span.end:
                return d.number
        return None

    amounts = [replace(a, deliberation_number=number_at(a.span.start)) for a in find_amounts(text)]
    quantities = tuple(
        replace(q, deliberation_number=number_at(q.span.start)) for q in find_quantities(text)
    )
    budget_lines = []
    contracts = []
    for span, d in blocks:
        block = _block(text, span)
        number = d.number if d else None
        table = (d.annexes[0] if d and d.annexes else None) or (d.title if d else None)
        small = find_small_budget_tables(block, table or "Budget")
        for line in [*find_budget_tables(block, table or "Budget"), *small]:
            budget_lines.append(replace(_at(line, span), deliberation_number=number))
        found = [*find_purchase_orders(block), *find_decisions(block), *find_markets(block)]
        contracts += [replace(_at(c, span), deliberation_number=number) for c in found]
        if d and d.title:
            conv = convention_from_title(d.title, block)
            if conv is not None:
                contracts.append(replace(conv, span=d.title_span, deliberation_number=number))
    contracts += loans_from_budget(budget_lines)
    # Budget cells print no currency sign: they are money because their column is.
    from parsers.amounts import table_cell_amounts

    amounts += table_cell_amounts(text, budget_lines)
    amounts.sort(key=lambda a: a.span.start)
    relations = []
    for span, d in blocks:
        number = d.number if d else None
        inside = [a for a in amounts if span.start <= a.span.start < span.end]
        # relations are read on the whole text (spans stay document coordinates)
        relations += [
            replace(r, deliberation_number=number)
            for r in find_relations(text, inside, (span.start, span.end))
            if span.start <= r.span.start < span.end
        ]
    return replace(
        doc,
        amounts=tuple(amounts),
        quantities=quantities,
        contracts=tuple(contracts),
        budget_lines=tuple(budget_lines),
        money_relations=tuple(relations),
    )


def _block(text: str, span: Span) -> str:
    return text[span.start : span.end]


def _register(text: str, extracts: tuple[ExtractSegment, ...]) -> ExtractedDocument:
    sessions: list[SessionRecord] = []
    deliberations: list[DeliberationRecord] = []
    keys: dict[tuple[str, str], str] = {}
    used: set[str] = set()

    def unique(key: str) -> str:
        k, n = key, 2
        while k in used:
            k, n = f"{key}-{n}", n + 1
        used.add(k)
        return k

    for e in extracts:
        header = _block(text, e.header)
        info: SessionInfo = _at(parse_session_header(header), e.header)
        attendance: Attendance = _at(parse_attendance(header), e.header)
        ident = (_slug(info.body), info.date.isoformat() if info.date else "sans-date")
        if ident not in keys:
            keys[ident] = unique(f"{ident[0]}-{ident[1]}")
            sessions.append(
                SessionRecord(
                    key=keys[ident],
                    source_kind="register_extract",
                    info=info,
                    attendance=attendance,
                    span=e.header,
                )
            )
        key = keys[ident]
        votes = _at(tuple(find_votes(_block(text, e.body))), e.body) if e.body else ()
        stamp = _at(find_stamp(_block(text, e.stamp)), e.stamp) if e.stamp else None
        deliberations.append(
            DeliberationRecord(
                number=e.number,
                title=e.title,
                session_key=key,
                info=info,
                attendance=attendance,
                vote=votes[0] if votes else None,
                has_decision=bool(votes),
                annexes=tuple(a.title for a in e.annexes if a.level == 1),
                stamp=stamp,
                span=e.span,
                title_span=e.title_span,
            )
        )
        for m in e.minutes:
            minutes = _annexed_session(text, m, info)
            sessions.append(replace(minutes, key=unique(minutes.key)))
    return ExtractedDocument(
        kind="register", sessions=tuple(sessions), deliberations=tuple(deliberations)
    )


def _minutes_common(
    text: str, m: MinutesSegment, info: SessionInfo, attendance: Attendance
) -> tuple[SessionInfo, tuple[MinutesItem, ...], tuple]:
    opened, closed = find_session_times(_block(text, m.span))
    info = replace(info, opened_at=info.opened_at or opened, closed_at=info.closed_at or closed)
    # Speakers are people who sat (present or substitutes); staff are resolved
    # through the full names printed in the minutes ("Jean-Paul FAVRE, chargé de mission").
    people = [a.person for a in attendance.attendees if a.status in ("present", "substitute")]
    known = harvest_full_names(_block(text, m.span))
    items = []
    interventions: list[Intervention] = []

    def speakers(block: Span | None, number: str | None) -> tuple:
        if block is None:
            return ()
        # "turn" keeps a speaker's words up to the next speaker, so the text does not
        # depend on where the layout put paragraph breaks (PDF and text agree).
        found = find_interventions(_block(text, block), number, people, known, extent="turn")
        return _at(tuple(found), block)

    interventions += speakers(m.preamble, None)
    for item in m.items:
        body = _block(text, item.span)
        votes = _at(tuple(find_votes(body)), item.span)
        items.append(MinutesItem(number=item.number, title=item.title, votes=votes, span=item.span))
        interventions += speakers(item.span, item.number)
    interventions += speakers(m.tail, None)
    return info, tuple(items), tuple(interventions)


def _annexed_session(text: str, m: MinutesSegment, parent_info: SessionInfo) -> SessionRecord:
    header = _block(text, m.header)
    info: SessionInfo = _at(parse_session_header(header), m.header)
    if info.organisation is None and parent_info.organisation:
        # Minutes annexed to a register are the same organisation's: the register says so.
        info = replace(info, organisation=parent_info.organisation)
    attendance: Attendance = _at(parse_attendance(header), m.header)
    info, items, interventions = _minutes_common(text, m, info, attendance)
    date = info.date.isoformat() if info.date else "sans-date"
    return SessionRecord(
        key=f"pv-{_slug(info.body)}-{date}",
        source_kind="minutes",
        info=info,
        attendance=attendance,
        parent_number=m.parent_number,
        items=items,
        interventions=interventions,
        span=m.span,
    )


# --- PDF budget tables ------------------------------------------------------------

_SECTION_LINE_RE = re.compile(SECTION_RE.pattern, re.IGNORECASE | re.MULTILINE)


def budget_pages(loaded: LoadedDocument) -> set[int]:
    """Pages whose text holds a budget section heading: pdfplumber reads their tables.

    Each page is searched on its own text: with ``search(text, start)`` a "^" would not
    match at a page's first line, which follows a form feed, not a newline.
    """
    return {p.number for p in loaded.pages if _SECTION_LINE_RE.search(loaded.text[p.start : p.end])}


def _with_pdf_budget_tables(
    loaded: LoadedDocument,
    extracted: ExtractedDocument,
    to_original: Callable[[int, int], tuple[int, int]],
) -> ExtractedDocument:
    """Budget tables of a PDF read from its ruled layout, where it has one.

    The text layer flattens a table into lines; when pdfplumber finds the ruled table
    on the pages whose text names a budget section, its lines replace those read from
    the flattened text for the same deliberation. Only those pages (and the next one,
    for tables continued over a page break) are handed to pdfplumber: it is slow.
    ``to_original`` maps a span of the normalised text to the loaded text.
    """
    if loaded.format != "pdf":
        return extracted
    pages = budget_pages(loaded)
    if not pages:
        return extracted
    tables = extract_pdf_tables(loaded.source_path, pages=pages | {n + 1 for n in pages})
    if not tables:
        return extracted
    starts = [p.start for p in loaded.pages]
    by_page: dict[int, str | None] = {}
    for d in extracted.deliberations:
        if d.span is not None:
            first, last = _pages_of(d.span, to_original, loaded, starts)
            for n in range(first or 0, (last or 0) + 1):
                by_page.setdefault(n, d.number)
    lines = []
    for t in tables:
        number = by_page.get(t.page)
        # PDF table cells have no offset in the text layer: page-level provenance only
        lines += [replace(b, span=None, deliberation_number=number) for b in t.lines]
    replaced = {b.deliberation_number for b in lines}
    kept = tuple(b for b in extracted.budget_lines if b.deliberation_number not in replaced)
    return replace(extracted, budget_lines=kept + tuple(lines))


def _pages_of(
    span: Span,
    to_original: Callable[[int, int], tuple[int, int]],
    loaded: LoadedDocument,
    starts: list[int],
) -> tuple[int | None, int | None]:
    """The pages of a span's first and last characters (``starts``: the pages' offsets).

    The same lookup as ``pipeline.rows.Locator.pages_of``, which parsers may not import.
    """

    def page_of(offset: int) -> int | None:
        if not loaded.pages:
            return None
        return loaded.pages[max(bisect.bisect_right(starts, offset) - 1, 0)].number

    start, end = to_original(span.start, span.end)
    return page_of(start), page_of(max(start, end - 1))

"""Turn extracted records into table rows, mapping every span to the original text.

This is where provenance is settled: extractors report spans in the normalised
text; here each one becomes a page number and a character range of the original
text as loaded.

A row is derived from its record and its table's definition (:mod:`schemas.tables`):
each column takes the record attribute its ``source`` names (by default its own
name), and the columns the builder computes (``BUILT``: ids, links, provenance,
derived values) are given by :class:`_Builder`, which must give every one of them.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from delib.errors import RowSchemaError
from parsers.records import (
    Amount,
    Attendance,
    BudgetLine,
    Contract,
    DeliberationRecord,
    ExtractedDocument,
    LoadedDocument,
    MinutesItem,
    Page,
    Quantity,
    SessionRecord,
    Span,
    VoteTally,
)
from pipeline.bounds import bound_rows
from pipeline.findings import Check, Finding
from schemas.tables import SESSIONS, TABLES, Table

_QTY_STEP = Decimal("0.0001")  # the scale of quantities.value

Row = dict[str, Any]


@dataclass(frozen=True)
class Locator:
    """Maps a normalised span to (page, original start, original end)."""

    to_original: Callable[[int, int], tuple[int, int]]
    pages: tuple[Page, ...]
    original: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [p.start for p in self.pages])

    def page_of(self, offset: int) -> int | None:
        if not self.pages:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1  # type: ignore[attr-defined]
        return self.pages[max(i, 0)].number

    def locate(self, span: Span | None) -> Row:
        if span is None:
            return {"page": None, "char_start": None, "char_end": None}
        start, end = self.to_original(span.start, span.end)
        return {"page": self.page_of(start), "char_start": start, "char_end": end}

    def pages_of(self, span: Span | None) -> tuple[int | None, int | None]:
        if span is None:
            return None, None
        start, end = self.to_original(span.start, span.end)
        return self.page_of(start), self.page_of(max(start, end - 1))

    def quote(self, start: int | None, end: int | None, limit: int = 400) -> str | None:
        """The original text between two offsets, folded like :meth:`excerpt`."""
        if start is None or end is None:
            return None
        text = re.sub(r"\s+", " ", self.original[start : min(end, start + 4 * limit)]).strip()
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def excerpt(self, span: Span | None, limit: int = 400) -> str | None:
        if span is None:
            return None
        # fold only what can be shown: a span may cover a whole extract
        return self.quote(*self.to_original(span.start, span.end), limit=limit)


def stable_id(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass
class DocumentRows:
    """All rows one document contributes, table by table."""

    tables: dict[str, list[Row]]

    @classmethod
    def empty(cls) -> DocumentRows:
        return cls({name: [] for name in TABLES if name != "documents"})


def build_rows(
    loaded: LoadedDocument,
    doc: ExtractedDocument,
    findings: Iterable[Finding],
    loc: Locator,
    checks: Iterable[Check] = (),
) -> DocumentRows:
    """Rows for every table but ``documents`` (which the pipeline writes itself)."""
    out = DocumentRows.empty()
    prefix = loaded.document_id[:16]
    delib_ids: dict[str | None, str] = {}
    for i, d in enumerate(doc.deliberations, start=1):
        delib_ids[d.number] = f"{prefix}:{d.number or f'extract-{i}'}"
    b = _Builder(
        out,
        loaded.document_id,
        loc,
        {s.key: f"{prefix}:{s.key}" for s in doc.sessions},
        delib_ids,
    )
    shared = {s.key for s in doc.sessions if s.attendance_shared}
    for s in doc.sessions:
        b.session(s)
    for d in doc.deliberations:
        b.deliberation(d, attendance=d.session_key not in shared)
    b.money(doc)
    b.validation(checks, findings)
    # last: a value that does not fit its column is nulled and said, never sent on
    out.tables["findings"] += bound_rows(out.tables, loaded.document_id, loc.quote)
    return out


def record_row(table: Table, record: object, given: Mapping[str, Any]) -> Row:
    """The row of ``table`` for ``record``.

    Each column is the value ``given`` under its name, else the record attribute its
    source names. A column the builder computes (``BUILT``) and ``given`` lacks, a
    given value for no column, or a source the record does not have is an error: a
    column is never left out of a row unsaid.
    """
    unknown = given.keys() - table.sources.keys()
    if unknown:
        raise RowSchemaError(f"{table.name}: no columns {sorted(unknown)}")
    row: Row = {}
    for name, path in table.sources.items():
        if name in given:
            row[name] = given[name]
        elif path is None:
            raise RowSchemaError(f"{table.name}.{name}: computed by the row builder, not given")
        else:
            row[name] = _read(record, path)
    return row


def _read(record: object, path: tuple[str, ...]) -> Any:
    value = record
    for attr in path:
        if value is None:  # an optional sub-record (a stamp) not printed
            return None
        value = getattr(value, attr)
    # Arrow list columns are filled from the records' tuples as lists
    return list(value) if isinstance(value, tuple) else value


# A register's session prints its counts in each deliberation: its session row keeps
# the header counts only for minutes (or a header shared by all its deliberations).
_NO_HEADER_COUNTS = {
    c.name: None for c in SESSIONS.columns if (c.source or "").startswith("attendance.counts.")
}
_NO_VOTE = VoteTally(decision_verb=None, outcome=None, unanimous=None)


@dataclass
class _Builder:
    """Appends the rows of one document, knowing the ids every row links to."""

    out: DocumentRows
    doc_id: str
    loc: Locator
    session_ids: dict[str, str]
    delib_ids: dict[str | None, str]

    def add(self, table: str, record: object, located: Row, **given: Any) -> Row:
        """Append the row of ``record`` to ``table``; ``located`` is its evidence's
        provenance (a table without a page column takes only the offsets)."""
        definition = TABLES[table]
        where = {k: v for k, v in located.items() if k in definition.sources}
        row = record_row(definition, record, {"document_id": self.doc_id, **where, **given})
        self.out.tables[table].append(row)
        return row

    def delib(self, number: str | None) -> str | None:
        return self.delib_ids.get(number) if number else None

    def links(self, result: Check | Finding) -> Row:
        """The session and deliberation a validation result is about."""
        key = result.session_key
        return {
            "session_id": self.session_ids.get(key) if key else None,
            "deliberation_id": self.delib(result.deliberation_number),
        }

    def session(self, s: SessionRecord) -> None:
        sid = self.session_ids[s.key]
        i = s.info
        minutes = s.source_kind == "minutes" or s.attendance_shared
        self.add(
            "sessions",
            s,
            self.loc.locate(i.span or s.span),
            session_id=sid,
            organisation_source=i.organisation_source or ("document" if i.organisation else None),
            parent_deliberation_id=self.delib(s.parent_number),
            **({} if minutes else _NO_HEADER_COUNTS),
        )
        for u in s.unread:
            block = "vote" if u.reason.startswith("vote") else "roster"
            text = self.loc.excerpt(u.span)
            self.add("coverage", u, self.loc.locate(u.span), session_id=sid, block=block, text=text)
        if minutes:
            self.attendance(s.attendance, sid, None)
        for item in s.items:
            self.named(item, sid, None)
            for k, v in enumerate(item.votes, start=1):
                vote_id = f"{sid}:point-{item.number}:vote-{k}"
                self.vote(v, v.span, vote_id, sid, None, item.number, item.title, k)
        for k, iv in enumerate(s.interventions, start=1):
            at = self.loc.locate(iv.span)
            self.add(
                "interventions", iv, at, intervention_id=f"{sid}:intervention-{k}", session_id=sid
            )

    def deliberation(self, d: DeliberationRecord, attendance: bool) -> None:
        """A deliberation's row and those of its attendance (unless its session's block
        holds it), named votes and vote."""
        did, sid = self.delib_ids[d.number], self.session_ids[d.session_key]
        page_start, page_end = self.loc.pages_of(d.span)
        at = self.loc.locate(d.span)
        self.add(
            "deliberations",
            d,
            at,
            deliberation_id=did,
            session_id=sid,
            page_start=page_start,
            page_end=page_end,
        )
        if attendance:
            self.attendance(d.attendance, sid, did)
        self.named(d, sid, did)
        if d.vote is None:
            # No vote sentence printed: a null vote row, never an invented outcome.
            span = d.title_span or d.span
            self.vote(_NO_VOTE, span, f"{did}:vote", sid, did, None, d.title, 1, text=None)
        else:
            self.vote(d.vote, d.vote.span, f"{did}:vote", sid, did, None, d.title, 1)

    def vote(
        self,
        v: VoteTally,
        span: Span | None,
        vote_id: str,
        sid: str,
        did: str | None,
        number: str | None,
        title: str | None,
        sequence: int,
        **given: Any,
    ) -> None:
        self.add(
            "votes",
            v,
            self.loc.locate(span),
            vote_id=vote_id,
            session_id=sid,
            deliberation_id=did,
            item_number=number,
            item_title=title,
            sequence=sequence,
            **given,
        )

    def attendance(self, att: Attendance, sid: str, did: str | None) -> None:
        for a in att.attendees:
            self.add("attendees", a, self.loc.locate(a.span), session_id=sid, deliberation_id=did)
        for p in att.proxies:
            self.add("proxies", p, self.loc.locate(p.span), session_id=sid, deliberation_id=did)

    def named(self, item: MinutesItem | DeliberationRecord, sid: str, did: str | None) -> None:
        """Named votes and ballots of an item or deliberation."""
        links = {"session_id": sid, "deliberation_id": did, "item_number": item.number}
        for mv in item.member_votes:
            self.add("member_votes", mv, self.loc.locate(mv.span), **links)
        for k, b in enumerate(item.ballots, start=1):
            ballot_id = f"{sid}:{item.number}:ballot-{k}"
            for r in b.results or (None,):
                self.add(
                    "ballots",
                    b,
                    self.loc.locate(r.span if r and r.span else b.span),
                    ballot_id=ballot_id,
                    **links,
                    candidate=r.candidate if r else None,
                    votes=r.votes if r else None,
                    # no proclamation read: unknown, not "not elected"
                    elected=b.elects(r.candidate) if r and b.elected else None,
                )

    def money(self, doc: ExtractedDocument) -> None:
        """Rows of the amounts, quantities, contracts and budget_lines tables; values
        stay Decimal."""
        key = functools.partial(stable_id, self.doc_id)
        for a in doc.amounts:
            at = self.loc.locate(a.span)
            self.printed("amounts", a, at, amount_id=key("amount", at["char_start"], a.raw))
        for q in doc.quantities:
            at = self.loc.locate(q.span)
            quantity_id = key("quantity", at["char_start"], q.raw)
            # decimal128(20, 4): exact for every quantity printed (at most 4 decimals)
            value = q.value.quantize(_QTY_STEP)
            self.printed("quantities", q, at, quantity_id=quantity_id, value=value)
        for n, c in enumerate(doc.contracts, start=1):
            contract_id = key("contract", c.kind, c.reference, n)
            self.printed("contracts", c, self.loc.locate(c.span), contract_id=contract_id)
        for bl in doc.budget_lines:
            line_id = key("budget", bl.section, bl.side, bl.sequence, bl.raw)
            self.printed("budget_lines", bl, self.loc.locate(bl.span), line_id=line_id)

    def printed(
        self, table: str, record: Amount | Quantity | Contract | BudgetLine, at: Row, **given: Any
    ) -> None:
        """A row of a money table, linked to the extract it is printed in."""
        self.add(table, record, at, deliberation_id=self.delib(record.deliberation_number), **given)

    def validation(self, checks: Iterable[Check], findings: Iterable[Finding]) -> None:
        """Rows of the checks and findings tables."""
        for n, c in enumerate(checks, start=1):
            self.add(
                "checks",
                c,
                self.loc.locate(c.span),
                check_id=stable_id(self.doc_id, c.rule, n, c.message),
                **self.links(c),
                status="not_checked" if c.not_checked else "pass" if c.passed else "fail",
                evidence=self.loc.excerpt(c.span),
            )
        for f in findings:
            at = self.loc.locate(f.span)
            finding_id = stable_id(self.doc_id, f.rule, f.message, at["char_start"])
            self.add(
                "findings",
                f,
                at,
                finding_id=finding_id,
                **self.links(f),
                evidence=self.loc.excerpt(f.span),
            )

"""Turn extracted records into table rows, mapping every span to the original text.

This is where provenance is settled: extractors report spans in the normalised
text; here each one becomes a page number and a character range of the original
text as loaded.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from parsers.records import (
    Attendance,
    DeliberationRecord,
    ExtractedDocument,
    LoadedDocument,
    MinutesItem,
    Page,
    SessionRecord,
    Span,
    VoteTally,
)
from pipeline.bounds import bound_rows
from pipeline.findings import Check, Finding
from schemas.tables import TABLES

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
    doc_id = loaded.document_id
    prefix = doc_id[:16]
    session_ids = {s.key: f"{prefix}:{s.key}" for s in doc.sessions}
    delib_ids: dict[str | None, str] = {}
    for i, d in enumerate(doc.deliberations, start=1):
        delib_ids[d.number] = f"{prefix}:{d.number or f'extract-{i}'}"

    shared = {s.key for s in doc.sessions if s.attendance_shared}
    for s in doc.sessions:
        out.tables["sessions"].append(_session_row(s, session_ids, delib_ids, doc_id, loc))
        _coverage_rows(out, s, session_ids[s.key], doc_id, loc)
        if s.source_kind == "minutes" or s.attendance_shared:
            _attendance_rows(out, s.attendance, session_ids[s.key], None, doc_id, loc)
        for item in s.items:
            _named_rows(out, item, session_ids[s.key], None, doc_id, loc)
            for k, v in enumerate(item.votes, start=1):
                vote_id = f"{session_ids[s.key]}:point-{item.number}:vote-{k}"
                out.tables["votes"].append(
                    _vote_row(
                        v,
                        vote_id,
                        session_ids[s.key],
                        None,
                        doc_id,
                        item.number,
                        item.title,
                        k,
                        loc,
                    )
                )
        for k, iv in enumerate(s.interventions, start=1):
            out.tables["interventions"].append(
                {
                    "intervention_id": f"{session_ids[s.key]}:intervention-{k}",
                    "session_id": session_ids[s.key],
                    "document_id": doc_id,
                    "item_number": iv.item_number,
                    "speaker": iv.speaker,
                    "speaker_raw": iv.speaker_raw,
                    "text": iv.text,
                    **loc.locate(iv.span),
                }
            )

    for d in doc.deliberations:
        delib_id = delib_ids[d.number]
        sid = session_ids[d.session_key]
        c = d.attendance.counts
        page_start, page_end = loc.pages_of(d.span)
        start, end = loc.to_original(d.span.start, d.span.end) if d.span else (None, None)
        out.tables["deliberations"].append(
            {
                "deliberation_id": delib_id,
                "session_id": sid,
                "document_id": doc_id,
                "number": d.number,
                "title": d.title,
                "page_start": page_start,
                "page_end": page_end,
                "members_in_office": c.members_in_office,
                "present": c.present,
                "present_titular": c.present_titular,
                "present_substitute": c.present_substitute,
                "proxies": c.proxies,
                "absent": c.absent,
                "voters": c.voters,
                "has_decision": d.has_decision,
                "annexes": list(d.annexes),
                "prefecture_act_id": d.stamp.act_id if d.stamp else None,
                "prefecture_received": d.stamp.received if d.stamp else None,
                "prefecture_published": d.stamp.published if d.stamp else None,
                "char_start": start,
                "char_end": end,
            }
        )
        if d.session_key not in shared:
            _attendance_rows(out, d.attendance, sid, delib_id, doc_id, loc)
        _named_rows(out, d, sid, delib_id, doc_id, loc)
        vote = d.vote
        row = _vote_row(
            vote or VoteTally(decision_verb=None, outcome=None, unanimous=None),
            f"{delib_id}:vote",
            sid,
            delib_id,
            doc_id,
            None,
            d.title,
            1,
            loc,
        )
        if vote is None:
            # No vote sentence printed: a null vote row, never an invented outcome.
            row.update(loc.locate(d.title_span or d.span))
            row["text"] = None
        out.tables["votes"].append(row)

    _money_rows(out, doc, doc_id, delib_ids, loc)

    for n, c in enumerate(checks, start=1):
        located = loc.locate(c.span)
        out.tables["checks"].append(
            {
                "check_id": stable_id(doc_id, c.rule, n, c.message),
                "rule": c.rule,
                "document_id": doc_id,
                "session_id": session_ids.get(c.session_key) if c.session_key else None,
                "deliberation_id": delib_ids.get(c.deliberation_number)
                if c.deliberation_number
                else None,
                "status": "not_checked" if c.not_checked else "pass" if c.passed else "fail",
                "reason": c.not_checked,
                "message": c.message,
                "expected": c.expected,
                "observed": c.observed,
                "evidence": loc.excerpt(c.span),
                **located,
            }
        )
    for f in findings:
        located = loc.locate(f.span)
        out.tables["findings"].append(
            {
                "finding_id": stable_id(doc_id, f.rule, f.message, located["char_start"]),
                "rule": f.rule,
                "severity": f.severity,
                "document_id": doc_id,
                "session_id": session_ids.get(f.session_key) if f.session_key else None,
                "deliberation_id": delib_ids.get(f.deliberation_number)
                if f.deliberation_number
                else None,
                "message": f.message,
                "expected": f.expected,
                "observed": f.observed,
                "evidence": loc.excerpt(f.span),
                **located,
            }
        )
    # last: a value that does not fit its column is nulled and said, never sent on
    out.tables["findings"] += bound_rows(out.tables, doc_id, loc.quote)
    return out


def _money_rows(
    out: DocumentRows,
    doc: ExtractedDocument,
    doc_id: str,
    delib_ids: dict[str | None, str],
    loc: Locator,
) -> None:
    """Rows of the amounts, quantities, contracts and budget_lines tables; values stay
    Decimal."""

    def delib(number: str | None) -> str | None:
        return delib_ids.get(number) if number else None

    for a in doc.amounts:
        located = loc.locate(a.span)
        out.tables["amounts"].append(
            {
                "amount_id": stable_id(doc_id, "amount", located["char_start"], a.raw),
                "document_id": doc_id,
                "deliberation_id": delib(a.deliberation_number),
                "value": a.value,
                "currency": a.currency,
                "tax_basis": a.tax_basis,
                "raw": a.raw,
                "role": a.role,
                "scaled": a.scaled,
                "context": a.context,
                **located,
            }
        )
    for q in doc.quantities:
        located = loc.locate(q.span)
        out.tables["quantities"].append(
            {
                "quantity_id": stable_id(doc_id, "quantity", located["char_start"], q.raw),
                "document_id": doc_id,
                "deliberation_id": delib(q.deliberation_number),
                # decimal128(20, 4): exact for every quantity printed (at most 4 decimals)
                "value": q.value.quantize(_QTY_STEP),
                "unit": q.unit,
                "raw": q.raw,
                "context": q.context,
                **located,
            }
        )
    for n, c in enumerate(doc.contracts, start=1):
        located = loc.locate(c.span)
        out.tables["contracts"].append(
            {
                "contract_id": stable_id(doc_id, "contract", c.kind, c.reference, n),
                "document_id": doc_id,
                "deliberation_id": delib(c.deliberation_number),
                "kind": c.kind,
                "reference": c.reference,
                "counterparty": c.counterparty,
                "subject": c.subject,
                "amount_ht": c.amount_ht,
                "amount_ttc": c.amount_ttc,
                "amount": c.amount,
                "unit": c.unit,
                "procedure": c.procedure,
                "duration": c.duration,
                "date": c.date,
                **located,
            }
        )
    for b in doc.budget_lines:
        located = loc.locate(b.span)
        out.tables["budget_lines"].append(
            {
                "line_id": stable_id(doc_id, "budget", b.section, b.side, b.sequence, b.raw),
                "document_id": doc_id,
                "deliberation_id": delib(b.deliberation_number),
                "table_name": b.table,
                "section": b.section,
                "side": b.side,
                "level": b.level,
                "sequence": b.sequence,
                "chapter": b.chapter,
                "account": b.account,
                "label": b.label,
                "budget": b.budget,
                "movement": b.movement,
                "after": b.after,
                "raw": b.raw,
                **located,
            }
        )


def _session_row(
    s: SessionRecord,
    session_ids: dict[str, str],
    delib_ids: dict[str | None, str],
    doc_id: str,
    loc: Locator,
) -> Row:
    i = s.info
    c = s.attendance.counts
    minutes = s.source_kind == "minutes" or s.attendance_shared
    return {
        "session_id": session_ids[s.key],
        "document_id": doc_id,
        "organisation": i.organisation,
        "organisation_source": i.organisation_source or ("document" if i.organisation else None),
        "body": i.body,
        "date": i.date,
        "place": i.place,
        "attendance_mode": i.attendance_mode,
        "president": i.president,
        "convocation_date": i.convocation_date,
        "opened_at": i.opened_at,
        "closed_at": i.closed_at,
        "secretary": s.secretary,
        "source_kind": s.source_kind,
        "parent_deliberation_id": delib_ids.get(s.parent_number) if s.parent_number else None,
        "members_in_office": c.members_in_office if minutes else None,
        "present": c.present if minutes else None,
        "proxies": c.proxies if minutes else None,
        "absent": c.absent if minutes else None,
        "voters": c.voters if minutes else None,
        **loc.locate(i.span or s.span),
    }


def _named_rows(
    out: DocumentRows,
    item: MinutesItem | DeliberationRecord,
    sid: str,
    delib_id: str | None,
    doc_id: str,
    loc: Locator,
) -> None:
    """Named votes and ballots of an item or deliberation."""
    number = item.number
    for mv in item.member_votes:
        out.tables["member_votes"].append(
            {
                "session_id": sid,
                "deliberation_id": delib_id,
                "document_id": doc_id,
                "item_number": number,
                "name": mv.name,
                "vote": mv.vote,
                **loc.locate(mv.span),
            }
        )
    for k, b in enumerate(item.ballots, start=1):
        ballot_id = f"{sid}:{number}:ballot-{k}"
        results = b.results or (None,)
        for r in results:
            out.tables["ballots"].append(
                {
                    "ballot_id": ballot_id,
                    "session_id": sid,
                    "deliberation_id": delib_id,
                    "document_id": doc_id,
                    "item_number": number,
                    "office": b.office,
                    "round": b.round,
                    "voters": b.voters,
                    "blank": b.blank,
                    "spoilt": b.spoilt,
                    "expressed": b.expressed,
                    "absolute_majority": b.absolute_majority,
                    "candidate": r.candidate if r else None,
                    "votes": r.votes if r else None,
                    # no proclamation read: unknown, not "not elected"
                    "elected": b.elects(r.candidate) if r and b.elected else None,
                    **loc.locate(r.span if r and r.span else b.span),
                }
            )


def _coverage_rows(
    out: DocumentRows, s: SessionRecord, sid: str, doc_id: str, loc: Locator
) -> None:
    for u in s.unread:
        out.tables["coverage"].append(
            {
                "document_id": doc_id,
                "session_id": sid,
                "block": "vote" if u.reason.startswith("vote") else "roster",
                "reason": u.reason,
                "text": loc.excerpt(u.span),
                **loc.locate(u.span),
            }
        )


def _attendance_rows(
    out: DocumentRows,
    att: Attendance,
    session_id: str,
    delib_id: str | None,
    doc_id: str,
    loc: Locator,
) -> None:
    for a in att.attendees:
        out.tables["attendees"].append(
            {
                "session_id": session_id,
                "deliberation_id": delib_id,
                "document_id": doc_id,
                "name": a.person.name,
                "given_name": a.person.given_name,
                "family_name": a.person.family_name,
                "civility": a.person.civility,
                "college": a.college,
                "status": a.status,
                "attendance_mode": a.attendance_mode,
                "replaces": a.replaces,
                **loc.locate(a.span),
            }
        )
    for p in att.proxies:
        out.tables["proxies"].append(
            {
                "session_id": session_id,
                "deliberation_id": delib_id,
                "document_id": doc_id,
                "giver": p.giver,
                "holder": p.holder,
                "college": p.college,
                **loc.locate(p.span),
            }
        )


def _vote_row(
    v: VoteTally,
    vote_id: str,
    session_id: str,
    delib_id: str | None,
    doc_id: str,
    item_number: str | None,
    item_title: str | None,
    sequence: int,
    loc: Locator,
) -> Row:
    return {
        "vote_id": vote_id,
        "session_id": session_id,
        "deliberation_id": delib_id,
        "document_id": doc_id,
        "item_number": item_number,
        "item_title": item_title,
        "sequence": sequence,
        "decision_verb": v.decision_verb,
        "outcome": v.outcome,
        "unanimous": v.unanimous,
        "votes_for": v.votes_for,
        "votes_against": v.votes_against,
        "abstentions": v.abstentions,
        "not_taking_part": v.not_taking_part,
        "decisions": list(v.decisions),
        "text": v.text,
        **loc.locate(v.span),
    }

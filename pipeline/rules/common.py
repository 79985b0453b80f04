"""Shared helpers for rules: the units a rule checks and how to name them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from parsers.names import name_key, parse_person
from parsers.records import Attendance, DeliberationRecord, ExtractedDocument, SessionInfo, Span
from pipeline.findings import Check, Finding, Severity, as_finding


@dataclass(frozen=True)
class AttendanceUnit:
    """An attendance block to check: a register extract's, or minutes' own."""

    label: str  # "CS2019/01", "procès-verbal du 19 juillet 2018"
    session_key: str
    deliberation_number: str | None
    info: SessionInfo
    attendance: Attendance
    span: Span | None
    # a register's formal block (each extract its own, or minutes annexed to it), where
    # every count key is printed: a missing figure there is an unreadable one
    formal: bool = False


def attendance_units(doc: ExtractedDocument) -> Iterator[AttendanceUnit]:
    """Every attendance block of the document: one per extract, one per minutes."""
    shared = {s.key for s in doc.sessions if s.attendance_shared}
    for d in doc.deliberations:
        if d.session_key in shared:
            continue  # the session's one attendance block is checked once, below
        yield AttendanceUnit(
            label=d.number or "extrait sans numéro",
            session_key=d.session_key,
            deliberation_number=d.number,
            info=d.info,
            attendance=d.attendance,
            span=d.attendance.span or d.span,
            formal=True,
        )
    for s in doc.sessions:
        if s.source_kind == "minutes" or s.attendance_shared:
            when = s.info.date.strftime("%d/%m/%Y") if s.info.date else "date inconnue"
            what = "procès-verbal" if s.source_kind == "minutes" else "séance"
            yield AttendanceUnit(
                label=f"{what} du {when}",
                session_key=s.key,
                deliberation_number=None,
                info=s.info,
                attendance=s.attendance,
                span=s.attendance.span or s.span,
                formal=s.parent_number is not None,
            )


def links(about: AttendanceUnit | DeliberationRecord) -> tuple[str, str | None]:
    """The session key and deliberation number a result about a block or extract carries."""
    if isinstance(about, AttendanceUnit):
        return about.session_key, about.deliberation_number
    return about.session_key, about.number


def check_on(
    about: AttendanceUnit | DeliberationRecord,
    passed: bool,
    message: str,
    expected: str | None,
    observed: str | None,
    span: Span | None,
) -> Check:
    """A check on an attendance block or an extract, linked to its session and extract."""
    session_key, number = links(about)
    return Check(
        passed=passed,
        message=message,
        expected=expected,
        observed=observed,
        span=span,
        session_key=session_key,
        deliberation_number=number,
    )


def finding_on(
    about: AttendanceUnit | DeliberationRecord,
    severity: Severity,
    message: str,
    expected: str,
    observed: str,
    span: Span | None,
) -> Finding:
    """A finding on an attendance block or an extract (what its failed check would say)."""
    return as_finding(check_on(about, False, message, expected, observed, span), severity)


def listed(att: Attendance, *statuses: str) -> int:
    return sum(1 for a in att.attendees if a.status in statuses)


def fmt(n: int | None) -> str:
    return "—" if n is None else str(n)


def person_key(name: str) -> str:
    """Accent-, case- and order-insensitive key, so "Agnes Michelot" meets "Agnès MICHELOT"."""
    given, family = name_key(parse_person(name))
    return f"{given}|{family}"

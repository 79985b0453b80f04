"""Shared helpers for rules: the units a rule checks and how to name them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from parsers.names import name_key, parse_person
from parsers.records import Attendance, ExtractedDocument, SessionInfo, Span


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


def listed(att: Attendance, *statuses: str) -> int:
    return sum(1 for a in att.attendees if a.status in statuses)


def fmt(n: int | None) -> str:
    return "—" if n is None else str(n)


def person_key(name: str) -> str:
    """Accent-, case- and order-insensitive key, so "Agnes Michelot" meets "Agnès MICHELOT"."""
    given, family = name_key(parse_person(name))
    return f"{given}|{family}"

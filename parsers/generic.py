"""Read any body's minutes or register by the language of deliberations, not a layout.

The document is cut at its item headings (:mod:`parsers.items`); what stands before
the first item is the session header: date, body, roster, counts
(:mod:`parsers.roster`). Each item is read for its votes, named votes and ballots
(:mod:`parsers.tallies`, :mod:`parsers.ballots`), and gets the counts printed for its
range of items. Minutes give one session with items; a register or an extract gives
one deliberation per item, sharing the session's attendance.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Literal

from parsers import cues
from parsers.absence_table import read_absence_table
from parsers.ballots import read_ballots
from parsers.counts import CountRange
from parsers.dates import find_dates
from parsers.items import Heading, capital_headings, find_items
from parsers.kind import KindEvidence
from parsers.records import (
    AttendanceCounts,
    DeliberationRecord,
    DocumentKind,
    ExtractedDocument,
    MinutesItem,
    Movement,
    SessionInfo,
    SessionRecord,
    Span,
    Unread,
    VoteTally,
)
from parsers.roster import RosterReading, read_roster
from parsers.session import find_session_times, parse_session_header
from parsers.tallies import read_votes
from parsers.text import strip_accents

_HEADER_MAX = 12000  # a roster is printed within the first pages
_DATE_CONTEXT = re.compile(
    r"(?:s[ée]ance|conseil\s+\w+|r[ée]union|comit[ée]\s+\w+|bureau|assembl[ée]e)[^\n]{0,40}?"
    r"(?:du|le)\s*$|^\s*(?:du|le)\s*$|l['’]an\s+[^\n]{0,60}?,\s*le\s*$",
    re.IGNORECASE,
)
_NOT_SESSION_DATE = re.compile(
    r"(?:convocation|convoqu[ée]s?|affich[ée]|re[çc]u|publi[ée]|transmis|envoy[ée]|"
    r"approbation|proc[èe]s-verbal\s+(?:de\s+la\s+s[ée]ance\s+)?du"
    r"|compte[- ]rendu\s+(?:de\s+la\s+)?(?:s[ée]ance|r[ée]union)\s+du|pr[ée]c[ée]dente?)"
    r"[^\n]{0,60}$",
    re.IGNORECASE,
)
_ORGANISATION = re.compile(
    r"^[ \t]*(?P<org>(?:commune|ville|mairie|d[ée]partement|r[ée]gion)\s+(?:de\s+|d['’]\s*|du\s+)"
    r"[A-ZÉÈ][\w'’ -]{1,40}?|(?:communaut[ée]\s+(?:de\s+communes|d['’]\s*agglom[ée]ration|urbaine)"
    r"|syndicat\s+\w+|m[ée]tropole)\s+[^\n]{2,60}?|[A-ZÉÈ][\w'’-]+(?:\s+[A-ZÉÈ][\w'’-]+)?\s+"
    r"agglom[ée]ration)[ \t]*(?:\(|$|,)",
    re.IGNORECASE | re.MULTILINE,
)
_BODY = re.compile(
    r"(?P<body>conseil\s+(?:municipal|communautaire|syndical|d[ée]partemental|r[ée]gional"
    r"|m[ée]tropolitain)|comit[ée]\s+syndical|bureau\s+(?:communautaire|syndical))",
    re.IGNORECASE,
)
_MOVEMENT_LINE = re.compile(
    r"^[^\n]{0,40}?(?:arriv[ée]e|d[ée]part|retour|quitte\s+la\s+s[ée]ance|rejoint\s+la\s+s[ée]ance)"
    r"[^\n]{0,160}$",
    re.IGNORECASE | re.MULTILINE,
)
_PERSON_IN = re.compile(
    r"(?:M\.|Mme|Monsieur|Madame|Mr)\s+(?P<name>(?:[A-ZÉÈ][\w'’-]*\.?\s*){1,4})"
)


def read_any(text: str, evidence: KindEvidence) -> ExtractedDocument:
    """Read a normalised document with the generic readers.

    The kind the first pages suggest is settled by the items: numbered deliberations
    ("DE-2014/3", "2019-03-01", "Délibération n° 12") under a session header that
    no "procès-verbal"/"compte rendu" heading introduces make a register (one item: an
    extract).
    """
    if evidence.kind == "list":
        return _list(text)
    headings = find_items(text)
    kind = _settled_kind(evidence, headings)
    if kind == "other":
        return ExtractedDocument(kind="other", doubtful=_doubt(evidence))
    if not headings and kind == "minutes":
        # minutes that number no item: headings in capitals over each decision
        headings = capital_headings(text)
    header_end = headings[0].start if headings else min(len(text), _HEADER_MAX)
    info = _session_info(text, header_end)
    if len(headings) <= 1 and kind in ("register", "extract"):
        # one deliberation: its number may stand above the roster ("n° 2014 / 142")
        header_end = min(len(text), _HEADER_MAX)
    reading = read_roster(text, 0, header_end)
    # a table of absents may follow the first item (it is printed where the page allows)
    reading = read_absence_table(text, 0, min(len(text), max(header_end, _HEADER_MAX)), reading)
    if not headings and kind in ("register", "extract"):
        heading = _unnumbered(text, reading)
        headings = [heading] if heading else []
    movements = list(reading.movements) + _body_movements(text, headings)
    items = _items(text, headings, reading.count_ranges)
    key = f"{slug(info.body)}-{info.date.isoformat() if info.date else 'sans-date'}"
    unread = list(reading.unread)
    for it in items:
        unread += it[1]
    if kind in ("register", "extract"):
        session = SessionRecord(
            key=key,
            source_kind="register_extract",
            info=info,
            attendance=reading.attendance,
            span=Span(0, header_end),
            secretary=reading.secretary,
            movements=tuple(movements),
            unread=tuple(unread),
            attendance_shared=True,
            reader="generic",
        )
        delibs = tuple(_deliberation(item, key, info, reading) for item, _u in items)
        return ExtractedDocument(kind=kind, sessions=(session,), deliberations=delibs)
    opened, closed = find_session_times(text)
    info = replace(info, opened_at=info.opened_at or opened, closed_at=info.closed_at or closed)
    session = SessionRecord(
        key=key,
        source_kind="minutes",
        info=info,
        attendance=reading.attendance,
        items=tuple(item for item, _u in items),
        span=Span(0, len(text)),
        secretary=reading.secretary,
        movements=tuple(movements),
        unread=tuple(unread),
        reader="generic",
    )
    return ExtractedDocument(kind="minutes", sessions=(session,))


def _settled_kind(evidence: KindEvidence, headings: list[Heading]) -> DocumentKind:
    """The kind the first pages suggest, settled by the item headings found."""
    kind = evidence.kind
    if "minutes_heading" not in evidence.headings and (kind != "other" or evidence.strong_cues):
        if headings and headings[0].scheme in ("coded", "deliberation", "letter_coded"):
            kind = "register" if len(headings) > 1 else "extract"
        elif kind == "register" and not headings:
            kind = "extract"  # a register's heading over one unnumbered deliberation
        elif kind == "other" and headings:
            kind = "minutes"
    return kind


def _deliberation(
    item: MinutesItem, key: str, info: SessionInfo, reading: RosterReading
) -> DeliberationRecord:
    """One item of a register (or the one of an extract) as a deliberation."""
    return DeliberationRecord(
        number=item.number or None,
        title=item.title,
        session_key=key,
        info=info,
        # the counts printed for the deliberation's range of items, when printed
        attendance=replace(reading.attendance, counts=item.counts)
        if item.counts is not None
        else reading.attendance,
        vote=final_vote(item.votes),
        has_decision=bool(item.votes),
        span=item.span,
        title_span=item.span,
        member_votes=item.member_votes,
        ballots=item.ballots,
    )


def final_vote(votes: tuple[VoteTally, ...]) -> VoteTally | None:
    """The item's decision: its last statement that prints a tally or unanimity, else its
    last statement ("prend acte", "reporté")."""
    counted = [
        v
        for v in votes
        if v.unanimous is not None
        or v.votes_for is not None
        or v.votes_against is not None
        or v.abstentions is not None
    ]
    return counted[-1] if counted else (votes[-1] if votes else None)


_NOT_SUBJECT = re.compile(
    r"^\s*(?:secr[ée]taire|rapporteur|date|nombre|[ée]lus?\s|pr[ée]sents?|absents?|excus|votants?"
    r"|pouvoirs?|procurations?|convocation|le\s+\w+\s+\d|l['’]an\s|s[ée]ance|en\s+exercice)",
    re.IGNORECASE,
)


def _unnumbered(text: str, reading: RosterReading) -> Heading | None:
    """The one deliberation of an extract that prints no number: its subject is the
    first line after the roster and the secretary that is none of theirs."""
    start = reading.attendance.span.end if reading.attendance.span else 0
    for m in re.finditer(r"[^\n]+", text[start : start + 3000]):
        line = m.group(0).strip()
        if (
            len(line.split()) < 3
            or _NOT_SUBJECT.match(line)
            or (" à " in line[:60] and len(line) < 80)
        ):
            continue
        a = start + m.start()
        title_end = text.find("\n\n", a)
        stop = re.search(r"\.\s*\n", text[a : a + 600])
        end = a + stop.end() if stop else (title_end if 0 < title_end < a + 600 else a + len(line))
        title = " ".join(text[a:end].split()).rstrip(".")
        return Heading("", title, a, end, 0, "unnumbered")
    return None


def _doubt(evidence: KindEvidence) -> str | None:
    """The cues of a session seen in a document read as "other", said in French.

    Doubt needs less than reading as a session does: a roster label under a session line
    (« le Conseil municipal … s'est réuni ») is enough, with no vote formula or count
    seen, so that minutes in a wording not yet known are never counted as read."""
    if not (evidence.strong_cues or (evidence.session_line and evidence.roster_labels)):
        return None
    parts = [
        f"{n} {one if n == 1 else many}"  # the noun takes the plural, not the phrase's end
        for n, one, many in (
            (evidence.roster_labels, "rubrique de présence", "rubriques de présence"),
            (
                evidence.counts,
                "nombre de membres ou de votants",
                "nombres de membres ou de votants",
            ),
            (evidence.votes, "formule de vote", "formules de vote"),
        )
        if n
    ]
    if evidence.session_line:
        parts.append("une phrase d'ouverture de séance")
    return ", ".join(parts)


def _items(
    text: str, headings: list[Heading], ranges: tuple[CountRange, ...]
) -> list[tuple[MinutesItem, list[Unread]]]:
    out = []
    for i, h in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        block = text[h.start : end]
        votes, members, unread = read_votes(block)
        ballots = read_ballots(block, h.title)
        shift = h.start
        out.append(
            (
                MinutesItem(
                    number=h.number,
                    title=h.title,
                    votes=tuple(
                        replace(v, span=v.span.shift(shift) if v.span else None) for v in votes
                    ),
                    span=Span(h.start, end),
                    counts=_range_counts(h.seq, ranges),
                    member_votes=tuple(
                        replace(m, span=m.span.shift(shift) if m.span else None) for m in members
                    ),
                    ballots=tuple(
                        replace(b, span=b.span.shift(shift) if b.span else None) for b in ballots
                    ),
                ),
                [Unread(u.span.shift(shift), u.reason) for u in unread],
            )
        )
    return out


def _last_int(number: str) -> int:
    """The sequence of a printed number: "2016-007" → 7, "11" → 11."""
    return int(re.findall(r"\d+", number)[-1])


def _range_counts(seq: int, ranges: tuple[CountRange, ...]) -> AttendanceCounts | None:
    for first, last, counts in ranges:
        if _last_int(first) <= seq and (last is None or seq <= _last_int(last)):
            return counts
    return None


def _session_info(text: str, header_end: int) -> SessionInfo:
    head = text[: max(header_end, min(len(text), 1500))][:_HEADER_MAX]
    info = parse_session_header(head)
    date = info.date or _session_date(head)
    org = info.organisation
    if org is None:
        m = _ORGANISATION.search(head[:2500])
        if m:
            org = re.sub(r"\s+", " ", m.group("org")).strip()
    body = info.body
    if body is None:
        b = _BODY.search(head[:3000])
        if b:
            body = b.group("body")[0].upper() + b.group("body")[1:].lower()
    return replace(
        info,
        date=date,
        organisation=org,
        organisation_source="document" if org else None,
        body=body,
    )


def _session_date(head: str) -> dt.date | None:
    """The meeting's date: the first date a session line introduces, else the first date."""
    first: dt.date | None = None
    for date, span in find_dates(head):
        before = head[max(0, span.start - 80) : span.start]
        line_before = before.split("\n")[-1]
        if _NOT_SESSION_DATE.search(before[-70:]):
            continue
        if _DATE_CONTEXT.search(line_before) or _DATE_CONTEXT.search(before):
            return date
        first = first or date
    return first


def _body_movements(text: str, headings: list[Heading]) -> list[Movement]:
    """Arrivals and departures printed between or inside items."""
    out: list[Movement] = []
    if not headings:
        return out
    starts = [h.start for h in headings]
    for m in _MOVEMENT_LINE.finditer(text, headings[0].start):
        line = m.group(0)
        person = _PERSON_IN.search(line)
        if not person:
            continue
        event: Literal["arrives", "leaves"] = (
            "arrives" if re.search(r"arriv|retour|rejoint", line, re.I) else "leaves"
        )
        nxt = next((h for h, s in zip(headings, starts, strict=True) if s > m.start()), None)
        out.append(
            Movement(
                person.group("name").strip(),
                event,
                nxt.number if nxt else None,
                Span(m.start(), m.end()),
            )
        )
    return out


_BULLET = re.compile(
    r"^[ \t]*[•▪➢◦\-–*][ \t]*(?P<title>\S[^\n]*(?:\n(?![ \t]*[•▪➢◦\-–*]|[ \t]*\n)[^\n]+)*)", re.M
)


def _list(text: str) -> ExtractedDocument:
    """A list of deliberations: one item per bullet (or numbered line), no roster."""
    info = _session_info(text, min(len(text), 1500))
    headings = find_items(text)
    if headings:
        items = tuple(
            MinutesItem(number=h.number, title=h.title, span=Span(h.start, h.end)) for h in headings
        )
    else:
        items = tuple(
            MinutesItem(
                number=str(i + 1),
                title=re.sub(r"\s+", " ", m.group("title")).strip(),
                span=Span(m.start(), m.end()),
            )
            for i, m in enumerate(_BULLET.finditer(text))
        )
    key = f"{slug(info.body)}-{info.date.isoformat() if info.date else 'sans-date'}"
    session = SessionRecord(
        key=key,
        source_kind="minutes",
        info=info,
        attendance=read_roster(text, 0, 0).attendance,
        items=items,
        span=Span(0, len(text)),
    )
    return ExtractedDocument(kind="list", sessions=(session,))


def slug(text: str | None) -> str:
    """A session's body as a key: "Comité syndical" → "comite-syndical"."""
    if not text:
        return "seance"
    # lower(), not casefold(): "ß" stays one character and becomes a hyphen
    folded = strip_accents(text).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


__all__ = ["cues", "read_any"]

"""Tables of absents: "Absents | Ni pouvoir ni suppléant | Suppléant | Pouvoir donné à…".

Agglomerations print, beside the roster of those present, a table of the members who
are not: one row per member, marked in the column that applies. The text layer loses
the columns, so a row reads "Nom X" (neither proxy nor substitute) or "Nom Autre-Nom",
and the second name tells which: a substitute the roster lists as such, or else the
present member who holds the proxy.
"""

from __future__ import annotations

import re

from parsers import cues
from parsers.names import is_plausible_name, parse_person, same_person
from parsers.records import Attendance, Attendee, Person, Proxy, Span, Unread
from parsers.roster import _BRACKET, RosterReading, _movement_from_note, _State

_ROW_MARK = re.compile(r"\s+[Xx✓✔]\s*$")
_NOT_ROW = re.compile(r"\d|[:;]|\b(?:le|la|les|des|du|de la|est|sont|décide)\b")


def read_absence_table(text: str, start: int, end: int, reading: RosterReading) -> RosterReading:
    """Add the rows of a table of absents (proxy or substitute per member) to a reading.

    The columns are lost in the text layer: a row is "Giver X" (neither proxy nor
    substitute), or "Giver Holder", where the holder is a member the roster lists
    present; if the roster names him as the giver's substitute, the row is the
    substitution and not a proxy. A row whose second name meets no present member is
    left unread, with its span.
    """
    m = cues.ABSENCE_TABLE.regex.search(text, start, end)
    if m is None:
        return reading
    att = reading.attendance
    attendees = list(att.attendees)
    proxies = list(att.proxies)
    movements = list(reading.movements)
    unread = list(reading.unread)
    present = [a for a in attendees if a.status in ("present", "substitute")]
    for a, b in _table_rows(text, m.end(), end):
        row = re.sub(r"\s*\n\s*-?\s*", " ", text[a:b]).strip(" -")
        span = Span(a, b)
        notes = [n.group(0) for n in _BRACKET.finditer(row)]
        row = _BRACKET.sub(" ", row)
        if _ROW_MARK.search(row):
            name = _ROW_MARK.sub("", row).strip()
            if not is_plausible_name(name):
                unread.append(Unread(span, "name not recognised"))
                continue
            person = parse_person(name)
            if _listed_in(attendees, person) is None:
                attendees.append(Attendee(person=person, status="absent", span=span))
            continue
        split = _holder_suffix(row, present)
        if split is None:
            unread.append(Unread(span, "name not recognised"))
            continue
        giver_raw, holder = split
        giver = parse_person(giver_raw)
        if any(h.replaces and _same(h.replaces, giver.name) for h in present if h is holder):
            continue  # the substitute sits: the replaced member is no attendee row
        known = _listed_in(attendees, giver)
        if known is None:
            attendees.append(Attendee(person=giver, status="represented", span=span))
        proxies.append(
            Proxy(
                giver=giver.name if known is None else attendees[known].person.name,
                holder=holder.person.name,
                span=span,
            )
        )
        st = _State(attendees, proxies, movements)
        for note in notes:
            _movement_from_note(st, giver, note, span)
    attendance = Attendance(
        attendees=tuple(attendees), proxies=tuple(proxies), counts=att.counts, span=att.span
    )
    return RosterReading(
        attendance,
        reading.secretary,
        tuple(movements),
        reading.count_ranges,
        tuple(unread),
        reading.labels + 1,
    )


def _table_rows(text: str, pos: int, end: int) -> list[tuple[int, int]]:
    """The rows under the header: blocks between blank lines, until one is not a row."""
    rows = []
    for m in re.finditer(r"(?:[^\n]+\n?)+", text[pos:end]):
        block = m.group(0).strip()
        if not block:
            continue
        if _NOT_ROW.search(_BRACKET.sub(" ", block)) or len(block) > 120:
            break
        rows.append((pos + m.start(), pos + m.start() + len(m.group(0).rstrip())))
    return rows


def _holder_suffix(row: str, present: list[Attendee]) -> tuple[str, Attendee] | None:
    """Split "Giver Holder" where Holder is the one present member its last words name."""
    tokens = row.split()
    for k in range(1, len(tokens)):
        tail = " ".join(tokens[k:])
        hits = [a for a in present if _same(a.person.name, tail)]
        if len(hits) == 1 and len(tokens[k:]) >= 2 and is_plausible_name(" ".join(tokens[:k])):
            return " ".join(tokens[:k]), hits[0]
    return None


def _same(a: str, b: str) -> bool:
    return same_person(a, b)


def _listed_in(attendees: list[Attendee], person: Person) -> int | None:
    hits = [i for i, a in enumerate(attendees) if _same(a.person.name, person.name)]
    return hits[0] if len(hits) == 1 else None

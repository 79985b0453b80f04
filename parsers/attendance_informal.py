"""The attendance lines of informal minutes (small-commune comptes rendus):
"Présents : Jean-Pierre, Yves, ...", "Excusée : Maryline (pouvoir donné à Jean-Pierre)",
"Maryline : absente non excusée"."""

from __future__ import annotations

import re
from typing import Any

from parsers.attendance_counts import lines
from parsers.names import is_plausible_name, parse_person, resolve_holder, trim_span
from parsers.records import Attendance, AttendanceCounts, Attendee, Proxy, Span, Status

# "Étaient", "Était", "Sont", "Est": the verb some rosters open with (formal ones too).
WERE = r"(?:[ÉEé]taient|[ÉEé]tait|Sont|Est)"

_ADJ = r"e?s?"
_I_PRESENT = re.compile(rf"^\s*(?:{WERE}\s+)?pr[ée]sent{_ADJ}\s*:", re.IGNORECASE)
_I_ABSENT_UNEXCUSED = re.compile(
    rf"^\s*(?:{WERE}\s+)?absent{_ADJ}\s+non[\s-]+excus[ée]{_ADJ}\s*:", re.IGNORECASE
)
_I_EXCUSED = re.compile(
    rf"^\s*(?:{WERE}\s+)?(?:absent{_ADJ}\s+)?excus[ée]{_ADJ}(?:\s+et\s+repr[ée]sent[ée]{_ADJ})?"
    r"\s*:",
    re.IGNORECASE,
)
_I_ABSENT = re.compile(rf"^\s*(?:{WERE}\s+)?absent{_ADJ}\s*:", re.IGNORECASE)
_I_SINGLE = re.compile(
    r"^\s*(?P<name>[^:\n()]{1,60}?)\s*:\s*"
    rf"(?P<what>absent{_ADJ}(?:\s+non)?(?:\s+excus[ée]{_ADJ})?|excus[ée]{_ADJ})"
    r"\s*(?P<note>\([^)\n]*\)?)?\s*[.,;]?\s*$",
    re.IGNORECASE,
)
_I_STOP = re.compile(r"^\s*(?:Ordre\s+du\s+jour|\d+\s*[/.)°-]|[A-Z]\s*/)", re.IGNORECASE)
PROXY_NOTE = re.compile(
    r"(?:pouvoirs?|procurations?)(?:\s+donn[ée]e?s?)?(?:\s+(?:à|a|au|en\s+faveur\s+de))?\s+"
    r"(?P<holder>[^()]+?)\s*$",
    re.IGNORECASE,
)


def _split_items(text: str) -> list[tuple[int, int]]:
    """Top-level items of a list: cut at ",", ";", "/" and "et" outside parentheses."""
    items = []
    depth = 0
    start = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and c in ",;/":
            items.append((start, i))
            start = i + 1
        elif (
            depth == 0
            and re.match(r"(?<!\w)et(?!\w)", text[i : i + 3])
            and (i == 0 or not text[i - 1].isalnum())
        ):
            items.append((start, i))
            start = i + 2
            i += 1
        i += 1
    items.append((start, len(text)))
    return items


def _parse_item(text: str, a: int, b: int) -> tuple[tuple[int, int], str | None] | None:
    """``((name_start, name_end), holder_raw)`` of one item "Name (pouvoir donné à X)"."""
    item = text[a:b]
    paren = item.find("(")
    name_end = a + paren if paren >= 0 else b
    na, nb = trim_span(text, a, name_end)
    if nb <= na or not is_plausible_name(text[na:nb]):
        return None
    holder = None
    if paren >= 0:
        note = item[paren + 1 :].split(")", 1)[0]
        m = PROXY_NOTE.search(re.sub(r"\s+", " ", note))
        if m:
            holder = m.group("holder").strip(" .,;")
    return (na, nb), holder


def _items_ok(text: str) -> bool:
    parts = [(a, b) for a, b in _split_items(text) if text[a:b].strip(" \t.\r\n")]
    return bool(parts) and all(_parse_item(text, a, b) is not None for a, b in parts)


def _balanced(text: str) -> bool:
    return text.count("(") <= text.count(")")


# A section: (kind, content start, content end, single-line form). The end grows while
# the list wraps over the next lines.
_Section = list[Any]
# An entry: (name span, proxy holder as printed, item span), spans inside the section.
_Entry = tuple[tuple[int, int], str | None, tuple[int, int]]


def parse_informal_attendance(block: str) -> Attendance:
    """Parse the attendance lines of informal minutes (small-commune comptes rendus).

    Reads "Présents : Jean-Pierre, Yves, ..." (possibly wrapped), "Excusé(e)(s) :" and
    "Absents excusés :" lists whose items may carry "(pouvoir donné [à] X)" — a proxy,
    the item is then represented, otherwise absent — "Absents non excusés :" lists and
    single lines "Maryline : absente non excusée". Items are cut at ",", "/", ";" and
    "et". Proxy holders are resolved to the full printed name of a present attendee
    ("Adeline Texeira" -> "Adeline TEXEIRA"). Counts are not printed in such minutes
    and are all None. Parsing stops at the first line that is neither an attendance
    line nor the continuation of one ("Ordre du jour").
    """
    sections = _sections(block)
    if not sections:
        return Attendance()

    attendees: list[Attendee] = []
    raw_proxies: list[tuple[str, str, Span]] = []
    first = sections[0]
    span_start = first[1] if first[3] else block.rfind("\n", 0, first[1]) + 1
    for kind, a, b, one_line in sections:
        text = block[a:b]
        for (na, nb), holder, (ia, ib) in _entries(text, one_line):
            person = parse_person(text[na:nb])
            status: Status
            if kind == "present":
                status = "present"
            elif holder:
                status = "represented"
                raw_proxies.append((person.name, holder, Span(a + ia, a + ib)))
            else:
                status = "absent"
            attendees.append(Attendee(person=person, status=status, span=Span(a + na, a + nb)))
    holders = [x.person for x in attendees if x.status == "present"]
    proxies = tuple(
        Proxy(giver=giver, holder=resolve_holder(raw, holders), span=span)
        for giver, raw, span in raw_proxies
    )
    end = len(block[: max(sec[2] for sec in sections)].rstrip())
    span_start += len(block[span_start:]) - len(block[span_start:].lstrip())
    return Attendance(
        attendees=tuple(attendees),
        proxies=proxies,
        counts=AttendanceCounts(),
        span=Span(span_start, end),
    )


def _sections(block: str) -> list[_Section]:
    """The attendance sections of ``block``, in order, each extended over its wrapped
    lines; reading stops at the first line that continues none of them."""
    sections: list[_Section] = []
    current: _Section | None = None
    for line_start, line_end in lines(block):
        line = block[line_start:line_end]
        if not line.strip():
            continue
        kind = None
        m = None
        for k, pattern in (
            ("present", _I_PRESENT),
            ("absent", _I_ABSENT_UNEXCUSED),
            ("excused", _I_EXCUSED),
            ("absent", _I_ABSENT),
        ):
            m = pattern.match(line)
            if m:
                kind = k
                break
        if kind and m is not None:
            current = [kind, line_start + m.end(), line_end, False]
            sections.append(current)
            continue
        single = _I_SINGLE.match(line)
        if single and is_plausible_name(single.group("name")):
            excused = "non" not in single.group("what").casefold()
            sections.append(["excused" if excused else "absent", line_start, line_end, True])
            current = None  # a one-line statement has no continuation
            continue
        if not sections:
            continue  # header lines before the attendance
        if current is None or _I_STOP.match(line):
            break
        so_far = block[current[1] : current[2]].rstrip()
        if not _balanced(so_far) or (not so_far.endswith(".") and _items_ok(line)):
            current[2] = line_end
            continue
        break
    return sections


def _entries(text: str, one_line: bool) -> list[_Entry]:
    """The names of one section's text, with the proxy holder each one's note names."""
    entries: list[_Entry] = []
    if one_line:
        # "Maryline : absente non excusée" (possibly with a "(pouvoir donné à X)" note)
        single = _I_SINGLE.match(text)
        assert single is not None
        na, nb = trim_span(text, single.start("name"), single.end("name"))
        note = PROXY_NOTE.search((single.group("note") or "").strip("() "))
        holder = note.group("holder").strip(" .,;") if note else None
        entries.append(((na, nb), holder, trim_span(text, na, single.end())))
        return entries
    for ia, ib in _split_items(text):
        if not text[ia:ib].strip(" \t.\r\n"):
            continue
        parsed = _parse_item(text, ia, ib)
        if parsed is not None:
            entries.append((parsed[0], parsed[1], trim_span(text, ia, ib)))
    return entries

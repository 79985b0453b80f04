"""Attendance blocks: who was present, substituted, represented by proxy or absent.

Two shapes are handled:

* the formal block of register extracts and committee minutes ("Étaient présents :",
  college headings, "Etait représenté par suppléance :", "Etaient représentés par
  pouvoir :", "Etaient absents :", then the "Nombre de délégués" counts block);
* the informal lines of small-commune minutes ("Présents : Jean-Pierre, Yves, ...",
  "Excusée : Maryline (pouvoir donné à Jean-Pierre)", "Maryline : absente non excusée").

Both parsers read line by line and stop at the first line that is neither a heading
nor a plausible continuation of a name list, so a caller may pass a block that runs
on into the body of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers.attendance_counts import (
    CONVOCATION,
    COUNT_LINE,
    COUNTS_ANCHOR,
    COUNTS_ANCHOR_ANYWHERE,
    lines,
    parse_counts,
)
from parsers.attendance_informal import PROXY_NOTE, parse_informal_attendance
from parsers.attendance_informal import WERE as _WERE
from parsers.names import (
    CIVILITY_RE,
    is_plausible_name,
    parse_person,
    resolve_holder,
    split_names_detailed,
    trim_span,
)
from parsers.records import (
    Attendance,
    AttendanceCounts,
    AttendanceMode,
    Attendee,
    Proxy,
    Span,
    Status,
)

__all__ = ["parse_attendance", "parse_counts", "parse_informal_attendance"]


# --- formal block -------------------------------------------------------------------------

_PRESENT_HEAD = re.compile(
    rf"^\s*(?:{_WERE}\s+)?pr[ée]sent(?:e)?s?\s*"
    r"(?P<mode>\([^)\n]*\)|sur\s+site|en\s+pr[ée]sentiel|en\s+visio[\w-]*|[àa]\s+distance)?"
    r"\s*:(?P<rest>.*)$",
    re.IGNORECASE,
)
_SUBSTITUTE_HEAD = re.compile(
    rf"^\s*{_WERE}\s+repr[ée]sent[ée]e?s?\s+par\s+(?:un\s+|des\s+)?suppl[ée]an(?:ce|ts?)\s*:"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_PROXY_HEAD = re.compile(
    rf"^\s*{_WERE}\s+repr[ée]sent[ée]e?s?\s+par\s+(?:pouvoirs?|procurations?)\s*:(?P<rest>.*)$",
    re.IGNORECASE,
)
_ABSENT_HEAD = re.compile(
    rf"^\s*(?:{_WERE}\s+)?(?:absent(?:e)?s?(?:\s+(?:et\s+)?excus[ée]e?s?)?|excus[ée]e?s?)\s*:"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_COLLEGE_HEAD = re.compile(
    r"^\s*Repr[ée]sentants?\s+(?:(?:de\s+la|des|du|de)\s+|(?:de\s+l|d)['’]\s*)"
    r"(?P<college>[^:\n]+?)\s*(?::(?P<rest>.*))?$",
    re.IGNORECASE,
)
_POUR_CLAUSE = re.compile(
    r"^\s*Pour\s+(?:(?:le|la|les)\s+|l['’]\s*)?(?P<college>[^,:\n]+?)\s*[,:]"
    r"\s*(?:(?:suppl[ée]ai(?:en)?t|(?:a|ont)\s+donn[ée]\s+(?:pouvoirs?|procurations?))\s*[:,]?)?"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_PRESENT_HEAD_ANYWHERE = re.compile(_PRESENT_HEAD.pattern, re.IGNORECASE | re.MULTILINE)
_SUBSTITUTE_KW = re.compile(
    r"(?<!\w)(?:pour|en\s+remplacement\s+de|rempla[çc]ant|rempla[çc]ait)(?!\w)", re.IGNORECASE
)
_PROXY_KW = re.compile(r"(?<!\w)(?:à|au\s+profit\s+de)(?!\w)", re.IGNORECASE)


def _college(raw: str) -> str | None:
    """A college as printed after its article, first letter capitalised.

    The heading patterns already dropped "Représentant(s) de/du/des" and "Pour
    le/la/les"; "communautés de communes" becomes "Communautés de communes".
    """
    text = re.sub(r"\s+", " ", raw.replace("’", "'")).strip(" ,.:;")
    return text[:1].upper() + text[1:] if text else None


def _mode(raw: str | None) -> AttendanceMode | None:
    if not raw:
        return None
    folded = raw.casefold()
    if "visio" in folded or "distance" in folded or "distanciel" in folded:
        return "remote"
    if "site" in folded or "présentiel" in folded or "presentiel" in folded or "salle" in folded:
        return "on_site"
    return None


def _names_ok(text: str) -> bool:
    """Whether a line continues a name list (names, civilities, list punctuation only)."""
    refs = split_names_detailed(text)
    if not refs:
        return bool(CIVILITY_RE.search(text)) or not text.strip(" ,;.\t")
    return all(is_plausible_name(ref.raw) for ref in refs)


@dataclass
class _State:
    """The formal parser's position: section, college and attendance mode in force."""

    section: str | None = None
    college: str | None = None
    mode: AttendanceMode | None = None
    pending: list[tuple[int, int]] = field(default_factory=list)
    attendees: list[Attendee] = field(default_factory=list)
    proxies: list[tuple[str, str, str | None, Span]] = field(default_factory=list)
    start: int | None = None
    end: int | None = None

    def touch(self, a: int, b: int) -> None:
        if self.start is None:
            self.start = a
        self.end = b if self.end is None else max(self.end, b)


def _mask_notes(text: str) -> str:
    """Blank out parenthesised notes, keeping offsets ("X (pouvoir à Y)" -> "X          ")."""
    return re.sub(r"\([^)]*\)?", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _note_after(text: str, end: int) -> str | None:
    """The parenthesised note right after a name ending at ``end``, if any."""
    m = re.match(r"\s*\(([^)]*)\)?", text[end:])
    return re.sub(r"\s+", " ", m.group(1)) if m else None


def _flush_names(block: str, st: _State, status: Status) -> None:
    a, b = st.pending[0][0], st.pending[-1][1]
    chunk = block[a:b]
    # names are split with their notes blanked out, so "(pouvoir à M. Y)" is not a name
    for ref in split_names_detailed(_mask_notes(chunk)):
        raw = chunk[ref.span.start : ref.span.end]
        if not is_plausible_name(raw):
            continue
        person = parse_person(raw, ref.civility)
        note = _note_after(chunk, ref.span.end)
        holder = PROXY_NOTE.search(note) if note and status == "absent" else None
        span = ref.span.shift(a)
        if holder:
            # "Etaient absents excusés : M. X (pouvoir à M. Y)": X is represented
            st.attendees.append(
                Attendee(person=person, status="represented", college=st.college, span=span)
            )
            note_end = block.index(")", span.end) + 1 if ")" in block[span.end : b] else b
            st.proxies.append(
                (person.name, holder.group("holder"), st.college, Span(span.start, note_end))
            )
            continue
        st.attendees.append(
            Attendee(
                person=person,
                status=status,
                college=st.college,
                attendance_mode=st.mode if status == "present" else None,
                span=span,
            )
        )


def _pair_groups(
    block: str, pending: list[tuple[int, int]], kw: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Group pending lines so that each group holds whole "X pour Y" / "X à Y" pairs.

    A new line that carries its own keyword starts a new pair, unless the previous
    line stopped mid-name (line-end hyphen, dangling civility or keyword).
    """
    groups: list[tuple[int, int]] = []
    for a, b in pending:
        line = block[a:b]
        if groups:
            prev = block[groups[-1][0] : groups[-1][1]].rstrip()
            dangling = prev.endswith("-") or bool(
                re.search(rf"(?:{CIVILITY_RE.pattern}|{kw.pattern})\s*$", prev, re.IGNORECASE)
            )
            if dangling or not kw.search(line) or not kw.search(prev):
                groups[-1] = (groups[-1][0], b)
                continue
        groups.append((a, b))
    return groups


def _flush_pairs(block: str, st: _State, kind: str) -> None:
    kw = _SUBSTITUTE_KW if kind == "substitute" else _PROXY_KW
    for ga, gb in _pair_groups(block, st.pending, kw):
        text = block[ga:gb]
        cuts = list(kw.finditer(text))
        if not cuts:
            continue
        bounds = [0, *[p for m in cuts for p in (m.start(), m.end())], len(text)]
        segments = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        seg_refs = [split_names_detailed(text[s:e]) for s, e in segments]
        for i in range(len(cuts)):
            left, right = seg_refs[i], seg_refs[i + 1]
            if not left or not right:
                continue
            lref, rref = left[-1], right[0]
            if not (is_plausible_name(lref.raw) and is_plausible_name(rref.raw)):
                continue
            lspan = lref.span.shift(ga + segments[i][0])
            rspan = rref.span.shift(ga + segments[i + 1][0])
            left_person = parse_person(lref.raw, lref.civility)
            right_person = parse_person(rref.raw, rref.civility)
            if kind == "substitute":
                st.attendees.append(
                    Attendee(
                        person=left_person,
                        status="substitute",
                        college=st.college,
                        replaces=right_person.name,
                        span=lspan,
                    )
                )
            else:
                st.attendees.append(
                    Attendee(
                        person=left_person, status="represented", college=st.college, span=lspan
                    )
                )
                st.proxies.append(
                    (left_person.name, rref.raw, st.college, Span(lspan.start, rspan.end))
                )


def _flush(block: str, st: _State) -> None:
    if not st.pending or st.section is None:
        st.pending = []
        return
    if st.section == "present":
        _flush_names(block, st, "present")
    elif st.section == "absent":
        _flush_names(block, st, "absent")
    else:
        _flush_pairs(block, st, st.section)
    st.pending = []


def _content_ok(block: str, st: _State, line: str) -> bool:
    """Whether ``line`` continues the current section's list."""
    if st.pending:
        so_far = block[st.pending[0][0] : st.pending[-1][1]]
        if so_far.count("(") > so_far.count(")"):
            return True  # inside a note that wraps ("(pouvoir donné à\nM. Y)")
    line = _mask_notes(
        re.sub(r"^[^(]*\)", lambda m: " " * len(m.group(0)), line)
        if line.count(")") > line.count("(")
        else line
    )
    if st.section == "substitute":
        line = _SUBSTITUTE_KW.sub(",", line)
    elif st.section == "proxy":
        line = _PROXY_KW.sub(",", line)
    return _names_ok(line)


def _finish(st: _State, counts: AttendanceCounts) -> Attendance:
    holders = [a.person for a in st.attendees if a.status in ("present", "substitute")]
    proxies = tuple(
        Proxy(giver=giver, holder=resolve_holder(raw, holders), college=college, span=span)
        for giver, raw, college, span in st.proxies
    )
    spans = [Span(st.start, st.end)] if st.start is not None and st.end is not None else []
    if counts.span is not None:
        spans.append(counts.span)
    if not spans:
        return Attendance()
    span = spans[0].cover(spans[-1])
    return Attendance(attendees=tuple(st.attendees), proxies=proxies, counts=counts, span=span)


def _start_content(block: str, st: _State, line_start: int, m: re.Match[str]) -> None:
    """Take a heading line into the block, and queue the text after its colon ("Pour le
    Département du Lot : MM. X, Y")."""
    line = m.string
    st.touch(line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip()))
    rest = m.group("rest") or ""
    if rest.strip():
        a, b = trim_span(block, line_start + m.start("rest"), line_start + m.end("rest"))
        if b > a:
            st.pending.append((a, b))
            st.touch(a, b)


def parse_attendance(block: str) -> Attendance:
    """Parse a formal attendance block (register extract or committee minutes).

    Sections: "Étaient présents [(sur site)|(en visioconférence)] :" (present, with
    attendance mode when stated), "Représentant(s) du/de la/des ..." college headings,
    "Etai(en)t représenté(s) par suppléance :" ("Monsieur X pour monsieur Y":
    X is a substitute replacing Y, Y is not an attendee), "Etai(en)t représenté(s)
    par pouvoir :" ("Monsieur X à monsieur Y": a proxy, X is represented), "Etaient
    absents :" with "Pour le/la/les <college> :" clauses, then the counts block.
    Parsing starts at the first heading and stops at the counts block, "Date de la
    convocation" or the first line that is not a name list. Spans are relative to
    ``block``; a block without any attendance gives an empty :class:`Attendance`.
    """
    st = _State()
    counts = AttendanceCounts()
    skip_to = 0
    stopped_at: int | None = None
    for line_start, line_end in lines(block):
        line = block[line_start:line_end]
        if not line.strip():
            _flush(block, st)
            continue
        if line_start < skip_to:
            continue
        if counts.span is None and (
            COUNTS_ANCHOR.match(line) or (st.section and COUNT_LINE.match(line))
        ):
            _flush(block, st)
            counts, skip_to = parse_counts(block, line_start + len(line) - len(line.lstrip()))
            if st.section is None:
                continue  # counts printed before the lists: read the lists next
            break
        if CONVOCATION.match(line):
            break
        heading = _heading(line)
        if heading:
            _flush(block, st)
            section, m = heading
            st.section, st.college = section, None
            st.mode = _mode(m.groupdict().get("mode")) if section == "present" else None
            _start_content(block, st, line_start, m)
            continue
        if st.section is None:
            continue  # still in the header before the block
        college = _COLLEGE_HEAD.match(line) or _POUR_CLAUSE.match(line)
        if college:
            _flush(block, st)
            st.college = _college(college.group("college"))
            _start_content(block, st, line_start, college)
            continue
        if _content_ok(block, st, line):
            a, b = trim_span(block, line_start, line_end)
            if b > a:
                st.pending.append((a, b))
                st.touch(a, b)
            continue
        stopped_at = line_start
        break  # prose: the block is over
    _flush(block, st)
    if stopped_at is not None and counts.span is None:
        further = _counts_further(block, stopped_at)
        if further is not None:
            counts = further
    return _finish(st, counts)


def _heading(line: str) -> tuple[str, re.Match[str]] | None:
    """The section a heading line opens ("Étaient présents :"), with its match."""
    for section, pattern in (
        ("substitute", _SUBSTITUTE_HEAD),
        ("proxy", _PROXY_HEAD),
        ("present", _PRESENT_HEAD),
        ("absent", _ABSENT_HEAD),
    ):
        m = pattern.match(line)
        if m:
            return section, m
    return None


def _counts_further(block: str, stopped_at: int) -> AttendanceCounts | None:
    """The counts block after the end of the lists, if any.

    A line such as "Secrétaire de séance : M. X" may sit between the lists and the
    counts: look for the counts further on, but not past another attendance block.
    """
    limit = _PRESENT_HEAD_ANYWHERE.search(block, stopped_at)
    anchor = COUNTS_ANCHOR_ANYWHERE.search(
        block, stopped_at, limit.start() if limit else len(block)
    )
    if anchor is None:
        return None
    counts, _ = parse_counts(
        block, anchor.start() + len(anchor.group(0)) - len(anchor.group(0).lstrip())
    )
    return counts

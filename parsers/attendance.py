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

from parsers.names import (
    CIVILITY_RE,
    is_plausible_name,
    name_key,
    parse_person,
    same_person,
    split_names_detailed,
    trim_span,
)
from parsers.records import (
    Attendance,
    AttendanceCounts,
    AttendanceMode,
    Attendee,
    Person,
    Proxy,
    Span,
    Status,
)

__all__ = ["parse_attendance", "parse_counts", "parse_informal_attendance"]

_WERE = r"(?:[ÉEé]taient|[ÉEé]tait|Sont|Est)"

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
_COUNT_LABEL = re.compile(
    r"(?<!\w)(?P<label>(?:membres\s+)?en\s+exercice|pr[ée]sent(?:\(e\))?(?:\(s\)|s)?"
    r"|pouvoir(?:\(s\)|s)?|procuration(?:\(s\)|s)?|absent(?:\(e\))?(?:\(s\)|s)?"
    r"|votant(?:\(s\)|s)?)(?!\w)",
    re.IGNORECASE,
)
_COUNTS_ANCHOR = re.compile(
    r"^\s*(?:Nombre\s+de\s+(?:d[ée]l[ée]gu[ée]s|membres|conseillers|[ée]lus)"
    r"|(?:Membres\s+)?en\s+exercice\s*:?\s*\d)",
    re.IGNORECASE,
)
_COUNTS_ANCHOR_ANYWHERE = re.compile(_COUNTS_ANCHOR.pattern, re.IGNORECASE | re.MULTILINE)
_PRESENT_HEAD_ANYWHERE = re.compile(_PRESENT_HEAD.pattern, re.IGNORECASE | re.MULTILINE)
_COUNT_LABEL_LINE = re.compile(
    rf"^\s*(?:Nombre\s+de\s+\w+\s*:?\s*)?{_COUNT_LABEL.pattern}", re.IGNORECASE
)
# a label followed by its number: starts the counts block even without "Nombre de"
_COUNT_LINE = re.compile(rf"{_COUNT_LABEL_LINE.pattern}\s*:?\s*\d", re.IGNORECASE)
# a wrapped count value or parenthesis ("(12 titulaires" / "et 1 suppléant)")
_COUNT_TAIL = re.compile(r"^[\s\d()]*(?:(?:titulaires?|suppl[ée]ants?|et)[\s\d()]*)*$", re.I)
_CONVOCATION = re.compile(r"^\s*Date\s+de\s+(?:la\s+)?convocation", re.IGNORECASE)
_SUBSTITUTE_KW = re.compile(
    r"(?<!\w)(?:pour|en\s+remplacement\s+de|rempla[çc]ant|rempla[çc]ait)(?!\w)", re.IGNORECASE
)
_PROXY_KW = re.compile(r"(?<!\w)(?:à|au\s+profit\s+de)(?!\w)", re.IGNORECASE)

_COUNT_FIELDS = {
    "exercice": "members_in_office",
    "present": "present",
    "pouvoir": "proxies",
    "procuration": "proxies",
    "absent": "absent",
    "votant": "voters",
}


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without its line break (``\\r\\n`` tolerated)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return out


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


def _parse_count_value(value: str) -> tuple[int | None, int | None, int | None]:
    """``(count, titular, substitute)`` from the text after a label; None when unreadable.

    The parenthesis ("(12 titulaires et 1 suppléant)", closing bracket sometimes lost)
    is read on its own, so a garbled total does not hide a readable split.
    """
    paren_at = value.find("(")
    head = value if paren_at < 0 else value[:paren_at]
    m = re.fullmatch(r"\s*:?\s*(?P<n>\d+)\s*[.,;]?\s*", head)
    count = int(m.group("n")) if m else None
    titular = substitute = None
    if paren_at >= 0:
        paren = re.sub(r"\s+", " ", value[paren_at + 1 :].split(")", 1)[0]).strip(" .,;")
        pm = re.fullmatch(
            r"(?:(?P<t>\d+) titulaires?)?(?: ?(?:et|,|\+) ?)?(?:(?P<s>\d+) suppl[ée]ants?)?",
            paren,
            re.IGNORECASE,
        )
        if pm:
            titular = int(pm.group("t")) if pm.group("t") else None
            substitute = int(pm.group("s")) if pm.group("s") else None
    return count, titular, substitute


def _value_text(text: str) -> str:
    """A label's value: the rest of its line plus wrapped number/parenthesis lines only.

    Stopping at any other line keeps a garbled label ("Pr ésents 13") from being read
    as part of the previous label's value.
    """
    first, *rest = text.split("\n")
    kept = [first]
    for line in rest:
        if not _COUNT_TAIL.match(line):
            break
        kept.append(line)
    return "\n".join(kept)


def _counts_line(line: str) -> bool:
    """A line of the counts block: a label and its number, or a short "word(s) 12" line."""
    if _CONVOCATION.match(line):
        return False
    return bool(
        _COUNT_LABEL_LINE.match(line)
        or _COUNT_TAIL.match(line)
        or re.fullmatch(r"\s*[^\W\d][\w()'’ .-]{0,30}?\s*:?\s*\d+\s*(?:\(.{0,40})?", line)
    )


def parse_counts(text: str, start: int = 0) -> tuple[AttendanceCounts, int]:
    """Parse the counts block that begins on the line at ``start``.

    Reads "Nombre de délégués En exercice 18 / Présents 13 (12 titulaires et 1
    suppléant) / Pouvoir(s) 0 / Absent(s) 5 / Votants 13", one label per line or
    several on a line. A count that is missing or unreadable ("Présents 1 3") is
    None, as are the titular/substitute split when the parenthesis does not print
    them. Returns the counts (span set) and the offset where the block ends.
    """
    region_end = start
    for a, b in _lines(text[start:]):
        line = text[start + a : start + b]
        if a == 0 or not line.strip() or _counts_line(line):
            if line.strip():
                region_end = start + len(line.rstrip()) + a
            continue
        break
    region = text[start:region_end]
    labels = list(_COUNT_LABEL.finditer(region))
    values: dict[str, int | None] = {}
    for i, m in enumerate(labels):
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(region)
        count, titular, substitute = _parse_count_value(_value_text(region[m.end() : stop]))
        key = re.sub(r"[^a-z]", "", m.group("label").casefold().replace("é", "e"))
        field_name = next((f for k, f in _COUNT_FIELDS.items() if k in key), None)
        if field_name is None or field_name in values:
            continue  # a label printed twice: the first reading stands
        values[field_name] = count
        if field_name == "present":
            values["present_titular"] = titular
            values["present_substitute"] = substitute
    span = Span(start + len(region) - len(region.lstrip()), region_end) if labels else None
    counts = AttendanceCounts(
        members_in_office=values.get("members_in_office"),
        present=values.get("present"),
        present_titular=values.get("present_titular"),
        present_substitute=values.get("present_substitute"),
        proxies=values.get("proxies"),
        absent=values.get("absent"),
        voters=values.get("voters"),
        span=span,
    )
    return counts, region_end


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
        holder = _PROXY_NOTE.search(note) if note and status == "absent" else None
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


def _resolve_holder(raw: str, candidates: list[Person]) -> str:
    """The full printed name of the attendee a holder designates, else the holder as parsed."""
    person = parse_person(raw)
    key = name_key(person)
    exact = [c for c in candidates if name_key(c) == key]
    if exact:
        return exact[0].name
    loose = {c.name for c in candidates if same_person(raw, c.name)}
    if len(loose) == 1:
        return loose.pop()
    return person.name


def _finish(st: _State, counts: AttendanceCounts) -> Attendance:
    holders = [a.person for a in st.attendees if a.status in ("present", "substitute")]
    proxies = tuple(
        Proxy(giver=giver, holder=_resolve_holder(raw, holders), college=college, span=span)
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
    """Queue the text after a heading's colon ("Pour le Département du Lot : MM. X, Y")."""
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
    for line_start, line_end in _lines(block):
        line = block[line_start:line_end]
        if not line.strip():
            _flush(block, st)
            continue
        if line_start < skip_to:
            continue
        if counts.span is None and (
            _COUNTS_ANCHOR.match(line) or (st.section and _COUNT_LINE.match(line))
        ):
            _flush(block, st)
            counts, skip_to = parse_counts(block, line_start + len(line) - len(line.lstrip()))
            if st.section is None:
                continue  # counts printed before the lists: read the lists next
            break
        if _CONVOCATION.match(line):
            break
        heading = None
        for section, pattern in (
            ("substitute", _SUBSTITUTE_HEAD),
            ("proxy", _PROXY_HEAD),
            ("present", _PRESENT_HEAD),
            ("absent", _ABSENT_HEAD),
        ):
            m = pattern.match(line)
            if m:
                heading = (section, m)
                break
        if heading:
            _flush(block, st)
            section, m = heading
            st.section, st.college = section, None
            st.mode = _mode(m.groupdict().get("mode")) if section == "present" else None
            st.touch(line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip()))
            _start_content(block, st, line_start, m)
            continue
        if st.section is None:
            continue  # still in the header before the block
        m = _COLLEGE_HEAD.match(line) or _POUR_CLAUSE.match(line)
        if m:
            _flush(block, st)
            st.college = _college(m.group("college"))
            st.touch(line_start + len(line) - len(line.lstrip()), line_start + len(line.rstrip()))
            _start_content(block, st, line_start, m)
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
        # a line such as "Secrétaire de séance : M. X" may sit between the lists and the
        # counts: look for the counts further on, but not past another attendance block
        limit = _PRESENT_HEAD_ANYWHERE.search(block, stopped_at)
        anchor = _COUNTS_ANCHOR_ANYWHERE.search(
            block, stopped_at, limit.start() if limit else len(block)
        )
        if anchor:
            counts, _ = parse_counts(
                block, anchor.start() + len(anchor.group(0)) - len(anchor.group(0).lstrip())
            )
    return _finish(st, counts)


# --- informal minutes ---------------------------------------------------------------------

_ADJ = r"e?s?"
_I_PRESENT = re.compile(rf"^\s*(?:{_WERE}\s+)?pr[ée]sent{_ADJ}\s*:", re.IGNORECASE)
_I_ABSENT_UNEXCUSED = re.compile(
    rf"^\s*(?:{_WERE}\s+)?absent{_ADJ}\s+non[\s-]+excus[ée]{_ADJ}\s*:", re.IGNORECASE
)
_I_EXCUSED = re.compile(
    rf"^\s*(?:{_WERE}\s+)?(?:absent{_ADJ}\s+)?excus[ée]{_ADJ}(?:\s+et\s+repr[ée]sent[ée]{_ADJ})?"
    r"\s*:",
    re.IGNORECASE,
)
_I_ABSENT = re.compile(rf"^\s*(?:{_WERE}\s+)?absent{_ADJ}\s*:", re.IGNORECASE)
_I_SINGLE = re.compile(
    r"^\s*(?P<name>[^:\n()]{1,60}?)\s*:\s*"
    rf"(?P<what>absent{_ADJ}(?:\s+non)?(?:\s+excus[ée]{_ADJ})?|excus[ée]{_ADJ})"
    r"\s*(?P<note>\([^)\n]*\)?)?\s*[.,;]?\s*$",
    re.IGNORECASE,
)
_I_STOP = re.compile(r"^\s*(?:Ordre\s+du\s+jour|\d+\s*[/.)°-]|[A-Z]\s*/)", re.IGNORECASE)
_PROXY_NOTE = re.compile(
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
        m = _PROXY_NOTE.search(re.sub(r"\s+", " ", note))
        if m:
            holder = m.group("holder").strip(" .,;")
    return (na, nb), holder


def _items_ok(text: str) -> bool:
    parts = [(a, b) for a, b in _split_items(text) if text[a:b].strip(" \t.\r\n")]
    return bool(parts) and all(_parse_item(text, a, b) is not None for a, b in parts)


def _balanced(text: str) -> bool:
    return text.count("(") <= text.count(")")


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
    # (kind, content start, content end, single-line form)
    sections: list[list] = []
    current: list | None = None
    for line_start, line_end in _lines(block):
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
    if not sections:
        return Attendance()

    attendees: list[Attendee] = []
    raw_proxies: list[tuple[str, str, Span]] = []
    first = sections[0]
    span_start = first[1] if first[3] else block.rfind("\n", 0, first[1]) + 1
    for kind, a, b, one_line in sections:
        text = block[a:b]
        entries: list[tuple[tuple[int, int], str | None, tuple[int, int]]] = []
        if one_line:
            # "Maryline : absente non excusée" (possibly with a "(pouvoir donné à X)" note)
            single = _I_SINGLE.match(text)
            assert single is not None
            na, nb = trim_span(text, single.start("name"), single.end("name"))
            note = _PROXY_NOTE.search((single.group("note") or "").strip("() "))
            holder = note.group("holder").strip(" .,;") if note else None
            entries.append(((na, nb), holder, trim_span(text, na, single.end())))
        else:
            for ia, ib in _split_items(text):
                if not text[ia:ib].strip(" \t.\r\n"):
                    continue
                parsed = _parse_item(text, ia, ib)
                if parsed is not None:
                    entries.append((parsed[0], parsed[1], trim_span(text, ia, ib)))
        for (na, nb), holder, (ia, ib) in entries:
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
        Proxy(giver=giver, holder=_resolve_holder(raw, holders), span=span)
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

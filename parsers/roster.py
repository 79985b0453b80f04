"""One attendance reader for any body's layout: rosters, proxies, counts, arrivals.

A roster is a label from :data:`parsers.cues.ROSTER_LABELS` ("Présents :", "Absents
excusés :", "Procurations :") followed by names, inline or one per line, separated by
commas, dashes, "et" or civilities, wrapped across lines. Roles ("Maire",
"Adjoints", "Conseiller municipal délégué") are not names; notes in brackets are read
(a proxy, a late arrival, a substitute) or kept as unread.

Nothing is guessed: what the reader could not place is recorded in
:class:`RosterReading.unread` with its span and the reason, so the checks built on
the roster know they stand on a partial reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parsers import cues
from parsers.counts import CountRange, read_counts
from parsers.names import CIVILITY_RE, is_plausible_name, parse_person
from parsers.records import (
    Attendance,
    Attendee,
    Movement,
    Person,
    Proxy,
    Span,
    Status,
    Unread,
)
from parsers.text import trim_end

_BLANKS = " \t\n\r\f"  # trimmed off the end of a list of names

_LABELS = cues.alternation(cues.ROSTER_LABELS)
_PROXY_NOTES = cues.ROSTER_LABELS  # (typing aid; notes below)
_NOTE_RES = [(c, c.regex) for c in cues.PROXY_NOTES if c.name != "to_holder"]
_TO_HOLDER = next(c.regex for c in cues.PROXY_NOTES if c.name == "to_holder")
_COUNT_KEYS = cues.alternation(cues.COUNT_KEYS)
_NUMBER_RE = re.compile(cues.NUMBER, re.IGNORECASE)

# Roles and qualities printed beside names; an entry made only of these is no name.
_ROLE_WORDS = re.compile(
    r"^(?:(?:le|la|les|et|en|de|du|des|qualit[ée]|[àa]|sa|son)\s+)*"
    r"(?:maire|adjoints?|adjointes?|\d+(?:er|[èe]me|e)\s+adjointe?|premi[eè]re?\s+adjointe?"
    r"|conseill[eè]re?s?(?:\s*-\s*|\s+)?(?:municipa(?:l|le|ux|les)|communautaires?|d[ée]l[ée]gu[ée]e?s?"
    r"|d[ée]partementa(?:l|le|ux))*(?:\s+d[ée]l[ée]gu[ée]e?s?)?"
    r"|conseil-?\s*lers?\s+municipaux|d[ée]l[ée]gu[ée]e?s?(?:\s+titulaires?|\s+suppl[ée]ants?)?"
    r"|pr[ée]sidente?|vice-pr[ée]sidente?s?|membres?|titulaires?|suppl[ée]ants?"
    r"|secr[ée]taire(?:\s+de\s+s[ée]ance)?|maire\s+d[ée]l[ée]gu[ée]e?s?(?:\s+de\s+[\w' -]+)?"
    r"|[ée]lus?|excus[ée]e?s?|absente?s?)"
    r"[\s.,;:]*$",
    re.IGNORECASE,
)
# A role after a name: "M. Jean-Paul LERAY, Maire" is split at the comma already; a role
# glued to the name without a comma ("M. NICOLAS, Maire") is cut here.
_TRAILING_ROLE = re.compile(
    r"\s+(?:maire|adjointe?s?|conseill[eè]re?s?\s+\w+(?:\s+d[ée]l[ée]gu[ée]e?)?)\s*$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(
    r"[,;]|(?<=\s)[-–—/](?=\s)|(?<=\))\s*[-–—/](?=\s)|^[ \t]*/|(?<!\w)et(?!\w)|\n[ \t]*\n",
    re.MULTILINE,
)
_BRACKET = re.compile(r"\([^()]{0,160}\)")
_ARRIVAL_NOTE = re.compile(
    r"arriv[ée]e?\s+(?:en\s+cours\s+de\s+s[ée]ance|[àa]\s+\d|apr[èe]s|avant|au|lors)"
    r"|[àa]\s+partir\s+d[eu]\s+(?:la\s+)?(?:question|point|d[ée]lib[ée]ration)",
    re.IGNORECASE,
)
_DEPARTURE_NOTE = re.compile(
    r"jusqu['’]\s*[àa]\s+(?:la\s+)?(?:question|point|d[ée]lib[ée]ration)|d[ée]part|parti"
    r"|quitt[ée]",
    re.IGNORECASE,
)
_SUBSTITUTE_NOTE = re.compile(
    r"^\(\s*suppl[ée]ante?\s+(?:de\s+)?(?P<who>[^()]+)\)$|^\(\s*(?:rempla[cç]ant|repr[ée]sentant)\s+"
    r"(?P<who2>[^()]+)\)$",
    re.IGNORECASE,
)
# A name whose proxy wording goes on at the next line ("Olivier GAUTHIER représenté par")
_DANGLING_PROXY = re.compile(
    r"(?:repr[ée]sent[ée]e?\s+par|(?:pouvoir|procuration|mandat)(?:\s+donn[ée]e?)?\s+[àa]"
    r"|donn[ée]\s+[àa])\s*$",
    re.IGNORECASE,
)
# Words of a proxy in a note the catalogue could not read ("voix confiée à …")
_PROXY_WORDS = re.compile(
    r"pouvoir|procuration|mandat|repr[ée]sent|confi[ée]e?|d[ée]l[ée]gation\s+de\s+vote", re.I
)
_ITEM_REF = re.compile(r"(?:question|point|d[ée]lib[ée]ration)\s*(?:n\s*°\s*)?(\d{1,3})", re.I)


@dataclass
class RosterReading:
    """What the roster reader found in a header, and what it could not read."""

    attendance: Attendance
    secretary: str | None = None
    movements: tuple[Movement, ...] = ()
    count_ranges: tuple[CountRange, ...] = ()
    unread: tuple[Unread, ...] = ()
    labels: int = 0  # roster labels seen


@dataclass
class _Section:
    status: Status
    cue: str
    start: int  # first character after the label
    end: int


@dataclass
class _State:
    attendees: list[Attendee] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)


def read_roster(text: str, start: int = 0, end: int | None = None) -> RosterReading:
    """Read every roster, proxy and count printed in ``text[start:end]``.

    Spans are in ``text`` coordinates.
    """
    end = len(text) if end is None else end
    sections = _sections(text, start, end)
    st = _State()
    for sec in sections:
        _read_section(text, sec, st)
    _inline_statuses(text, start, end, sections, st)
    if not st.proxies:
        st.unread += _unread_proxy_wording(text, start, end, sections)
    _resolve_holders(st)
    counts, ranges = read_counts(text, start, end, [(s.start, s.end) for s in sections])
    secretary = _secretary(text, start, end)
    attendance = Attendance(
        attendees=tuple(st.attendees),
        proxies=tuple(st.proxies),
        counts=counts,
        span=Span(sections[0].start, sections[-1].end) if sections else None,
    )
    return RosterReading(
        attendance=attendance,
        secretary=secretary,
        movements=tuple(st.movements),
        count_ranges=tuple(ranges),
        unread=tuple(st.unread),
        labels=len(sections),
    )


# ----------------------------------------------------------------------------- sections


def _sections(text: str, start: int, end: int) -> list[_Section]:
    found: list[tuple[int, int, cues.Cue]] = []
    for m in _LABELS.finditer(text, start, end):
        cue = cues.which(cues.ROSTER_LABELS, m)
        after = text[m.end() : m.end() + 40]
        if cues.ROSTER_NOT_COUNT.match(after):
            continue  # "Présents : 11" is a count
        found.append((m.start(), m.end(), cue))
    sections: list[_Section] = []
    for i, (_a, b, cue) in enumerate(found):
        limit = found[i + 1][0] if i + 1 < len(found) else end
        stop = _section_end(text, b, min(limit, b + 4000), cue.meaning == "represented")
        sections.append(_Section(cue.meaning, cue.name, b, stop))  # type: ignore[arg-type]
    return sections


_STOP_LINE = re.compile(
    rf"{cues.ROSTER_STOP.pattern}|{cues.COUNT_RANGE.pattern}"
    r"|^[ \t]*(?:\d{1,4}(?:[-./]\d{1,4})*\s*[-–.)/]?\s+[A-ZÉÈ]{3,}|[IVX]+\s*[-–.]\s)",
    re.IGNORECASE | re.MULTILINE,
)


def _section_end(text: str, start: int, limit: int, proxies: bool = False) -> int:
    """Where the names after a label stop: a stop line, or prose after a blank line."""
    pos = start
    seen_names = False
    while pos < limit:
        nl = text.find("\n", pos, limit)
        line_end = limit if nl < 0 else nl
        line = text[pos:line_end]
        if pos > start and (_STOP_LINE.match(line) or _LABELS.match(line)):
            return trim_end(text, start, pos, _BLANKS)
        if line.strip():
            if (
                pos > start
                and not _names_line(line)
                and not _continuation(text, pos, line)
                and not (proxies and _giver_to_holder(line))
            ):
                return trim_end(text, start, pos, _BLANKS)
            seen_names = seen_names or pos > start or bool(line.strip(" :\t"))
        elif seen_names and pos > start:
            # a blank line ends the list unless the next line carries on with names
            # (after a comma, or names again: a second paragraph of councillors)
            following, _at = _next_line(text, line_end, limit)
            previous = text[start:pos].rstrip()
            if (
                not following.strip()
                or not _names_line(following)
                or _continues(following)
                or (not previous.endswith(",") and _STOP_LINE.match(following))
            ):
                return trim_end(text, start, pos, _BLANKS)
        pos = line_end + 1
    return trim_end(text, start, min(limit, len(text)), _BLANKS)


def _next_line(text: str, pos: int, limit: int) -> tuple[str, int]:
    """The next non-blank line after ``pos`` (and where it starts)."""
    while pos < limit:
        nxt = text.find("\n", pos + 1, limit)
        line = text[pos + 1 : limit if nxt < 0 else nxt]
        if line.strip():
            return line, pos + 1
        if nxt < 0:
            break
        pos = nxt
    return "", limit


def _continuation(text: str, pos: int, line: str) -> bool:
    """A line carrying on the previous one: "donné à M. Y" after "…, pouvoir"."""
    previous = text[text.rfind("\n", 0, pos - 1) + 1 : pos].rstrip()
    first = line.lstrip()[:1]
    return (
        bool(previous)
        and not previous.endswith((".", ":"))
        and (
            first.islower()
            or first in "àÀ"
            or re.match(r"\s*[àa]\s+(?:M\.|Mme|Monsieur|Madame)", line) is not None
        )
    )


def _continues(line: str) -> bool:
    return bool(_LABELS.match(line))


def _names_line(line: str) -> bool:
    """Whether a line reads as (a continuation of) a list of names."""
    # a note may open on this line and close on the next ("M. VIDAL (pas de / pouvoir donné)")
    line = re.sub(r"\([^()]*$", "", re.sub(r"^[^()]*\)", "", line))
    stripped = _BRACKET.sub(",", line).strip(" \t,;.-–")
    if not stripped:
        return True
    entries = [e for e in _split(stripped) if e.strip(" .:")]
    if not entries:
        return True
    good = 0
    for e in entries:
        e = e.strip(" .:")
        if (
            _is_note(e)
            or _giver_to_holder(e)
            or _DANGLING_PROXY.search(e) is not None
            or cues.NO_PROXY.fullmatch(e.strip()) is not None
            or _ROLE_WORDS.match(e)
            or _plausible(e)
            or len(e) <= 2
        ):
            good += 1
    return good * 3 >= len(entries) * 2 and not re.search(r"\b(?:l['’]an|est|sont|a été)\b", line)


def _split(s: str) -> list[str]:
    return [p for p in _SEPARATORS.split(s) if p is not None]


def _plausible(raw: str) -> bool:
    raw = _TRAILING_ROLE.sub("", raw.strip())
    return is_plausible_name(raw)


def _is_note(entry: str) -> bool:
    return any(regex.search(" " + entry) for _c, regex in _NOTE_RES) or bool(
        re.match(r"(?:pouvoir|procuration|mandat)\b", entry, re.I)
    )


# ------------------------------------------------------------------------ entries


def _read_section(text: str, sec: _Section, st: _State) -> None:
    """Split a section into entries and read each as a name with its notes."""
    body = text[sec.start : sec.end]
    # entries are cut at separators outside brackets
    pieces = _entries(body)
    last_person: int | None = None
    civility: str | None = None
    for a, b in pieces:
        raw = body[a:b]
        cleaned = raw.strip(" \t\n.:;,-–")
        if not cleaned:
            continue
        span = Span(sec.start + a, sec.start + b)
        holder, giver_text, _note = _proxy_in(cleaned, sec.status == "represented")
        civ_m = re.match(rf"^(?:{CIVILITY_RE.pattern})\s*", cleaned)
        if civ_m:
            civility = civ_m.group(0).strip()
        if holder is not None and not giver_text.strip(" ,"):
            # "pouvoir donné à M. Y" on its own: the proxy of the previous name
            if last_person is not None:
                _add_proxy(st, st.attendees[last_person], holder, span)
                continue
            st.unread.append(Unread(span, "proxy without its giver"))
            continue
        if cues.NO_PROXY.search(cleaned):
            giver_text = cues.NO_PROXY.split(cleaned)[0]
            holder = None
        text_name, notes = _strip_notes(giver_text if holder is not None else cleaned)
        text_name = _TRAILING_ROLE.sub("", text_name).strip(" ,.;:")
        if sum(c.isalpha() for c in CIVILITY_RE.sub("", text_name)) < 2:
            continue  # a stray civility or initial
        if not text_name or _ROLE_WORDS.match(text_name):
            continue  # a role, a quality: no one
        if not is_plausible_name(text_name):
            st.unread.append(Unread(span, "name not recognised"))
            continue
        person = parse_person(text_name, None if civ_m else civility)
        status: Status = sec.status
        replaces = None
        for note in notes:
            sub = _SUBSTITUTE_NOTE.match(note)
            if sub:
                status, replaces = (
                    "substitute",
                    parse_person(sub.group("who") or sub.group("who2")).name,
                )
        if holder is not None:
            status = "represented" if status in ("absent", "represented", "present") else status
        name_span = Span(sec.start + a + raw.find(cleaned[:1]), sec.start + b)
        listed = _listed(st, person) if sec.status == "represented" else None
        if listed is not None:
            # "Pouvoirs : X à Y" for a member the roster lists already (present from a
            # later item): the proxy is read, the member is not listed twice
            if holder is not None:
                giver = st.attendees[listed].person.name
                st.proxies.append(Proxy(giver=giver, holder=parse_person(holder).name, span=span))
            for note in notes:
                _movement_from_note(st, person, note, span)
            last_person = listed
            continue
        st.attendees.append(
            Attendee(person=person, status=status, replaces=replaces, span=name_span)
        )
        last_person = len(st.attendees) - 1
        if holder is not None:
            _add_proxy(st, st.attendees[-1], holder, span)
        for note in notes:
            _movement_from_note(st, person, note, span)
            if holder is None and _PROXY_WORDS.search(note) and not cues.NO_PROXY.search(note):
                st.unread.append(Unread(span, "proxy wording not recognised"))


_PROXY_STATEMENT = re.compile(
    r"(?:donn[ée]e?s?|confi[ée]e?s?)\s+(?:son\s+|leur\s+)?(?:pouvoir|procuration|mandat)|"
    r"(?:pouvoir|procuration|mandat)s?\s+(?:donn[ée]e?s?\s+)?[àa]\s|repr[ée]sent[ée]e?s?\s+par\b",
    re.IGNORECASE,
)


def _unread_proxy_wording(
    text: str, start: int, end: int, sections: list[_Section]
) -> list[Unread]:
    """A header that speaks of proxies ("a donné pouvoir à") from which none was read:
    the proxies are unread, and the checks built on them are not concluded."""
    for m in _PROXY_STATEMENT.finditer(text, start, end):
        line = text[text.rfind("\n", 0, m.start()) + 1 : text.find("\n", m.end())]
        if cues.NO_PROXY.search(line):
            continue
        return [Unread(Span(m.start(), m.end()), "proxy wording not recognised")]
    return []


def _inline_statuses(text: str, start: int, end: int, sections: list[_Section], st: _State) -> None:
    """Names whose status follows them: "Maryline : absente non excusée"."""
    for m in cues.ROSTER_INLINE.regex.finditer(text, start, end):
        if any(s.start <= m.start() < s.end for s in sections) or _LABELS.match(m.group(0)):
            continue
        for raw in _split(m.group("names")):
            name = raw.strip(" .,;")
            if name and is_plausible_name(name):
                span = Span(m.start("names"), m.end("names"))
                st.attendees.append(Attendee(person=parse_person(name), status="absent", span=span))


def _listed(st: _State, person: Person) -> int | None:
    """The index of the one attendee already listed who is ``person``, if any."""
    from parsers.names import same_person

    hits = [i for i, a in enumerate(st.attendees) if same_person(a.person.name, person.name)]
    return hits[0] if len(hits) == 1 else None


def _entries(body: str) -> list[tuple[int, int]]:
    """Cut a roster body at separators and civilities, never inside brackets."""
    cuts: list[tuple[int, int]] = []
    depth = 0
    protected = [False] * len(body)
    for i, ch in enumerate(body):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        protected[i] = depth > 0
    for m in _SEPARATORS.finditer(body):
        if not protected[m.start()]:
            cuts.append((m.start(), m.end()))
    # a civility opens a new entry ("M. X M. Y", "MMES PARENT, CAPELLE")
    for m in CIVILITY_RE.finditer(body):
        if not protected[m.start()] and m.start() > 0:
            before = body[: m.start()].rstrip(" \t")
            if (
                before
                and before[-1] not in ",;(-–"
                and not re.search(r"(?:[àa]|par|de|donn[ée]e?|pouvoir|procuration)$", before, re.I)
            ):
                cuts.append((m.start(), m.start()))
    # one name per line: a line break after a complete entry (no trailing hyphen, the
    # next line opening with a capital) is a separator when lines hold one name each
    cuts.sort()
    pieces = []
    pos = 0
    for a, b in cuts:
        if a < pos:
            continue
        pieces.append((pos, a))
        pos = b
    pieces.append((pos, len(body)))
    out: list[tuple[int, int]] = []
    for a, b in pieces:
        out.extend(_line_split(body, a, b))
    return out


def _line_split(body: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split a piece holding several lines when each line is a name of its own."""
    chunk = body[a:b]
    if "\n" not in chunk.strip():
        return [(a, b)]
    lines = chunk.split("\n")
    bare = [_BRACKET.sub("", ln).strip(" .:") for ln in lines]  # notes aside
    if all(
        _plausible(b) or not b or _giver_to_holder(ln) for b, ln in zip(bare, lines, strict=True)
    ) and not any(ln.rstrip().endswith("-") for ln in lines):
        joined = " ".join(ln for ln in bare if ln)
        if _plausible(joined):
            return [(a, b)]  # a name wrapped over two lines ("Pierre\nGOUZI")
        out, pos = [], a
        for ln in lines:
            out.append((pos, pos + len(ln)))
            pos += len(ln) + 1
        return out
    return [(a, b)]


def _giver_to_holder(line: str) -> bool:
    """ "Béatrice GUÉRIN à Anne-Sophie BÉNÉTEAU": a name, "à", a name (under "Pouvoirs :")."""
    m = re.match(r"^[\s•▪➢◦*–-]*(?P<g>.+?)\s+(?:à|a|pour|par)\s+(?P<h>.+?)[\s.;,]*$", line)
    return m is not None and is_plausible_name(m.group("g")) and is_plausible_name(m.group("h"))


def _proxy_in(entry: str, in_proxy_section: bool) -> tuple[str | None, str, Span | None]:
    """The holder of a proxy printed in ``entry`` and the text before it (the giver)."""
    if cues.NO_PROXY.search(entry):
        return None, entry, None
    padded = " " + entry
    for _cue, regex in _NOTE_RES:
        m = regex.search(padded)
        if m:
            holder = m.group("holder").strip(" .,;")
            rest = padded[: m.start()] + padded[m.end() :]
            return holder, rest.strip(), Span(max(0, m.start() - 1), m.end() - 1)
    if in_proxy_section and _giver_to_holder(entry):
        m = _TO_HOLDER.search(padded)
        if m:
            return m.group("holder").strip(" .,;"), padded[: m.start()].strip(), None
    return None, entry, None


def _strip_notes(entry: str) -> tuple[str, list[str]]:
    notes = [m.group(0) for m in _BRACKET.finditer(entry)]
    return _BRACKET.sub(" ", entry).strip(), notes


def _add_proxy(st: _State, giver: Attendee, holder_raw: str, span: Span) -> None:
    holder = parse_person(holder_raw).name
    st.proxies.append(Proxy(giver=giver.person.name, holder=holder, span=span))
    if giver.status != "substitute":
        idx = st.attendees.index(giver)
        st.attendees[idx] = Attendee(
            person=giver.person, status="represented", replaces=giver.replaces, span=giver.span
        )


def _movement_from_note(st: _State, person: Person, note: str, span: Span) -> None:
    item = _ITEM_REF.search(note)
    if _ARRIVAL_NOTE.search(note):
        st.movements.append(Movement(person.name, "arrives", item.group(1) if item else None, span))
    elif _DEPARTURE_NOTE.search(note):
        after = str(int(item.group(1)) + 1) if item else None
        st.movements.append(Movement(person.name, "leaves", after, span))


def _resolve_holders(st: _State) -> None:
    """Write holders as the roster prints them ("Agnes Michelot" → "Agnès MICHELOT")."""
    from parsers.names import same_person

    names = [a.person.name for a in st.attendees]
    for i, p in enumerate(st.proxies):
        matches = [n for n in names if same_person(n, p.holder)]
        if len(matches) == 1 and matches[0] != p.holder:
            st.proxies[i] = Proxy(giver=p.giver, holder=matches[0], college=p.college, span=p.span)


# ----------------------------------------------------------------------- secretary


def _secretary(text: str, start: int, end: int) -> str | None:
    for cue in cues.SECRETARY:
        m = cue.regex.search(text, start, end)
        if m:
            raw = re.split(r"[,.(]|\s+(?:est|a\s+été)\b", m.group("name").strip())[0]
            if is_plausible_name(raw.strip()):
                return parse_person(raw.strip()).name
    return None

"""The counts block of an attendance: "Nombre de délégués En exercice 18 / Présents 13
(12 titulaires et 1 suppléant) / Pouvoir(s) 0 / Absent(s) 5 / Votants 13", and the
line geometry every attendance reader walks."""

from __future__ import annotations

import re

from parsers.records import AttendanceCounts, Span

_COUNT_LABEL = re.compile(
    r"(?<!\w)(?P<label>(?:membres\s+)?en\s+exercice|pr[ée]sent(?:\(e\))?(?:\(s\)|s)?"
    r"|pouvoir(?:\(s\)|s)?|procuration(?:\(s\)|s)?|absent(?:\(e\))?(?:\(s\)|s)?"
    r"|votant(?:\(s\)|s)?)(?!\w)",
    re.IGNORECASE,
)
COUNTS_ANCHOR = re.compile(
    r"^\s*(?:Nombre\s+de\s+(?:d[ée]l[ée]gu[ée]s|membres|conseillers|[ée]lus)"
    r"|(?:Membres\s+)?en\s+exercice\s*:?\s*\d)",
    re.IGNORECASE,
)
COUNTS_ANCHOR_ANYWHERE = re.compile(COUNTS_ANCHOR.pattern, re.IGNORECASE | re.MULTILINE)
_COUNT_LABEL_LINE = re.compile(
    rf"^\s*(?:Nombre\s+de\s+\w+\s*:?\s*)?{_COUNT_LABEL.pattern}", re.IGNORECASE
)
# a label followed by its number: starts the counts block even without "Nombre de"
COUNT_LINE = re.compile(rf"{_COUNT_LABEL_LINE.pattern}\s*:?\s*\d", re.IGNORECASE)
# a wrapped count value or parenthesis ("(12 titulaires" / "et 1 suppléant)")
_COUNT_TAIL = re.compile(r"^[\s\d()]*(?:(?:titulaires?|suppl[ée]ants?|et)[\s\d()]*)*$", re.I)
CONVOCATION = re.compile(r"^\s*Date\s+de\s+(?:la\s+)?convocation", re.IGNORECASE)

_COUNT_FIELDS = {
    "exercice": "members_in_office",
    "present": "present",
    "pouvoir": "proxies",
    "procuration": "proxies",
    "absent": "absent",
    "votant": "voters",
}


def lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line, without its line break (``\\r\\n`` tolerated)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        out.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return out


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
    if CONVOCATION.match(line):
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
    for a, b in lines(text[start:]):
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

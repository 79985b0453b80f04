"""Printed counts: "en exercice : 15 - Présents 14 - Votants 14", "32 présents / 1 procuration
/ 33 votants", words ("dix-neuf (19)"), and counts per range of items ("Questions 11 à 17 :
31 présents, 2 procurations, 33 votants").

The count keys are the catalogue's (:data:`parsers.cues.COUNT_KEYS`); a figure printed
before its key wins over one after it, and a figure after a key is read on its own line
only, so a column of keys above a column of figures (which the text layer cannot tie
together) gives no count rather than a wrong one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from parsers import cues
from parsers.records import AttendanceCounts, Span

_COUNT_KEYS = cues.alternation(cues.COUNT_KEYS)
CountRange = tuple[str, str | None, AttendanceCounts]  # first item, last item (None: the end)


_COUNT_AFTER = re.compile(rf"[ \t]*(?::|=|\.{{2,}}|-)?[ \t]*(?P<n>{cues.NUMBER})(?![\d/.,])", re.I)
_COUNT_BEFORE = re.compile(rf"(?P<n>{cues.NUMBER})\s+$", re.I)


def read_counts(
    text: str, start: int, end: int, roster: list[tuple[int, int]] | None = None
) -> tuple[AttendanceCounts, list[tuple[str, str | None, AttendanceCounts]]]:
    """The printed counts of a header, and the counts printed per range of items."""
    ranges: list[tuple[str, str | None, AttendanceCounts]] = []
    range_marks = list(cues.COUNT_RANGE.finditer(text, start, end))
    bounds = [(m.start(), m) for m in range_marks]
    roster = roster or []
    main: dict[str, int] = {}
    main_span: Span | None = None
    for m in _COUNT_KEYS.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in roster):
            continue
        cue = cues.which(cues.COUNT_KEYS, m)
        value = _count_value(text, m)
        if value is None:
            continue
        owner = None
        for pos, rm in bounds:
            if pos <= m.start() < pos + 400:
                owner = rm
        if owner is not None:
            continue
        if cue.meaning not in main:
            main[cue.meaning] = value
            main_span = (
                Span(m.start(), m.end())
                if main_span is None
                else main_span.cover(Span(m.start(), m.end()))
            )
    for i, (pos, rm) in enumerate(bounds):
        limit = min(bounds[i + 1][0] if i + 1 < len(bounds) else end, pos + 400)
        values: dict[str, int] = {}
        for m in _COUNT_KEYS.finditer(text, rm.end(), limit):
            cue = cues.which(cues.COUNT_KEYS, m)
            value = _count_value(text, m)
            if value is not None and cue.meaning not in values:
                values[cue.meaning] = value
        if values:
            ranges.append(
                (
                    rm.group("first"),
                    rm.group("last"),
                    AttendanceCounts(**values, span=Span(pos, limit)),
                )
            )
    if not main and ranges:
        # counts printed only per range of items ("Questions 1 à 10 : 32 présents…"):
        # the first range is the attendance at the opening of the session
        return replace(ranges[0][2]), ranges
    return AttendanceCounts(**main, span=main_span), ranges


def _count_value(text: str, m: re.Match[str]) -> int | None:
    """The figure of a count key: "32 présents" (before it) or "Présents : 32" (after it).

    Before wins: in "32 présents / 1 procuration / 33 votants" the figure after
    "présents" is the next key's.
    """
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = _COUNT_BEFORE.search(text[max(line_start, m.start() - 40) : m.start()])
    if before:
        v = cues.count_value(before.group("n"))
        if v is not None:
            return v
    after = _COUNT_AFTER.match(text, m.end(), min(len(text), m.end() + 40))
    if after:
        return cues.count_value(after.group("n"))
    return None

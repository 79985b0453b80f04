"""Prefecture acknowledgement stamps ("AR Prefecture" / "Accusé de réception").

A deliberation sent to the prefecture through ACTES comes back stamped with its act
identifier and dates, printed as a small block::

    AR Prefecture

    046-200062263-20220629-CS2022_16-DE
    Reçu le 19/07/2022
    Publié le 19/07/2022

The act identifier is ``<department>-<SIREN>-<date YYYYMMDD>-<number>-<nature>``;
ACTES forbids "/" in the number, so "CS2022/16" is transmitted as "CS2022_16".

:func:`find_stamp` keeps the identifier *as printed* (even when malformed, so a
validation rule can report it) and :func:`parse_act_id` checks and splits it.
"""

from __future__ import annotations

import datetime as dt
import re

from parsers.dates import month_number
from parsers.records import PrefectureStamp, Span
from parsers.text import skip_blanks

_I = re.IGNORECASE

MARKER_RE = re.compile(
    r"^[ \t]*(?:AR\s+Pr[ée]fecture|Accus[ée]\s+de\s+r[ée]ception(?:\s+en\s+pr[ée]fecture)?)\b",
    _I | re.MULTILINE,
)
# Department: three characters ("046", "02A", "974"); SIREN: nine digits; the
# number: up to 15 letters, digits or underscores (ACTES limits); nature: the act
# kind (DE délibération, AR arrêté réglementaire, AI arrêté individuel, CC contrat,
# BF budget, AU autre).
ACT_ID_RE = re.compile(
    r"(?<![\w-])(?P<department>\d{3}|0?2[AB])-(?P<siren>\d{9})-(?P<date>\d{8})"
    r"-(?P<number>[A-Za-z0-9_]{1,15})-(?P<nature>DE|AR|AI|CC|BF|AU)(?![\w-])"
)
# Anything printed where the identifier belongs: a hyphenated token of the right
# shape, kept so that a garbled identifier is reported rather than lost.
_ID_TOKEN_RE = re.compile(r"(?<![\w-])\d{2}[0-9AB]\s?-\s?[0-9A-Za-z_]+(?:\s?-\s?[0-9A-Za-z_]+)+")
_DATE = (
    r"(?P<d>\d{1,2})(?:er)?(?:\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*|\s+(?P<month>[a-zéû]+)\s+)"
    r"(?P<y>\d{4})"
)
RECEIVED_RE = re.compile(
    r"(?:Re[çc]u(?:\s+en\s+pr[ée]fecture)?\s+le"
    r"|Date\s+de\s+r[ée]ception(?:\s+(?:en\s+)?pr[ée]fecture)?)\s*:?\s*" + _DATE,
    _I,
)
PUBLISHED_RE = re.compile(
    r"(?:Publi[ée]e?|Affich[ée]e?|Mise?\s+en\s+ligne)\s+le\s*:?\s*" + _DATE,
    _I,
)


def find_stamp(block: str) -> PrefectureStamp | None:
    """The first prefecture stamp of ``block``, or None when there is none.

    A stamp opens with "AR Prefecture" or "Accusé de réception [en préfecture]" and
    runs over the following lines holding the act identifier and the dates
    ("Reçu le …", "Reçu en préfecture le …", "Date de réception préfecture : …";
    "Publié le …", "Affiché le …"). Without such a heading, an ACTES identifier
    followed by a "Reçu le"/"Publié le" date still makes a stamp. The identifier is
    returned as printed (spaces removed); check it with :func:`parse_act_id`.
    """
    stamps = find_stamps(block)
    return stamps[0] if stamps else None


def find_stamps(block: str) -> list[PrefectureStamp]:
    """Every prefecture stamp of ``block``, in order (see :func:`find_stamp`)."""
    stamps: list[PrefectureStamp] = []
    taken_until = 0
    starts = [m.start() for m in MARKER_RE.finditer(block)]
    # Identifiers printed without a heading: only kept when a date line follows.
    for m in ACT_ID_RE.finditer(block):
        line_start = block.rfind("\n", 0, m.start()) + 1
        if not any(s <= line_start <= s + 200 for s in starts):
            starts.append(line_start)
    for start in sorted(starts):
        if start < taken_until:
            continue
        stamp = _read_stamp(block, start)
        if stamp is None or stamp.span is None:
            continue
        stamps.append(stamp)
        taken_until = stamp.span.end
    return stamps


def parse_act_id(act_id: str | None) -> dict[str, object] | None:
    """Split an ACTES identifier, or None when it is malformed.

    ``"046-200062263-20220629-CS2022_16-DE"`` gives ``{"department": "046",
    "siren": "200062263", "date": date(2022, 6, 29), "number": "CS2022/16",
    "number_raw": "CS2022_16", "nature": "DE"}``: the underscores ACTES imposes in
    the number are turned back into the slashes the register prints. Malformed
    means: not the five-part pattern, or a date that does not exist.
    """
    if not act_id:
        return None
    compact = re.sub(r"\s+", "", act_id)
    m = ACT_ID_RE.fullmatch(compact)
    if m is None:
        return None
    raw_date = m.group("date")
    try:
        date = dt.date(int(raw_date[:4]), int(raw_date[4:6]), int(raw_date[6:]))
    except ValueError:
        return None
    department = m.group("department")
    if len(department) == 2:  # "2A" → "02A": ACTES pads the department to three
        department = "0" + department
    return {
        "department": department,
        "siren": m.group("siren"),
        "date": date,
        "number": m.group("number").replace("_", "/"),
        "number_raw": m.group("number"),
        "nature": m.group("nature"),
    }


def _read_stamp(block: str, start: int) -> PrefectureStamp | None:
    """Read the stamp whose first line starts at ``start``.

    The stamp's lines are its heading, the identifier and the date lines, possibly
    separated by blank lines; the first other line ends it.
    """
    end = start
    act_id: str | None = None
    received: dt.date | None = None
    published: dt.date | None = None
    has_marker = bool(MARKER_RE.match(block, start))
    pos = start
    seen = 0
    blanks = 0
    while pos < len(block) and seen < 8:
        nl = block.find("\n", pos)
        line_end = len(block) if nl < 0 else nl
        line = block[pos:line_end]
        pos = line_end + 1
        if not line.strip():
            blanks += 1
            if blanks > 2:
                break
            continue
        blanks = 0
        useful = False
        if seen == 0 and has_marker:
            useful = True
        if act_id is None:
            strict = ACT_ID_RE.search(line)
            token = strict or _ID_TOKEN_RE.search(line)
            if token:
                act_id = re.sub(r"\s+", "", token.group(0))
                useful = True
        r = RECEIVED_RE.search(line)
        if r and received is None:
            received = _date(r)
            useful = True
        p = PUBLISHED_RE.search(line)
        if p and published is None:
            published = _date(p)
            useful = True
        if not useful:
            break
        seen += 1
        end = line_end
    if not has_marker and (act_id is None or (received is None and published is None)):
        return None
    if act_id is None and received is None and published is None:
        # "… notifiée par lettre recommandée avec\naccusé de réception." is prose.
        return None
    while end > start and block[end - 1] in " \t\r":
        end -= 1
    return PrefectureStamp(
        act_id=act_id,
        received=received,
        published=published,
        span=Span(skip_blanks(block, start, " \t"), end),
    )


def _date(m: re.Match[str]) -> dt.date | None:
    try:
        # A month name that is not one gives month 0, hence ValueError → None.
        month = int(m.group("m")) if m.group("m") else month_number(m.group("month")) or 0
        return dt.date(int(m.group("y")), month, int(m.group("d")))
    except ValueError:
        return None  # "31/02/2022": printed but impossible; the caller sees None

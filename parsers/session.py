"""Session headers: which body met, when, where, under whom, and when it was convened.

A header is the top of a register extract ("Syndicat mixte Lot numérique / Comité
syndical du 1er février 2019 / L'an deux mille dix-neuf, le 1er février, les membres
du comité syndical ... se sont réunis à Cahors sous la présidence de monsieur André
MELLINGER, Président. / ... / Date de la convocation 25 janvier 2019"), of minutes
("Procès-verbal du Comité syndical du 19 juillet 2018") or of an informal compte rendu
("CR du conseil municipal 17 septembre 2021").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from parsers.dates import (
    WRITTEN_NUMBER_RE,
    find_dates,
    month_number,
    parse_french_number,
    parse_time,
    parse_written_year,
)
from parsers.names import CIVILITY_RE, is_plausible_name, parse_person
from parsers.records import SessionInfo, Span

__all__ = ["find_session_times", "parse_session_header"]

_Mode = Literal["on_site", "remote", "hybrid"]

_BODY_ALT = (
    r"comit[ée]\s+syndical|conseil\s+municipal|conseil\s+communautaire|conseil\s+syndical"
    r"|conseil\s+d['’]administration|conseil\s+d[ée]partemental|conseil\s+r[ée]gional"
    r"|conseil\s+m[ée]tropolitain|commission\s+permanente|assembl[ée]e\s+g[ée]n[ée]rale"
    r"|bureau(?:\s+syndical|\s+communautaire)?|comit[ée]\s+directeur"
)
# The body named in a heading, directly followed (possibly over a line break) by its date.
_HEADING_RE = re.compile(
    rf"(?P<body>{_BODY_ALT})[ \t]*(?:\r?\n[ \t]*)?"
    r"(?:(?:du|de\s+la\s+s[ée]ance\s+du|en\s+date\s+du|s[ée]ance\s+du|,)[ \t]*(?:\r?\n[ \t]*)?)?"
    r"(?=(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?(?:\d|premier))",
    re.IGNORECASE,
)
# What may precede the body on its heading line: "Procès-verbal du", "CR du", nothing.
_HEADING_PREFIX_RE = re.compile(
    r"(?:(?:proc[èe]s[\s-]verbal|compte[\s-]rendu|CR|PV|extrait\s+du\s+registre\s+des\s+"
    r"d[ée]lib[ée]rations|r[ée]union|s[ée]ance)\s+(?:de\s+la\s+s[ée]ance\s+)?"
    r"(?:du|de\s+la|de\s+l['’]|de|d['’])\s*)?",
    re.IGNORECASE,
)
# Organisations as named on a register's heading line.
_ORGANISATION_RE = re.compile(
    r"^[ \t]*(?P<org>(?:Syndicat|Commune|Communaut[ée]|Mairie|Ville|D[ée]partement"
    r"|R[ée]gion|M[ée]tropole|SIVU|SIVOM|SIVOS|SMO|PETR|P[ôo]le|[ÉE]tablissement"
    r"|Centre\s+communal|Agglom[ée]ration)\b[^\n]*?)[ \t]*\r?$",
    re.MULTILINE | re.IGNORECASE,
)
_MONTH_ALT = (
    r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre"
)
# "L'an deux mille dix-neuf, le 1er février" — the year in words, sometimes also in digits.
_LAN_RE = re.compile(
    rf"L\s*['’]\s*an\s+(?P<wyear>{WRITTEN_NUMBER_RE})\s*,?\s*(?:et\s+)?le\s+"
    rf"(?P<day>1\s?er(?!\w)|1ᵉʳ|\d{{1,2}}(?!\d)|{WRITTEN_NUMBER_RE})\s+"
    rf"(?P<month>{_MONTH_ALT})(?!\w)(?:\s+(?P<year>\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_MET_RE = re.compile(
    r"(?:se\s+sont\s+r[ée]uni(?:e)?s|s['’]\s*est\s+r[ée]uni(?:e)?)\s+(?P<where>[^.]*?)\s*"
    r"(?=sous\s+la\s+pr[ée]sidence|,|\.(?:\s|$)|$)",
    re.IGNORECASE,
)
_REMOTE_RE = re.compile(
    r"(?:visio[\s-]?conf[ée]rence|visio|audio[\s-]?conf[ée]rence|t[ée]l[ée]conf[ée]rence"
    r"|[àa]\s+distance|distanciel)",
    re.IGNORECASE,
)
_ONSITE_RE = re.compile(r"sur\s+site|en\s+pr[ée]sentiel", re.IGNORECASE)
_PRESIDENT_RE = re.compile(
    r"sous\s+la\s+pr[ée]sidence\s+(?:de\s+|d['’]\s*)(?P<name>[^,;()]{2,80}?)"
    r"(?=\s*(?:,|;|\(|\.(?:\s|$)|\bPr[ée]sidente?\b|\bMaire\b|\n[ \t]*\n|$))",
    re.IGNORECASE,
)
_CONVOCATION_RE = re.compile(
    r"(?:Date\s+de\s+(?:la\s+)?convocation|convoqu[ée]e?s?\s+le|convocation\s+(?:du|en\s+date\s+du))"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_TIME = r"\d{1,2}\s?(?:h|H|heures?|:)\s?(?:\d{2})?(?!\d)"
_OPEN_RE = re.compile(
    rf"(?:ouvre\s+la\s+s[ée]ance|s[ée]ance\s+(?:est\s+)?ouverte|ouverture\s+de\s+(?:la\s+)?"
    rf"s[ée]ance|d[ée]but\s+de\s+(?:la\s+)?s[ée]ance)\s*(?:à|a|:)?\s*(?P<time>{_TIME})",
    re.IGNORECASE,
)
_CLOSE_RE = re.compile(
    rf"(?:s[ée]ance\s+(?:est\s+)?(?:donc\s+)?(?:lev[ée]e|cl[ôo]tur[ée]e|close|termin[ée]e)"
    rf"|lev[ée]e\s+de\s+(?:la\s+)?s[ée]ance|cl[ôo]ture\s+de\s+(?:la\s+)?s[ée]ance"
    rf"|fin\s+de\s+(?:la\s+)?s[ée]ance)\s*(?:à|a|:)?\s*(?P<time>{_TIME})",
    re.IGNORECASE,
)


def _cap(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("’", "'")).strip()
    return text[:1].upper() + text[1:].lower()


def _lan_dates(m: re.Match[str]) -> list[tuple[dt.date, Span]]:
    """Dates stated by an "L'an ..." sentence: the written year, and the digits if printed."""
    day_raw = m.group("day")
    if re.fullmatch(r"1\s?er|1ᵉʳ", day_raw):
        day: int | None = 1
    elif day_raw.isdigit():
        day = int(day_raw)
    else:
        day = parse_french_number(day_raw)
    month = month_number(m.group("month"))
    out: list[tuple[dt.date, Span]] = []
    years = [(parse_written_year(m.group("wyear")), Span(m.start(), m.end("month")))]
    if m.group("year"):
        years.append((int(m.group("year")), Span(m.start("day"), m.end("year"))))
    for year, span in years:
        if day is None or month is None or year is None:
            continue
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue
        if not any(d == date for d, _ in out):
            out.append((date, span))
    return out


def _heading(block: str) -> re.Match[str] | None:
    """The first body + date heading that opens its line (not a title quoting a session)."""
    for m in _HEADING_RE.finditer(block):
        line_start = block.rfind("\n", 0, m.start()) + 1
        if _HEADING_PREFIX_RE.fullmatch(block[line_start : m.start()].strip()):
            return m
    return None


def _place_and_mode(where: str) -> tuple[str | None, _Mode | None]:
    """Place and attendance mode from "à Cahors" / "sur site à Cahors et en visioconférence"."""
    remote = bool(_REMOTE_RE.search(where))
    onsite_words = bool(_ONSITE_RE.search(where))
    rest = re.sub(
        rf"(?:\bet\s+)?(?:en|par)\s+(?:{_REMOTE_RE.pattern})|(?:\bet\s+)?{_REMOTE_RE.pattern}",
        " ",
        where,
        flags=re.IGNORECASE,
    )
    rest = _ONSITE_RE.sub(" ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ,.;")
    rest = re.sub(r"\s+et$", "", rest)
    place = None
    # "à Cahors", "en session ordinaire à la mairie": the place follows "à" when there is one
    m = re.search(r"(?:^|\s)(?:à|au|aux)\s+(?P<place>.+)$", rest, re.IGNORECASE) or re.match(
        r"(?:en|dans)\s+(?P<place>.+)$", rest, re.IGNORECASE
    )
    if m:
        place = m.group("place").strip()
    if remote and (place or onsite_words):
        return place, "hybrid"
    if remote:
        return place, "remote"
    if place or onsite_words:
        return place, "on_site"
    return None, None


def parse_session_header(block: str) -> SessionInfo:
    """Read a session header: organisation, body, date, place, mode, president, convocation.

    * organisation: the heading line naming it ("Syndicat mixte Lot numérique"), else None;
    * body and date: "Comité syndical du 1er février 2019", "Procès-verbal du Comité
      syndical\\ndu 19 juillet 2018", "CR du conseil municipal 17 septembre 2021";
    * the "L'an deux mille dix-neuf, le 1er février ..." sentence: a second statement
      of the date (year in words, and in digits when also printed), the place ("se sont
      réunis à Cahors"), the mode ("sur site à Cahors et en visioconférence" -> hybrid,
      only a place -> on_site, only a videoconference -> remote) and the president;
    * "Date de la convocation 25 janvier 2019" (or "convoqués le ...").

    ``date`` is the heading's date, else the "L'an" date; every statement of the
    session date is kept in ``date_mentions`` (with its span) so a rule can check they
    agree. Opening/closing times are filled when the block holds them.
    """
    # every part read adds its span; the header's span covers them all
    spans: list[Span] = []
    mentions: list[tuple[dt.date, Span]] = []
    organisation, body, heading_date = _heading_part(block, spans, mentions)
    lan_date, sentence, offset = _lan_part(block, spans, mentions)

    place = mode = None
    met = _MET_RE.search(sentence)
    if met:
        place, mode = _place_and_mode(met.group("where"))
        spans.append(Span(offset + met.start(), offset + met.end()))
    president = _president(sentence, offset, spans)
    convocation = _convocation(block, spans)

    opened, closed = find_session_times(block)
    span = None
    if spans:
        span = Span(min(s.start for s in spans), max(s.end for s in spans))
    return SessionInfo(
        organisation=organisation,
        body=body,
        date=heading_date or lan_date,
        place=place,
        attendance_mode=mode,
        president=president,
        convocation_date=convocation,
        opened_at=opened,
        closed_at=closed,
        span=span,
        date_mentions=tuple(mentions),
    )


def _heading_part(
    block: str, spans: list[Span], mentions: list[tuple[dt.date, Span]]
) -> tuple[str | None, str | None, dt.date | None]:
    """The organisation above the heading, and the body and date the heading names."""
    organisation = body = heading_date = None
    heading = _heading(block)
    org_limit = heading.start() if heading else len(block)
    org = _ORGANISATION_RE.search(block, 0, org_limit)
    if org:
        organisation = re.sub(r"\s+", " ", org.group("org")).strip()
        spans.append(Span(org.start("org"), org.end("org")))
    if heading:
        dates = find_dates(block[heading.end() : heading.end() + 40])
        if dates and dates[0][1].start == 0:
            date, span = dates[0]
            heading_date = date
            body = _cap(heading.group("body"))
            span = span.shift(heading.end())
            mentions.append((date, span))
            spans.append(Span(heading.start("body"), span.end))
    return organisation, body, heading_date


def _lan_part(
    block: str, spans: list[Span], mentions: list[tuple[dt.date, Span]]
) -> tuple[dt.date | None, str, int]:
    """The "L'an ..." sentence: its date, and the sentence with its offset in ``block``
    (the whole block when there is none), where place, mode and president are read."""
    lan = _LAN_RE.search(block)
    if not lan:
        return None, block, 0
    lan_date = None
    found = _lan_dates(lan)
    if found:
        lan_date = found[0][0]
        mentions.extend(found)
    spans.append(Span(lan.start(), lan.end()))
    stop = re.search(r"\.(?:\s|$)(?<!M\.\s)", block[lan.end() :])
    sentence_end = lan.end() + (stop.end() if stop else len(block) - lan.end())
    return lan_date, block[lan.start() : sentence_end], lan.start()


def _president(sentence: str, offset: int, spans: list[Span]) -> str | None:
    """ "sous la présidence de monsieur André MELLINGER": the president's name."""
    pres = _PRESIDENT_RE.search(sentence)
    if pres:
        raw = pres.group("name")
        if is_plausible_name(raw) or CIVILITY_RE.match(raw.strip()):
            spans.append(Span(offset + pres.start(), offset + pres.end()))
            return parse_person(raw).name or None
    return None


def _convocation(block: str, spans: list[Span]) -> dt.date | None:
    """ "Date de la convocation 25 janvier 2019": the first such date printed."""
    for conv in _CONVOCATION_RE.finditer(block):
        dates = find_dates(block[conv.end() : conv.end() + 40])
        if dates and dates[0][1].start == 0:
            spans.append(Span(conv.start(), conv.end() + dates[0][1].end))
            return dates[0][0]
    return None


def find_session_times(text: str) -> tuple[str | None, str | None]:
    """Opening and closing times stated in minutes, as "HH:MM" (None when not stated).

    Opening: "ouvre la séance à 11h", "La séance est ouverte à 20h30"; closing: "la
    séance est (donc) levée à 12h30", "Séance clôturée à 20H50", "fin de séance : 22h".
    The first opening and the last closing statements win.
    """
    opened = closed = None
    for m in _OPEN_RE.finditer(text):
        opened = parse_time(m.group("time"))
        if opened:
            break
    for m in _CLOSE_RE.finditer(text):
        closed = parse_time(m.group("time")) or closed
    return opened, closed

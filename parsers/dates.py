"""French dates, written-out years and clock times as printed in deliberation registers.

Everything here works on normalised text but tolerates raw extraction quirks that
would otherwise cost a date: "1 er" for "1er", typographic apostrophes, runs of
spaces, month names without accents ("fevrier", "aout").
"""

from __future__ import annotations

import datetime as dt
import re

from parsers.records import Span
from parsers.text import fold

__all__ = [
    "MONTHS",
    "find_dates",
    "month_number",
    "parse_french_date",
    "parse_french_number",
    "parse_time",
    "parse_written_year",
]

MONTHS: dict[str, int] = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}

# Accented and unaccented spellings; abbreviations may carry a dot ("janv.").
_MONTH_ALT = (
    r"janvier|janv\.?|f[ée]vrier|f[ée]vr\.?|f[ée]v\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?"
    r"|ao[ûu]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?"
)
_WEEKDAY_ALT = r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"

# French number words, used for written years ("deux mille dix-neuf") and days.
_UNITS: dict[str, int] = {
    "zero": 0,
    "un": 1,
    "une": 1,
    "premier": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
}
_NUMBER_WORD_ALT = (
    r"z[ée]ro|une?|premier|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize"
    r"|quatorze|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille|mil"
    r"|et[\s-]+une?"
)
_NUMBER_WORD = rf"(?:{_NUMBER_WORD_ALT})(?!\w)"
# A written number: number words joined by spaces or hyphens ("deux mille dix-neuf").
WRITTEN_NUMBER_RE = rf"{_NUMBER_WORD}(?:[\s-]+{_NUMBER_WORD})*"
# A written year starts with its thousands, so prose numbers are not taken for years.
_WRITTEN_YEAR_RE = rf"(?:deux[\s-]+mille|mil(?:le)?[\s-]+neuf[\s-]+cents?)(?:[\s-]+{_NUMBER_WORD})*"

# "1er", "1 er" (raw extraction), "1ᵉʳ", "premier", "01", "19".
_DAY_RE = r"(?P<day>1\s?er(?!\w)|1ᵉʳ|premier|[0-3]?\d(?!\d))"
_TEXT_DATE_RE = re.compile(
    rf"(?<![\w,.])(?:(?P<weekday>{_WEEKDAY_ALT})\s+)?{_DAY_RE}\s+(?P<month>{_MONTH_ALT})"
    rf"(?!\w)\s*(?:(?P<year>\d{{4}})(?!\d)|(?P<wyear>{_WRITTEN_YEAR_RE}))",
    re.IGNORECASE,
)
# "19/07/2022", "19.07.2022", "19-07-22"; not part of longer digit/dot runs (phone numbers).
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\d./-])(?P<day>[0-3]?\d)(?P<sep>[/.-])(?P<month>[01]?\d)(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?![\d]|[./-]\d)"
)
_TIME_RE = re.compile(
    r"^\s*(?P<h>\d{1,2})\s*(?:h|heures?|:)\s*(?P<m>\d{2})?\s*(?:min(?:utes?)?)?\s*$",
    re.IGNORECASE,
)


def month_number(name: str) -> int | None:
    """The month number of a French month name or abbreviation ("février", "sept."), else None."""
    return MONTHS.get(fold(name).rstrip(".").strip())


def parse_french_number(s: str) -> int | None:
    """Value of a French number written in words, 0..9999 ("quatre-vingt-dix-neuf" -> 99).

    Returns None when any word is not a number word, so prose is never mistaken
    for a number.
    """
    words = [w for w in re.split(r"[\s-]+", fold(s).strip()) if w]
    if not words:
        return None
    total = 0
    current = 0
    previous = ""
    seen = False
    for word in words:
        if word == "et":
            continue
        if word in ("mille", "mil"):
            total += (current or 1) * 1000
            current = 0
        elif word in ("cent", "cents"):
            current = (current or 1) * 100
        elif word in ("vingt", "vingts") and previous == "quatre":
            # "quatre-vingt(s)" is 80, not 4 + 20
            current += 80 - 4
        elif word in _UNITS:
            current += _UNITS[word]
        else:
            return None
        previous = word
        seen = True
    return total + current if seen else None


def parse_written_year(s: str) -> int | None:
    """Year written in words: "deux mille dix-neuf" -> 2019, "deux mille dix huit" -> 2018.

    Tolerates a leading "l'an" and hyphenated spellings; returns None unless the
    value is a plausible year (1000..2999).
    """
    text = re.sub(r"^\s*l\s*['’]\s*an\s+", "", s.strip(), flags=re.IGNORECASE)
    value = parse_french_number(text.rstrip(" ,.;"))
    if value is None or not 1000 <= value <= 2999:
        return None
    return value


def _day_value(raw: str) -> int | None:
    raw = raw.strip()
    if re.fullmatch(r"1\s?er|1ᵉʳ", raw):
        return 1
    if raw.isdigit():
        return int(raw)
    return parse_french_number(raw)


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date_from_text_match(m: re.Match[str]) -> dt.date | None:
    day = _day_value(m.group("day"))
    month = month_number(m.group("month"))
    if m.group("year"):
        year: int | None = int(m.group("year"))
    else:
        year = parse_written_year(m.group("wyear"))
    if day is None or month is None or year is None:
        return None
    return _make_date(year, month, day)


def _date_from_numeric_match(m: re.Match[str]) -> dt.date | None:
    year = int(m.group("year"))
    if len(m.group("year")) == 2:
        year += 2000  # registers in scope are all post-2000
    return _make_date(year, int(m.group("month")), int(m.group("day")))


def find_dates(text: str) -> list[tuple[dt.date, Span]]:
    """Every full date (with a year) in ``text``, in reading order.

    Handles "1er février 2019", "1 er février 2019", "mardi 15 février 2022",
    "19/07/2022" and "1er février deux mille dix-neuf". The span covers the date
    expression (weekday included, a preceding "le" excluded). Impossible dates
    ("31 février 2019") are skipped.
    """
    found: list[tuple[dt.date, Span]] = []
    for m in _TEXT_DATE_RE.finditer(text):
        date = _date_from_text_match(m)
        if date is not None:
            found.append((date, Span(m.start(), m.end())))
    for m in _NUMERIC_DATE_RE.finditer(text):
        date = _date_from_numeric_match(m)
        if date is not None:
            span = Span(m.start(), m.end())
            if not any(s.start < span.end and span.start < s.end for _, s in found):
                found.append((date, span))
    found.sort(key=lambda item: item[1].start)
    return found


def parse_french_date(s: str) -> dt.date | None:
    """The date written in ``s`` ("1er février 2019", "le 17 mars 2022", "19/07/2022").

    ``s`` is expected to hold one date expression, possibly with a leading "le"
    or weekday; when it holds several, the first is returned. None when no full
    date (day, month and year) is found.
    """
    dates = find_dates(s)
    return dates[0][0] if dates else None


def parse_time(s: str) -> str | None:
    """A clock time as "HH:MM": "11h" -> "11:00", "20H50" -> "20:50", "9:30" -> "09:30".

    None when ``s`` is not a time or the time is impossible ("25h").
    """
    m = _TIME_RE.match(s)
    if not m:
        return None
    hours = int(m.group("h"))
    minutes = int(m.group("m") or 0)
    if hours > 23 or minutes > 59:
        return None
    return f"{hours:02d}:{minutes:02d}"


def impossible_dates(text: str) -> list[tuple[str, Span]]:
    """Dates printed with a day their month does not have ("31 février 2019", "31/06/2020").

    They read as no date at all (``find_dates`` skips them), so whatever depends on them
    would silently go unchecked; they are returned so that a rule can say so.
    """
    out = []
    for m in _TEXT_DATE_RE.finditer(text):
        day, month = _day_value(m.group("day")), month_number(m.group("month"))
        year = int(m.group("year")) if m.group("year") else parse_written_year(m.group("wyear"))
        if day and month and year and _make_date(year, month, day) is None and day <= 31:
            out.append((m.group(0), Span(m.start(), m.end())))
    for m in _NUMERIC_DATE_RE.finditer(text):
        day, month, year = int(m.group("day")), int(m.group("month")), int(m.group("year"))
        year += 2000 if year < 100 else 0
        if 1 <= month <= 12 and 1 <= day <= 31 and _make_date(year, month, day) is None:
            out.append((m.group(0), Span(m.start(), m.end())))
    return sorted(out, key=lambda x: x[1].start)

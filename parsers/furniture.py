"""Page furniture: running headers and footers that are not part of the text.

Registers are printed with a running footer ("Délibération CS2019/02 - séance du 1er
février 2019    4") and sometimes a running header ("Syndicat mixte Lot numérique —
Registre des délibérations"). Text extraction keeps them in the middle of sentences and
lists, so the normaliser drops them, and the loader uses the footers to infer where the
pages of a text file ended.

What makes a line furniture rather than text that merely recurs, such as the counts
block ("Nombre de délégués En exercice 18", "Votants 13")?

* A page-number shape nobody writes in running text: "Page 3", "Page 3/12", "3 / 12",
  "- 3 -", "… — page 3".
* A session reference followed by a number *after* the date: "séance du 1er février 2019
  4". A sentence about the session ends with the year; only a footer adds a page number.
* A line that ends in a number which increases from one occurrence to the next, at a
  pace of tens of lines per unit, like a page number does (the counts block repeats the
  same numbers, or changes them hundreds of lines apart).
* When the real pages are known (PDF): a line that is among the first or last lines of
  at least half of the pages, compared with its digits masked.

Lines that carry the structure of a register (extract headings, stamps, signatures) are
never furniture, even if a one-page-per-extract register puts them at every page edge.

All functions take the text as given and report character offsets into it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from parsers.records import Page

_MONTHS = (
    r"(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre"
    r"|novembre|d[ée]cembre)"
)
_DATE = rf"(?:\d{{1,2}}\s*(?:er)?\s+{_MONTHS}\s+\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}})"
_PAGE_NO = r"\d{1,4}(?:\s*(?:/|sur|de)\s*\d{1,4})?"

# "Page 3", "Page 3/12", "p. 3", "Page 3 sur 12" alone on the line.
_PAGE_ONLY_RE = re.compile(rf"(?:page|p\.)\s*{_PAGE_NO}", re.IGNORECASE)
# "3 / 12", "3/12", "- 3 -", "– 3 –".
_FRACTION_RE = re.compile(r"(?P<n>\d{1,4})\s*/\s*(?P<m>\d{1,4})")
_DASHED_RE = re.compile(r"[-–—]\s*\d{1,4}\s*[-–—]")
# "<anything> — page 3": a separator (dash, bar, bullet or a wide gap) before "page",
# so that a sentence wrapped after "voir page 3" is not taken for a footer.
_TRAILING_PAGE_RE = re.compile(
    rf"\S.*?(?:\s[-–—|·•]\s*|\s{{2,}}|\t)(?:page|p\.)\s*{_PAGE_NO}", re.IGNORECASE
)
# "... séance du 1er février 2019    4", "... du 29/06/2022 3": a date, then a number.
_DATE_PAGE_RE = re.compile(rf"\S.*\bdu\s+{_DATE}(?P<gap>\s+(?:[-–—|]\s*)?)\d{{1,4}}", re.IGNORECASE)
# A line ending in a number: candidates for the increasing-number rule.
_TRAILING_NUMBER_RE = re.compile(r"(?P<prefix>\S.*?)\s+(?P<n>\d{1,4})")

_MAX_FURNITURE_LEN = 150

# Lines that carry a register's structure; dropping them would lose extracts or stamps.
_PROTECTED_RE = re.compile(
    r"EXTRAIT\s+DU\s+REGISTRE|D[ée]lib[ée]ration\s+n\s*°|Proc[èe]s[- ]verbal\s+de\s+la"
    r"|AR\s+Pr[ée]fecture|Accus[ée]\s+de\s+r[ée]ception|Re[çc]u\s+(?:en|à\s+la)\s+pr[ée]fecture"
    r"|Transmis\s+(?:en|à\s+la)\s+pr[ée]fecture|Publi[ée]\s+le|Affich[ée]\s+le"
    r"|Rendu\s+ex[ée]cutoire|Certifi[ée]|Pour\s+(?:extrait|copie)|Sign[ée]\b|Fait\s+(?:à|et\s+d[ée]lib[ée]r[ée])"
    r"|^(?:Le|La)\s+(?:Pr[ée]sident|Maire)|^Point\s+n\s*°|^Article\b"
    # the wording of a decision and its vote sits at the same place on every page of
    # a register printed one extract per page; it is text, never furniture
    r"|avoir\s+d[ée]lib[ée]r[ée]|\bd[ée]cide\b|\bprend\s+acte\b|^Vu\b|^Consid[ée]rant"
    r"|\bvot(?:e|es|ants?)\b|unanimit|adopt|abstention|\bcontre\b",
    re.IGNORECASE,
)
# Headings that number what follows; they end in an increasing number but are text.
_NUMBERED_HEADING_RE = re.compile(
    r"^(?:article|annexe|chapitre|titre|point|lot|partie|section|tranche|phase|[ée]tape"
    r"|axe|action|objectif|fiche|tableau|figure|mesure|n\s*°)\b",
    re.IGNORECASE,
)

# Increasing-number rule: at least this many occurrences, and between two of them
# roughly one page of text per unit of the number (registers print 40 to 70 lines a
# page; extracted text loses or adds some lines, hence the wide bounds).
_MIN_RECURRENCE = 3
_MIN_LINES_PER_PAGE = 15
_MAX_LINES_PER_PAGE = 150
# Edge rule: a page's first and last few non-blank lines (extraction order may put a
# footer drawn before the body among the first lines); fewer on pages of few lines.
_EDGE_LINES = 3


@dataclass(frozen=True, slots=True)
class _Line:
    index: int  # line number in the text, 0-based
    start: int  # first character
    end: int  # end of the content, before "\r\n" / "\n" / "\f"
    stop: int  # end of the range to drop: after "\n" (never after "\f")
    content: str  # stripped


def _lines(text: str) -> Iterator[_Line]:
    """Every line of ``text``; a form feed ends a line (and a page) but is kept."""
    index = 0
    start = 0
    n = len(text)
    for m in re.finditer(r"\r?\n|\f", text):
        yield _make_line(text, index, start, m.start(), m.end() if m.group() != "\f" else m.start())
        index += 1
        start = m.end()
    if start < n:
        yield _make_line(text, index, start, n, n)


def _make_line(text: str, index: int, start: int, end: int, stop: int) -> _Line:
    if end > start and text[end - 1] == "\r":
        end -= 1
    return _Line(index, start, end, stop, text[start:end].strip())


def _mask(content: str) -> str:
    """The line with digit runs masked, spaces collapsed and case folded."""
    return " ".join(re.sub(r"\d+", "#", content).split()).casefold()


def _is_page_number_line(line: _Line) -> bool:
    """Whether the line alone has the shape of a page number or a dated footer."""
    c = line.content
    if not c or len(c) > _MAX_FURNITURE_LEN:
        return False
    if not c[-1].isdigit():  # every shape but "- 3 -" ends with the page number
        return bool(_DASHED_RE.fullmatch(c))
    if _PAGE_ONLY_RE.fullmatch(c) or _DASHED_RE.fullmatch(c):
        return True
    m = _FRACTION_RE.fullmatch(c)
    if m and 0 < int(m["n"]) <= int(m["m"]):
        return True
    if _TRAILING_PAGE_RE.fullmatch(c):
        return True
    m = _DATE_PAGE_RE.fullmatch(c)
    # A session footer; without "séance" demand a wide gap before the number, as a
    # wrapped sentence ("... du 12 mars 2019 3") has a single space there.
    return bool(m and ("séance" in c.lower() or "seance" in c.lower() or len(m["gap"]) >= 2))


def _increasing_number_lines(lines: Sequence[_Line]) -> set[int]:
    """Indices of lines whose trailing number grows like a page number (see module doc)."""
    groups: dict[str, list[tuple[_Line, int]]] = defaultdict(list)
    for line in lines:
        c = line.content
        # cheap tests first: most lines do not end in a digit
        if not c or not c[-1].isdigit() or len(c) > _MAX_FURNITURE_LEN:
            continue
        m = _TRAILING_NUMBER_RE.fullmatch(c)
        if not m or not re.search(r"[^\W\d_]", m["prefix"]) or _PROTECTED_RE.search(c):
            continue
        prefix = m["prefix"]
        if len(prefix.split()) < 3 or _NUMBERED_HEADING_RE.match(prefix):
            continue
        groups[_mask(prefix)].append((line, int(m["n"])))
    flagged: set[int] = set()
    for members in groups.values():
        if len(members) >= _MIN_RECURRENCE and _numbered_like_pages(members):
            flagged.update(line.index for line, _ in members)
    return flagged


def _numbered_like_pages(members: Sequence[tuple[_Line, int]]) -> bool:
    """Whether the numbers grow like page numbers of one or more page sequences.

    A number may restart lower (each deliberation of a register numbers its own pages)
    but never repeats, and every increase spans about a page of lines per unit.
    """
    increases = restarts = 0
    for (a, na), (b, nb) in itertools.pairwise(members):
        if nb == na:
            return False
        if nb < na:
            restarts += 1
            continue
        per_page = (b.index - a.index) / (nb - na)
        if not _MIN_LINES_PER_PAGE <= per_page <= _MAX_LINES_PER_PAGE:
            return False
        increases += 1
    return increases >= 2 and increases > restarts


@dataclass(frozen=True, slots=True)
class _EdgeHit:
    line: int  # line index
    page: int  # page number
    slot: int  # 0, 1, 2 from the top of the page; -1, -2, -3 from the bottom
    numbers: tuple[int, ...]  # the line's digit runs


def _edge_lines(lines: Sequence[_Line], pages: Sequence[Page]) -> set[int]:
    """Indices of running headers and footers at the page edges (see module doc).

    A line qualifies when, digits masked, it sits at the same edge slot on at least
    half of the pages and its numbers behave like furniture: the same on every page
    (a title, a session date) or one of them following the page number. That rules
    out text that happens to end several pages, such as "14 votes pour".
    """
    hits: dict[str, list[_EdgeHit]] = defaultdict(list)
    i = 0
    for page in pages:
        on_page: list[_Line] = []
        while i < len(lines) and lines[i].start < page.end:
            if lines[i].start >= page.start and lines[i].content:
                on_page.append(lines[i])
            i += 1
        # On a short page every line is near an edge: look at fewer lines there.
        width = min(_EDGE_LINES, max(1, (len(on_page) - 1) // 4))
        top = on_page[:width]
        bottom = on_page[len(top) :][-width:]
        slotted = [(k, line) for k, line in enumerate(top)]
        slotted += [(k - len(bottom), line) for k, line in enumerate(bottom)]
        for slot, line in slotted:
            c = line.content
            if len(c) > _MAX_FURNITURE_LEN or _PROTECTED_RE.search(c):
                continue
            key = _mask(c)
            if not re.search(r"[^\W\d_]|#", key):
                continue  # punctuation-only lines ("* * *") are separators, not furniture
            numbers = tuple(int(d) for d in re.findall(r"\d+", c))
            hits[key].append(_EdgeHit(line.index, page.number, slot, numbers))
    needed = max(2, math.ceil(len(pages) / 2))
    flagged: set[int] = set()
    for group in hits.values():
        slots = Counter(hit.slot for hit in group)
        slot, _ = slots.most_common(1)[0]
        at_slot = [hit for hit in group if hit.slot == slot]
        if len({hit.page for hit in at_slot}) < needed:
            continue
        if _numbers_like_furniture(at_slot):
            flagged.update(hit.line for hit in group if _numbers_like_furniture([at_slot[0], hit]))
    return flagged


def _numbers_like_furniture(hits: Sequence[_EdgeHit]) -> bool:
    """Same numbers on every page, or one number that is the page number plus a constant."""
    first = hits[0].numbers
    if all(hit.numbers == first for hit in hits):
        return True
    if any(len(hit.numbers) != len(first) for hit in hits):
        return False
    for k in range(len(first)):
        shifts = {hit.numbers[k] - hit.page for hit in hits}
        others_fixed = all(
            hit.numbers[:k] + hit.numbers[k + 1 :] == first[:k] + first[k + 1 :] for hit in hits
        )
        if len(shifts) == 1 and others_fixed:
            return True
    return False


def _furniture_lines(text: str, pages: Sequence[Page] | None) -> list[_Line]:
    lines = list(_lines(text))
    flagged = {line.index for line in lines if _is_page_number_line(line)}
    flagged |= _increasing_number_lines(lines)
    if pages is not None and len(pages) > 1:
        flagged |= _edge_lines(lines, pages)
    return [line for line in lines if line.index in flagged]


def find_furniture(text: str, pages: Sequence[Page] | None) -> list[tuple[int, int]]:
    """Character ranges of the whole lines of ``text`` that are page furniture.

    Each range starts at the beginning of a line and ends after its line break ("\\n"
    or "\\r\\n"); a form feed that ends a line is never included, so page breaks
    survive dropping the ranges. Ranges are sorted and do not overlap.

    ``pages`` is the real page layout (PDF); pass ``None`` when it is unknown or was
    inferred from footers (text files), since then only the footers themselves are
    evidence. Without pages only footers are found (page numbers, dated session
    footers, increasing numbers); with pages, running headers and footers at the page
    edges are found too.
    """
    return [(line.start, line.stop) for line in _furniture_lines(text, pages)]


def footer_breaks(text: str) -> list[int]:
    """Offsets just after each running footer line of ``text``: where a page ended.

    Used by the loader to infer the pages of a text file. Offsets are sorted; an
    offset equal to ``len(text)`` means the text ends with a footer.
    """
    return [line.stop for line in _furniture_lines(text, None)]

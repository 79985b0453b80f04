"""Segmentation: cut a normalised document into the parts the extractors read.

A register is a sequence of extracts (one per "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS");
each extract is cut into header (session + attendance), body, annexes and prefecture
stamp. Minutes (procès-verbaux) annexed to an extract, and stand-alone minutes such as
a municipal council's compte rendu, become sessions of their own cut into items.

Everything here works on character spans of the normalised text; nothing is copied
out except short titles, so extractors can report exact evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from parsers.records import DocumentKind, Span

_FLAGS = re.IGNORECASE | re.MULTILINE

EXTRACT_RE = re.compile(r"EXTRAIT\s+DU\s+REGISTRE\s+DES\s+D[ÉE]LIB[ÉE]RATIONS", _FLAGS)
# "Délibération n° CS2019/01 : Validation du procès-verbal ..."
DELIB_TITLE_RE = re.compile(
    r"^[ \t]*D[ée]lib[ée]ration\s+n\s*°\s*(?P<number>[A-Z]{0,4}\s?\d{4}\s?[/_-]\s?\d{1,3})"
    r"\s*[:–—-]\s*(?P<title>.*)$",
    re.MULTILINE,
)
# "Date de la convocation 25 janvier 2019" closes the formal header.
CONVOCATION_RE = re.compile(r"^[ \t]*Date\s+de\s+(?:la\s+)?convocation\b.*$", _FLAGS)
COUNTS_END_RE = re.compile(r"^[ \t]*Votants?\b.*$", _FLAGS)
ATTENDANCE_START_RE = re.compile(
    r"^[ \t]*(?:[ÉE]taient|[ÉE]tait)\s+pr[ée]sents?|^[ \t]*Pr[ée]sents?\s*:", _FLAGS
)
ANNEX_RE = re.compile(
    r"^[ \t]*Annexe(?:\s+n?°?\s*\d+(?:\.\d+)*)?\s*[:–—-]\s*(?P<title>\S.*)$", re.MULTILINE
)
MINUTES_HEAD_RE = re.compile(
    r"^[ \t]*Proc[èe]s[- ]verbal\s+(?:de\s+la\s+s[ée]ance\s+)?du\s+"
    r"(?P<body>Comit[ée]\s+syndical|Bureau|Conseil\s+\w+)\s*\n?\s*du\s+(?P<date>[^\n]+)$",
    _FLAGS,
)
POINT_RE = re.compile(r"^[ \t]*Point\s+n\s*°\s*(?P<number>\d+)\s*[–—:-]\s*(?P<title>\S.*)$", _FLAGS)
MINUTES_END_RE = re.compile(
    r"(?:L'ordre\s+du\s+jour\s+[ée]tant\s+[ée]puis[ée].*?)?"
    r"s[ée]ance\s+(?:est\s+)?(?:donc\s+)?(?:lev[ée]e|cl[ôo]tur[ée]e)[^\n]*",
    re.IGNORECASE,
)
STAMP_RE = re.compile(
    r"^[ \t]*(?:AR\s+Pr[ée]fecture|Accus[ée]\s+de\s+r[ée]ception)\b[^\n]*"
    r"(?:\n[^\n]*){0,6}?\n[ \t]*Publi[ée]\s+le\s+\S+[^\n]*",
    _FLAGS,
)
# Stand-alone minutes: "CR du conseil municipal 17 septembre 2021", "Compte rendu de la séance..."
INFORMAL_MINUTES_RE = re.compile(
    r"^[ \t]*(?:CR|Compte[- ]rendu|Proc[èe]s[- ]verbal)\s+(?:de\s+la\s+s[ée]ance\s+)?"
    r"(?:du|de\s+la)\s+(?:conseil|comit[ée]|s[ée]ance|bureau)\b",
    _FLAGS,
)
# "1/ Motion ONF :", "2. Reversement de la taxe", "8/Décisions modificatives"
INFORMAL_ITEM_RE = re.compile(
    r"^[ \t]*(?P<number>\d{1,2})[ \t]*[/.][ \t]*(?P<title>[^\W\d_].*)$", re.M
)


@dataclass(frozen=True, slots=True)
class AnnexSegment:
    """An "Annexe – …" heading and what follows it.

    Level 1 is an annex of the deliberation itself (the first annex heading after
    the header, and any heading printed right below it); level 2 is an annex of
    that annex, such as the "Annexe 1 : Contexte du projet" of an annexed
    convention. A level-1 span runs to the next level-1 heading, so it holds its
    own sub-annexes.
    """

    title: str
    span: Span
    level: int = 1


@dataclass(frozen=True, slots=True)
class ItemSegment:
    """A minutes item: "Point n°4 – ..." or "4/ ..." in a compte rendu."""

    number: str
    title: str
    span: Span  # heading line to the end of the item
    heading: Span


@dataclass(frozen=True, slots=True)
class MinutesSegment:
    span: Span
    header: Span  # heading, attendance and counts
    items: tuple[ItemSegment, ...]
    preamble: Span | None  # between the header and the first item
    closing: Span | None  # "la séance est levée à ..."
    tail: Span | None = None  # after the last item's vote: "questions diverses" with no Point
    parent_number: str | None = None  # the deliberation that annexes these minutes


@dataclass(frozen=True, slots=True)
class ExtractSegment:
    number: str | None
    title: str | None
    span: Span
    header: Span
    title_span: Span | None
    body: Span | None  # after the header, before the first annex; may be empty
    annexes: tuple[AnnexSegment, ...]
    minutes: tuple[MinutesSegment, ...]
    stamp: Span | None


@dataclass(frozen=True, slots=True)
class DocumentSegments:
    kind: DocumentKind
    extracts: tuple[ExtractSegment, ...] = ()
    minutes: tuple[MinutesSegment, ...] = ()  # stand-alone minutes (kind "minutes")


def classify(text: str) -> DocumentKind:
    """Tell a register, stand-alone minutes and anything else apart.

    Only the printed structure counts: a register has "EXTRAIT DU REGISTRE DES
    DÉLIBÉRATIONS" headings; minutes open with "CR/Compte rendu/Procès-verbal du
    conseil…" and list who attended. Everything else is "other", so no session is
    ever invented from a report that merely mentions a council.
    """
    if EXTRACT_RE.search(text):
        return "register"
    head = text[:2000]
    if INFORMAL_MINUTES_RE.search(head) and ATTENDANCE_START_RE.search(text[:6000]):
        return "minutes"
    return "other"


def segment(text: str) -> DocumentSegments:
    """Cut a normalised document into extracts, annexes, minutes and items."""
    kind = classify(text)
    if kind == "register":
        return DocumentSegments(kind=kind, extracts=tuple(_extracts(text)))
    if kind == "minutes":
        return DocumentSegments(kind=kind, minutes=(_informal_minutes(text),))
    return DocumentSegments(kind=kind)


def _last_match(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text, start, len(text) if end is None else end):  # noqa: B007
        pass
    return last


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _extract_starts(text: str) -> list[int]:
    starts = []
    for m in EXTRACT_RE.finditer(text):
        start = _line_start(text, m.start())
        # The organisation heading ("Syndicat mixte Lot numérique") printed just above
        # the EXTRAIT line belongs to the extract.
        before = text[max(0, start - 300) : start]
        lines = before.split("\n")
        back = 0
        for line in reversed(lines[:-1] if before.endswith("\n") else lines):
            back += len(line) + 1
            if line.strip():
                if len(line.strip()) < 90 and not line.strip().endswith((".", ":")):
                    start -= back
                break
        starts.append(max(0, start))
    return starts


def _extracts(text: str) -> Iterator[ExtractSegment]:
    starts = _extract_starts(text)
    bounds = [*starts[1:], len(text)]
    for start, end in zip(starts, bounds, strict=True):
        yield _extract(text, start, end)


# A title line ending on one of these words goes on, whatever the case of the next line.
_DANGLING_RE = re.compile(r"(?i)(?:\b(?:du|de|des|la|le|les|et|à|au|aux|en|pour|sur|avec)|d'|,)$")
_HEADER_START_RE = re.compile(
    r"(?i)(?:l'an\b|[ée]taien?t\b|pr[ée]sents?\b|vu\b|le\s+\w+\s+syndical)"
)


def _title(text: str, m: re.Match[str], limit: int, max_blank: int = 1) -> tuple[str, Span]:
    """A title joined across its wrapped lines.

    Wrapped continuations start with a lower-case letter or a digit ("2018",
    "plan d'affaires"), or follow a line ending on a dangling word ("… du" then
    "Département"); text files sometimes put a blank line inside a wrapped title,
    so up to ``max_blank`` blank lines are crossed.
    """
    parts = [m.group("title").strip()]
    end = m.end()
    pos = m.end()
    blank = 0
    while pos < limit:
        nxt = text.find("\n", pos + 1)
        nxt = limit if nxt < 0 or nxt > limit else nxt
        line = text[pos + 1 : nxt] if text[pos] == "\n" else text[pos:nxt]
        stripped = line.strip()
        if not stripped:
            blank += 1
            if blank > max_blank:
                break
        elif (
            stripped[0].islower() or stripped[0].isdigit() or _DANGLING_RE.search(parts[-1])
        ) and not _HEADER_START_RE.match(stripped):
            parts.append(stripped)
            end = nxt
            blank = 0
        else:
            break
        pos = nxt
    title = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return title, Span(m.start("title"), end)


def _extract(text: str, start: int, end: int) -> ExtractSegment:
    region = text[start:end]
    number = title = None
    title_span = None
    m = DELIB_TITLE_RE.search(region)
    if m:
        number = re.sub(r"[\s]", "", m.group("number")).replace("_", "/")
        t, ts = _title(region, m, len(region))
        title, title_span = t, ts.shift(start)

    header_end = _header_end(region)
    header = Span(start, start + header_end)

    stamp = None
    sm = STAMP_RE.search(region)
    if sm:
        stamp = Span(start + sm.start(), start + sm.end())

    annex_matches = [a for a in ANNEX_RE.finditer(region) if a.start() >= header_end]
    levels = _annex_levels(region, annex_matches)
    annexes = []
    for i, a in enumerate(annex_matches):
        later = [
            b.start()
            for b, lv in zip(annex_matches[i + 1 :], levels[i + 1 :], strict=True)
            if lv <= levels[i]
        ]
        a_end = later[0] if later else len(region)
        annexes.append(
            AnnexSegment(
                title=_annex_title(region, a),
                span=Span(start + a.start(), start + a_end),
                level=levels[i],
            )
        )
    body_end = annex_matches[0].start() if annex_matches else len(region)
    if sm and header_end <= sm.start() < body_end:
        body_end = sm.start()
    body = Span(start + header_end, start + max(header_end, body_end))

    minutes = tuple(
        _annexed_minutes(text, start + mm.start(), end, number)
        for mm in MINUTES_HEAD_RE.finditer(region)
        if mm.start() >= header_end
    )
    return ExtractSegment(
        number=number,
        title=title,
        span=Span(start, end),
        header=header,
        title_span=title_span,
        body=body,
        annexes=tuple(annexes),
        minutes=minutes,
        stamp=stamp,
    )


def _annex_levels(region: str, matches: list[re.Match[str]]) -> list[int]:
    """Level 1 for the first annex heading and those printed right below it."""
    levels = []
    for i, m in enumerate(matches):
        if i == 0:
            levels.append(1)
            continue
        between = region[matches[i - 1].end() : m.start()]
        content_lines = [ln for ln in between.split("\n") if ln.strip()]
        levels.append(1 if levels[-1] == 1 and len(content_lines) <= 1 else 2)
    return levels


# Where the body of a deliberation starts when its header has no closing line.
_BODY_START_RE = re.compile(
    r"^[ \t]*(?:Vu\b|Consid[ée]rant\b|Apr[èe]s\b|Le\s|La\s|Les\s|Il\s|Elle\s|Sur\s"
    r"|D[ée]lib[ée]ration\b|Annexe\b|Expos[ée]\b|EXPOS[ÉE]\b|Rapport\b|Point\b)",
    re.MULTILINE,
)


def _header_end(region: str) -> int:
    """End of the header: after the convocation date, else after the counts block.

    A header printed without either (or cut off by the end of the file) runs to the
    first line that opens the body, so its attendance lists are still read.
    """
    for pattern in (CONVOCATION_RE, COUNTS_END_RE):
        m = pattern.search(region)
        if m:
            return m.end()
    attendance = ATTENDANCE_START_RE.search(region)
    if attendance:
        body = _BODY_START_RE.search(region, attendance.end())
        return _line_start(region, body.start()) if body else len(region)
    m = DELIB_TITLE_RE.search(region)
    return m.end() if m else 0


def _annex_title(region: str, m: re.Match[str]) -> str:
    return _title(region, m, len(region), max_blank=0)[0]


def _annexed_minutes(text: str, start: int, limit: int, parent: str | None) -> MinutesSegment:
    """Minutes annexed to an extract: from their heading to the closing sentence.

    The signature block after "la séance est levée" still belongs to them; a
    prefecture stamp or the next annex heading ends them.
    """
    region = text[start:limit]
    closing = None
    close_m = _last_match(MINUTES_END_RE, region)
    end = len(region)
    if close_m:
        closing = Span(start + close_m.start(), start + close_m.end())
        after = region[close_m.end() :]
        stop = [m.start() for m in (STAMP_RE.search(after), ANNEX_RE.search(after)) if m]
        end = close_m.end() + (min(stop) if stop else len(after))
    header_end = _header_end(region[:end])
    items = _points(text, start, start + header_end, start + (close_m.start() if close_m else end))
    preamble = tail = None
    if items:
        preamble = Span(start + header_end, items[0].span.start)
        items, tail = _split_tail(text, items)
    return MinutesSegment(
        span=Span(start, start + end),
        header=Span(start, start + header_end),
        items=items,
        preamble=preamble,
        closing=closing,
        parent_number=parent,
        tail=tail,
    )


_VOTED_RE = re.compile(r"(?i)d[ée]lib[ée]r[ée]")
_MISC_RE = re.compile(r"(?im)^[^\n]*\bquestions\s+diverses\b[^\n]*$")


def _split_tail(
    text: str, items: tuple[ItemSegment, ...]
) -> tuple[tuple[ItemSegment, ...], Span | None]:
    """Cut "questions diverses" raised after the last point's vote into a tail.

    Minutes often go on after the last numbered point ("Le président propose
    d'aborder les questions diverses") without a heading; that discussion is not
    part of the last point.
    """
    last = items[-1]
    voted = _last_match(_VOTED_RE, text, last.heading.end, last.span.end)
    if voted is None:
        return items, None
    misc = _MISC_RE.search(text, voted.end(), last.span.end)
    if misc is None:
        return items, None
    cut = misc.start()
    trimmed = ItemSegment(last.number, last.title, Span(last.span.start, cut), last.heading)
    return (*items[:-1], trimmed), Span(cut, last.span.end)


def _points(text: str, region_start: int, start: int, end: int) -> tuple[ItemSegment, ...]:
    heads = list(POINT_RE.finditer(text, start, end))
    items = []
    for i, h in enumerate(heads):
        item_end = heads[i + 1].start() if i + 1 < len(heads) else end
        limit = heads[i + 1].start() if i + 1 < len(heads) else end
        title, title_span = _title(text, h, limit, max_blank=0)
        items.append(
            ItemSegment(
                number=h.group("number"),
                title=title,
                span=Span(_line_start(text, h.start()), item_end),
                heading=Span(h.start(), title_span.end),
            )
        )
    return tuple(items)


def _informal_minutes(text: str) -> MinutesSegment:
    """A compte rendu: header up to the agenda, then numbered items.

    Agenda lists repeat the item headings before the items themselves, and
    "questions diverses" often hold a sub-list numbered from 1 again; we keep, for
    each heading, the occurrence that carries a vote (else the longest), then drop
    headings that go back in the numbering (sub-items).
    """
    heads = list(INFORMAL_ITEM_RE.finditer(text))
    cands = []
    for i, h in enumerate(heads):
        nxt = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        content = text[h.end() : nxt]
        cands.append((h, nxt, content))

    def key(h: re.Match[str]) -> tuple[int, str]:
        words = re.sub(r"[^\w]+", "", h.group("title").casefold())[:20]
        return int(h.group("number")), words

    best: dict[tuple[int, str], int] = {}
    for i, cand in enumerate(cands):
        k = key(cand[0])
        if k not in best or _item_weight(cand[2]) > _item_weight(cands[best[k]][2]):
            best[k] = i
    # An occurrence printed before the best one of the same heading is an agenda
    # listing; one printed after it is a heading of its own (documents do repeat).
    chosen = [c for i, c in enumerate(cands) if i >= best[key(c[0])]]
    kept: list[re.Match[str]] = []
    for h, _, _ in chosen:
        if kept and int(h.group("number")) < int(kept[-1].group("number")):
            continue
        kept.append(h)

    close_m = _last_match(MINUTES_END_RE, text)
    end = len(text)
    items = []
    for i, h in enumerate(kept):
        item_end = kept[i + 1].start() if i + 1 < len(kept) else end
        title, title_end = _informal_title(text, h, item_end)
        items.append(
            ItemSegment(
                number=h.group("number"),
                title=title,
                span=Span(_line_start(text, h.start()), item_end),
                heading=Span(h.start(), title_end),
            )
        )
    first = items[0].span.start if items else end
    agenda = re.search(r"^[ \t]*Ordre\s+du\s+jour\b", text[:first], _FLAGS)
    header_end = agenda.start() if agenda else first
    return MinutesSegment(
        span=Span(0, len(text)),
        header=Span(0, header_end),
        items=tuple(items),
        preamble=Span(header_end, first) if header_end < first else None,
        closing=Span(close_m.start(), close_m.end()) if close_m else None,
    )


def _informal_title(text: str, m: re.Match[str], limit: int) -> tuple[str, int]:
    """An item heading joined with its wrapped continuation line, without the colon."""
    title = m.group("title").strip()
    end = m.end()
    if not title.endswith(":"):
        nxt_end = text.find("\n", end + 1)
        nxt_end = limit if nxt_end < 0 or nxt_end > limit else nxt_end
        nxt = text[end + 1 : nxt_end].strip()
        if (
            nxt
            and (nxt[0].islower() or _DANGLING_RE.search(title))
            and not _TALLY_HINT.search(nxt)
            and not INFORMAL_ITEM_RE.match(nxt)
        ):
            title = f"{title} {nxt}"
            end = nxt_end
    return re.sub(r"\s+", " ", title).strip().rstrip(" :."), end


_TALLY_HINT = re.compile(r"\d+\s*(?:votes?|voix)?\s*(?:pour|contre|abstentions?)\b", re.I)


def _item_weight(content: str) -> tuple[int, int]:
    return (1 if _TALLY_HINT.search(content) else 0, len(content.strip()))

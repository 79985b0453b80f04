"""Items of a session under any numbering, chosen per document by the sequence it forms.

Bodies number their items "1 –", "1.", "1/", "Point n°1", "2020-038 TITRE", "DL-012",
"DE-2014/3", "2017.07.04 - 1", "20221205 1 Examen", or "Délibération n° 2023-045"
with the title on the next line ("Objet : …"). Every heading scheme of
:data:`ITEM_SCHEMES` proposes candidate lines; the scheme whose candidates form the
longest run of consecutive numbers wins, and a table of contents loses to the body
because its items are shorter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.cues import Cue
from parsers.text import fold_alnum

_TITLE = r"(?P<title>[^\W\d_][^\n]{2,}|[«\"“][^\n]{2,})?"
# Heading schemes: each has a ``number`` group; the sequence is read from its last integer.
ITEM_SCHEMES: tuple[Cue, ...] = (
    Cue(
        "deliberation",
        "item",
        r"^[ \t]*(?:[•▪➢◦*][ \t]*)?(?:D[ée]lib[ée]ration|DCM|D[ée]cision)"
        r"(?:\s*(?:n\s*[°o]\.?|num[ée]ro))?\s*"
        r"(?P<number>[A-Z]{0,4}[ -]?\d{1,4}(?:\s?[/._-]\s?\d{1,4}){0,2}(?:\s?(?:bis|ter|[A-D]))?)"
        rf"\s*(?:[:–—-]\s*{_TITLE})?[ \t]*$",
        (
            "Délibération n° 2023-045",
            "Délibération n°2023-045 : Budget primitif",
            "DCM n° 12",
            "Délibération D2018-66",
        ),
    ),
    Cue(
        "point",
        "item",
        r"^[ \t]*(?:[•▪➢◦*][ \t]*)?(?:Point|Question|Dossier|Affaire|Rapport)\s*(?:n\s*[°o]\.?\s*)?"
        rf"(?P<number>\d{{1,3}}(?:\s?(?:bis|ter|[a-d]))?)\s*[:–—.)-]?\s*{_TITLE}$",
        ("Point n°4 – Budget", "POINT 4 : Budget", "Question n° 12 - Subvention"),
    ),
    Cue(
        "coded",
        "item",
        r"^[ \t]*(?:[•▪➢◦*][ \t]*)?(?:N\s*°\s*)?(?P<number>(?:[A-Z]{1,4}[ -]?)?"
        r"(?:\d{4}(?:[ \t]?[/._-][ \t]?\d{1,4}){1,3}(?:[ \t]?[-–][ \t]?\d{1,3})?"
        r"|\d{8}[ \t]\d{1,3}(?=[ \t]))(?:[ \t]?(?:bis|ter|[A-Da-d])\b)?)"
        rf"\s*[:–—.-]?\s*{_TITLE}$",
        (
            "2020-038 TITRE",
            "2019-03-01 REPARATION VITRAUX EGLISE",
            "2010/126 – Délégations de pouvoirs",
            "DE-2014/3 Budget",
            "2017.07.04 - 1  ADOPTION DU COMPTE RENDU",
            "20221205 1 Examen de la pétition",
            "N° 2016.02.16 - Subvention à l'association",
            "• DE-2014/1 – Délégations de pouvoirs « Marchés publics » : Information",
        ),
        ("2 049,00 € de travaux",),
    ),
    Cue(
        "letter_coded",
        "item",
        # the item's sequence is its first figure: "DL-055-07-13" is item 55 of July 2013
        rf"^[ \t]*(?:[•▪➢◦*][ \t]*)?(?P<number>[A-Z]{{1,4}}[ -]?\d{{1,4}}(?:[-/.]\d{{1,4}}){{0,3}})"
        rf"\s*[:–—.-]\s*{_TITLE}$",
        ("DL-012 – Travaux de voirie", "D12 : Budget", "DL-055-07-13 - Signature du marché"),
    ),
    Cue(
        "plain",
        "item",
        r"^[ \t]*(?:N\s*°\s*)?(?P<number>\d{1,3}(?:\s?(?:bis|ter))?)\s*(?:[-–—.)/:]|\s(?=[A-ZÉÈ]))"
        rf"\s*{_TITLE}$",
        (
            "1 – Approbation du procès-verbal",
            "2. Reversement de la taxe",
            "8/Décisions",
            "N° 3 : Budget",
        ),
        ("1 000 € de travaux",),
    ),
)
_REGEXES = [(c.name, c.regex) for c in ITEM_SCHEMES]
_LAST_INT = re.compile(r"(\d{1,4})(?:\s?(?:bis|ter|[A-Da-d]))?\s*$", re.IGNORECASE)
_SUFFIX = re.compile(r"(?:bis|ter|[A-Da-d])\s*$", re.IGNORECASE)
# Lines that look like a heading but are not: tallies, amounts, times, dates, table rows.
_NOT_TITLE = re.compile(
    r"^(?:votes?|voix|pour|contre|abstentions?|pr[ée]sents?|votants?|procurations?|absents?"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre|heures?|h\b|ans?\b|mois|jours?|euros?|€|%|habitants|logements?|m[²2]?\b"
    r"|km|places?|conseillers?|membres?|d[ée]l[ée]gu[ée]s|adjoints?|et\b|à\b|au\b)",
    re.IGNORECASE,
)
_ENUMERATION = re.compile(r"(?:(?:De|Du|Des|Que)\s+|D['’]|Qu['’])[a-zéèàâ]")
_TOC_LINE = re.compile(r"(?:\.{3,}|…{2,}|\bpages?\s*\d{1,3})\s*$", re.IGNORECASE)
_OBJET = re.compile(r"^[ \t]*(?:Objet|OBJET)\s*:\s*(?P<title>[^\n]+)", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Heading:
    number: str
    title: str
    start: int  # line start of the heading
    end: int  # end of the heading (title included)
    seq: int
    scheme: str


def find_items(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """The item headings of ``text[start:end]``, in order, by the best numbering scheme."""
    end = len(text) if end is None else end
    scored = []
    for name, regex in _REGEXES:
        candidates = _without_agenda([h for h in _candidates(text, regex, name, start, end) if h])
        chain = _best_chain(candidates, end)
        if not chain or (name == "plain" and chain[0].seq > 5):
            continue  # plain numbers from 60 on are a budget's chapters, not items
        # items are where decisions are taken: a numbering whose headings hold the votes
        # wins over a list of clauses or references
        score = (_voted(text, chain, end), len(chain), _spacing(chain, end))
        if name == "deliberation":
            score = (score[0], len(chain) + 1, score[2])  # "Délibération n°" wins ties
        scored.append((score, chain))
    scored.sort(key=lambda sc: sc[0], reverse=True)
    best = scored[0][1] if scored else []
    for _score, other in scored[1:]:
        # a list reported inside one item of another numbering (the decisions of the
        # bureau, "N° DBC 2021-082", listed under item 1) is not the session's items
        if len(other) >= 3 and _nested(best, other):
            best = other
            break
    minimum = (
        1 if best and best[0].scheme in ("deliberation", "point", "coded", "letter_coded") else 2
    )
    return best if len(best) >= minimum else []


def _nested(inner: list[Heading], outer: list[Heading]) -> bool:
    """Whether every heading of ``inner`` falls inside one block of ``outer``."""
    starts = [h.start for h in outer]
    for i, h in enumerate(outer):
        nxt = starts[i + 1] if i + 1 < len(starts) else None
        if all(h.start < x.start and (nxt is None or x.start < nxt) for x in inner):
            return nxt is not None  # inside a block that closes: a list within an item
    return False


def _key(h: Heading) -> tuple[int, str]:
    suffix = _SUFFIX.search(h.number)
    return h.seq, suffix.group(0).strip().lower() if suffix else ""


def _without_agenda(cands: list[Heading]) -> list[Heading]:
    """Drop an agenda (ordre du jour, sommaire) and a closing recap: headings printed
    one under the other whose numbers all stand again where the items are treated."""
    drop: set[int] = set()
    runs: list[tuple[int, int]] = []  # headings printed one under the other
    i = 0
    while i < len(cands):
        j = i
        while (
            j + 1 < len(cands)
            and cands[j + 1].start - cands[j].start < 300
            and cands[j + 1].seq >= cands[j].seq  # a restart opens another list
        ):
            j += 1
        runs.append((i, j))
        i = j + 1
    # where items are treated, headings stand apart (a short item may sit by another)
    spaced = {_key(cands[k]) for i, j in runs if j - i < 2 for k in range(i, j + 1)}
    for i, j in runs:
        if j > i:
            later = {_key(c) for c in cands[j + 1 :]}
            earlier = {_key(c) for c in cands[:i]}
            run = range(i, j + 1)
            # an agenda announces what comes later; a closing recap lists what came
            announced = all(_key(cands[k]) in later for k in run) and 2 * sum(
                _key(cands[k]) in later & spaced for k in run
            ) >= len(run)
            if announced or (j - i >= 2 and all(_key(cands[k]) in earlier for k in run)):
                drop.update(run)
    return [c for k, c in enumerate(cands) if k not in drop]


def _candidates(text: str, regex: re.Pattern[str], scheme: str, start: int, end: int):
    for m in regex.finditer(text, start, end):
        if "\n" in m.group(0).strip("\n"):
            continue  # a heading is one line (a title below is read apart)
        number = re.sub(r"\s+", " ", m.group("number")).strip()
        title = (m.group("title") or "").strip()
        if title and (_NOT_TITLE.match(title) or _TOC_LINE.search(title)):
            continue
        if scheme == "plain" and (not title or _ENUMERATION.match(title)):
            continue  # "4° De prendre toute décision…": a clause of a decision, not an item
        if scheme == "plain" and re.match(r"^\d{1,3}\s+\d", m.group(0).strip()):
            continue
        head_end = m.end()
        if not title:
            title, head_end = _title_below(text, m.end(), end)
            if not title:
                continue
        if title and _DANGLING.search(title):
            title, head_end = _continued(text, title, head_end, end)
        seq_m = (
            re.search(r"(\d{1,4})", number)
            if scheme == "letter_coded"
            else _LAST_INT.search(number)
        )
        if not seq_m:
            continue
        yield Heading(
            number, title.strip(" :.–-"), m.start(), head_end, int(seq_m.group(1)), scheme
        )


# A title line ending on one of these goes on to the next line ("… dans la commune et").
_DANGLING = re.compile(
    r"(?i)(?:\b(?:du|de|des|la|le|les|et|à|au|aux|en|pour|sur|avec|par|l|d)|['’,–-])$"
)


def _continued(text: str, title: str, pos: int, end: int) -> tuple[str, int]:
    """Join the next line to a title that stops on a dangling word."""
    nl = text.find("\n", pos + 1, end)
    line_end = end if nl < 0 else nl
    following = text[pos + 1 : line_end].strip() if text[pos : pos + 1] == "\n" else ""
    if following and len(following) < 160 and not re.match(r"\d", following):
        return f"{title} {following}", line_end
    return title, pos


def _title_below(text: str, pos: int, end: int) -> tuple[str, int]:
    """The title printed under a bare number ("Délibération n° 12" / "Objet : …")."""
    window = text[pos : min(end, pos + 400)]
    m = _OBJET.search(window)
    if m and m.start() < 200:
        return m.group("title").strip(), pos + m.end()
    for line_m in re.finditer(r"[^\n]+", window):
        line = line_m.group(0).strip()
        if not line:
            continue
        if re.fullmatch(r"(?:bis|ter)", line, re.IGNORECASE):
            continue
        if re.match(r"[^\W\d_]", line) and len(line) > 3:
            return line, pos + line_m.end()
        break
    return "", pos


def _best_chain(cands: list[Heading], end: int) -> list[Heading]:
    """The longest run of headings whose numbers go up by 1 to 3 (or repeat as 'bis')."""
    n = len(cands)
    if n == 0:
        return []
    length = [1] * n
    spacing = [0] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(max(0, i - 60), i):
            step = cands[i].seq - cands[j].seq
            # a number printed again for another subject ("13/ Questions diverses",
            # "13/ Fréquence des conseils") is an item; the same title again is a table of
            # contents meeting the body
            ok = 1 <= step <= 3 or (step == 0 and _SUFFIX.search(cands[i].number) is not None)
            # never skip a nearer successor: a table of contents ("2. Taxe") must not
            # hand over to the body's "3." past the body's own "2."
            if not ok or any(cands[j].seq < cands[k].seq <= cands[i].seq for k in range(j + 1, i)):
                continue
            gap = cands[i].start - cands[j].start
            cand = (length[j] + 1, spacing[j] + min(gap, 4000))
            if cand > (length[i], spacing[i]):
                length[i], spacing[i], prev[i] = cand[0], cand[1], j
    # the chain's last item runs to the end: its room counts too
    best = max(range(n), key=lambda i: (length[i], spacing[i] + min(end - cands[i].start, 4000)))
    chain = []
    i = best
    while i >= 0:
        chain.append(cands[i])
        i = prev[i]
    chain.reverse()
    # the last number printed again for other subjects ("13/ Questions diverses",
    # "13/ Fréquence des conseils"): items too; the same subject again is not
    for c in cands[best + 1 :]:
        if c.seq == chain[-1].seq and not _same_subject(c.title, chain[-1].title):
            chain.append(c)
    return chain


def _fold(title: str) -> str:
    return fold_alnum(title)[:24]


def _same_subject(a: str, b: str) -> bool:
    return _fold(a)[:12] == _fold(b)[:12]


_DECIDED = re.compile(
    r"unanimit|\bvoix\s+pour\b|\bvotes?\s+pour\b|\bpour\s*:\s*\d|apr[èe]s\s+(?:en\s+)?avoir\s+"
    r"d[ée]lib[ée]r|\bprend\s+acte\b",
    re.IGNORECASE,
)


def _voted(text: str, chain: list[Heading], end: int) -> int:
    """How many headings of a chain open a block that records a decision."""
    if not chain:
        return 0
    bounds = [h.start for h in chain[1:]] + [end]
    return sum(
        1
        for h, b in zip(chain, bounds, strict=True)
        if _DECIDED.search(text, h.end, min(b, h.end + 20000))
    )


def _spacing(chain: list[Heading], end: int) -> int:
    if not chain:
        return 0
    bounds = [h.start for h in chain[1:]] + [end]
    return sum(min(b - h.start, 4000) for h, b in zip(chain, bounds, strict=True))


# An unnumbered heading: a line in capitals ending with a colon, or standing after a
# blank line or a rule of dashes ("-------------------\nCOMPTE ADMINISTRATIF 2005 :").
_CAPITAL_LINE = re.compile(
    r"^[ \t]*(?P<title>[A-ZÉÈÀÇÔÎÛ][A-ZÉÈÀÇÔÎÛ0-9'’ ,.()/–-]{3,90}?)[ \t]*(?P<colon>:)?[ \t]*$",
    re.MULTILINE,
)
_RULE_OR_BLANK = re.compile(r"(?:^|\n[ \t]*\n|\n[ \t]*[-_=]{5,}[ \t]*\n)$")


def capital_headings(text: str, start: int = 0, end: int | None = None) -> list[Heading]:
    """The items of minutes that number none: for each decision, the last heading in
    capitals before it (a heading over sub-items that each vote is not an item)."""
    end = len(text) if end is None else end
    cands = []
    for m in _CAPITAL_LINE.finditer(text, start, end):
        title = m.group("title").strip(" :.")
        set_apart = _RULE_OR_BLANK.search(text, max(0, m.start() - 200), m.start() + 0)
        if not (m.group("colon") or set_apart) or len(title.split()) < 2:
            continue  # "INVESTISSEMENT": a table's column, not a subject
        if sum(c.isalpha() for c in title) < 6:
            continue
        cands.append(Heading("", title, m.start("title"), m.end(), 0, "capitals"))
    items: list[Heading] = []
    for i, h in enumerate(cands):
        nxt = cands[i + 1].start if i + 1 < len(cands) else end
        if _DECIDED.search(text, h.end, nxt):
            items.append(h)
    return [
        Heading(str(k + 1), h.title, h.start, h.end, k + 1, h.scheme) for k, h in enumerate(items)
    ]

"""Personal names as printed in attendance lists, normalised to "Prénom NOM".

Registers print names in several shapes: "André MELLINGER", inverted "SABRAZAT
Jean-Pierre", wrapped at a line-end hyphen ("Jean-\\nPierre SABRAZAT"), first name
only in informal minutes ("Anne-Marie"), mixed case ("Adeline Texeira"). A civility
("Messieurs", "MM.", "Mme") before a list applies to every name until the next one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from parsers.records import Person, Span
from parsers.text import fold

__all__ = [
    "CIVILITY_RE",
    "NameRef",
    "is_plausible_name",
    "name_key",
    "normalize_civility",
    "parse_person",
    "resolve_holder",
    "same_person",
    "split_names",
    "split_names_detailed",
    "trim_span",
]

# Long forms in any case ("pour monsieur X"); short forms are case-sensitive so "m." in
# prose ("5 m.") is not taken for a civility. "MM." before "M." so the longer wins.
CIVILITY_RE = re.compile(
    r"(?<![\w.])(?:(?i:messieurs|monsieur|mesdames|madame|mesdemoiselles|mademoiselle)"
    r"|MM\.?|Mmes\.?|Mme\.?|Mlle\.?|Melle\.?|Mr\.?|MMES\.?|MME\.?|MLLE\.?|MR\.?|M\."
    # "M  CARO": a bare M before a name in capitals
    r"|M(?=[ \t]+[A-ZÉÈ]{2,}\b))(?!\w)"
)
_MALE = {"messieurs", "monsieur", "mm", "mm.", "mr", "mr.", "m."}  # compared case-folded

# Lower-case particles that belong to the family name ("Charles de GAULLE").
_PARTICLES = frozenset(
    {"de", "du", "des", "d'", "la", "le", "van", "von", "der", "den", "di", "da", "del", "dos"}
)
# Capitalised words that open headings or titles, never names.
_STOPWORDS = frozenset(
    {
        "pour",
        "par",
        "représentant",
        "représentants",
        "etaient",
        "étaient",
        "etait",
        "était",
        "nombre",
        "date",
        "président",
        "présidente",
        "maire",
        "adjoint",
        "adjointe",
        "délibération",
        "point",
        "annexe",
        "ordre",
        "présents",
        "présent",
        "absents",
        "absent",
        "excusés",
        "excusé",
        "excusée",
        "votants",
        "pouvoir",
        "pouvoirs",
        "le",
        "la",
        "les",
        "et",
        "en",
        "vu",
    }
)
_SEPARATOR_RE = re.compile(r"[,;/]|(?<!\w)et(?!\w)|\n[ \t]*\n")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " "})


class NameRef(NamedTuple):
    """A name found in a list: its exact text, where it sits, and the civility in force."""

    raw: str
    span: Span
    civility: str | None


def normalize_civility(word: str | None) -> str | None:
    """Map a civility word to "M." or "Mme" ("Messieurs" -> "M.", "Mesdames" -> "Mme")."""
    if not word:
        return None
    w = word.strip().casefold()
    if not w:
        return None
    return "M." if w in _MALE else "Mme"


def _clean(raw: str) -> str:
    text = raw.translate(_APOSTROPHES)
    # a hyphen at a line end joins the halves of a compound ("Jean-\nPierre")
    text = re.sub(r"-[ \t]*\r?\n\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    # an initial glued to the name ("E.CAPELLE") is an initial and a name
    text = re.sub(r"(?<![\w.])([A-ZÉÈ])\.(?=[A-ZÉÈ][a-zéèA-ZÉÈ])", r"\1. ", text)
    return text


def _letters(token: str) -> str:
    return "".join(c for c in token if c.isalpha())


def _kind(token: str) -> str:
    """Classify a token: upper (NOM), cap (Prénom), initial (J.-P.), particle, other."""
    if token in _PARTICLES:
        return "particle"
    body = token[2:] if token[:2] in ("d'", "D'") and len(token) > 2 else token
    letters = _letters(body)
    if not letters:
        return "other"
    if re.fullmatch(r"(?:[A-ZÀ-ÖØ-Þ]\.?-?)+", body) and len(letters) <= 3 and "." in body:
        return "initial"
    if len(letters) == 1 and letters.isupper():
        return "initial"
    if letters.isupper():
        return "upper"
    if letters[0].isupper():
        return "cap"
    return "other"


def _title(word: str) -> str:
    """Title-case a name printed in capitals: "JEAN-PIERRE" -> "Jean-Pierre"."""
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def _upper_family(tokens: list[str]) -> str:
    # particles stay lower-case ("de GAULLE"); the rest is the printed-in-capitals convention
    out = []
    for t in tokens:
        if t in _PARTICLES:
            out.append(t)
        elif t.startswith("d'") and len(t) > 2:
            out.append("d'" + t[2:].upper())  # "d'ARTAGNAN": the elided particle stays lower-case
        else:
            out.append(t.upper())
    return " ".join(out)


def _strip_trailing_dot(text: str) -> str:
    # "Adeline." ends a list sentence; "J." is an initial and keeps its dot
    if text.endswith(".") and len(_letters(text.rsplit(" ", 1)[-1])) > 1:
        return text[:-1].rstrip()
    return text


def parse_person(raw: str, civility: str | None = None) -> Person:
    """Normalise a printed name to ``Person(name="Prénom NOM", ...)``.

    Handles "André MELLINGER", inverted "SABRAZAT Jean-Pierre", a line-end hyphen
    ("Jean-\\nPierre SABRAZAT"), compound family names ("MEY-FAU"), particles
    ("Charles de GAULLE"), mixed case ("Adeline Texeira" -> "Adeline TEXEIRA") and a
    leading civility ("Monsieur", "MM.", "Mme"...), which wins over ``civility``.
    A lone first name ("Anne-Marie") gives ``name`` = the first name and no family
    name; a lone capitalised word after a civility ("Mme Chamberlain") or a lone word
    in capitals ("MELLINGER") is taken as a family name.
    """
    text = _strip_trailing_dot(_clean(raw).strip(" ,;:"))
    civ = normalize_civility(civility)
    m = CIVILITY_RE.match(text)
    if m:
        civ = normalize_civility(m.group(0))
        text = text[m.end() :].strip()
    tokens = [t for t in text.split(" ") if t]
    given: str | None
    family: str | None
    if not tokens:
        return Person(name="", given_name=None, family_name=None, civility=civ)
    kinds = [_kind(t) for t in tokens]
    if "upper" in kinds and any(k in ("cap", "initial", "other") for k in kinds):
        # capitals mark the family name; it sits either first (inverted) or last
        lead = 0
        while lead < len(tokens) and kinds[lead] in ("upper", "particle"):
            lead += 1
        if lead and "upper" in kinds[:lead]:
            family_tokens, given_tokens = tokens[:lead], tokens[lead:]
        else:
            tail = len(tokens)
            while tail > 0 and kinds[tail - 1] in ("upper", "particle"):
                tail -= 1
            if tail < len(tokens):  # "André MELLINGER", "Jean de LA FONTAINE"
                family_tokens, given_tokens = tokens[tail:], tokens[:tail]
            else:  # capitals only mid-name ("Jean DUPONT Fils"): they are the family name
                family_tokens = [t for t, k in zip(tokens, kinds, strict=True) if k == "upper"]
                given_tokens = [t for t, k in zip(tokens, kinds, strict=True) if k != "upper"]
        given = " ".join(given_tokens) or None
        family = _upper_family(family_tokens) or None
    elif all(k in ("upper", "particle") for k in kinds):
        if len(tokens) == 1 or kinds[0] == "particle":
            given, family = None, _upper_family(tokens)
        else:
            given, family = _title(tokens[0]), _upper_family(tokens[1:])
    elif len(tokens) == 1:
        word = tokens[0] if kinds[0] != "other" else _title(tokens[0])
        if civ is not None:
            given, family = None, word.upper()
        else:
            given, family = word, None
    else:
        # no capitals at all ("Adeline Texeira"): the last word, with its particles, is the
        # family name; a compound first name is hyphenated in French, so one given word is usual
        tail = len(tokens) - 1
        while tail > 1 and kinds[tail - 1] == "particle":
            tail -= 1
        given_tokens = [
            t if k != "other" else _title(t) for t, k in zip(tokens, kinds, strict=True)
        ]
        given = " ".join(given_tokens[:tail])
        family = _upper_family(tokens[tail:])
    name = " ".join(part for part in (given, family) if part)
    return Person(name=name, given_name=given, family_name=family, civility=civ)


def is_plausible_name(raw: str) -> bool:
    """Whether ``raw`` reads like a personal name (1-6 capitalised words or particles).

    Used to tell a wrapped name list from the prose or heading that follows it.
    """
    text = _strip_trailing_dot(_clean(raw).strip(" ,;:"))
    m = CIVILITY_RE.match(text)
    if m:
        text = text[m.end() :].strip()
    tokens = [t for t in text.split(" ") if t]
    if not tokens or len(tokens) > 6:
        return False
    kinds = [_kind(t.rstrip("-")) for t in tokens]
    if any(k == "other" for k in kinds) or all(k == "particle" for k in kinds):
        return False
    if kinds[0] == "particle" and "upper" not in kinds:
        return False
    # "LE GOFF Yann" is a name; "Le président" is not
    return kinds[0] == "upper" or tokens[0].casefold() not in _STOPWORDS


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` of ``text`` past surrounding blanks and list punctuation.

    A final "." is dropped unless it ends an initial ("J.").
    """
    while start < end and (text[start].isspace() or text[start] in ",;:/"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:/"):
        end -= 1
    if end > start and text[end - 1] == ".":
        last_word = re.split(r"\s", text[start : end - 1])[-1]
        if len(_letters(last_word)) > 1:
            end -= 1
            while end > start and text[end - 1].isspace():
                end -= 1
    return start, end


def split_names_detailed(s: str, civility: str | None = None) -> list[NameRef]:
    """Split a printed list of names, keeping each name's civility.

    Names are separated by ",", ";", "/", "et" or a blank line; a line break alone is
    a space (names wrap), and a line-end hyphen joins ("SABRAZAT Jean-\\nPierre").
    A civility word ("Messieurs", "M.", "Mme", "MM.") applies to the names that
    follow it until the next civility; ``civility`` is the one in force at the start.
    Spans are relative to ``s`` and cover the name without its civility.
    """
    refs: list[NameRef] = []
    current = normalize_civility(civility)
    pos = 0
    cuts = sorted(
        [(m.start(), m.end(), "civ", m.group(0)) for m in CIVILITY_RE.finditer(s)]
        + [(m.start(), m.end(), "sep", m.group(0)) for m in _SEPARATOR_RE.finditer(s)]
    )
    pending_civ = current
    for start, end, kind, word in [*cuts, (len(s), len(s), "end", "")]:
        if start < pos:
            continue  # overlapping cut ("M." inside a longer match)
        a, b = trim_span(s, pos, start)
        if b > a:
            refs.append(NameRef(s[a:b], Span(a, b), pending_civ))
        if kind == "civ":
            pending_civ = normalize_civility(word)
        pos = end
    return refs


def split_names(s: str) -> list[tuple[str, Span]]:
    """Split a printed list of names into ``(raw, span)`` pairs, in order.

    See :func:`split_names_detailed` for the rules; this drops the civilities.
    """
    return [(ref.raw, ref.span) for ref in split_names_detailed(s)]


def _fold(s: str) -> str:
    # spaces, apostrophes, dots and hyphens vary in print ("Jean-Pierre", "Jean Pierre",
    # "J.-P."); other punctuation stays, it tells names apart
    return re.sub(r"[\s'’.-]+", "", fold(s))


def name_key(person: Person) -> tuple[str, str]:
    """An accent-, case- and hyphen-insensitive ``(given, family)`` key for matching."""
    return (_fold(person.given_name or ""), _fold(person.family_name or ""))


def same_person(a: str, b: str) -> bool:
    """Whether two printed names can designate the same person.

    Accent- and case-insensitive ("Agnes Michelot" == "Agnès MICHELOT"); inverted
    order is normalised first; a name given by its first name only ("Yves") matches
    a full name with that first name, and a family name only ("M. MELLINGER") a full
    name with that family name.
    """
    ga, fa = name_key(parse_person(a))
    gb, fb = name_key(parse_person(b))
    if not (ga or fa) or not (gb or fb):
        return False
    if fa and fb:
        return fa == fb and (not ga or not gb or ga == gb)
    if ga and gb:
        # at least one side is a first name only: only the first names can be compared
        return ga == gb
    # one side has only a family name, the other only a first name: no common ground
    return False


def resolve_holder(raw: str, candidates: list[Person]) -> str:
    """The full printed name of the attendee a holder designates, else the holder as parsed.

    A proxy names its holder loosely ("à Adeline Texeira", "à M. LERAY"); the holder is
    present, so the roster prints the name in full: that spelling is the one kept.
    """
    person = parse_person(raw)
    key = name_key(person)
    exact = [c for c in candidates if name_key(c) == key]
    if exact:
        return exact[0].name
    loose = {c.name for c in candidates if same_person(raw, c.name)}
    if len(loose) == 1:
        return loose.pop()
    return person.name

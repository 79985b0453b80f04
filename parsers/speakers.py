"""Who a printed speaker name designates: "M. FAVRE" → "Jean-Paul FAVRE".

A name printed in minutes is resolved against the session's attendees, then the people
named in full elsewhere (``known_people``), then the "Prénom NOM" names harvested from
the whole text (:func:`harvest_full_names`); a name that fits several people at one
level stays unresolved rather than guessed. Names are compared folded
(:func:`parsers.text.upper_ascii_words`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from parsers.nlp import CIVILITIES
from parsers.records import Person
from parsers.text import LOWER as _LOWER
from parsers.text import UPPER as _UPPER
from parsers.text import upper_ascii_words

# Capitalised words that open a sentence but are not given names ("Le SIEDA indique").
NOT_GIVEN_NAMES = frozenset(
    {
        "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "ce",
        "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "notre", "votre",
        "pour", "par", "sur", "sous", "dans", "en", "et", "ou", "avec", "chaque", "tout",
        "tous", "toute", "toutes", "selon", "après", "avant", "depuis", "lors", "côté",
        "madame", "monsieur", "mademoiselle", "mme", "m", "mlle", "il", "elle", "on",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PrintedName:
    """A printed or listed name split into its parts (folded for comparison)."""

    given: str | None
    family: str
    gender: str | None  # "M" / "F" from the civility, when printed


def harvest_full_names(text: str) -> list[str]:
    """Full names printed as "Prénom NOM" in ``text`` ("Jean-Paul FAVRE"), in order.

    Meant to collect ``known_people`` over a whole document, so that "M. FAVRE"
    in one item resolves to "Jean-Paul FAVRE" introduced in another. Given names
    that are French function words ("Le SIEDA", "La CAO") are skipped.
    """
    seen: dict[str, None] = {}
    for m in _FULL_NAME.finditer(text):
        if text[max(0, m.start() - 8) : m.start()].rstrip().endswith("-"):
            continue  # "Jean-\nYves LANDAS" seen from "Yves"
        given = re.sub(r"-\s+", "-", m.group("given"))  # "Jean-\nPierre" -> "Jean-Pierre"
        family = re.sub(r"\s+", " ", m.group("family"))
        if upper_ascii_words(given).lower() in NOT_GIVEN_NAMES:
            continue
        seen.setdefault(f"{given} {family}", None)
    return list(seen)


_FULL_NAME = re.compile(
    rf"(?<![\w-])(?P<given>[{_UPPER}][{_LOWER}]+(?:-\s*[{_UPPER}][{_LOWER}]+)?)[^\S\n]+"
    rf"(?P<family>[{_UPPER}]{{2,}}(?:[-'’][{_UPPER}]{{2,}})*(?:[^\S\n]+[{_UPPER}]{{2,}}(?![\w'’]))?)"
    rf"(?![\w'’-])"
)


def _is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _gender(civility: str | None) -> str | None:
    if not civility:
        return None
    c = civility.lower().rstrip(".")
    if c in ("m", "monsieur", "mr"):
        return "M"
    if c in ("mme", "madame", "mlle", "mademoiselle"):
        return "F"
    return None


def parse_printed_name(printed: str) -> PrintedName | None:
    """Split "M. Jean-Paul FAVRE" / "Mme MEY-FAU" / "RIGAL Serge" into its parts."""
    words = printed.split()
    civility = None
    if words and words[0].lower() in CIVILITIES:
        civility = words.pop(0)
    if not words:
        return None
    family = [w for w in words if _is_upper_word(w)]
    given = [w for w in words if not _is_upper_word(w)]
    if not family:  # "Mme Soursou": the last word is the surname
        family, given = words[-1:], words[:-1]
    return PrintedName(
        given=upper_ascii_words(" ".join(given)) or None,
        family=upper_ascii_words(" ".join(family)),
        gender=_gender(civility),
    )


def _person_name(person: Person) -> PrintedName | None:
    parsed = parse_printed_name(person.name)
    family = upper_ascii_words(person.family_name) if person.family_name else None
    if family is None:
        if parsed is None:
            return None
        family = parsed.family
    given = (
        upper_ascii_words(person.given_name)
        if person.given_name
        else (parsed.given if parsed else None)
    )
    return PrintedName(given=given, family=family, gender=_gender(person.civility))


def _full_name(listed: str) -> PrintedName | None:
    """A ``known_people`` entry, kept only if it is a real "Prénom NOM".

    Entries such as "Mme LAUR" (no given name) would make "Mme LAUR" ambiguous
    with "Audrey LAUR", and "Le FCTVA" / "Les EPCI" are not people.
    """
    name = parse_printed_name(listed)
    if name is None or name.given is None or name.given.lower() in NOT_GIVEN_NAMES:
        return None
    return name


def _given_compatible(printed: str, listed: str | None) -> bool:
    if listed is None or printed == listed:
        return True
    # "J P" (from "J.-P.") against "JEAN PIERRE": compare initials
    parts = printed.split()
    if all(len(p) == 1 for p in parts):
        return [p[0] for p in listed.split()] == parts
    return False


class Directory:
    """The people a printed name may refer to, in order of trust."""

    def __init__(
        self, attendees: Iterable[Person], known: Iterable[str], harvested: Iterable[str]
    ) -> None:
        self.tiers: list[list[tuple[str, PrintedName]]] = []
        tier = [(p.name, n) for p in attendees if (n := _person_name(p))]
        self.tiers.append(tier)
        for names in (known, harvested):
            self.tiers.append([(s, n) for s in names if (n := _full_name(s))])

    def knows_family(self, family: str) -> bool:
        """Whether an attendee or an explicitly known person bears this surname."""
        return any(n.family == family for tier in self.tiers[:2] for _, n in tier)

    def resolve(self, name: PrintedName) -> str | None:
        """The one "Prénom NOM" ``name`` designates, or None (unknown or ambiguous)."""
        for tier in self.tiers:
            found = [(d, n) for d, n in tier if n.family == name.family]
            if name.given:
                found = [(d, n) for d, n in found if _given_compatible(name.given, n.given)]
            if len({d for d, _ in found}) > 1 and name.gender:
                found = [(d, n) for d, n in found if n.gender in (None, name.gender)]
            displays = {d for d, _ in found}
            if len(displays) == 1:
                return displays.pop()
            if len(displays) > 1:
                return None  # ambiguous: a less trusted list would not settle it
        return None

"""Count wordings: the labels of printed counts (in office, present, proxies, voters),
the ranges of items a count applies to, and arrivals and departures."""

from __future__ import annotations

import re

from parsers.cues.base import A_GRAVE as _A
from parsers.cues.base import E_ACUTE as _E
from parsers.cues.base import Cue

# ----------------------------------------------------------------------------- counts
# Count keys: the label of a printed count, with the count's field.
COUNT_KEYS: tuple[Cue, ...] = (
    Cue(
        "in_office",
        "members_in_office",
        rf"(?:nombre\s+de\s+(?:conseillers|membres|d{_E}l{_E}gu{_E}s)(?:\s+\w+)?\s+)?"
        rf"(?:en\s+exercice|(?:membres|conseillers)\s+en\s+fonction|composant\s+le\s+conseil)",
        ("Nombre de conseillers en exercice : 29", "en exercice : 15", "Membres en exercice 33"),
    ),
    Cue(
        "present",
        "present",
        rf"(?:nombre\s+de\s+(?:conseillers|membres|d{_E}l{_E}gu{_E}s)\s+)?"
        rf"(?:pr{_E}sents?|en\s+s{_E}ance|pr{_E}sent\(?e?\)?s)",
        ("Présents : 11", "Nombre de conseillers présents : 24", "Nombre de conseillers en séance"),
    ),
    Cue(
        "proxies",
        "proxies",
        rf"(?:nombre\s+de\s+)?(?:pouvoirs?|procurations?|repr{_E}sent{_E}s|mandats?)",
        ("Procurations : 5", "Pouvoirs : 9", "2 procurations"),
    ),
    Cue(
        "voters",
        "voters",
        r"(?:nombre\s+de\s+)?votants?",
        ("Votants : 16", "33 votants", "Nombre de votants : 30"),
    ),
    Cue(
        "absent",
        "absent",
        r"(?:nombre\s+d['’]\s*)?absents?(?:\s+excus[ée]s?)?",
        ("0 absent", "Absents : 2"),
    ),
)
# "Questions 11 à 17 :", "Pour les points 1 à 5", "Questions 18 à la fin :", "À partir du point 7"
COUNT_RANGE = re.compile(
    rf"^[ \t]*(?:pour\s+)?(?:les\s+)?(?:questions?|points?|d{_E}lib{_E}rations?|dossiers?)"
    rf"\s+(?:n\s*°\s*)?(?P<first>(?:[A-Z]{{0,4}}\d{{4}}[/._-])?\d{{1,3}})\s*(?:{_A}|–|au|-(?=\s))\s*"
    rf"(?:(?:la\s+)?fin|(?P<last>(?:[A-Z]{{0,4}}\d{{4}}[/._-])?\d{{1,3}}))[ \t]*:?",
    re.IGNORECASE | re.MULTILINE,
)

# ---------------------------------------------------------------------- movements
# Arrivals and departures: the name is read around the match by the roster reader.
MOVEMENTS: tuple[Cue, ...] = (
    Cue(
        "arrives",
        "arrives",
        rf"\b(?:arriv{_E}e?s?|rejoin[td]s?|retour)\b",
        ("Arrivée de M. X à 18h45", "Mme Y rejoint la séance", "Retour de Monsieur Eric ROBERT"),
    ),
    Cue(
        "leaves",
        "leaves",
        rf"\b(?:d{_E}part|quitte(?:nt)?\s+la\s+(?:s{_E}ance|salle)|sort(?:ie)?\s+de\s+la\s+salle)\b",
        ("Départ de Monsieur Eric ROBERT", "M. X quitte la séance avant le vote du point 7"),
    ),
)

"""Roster wordings: the labels of present, absent, excused and represented members,
the secretary, the labels that end a roster, and the proxies printed next to a name."""

from __future__ import annotations

import re

from parsers.cues.base import A_GRAVE as _A
from parsers.cues.base import E_ACUTE as _E
from parsers.cues.base import NUMBER, Cue
from parsers.text import APOSTROPHE as _AP

# --------------------------------------------------------------------------- rosters
# A roster label opens a list of names; its meaning is the status of those names.
# The label must stand at a line start and end the label ("Présents :", "PRESENTS",
# "Étaient présents :"); the reader takes names up to the next label or heading.
_WERE = rf"(?:{_E}taie?n?t?s?|sont|est)\s+"
_ADJ = r"(?:\s*\(\s*e\s*\)\s*s?|\(e?s\)|e?s?)"
ROSTER_LABELS: tuple[Cue, ...] = (
    Cue(
        "represented_heading",
        "represented",
        rf"^[ \t]*(?:{_WERE})?(?:membres\s+|conseillers\s+)?"
        rf"(?:(?:absent{_ADJ}|excus{_E}{_ADJ})[\s,]+(?:et\s+)?)*"
        rf"(?:ayant|ont|avaient|qui\s+ont|a|avait)\s+donn{_E}\s+(?:pouvoir|procuration|mandat)"
        r"(?:\s+de\s+vote)?s?(?=\s*:|\s*$|\s)",
        (
            "Absent ayant donné procuration : Mr Roland LEFOYER à Mr Serge DRUGEON",
            "ABSENTS AYANT DONNE PROCURATION : Madame X donne pouvoir à Y",
            "Ont donné pouvoir :",
            "Etait absent, excusé et a donné pouvoir : Nadine MALHOMME à Georges CARRET",
            "Excusés ont donné pouvoir :",
        ),
    ),
    Cue(
        "represented",
        "represented",
        rf"^[ \t]*(?:{_WERE})?(?:membres\s+|conseillers\s+)?(?:absent{_ADJ}\s+)?"
        rf"(?:repr{_E}sent{_E}{_ADJ}|pouvoirs?|procurations?|mandats?)"
        r"(?:\s+(?:donn[ée]s?|re[çc]us?))?(?=\s*:|[ \t]*$)",
        ("Représentés :", "Pouvoirs :", "Procurations :", "POUVOIRS", "Absents représentés :"),
        ("Pouvoirs de police du maire",),
    ),
    Cue(
        "excused",
        "absent",
        rf"^[ \t]*(?:{_WERE})?(?:membres\s+|conseillers\s+)?(?:absent{_ADJ}\s+)?excus{_E}{_ADJ}"
        r"(?=\s*:|[ \t]*$|\s)",
        ("Absents excusés : M. X", "Excusés :", "ABSENTS EXCUSES :", "Absente excusée : Mme Y"),
    ),
    Cue(
        "absent",
        "absent",
        rf"^[ \t]*(?:{_WERE})?(?:membres\s+|conseillers\s+)?absent{_ADJ}"
        rf"(?:\s+non\s+excus{_E}{_ADJ})?(?=\s*:|[ \t]*$)",
        ("Absents :", "Étaient absents :", "Absents non excusés :", "ABSENT :"),
        ("Absents ayant donné procuration :",),
    ),
    Cue(
        "substitute",
        "substitute",
        rf"^[ \t]*(?:membres\s+)?suppl{_E}ants?(?:\s+pr{_E}sents?)?(?=\s*:|[ \t]*$)",
        ("Suppléants :", "Suppléants présents :"),
    ),
    Cue(
        "present",
        "present",
        rf"^[ \t]*(?:{_WERE})?(?:membres\s+|conseillers\s+|{_E}lus\s+)?pr{_E}sent{_ADJ}"
        rf"(?:\s+(?:les\s+)?(?:membres|conseillers|{_E}lus)[^:\n]{{0,40}})?(?=\s*:|[ \t]*$)",
        (
            "Présents : A, B",
            "Étaient présents :",
            "Etaients présents : MM. X",
            "PRESENTS : MM Sébastien LEROUX",
            "Présent(e)s :",
            "Etaient présents les membres du conseil :",
        ),
    ),
)
# The label after the names: "Maryline : absente non excusée", "M. X : excusé".
ROSTER_INLINE = Cue(
    "inline_status",
    "absent",
    rf"^[ \t]*(?P<names>[^:\n]{{2,80}}?)[ \t]*:[ \t]*"
    rf"(?P<label>absent{_ADJ}(?:\s+non)?(?:\s+excus{_E}{_ADJ})?|excus{_E}{_ADJ})[ \t.]*$",
    ("Maryline : absente non excusée", "M. Paul DURAND : excusé"),
    ("Absents excusés : M. X",),
)
# A table of absents: "Absents | Ni pouvoir ni suppléant | Suppléant | Pouvoir donné à…",
# one row per member: "Nom X" (neither), "Nom Suppléant", "Nom Détenteur".
ABSENCE_TABLE = Cue(
    "absence_table",
    "absent",
    rf"^[ \t]*(?:membres\s+)?absent{_ADJ}[ \t]+(?:ni\s+pouvoir|excus{_E}{_ADJ}|pouvoir)[^\n:]*"
    rf"(?:\n[^\n:]*){{0,2}}?pouvoir\s+donn{_E}\s+{_A}[ \t]*(?:…|\.{{3}})?[ \t]*$",
    ("Absents Ni pouvoir\nNi suppléant Suppléant Pouvoir donné à…",),
    (
        "Absents : M. X",
        "Absents excusés : Maryline LECESTRE (pouvoir donné à Adeline Texeira), Marielle",
    ),
)
# "Présents : 11" is a count, not a roster: a roster's first word is no figure.
ROSTER_NOT_COUNT = re.compile(
    rf"^[ \t]*:?[ \t]*(?:{NUMBER})[ \t]*(?:$|[-–/,;]|\w+[ \t]*:)", re.IGNORECASE | re.MULTILINE
)

SECRETARY: tuple[Cue, ...] = (
    Cue(
        "secretary_label",
        "secretary",
        rf"^[ \t]*(?:a\s+{_E}t{_E}\s+(?:{_E}lue?|d{_E}sign{_E}e?)\s+)?secr{_E}taire"
        rf"(?:\s+de\s+(?:la\s+)?s{_E}ance)?\s*:\s*(?P<name>[^\n]+)",
        ("Secrétaire de séance : Denis Vanhecke", "A été élu secrétaire de séance : M. X"),
    ),
    Cue(
        "secretary_sentence",
        "secretary",
        r"(?P<name>(?:M\.|Mme|Monsieur|Madame|Mr)?\s*[A-ZÉÈ][\w'’. -]{1,60}?)\s*,?\s+"
        rf"(?:a\s+{_E}t{_E}|est|a\s+{_E}t{_E})\s+(?:{_E}lue?|d{_E}sign{_E}e?|nomm{_E}e?)"
        rf"\s+(?:comme\s+|en\s+qualit{_E}\s+de\s+|pour\s+remplir\s+les\s+fonctions\s+de\s+)?"
        rf"secr{_E}taire",
        (
            "Madame Sylvie Guichard est désignée comme secrétaire de séance.",
            "Monsieur Grandin est nommé secrétaire de séance",
        ),
    ),
)

# Staff and guests: names after these labels are not members.
ROSTER_STOP = re.compile(
    rf"^[ \t]*(?:assistai(?:en)?t|{_E}galement\s+pr{_E}sents?|invit{_E}s?|ordre\s+du\s+jour"
    rf"|secr{_E}taire|sommaire|convocation|date\s+de|nombre\s+de|l{_AP}an\s+deux|"
    rf"approbation|d{_E}signation|le\s+quorum|quorum|en\s+exercice|votants?|s{_E}ance)\b",
    re.IGNORECASE | re.MULTILINE,
)

# ---------------------------------------------------------------------------- proxies
# Inside a roster, a proxy is printed next to its giver; the patterns capture the
# holder (``holder``), and the giver when the wording names both (``giver``).
_NAME = r"(?P<holder>(?:(?:M\.|Mme|Mr|MM\.?|Monsieur|Madame|Mlle)\s*)?[^\s,;()][^,;()]{0,60}?)"
# Where a holder's name ends: a comma, a bracket, "et", the end of the entry, or a final
# dot, never the dot of an initial ("N. FERREIRA") nor a line break inside the name.
_END = r"(?=\s*(?:[,;(]|\bet\b|\.?\s*\Z|\.\s*\n|\n(?=\s*(?:[A-Z][a-zé]+\s*:|\d))))"
PROXY_NOTES: tuple[Cue, ...] = (
    Cue(
        "bracket_proxy",
        "holder",
        rf"\(\s*(?:a\s+donn{_E}\s+|donne\s+)?(?:pouvoir|procuration|mandat)"
        rf"(?:\s+(?:donn{_E}e?|de\s+vote))?\s+(?:{_A}\s+|au\s+profit\s+de\s+|:\s*)?{_NAME}\s*"
        r"(?:\([^()\n]*\)\s*)?\)",
        (
            "Patrice KERVAON (procuration à Paul LE BIHAN)",
            "Maryline (pouvoir donné à Jean-Pierre)",
            "Marc (pouvoir donné Patrick)",
            "X (pouvoir à Y)",
        ),
        ("Julie (pas de pouvoir donné)",),
    ),
    Cue(
        "gave_proxy",
        "holder",
        rf",?\s*(?:qui\s+)?(?:a|avait|ayant)?\s*donn{_E}e?\s+(?:son\s+)?"
        r"(?:pouvoir|pourvoir|procuration|mandat)"
        rf"(?:\s+de\s+vote)?\s+(?:{_A}|au\s+profit\s+de)\s+{_NAME}{_END}",
        (
            "Monsieur F.DELAUNEY a donné pouvoir à Madame E.CAPELLE",
            "M. Paul PIPAUD qui a donné pouvoir à M. Jean-Paul LERAY",
            "Madame R. LEROY a donné pourvoir à Monsieur A.MORAZIN",  # sic: a common slip
        ),
    ),
    Cue(
        "gives_proxy",
        "holder",
        rf"\s+donnen?t?\s+(?:pouvoir|procuration|mandat)\s+{_A}\s+{_NAME}{_END}",
        ("Madame Monique Fourey-Béchet donne pouvoir à madame Jeanne Guillouet",),
    ),
    Cue(
        "comma_proxy",
        "holder",
        rf"(?:,|^)\s*(?:pouvoir|procuration|mandat)(?:\s+donn{_E}e?)?\s+{_A}\s+{_NAME}{_END}",
        ("M. X, pouvoir donné à M. Y", "Mme Z, procuration à M. W", "pouvoir donné à M. Y"),
    ),
    Cue(
        "represented_by",
        "holder",
        rf",?\s*(?:est\s+)?repr{_E}sent{_E}e?\s+par\s+{_NAME}(?=\s*(?:[,;)]|\.?\s*\Z|\.\s*\n))",
        ("Mme X représentée par M. Y", "M. Z, représenté par Mme W"),
    ),
    Cue(
        "to_holder",
        "holder",
        rf"\s+(?:{_A}|pour|par)\s+{_NAME}{_END}",
        ("Mr Roland LEFOYER à Mr Serge DRUGEON", "M. LEDRAPPIER par M. PORTEBOIS"),
    ),
)
# A note saying there is no proxy: the member is absent, nothing is given to anyone.
NO_PROXY = re.compile(
    r"\b(?:pas\s+de|sans|aucun|ni)\s+(?:pouvoir|procuration|mandat)"
    r"|(?:pouvoir|procuration)\s*:\s*(?:n[ée]ant|aucun)",
    re.IGNORECASE,
)

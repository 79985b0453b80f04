"""The catalogue of cue phrases: how French bodies word their rosters, proxies, counts,
votes, ballots and headings.

Wordings are data. Each :class:`Cue` is one way of saying one thing, with the
examples it must read and the look-alikes it must not; ``tests/test_cues.py`` runs
every example (and generated variants: other case, line breaks) against the pattern.
Supporting a new body's wording is a new line here and a new fixture, not a new code
path: the readers (:mod:`parsers.roster`, :mod:`parsers.tallies`,
:mod:`parsers.ballots`, :mod:`parsers.items`, :mod:`parsers.kind`) only loop over
these lists.

Patterns are matched with ``re.IGNORECASE`` on normalised text (one space between
words, but a line break may stand anywhere a space does: ``\\s`` is used between
words). ``_AP`` accepts both apostrophes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

_AP = "['’]"
_E = "[ée]"
_A = "[àa]"

# Counts printed in words, up to 99 ("vingt et une", "quatre-vingt-deux", "dix-neuf (19)").
# longest first: "dix-huit" must not be read as "dix"
_UNIT_WORDS = (
    r"dix-sept|dix-huit|dix-neuf|z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
    r"|onze|douze|treize|quatorze|quinze|seize"
)
_TENS_WORDS = r"vingt|trente|quarante|cinquante|soixante|quatre-vingts?"
WORD_NUMBER = (
    rf"(?:(?:{_TENS_WORDS})(?:(?:\s+et\s+|-)(?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
    r"(?:\s*\(\s*\d{1,3}\s*\))?"
)
# A count: digits, or words with the digits in brackets after them.
NUMBER = rf"(?:\d{{1,4}}|{WORD_NUMBER})"


def count_value(raw: str) -> int | None:
    """The value of a printed count matched by :data:`NUMBER`: digits, the digits in
    brackets after words ("dix-neuf (19)"), or the words ("vingt et une")."""
    from parsers.dates import parse_french_number

    digits = re.search(r"\((\d{1,4})\)|^\s*(\d{1,4})\s*$", raw)
    if digits:
        return int(digits.group(1) or digits.group(2))
    return parse_french_number(raw.strip())


@dataclass(frozen=True)
class Cue:
    """One wording: its meaning, its pattern and the examples that pin it down."""

    name: str
    meaning: str
    pattern: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = field(default=())

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


_GROUP_RE = re.compile(r"\(\?P<(\w+)>")


def alternation(cues: tuple[Cue, ...]) -> re.Pattern[str]:
    """One regex matching any cue of a list; the group ``cue<i>`` tells which matched.

    The cues' own named groups are renamed ``<name>__<i>`` (Python's ``re`` allows a
    name once); :func:`group` reads them back by their plain name.
    """
    parts = [f"(?P<cue{i}>{_renamed(c.pattern, i)})" for i, c in enumerate(cues)]
    return _compile("|".join(parts))


def _renamed(pattern: str, i: int) -> str:
    return _GROUP_RE.sub(lambda g: f"(?P<{g.group(1)}__{i}>", pattern)


def which(cues: tuple[Cue, ...], m: re.Match[str]) -> Cue:
    """The cue of ``cues`` whose group matched in an :func:`alternation` match."""
    for i, cue in enumerate(cues):
        if m.group(f"cue{i}") is not None:
            return cue
    raise ValueError("match does not come from this alternation")


def group(m: re.Match[str], name: str) -> str | None:
    """The text of the cue's group ``name`` in an :func:`alternation` match (or a plain one)."""
    for key, value in m.groupdict().items():
        if value is not None and (key == name or key.startswith(name + "__")):
            return value
    return None


def group_start(m: re.Match[str], name: str) -> int:
    for key, value in m.groupdict().items():
        if value is not None and (key == name or key.startswith(name + "__")):
            return m.start(key)
    return -1


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

# -------------------------------------------------------------------------- votes
_Q = r"(?:[«\"“]\s*)?"  # "15 voix « Pour »"
_VOICES = r"(?:voix|votes?|suffrages?|membres?|conseillers?|[ée]lus?)"
TALLY_TERMS: tuple[Cue, ...] = (
    Cue(
        "n_for",
        "votes_for",
        rf"(?<![\w,.'’-])(?P<n>{NUMBER})\s+(?:{_VOICES}\s+)?{_Q}(?:pour|favorables?|en\s+faveur)\b"
        # not "25 pour cent", "1 pour 2"; but "13 votes pour 1 abstention" is a tally
        r"(?![ \t]*(?:cent|mille|%|l[ea]s?\b|un\b(?!e?\s+(?:abst|contre|voix))|une\b(?!\s+abst)"
        r"|\d(?!\d*\s+(?:abstentions?|contre|voix|votes?|ne\s))))",
        (
            "76 voix pour",
            "13 votes pour",
            "Par 13 voix POUR",
            "vingt et une voix pour",
            "12 pour",
            "par 15 voix « Pour »",
            "13 votes pour 1 abstention",
        ),
        ("25 pour cent", "1 pour 2"),
    ),
    Cue(
        "n_against",
        "votes_against",
        rf"(?<![\w,.'’-])(?P<n>{NUMBER})\s+(?:{_VOICES}\s+)?{_Q}contre\b(?![-'’])",
        ("0 contre", "2 voix contre", "deux votes contre", "1 « Contre »"),
    ),
    Cue(
        "n_abstention",
        "abstentions",
        rf"(?<![\w,.'’-])(?P<n>{NUMBER})\s+(?:{_VOICES}\s+)?{_Q}(?:abstentions?|abstenus?)\b",
        ("2 abstentions", "1 ABSTENTION", "une abstention"),
    ),
    Cue(
        "n_not_voting",
        "not_taking_part",
        rf"(?<![\w,.'’-])(?P<n>{NUMBER})\s+(?:{_VOICES}\s+)?(?:ne\s+prenant\s+pas\s+part"
        rf"|ne\s+prend\s+pas\s+part|non[- ]participations?|ne\s+participant\s+pas"
        rf"|refus\s+de\s+vote)",
        ("1 ne prenant pas part au vote", "2 non-participations"),
    ),
    Cue(
        "for_n",
        "votes_for",
        r"\b(?:votes?\s+)?(?:pour\s*:|(?-i:POUR)|(?<=\n)Pour)\s*(?P<n>\d{1,3})\b"
        r"(?![ \t]*(?:%|€|euros?|ans|mois))",
        ("Pour : 15", "POUR : 31", "POUR 12", "Vote pour : 9", "\nPour 12"),
        ("pour 2 parcelles de bois",),
    ),
    Cue(
        "against_n",
        "votes_against",
        r"\b(?:votes?\s+)?(?:contre\s*:|(?-i:CONTRE)|(?<=\n)Contre)\s*(?P<n>\d{1,3})\b"
        r"(?![ \t]*(?:%|€|euros?))",
        ("Contre : 2", "CONTRE : 0", "CONTRE 1"),
        ("contre 3 ans de prison",),
    ),
    Cue(
        "abstention_n",
        "abstentions",
        r"\b(?:abstentions?\s*:|(?-i:ABSTENTIONS?)|(?<=\n)Abstentions?)\s*(?P<n>\d{1,3})\b"
        r"(?![ \t]*(?:%|€))",
        ("Abstentions : 1", "Abstention : 0", "ABSTENTION 0"),
    ),
    Cue(
        "not_voting_n",
        "not_taking_part",
        r"\bne\s+prend(?:nent)?\s+pas\s+part\s+au\s+vote\s*:\s*(?P<n>\d{1,3})\b",
        ("Ne prend pas part au vote : 1",),
    ),
)
UNANIMITY: tuple[Cue, ...] = (
    Cue(
        "unanimity",
        "unanimous",
        rf"(?:{_A}\s+l{_AP}\s*unanimit{_E}|unanimement|vote\s+unanime|{_A}\s+l{_AP}\s*unanimit)",
        ("ADOPTE A L'UNANIMITE", "à l'unanimité des suffrages exprimés", "unanimement"),
    ),
)
# "unanimité moins 1 abstention", "unanimité des suffrages exprimés (1 abstention)": the
# remainder is read as tally terms; unanimity then means "no vote against".
UNANIMITY_EXCEPT = re.compile(
    rf"unanimit{_E}\s+(?:moins|sauf|{_A}\s+l{_AP}\s*exception\s+de)|unanimit{_E}\s+des\s+"
    rf"(?:suffrages\s+exprim{_E}s|votants|membres\s+pr{_E}sents)\s*\(",
    re.IGNORECASE,
)
MAJORITY = re.compile(rf"{_A}\s+la\s+majorit{_E}", re.IGNORECASE)
OUTCOMES: tuple[Cue, ...] = (
    Cue(
        "noted",
        "noted",
        rf"\b(?:prend|prenons|a\s+pris|donne)\s+acte\b|\bprise?\s+d{_AP}\s*acte\b|\bpris\s+acte\b",
        ("Le conseil prend acte de ce rapport", "Le conseil municipal a pris acte"),
    ),
    Cue(
        "postponed",
        "postponed",
        rf"\b(?:report{_E}e?s?|ajourn{_E}e?s?)\s+(?:{_A}|au|lors|sine)|\best\s+report{_E}e?\b"
        rf"|\best\s+ajourn{_E}e?\b|\bsursis\s+{_A}\s+statuer\b",
        ("Le point est reporté à une séance ultérieure", "ce dossier est ajourné"),
    ),
    Cue(
        "withdrawn",
        "withdrawn",
        rf"\b(?:est|a\s+{_E}t{_E})\s+retir{_E}e?\s+de\s+l{_AP}\s*ordre\s+du\s+jour\b",
        ("Ce point est retiré de l'ordre du jour",),
    ),
    Cue(
        "rejected",
        "rejected",
        rf"\b(?:rejet(?:te|tent|{_E}e?s?)|refus(?:e|ent|{_E}e?s?)|n{_AP}\s*(?:est|a)\s+pas\s+"
        rf"(?:adopt{_E}|approuv{_E}))\b",
        ("La proposition est rejetée", "le conseil REJETTE"),
    ),
)
# What makes a sentence a vote: one of these near a tally or unanimity.
DECISION_WORDS = re.compile(
    rf"\b(?:adopt{_E}e?s?|adopte|approuv{_E}e?s?|approuve|d{_E}cide|vote|d{_E}lib{_E}r{_E}"
    rf"|accepte|autorise|valide|{_E}met|pronon[cç]e|accord)\b",
    re.IGNORECASE,
)

# Named votes: "Votent contre : Mme A, M. B", "M. X et Mme Y s'abstiennent".
MEMBER_VOTES: tuple[Cue, ...] = (
    Cue(
        "label_against",
        "against",
        rf"(?:votent|vote|ont\s+vot{_E}|a\s+vot{_E})\s+contre\s*:?\s*(?P<names>[^\n.]+)",
        ("Votent contre : Mme A, M. B", "Ont voté contre : M. X"),
    ),
    Cue(
        "label_abstention",
        "abstention",
        rf"(?:s{_AP}\s*abstiennent|se\s+sont\s+abstenus?|abstentions?\s+de|"
        rf"s{_AP}\s*abstient)\s*:?\s*(?P<names>[^\n.()]+)",
        ("S'abstiennent : M. X, Mme Y", "Abstentions de M. A et Mme B"),
    ),
    Cue(
        "label_for",
        "for",
        rf"(?:votent|ont\s+vot{_E})\s+pour\s*:?\s*(?P<names>[^\n.]+)",
        ("Votent pour : M. X, Mme Y",),
    ),
    Cue(
        "named_not_voting",
        "not_taking_part",
        r"(?:^|(?<=[.;]\s)|(?<=\bque\s))[ \t]*"
        r"(?P<names>(?-i:(?:(?:M\.|Mme|MM\.|Mmes|Monsieur|Madame)[ \t]+)?"
        r"[A-ZÉÈ][\w'’.-]*(?:[ \t]+(?:et[ \t]+)?(?:(?:M\.|Mme|Monsieur|Madame)[ \t]+)?"
        r"(?:[A-ZÉÈ][\w'’.-]*|de|du|des|d'|le|la)){0,7}))"
        r"\s+(?:ne\s+prend|ne\s+prennent|ne\s+participe|ne\s+participent)\s+pas\s+(?:part\s+)?au\s+vote",
        (
            "M. Pierre Le Gall ne prend pas part au vote.",
            "Mme A et M. B ne prennent pas part au vote",
            "Mme Joëlle de LACROIX ne prend pas part au vote.",
            "Nathalie ROCA informe que Dominique BARBE ne prend pas part au vote",
        ),
    ),
    Cue(
        "label_not_voting",
        "not_taking_part",
        r"(?:ne\s+prennent\s+pas\s+part\s+au\s+vote|ne\s+prend\s+pas\s+part\s+au\s+vote)"
        r"\s*:\s*(?P<names>[^\n.]+)",
        ("Ne prennent pas part au vote : M. X",),
    ),
)

# ------------------------------------------------------------------------- ballots
BALLOT_KEYS: tuple[Cue, ...] = (
    Cue(
        "voters",
        "voters",
        rf"(?:nombre\s+de\s+(?:votants|bulletins(?:\s+trouv{_E}s)?(?:\s+dans\s+l{_AP}\s*urne)?"
        rf"|conseillers\s+pr{_E}sents\s+n{_AP}\s*ayant\s+pas\s+pris\s+part)|votants)",
        ("Nombre de votants : 33", "Nombre de bulletins trouvés dans l'urne : 33"),
    ),
    Cue(
        "blank",
        "blank",
        # the bare word only where no word stands just before it: "Anne-Sophie Blanc :
        # 4 voix" is a candidate, and read as a key it would open a new round
        r"(?:nombre\s+de\s+)?(?:bulletins?|votes?|suffrages)\s+blancs?"
        r"|(?<![^\W\d_]\s)(?<![^\W\d_]\s\s)(?<![^\W\d_]-)blancs?",
        (
            "Bulletins blancs : 2",
            "Nombre de bulletins blancs : 0",
            "Nombre de suffrages blancs : 5",
            "Votants : 15 - Blancs : 0 - Nuls : 1",
        ),
        not_examples=("Mme Anne-Sophie Blanc : 4 voix", "M. Louis BLANC : 12 voix"),
    ),
    Cue(
        "spoilt",
        "spoilt",
        rf"(?:nombre\s+de\s+)?(?:bulletins?\s+)?nuls?(?:\s+ou\s+blancs?)?|"
        rf"bulletins?\s+d{_E}clar{_E}s\s+nuls",
        ("Bulletins nuls : 1",),
    ),
    Cue(
        "expressed",
        "expressed",
        rf"(?:nombre\s+de\s+)?suffrages\s+exprim{_E}s",
        ("Suffrages exprimés : 30", "Nombre de suffrages exprimés : 33"),
    ),
    Cue(
        "majority",
        "absolute_majority",
        rf"majorit{_E}\s+absolue",
        ("Majorité absolue : 17",),
    ),
)
# "M. X : 27 voix", "Liste A – 21 voix", "X a obtenu 27 voix"
BALLOT_RESULT = re.compile(
    rf"^[ \t\-–•]*(?P<candidate>[^\n:]{{3,80}}?)\s*(?::|–|-|a\s+obtenu|ont\s+obtenu|obtient)\s*"
    rf"(?P<n>{NUMBER})\s+(?:voix|suffrages|votes?)\b",
    re.IGNORECASE | re.MULTILINE,
)
# "X est élu", "X, ayant obtenu …, est proclamé élu Maire", "X a été proclamé Maire" (the
# office straight after "proclamé", Lannion 2020), "X et Y sont proclamées élues"
BALLOT_ELECTED = re.compile(
    rf"(?P<who>[^\n.]{{3,120}}?)\s*,?\s+(?:ayant\s+obtenu[^\n.]*?,?\s+)?(?:a\s+{_E}t{_E}\s+|est\s+|sont\s+|ont\s+{_E}t{_E}\s+)"
    rf"(?:proclam{_E}e?s?\s+(?:{_E}lue?s?\b)?|{_E}lue?s?\b)",
    re.IGNORECASE,
)
BALLOT_START = re.compile(
    rf"\b(?:scrutin\s+secret|{_E}lection\s+d[ue]s?|{_E}lection\s+de\s+la?|premier\s+tour|"
    rf"1er\s+tour|second\s+tour|2nd\s+tour|deuxi{_E}me\s+tour|troisi{_E}me\s+tour|"
    rf"r{_E}sultats?\s+du\s+(?:premier\s+|1er\s+)?(?:tour|scrutin))",
    re.IGNORECASE,
)

# --------------------------------------------------------------------- document kind
# Evidence of each kind; the classifier weighs them (parsers.kind).
KIND_CUES: tuple[Cue, ...] = (
    Cue(
        "extract_heading",
        "register",
        rf"extrait\s+du\s+(?:registre|proc[èeé]s[- ]verbal)\s+des\s+d{_E}lib{_E}rations",
        ("EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS",),
    ),
    Cue(
        "register_heading",
        "register",
        rf"^[ \t]*(?:registre\s+des\s+)?d{_E}lib{_E}rations(?:\s+du\s+(?:conseil|comit{_E})\s+\w+)?"
        r"(?:\s+du\s+\d[^\n]{0,30})?[ \t]*$",
        (
            "DELIBERATIONS",
            "Registre des délibérations",
            "DÉLIBÉRATIONS DU CONSEIL MUNICIPAL DU 24 OCTOBRE 2013",
        ),
    ),
    Cue(
        "extract_single_heading",
        "extract",
        rf"^[ \t]*d{_E}lib{_E}ration\s+du\s+(?:conseil|comit{_E}|bureau)\b[^\n]{{0,40}}$",
        ("DELIBERATION du CONSEIL MUNICIPAL",),
        ("Délibération du conseil municipal du 12 mars approuvant le budget, et",),
    ),
    Cue(
        "minutes_heading",
        "minutes",
        # a heading line: the word alone, or naming the meeting it reports
        rf"^[ \t]*(?:proc[èeé]s[- ]verbal|compte[- ]rendu|CR|PV)"
        rf"(?:\s+(?:de\s+la\s+s{_E}ance|de\s+la\s+r{_E}union|du\s+conseil|du\s+comit{_E}"
        rf"|du\s+bureau|de\s+s{_E}ance|sommaire)(?![^\n]*:[ \t]*\S)[^\n]{{0,80}})?[ \t]*$"
        rf"|^[ \t]*(?:conseil\s+(?:municipal|communautaire|syndical|d{_E}partemental)"
        rf"|comit{_E}\s+syndical)\s+du\s+\d"
        rf"|^[ \t]*s{_E}ance\s+publique\b",
        (
            "PROCES VERBAL",
            "COMPTE-RENDU",
            "CONSEIL MUNICIPAL DU 25 MAI 2020",
            "CR du conseil municipal 17 septembre 2021",
            "PROCES VERBAL DE LA RÉUNION DU CONSEIL MUNICIPAL",
            "Procès-verbal du Conseil municipal",
            "Séance publique du jeudi 28 octobre 2021",
        ),
        (
            "Compte-rendu de la réunion du 19 octobre 2010 : Pas d'observations.",
            "procès-verbal et peut être consulté en mairie aux heures",
        ),
    ),
    Cue(
        "list_heading",
        "list",
        rf"\b(?:liste|relev{_E}|tableau)\s+des\s+d{_E}lib{_E}rations\b",
        ("Liste des délibérations", "LISTE DES DELIBERATIONS"),
    ),
    Cue(
        "session_line",
        "session",
        rf"\bs{_E}ance\s+(?:publique\s+|ordinaire\s+)?du\b|\bl{_AP}\s*an\s+(?:deux\s+mil(?:le)?|mil)"
        rf"|\bse\s+sont\s+r{_E}unis\b|\bs{_AP}\s*est\s+r{_E}uni\b|\bs{_E}ance\s+du\b",
        ("Séance publique du jeudi 28 octobre 2021", "L'an deux mil dix, le seize novembre"),
    ),
)

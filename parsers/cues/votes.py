"""Vote wordings: tally terms, unanimity, outcomes, the words that make a sentence a
vote, and votes of named members."""

from __future__ import annotations

import re

from parsers.cues.base import A_GRAVE as _A
from parsers.cues.base import E_ACUTE as _E
from parsers.cues.base import NUMBER, Cue
from parsers.text import APOSTROPHE as _AP

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

"""Ballot wordings: the keys of a secret ballot's counts, the results per candidate,
the proclamation of the elected and the start of a ballot."""

from __future__ import annotations

import re

from parsers.cues.base import E_ACUTE as _E
from parsers.cues.base import NUMBER, Cue
from parsers.text import APOSTROPHE as _AP

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

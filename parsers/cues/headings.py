"""Heading wordings: the evidence of each kind of document (register extract, minutes,
list of deliberations) that :mod:`parsers.kind` weighs."""

from __future__ import annotations

from parsers.cues.base import E_ACUTE as _E
from parsers.cues.base import Cue
from parsers.text import APOSTROPHE as _AP

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

"""ACTES subject (matière) of a deliberation, inferred from its title, and its budget.

No document of the corpus prints the ACTES nomenclature code of its acts, yet SCDL requires
one (DELIB_MATIERE_CODE and DELIB_MATIERE_NOM). The code is therefore *inferred* from the
title by the ordered rules below; every export row names the rule that fired in its sidecar
(``matiere_origine``), so a publisher knows the code is a deduction to review, not a value
read from the document. A title no rule fits gets no code, and the export refuses its row
rather than guess a catch-all subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.bodies import fold

# Level-2 subjects of the ACTES nomenclature used below, named as SCDL wants them:
# level 1 / level 2, lower case with accents, no comma or parenthesis.
MATIERES: dict[str, str] = {
    "1.1": "commande publique/marchés publics",
    "1.2": "commande publique/délégation de service public",
    "1.4": "commande publique/autres types de contrats",
    "3.1": "domaine et patrimoine/acquisitions",
    "3.2": "domaine et patrimoine/aliénations",
    "3.6": "domaine et patrimoine/autres actes de gestion du domaine privé",
    "4.2": "fonction publique/personnels contractuels",
    "5.2": "institutions et vie politique/fonctionnement des assemblées",
    "5.3": "institutions et vie politique/désignation de représentants",
    "5.4": "institutions et vie politique/délégation de fonctions",
    "5.7": "institutions et vie politique/intercommunalité",
    "7.1": "finances locales/décisions budgétaires",
    "7.2": "finances locales/fiscalité",
    "7.5": "finances locales/subventions",
    "7.10": "finances locales/divers",
    "8.3": "domaines de compétences par thèmes/voirie",
    "8.4": "domaines de compétences par thèmes/aménagement du territoire",
    "9.1": "autres domaines de compétences/autres domaines de compétences des communes",
    "9.4": "autres domaines de compétences/voeux et motions",
}


@dataclass(frozen=True)
class MatiereRule:
    """Title pattern (on the folded title: no accents, lower case) → ACTES subject."""

    id: str
    pattern: str
    code: str
    why: str


# First match wins: budget documents before "convention", which many titles contain.
MATIERE_RULES: tuple[MatiereRule, ...] = (
    MatiereRule(
        "budget",
        r"\b(budget primitif|budget supplementaire|decisions? modificatives?|compte administratif"
        r"|compte de gestion|debat d orientation budgetaire|rapport d orientation budgetaire)\b",
        "7.1",
        "document budgétaire (budget, décision modificative, compte, orientation budgétaire)",
    ),
    MatiereRule(
        "proces_verbal",
        r"\bproces verbal\b",
        "5.2",
        "approbation du procès-verbal d'une séance",
    ),
    MatiereRule(
        "delegations",
        r"\battributions exercees\b|\bdelegations? (du|au) president\b",
        "5.4",
        "compte rendu des attributions exercées par délégation",
    ),
    MatiereRule(
        "rapport_activite",
        r"\brapport d activites?\b",
        "5.2",
        "rapport d'activité présenté à l'assemblée",
    ),
    MatiereRule("marches", r"\bmarches?\b|\baccord cadre\b", "1.1", "marché public"),
    MatiereRule(
        "prestation_conseil",
        r"\b(audit|accompagnement du syndicat)\b",
        "1.1",
        "prestation de conseil commandée par l'organe (marché public)",
    ),
    MatiereRule(
        "cession",
        r"\b(achat|rachat) des\b.*\bpar\b|\bcession\b|\bvente\b",
        "3.2",
        "cession d'un bien de l'organe à un tiers",
    ),
    MatiereRule(
        "convention", r"\bconventions?\b|\bavenant\b", "1.4", "convention ou avenant (contrat)"
    ),
    MatiereRule("motion", r"\bmotion\b|\bvoeu\b", "9.4", "vœu ou motion"),
    MatiereRule("subvention", r"\bsubvention\b", "7.5", "subvention"),
    MatiereRule(
        "finances_divers",
        r"\b(creances? eteintes?|admissions? en non valeur|amortissements?)\b",
        "7.10",
        "créance éteinte, admission en non-valeur ou amortissement (écriture comptable)",
    ),
    MatiereRule(
        "fiscalite",
        r"\btaxe\b|\bfiscalite\b",
        "7.2",
        "taxe ou reversement de taxe",
    ),
    MatiereRule(
        "intercommunalite",
        r"\b(clect|attribution de compensation|statuts)\b",
        "5.7",
        "relations avec l'intercommunalité (CLECT, attribution de compensation, statuts)",
    ),
    MatiereRule(
        "personnel",
        r"\b(emplois?|personnels?|heures hebdomadaires)\b",
        "4.2",
        "emploi ou personnel contractuel",
    ),
    MatiereRule(
        "foret",
        r"\b(coupes?|forets?|bois)\b",
        "3.6",
        "gestion de la forêt ou des bois de l'organe (domaine privé)",
    ),
    MatiereRule("voirie", r"\b(voie publique|voirie)\b", "8.3", "voirie"),
    MatiereRule(
        "fonctionnement",
        r"\b(questions diverses|reglement interieur)\b",
        "5.2",
        "règles de fonctionnement de l'assemblée",
    ),
    MatiereRule(
        "fleurissement",
        r"\bmaisons fleuries\b",
        "9.1",
        "concours communal (autre domaine de compétence des communes)",
    ),
    MatiereRule(
        "amenagement_numerique",
        r"\b(wifi|numeriques?|fibre|telephonie|tres haut debit)\b",
        "8.4",
        "aménagement numérique du territoire",
    ),
)


def classify(title: str | None) -> tuple[str, str, MatiereRule] | None:
    """ACTES code, SCDL subject name and the rule that decided, or None when none fits."""
    key = fold(title or "")
    for r in MATIERE_RULES:
        if re.search(r.pattern, key):
            return r.code, MATIERES[r.code], r
    return None


_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


def budget_year(title: str | None, rule: MatiereRule | None) -> str | None:
    """The budget year when the title of a budget decision prints it ("Décision modificative
    2022" → "2022"); never guessed from the session date."""
    if rule is None or rule.id != "budget" or not title:
        return None
    m = _YEAR_RE.search(title)
    return m.group(0) if m else None


_BUDGET_NAME_RE = re.compile(r"\bbudget (principal|annexe(?: [a-z0-9 ]+)?)\b")


def budget_name(title: str | None) -> str | None:
    """ "Budget principal" or "Budget annexe …" when the title names the budget, else None.

    SCDL wants BUDGET_NOM whenever BUDGET_ANNEE is given (cohesive columns): a year read
    from a title that does not name the budget is left out rather than paired with a guess.
    """
    m = _BUDGET_NAME_RE.search(fold(title or ""))
    return m.group(0).capitalize() if m else None

# ruff: noqa: E501  -- the blocks below are document lines copied verbatim
"""Vote sentences and tallies, on blocks copied from the corpus.

The formal blocks come from the minutes annexed to the Lot numérique registers
(comité syndical of 19 July 2018 in ``lot-numerique_comite-syndical_2019-02-01.txt``,
of 17 March 2022 in ``..._2022-06-29.txt``), normalised by hand as the pipeline does
(' for ’, "• " / "◦ " bullets, separator rows emptied, single spaces, split words
repaired). The informal lines come from the Couthenans comptes rendus (PDF). Expected
values were written by reading the documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.records import VoteTally
from parsers.votes import find_informal_votes, find_votes

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def _votes(block: str, expected: int) -> list[VoteTally]:
    votes = find_votes(block)
    assert len(votes) == expected, [v.text for v in votes]
    for vote in votes:
        assert vote.span is not None
        # The evidence is exactly the span of the block.
        assert block[vote.span.start : vote.span.end] == vote.text
    return votes


def _unanimous_decision(vote: VoteTally, verb: str = "DECIDE") -> None:
    assert vote.decision_verb == verb
    assert vote.outcome == "adopted"
    assert vote.unanimous is True
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (None, None, None)
    assert vote.not_taking_part is None


# ---------------------------------------------------------------- 19 July 2018

CS2018_POINT1 = """Il appelle les observations des membres sur ce procès-verbal.

Aucune observation n'est à noter.



 Après en avoir délibéré, le comité syndical ADOPTE À L'UNANIMITÉ :

• le procès-verbal de la séance du comité syndical du 26 mars 2018.


Point n°2 - Modification des statuts et du règlement intérieur
"""


def test_2018_point1_adopte_a_l_unanimite() -> None:
    (vote,) = _votes(CS2018_POINT1, 1)
    _unanimous_decision(vote, "ADOPTE")
    assert vote.decisions == ("le procès-verbal de la séance du comité syndical du 26 mars 2018",)
    assert vote.text.startswith("Après en avoir délibéré")  # the leading space is not evidence
    assert vote.text.endswith("26 mars 2018.")


CS2018_POINT2 = """
Aucune observation n'est à noter.



Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'adopter les nouveaux statuts,

• d'adopter le règlement intérieur modifié.


Point n°3 – Avenant à la convention de mise à disposition de services
"""


def test_2018_point2_two_bullets_separated_by_a_blank_line() -> None:
    (vote,) = _votes(CS2018_POINT2, 1)
    _unanimous_decision(vote)
    assert vote.decisions == (
        "d'adopter les nouveaux statuts",
        "d'adopter le règlement intérieur modifié",
    )


CS2018_POINT3 = """Aucune observation n'est à noter.




Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'autoriser la signature d'un avenant 2 à la convention de mise à disposition de parties de services du
Département du Lot au profit du syndicat mixte « Lot numérique ».
 Point n°4 – Convention de délégation de compétence avec la communauté d'agglomération du Grand Cahors
"""


def test_2018_point3_wrapped_bullet_then_heading_without_blank_line() -> None:
    (vote,) = _votes(CS2018_POINT3, 1)
    _unanimous_decision(vote)
    assert vote.decisions == (
        "d'autoriser la signature d'un avenant 2 à la convention de mise à disposition de "
        "parties de services du Département du Lot au profit du syndicat mixte « Lot numérique »",
    )
    assert "Point n°4" not in vote.text


CS2018_POINT4 = """
Aucune observation n'est à noter.



Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'autoriser la signature de la convention de délégation partielle de la compétence aménagement numérique
de la communauté d'agglomération du Grand Cahors au syndicat Lot numérique.



Point n°5 - Information sur l'avancement de la montée en débit
"""


def test_2018_point4() -> None:
    (vote,) = _votes(CS2018_POINT4, 1)
    _unanimous_decision(vote)
    assert vote.decisions == (
        "d'autoriser la signature de la convention de délégation partielle de la compétence "
        "aménagement numérique de la communauté d'agglomération du Grand Cahors au syndicat "
        "Lot numérique",
    )


CS2018_POINT8 = """Le Président appelle les observations des membres sur ce dossier.

Aucune observation n'est à noter.



Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'adopter le plan de financement prévisionnel global pour le marché de wifi territorial tel que présenté ci-
dessus, et autoriser le dépôt des demandes de financement correspondantes,

• d'adopter la procédure de mise en œuvre du wifi territorial,

• d'autoriser le président à signer des procès-verbaux de mise à disposition à titre gracieux des premières
bornes aux communes,

• d'autoriser le président à signer des conventions de cession à 100 % du prix TTC des bornes additionnelles
aux communes ou leur EPCI.


Le Président propose ensuite d'examiner l'attribution du marché de wifi territorial dont les éléments sont présentés dans
l'additif au rapport.

Il indique que le syndicat a lancé le marché de fournitures et services sous la forme d'un accord-cadre à bons de
commande, sans minimum ni maximum, d'une durée maximale de 4 ans.

Pour le marché, 13 offres ont été déposées, une a été déclarée irrégulière. La CAO a classé les 12 offres restantes et a
retenu l'offre économiquement la plus avantageuse présentée par la société QOS Télécom pour un montant de
300 233,76 € HT soit 360 280,51 € TTC.

Le Président appelle les observations des membres sur l'attribution du marché à la société QOS Télécom.

Aucune observation n'est à noter.




Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :


• d'autoriser la signature du marché 2018LN001 « mise en place d'une solution de wifi territorial sur les
communes du Lot », avec la société QOS Télécom pour un montant de 300 233,76 € HT soit 360 280,51 €
TTC, retenue par la Commission d'Appel d'Offres

Ce marché de fournitures courantes et services est passé selon la procédure d'appel d'offres ouvert, en
application des articles 25I1, 66, 67 et 68 du décret 2016-360 du 25 mars 2016 relatif aux marchés publics.
Les prestations donnent lieu à un accord-cadre à bons de commande sans minimum et sans maximum, en
application de l'article 78 - I alinéa 3 du Décret n° 2016-360 du 25 mars 2016, pour une période allant de la
date de notification au 31/12/2018 éventuellement reconductible pour une période du 01/01/2019 au
31/12/2019, du 01/01/2020 au 31/12/2020 et du 01/01/2021 au 31/12/2021.
 Point n°9 – Adoption du schéma des usages et services numériques
"""


def test_2018_point8_two_votes() -> None:
    first, second = _votes(CS2018_POINT8, 2)
    _unanimous_decision(first)
    assert first.decisions == (
        "d'adopter le plan de financement prévisionnel global pour le marché de wifi territorial "
        "tel que présenté ci-dessus, et autoriser le dépôt des demandes de financement "
        "correspondantes",
        "d'adopter la procédure de mise en œuvre du wifi territorial",
        "d'autoriser le président à signer des procès-verbaux de mise à disposition à titre "
        "gracieux des premières bornes aux communes",
        "d'autoriser le président à signer des conventions de cession à 100 % du prix TTC des "
        "bornes additionnelles aux communes ou leur EPCI",
    )
    assert first.text.endswith("aux communes ou leur EPCI.")
    _unanimous_decision(second)
    # The paragraph after the blank line describes the contract: not a decision.
    assert second.decisions == (
        "d'autoriser la signature du marché 2018LN001 « mise en place d'une solution de wifi "
        "territorial sur les communes du Lot », avec la société QOS Télécom pour un montant de "
        "300 233,76 € HT soit 360 280,51 € TTC, retenue par la Commission d'Appel d'Offres",
    )
    assert "Ce marché de fournitures" not in second.text
    assert second.text.endswith("retenue par la Commission d'Appel d'Offres")


CS2018_POINT9 = """
Aucune observation n'est à noter.




Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• de suivre l'avis de la commission des usages numériques et adopter le schéma des usages et services
numériques dans sa partie plan d'actions.





L'ordre du jour étant épuisé, la séance est levée à 12h30.
"""


def test_2018_point9() -> None:
    (vote,) = _votes(CS2018_POINT9, 1)
    _unanimous_decision(vote)
    assert vote.decisions == (
        "de suivre l'avis de la commission des usages numériques et adopter le schéma des "
        "usages et services numériques dans sa partie plan d'actions",
    )


# ---------------------------------------------------------------- 17 March 2022

CS2022_POINT1 = """
Aucune observation n'est à noter.




Après en avoir délibéré, le comité syndical DÉCIDE À L'UNANIMITÉ :

• d'adopter le procès-verbal du comité syndical du 15 février 2022.


Point n°2 – Rapport d'activités 2021
"""


def test_2022_point1_accented_verb() -> None:
    (vote,) = _votes(CS2022_POINT1, 1)
    _unanimous_decision(vote)
    assert vote.decisions == ("d'adopter le procès-verbal du comité syndical du 15 février 2022",)


CS2022_POINT2 = """Le président appelle les observations des membres sur le rapport d'activités.

Aucune observation n'est à noter.



Après en avoir délibéré, le comité syndical DÉCIDE À L'UNANIMITÉ :

• de prendre acte du rapport d'activités 2021.


Point n°3 – Avancement de la coordination des conseillers numériques
"""


def test_2022_point2_decide_de_prendre_acte_is_noted() -> None:
    (vote,) = _votes(CS2022_POINT2, 1)
    assert vote.decision_verb == "DECIDE"
    # The only decision is to take note of the report.
    assert vote.outcome == "noted"
    assert vote.unanimous is True
    assert vote.decisions == ("de prendre acte du rapport d'activités 2021",)


CS2022_POINT3 = """Le président met au vote les différentes propositions :
- autoriser le président à signer des conventions de partenariat avec les structures privées ayant recruté un conseiller
numérique, sur les bases du modèle joint au rapport,
- autoriser la signature d'une convention de partenariat avec la communauté d'agglomération du Grand Cahors pour
renforcer l'inclusion numérique,
- adopter la clé de répartition des contributions proposée, basée sur la population pour les EPCI.

Aucune observation n'est à noter.

Après en avoir délibéré, le comité syndical décide à l'unanimité d'adopter ces propositions.


Point n°4 – Approbation du compte de gestion 2020, du compte administratif et affectation du résultat
"""


def test_2022_point3_inline_decision() -> None:
    (vote,) = _votes(CS2022_POINT3, 1)
    _unanimous_decision(vote)
    assert vote.decisions == ("d'adopter ces propositions",)
    assert vote.text == (
        "Après en avoir délibéré, le comité syndical décide à l'unanimité d'adopter ces propositions."
    )


CS2022_POINT4 = """
M. BALDY appelle les observations de l'assemblée concernant le compte de gestion

Aucune observation n'est à noter.



Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'approuver le compte de gestion 2021 établi par la Paierie départementale.




Le compte de gestion ayant été arrêté, Mme SAHAGUN et M. BALDY présentent le compte administratif, conforme au
compte de gestion établi par la Paierie départementale.

Mme SAHAGUN précise que l'analyse de l'exécution du budget 2021 laisse apparaître les taux de réalisation suivants :

Fonctionnement :

• Dépenses : 71 %

• Recettes : 91 %

Investissement :

• Dépenses : 78 %

• Recettes : 132 %


L'excédent en fonctionnement est lié à :

• un report d'exécution de l'achat de pass numériques, l'appel à projets cofinançant les pass n'étant pas paru en 2021 ;

• ainsi que par un montant non atteint sur les 100 k€ prévus pour le contrôle du déploiement FTTH.
 Côté dépenses d'investissement, le président indique que le SIEDA n'a pas appelé, auprès du syndicat, l'intégralité des
sommes inscrites au budget 2021 car il disposait d'une réserve suffisante pour verser au délégataire la contribution du
Lot, au regard des justificatifs d'avancement produits par ALL'FIBRE.

M. BALDY appelle les observations de l'assemblée concernant le compte de gestion

Aucune observation n'est à noter.



Après que le président ait quitté la salle au moment du vote et en avoir délibéré, le comité syndical DECIDE À
L'UNANIMITÉ :

• d'approuver le compte administratif 2021.




M. BALDY déclare que les résultats de clôture de l'exercice 2021, présentés par le compte de gestion et le compte
administratif, sont les suivants :


• Fonctionnement : excédent : 975 800,26 €

• Investissement : excédent : 6 505 302,55 €




Après en avoir délibéré, le comité syndical DECIDE À L'UNANIMITÉ :

• d'affecter, compte tenu du solde d'exécution de la section de fonctionnement, le résultat excédentaire de
975 800,26 € ;

• d'affecter, compte tenu du solde d'exécution de la section d'investissement, le résultat excédentaire de
6 505 302,55 €


Le président remercie M. BALDY. Il rappelle que le syndicat supporte une année de décalage liée à la première année de
démarrage du projet fibre et le plan d'affaires a été remis à jour. Cela a permis de baisser les contributions des membres.
"""


def test_2022_point4_three_votes() -> None:
    gestion, administratif, affectation = _votes(CS2022_POINT4, 3)
    _unanimous_decision(gestion)
    assert gestion.decisions == (
        "d'approuver le compte de gestion 2021 établi par la Paierie départementale",
    )
    # The sentence wraps between "À" and "L'UNANIMITÉ"; the president left the room.
    assert administratif.decision_verb == "DECIDE"
    assert administratif.outcome == "adopted"
    assert administratif.unanimous is True
    assert administratif.not_taking_part == 1
    assert administratif.decisions == ("d'approuver le compte administratif 2021",)
    assert administratif.text.startswith("Après que le président ait quitté la salle")
    _unanimous_decision(affectation)
    assert affectation.decisions == (
        "d'affecter, compte tenu du solde d'exécution de la section de fonctionnement, le "
        "résultat excédentaire de 975 800,26 €",
        "d'affecter, compte tenu du solde d'exécution de la section d'investissement, le "
        "résultat excédentaire de 6 505 302,55 €",
    )
    # The bullets of the presentation between the votes are no decisions.
    assert "Dépenses : 71 %" not in " ".join(v.text for v in (gestion, administratif))


CS2022_POINT5 = """M. CHARTROUX demande à ce que le Powerpoint relatif au budget soit transmis aux EPCI.

Il n'y a pas d'autres observations. Le président propose donc d'adopter le budget.




Après en avoir délibéré, le comité syndical DÉCIDE À L'UNANIMITÉ :

• de procéder au vote du budget tel que présenté :

◦ des dépenses et des recettes de fonctionnement à hauteur de 3 248 957,86 €

◦ des dépenses et des recettes d'investissement à hauteur de 15 664 576,60 €,

• de demander un fonds de concours aux membres pour financer le projet d'aménagement numérique à hauteur
de :

◦ Département du Lot .......................................................... 944 522 €

◦ CC Causses et Vallée de la Dordogne ............................. 162 420 €

◦ CC Grand Figeac .............................................................. 129 034 €

◦ CC Vallée du Lot et du Vignoble ......................................... 48 544 €

◦ CC Quercy Bouriane ........................................................... 32 187 €

◦ CC Quercy Blanc ................................................................ 30 652 €

◦ CC Pays de Lalbenque-Limogne ........................................ 29 788 €

◦ CC Cazals-Salviac .............................................................. 20 099 €

◦ CC Causse de Labastide-Murat .......................................... 15 158 €

◦ CC Ouest Aveyron Communauté ......................................... 1 631 €

◦ CA Grand Cahors ............................................................... 10 169 €

• d'autoriser le président à signer tout acte afférant à ces demandes de fonds de concours,

• d'adopter la nouvelle répartition des crédits de paiement.




Le président propose d'aborder les questions diverses et donc d'évoquer les discussions en cours avec Orange.
"""


def test_2022_point5_sub_bullets_join_their_parent() -> None:
    (vote,) = _votes(CS2022_POINT5, 1)
    _unanimous_decision(vote)
    assert vote.decisions == (
        "de procéder au vote du budget tel que présenté : des dépenses et des recettes de "
        "fonctionnement à hauteur de 3 248 957,86 € ; des dépenses et des recettes "
        "d'investissement à hauteur de 15 664 576,60 €",
        "de demander un fonds de concours aux membres pour financer le projet d'aménagement "
        "numérique à hauteur de : Département du Lot … 944 522 € ; CC Causses et Vallée de la "
        "Dordogne … 162 420 € ; CC Grand Figeac … 129 034 € ; CC Vallée du Lot et du Vignoble "
        "… 48 544 € ; CC Quercy Bouriane … 32 187 € ; CC Quercy Blanc … 30 652 € ; CC Pays de "
        "Lalbenque-Limogne … 29 788 € ; CC Cazals-Salviac … 20 099 € ; CC Causse de "
        "Labastide-Murat … 15 158 € ; CC Ouest Aveyron Communauté … 1 631 € ; CA Grand Cahors "
        "… 10 169 €",
        "d'autoriser le président à signer tout acte afférant à ces demandes de fonds de concours",
        "d'adopter la nouvelle répartition des crédits de paiement",
    )
    assert vote.text.endswith("crédits de paiement.")


# ---------------------------------------------------------------- raw text


def test_raw_text_curly_apostrophes_replacement_bullets_double_spaces() -> None:
    raw = (
        "Aucune observation n’est à noter. \n \n\n\ufffd \ufffd \ufffd \n"
        " Après en avoir délibéré, le comité syndical ADOPTE À L’UNANIMITÉ  : \n\n"
        "\ufffd le procès-verbal de la séance du comité syndical du 26 mars 2018. \n \n\n"
        "Point n°2 - Modification des statuts\n"
    )
    (vote,) = _votes(raw, 1)
    _unanimous_decision(vote, "ADOPTE")
    assert vote.decisions == ("le procès-verbal de la séance du comité syndical du 26 mars 2018",)


def test_raw_sub_bullets_o_and_square_bullets() -> None:
    raw = (
        "Après en avoir délibéré, le comité syndical DÉCIDE À L’UNANIMITÉ : \n\n"
        "▪ de procéder au vote du budget tel que présenté : \n\n"
        "o des dépenses de fonctionnement à hauteur de 3 248 957,86 € \n\n"
        "o des dépenses d’investissement à hauteur de 15 664 576,60 €, \n\n"
        "▪ d’adopter la nouvelle répartition des crédits de paiement. \n"
    )
    (vote,) = _votes(raw, 1)
    assert vote.decisions == (
        "de procéder au vote du budget tel que présenté : des dépenses de fonctionnement à "
        "hauteur de 3 248 957,86 € ; des dépenses d'investissement à hauteur de 15 664 576,60 €",
        "d'adopter la nouvelle répartition des crédits de paiement",
    )


@pytest.mark.parametrize(
    ("name", "first_line", "last_line", "expected"),
    [
        ("lot-numerique_comite-syndical_2019-02-01.txt", 100, 575, ["ADOPTE"] + ["DECIDE"] * 6),
        ("lot-numerique_comite-syndical_2022-06-29.txt", 140, 800, ["DECIDE"] * 7),
    ],
)
def test_whole_raw_minutes(name: str, first_line: int, last_line: int, expected: list[str]) -> None:
    path = RAW / name
    if not path.exists():
        pytest.skip(f"{name} not in data/raw")
    lines = path.read_text(encoding="utf-8").split("\n")
    block = "\n".join(lines[first_line - 1 : last_line])
    votes = _votes(block, len(expected))
    assert [v.decision_verb for v in votes] == expected
    assert all(v.unanimous is True for v in votes)
    assert sum(len(v.decisions) for v in votes) == 11


# ---------------------------------------------------------------- tallies and verbs


def test_printed_tallies() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal DÉCIDE par 10 voix pour, 2 contre et "
        "1 abstention :\n\n• d'approuver le projet ;\n• d'autoriser le maire à signer.\n"
    )
    (vote,) = _votes(block, 1)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (10, 2, 1)
    assert vote.unanimous is False
    assert vote.outcome == "adopted"
    assert vote.decisions == ("d'approuver le projet", "d'autoriser le maire à signer")


def test_tallies_in_words_with_inline_decision() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal décide, par deux voix contre et une "
        "abstention, d'approuver la modification."
    )
    (vote,) = _votes(block, 1)
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == (None, 2, 1)
    assert vote.unanimous is False
    assert vote.decisions == ("d'approuver la modification",)


def test_majority_without_figures() -> None:
    (vote,) = _votes(
        "Après en avoir délibéré, le conseil municipal, à la majorité, ADOPTE le budget primitif 2023.",
        1,
    )
    assert vote.decision_verb == "ADOPTE"
    assert vote.unanimous is False
    assert vote.outcome == "adopted"
    assert vote.decisions == ("le budget primitif 2023",)


def test_more_votes_against_than_for_is_rejected() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal, par 3 voix pour et 8 voix contre, "
        "DÉCIDE :\n- de vendre la parcelle AB 12.\n"
    )
    (vote,) = _votes(block, 1)
    assert (vote.votes_for, vote.votes_against) == (3, 8)
    assert vote.outcome == "rejected"
    assert vote.decisions == ("de vendre la parcelle AB 12",)


def test_rejette_is_rejected() -> None:
    (vote,) = _votes(
        "Le conseil municipal, après en avoir délibéré, REJETTE la proposition de M. X.", 1
    )
    assert vote.decision_verb == "REJETTE"
    assert vote.outcome == "rejected"
    assert vote.unanimous is None


@pytest.mark.parametrize(
    ("sentence", "verb", "outcome", "decision"),
    [
        (
            "Après en avoir délibéré, le comité syndical PREND ACTE du rapport d'orientation budgétaire 2023.",
            "PREND ACTE",
            "noted",
            "du rapport d'orientation budgétaire 2023",
        ),
        (
            "Après en avoir délibéré, le conseil municipal DONNE ACTE au maire de sa communication.",
            "DONNE ACTE",
            "noted",
            "au maire de sa communication",
        ),
        (
            "Après en avoir délibéré, le conseil municipal ÉMET un avis favorable au projet de schéma.",
            "EMET",
            "adopted",
            "un avis favorable au projet de schéma",
        ),
        (
            "Après en avoir délibéré, le conseil municipal APPROUVE à l'unanimité le compte administratif.",
            "APPROUVE",
            "adopted",
            "le compte administratif",
        ),
        (
            "Après en avoir délibéré, le conseil municipal AUTORISE le maire à signer la convention.",
            "AUTORISE",
            "adopted",
            "le maire à signer la convention",
        ),
    ],
)
def test_verbs(sentence: str, verb: str, outcome: str, decision: str) -> None:
    (vote,) = _votes(sentence, 1)
    assert vote.decision_verb == verb
    assert vote.outcome == outcome
    assert vote.decisions == (decision,)


def test_organ_and_upper_case_verb_without_deliberation_phrase() -> None:
    block = "Le conseil municipal DÉCIDE :\n\nd'approuver la convention.\n\nLe maire remercie."
    (vote,) = _votes(block, 1)
    assert vote.decision_verb == "DECIDE"
    assert vote.unanimous is None
    assert vote.decisions == ("d'approuver la convention",)


# ---------------------------------------------------------------- not taking part


def test_named_member_not_taking_part_in_a_note_before_the_sentence() -> None:
    block = (
        "M. Jean DUPONT, intéressé à l'affaire, ne prend pas part au vote.\n\n"
        "Après en avoir délibéré, le conseil municipal DÉCIDE À L'UNANIMITÉ :\n"
        "• d'attribuer la subvention.\n"
    )
    (vote,) = _votes(block, 1)
    assert vote.not_taking_part == 1
    assert vote.text.startswith("M. Jean DUPONT")  # the evidence covers the note


def test_several_named_members_not_taking_part() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal (MM. André ALAIN, Bernard BRUN et "
        "Claude CLERC ne prenant pas part au vote) DÉCIDE à l'unanimité :\n• de vendre.\n"
    )
    (vote,) = _votes(block, 1)
    assert vote.not_taking_part == 3
    assert vote.unanimous is True


def test_counted_members_not_taking_part() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal DÉCIDE à l'unanimité (2 membres ne "
        "prennent pas part au vote) :\n• de vendre.\n"
    )
    (vote,) = _votes(block, 1)
    assert vote.not_taking_part == 2


# ---------------------------------------------------------------- nothing to find


def test_no_vote_sentence_gives_nothing() -> None:
    block = (
        "Le président rappelle que le comité syndical du 26 mars 2018 a ainsi pu adopter une "
        "nouvelle clé de répartition des contributions des membres.\n\n"
        "Le comité syndical approuve chaque année le compte de gestion.\n\n"
        "Le programme subit quelques retards par rapport aux prévisions des mises en service, "
        "pour les raisons suivantes :\n\n• le délai de réalisation des travaux ;\n"
    )
    assert find_votes(block) == []
    assert find_informal_votes(block) == []
    assert find_votes("") == []


# ---------------------------------------------------------------- Couthenans

COUTHENANS_2021 = """1/ Motion ONF :
Augmentation des frais de garderie de 40% : Les communes de Haute-Saône souhaitent déposer une motion
contre ce projet déjà voté à l'unanimité.
Vote de la motion : 12 votes pour / 2 abstentions
2/ Etat d'assiettes des coupes :
Acceptation du programme des futures pour l'hiver 2022 : 174 mètres cubes de bois façonné.
Vote de l'état d'assiette : 14 votes pour
3/ Rapport de la CLECT :
14 votes pour
6/ Admissions en non-valeur
Trésor Public si ces personnes sont de nouveau solvables. Nous devons voter pour récupérer l'argent.
14 votes pour
8/Décisions modificatives à prendre
14 votes pour.
"""


def test_couthenans_2021() -> None:
    votes = find_informal_votes(COUTHENANS_2021)
    assert [v.text for v in votes] == [
        "Vote de la motion : 12 votes pour / 2 abstentions",
        "Vote de l'état d'assiette : 14 votes pour",
        "14 votes pour",
        "14 votes pour",
        "14 votes pour.",
    ]
    motion = votes[0]
    assert (motion.votes_for, motion.votes_against, motion.abstentions) == (12, None, 2)
    assert motion.unanimous is False
    assert motion.outcome == "adopted"
    assert motion.decision_verb is None
    assert motion.decisions == ()
    for vote in votes[1:]:
        assert (vote.votes_for, vote.votes_against, vote.abstentions) == (14, None, None)
        # Only the votes for are printed: unanimity is not stated.
        assert vote.unanimous is None
        assert vote.outcome == "adopted"
    for vote in votes:
        assert vote.span is not None
        assert COUTHENANS_2021[vote.span.start : vote.span.end] == vote.text


@pytest.mark.parametrize(
    ("line", "verb", "tally", "unanimous", "outcome"),
    [
        ("0 contre, 0 abstention, 11 pour", None, (11, 0, 0), True, "adopted"),
        (
            "Adoption à 0 Contre, 0 abstention, 11 voix pour",
            None,  # "Adoption" names the act; it is not a decision verb
            (11, 0, 0),
            True,
            "adopted",
        ),
        ("6 voix Contre, 0 Abstention, 5 pour", None, (5, 6, 0), False, "rejected"),
        ("10 votes pour. 2 Abstentions", None, (10, None, 2), False, "adopted"),
        ("12 votes pour", None, (12, None, None), None, "adopted"),
        ("2 votes contre 1 abstention 9 votes pour", None, (9, 2, 1), False, "adopted"),
        ("2 abstentions 10 votes pour", None, (10, None, 2), False, "adopted"),
        ("1 abstention 11 votes pour", None, (11, None, 1), False, "adopted"),
        ("4 votes contre 8 votes pour", None, (8, 4, None), False, "adopted"),
        ("4 votes contre 4 votes pour", None, (4, 4, None), False, "rejected"),
        ("Adopté à l'unanimité.", "ADOPTE", (None, None, None), True, "adopted"),
    ],
)
def test_couthenans_tally_lines(
    line: str,
    verb: str | None,
    tally: tuple[int | None, int | None, int | None],
    unanimous: bool | None,
    outcome: str,
) -> None:
    block = f"4. Réglementation des questions diverses\nIl est proposé par le maire.\n{line}\n"
    (vote,) = find_informal_votes(block)
    assert vote.decision_verb == verb
    assert (vote.votes_for, vote.votes_against, vote.abstentions) == tally
    assert vote.unanimous is unanimous
    assert vote.outcome == outcome
    assert vote.text == line
    assert vote.span is not None
    assert block[vote.span.start : vote.span.end] == line


def test_couthenans_2022_rejected_item_with_following_remark() -> None:
    block = (
        "- Il a été indiqué qu'il n'est peut pas nécessaire de passer par une délibération pour demander à ce que\n"
        "les questions diverses soient envoyées avant le conseil.\n"
        "6 voix Contre, 0 Abstention, 5 pour\n"
        " Proposition d'envoyer un message WhatsApp pour recevoir les questions en avance.\n"
        "5. Vente des anciennes tables de l'école\n"
        "Adoption à 0 Contre, 0 abstention, 11 voix pour\n"
        "Agnès fera une communication sur Panneau Pocket.\n"
    )
    rejected, adopted = find_informal_votes(block)
    assert rejected.outcome == "rejected"
    assert (rejected.votes_for, rejected.votes_against) == (5, 6)
    assert adopted.outcome == "adopted"
    assert adopted.decision_verb is None


def test_informal_reader_ignores_formal_sentences() -> None:
    assert find_informal_votes(CS2022_POINT3) == []


def test_verb_ending_its_line_then_bullets_without_colon() -> None:
    block = (
        "Après en avoir délibéré, le conseil municipal DÉCIDE\n\n"
        "• d'approuver la convention ;\n• d'autoriser le maire à la signer.\n\n"
        "Le maire lève la séance."
    )
    (vote,) = _votes(block, 1)
    assert vote.decisions == ("d'approuver la convention", "d'autoriser le maire à la signer")


def test_leaving_the_meeting_before_the_sentence_is_not_abstaining() -> None:
    block = (
        "Mme Yvette MARTIN quitte la séance à 11h.\n\n"
        "Après en avoir délibéré, le conseil municipal DÉCIDE À L'UNANIMITÉ :\n• de vendre.\n"
    )
    (vote,) = _votes(block, 1)
    assert vote.not_taking_part is None
    assert vote.text.startswith("Après en avoir délibéré")

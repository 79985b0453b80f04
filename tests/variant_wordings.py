"""Wordings and vocabulary for the synthetic deliberation documents of tests/variants.py.

Every template here is a wording seen in real French procès-verbaux and registers (or a
close variant of one); the generator only chooses among them, so a reader that handles
these tables handles the documents. Keeping the tables apart from the logic lets the
reading tests iterate over them (``variants.WORDINGS``) and lets a new wording be added
in one line. Placeholders: {g} giver, {h} holder, {n} a printed number, {x} a name…
"""

from __future__ import annotations

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

# ── Bodies: (printed organisation line, assembly, president's title, members' word) ──
TOWNS = [
    "Montbrison",
    "Saint-Martin-des-Champs",
    "Plougastel-Daoulas",
    "Villeneuve-sur-Lot",
    "L'Isle-Jourdain",
    "Bourg-Achard",
    "Sainte-Hélène",
    "Châteaubourg",
    "Le Pouliguen",
    "Écouché",
    "Mézières-sur-Issoire",
    "Beaulieu",
    "Saint-Genis-Laval",
    "Loué",
]
PAYS = ["Pays de Mormal", "Haut-Bugey", "Bocage Bourbonnais", "Grand Autunois", "Val de Sèvre"]
BODIES = {
    "commune": "COMMUNE DE {X}",
    "ville": "Ville de {x}",
    "communaute": "Communauté de communes du {x}",
    "syndicat": "Syndicat intercommunal des eaux de la région de {x}",
}
ASSEMBLY = {  # body -> (assembly, ASSEMBLY IN CAPITALS, president's title)
    "commune": ("Conseil Municipal", "CONSEIL MUNICIPAL", "Maire"),
    "ville": ("Conseil Municipal", "CONSEIL MUNICIPAL", "Maire"),
    "communaute": ("Conseil communautaire", "CONSEIL COMMUNAUTAIRE", "Président"),
    "syndicat": ("Comité syndical", "COMITÉ SYNDICAL", "Président"),
}
HEADINGS = {
    "proces_verbal": "PROCES-VERBAL DU {A}",
    "compte_rendu": "COMPTE RENDU DE LA SEANCE DU {A} DU {date}",
    "seance_publique": "Séance publique du {weekday} {date}",
    "conseil_du": "{A} DU {DATE}",
}
REGISTER_HEADINGS = {  # used instead of HEADINGS for kind="register"
    "extrait": "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS DU {A}",
    "registre": "REGISTRE DES DELIBERATIONS",
}
OPENINGS = {
    "l_an": "L'an {year_words}, le {day_words} {month}, à {hour_words}, le {a} {of_body}, "
    "dûment convoqué, s'est réuni en session ordinaire, au lieu habituel de ses séances, "
    "sous la présidence de {president}, {title}.",
    "numeric": "Le {date} à {hh}h{mm}, le {a} s'est réuni sous la présidence de {president}, "
    "{title}, après convocation légale.",
    "seance_du": "Séance du {date}",
}
CONVOCATION = {"none": "", "line": "Date de convocation : {conv}"}

# ── Counts. Each names which figures it prints (the others are null in the truth). ──
COUNTS = {
    "dash": "Nombre de conseillers en exercice : {m} - Présents : {p} - Votants : {v}",
    "slash": "en exercice : {m} / présents : {p} / votants : {v}",
    "lines": "Conseillers en exercice : {m}\nPrésents : {p}\nPouvoirs : {r}\nAbsents : {a}\n"
    "Votants : {v}",
    "soit": "Soit {p} présents, {r} procurations, {v} votants",
    "words": "Nombre de membres en exercice : {mw} ({m}) ; présents : {pw} ({p}) ; "
    "votants : {vw} ({v})",
    "none": "",
}
COUNT_FIELDS = {
    "dash": ("members_in_office", "present", "voters"),
    "slash": ("members_in_office", "present", "voters"),
    "lines": ("members_in_office", "present", "proxies", "absent", "voters"),
    "soit": ("present", "proxies", "voters"),
    "words": ("members_in_office", "present", "voters"),
    "none": (),
}

# ── Roster ──
PRESENT_LABELS = {
    "presents": "Présents :",
    "etaient": "Étaient présents :",
    "caps": "PRESENTS :",
    "presentes": "Présent(e)s :",
    "membres": "Membres présents :",
}
REPRESENTED_LABELS = {
    "ayant_donne": "Absent ayant donné procuration :",
    "pouvoirs": "Pouvoirs :",
    "procurations": "Procurations :",
    "representes": "Représentés :",
}
ABSENT_LABELS = {
    "excuses": "Absents excusés :",
    "excuses_court": "Excusés :",
    "absents": "Absents :",
}
LABEL_CASE = {"as_listed": "Présents :", "upper": "PRÉSENTS :", "lower": "présents :"}
NAME_STYLES = {  # printed form; the truth is always "Prénom NOM" (or "NOM" alone)
    "first_last": "Jean-Pierre MARTIN-DUPONT",
    "last_first": "MARTIN-DUPONT Jean-Pierre",
    "civ_last": "M. MARTIN-DUPONT",
    "civ_first_last": "Mme Hélène LE GALL",
    "title_case": "Hélène Le Gall",
}
SEPARATORS = {"comma": ", ", "dash": " - ", "newline": "\n", "et": ", … et ", "semicolon": "; "}
ROSTER_LAYOUTS = {
    "separate": "Présents / Représentés / Absents, each under its own label",
    "excused_mixed": "Présents / Excusés: proxies and absents in one list",
}
ROLES = {"none": "", "after_name": ", Maire / , Adjoint(e) after the first names"}
WRAP = {"none": "", "narrow": "45-60 columns", "wide": "70-95 columns"}
PROXIES = {
    "paren_pouvoir": "{g} (pouvoir à {h})",
    "paren_procuration": "{g} (procuration à {h})",
    "a_donne": "{g} a donné pouvoir à {h}",
    "donne": "{g} donne pouvoir à {h}",
    "represente": "{g} représenté{e} par {h}",
    "a_to": "{g} à {h}",  # only under "Pouvoirs :" / "Procurations :"
    "pouvoir_donne": "{g}, pouvoir donné à {h}",
}
NO_PROXY = {
    "plain": "{g}",
    "pas_de_pouvoir": "{g} (pas de pouvoir donné)",
    "sans": "{g}, sans pouvoir",
}
SECRETARY = {
    "colon": "Secrétaire de séance : {x}",
    "designe": "{x} a été désigné{e} secrétaire de séance.",
    "elu": "{x} est élu{e} secrétaire de séance.",
}

# ── Items ──
NUMBERING = {
    "dash": "{n} – {title}",
    "dot": "{n}. {title}",
    "slash": "{n}/ {title}",
    "point": "Point n°{n} : {title}",
    "year_caps": "{n} {TITLE}",
    "delib_objet": "Délibération n° {n}\nObjet : {title}",
}
VOTES = {
    "unanimite": "Adopté à l'unanimité.",
    "formula_unanimite": "Le {a}, après en avoir délibéré, à l'unanimité, APPROUVE {what}.",
    "par_voix": "Par {f} voix POUR – {c} CONTRE – {ab} ABSTENTION",
    "avec": "Le {a} {decides} avec {f} voix pour, {c} contre et {ab} abstention",
    "colon": "Pour : {f} – Contre : {c} – Abstentions : {ab}",
    "votes_pour": "{f} votes pour {ab} abstention",
    "moins": "Adopté à l'unanimité moins {k} abstention",
    "words": "Adopté par {fw} voix pour, {cw} contre",
    "prend_acte": "Le {a} prend acte de cette communication.",
    "reporte": "Ce point est reporté à une séance ultérieure.",
}
TALLIES = {"unanimous": "all for", "split": "against/abstentions", "rejected": "against > for"}
FORMS_FOR_TALLY = {
    "unanimous": (
        "unanimite",
        "formula_unanimite",
        "par_voix",
        "avec",
        "colon",
        "votes_pour",
        "words",
    ),
    "split": ("par_voix", "avec", "colon", "votes_pour", "moins", "words"),
    "rejected": ("par_voix", "avec", "colon", "words"),
}
NAMED_VOTES = {
    "none": "",
    "against": "Votent contre : {names}",
    "abstention": "S'abstiennent : {names}",
    "not_taking_part": "{x} ne prend pas part au vote.",
}
MOVEMENTS = {
    "none": "",
    "arrival": "Arrivée de {x} avant le point {n}.",
    "departure": "{x} quitte la séance avant le vote du point {n}.",
    "both": "arrival and departure",
}
COUNT_RANGES = {
    "none": "",
    "printed": "Questions {a} à {b} : {p} présents, {r} procurations, {v} votants",
}
BALLOT = {"none": "", "adjoint": "Élection d'un adjoint au scrutin secret"}
# How the winner is proclaimed (picked by the winner's score, so no draw is added to the
# random stream): with "élu", or the office straight after "proclamé" (Lannion 2020).
PROCLAMATIONS = [
    "{who}, ayant obtenu la majorité absolue, est proclamé{e} élu{e} {office}.",
    "{who} a été proclamé{e} {office} et immédiatement installé{e}.",
]
DEFECTS = {
    "none": "",
    "tally_mismatch": "one item's figures add up to one more than its voters",
    "count_mismatch": "the printed votants is one more than présents + pouvoirs",
}

# ── Vocabulary ──
FIRST_M = [
    "Jean",
    "Pierre",
    "Jean-Pierre",
    "François",
    "Éric",
    "Hervé",
    "Loïc",
    "Thierry",
    "Michel",
    "Gérard",
    "Stéphane",
    "Jérôme",
    "Yves",
    "Benoît",
    "Rémi",
    "Jean-Marc",
    "Noël",
    "Olivier",
    "Sébastien",
    "Frédéric",
    "Gaël",
    "André",
]
FIRST_F = [
    "Marie",
    "Anne-Sophie",
    "Hélène",
    "Françoise",
    "Élodie",
    "Nathalie",
    "Sylvie",
    "Chloé",
    "Brigitte",
    "Maïté",
    "Isabelle",
    "Agnès",
    "Marie-Claire",
    "Cécile",
    "Véronique",
    "Léa",
    "Joëlle",
    "Béatrice",
    "Geneviève",
    "Zoé",
    "Anaïs",
]
SURNAMES = [
    "MARTIN-DUPONT",
    "LE GALL",
    "LE BIHAN",
    "de LACROIX",
    "DUBOIS",
    "LEFÈVRE",
    "GIRAUD",
    "FAURE",
    "MÉNARD",
    "BOUCHER",
    "ROUSSEAU",
    "GARNIER",
    "CHEVALIER",
    "PERRIN",
    "BERTRAND-LEROY",
    "LE ROUX",
    "GAUTHIER",
    "MOREAU",
    "LAMBERT",
    "FONTAINE",
    "BRUNET",
    "COLIN",
    "DUMONT",
    "MERCIER",
    "BLANC",
    "GUÉRIN",
    "MULLER",
    "VIDAL",
    "RENAUD",
    "PICARD",
    "LE MOAL",
    "de KERMADEC",
    "BÉNÉTEAU",
    "CARRÉ",
    "JOLY",
    "PRÉVOST",
    "MAILLARD",
    "LE CORRE",
    "TESSIER",
    "HUMBERT",
    "ROCHE",
    "BARBIER",
    "COUSIN",
    "LEBLANC-MOREL",
    "FLEURY",
    "DELMAS",
    "POIRIER",
    "NÉDÉLEC",
]

# Titles and prose of the items. The prose holds no vote words (pour, contre, voix, vote,
# unanimité, abstention, adopté, approuve, acte, reporté, délibéré), so that a reader
# finding a tally in it is wrong.
TITLES = [
    "Approbation du procès-verbal de la séance précédente",
    "Budget primitif 2024 – budget principal",
    "Décision modificative n°1 du budget de l'eau",
    "Tarifs de la restauration scolaire à compter du 1er septembre",
    "Subventions aux associations sportives et culturelles",
    "Création d'un poste d'adjoint technique territorial",
    "Convention de mise à disposition de la salle polyvalente",
    "Acquisition de la parcelle cadastrée AB 112 au lieu-dit Les Ormeaux",
    "Modification du tableau des effectifs",
    "Rapport annuel sur le prix et la qualité du service d'assainissement",
    "Dénomination d'une voie nouvelle : rue des Tilleuls",
    "Demande de subvention au titre de la DETR",
    "Adhésion au groupement de commandes du centre de gestion",
    "Travaux d'enfouissement des réseaux – convention avec le syndicat d'énergie",
    "Admission en non-valeur de créances irrécouvrables",
    "Révision des loyers des logements communaux",
    "Indemnités de fonction des élus",
    "Régime indemnitaire du personnel (RIFSEEP)",
    "Vente d'un véhicule communal",
    "Plan local d'urbanisme : modification simplifiée n°2",
]
PROSE = [
    "Le rapporteur rappelle le contexte de ce dossier, examiné en commission le {d} {m} "
    "dernier, et présente les éléments transmis par les services.",
    "Il est exposé à l'assemblée que le montant prévisionnel s'élève à {amount} euros hors "
    "taxes, financé sur les crédits inscrits au chapitre {chap}.",
    "Il est précisé que cette décision permet de régulariser une situation ancienne et "
    "d'assurer la continuité du service rendu aux habitants.",
    "Après présentation du projet, plusieurs élus demandent des précisions sur le calendrier "
    "des travaux ; il leur est répondu que ceux-ci débuteront au printemps.",
    "Le document complet est annexé au présent procès-verbal et peut être consulté en mairie "
    "aux heures d'ouverture.",
    "La commission des finances a émis un avis favorable lors de sa réunion du {d} {m}.",
    "Il est proposé d'autoriser l'exécutif à signer la convention correspondante ainsi que "
    "toutes les pièces nécessaires à son exécution.",
    "Le coût annuel de l'opération est estimé à {amount} euros, soit une hausse de {pct} % "
    "par rapport à l'exercice précédent.",
]
WHAT = [
    "la proposition",
    "le projet présenté",
    "la convention",
    "les tarifs proposés",
    "la modification présentée",
]

# ── The axes: what a test can iterate over or force (generate_with(seed, axis=option)) ──
WORDINGS: dict[str, dict[str, str]] = {
    "body": BODIES,
    "heading": HEADINGS,
    "register_heading": REGISTER_HEADINGS,
    "opening": OPENINGS,
    "convocation": CONVOCATION,
    "counts": COUNTS,
    "present_label": PRESENT_LABELS,
    "represented_label": REPRESENTED_LABELS,
    "absent_label": ABSENT_LABELS,
    "label_case": LABEL_CASE,
    "name_style": NAME_STYLES,
    "separator": SEPARATORS,
    "roster_layout": ROSTER_LAYOUTS,
    "roles": ROLES,
    "wrap": WRAP,
    "proxy": PROXIES,
    "no_proxy": NO_PROXY,
    "secretary": SECRETARY,
    "numbering": NUMBERING,
    "vote": VOTES,
    "tally": TALLIES,
    "named_votes": NAMED_VOTES,
    "movements": MOVEMENTS,
    "count_ranges": COUNT_RANGES,
    "ballot": BALLOT,
    "defect": DEFECTS,
}
PER_ITEM_AXES = ("vote", "tally", "named_votes")  # drawn again for each item unless forced
KINDS = ("minutes", "register")
DEFAULTS = {"defect": "none"}  # a defect only when asked for
# Relative weights of the options drawn at random (1 when not listed): most votes of real
# sessions are unanimous, few are rejected, few items name voters.
WEIGHTS = {
    "tally": {"unanimous": 6, "split": 3, "rejected": 1},
    "named_votes": {"none": 6},
    "ballot": {"none": 3},
    "movements": {"none": 2},
}

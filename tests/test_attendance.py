# ruff: noqa: E501 — the blocks are copied verbatim from the corpus, whose lines run past 100
"""Attendance blocks (parsers.attendance).

Input blocks are copied from data/raw with the normaliser's conventions applied by
hand (' for ’, no trailing/leading spaces, "1er"); the expected attendees, proxies and
counts were written by reading the source lines given in each test's comment.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.attendance import parse_attendance, parse_counts, parse_informal_attendance
from parsers.names import parse_person
from parsers.records import Attendance, AttendanceCounts

DEP = "Département du Lot"
FDEL = "Fédération départementale d'énergies du Lot"
TE = "Territoire d'Energies Lot"
CC = "Communautés de communes"

Row = tuple[str, str | None, str | None, str, str | None, str | None]


def rows(att: Attendance) -> list[Row]:
    """(name, civility, college, status, mode, replaces) per attendee, in block order."""
    return [
        (
            a.person.name,
            a.person.civility,
            a.college,
            a.status,
            a.attendance_mode,
            a.replaces,
        )
        for a in att.attendees
    ]


def check_spans(block: str, att: Attendance) -> None:
    """Each attendee span holds exactly its printed name; the block span holds them all."""
    assert att.span is not None
    for a in att.attendees:
        assert a.span is not None
        printed = block[a.span.start : a.span.end]
        assert printed == printed.strip(" ,.;:\n")
        assert parse_person(printed, a.person.civility) == a.person
        assert att.span.start <= a.span.start and a.span.end <= att.span.end
    for p in att.proxies:
        assert p.span is not None
        printed = block[p.span.start : p.span.end]
        assert parse_person(printed.split(" à ")[0].split(" (")[0]).name == p.giver


# data/raw/lot-numerique_comite-syndical_2019-02-01.txt L17-47 (the block of every extract)
EXTRACT_2019 = """Étaient présents :
Représentants du Département du Lot
Messieurs André MELLINGER, Christian DELRIEU
Représentant de la Fédération départementale d'énergies du Lot
Monsieur Claude TAILLARDAS
Représentants des Communautés de communes
Messieurs Gérard ALAZARD, Elie AUTEMAYOUX, Thierry CHARTROUX, Gyl CRAYSSAC,
Patrick GARDES, Joseph GOUSSET, Stéphane MAGOT, Thierry MARTIN, SABRAZAT Jean-
Pierre


Etait représenté par suppléance :
Pour les communautés de communes, suppléait
Monsieur Alain MATHIEU pour monsieur Christian CAUDRON,


Etaient absents :
Pour le Département du Lot : MM. Serge BLADINIERES, Pascal LEWICKI
Pour la Fédération départementale d'énergies du Lot : M. Guillaume BALDY
Pour les communautés de communes : MM. Jean-Michel COSTES, Jean-Yves LANDAS


Nombre de délégués En exercice 18
Présents 13 (12 titulaires et 1 suppléant

Pouvoir(s) 0
Absent(s) 5
Votants 13

Date de la convocation 25 janvier 2019"""


def test_extract_2019() -> None:
    att = parse_attendance(EXTRACT_2019)
    assert rows(att) == [
        ("André MELLINGER", "M.", DEP, "present", None, None),
        ("Christian DELRIEU", "M.", DEP, "present", None, None),
        ("Claude TAILLARDAS", "M.", FDEL, "present", None, None),
        ("Gérard ALAZARD", "M.", CC, "present", None, None),
        ("Elie AUTEMAYOUX", "M.", CC, "present", None, None),
        ("Thierry CHARTROUX", "M.", CC, "present", None, None),
        ("Gyl CRAYSSAC", "M.", CC, "present", None, None),
        ("Patrick GARDES", "M.", CC, "present", None, None),
        ("Joseph GOUSSET", "M.", CC, "present", None, None),
        ("Stéphane MAGOT", "M.", CC, "present", None, None),
        ("Thierry MARTIN", "M.", CC, "present", None, None),
        ("Jean-Pierre SABRAZAT", "M.", CC, "present", None, None),
        # the replaced member (CAUDRON) is not an attendee
        ("Alain MATHIEU", "M.", CC, "substitute", None, "Christian CAUDRON"),
        ("Serge BLADINIERES", "M.", DEP, "absent", None, None),
        ("Pascal LEWICKI", "M.", DEP, "absent", None, None),
        ("Guillaume BALDY", "M.", FDEL, "absent", None, None),
        ("Jean-Michel COSTES", "M.", CC, "absent", None, None),
        ("Jean-Yves LANDAS", "M.", CC, "absent", None, None),
    ]
    assert att.proxies == ()
    # "Présents 13 (12 titulaires et 1 suppléant" — closing parenthesis lost in the source
    c = att.counts
    assert (c.members_in_office, c.present, c.present_titular, c.present_substitute) == (
        18,
        13,
        12,
        1,
    )
    assert (c.proxies, c.absent, c.voters) == (0, 5, 13)
    check_spans(EXTRACT_2019, att)
    sabrazat = att.attendees[11]
    assert EXTRACT_2019[sabrazat.span.start : sabrazat.span.end] == "SABRAZAT Jean-\nPierre"  # type: ignore[union-attr]
    # the block runs from its first heading to the last count; the convocation is not in it
    assert att.span is not None
    assert EXTRACT_2019[att.span.start : att.span.end].startswith("Étaient présents :")
    assert EXTRACT_2019[att.span.start : att.span.end].endswith("Votants 13")
    assert c.span is not None
    assert EXTRACT_2019[c.span.start : c.span.end].startswith("Nombre de délégués")


def test_extract_2019_raw_text() -> None:
    # the same block as extracted, before normalisation: typographic apostrophes,
    # trailing and leading spaces, blank lines holding a space
    raw = (
        EXTRACT_2019.replace("'", "’")
        .replace("\n", " \n")
        .replace("Présents 13", " Présents 13")
        .replace("\n\n", "\n \n")
    )
    att = parse_attendance(raw)
    assert rows(att) == rows(parse_attendance(EXTRACT_2019))
    assert att.counts.voters == 13
    check_spans(raw, att)


# data/raw/lot-numerique_comite-syndical_2019-02-01.txt L61-96 (minutes of 19 July 2018)
MINUTES_2018 = """Étaient présents :

Représentants du Département du Lot
Messieurs Pascal LEWICKI, André MELLINGER

Représentants des Communautés de communes
Messieurs Gérard ALAZARD, Elie AUTEMAYOUX, Christian CAUDRON, Patrick GARDES, Joseph GOUSSET, Jean-
Yves LANDAS, Thierry MARTIN

Etaient représentés par suppléance :

Pour les communautés de communes, suppléaient
Monsieur Daniel BOUDOT pour monsieur Thierry CHARTROUX
Monsieur Michel THEBAUD pour monsieur Jean-Pierre SABRAZAT

Etait représenté par pouvoir :

Pour les communautés de communes, a donné pouvoir
Monsieur Stéphane MAGOT à monsieur Gérard ALAZARD

Etaient absents :

Pour le Département du Lot : MM. Serge BLADINIERES, Christian DELRIEU

Pour la Fédération départementale d'énergies du Lot : MM. Guillaume BALDY, Claude TAILLARDAS

Pour les communautés de communes : MM. Jean-Michel COSTES, Gyl CRAYSSAC,


Nombre de délégués En exercice 18
Présents 11 (9 titulaires et 2 suppléants)
Pouvoir(s) 1
Absent(s) 6
Votants 12

Date de la convocation 05 juillet 2018"""


def test_minutes_2018() -> None:
    att = parse_attendance(MINUTES_2018)
    assert rows(att) == [
        ("Pascal LEWICKI", "M.", DEP, "present", None, None),
        ("André MELLINGER", "M.", DEP, "present", None, None),
        ("Gérard ALAZARD", "M.", CC, "present", None, None),
        ("Elie AUTEMAYOUX", "M.", CC, "present", None, None),
        ("Christian CAUDRON", "M.", CC, "present", None, None),
        ("Patrick GARDES", "M.", CC, "present", None, None),
        ("Joseph GOUSSET", "M.", CC, "present", None, None),
        ("Jean-Yves LANDAS", "M.", CC, "present", None, None),
        ("Thierry MARTIN", "M.", CC, "present", None, None),
        ("Daniel BOUDOT", "M.", CC, "substitute", None, "Thierry CHARTROUX"),
        ("Michel THEBAUD", "M.", CC, "substitute", None, "Jean-Pierre SABRAZAT"),
        ("Stéphane MAGOT", "M.", CC, "represented", None, None),
        ("Serge BLADINIERES", "M.", DEP, "absent", None, None),
        ("Christian DELRIEU", "M.", DEP, "absent", None, None),
        ("Guillaume BALDY", "M.", FDEL, "absent", None, None),
        ("Claude TAILLARDAS", "M.", FDEL, "absent", None, None),
        ("Jean-Michel COSTES", "M.", CC, "absent", None, None),
        ("Gyl CRAYSSAC", "M.", CC, "absent", None, None),
    ]
    assert [(p.giver, p.holder, p.college) for p in att.proxies] == [
        ("Stéphane MAGOT", "Gérard ALAZARD", CC)
    ]
    proxy_span = att.proxies[0].span
    assert proxy_span is not None
    assert MINUTES_2018[proxy_span.start : proxy_span.end] == (
        "Stéphane MAGOT à monsieur Gérard ALAZARD"
    )
    assert att.counts == AttendanceCounts(18, 11, 9, 2, 1, 6, 12, span=att.counts.span)
    check_spans(MINUTES_2018, att)


# data/raw/lot-numerique_comite-syndical_2022-06-29.txt L18-67 (on site + videoconference)
EXTRACT_2022 = """Étaient présents (sur site) :

Représentant du Département du Lot
Monsieur André MELLINGER

Représentant des Communautés de communes
Monsieur Jean-Pierre SABRAZAT

Étaient présents (en visioconférence) :

Représentant du Département du Lot
Monsieur Jean-Pierre JAMMES

Représentant de Territoire d'Energies Lot
Monsieur Guillaume BALDY

Représentants des Communautés de communes
Messieurs Gérard ALAZARD, Jean-Michel COSTES, Rémi DUPONT, Jean-Luc NAYRAC

Etaient représentés par pouvoir :

Pour le Département du Lot, a donné pouvoir
Monsieur Dominique MARIN à monsieur Jean-Pierre JAMMES

Pour les communautés de communes, ont donné pouvoir
Madame Martine RODRIGUES à monsieur Jean-Luc NAYRAC
Monsieur Stéphane MAGOT à monsieur Gérard ALAZARD

Etaient absents :

Pour le Département du Lot : M. Pascal LEWICKI

Pour Territoire d'Energies Lot : M. Frédéric DECREMPS

Pour les communautés de communes : M. Jérôme BONAFOUS, Mme Valérie BOULPICANTE,
MM. Thierry CHARTROUX, Jean-Philippe GAVET, Jacques MARZIN


Nombre de délégués En exercice 18

Présents 8 (8 titulaires)

Pouvoir(s) 3

Absent(s) 7

Votants 11


Date de la convocation 22 juin 2022"""

EXPECTED_2022 = [
    ("André MELLINGER", "M.", DEP, "present", "on_site", None),
    ("Jean-Pierre SABRAZAT", "M.", CC, "present", "on_site", None),
    ("Jean-Pierre JAMMES", "M.", DEP, "present", "remote", None),
    ("Guillaume BALDY", "M.", TE, "present", "remote", None),
    ("Gérard ALAZARD", "M.", CC, "present", "remote", None),
    ("Jean-Michel COSTES", "M.", CC, "present", "remote", None),
    ("Rémi DUPONT", "M.", CC, "present", "remote", None),
    ("Jean-Luc NAYRAC", "M.", CC, "present", "remote", None),
    ("Dominique MARIN", "M.", DEP, "represented", None, None),
    ("Martine RODRIGUES", "Mme", CC, "represented", None, None),
    ("Stéphane MAGOT", "M.", CC, "represented", None, None),
    ("Pascal LEWICKI", "M.", DEP, "absent", None, None),
    ("Frédéric DECREMPS", "M.", TE, "absent", None, None),
    ("Jérôme BONAFOUS", "M.", CC, "absent", None, None),
    ("Valérie BOULPICANTE", "Mme", CC, "absent", None, None),
    ("Thierry CHARTROUX", "M.", CC, "absent", None, None),
    ("Jean-Philippe GAVET", "M.", CC, "absent", None, None),
    ("Jacques MARZIN", "M.", CC, "absent", None, None),
]


def test_extract_2022_modes_and_proxies() -> None:
    att = parse_attendance(EXTRACT_2022)
    assert rows(att) == EXPECTED_2022
    assert [(p.giver, p.holder, p.college) for p in att.proxies] == [
        ("Dominique MARIN", "Jean-Pierre JAMMES", DEP),
        ("Martine RODRIGUES", "Jean-Luc NAYRAC", CC),
        ("Stéphane MAGOT", "Gérard ALAZARD", CC),
    ]
    # no substitute figure is printed: None, not 0
    assert att.counts == AttendanceCounts(18, 8, 8, None, 3, 7, 11, span=att.counts.span)
    check_spans(EXTRACT_2022, att)


def test_extract_2022_civility_wrapped_at_line_end() -> None:
    # CS2022/20 (L2299-2305) wraps the absent list after "MM."
    block = EXTRACT_2022.replace(
        "Mme Valérie BOULPICANTE,\nMM. Thierry CHARTROUX",
        "Mme Valérie BOULPICANTE, MM.\nThierry CHARTROUX",
    )
    assert rows(parse_attendance(block)) == EXPECTED_2022


def test_extract_2022_inside_a_longer_header() -> None:
    # the extract header before the block and the text after it are ignored
    header = (
        "Syndicat mixte Lot numérique\n\nEXTRAIT DU REGISTRE DES DÉLIBÉRATIONS\n\n"
        "Comité syndical du 29 juin 2022\n\n\nDélibération n° CS2022/17 : Décision modificative 2022"
        "\n\n\nL'an deux mille vingt-deux, le 29 juin, les membres du comité syndical, régulièrement "
        "convoqués,\nse sont réunis sur site à Cahors et en visioconférence sous la présidence de "
        "monsieur André\nMELLINGER, Président.\n\n"
    )
    block = header + EXTRACT_2022 + "\nAnnexe – Décision modificative 2022\n\nSMO LOT NUMERIQUE"
    att = parse_attendance(block)
    assert rows(att) == EXPECTED_2022
    assert att.span is not None
    assert att.span.start == len(header)
    check_spans(block, att)


# data/raw/lot-numerique_comite-syndical_2022-06-29.txt L87-130 (minutes of 17 March 2022)
MINUTES_2022 = """Étaient présents :

Représentants du Département du Lot
Messieurs Jean-Pierre JAMMES, Dominique MARIN, André MELLINGER


Représentants de Territoire d'Energies Lot
Messieurs Guillaume BALDY, Frédéric DECREMPS


Représentants des Communautés de communes
Messieurs Thierry CHARTROUX, Rémi DUPONT, Stéphane MAGOT, Jacques MARZIN, Jean-Luc NAYRAC, Jean-
Pierre SABRAZAT


Etaient représentés par suppléance :

Pour les communautés de communes, suppléaient
Monsieur Christian LARRAUFIE pour Madame Martine RODRIGUES
Monsieur Dominique THELINGE pour Monsieur Gérard ALAZARD


Etaient absents :

Pour le Département du Lot : Monsieur Pascal LEWICKI,

Pour les communautés de communes : Monsieur Jérôme BONAFOUS, Madame Valérie BOULPICANTE, Messieurs
Jean-Michel COSTES, Jean-Philippe GAVET


Nombre de délégués En exercice 18

Présents 13 (11 titulaires et 2 suppléants)

Pouvoir(s) 0

Absent(s) 5

Votants 13


Date de la convocation 10 mars 2022"""


def test_minutes_2022() -> None:
    att = parse_attendance(MINUTES_2022)
    assert rows(att) == [
        ("Jean-Pierre JAMMES", "M.", DEP, "present", None, None),
        ("Dominique MARIN", "M.", DEP, "present", None, None),
        ("André MELLINGER", "M.", DEP, "present", None, None),
        ("Guillaume BALDY", "M.", TE, "present", None, None),
        ("Frédéric DECREMPS", "M.", TE, "present", None, None),
        ("Thierry CHARTROUX", "M.", CC, "present", None, None),
        ("Rémi DUPONT", "M.", CC, "present", None, None),
        ("Stéphane MAGOT", "M.", CC, "present", None, None),
        ("Jacques MARZIN", "M.", CC, "present", None, None),
        ("Jean-Luc NAYRAC", "M.", CC, "present", None, None),
        ("Jean-Pierre SABRAZAT", "M.", CC, "present", None, None),
        ("Christian LARRAUFIE", "M.", CC, "substitute", None, "Martine RODRIGUES"),
        ("Dominique THELINGE", "M.", CC, "substitute", None, "Gérard ALAZARD"),
        ("Pascal LEWICKI", "M.", DEP, "absent", None, None),
        ("Jérôme BONAFOUS", "M.", CC, "absent", None, None),
        ("Valérie BOULPICANTE", "Mme", CC, "absent", None, None),
        ("Jean-Michel COSTES", "M.", CC, "absent", None, None),
        ("Jean-Philippe GAVET", "M.", CC, "absent", None, None),
    ]
    assert att.proxies == ()
    assert att.counts == AttendanceCounts(18, 13, 11, 2, 0, 5, 13, span=att.counts.span)
    check_spans(MINUTES_2022, att)


def test_substitute_pairs_without_civility_on_separate_lines() -> None:
    block = (
        "Etaient représentés par suppléance :\n"
        "Pour les communautés de communes, suppléaient\n"
        "Daniel BOUDOT pour Thierry CHARTROUX\n"
        "Michel THEBAUD pour Jean-Pierre SABRAZAT\n"
    )
    assert [(a.person.name, a.replaces) for a in parse_attendance(block).attendees] == [
        ("Daniel BOUDOT", "Thierry CHARTROUX"),
        ("Michel THEBAUD", "Jean-Pierre SABRAZAT"),
    ]


def test_unreadable_and_missing_counts_are_none() -> None:
    block = (
        "Étaient présents :\nMessieurs André MELLINGER, Christian DELRIEU\n\n"
        "Nombre de délégués En exercice 18\n"
        "Pr ésents 2 (2 titulaires)\n"  # garbled label: present unknown
        "Pouvoir(s) O\n"  # letter O for zero: unreadable
        "Absent(s) 1 6\n"  # split digits: unreadable
    )
    c = parse_attendance(block).counts
    assert c.members_in_office == 18
    assert (c.present, c.present_titular, c.present_substitute) == (None, None, None)
    assert (c.proxies, c.absent, c.voters) == (None, None, None)


def test_counts_printed_zero_is_zero() -> None:
    counts, _ = parse_counts("Nombre de délégués En exercice 18\nPouvoir(s) 0\nVotants 13")
    assert (counts.members_in_office, counts.proxies, counts.voters) == (18, 0, 13)
    assert counts.present is None


def test_counts_on_one_line_with_colons() -> None:
    counts, _ = parse_counts("Membres en exercice : 15 Présents : 12 Votants : 14")
    assert (counts.members_in_office, counts.present, counts.voters) == (15, 12, 14)


def test_missing_block_gives_empty_attendance() -> None:
    assert parse_attendance("") == Attendance()
    assert parse_attendance("Le président ouvre la séance à 11h.\nAucune observation.") == (
        Attendance()
    )
    assert parse_informal_attendance("") == Attendance()
    assert parse_informal_attendance("Ordre du jour\n1/ Motion ONF") == Attendance()


def test_block_stops_at_prose_without_counts() -> None:
    block = (
        "Étaient présents :\nMessieurs André MELLINGER, Christian DELRIEU\n"
        "Le président du syndicat, M. MELLINGER, accueille les participants.\n"
        "Messieurs Jean DUPONT"
    )
    att = parse_attendance(block)
    assert [a.person.name for a in att.attendees] == ["André MELLINGER", "Christian DELRIEU"]
    assert att.counts == AttendanceCounts()


# --- informal minutes (Couthenans) ----------------------------------------------------------

# data/raw/couthenans_cm_2021-09-17.pdf p.1
COUTHENANS_2021 = """CR du conseil municipal 17 septembre 2021
Présents : Jean-Pierre, Yves, Jacques, David, Anne-Marie, Patrick, Mathieu, Agnès, Marc, Marielle, Mario, Nelly,
Adeline.
Excusée : Maryline (pouvoir donné à Jean-Pierre)
Ordre du jour
1/ Motion ONF :"""


def informal_rows(att: Attendance) -> list[tuple[str, str | None, str]]:
    return [(a.person.name, a.person.family_name, a.status) for a in att.attendees]


def test_couthenans_2021() -> None:
    att = parse_informal_attendance(COUTHENANS_2021)
    present = ["Jean-Pierre", "Yves", "Jacques", "David", "Anne-Marie", "Patrick", "Mathieu"]
    present += ["Agnès", "Marc", "Marielle", "Mario", "Nelly", "Adeline"]
    assert informal_rows(att) == [(n, None, "present") for n in present] + [
        ("Maryline", None, "represented")
    ]
    assert [(p.giver, p.holder) for p in att.proxies] == [("Maryline", "Jean-Pierre")]
    assert att.counts == AttendanceCounts()
    assert att.span is not None
    assert COUTHENANS_2021[att.span.start : att.span.end].startswith("Présents :")
    assert COUTHENANS_2021[att.span.start : att.span.end].endswith("(pouvoir donné à Jean-Pierre)")
    adeline = att.attendees[12]
    assert COUTHENANS_2021[adeline.span.start : adeline.span.end] == "Adeline"  # type: ignore[union-attr]
    assert all(a.person.civility is None and a.college is None for a in att.attendees)


# data/raw/couthenans_cm_2022-10-28.pdf p.1
COUTHENANS_2022 = """CR du conseil municipal 28 octobre 2022
Présents : David TRIPOGNEY, Nelly WIDMER, Agnès MICHELOT, Adeline TEXEIRA, Jacques DELUNSCH, Patrick
KACZMAREK, Anne-Marie MUNINGER.
Absents excusés : Maryline LECESTRE (pouvoir donné à Adeline Texeira), Marielle SAUGET (pouvoir donné à
Agnes Michelot), Yves LISCHKA (pouvoir donné à Anne-Marie Muninger), Jean-Pierre JEANROY (pouvoir donné à
David Tripogney).
Absents non excusés : Mathieu FIGINI, Marc SAUGET,
Ordre du jour
1. Mise à jour du plan communal de sauvegarde"""


def test_couthenans_2022_full_names_and_holder_resolution() -> None:
    att = parse_informal_attendance(COUTHENANS_2022)
    assert [(a.person.name, a.status) for a in att.attendees] == [
        ("David TRIPOGNEY", "present"),
        ("Nelly WIDMER", "present"),
        ("Agnès MICHELOT", "present"),
        ("Adeline TEXEIRA", "present"),
        ("Jacques DELUNSCH", "present"),
        ("Patrick KACZMAREK", "present"),  # wrapped over two lines
        ("Anne-Marie MUNINGER", "present"),
        ("Maryline LECESTRE", "represented"),
        ("Marielle SAUGET", "represented"),
        ("Yves LISCHKA", "represented"),
        ("Jean-Pierre JEANROY", "represented"),
        ("Mathieu FIGINI", "absent"),
        ("Marc SAUGET", "absent"),
    ]
    # holders printed in mixed case / without accent resolve to the present attendee
    assert [(p.giver, p.holder) for p in att.proxies] == [
        ("Maryline LECESTRE", "Adeline TEXEIRA"),
        ("Marielle SAUGET", "Agnès MICHELOT"),
        ("Yves LISCHKA", "Anne-Marie MUNINGER"),
        ("Jean-Pierre JEANROY", "David TRIPOGNEY"),
    ]
    kaczmarek = att.attendees[5].span
    assert kaczmarek is not None
    assert COUTHENANS_2022[kaczmarek.start : kaczmarek.end] == "Patrick\nKACZMAREK"
    second = att.proxies[1].span
    assert second is not None
    assert COUTHENANS_2022[second.start : second.end] == (
        "Marielle SAUGET (pouvoir donné à\nAgnes Michelot)"
    )
    assert att.span is not None
    assert COUTHENANS_2022[att.span.start : att.span.end].endswith("Marc SAUGET,")
    assert att.counts == AttendanceCounts()


# data/raw/couthenans_cm_2023-02-24.pdf p.1
COUTHENANS_2023 = """CR du conseil municipal 24 février 2023
Présents : Jean-Pierre, Yves, Jacques, David, Nelly, Patrick, Agnès, Adeline.
Excusés : Anne-Marie (pouvoir donné à Yves) / Marielle (pouvoir donné à Agnès) / Marc (pouvoir donné Patrick)
/ Mathieu (pouvoir donné à Nelly)
Maryline : absente non excusée
Mr le Maire demande l'autorisation pour l'ajout de 2 délibérations.
Ordre du jour"""


def test_couthenans_2023_slashes_missing_a_and_single_line() -> None:
    att = parse_informal_attendance(COUTHENANS_2023)
    present = ["Jean-Pierre", "Yves", "Jacques", "David", "Nelly", "Patrick", "Agnès", "Adeline"]
    assert informal_rows(att) == [(n, None, "present") for n in present] + [
        ("Anne-Marie", None, "represented"),
        ("Marielle", None, "represented"),
        ("Marc", None, "represented"),
        ("Mathieu", None, "represented"),  # its item wraps onto the next line after "/"
        ("Maryline", None, "absent"),
    ]
    assert [(p.giver, p.holder) for p in att.proxies] == [
        ("Anne-Marie", "Yves"),
        ("Marielle", "Agnès"),
        ("Marc", "Patrick"),  # "pouvoir donné Patrick": no "à"
        ("Mathieu", "Nelly"),
    ]
    maryline = att.attendees[-1].span
    assert maryline is not None
    assert COUTHENANS_2023[maryline.start : maryline.end] == "Maryline"
    assert att.span is not None
    assert COUTHENANS_2023[att.span.start : att.span.end].endswith("absente non excusée")


def test_informal_raw_pdf_line_endings() -> None:
    # pypdfium2 gives "\r\n" line ends and typographic apostrophes
    raw = COUTHENANS_2022.replace("\n", "\r\n")
    att = parse_informal_attendance(raw)
    assert [a.person.name for a in att.attendees][5] == "Patrick KACZMAREK"
    assert [p.holder for p in att.proxies][1] == "Agnès MICHELOT"


def test_informal_unresolved_holder_kept_as_printed() -> None:
    att = parse_informal_attendance(
        "Présents : Yves, Jacques.\nExcusé : Marc (pouvoir à Paul Durand)"
    )
    assert [(p.giver, p.holder) for p in att.proxies] == [("Marc", "Paul DURAND")]


def test_formal_absent_with_proxy_note() -> None:
    block = (
        "Étaient présents : MM. Jean DUPONT, Paul MARTIN\n"
        "Etaient absents excusés : Mme Claire PETIT (pouvoir à M. Jean\n"
        "DUPONT), M. Louis BERNARD\n"
    )
    att = parse_attendance(block)
    assert [(a.person.name, a.person.civility, a.status) for a in att.attendees] == [
        ("Jean DUPONT", "M.", "present"),
        ("Paul MARTIN", "M.", "present"),
        ("Claire PETIT", "Mme", "represented"),
        ("Louis BERNARD", "M.", "absent"),
    ]
    assert [(p.giver, p.holder) for p in att.proxies] == [("Claire PETIT", "Jean DUPONT")]
    check_spans(block, att)


def test_counts_found_after_an_unrelated_line() -> None:
    block = (
        "Étaient présents :\nMessieurs André MELLINGER, Christian DELRIEU\n"
        "Secrétaire de séance : M. Christian DELRIEU\n\n"
        "Nombre de délégués En exercice 3\nPrésents 2 (2 titulaires)\nAbsent(s) 1\nVotants 2\n"
    )
    att = parse_attendance(block)
    assert [a.person.name for a in att.attendees] == ["André MELLINGER", "Christian DELRIEU"]
    assert (att.counts.members_in_office, att.counts.present, att.counts.voters) == (3, 2, 2)


def test_counts_printed_before_the_lists() -> None:
    block = (
        "Membres en exercice : 3\nPrésents : 2\nVotants : 2\n\n"
        "Étaient présents : M. André MELLINGER, Mme Anne DURAND\n"
        "Etait absent : M. Christian DELRIEU\n"
    )
    att = parse_attendance(block)
    assert [(a.person.name, a.status) for a in att.attendees] == [
        ("André MELLINGER", "present"),
        ("Anne DURAND", "present"),
        ("Christian DELRIEU", "absent"),
    ]
    assert (att.counts.members_in_office, att.counts.present, att.counts.voters) == (3, 2, 2)
    assert att.span is not None and att.span.start == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Étaient présents :",
                "Etaient absents :",
                "Etait représenté par pouvoir :",
                "Etaient représentés par suppléance :",
                "Représentants du Département du Lot",
                "Pour les communautés de communes, suppléait",
                "Pour le Département du Lot : MM. Serge BLADINIERES, Pascal LEWICKI",
                "Monsieur Alain MATHIEU pour monsieur Christian CAUDRON,",
                "Monsieur Stéphane MAGOT à monsieur Gérard ALAZARD",
                "Messieurs André MELLINGER, SABRAZAT Jean-",
                "Pierre (pouvoir à",
                "Nombre de délégués En exercice 18",
                "Présents 13 (12 titulaires et 1",
                "Présents : Jean-Pierre, Yves,",
                "Excusés : Anne-Marie (pouvoir donné à Yves) / Marc (pouvoir donné Patrick)",
                "Maryline : absente non excusée",
                "Ordre du jour",
                "",
                " ",
            ]
        ),
        max_size=12,
    ),
    st.text(max_size=20),
)
def test_parsers_never_fail_and_spans_stay_in_the_block(lines: list[str], noise: str) -> None:
    block = "\n".join(lines) + noise
    for att in (parse_attendance(block), parse_informal_attendance(block)):
        spans = [a.span for a in att.attendees] + [p.span for p in att.proxies]
        spans += [att.span, att.counts.span]
        for span in spans:
            if span is not None:
                assert 0 <= span.start <= span.end <= len(block)
        for a in att.attendees:
            assert a.span is not None and block[a.span.start : a.span.end].strip()

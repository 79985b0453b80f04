# ruff: noqa: E501 — the headers are copied verbatim from the corpus, whose lines run past 100
"""Session headers and opening/closing times (parsers.session).

Headers are copied from data/raw with the normaliser's conventions applied by hand;
the expected values were written by reading the source lines cited in each comment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.records import SessionInfo
from parsers.session import find_session_times, parse_session_header


def mentioned(block: str, info: SessionInfo) -> list[tuple[dt.date, str]]:
    return [(d, block[s.start : s.end]) for d, s in info.date_mentions]


# data/raw/lot-numerique_comite-syndical_2019-02-01.txt L1-14 and L47
EXTRACT_2019 = """Syndicat mixte Lot numérique

EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS

Comité syndical du 1er février 2019


Délibération n° CS2019/01 : Validation du procès-verbal de la séance du 19 juillet
2018


L'an deux mille dix-neuf, le 1er février, les membres du comité syndical, régulièrement convoqués,
se sont réunis à Cahors sous la présidence de monsieur André MELLINGER, Président.

Étaient présents :
Représentants du Département du Lot
Messieurs André MELLINGER, Christian DELRIEU

Date de la convocation 25 janvier 2019"""


def test_extract_2019() -> None:
    info = parse_session_header(EXTRACT_2019)
    assert info.organisation == "Syndicat mixte Lot numérique"
    assert info.body == "Comité syndical"
    assert info.date == dt.date(2019, 2, 1)
    assert info.place == "Cahors"
    assert info.attendance_mode == "on_site"  # a place, no videoconference
    assert info.president == "André MELLINGER"
    assert info.convocation_date == dt.date(2019, 1, 25)
    assert (info.opened_at, info.closed_at) == (None, None)
    # the heading and the "L'an" sentence both state the date; the title's
    # "19 juillet 2018" (another session) and the convocation date are not mentions
    assert mentioned(EXTRACT_2019, info) == [
        (dt.date(2019, 2, 1), "1er février 2019"),
        (dt.date(2019, 2, 1), "L'an deux mille dix-neuf, le 1er février"),
    ]
    assert info.span is not None
    assert EXTRACT_2019[info.span.start : info.span.end].startswith("Syndicat mixte")
    assert EXTRACT_2019[info.span.start : info.span.end].endswith("25 janvier 2019")


def test_extract_2019_raw_text() -> None:
    raw = (EXTRACT_2019.replace("'", "’").replace("1er février 2019", "1 er février 2019")).replace(
        "\n", "  \n"
    )
    info = parse_session_header("   " + raw)
    assert (info.organisation, info.body, info.date) == (
        "Syndicat mixte Lot numérique",
        "Comité syndical",
        dt.date(2019, 2, 1),
    )
    assert (info.place, info.president, info.convocation_date) == (
        "Cahors",
        "André MELLINGER",
        dt.date(2019, 1, 25),
    )


# data/raw/lot-numerique_comite-syndical_2019-02-01.txt L54-59, L96 (annexed minutes)
MINUTES_2018 = """Procès-verbal du Comité syndical
du 19 juillet 2018


L'an deux mille dix huit, le 19 juillet, les membres du comité syndical, régulièrement convoqués, se sont réunis à Cahors
sous la présidence de monsieur André MELLINGER, Président.

Étaient présents :

Date de la convocation 05 juillet 2018"""


def test_minutes_2018() -> None:
    info = parse_session_header(MINUTES_2018)
    assert info.organisation is None  # not printed in the minutes themselves
    assert info.body == "Comité syndical"
    assert info.date == dt.date(2018, 7, 19)
    assert (info.place, info.attendance_mode) == ("Cahors", "on_site")
    assert info.president == "André MELLINGER"
    assert info.convocation_date == dt.date(2018, 7, 5)
    assert [d for d, _ in info.date_mentions] == [dt.date(2018, 7, 19)] * 2


# data/raw/lot-numerique_comite-syndical_2022-06-29.txt L1-16, L67
EXTRACT_2022 = """Syndicat mixte Lot numérique

EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS

Comité syndical du 29 juin 2022


Délibération n° CS2022/16 : Validation du procès-verbal de la séance du 17 mars
2022


L'an deux mille vingt-deux, le 29 juin, les membres du comité syndical, régulièrement convoqués,
se sont réunis sur site à Cahors et en visioconférence sous la présidence de monsieur André
MELLINGER, Président.

Date de la convocation 22 juin 2022"""


def test_extract_2022_hybrid_and_wrapped_president() -> None:
    info = parse_session_header(EXTRACT_2022)
    assert info.organisation == "Syndicat mixte Lot numérique"
    assert (info.body, info.date) == ("Comité syndical", dt.date(2022, 6, 29))
    assert (info.place, info.attendance_mode) == ("Cahors", "hybrid")
    assert info.president == "André MELLINGER"
    assert info.convocation_date == dt.date(2022, 6, 22)
    # "17 mars 2022" in the title is another session's date
    assert dt.date(2022, 3, 17) not in [d for d, _ in info.date_mentions]


def test_extract_2022_cs2022_20_wrapping() -> None:
    # L2267-2269: the sentence wraps differently ("se sont\nréunis")
    block = EXTRACT_2022.replace(
        "régulièrement convoqués,\nse sont réunis sur site à Cahors et en visioconférence sous la présidence de monsieur André\nMELLINGER, Président.",
        "régulièrement convoqués, se sont\nréunis sur site à Cahors et en visioconférence sous la présidence de monsieur André MELLINGER,\nPrésident.",
    )
    info = parse_session_header(block)
    assert (info.place, info.attendance_mode, info.president) == (
        "Cahors",
        "hybrid",
        "André MELLINGER",
    )


# data/raw/lot-numerique_comite-syndical_2022-06-29.txt L78-84, L130, L139
MINUTES_2022 = """Procès-verbal du Comité syndical
du 17 mars 2022


L'an deux mille vingt-deux, le 17 mars 2022, les membres du comité syndical, régulièrement convoqués, se sont réunis à
Cahors sous la présidence de monsieur André MELLINGER, Président.

Date de la convocation 10 mars 2022

INTRODUCTION ET ACCUEIL PAR LE PRÉSIDENT DU SYNDICAT

Le président du syndicat, M. MELLINGER, accueille les participants et les remercie pour leur présence.

Il ouvre la séance à 09h30."""


def test_minutes_2022_year_in_words_and_digits() -> None:
    info = parse_session_header(MINUTES_2022)
    assert (info.body, info.date) == ("Comité syndical", dt.date(2022, 3, 17))
    assert (info.place, info.attendance_mode) == ("Cahors", "on_site")  # "réunis à\nCahors"
    assert info.president == "André MELLINGER"
    assert info.convocation_date == dt.date(2022, 3, 10)
    assert info.opened_at == "09:30"
    assert info.closed_at is None
    assert mentioned(MINUTES_2022, info) == [
        (dt.date(2022, 3, 17), "17 mars 2022"),
        (dt.date(2022, 3, 17), "L'an deux mille vingt-deux, le 17 mars"),
    ]


def test_lan_sentence_year_disagreement_is_kept_for_the_validator() -> None:
    block = "L'an deux mille vingt-deux, le 17 mars 2021, les membres du comité syndical se sont réunis à Cahors."
    info = parse_session_header(block)
    assert info.date == dt.date(2022, 3, 17)  # no heading: the "L'an" date (year in words)
    assert [d for d, _ in info.date_mentions] == [dt.date(2022, 3, 17), dt.date(2021, 3, 17)]


def test_remote_only_session() -> None:
    block = (
        "Bureau du 3 avril 2020\n"
        "L'an deux mille vingt, le 3 avril, les membres du bureau se sont réunis en visioconférence "
        "sous la présidence de Madame Jeanne DURAND, Présidente."
    )
    info = parse_session_header(block)
    assert (info.body, info.date) == ("Bureau", dt.date(2020, 4, 3))
    assert (info.place, info.attendance_mode) == (None, "remote")
    assert info.president == "Jeanne DURAND"


@pytest.mark.parametrize(
    ("heading", "date"),
    [
        ("CR du conseil municipal 17 septembre 2021", dt.date(2021, 9, 17)),  # couthenans p.1
        ("CR du conseil municipal 28 octobre 2022", dt.date(2022, 10, 28)),
        ("CR du conseil municipal 24 février 2023", dt.date(2023, 2, 24)),
    ],
)
def test_couthenans_headings(heading: str, date: dt.date) -> None:
    block = heading + "\nPrésents : Jean-Pierre, Yves, Jacques.\nOrdre du jour"
    info = parse_session_header(block)
    assert (info.organisation, info.body, info.date) == (None, "Conseil municipal", date)
    assert (info.place, info.attendance_mode, info.president) == (None, None, None)
    assert info.convocation_date is None
    assert mentioned(block, info) == [(date, heading.split("municipal ")[1])]


def test_title_quoting_another_session_is_not_the_heading() -> None:
    block = "Point n°1 – Validation du procès-verbal du comité syndical du 15 février 2022"
    info = parse_session_header(block)
    assert (info.body, info.date, info.date_mentions) == (None, None, ())


def test_empty_header() -> None:
    assert parse_session_header("") == SessionInfo()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # data/raw/lot-numerique_comite-syndical_2019-02-01.txt L104, L563
        (
            "Le président du syndicat, M. MELLINGER, accueille les participants et ouvre la séance à 11h. Il précise\n"
            "...\nL'ordre du jour étant épuisé, la séance est levée à 12h30.",
            ("11:00", "12:30"),
        ),
        # data/raw/lot-numerique_comite-syndical_2022-06-29.txt L139, L803
        (
            "Il ouvre la séance à 09h30.\n...\nL'ordre du jour étant épuisé, la séance est donc levée à 11h45.",
            ("09:30", "11:45"),
        ),
        # data/raw/couthenans_cm_2021-09-17.pdf p.3
        ("I/ Budget participatif\nSéance clôturée à 20H50.", (None, "20:50")),
        ("La séance est ouverte à 20 h 30.", ("20:30", None)),
        # a past session's schedule is not this session's opening
        ("le mardi 15 février 2022 de 15h00 à 16h30", (None, None)),
        ("", (None, None)),
    ],
)
def test_find_session_times(text: str, expected: tuple[str | None, str | None]) -> None:
    assert find_session_times(text) == expected

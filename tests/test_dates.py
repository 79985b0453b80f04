"""French dates, written years and clock times (parsers.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from parsers.dates import (
    find_dates,
    parse_french_date,
    parse_french_number,
    parse_time,
    parse_written_year,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1er février 2019", dt.date(2019, 2, 1)),
        ("1 er février 2019", dt.date(2019, 2, 1)),  # raw extraction splits "1er"
        ("19 juillet 2018", dt.date(2018, 7, 19)),
        ("05 juillet 2018", dt.date(2018, 7, 5)),
        ("le 17 mars 2022", dt.date(2022, 3, 17)),
        ("19/07/2022", dt.date(2022, 7, 19)),
        ("mardi 15 février 2022", dt.date(2022, 2, 15)),
        ("25 janvier 2019", dt.date(2019, 1, 25)),
        ("17 septembre 2021", dt.date(2021, 9, 17)),
        ("28 Octobre 2022", dt.date(2022, 10, 28)),
        ("3 aout 2020", dt.date(2020, 8, 3)),  # no accent
        ("premier février deux mille dix-neuf", dt.date(2019, 2, 1)),
    ],
)
def test_parse_french_date(text: str, expected: dt.date) -> None:
    assert parse_french_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "le 1er février", "31 février 2019", "2 487 500 €", "05.65.53.40.00", "CS2019/01"],
)
def test_parse_french_date_rejects(text: str) -> None:
    assert parse_french_date(text) is None


def test_find_dates_spans_and_order() -> None:
    text = "Comité syndical du 1 er février 2019\nDate de la convocation 25 janvier 2019"
    found = find_dates(text)
    assert [d for d, _ in found] == [dt.date(2019, 2, 1), dt.date(2019, 1, 25)]
    assert [text[s.start : s.end] for _, s in found] == ["1 er février 2019", "25 janvier 2019"]


def test_find_dates_wrapped_year_and_numeric() -> None:
    # a deliberation title wraps the year onto the next line; stamps print numeric dates
    text = "séance du 17 mars\n2022\nReçu le 19/07/2022"
    found = find_dates(text)
    assert [d for d, _ in found] == [dt.date(2022, 3, 17), dt.date(2022, 7, 19)]
    assert text[found[1][1].start : found[1][1].end] == "19/07/2022"


def test_find_dates_weekday_in_span() -> None:
    text = "s'est déroulé le mardi 15 février 2022 de 15h00 à 16h30"
    ((date, span),) = find_dates(text)
    assert date == dt.date(2022, 2, 15)
    assert text[span.start : span.end] == "mardi 15 février 2022"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("deux mille dix-neuf", 2019),
        ("deux mille dix huit", 2018),
        ("deux mille vingt-deux", 2022),
        ("deux mille vingt et un", 2021),
        ("Deux-mille-vingt-trois", 2023),
        ("deux mille", 2000),
        ("mil neuf cent quatre-vingt-dix-neuf", 1999),
        ("L'an deux mille dix-neuf", 2019),
    ],
)
def test_parse_written_year(text: str, year: int) -> None:
    assert parse_written_year(text) == year


@pytest.mark.parametrize("text", ["", "Cahors", "dix-neuf", "deux mille dix-neuf bis"])
def test_parse_written_year_rejects(text: str) -> None:
    assert parse_written_year(text) is None


def test_parse_french_number() -> None:
    assert parse_french_number("soixante-dix-sept") == 77
    assert parse_french_number("quatre-vingts") == 80
    assert parse_french_number("vingt-neuf") == 29
    assert parse_french_number("trois cents") == 300
    assert parse_french_number("bonjour") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11h", "11:00"),
        ("12h30", "12:30"),
        ("09h30", "09:30"),
        ("20H50", "20:50"),
        ("9h", "09:00"),
        ("20 h 50", "20:50"),
        ("18:15", "18:15"),
        ("11 heures 30", "11:30"),
    ],
)
def test_parse_time(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["", "25h", "12h75", "h30", "midi"])
def test_parse_time_rejects(text: str) -> None:
    assert parse_time(text) is None

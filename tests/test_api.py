"""`import delib`: the tables of an ingest in pandas and SQL, clear errors for a wrong folder
or a misspelt table; the members table links people across documents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import delib
from pipeline.members import Roster, members_rows
from pipeline.store import read_table
from tests.corpus_output import corpus_output


@pytest.fixture(scope="module")
def db() -> delib.Database:
    return delib.open(corpus_output())


def test_tables_in_pandas_and_sql(db: delib.Database) -> None:
    assert "votes" in db.tables and "members" in db.tables
    votes = db.table("votes")
    rejected = votes[votes["outcome"] == "rejected"]
    assert list(rejected["item_title"]) == ["Réglementation des questions diverses"]
    assert (int(rejected["votes_for"].iloc[0]), int(rejected["votes_against"].iloc[0])) == (5, 6)
    # nullable counts stay integers: null means "not printed", never 0 or NaN-as-float
    assert str(votes["votes_against"].dtype) == "Int32"
    df = db.sql("SELECT count(*) AS n FROM deliberations")
    assert int(df["n"].iloc[0]) == 19


def test_missing_or_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(delib.DataFolderError, match="n'existe pas"):
        delib.open(tmp_path / "nowhere")
    with pytest.raises(delib.DataFolderError, match="ne contient aucune table"):
        delib.open(tmp_path)
    with pytest.raises(delib.DataFolderError, match="n'existe pas"):
        read_table(tmp_path / "nowhere", "votes")  # no longer an empty table


def test_misspelt_table_names_the_tables(db: delib.Database) -> None:
    with pytest.raises(delib.UnknownTableError) as err:
        db.table("vote")
    assert "Vouliez-vous dire « votes » ?" in str(err.value)
    assert "attendees" in str(err.value) and "members" in str(err.value)
    with pytest.raises(KeyError):  # still a KeyError for code that caught one
        read_table(corpus_output(), "atendees")


def test_find_data_walks_up_to_the_repository(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "notebooks").mkdir()
    assert delib.find_data(tmp_path / "notebooks") == tmp_path / "data" / "processed"


def test_attendance_links_first_names_to_members(db: delib.Database) -> None:
    att = db.attendance()
    maryline = att[att["member"] == "Maryline LECESTRE"]
    assert list(maryline["date"].astype(str)) == ["2021-09-17", "2022-10-28", "2023-02-24"]
    assert list(maryline["name"]) == ["Maryline", "Maryline LECESTRE", "Maryline"]
    assert maryline["member_id"].nunique() == 1


def test_members_of_the_corpus(db: delib.Database) -> None:
    members = db.table("members")
    couthenans = members[members["organisation"] == "Commune de Couthenans"]
    assert len(couthenans) == 14  # 13 full names, and "Mario", listed in 2021 only
    mario = couthenans[couthenans["name"] == "Mario"].iloc[0]
    assert mario["matched_by"] == "given_name_only" and pd.isna(mario["family_name"])
    yves = couthenans[couthenans["name"] == "Yves LISCHKA"].iloc[0]
    assert sorted(yves["names"]) == ["Yves", "Yves LISCHKA"] and yves["sessions"] == 3
    assert len(yves["documents"]) == 3
    # a member of both 2019 and 2022 registers of Lot numérique is one row
    magot = members[members["name"] == "Stéphane MAGOT"]
    assert len(magot) == 1 and int(magot["sessions"].iloc[0]) == 4


def test_ids_are_stable_across_runs() -> None:
    first = read_table(corpus_output(), "members").column("member_id").to_pylist()
    again = read_table(corpus_output(), "members").column("member_id").to_pylist()
    assert first == again and len(set(first)) == len(first)


def _tables(*sessions: tuple[str, str, list[str]]) -> dict[str, list[dict]]:
    return {
        "sessions": [
            {"session_id": sid, "organisation": "Commune de X", "body": "CM", "date": date}
            for sid, date, _ in sessions
        ],
        "attendees": [
            {"session_id": sid, "name": n, "document_id": sid}
            for sid, _, names in sessions
            for n in names
        ],
        "proxies": [],
    }


def test_a_given_name_shared_by_two_full_names_stays_apart() -> None:
    rows = members_rows(
        _tables(
            ("s1", "2021-01-01", ["Marc", "Anne"]),
            ("s2", "2022-01-01", ["Marc SAUGET", "Marc DURAND", "Anne LEROY"]),
        )
    )
    by_name = {r["name"]: r for r in rows}
    assert set(by_name) == {"Marc", "Marc SAUGET", "Marc DURAND", "Anne LEROY"}
    assert by_name["Marc"]["matched_by"] == "given_name_only"
    assert by_name["Anne LEROY"]["names"] == ["Anne", "Anne LEROY"]
    assert by_name["Anne LEROY"]["matched_by"] == "given_name_unique"


def test_roster_resolves_a_bare_given_name_only_when_unique() -> None:
    roster = Roster(["Maryline XAVIER"])
    assert roster.resolve("Maryline") == ("Maryline XAVIER", "given_name_unique")
    assert Roster([]).resolve("Maryline") == ("Maryline", "given_name_only")

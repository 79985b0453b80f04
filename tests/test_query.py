"""`delib query`: SQL over DuckDB views named after the tables, on the sample corpus."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from pipeline.cli import query_cmd
from pipeline.query import connect, run_query
from schemas.tables import TABLES
from tests.corpus_output import corpus_output


def test_every_table_is_a_view() -> None:
    con = connect(corpus_output())
    try:
        for name in [*TABLES, "members"]:
            assert con.execute(f"SELECT count(*) FROM {name}").fetchone() is not None
    finally:
        con.close()


def test_counts_read_off_the_registers() -> None:
    cols, rows = run_query(
        corpus_output(),
        "SELECT s.date, count(*) AS extracts, min(d.present) AS present, min(d.voters) AS voters "
        "FROM deliberations d JOIN sessions s USING (session_id) GROUP BY s.date ORDER BY s.date",
    )
    assert cols == ["date", "extracts", "present", "voters"]
    # 13 extracts on 1 Feb 2019 (13 present, 13 voters); 6 on 29 June 2022 (8 present, 11)
    assert [(str(r[0]), r[1], r[2], r[3]) for r in rows] == [
        ("2019-02-01", 13, 13, 13),
        ("2022-06-29", 6, 8, 11),
    ]


def test_csv_output() -> None:
    res = CliRunner().invoke(
        query_cmd,
        [
            "SELECT giver, holder FROM proxies WHERE deliberation_id LIKE '%CS2022/16' "
            "ORDER BY giver",
            "--data",
            str(corpus_output()),
            "--format",
            "csv",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(res.output)))
    assert rows == [
        ["giver", "holder"],
        ["Dominique MARIN", "Jean-Pierre JAMMES"],
        ["Martine RODRIGUES", "Jean-Luc NAYRAC"],
        ["Stéphane MAGOT", "Gérard ALAZARD"],
    ]


def test_table_output_and_sql_errors() -> None:
    runner = CliRunner()
    res = runner.invoke(
        query_cmd,
        ["SELECT count(*) AS n FROM deliberations", "--data", str(corpus_output())],
    )
    assert res.exit_code == 0 and "19" in res.output and "1 ligne" in res.output
    res = runner.invoke(query_cmd, ["SELECT * FROM nowhere", "--data", str(corpus_output())])
    assert res.exit_code == 2 and "erreur SQL" in res.output


def test_json_output_and_the_deprecated_csv_flag() -> None:
    sql = "SELECT number, voters FROM deliberations WHERE number = 'CS2022/16'"
    res = CliRunner().invoke(query_cmd, [sql, "--data", str(corpus_output()), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"number": "CS2022/16", "voters": 11}]
    old = CliRunner().invoke(query_cmd, [sql, "--out", str(corpus_output()), "--csv"])
    assert old.exit_code == 0 and old.stdout == "number,voters\nCS2022/16,11\n"
    assert "--out est obsolète" in old.stderr and "--csv est obsolète" in old.stderr


def test_wide_rows_are_printed_one_field_per_line() -> None:
    sql = "SELECT * FROM deliberations WHERE number = 'CS2022/16'"
    res = CliRunner().invoke(query_cmd, [sql, "--data", str(corpus_output())])
    assert res.exit_code == 0
    assert "── ligne 1 ──" in res.output
    assert any(
        line.strip().startswith("title │ Validation du procès-verbal")
        for line in res.output.splitlines()
    )


def test_zero_rows_and_missing_folders(tmp_path) -> None:
    runner = CliRunner()
    res = runner.invoke(
        query_cmd, ["SELECT * FROM votes WHERE false", "--data", str(corpus_output())]
    )
    assert res.exit_code == 0 and "0 ligne" in res.output
    for folder in (tmp_path / "nowhere", tmp_path):  # missing, then empty
        res = runner.invoke(query_cmd, ["SELECT 1", "--data", str(folder)])
        assert res.exit_code == 2 and "delib ingest" in res.output, res.output


def test_members_is_a_view() -> None:
    _, rows = run_query(
        corpus_output(), "SELECT count(*) FROM members WHERE organisation LIKE '%Couthenans'"
    )
    assert rows == [(14,)]

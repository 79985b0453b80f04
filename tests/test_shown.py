"""Document text is data wherever it is shown (pipeline/display.py), and `delib query`
cannot change a table or reach a file unless asked (--allow-writes)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipeline.cli import query_cmd
from pipeline.display import markdown, spreadsheet, terminal
from pipeline.document import DocumentResult
from pipeline.document import document_row as _document_row
from pipeline.export import to_csv
from pipeline.ingest_console import summary_line as _summary_line
from pipeline.query import QueryRefusedError, connect, run_query
from pipeline.store import table_files
from tests.corpus_output import corpus_output


def test_markdown_leaves_no_html_link_image_or_markup() -> None:
    shown = markdown(
        "<script>alert(1)</script> [clic](javascript:alert(1)) ![x](https://evil.example/t.png) "
        "<https://evil.example> **gras** `code` | cellule\nligne"
    )
    assert "<" not in shown and ">" not in shown
    for live in ("[clic](", "![x](", "**gras**", "`code`", "\n"):
        assert live not in shown
    assert "\\| cellule" in shown
    assert "\\[clic\\]\\(javascript:alert\\(1\\)\\)" in shown
    assert markdown("- point").startswith("\\-")


def test_terminal_shows_control_characters_escaped_on_one_line() -> None:
    name = "a\x1b[2J\nOK        b.txt\r\u202eexe.pdf"
    shown = terminal(name)
    assert "\n" not in shown and "\x1b" not in shown and "\r" not in shown
    assert shown == "a\\x1b[2J\\nOK        b.txt\\r\\u202eexe.pdf"
    assert terminal("l1\nl2\x07", keep_newlines=True) == "l1\nl2\\x07"


@pytest.mark.parametrize(
    "cell", ['=HYPERLINK("http://x")', "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_spreadsheet_cells_that_start_a_formula_are_text(cell: str) -> None:
    assert spreadsheet(cell) == "'" + cell


def test_spreadsheet_leaves_numbers_and_plain_text() -> None:
    assert [spreadsheet(v) for v in ("-12", "-14800,50", "+3.5", "Budget", None, 7)] == [
        "-12",
        "-14800,50",
        "+3.5",
        "Budget",
        "",
        "7",
    ]


def test_scdl_csv_cells_are_neutralised() -> None:
    text = to_csv(
        [{"DELIB_OBJET": "=cmd|' /C calc'!A0", "VOTE_POUR": "12"}], ["DELIB_OBJET", "VOTE_POUR"]
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["'=cmd|' /C calc'!A0", "12"]


def test_a_file_name_with_a_newline_gives_one_summary_line() -> None:
    row = _document_row(Path("/x/faux\n  OK        autre.txt: register\x1b[31m.txt"), "id")
    row.update(status="error", error="illisible\nOK")
    line = _summary_line(DocumentResult(row))
    assert "\n" not in line and "\x1b" not in line
    assert line.startswith("  ERROR     faux\\n")


# --- delib query ------------------------------------------------------------------------


def test_query_is_read_only_by_default(tmp_path: Path) -> None:
    out = corpus_output()
    target = table_files(out, "documents")[0]
    before = target.read_bytes()
    for sql in (
        f"COPY (SELECT 1 AS x) TO '{target}' (FORMAT parquet)",
        f"ATTACH '{tmp_path / 'x.db'}'",
        "CREATE TABLE t AS SELECT 1",
        "SELECT 1; DROP VIEW documents",
    ):
        with pytest.raises(QueryRefusedError, match="read-only"):
            run_query(out, sql)
    # file access from inside a SELECT is closed too, and cannot be reopened
    with pytest.raises(Exception, match="disabled"):
        run_query(out, "SELECT * FROM read_csv('/etc/hostname')")
    con = connect(out)
    with pytest.raises(duckdb.Error, match="configuration"):
        con.execute("SET enable_external_access = true")
    con.close()
    assert target.read_bytes() == before
    res = CliRunner().invoke(
        query_cmd, [f"COPY documents TO '{tmp_path / 'd.csv'}'", "--out", str(out)]
    )
    assert res.exit_code == 2 and "read-only" in res.output and not (tmp_path / "d.csv").exists()


def test_allow_writes_gives_duckdb_back(tmp_path: Path) -> None:
    dest = tmp_path / "documents.csv"
    res = CliRunner().invoke(
        query_cmd, [f"COPY documents TO '{dest}'", "--out", str(corpus_output()), "--allow-writes"]
    )
    assert res.exit_code == 0, res.output
    assert dest.exists()


def test_query_shows_markup_as_text_and_neutralises_csv_formulas() -> None:
    out = str(corpus_output())
    sql = "SELECT '[/red]' AS a, '[bold]gras[/bold]' AS b, '=1+1' AS c, -5 AS n, 'x\x1b[31my' AS e"
    res = CliRunner().invoke(query_cmd, [sql, "--data", out])
    assert res.exit_code == 0, res.output
    assert "[/red]" in res.output and "[bold]gras[/bold]" in res.output
    assert "\x1b" not in res.output and "x\\x1b[31my" in res.output
    res = CliRunner().invoke(query_cmd, [sql, "--data", out, "--format", "csv"])
    assert list(csv.reader(io.StringIO(res.output)))[1] == [
        "[/red]",
        "[bold]gras[/bold]",
        "'=1+1",
        "-5",
        "x\x1b[31my",
    ]

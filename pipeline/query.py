"""SQL over the tables of an ingest: ``delib query "SELECT …"``.

Every table of :data:`schemas.tables.TABLES` is read with :func:`pipeline.store.read_table`
(whatever the on-disk layout) and registered in an in-memory DuckDB connection as a view
named after the table, so ``SELECT rule, count(*) FROM findings GROUP BY rule`` just works.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.table import Table as RichTable

from pipeline.store import read_table
from schemas.tables import TABLES


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``out_dir``."""
    con = duckdb.connect(":memory:")
    for name in TABLES:
        # register() exposes the Arrow table as a view without copying it.
        con.register(name, read_table(out_dir, name))
    return con


def run_query(out_dir: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of ``sql`` run over the tables of ``out_dir``."""
    con = connect(out_dir)
    try:
        rel = con.execute(sql)
        columns = [d[0] for d in rel.description] if rel.description else []
        return columns, rel.fetchall()
    finally:
        con.close()


def _cell(value: object) -> str:
    return "" if value is None else str(value)


@click.command("query")
@click.argument("sql")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/processed"),
    show_default=True,
    help="Folder written by `delib ingest`.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def query_cmd(sql: str, out_dir: Path, as_csv: bool) -> None:
    """Run SQL (DuckDB dialect) over the tables, each a view named after it.

    \b
    Examples:
      delib query "SELECT rule, status, count(*) FROM checks GROUP BY ALL ORDER BY 1"
      delib query "SELECT name, count(*) FROM attendees WHERE status = 'present'
                   GROUP BY name ORDER BY 2 DESC" --csv
    Views: documents, sessions, deliberations, attendees, proxies, votes, … (`delib schema`).
    """
    try:
        columns, rows = run_query(out_dir, sql)
    except duckdb.Error as exc:
        raise click.UsageError(f"SQL error: {exc}") from exc
    if as_csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in r] for r in rows])
        sys.stdout.write(buf.getvalue())
        return
    table = RichTable(*columns, show_lines=False)
    for r in rows:
        table.add_row(*(_cell(v) for v in r))
    Console(width=max(Console().width, 120)).print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")

"""SQL over the tables of an ingest: ``delib query "SELECT …"``.

Every table of :data:`schemas.tables.TABLES` is read with :func:`pipeline.store.read_table`
(whatever the on-disk layout) and registered in an in-memory DuckDB connection as a view
named after the table, so ``SELECT rule, count(*) FROM findings GROUP BY rule`` just works.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import click
import duckdb
from rich.console import Console
from rich.table import Table as RichTable

from pipeline.french import plural
from pipeline.options import data_option, usage_errors
from pipeline.store import read_table
from schemas.tables import DERIVED_TABLES, TABLES


def connect(out_dir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``out_dir``."""
    con = duckdb.connect(":memory:")
    for name in (*TABLES, *DERIVED_TABLES):
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


def _json_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)  # dates, decimals: as printed


def render_csv(columns: list[str], rows: list[tuple]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_cell(v) for v in r] for r in rows])
    return buf.getvalue()


def render_json(columns: list[str], rows: list[tuple]) -> str:
    records = [{c: _json_value(v) for c, v in zip(columns, r, strict=True)} for r in rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def print_table(columns: list[str], rows: list[tuple], width: int) -> None:
    """A table when it fits the terminal; one block per row when it is too wide to read."""
    console = Console(width=width)
    natural = sum(
        max([len(c), *(len(_cell(r[i])) for r in rows)]) + 3 for i, c in enumerate(columns)
    )
    if natural <= width or len(columns) <= 2:
        table = RichTable(*columns, show_lines=False)
        for r in rows:
            table.add_row(*(_cell(v) for v in r))
        console.print(table)
        return
    label = max(len(c) for c in columns)
    for n, r in enumerate(rows, start=1):
        console.print(f"[bold]── ligne {n} ──[/bold]")
        for c, v in zip(columns, r, strict=True):
            console.print(f"{c:>{label}} │ {_cell(v)}", markup=False, highlight=False)


@click.command("query")
@click.argument("sql")
@data_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table : pour lire (une fiche par ligne quand c'est trop large) ; csv, json : pour "
    "un tableur ou un programme.",
)
@click.option("--csv", "as_csv", is_flag=True, hidden=True)  # before --format csv
@usage_errors
def query_cmd(sql: str, data_dir: Path, fmt: str, as_csv: bool) -> None:
    """Exécute du SQL (DuckDB) sur les tables, chacune une vue à son nom.

    \b
    Exemples :
      delib query "SELECT rule, status, count(*) FROM checks GROUP BY ALL ORDER BY 1"
      delib query "SELECT name, count(*) FROM attendees WHERE status = 'present'
                   GROUP BY name ORDER BY 2 DESC" --format csv
    Vues : documents, sessions, deliberations, attendees, proxies, votes, …, members
    (`delib schema`).
    """
    if as_csv:
        click.echo("avertissement : --csv est obsolète, utilisez --format csv", err=True)
        fmt = "csv"
    try:
        columns, rows = run_query(data_dir, sql)
    except duckdb.Error as exc:
        raise click.UsageError(f"erreur SQL : {exc}") from exc
    if fmt == "csv":
        sys.stdout.write(render_csv(columns, rows))
        return
    if fmt == "json":
        sys.stdout.write(render_json(columns, rows))
        return
    print_table(columns, rows, max(Console().width, 100))
    click.echo(plural(len(rows), "ligne"))

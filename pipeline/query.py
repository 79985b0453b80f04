"""SQL over the tables of an ingest: ``delib query "SELECT …"``.

Every table of :data:`schemas.tables.TABLES` is read with :func:`pipeline.store.read_table`
(whatever the on-disk layout) and registered in an in-memory DuckDB connection as a view
named after the table, so ``SELECT rule, count(*) FROM findings GROUP BY rule`` just works.

Read-only by default. DuckDB can write and read any file (``COPY … TO`` over a partition
file replaced it, and the next incremental ingest kept the damage as "unchanged"), so
once the tables are registered the connection is closed to the outside
(``enable_external_access=false``, then ``lock_configuration=true`` so that SQL cannot
undo it), and only queries (SELECT, EXPLAIN) are run. ``--allow-writes`` gives the whole
of DuckDB back (files, COPY, ATTACH, extensions) for whoever asks for it.
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
from rich.text import Text

from pipeline import display
from pipeline.store import read_table
from schemas.tables import TABLES

READ_ONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}


class QueryRefusedError(duckdb.Error):
    """A statement that would write, or reach outside the tables, in read-only mode."""


def connect(out_dir: Path, *, allow_writes: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``out_dir``; closed
    to files, extensions and configuration changes unless ``allow_writes``."""
    con = duckdb.connect(":memory:")
    for name in TABLES:
        # register() exposes the Arrow table as a view without copying it.
        con.register(name, read_table(out_dir, name))
    if not allow_writes:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


def run_query(
    out_dir: Path, sql: str, *, allow_writes: bool = False
) -> tuple[list[str], list[tuple]]:
    """Column names and rows of ``sql`` run over the tables of ``out_dir``.

    Read-only unless ``allow_writes``: raises :class:`QueryRefusedError` for any
    statement but SELECT and EXPLAIN.
    """
    con = connect(out_dir, allow_writes=allow_writes)
    try:
        if not allow_writes:
            for statement in con.extract_statements(sql):
                if statement.type not in READ_ONLY_STATEMENTS:
                    raise QueryRefusedError(
                        f"{statement.type.name} refused: delib query is read-only "
                        "(SELECT and EXPLAIN); --allow-writes runs anything"
                    )
        rel = con.execute(sql)
        columns = [d[0] for d in rel.description] if rel.description else []
        return columns, rel.fetchall()
    finally:
        con.close()


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def _csv_cell(value: object) -> str:
    # text may start a formula in a spreadsheet; numbers and dates are left as they are
    return display.spreadsheet(value) if isinstance(value, str) else _cell(value)


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
@click.option(
    "--csv",
    "as_csv",
    is_flag=True,
    help="Print CSV instead of a table (text cells that would start a formula get a "
    "leading apostrophe).",
)
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Run any statement with full DuckDB: COPY, ATTACH, CREATE, files and extensions "
    "(default: read-only, no access outside the tables).",
)
def query_cmd(sql: str, out_dir: Path, as_csv: bool, allow_writes: bool) -> None:
    """Run SQL (DuckDB dialect) over the tables, each a view named after it.

    \b
    Examples:
      delib query "SELECT rule, status, count(*) FROM checks GROUP BY ALL ORDER BY 1"
      delib query "SELECT name, count(*) FROM attendees WHERE status = 'present'
                   GROUP BY name ORDER BY 2 DESC" --csv
    Views: documents, sessions, deliberations, attendees, proxies, votes, … (`delib schema`).
    Read-only: only SELECT and EXPLAIN, no file read or written, unless --allow-writes.
    """
    try:
        columns, rows = run_query(out_dir, sql, allow_writes=allow_writes)
    except duckdb.Error as exc:
        raise click.UsageError(f"SQL error: {exc}") from exc
    if as_csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_csv_cell(v) for v in r] for r in rows])
        sys.stdout.write(buf.getvalue())
        return
    # Text objects, not strings: a cell "[/red]" is shown, never read as Rich markup
    table = RichTable(show_lines=False)
    for c in columns:
        table.add_column(Text(display.terminal(c)))
    for r in rows:
        table.add_row(*(Text(display.terminal(_cell(v), keep_newlines=True)) for v in r))
    Console(width=max(Console().width, 120)).print(table)
    click.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")

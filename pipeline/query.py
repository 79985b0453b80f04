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
import json
import sys
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from delib.errors import DelibError
from pipeline import display
from pipeline.french import plural
from pipeline.store import read_table
from schemas.tables import DERIVED_TABLES, TABLES

READ_ONLY_STATEMENTS = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
QUERY_FORMATS = ("table", "csv", "json")

# What a query that cannot run raises (a syntax error, an unknown column, a refusal).
QueryError = duckdb.Error


class QueryRefusedError(DelibError, duckdb.Error):
    """A statement that would write, or reach outside the tables, in read-only mode."""

    # The one error defined outside delib/errors.py: it must also be a duckdb.Error (what
    # callers of a query catch), and delib.errors imports nothing heavy.


def connect(out_dir: Path, *, allow_writes: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table of ``out_dir``; closed
    to files, extensions and configuration changes unless ``allow_writes``."""
    con = duckdb.connect(":memory:")
    for name in (*TABLES, *DERIVED_TABLES):
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


def _json_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)  # dates, decimals: as printed


def render_csv(columns: list[str], rows: list[tuple]) -> str:
    """CSV for a spreadsheet: text cells that would start a formula get an apostrophe."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[_csv_cell(v) for v in r] for r in rows])
    return buf.getvalue()


def render_json(columns: list[str], rows: list[tuple]) -> str:
    records = [{c: _json_value(v) for c, v in zip(columns, r, strict=True)} for r in rows]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _shown(value: object) -> Text:
    # a Text, not a string: a cell "[/red]" is shown, never read as Rich markup
    return Text(display.terminal(_cell(value), keep_newlines=True))


def print_table(columns: list[str], rows: list[tuple], width: int) -> None:
    """A table when it fits the terminal; one block per row when it is too wide to read."""
    console = Console(width=width)
    natural = sum(
        max([len(c), *(len(_cell(r[i])) for r in rows)]) + 3 for i, c in enumerate(columns)
    )
    if natural <= width or len(columns) <= 2:
        table = RichTable(show_lines=False)
        for c in columns:
            table.add_column(Text(display.terminal(c)))
        for r in rows:
            table.add_row(*(_shown(v) for v in r))
        console.print(table)
        return
    label = max(len(c) for c in columns)
    for n, r in enumerate(rows, start=1):
        console.print(Text(f"── ligne {n} ──", style="bold"))
        for c, v in zip(columns, r, strict=True):
            console.print(Text(f"{display.terminal(c):>{label}} │ ") + _shown(v))


def print_result(columns: list[str], rows: list[tuple], fmt: str) -> None:
    """The rows on stdout: CSV or JSON for a program, a table (or one block per row when
    too wide) and the row count for a person."""
    if fmt == "csv":
        sys.stdout.write(render_csv(columns, rows))
    elif fmt == "json":
        sys.stdout.write(render_json(columns, rows))
    else:
        print_table(columns, rows, max(Console().width, 100))
        sys.stdout.write(plural(len(rows), "ligne") + "\n")

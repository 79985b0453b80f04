"""The analyst API behind ``import delib`` (see the package's docstring): an ingest's
tables as pandas DataFrames and DuckDB views."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from pipeline.bodies import fold
from pipeline.store import (
    read_table,
    require_data,
    table_definition,
)
from schemas.tables import DERIVED_TABLES, TABLES

__all__ = ["Database", "find_data", "open"]

DEFAULT_DATA = Path("data") / "processed"
# Counts are nullable (null = not printed): pandas' nullable integers keep them integers
# instead of floats with NaN; strings, dates and money (Decimal) stay ordinary objects.
_NULLABLE = {
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


class Database:
    """Read access to one output folder. Tables are read once, then kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = require_data(Path(folder))
        self._frames: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return f"delib.open({str(self.folder)!r})"

    @property
    def tables(self) -> list[str]:
        return [*TABLES, *DERIVED_TABLES]

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` as a DataFrame; counts stay nullable integers (null = not printed)."""
        table_definition(name)  # UnknownTableError naming the tables
        if name not in self._frames:
            arrow = read_table(self.folder, name)
            self._frames[name] = arrow.to_pandas(types_mapper=_NULLABLE.get)
        return self._frames[name].copy()

    @cached_property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table."""
        from pipeline.query import connect

        return connect(self.folder)

    def sql(self, query: str) -> pd.DataFrame:
        """Run ``query`` (DuckDB SQL, tables as views) and return the result as a DataFrame."""
        return self.connection.execute(query).df()

    def attendance(self) -> pd.DataFrame:
        """One row per session and person listed: date, status and the member's stable id.

        Register extracts repeat their session's attendance block, so a person appears once
        per extract in ``attendees``; here once per session.
        """
        from pipeline.members import name_index

        sessions = self.table("sessions")[["session_id", "organisation", "body", "date"]]
        att = self.table("attendees").drop_duplicates(["session_id", "name"])
        att = att.merge(sessions, on="session_id", how="left")
        index = name_index(self.table("members").to_dict("records"))
        att["member_id"] = [
            index.get((fold(o or ""), fold(b or ""), fold(n or "")))
            for o, b, n in zip(att["organisation"], att["body"], att["name"], strict=True)
        ]
        members = self.table("members")[["member_id", "name"]].rename(columns={"name": "member"})
        att = att.merge(members, on="member_id", how="left")
        columns = ["date", "organisation", "body", "member", "name", "status", "member_id"]
        return att[[*columns, "session_id"]].sort_values(["date", "member"]).reset_index(drop=True)


def find_data(start: Path | None = None) -> Path:
    """The ``data/processed`` folder of the repository that holds ``start`` (default: the
    working directory), searched upwards, so a notebook under ``notebooks/`` finds it."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / DEFAULT_DATA
        if candidate.is_dir() or (folder / "pyproject.toml").is_file():
            return candidate
    return here / DEFAULT_DATA


def open(folder: str | Path | None = None) -> Database:
    """The tables in ``folder`` (default: the repository's data/processed, see find_data)."""
    return Database(Path(folder) if folder is not None else find_data())

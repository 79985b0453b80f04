"""delib for analysts: the tables of an ingest, in pandas and in SQL.

    import delib
    db = delib.open("data/processed")      # the folder `delib ingest` wrote
    db.tables                              # ['documents', 'sessions', …, 'members']
    db.table("votes")                      # a pandas DataFrame (nullable counts stay integers)
    db.sql("SELECT outcome, count(*) FROM votes GROUP BY 1")   # DuckDB, as a DataFrame
    db.attendance()                        # who attended which session, with member ids

A folder that does not exist or holds no ingest raises :class:`DataFolderError` at
``open``, and a misspelt table an :class:`UnknownTableError` naming the tables: an empty
result always means "nothing of that kind was found", never "wrong folder". Every error
delib raises on purpose derives from :class:`DelibError` (``delib.errors``).

The package is named ``delib`` because the distribution's inner packages (``pipeline``,
``parsers``, ``schemas``) carry names other projects use too; this is the stable entry point.
The analyst API (``delib.api``: pandas, DuckDB) is imported on first use, so that
``parsers`` can import ``delib.errors`` without loading it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from delib.errors import DataFolderError, DelibError, UnknownTableError

if TYPE_CHECKING:
    from delib.api import Database, find_data, open

__all__ = ["DataFolderError", "Database", "DelibError", "UnknownTableError", "find_data", "open"]

_API = frozenset({"Database", "find_data", "open", "DEFAULT_DATA"})


def __getattr__(name: str) -> Any:
    if name in _API:
        from delib import api

        return getattr(api, name)
    raise AttributeError(f"module 'delib' has no attribute {name!r}")

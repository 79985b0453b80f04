"""Store stage: Parquet tables written atomically.

Each table is written to a temporary file in the output folder, flushed to disk,
then renamed over the previous version: a reader (or a crash) sees either the old
complete file or the new complete file, never a half-written one.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.tables import TABLES, Table


def table_path(out_dir: Path, name: str) -> Path:
    return out_dir / f"{name}.parquet"


def to_arrow(table: Table, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts keyed by column name) as an Arrow table of the table's schema."""
    cols = table.names
    rows = list(rows)
    unknown = {k for r in rows for k in r} - set(cols)
    if unknown:
        raise ValueError(f"{table.name}: unknown columns {sorted(unknown)}")
    data = {c: [r.get(c) for r in rows] for c in cols}
    return pa.Table.from_pydict(data, schema=table.schema)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` so that readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_table(out_dir: Path, table: Table, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write one table atomically; returns its path."""
    arrow = to_arrow(table, rows)
    sink = pa.BufferOutputStream()
    pq.write_table(arrow, sink, compression="zstd")
    path = table_path(out_dir, table.name)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())
    return path


def write_json(path: Path, data: Any) -> None:
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    atomic_write_bytes(path, (payload + "\n").encode("utf-8"))


def read_table(out_dir: Path, name: str) -> pa.Table:
    """Read a stored table, or an empty one of the right schema if it was never written."""
    path = table_path(out_dir, name)
    if not path.exists():
        return TABLES[name].schema.empty_table()
    return pq.read_table(path)

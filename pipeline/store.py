"""Store stage: Parquet tables, partitioned by organisation and year, written atomically.

Layout (see docs/data-contract.md, "Files")::

    OUT/<table>.parquet/org=<slug>/year=<yyyy>/part-0.parquet

Each table is a folder of Hive-style partitions, so pyarrow, pandas
(``pd.read_parquet(OUT / "attendees.parquet")``) and DuckDB
(``read_parquet('OUT/attendees.parquet/*/*/*.parquet')``) read it as one dataset and
can prune on ``org`` and ``year``. The folder keeps the ``.parquet`` name of the
former one-file layout, so paths written against it keep working.

Every partition file is written to a temporary name in its folder, flushed to disk,
then renamed over the previous version: a reader (or a crash) sees either the old
complete file or the new complete file, never a half-written one.
:func:`read_table` is the one way to read a whole table whatever the layout.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from delib.errors import DataFolderError, RowSchemaError, UnknownTableError
from schemas.tables import DERIVED_TABLES, TABLES, Table

PART_FILE = "part-0.parquet"
# Partition values for documents without a dated session (not a register, or not
# read). Not null: pandas cannot yet read Hive partitions whose dictionary holds nulls.
UNKNOWN_ORG = "unknown"
UNKNOWN_YEAR = 0


def table_path(out_dir: Path, name: str) -> Path:
    """The folder (or, for outputs of delib < 0.2, the single file) of table ``name``."""
    return out_dir / f"{name}.parquet"


def slugify(text: str) -> str:
    """ASCII, lower-case, dash-separated: safe in a folder name on every system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or UNKNOWN_ORG


def partition_key(organisation: str | None, year: int | None) -> str:
    """The partition (``org=<slug>/year=<yyyy>``) of a document's rows."""
    org = slugify(organisation) if organisation else UNKNOWN_ORG
    return f"org={org}/year={year if year else UNKNOWN_YEAR}"


def partition_file(out_dir: Path, name: str, key: str) -> Path:
    """Where partition ``key`` of table ``name`` lives."""
    return table_path(out_dir, name) / key / PART_FILE


def table_glob(out_dir: Path, name: str) -> str:
    """A glob matching every partition file of a table (for DuckDB's ``read_parquet``)."""
    return str(table_path(out_dir, name) / "*" / "*" / "*.parquet")


def table_files(out_dir: Path, name: str) -> list[Path]:
    """The Parquet files of a table, in reading order (empty if never written)."""
    path = table_path(out_dir, name)
    if path.is_file():  # one-file layout of earlier versions
        return [path]
    if not path.is_dir():
        return []
    # Hidden names are temporary files of a write in progress: never part of the table.
    return sorted(p for p in path.glob("*/*/*.parquet") if not p.name.startswith("."))


def partitions(out_dir: Path, name: str = "documents") -> list[str]:
    """Partition keys present for a table, sorted."""
    root = table_path(out_dir, name)
    if not root.is_dir():
        return []
    return [p.parent.relative_to(root).as_posix() for p in table_files(out_dir, name)]


def to_arrow(table: Table, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """Rows (dicts keyed by column name) as an Arrow table of the table's schema.

    Every row must have exactly the table's columns: a column left out is an error
    here, at write time, not a null the data would carry unsaid.
    """
    cols = table.names
    rows = list(rows)
    expected = set(cols)
    for r in rows:
        if r.keys() != expected:
            unknown, missing = r.keys() - expected, expected - r.keys()
            if unknown:
                raise RowSchemaError(f"{table.name}: unknown columns {sorted(unknown)}")
            raise RowSchemaError(f"{table.name}: a row lacks the columns {sorted(missing)}")
    data = {c: [r[c] for r in rows] for c in cols}
    return pa.Table.from_pydict(data, schema=table.schema)


def conform(table: Table, data: pa.Table) -> pa.Table:
    """``data`` with exactly the table's columns, types and schema metadata."""
    missing = [c for c in table.names if c not in data.column_names]
    if missing:  # an error, never a column of nulls added unsaid
        raise RowSchemaError(f"{table.name}: the data lacks the columns {missing}")
    return data.select(table.names).cast(table.schema)


def encode_table(
    table: Table, pieces: Iterable[pa.Table], metadata: Mapping[str, str] | None = None
) -> bytes:
    """Parquet bytes of the concatenated ``pieces``, in order.

    Chunks are combined first so that the bytes depend only on the rows, not on how
    they were assembled (one list of dicts, or slices of earlier files): an
    incremental run and a fresh run then write identical files.
    """
    parts = [conform(table, p) for p in pieces]
    data = pa.concat_tables(parts) if parts else table.schema.empty_table()
    data = data.combine_chunks()
    meta = {**(table.schema.metadata or {})}
    meta.update({k.encode(): v.encode() for k, v in (metadata or {}).items()})
    data = data.replace_schema_metadata(meta)
    sink = pa.BufferOutputStream()
    pq.write_table(data, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_bytes_durably(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` and flush it to disk (no rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


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


def json_bytes(data: Any) -> bytes:
    """Stable JSON (sorted keys, UTF-8) for manifests and journals."""
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return (payload + "\n").encode("utf-8")


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as stable JSON, atomically."""
    atomic_write_bytes(path, json_bytes(data))


def table_definition(name: str) -> Table:
    """The table ``name``, or an error naming the known tables (a typo is the usual cause)."""
    known = {**TABLES, **DERIVED_TABLES}
    try:
        return known[name]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Vouliez-vous dire « {close[0]} » ?" if close else ""
        raise UnknownTableError(
            f"table inconnue « {name} ».{hint} Tables connues : {', '.join(known)}."
        ) from None


def require_data(out_dir: Path) -> Path:
    """``out_dir`` when it holds an ingest, else a :class:`DataFolderError` saying what to do.

    Reading a folder that does not exist, or where `delib ingest` never wrote, must not look
    like an ingest that found nothing: every reader (API, query, report, export, check)
    calls this first.
    """
    if not out_dir.exists():
        raise DataFolderError(
            f"le dossier de données « {out_dir} » n'existe pas : lancez d'abord "
            f"`delib ingest data/raw --data {out_dir}`, ou donnez le bon dossier (--data)"
        )
    if not out_dir.is_dir():
        raise DataFolderError(f"« {out_dir} » n'est pas un dossier")
    if not table_files(out_dir, "documents"):
        raise DataFolderError(
            f"le dossier « {out_dir} » ne contient aucune table de delib (pas de "
            f"documents.parquet) : lancez d'abord `delib ingest data/raw --data {out_dir}`"
        )
    return out_dir


def read_table(out_dir: Path, name: str) -> pa.Table:
    """Read a whole stored table (every partition, in order), with the table's schema.

    Returns an empty table of the right schema if it was never written in an existing
    folder; a folder that does not exist is a :class:`DataFolderError`, an unknown name an
    :class:`UnknownTableError`. Partition keys (``org``, ``year``) are not added as
    columns: the rows are exactly the table's.
    """
    table = table_definition(name)
    if not out_dir.exists():
        raise DataFolderError(f"le dossier de données « {out_dir} » n'existe pas")
    if name in DERIVED_TABLES:  # computed from the stored tables, never written
        from pipeline.members import build_members

        return build_members(out_dir)
    files = table_files(out_dir, name)
    if not files:
        return table.schema.empty_table()
    # Each file read alone (not as a dataset) so no partition columns are inferred.
    parts = [conform(table, pq.read_table(f, partitioning=None)) for f in files]
    return pa.concat_tables(parts)


def read_partition(out_dir: Path, name: str, key: str) -> pa.Table | None:
    """One partition of a table, or None when it does not exist."""
    path = partition_file(out_dir, name, key)
    if not path.exists():
        return None
    return conform(TABLES[name], pq.read_table(path, partitioning=None))

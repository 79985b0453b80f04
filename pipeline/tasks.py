"""Worker tasks: one document read in whichever process the executor chose, and spills.

A :class:`Task` goes to a worker (:mod:`pipeline.executors`), which runs
:func:`run_task` and sends back a :class:`TaskOutput`. Each result is spilled to
``OUT/.delib/staging/docs/<document_id>.pkl`` as it arrives (by the worker itself on
the local executor), so memory holds a few documents, never the archive; the commit
reads the rows back from there (:mod:`pipeline.commit`), and a killed run leaves the
files behind for the next run to reuse.
"""

from __future__ import annotations

import os
import pickle
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.document import (
    RECORD_TABLES,
    DocumentResult,
    process_document,
    unread_result,
    unreadable_id,
)
from pipeline.executors import warm_up
from pipeline.store import to_arrow
from pipeline.version import PIPELINE_VERSION
from pipeline.workers import DEFAULT_LIMITS, LimitError, Limits
from schemas.tables import TABLES


@dataclass(frozen=True)
class Task:
    """One document to read. ``spill_dir`` set: the worker writes the rows there itself."""

    path: Path
    digest: str | None
    ocr: bool
    spill_dir: Path | None
    limits: Limits = DEFAULT_LIMITS


@dataclass
class TaskOutput:
    """What a worker sends back: the result (rows spilled or not) and how it went."""

    result: DocumentResult
    spilled: bool
    pid: int
    peak_rss: int
    seconds: float


def run_task(task: Task) -> TaskOutput:
    """Read one document (in whichever process the executor chose)."""
    warm_up()
    start = time.perf_counter()
    result = process_document(task.path, ocr=task.ocr, digest=task.digest)
    spilled = task.spill_dir is not None
    if task.spill_dir is not None:
        result = spill(task.spill_dir, result)
    return TaskOutput(result, spilled, os.getpid(), _peak_rss(), time.perf_counter() - start)


def _peak_rss() -> int:
    """This process's peak resident set size, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def task_cost(task: Task) -> float:
    """How long a task is expected to take, for scheduling: its file size will do."""
    try:
        return float(task.path.stat().st_size)
    except OSError:
        return 0.0


def crashed_output(task: Task, message: str) -> TaskOutput:
    """The output of a task whose worker died: an error, and the batch goes on."""
    error = f"{message} (trop gros ou endommagé ?) ; le lot a continué"
    return _unread_output(task, "error", error, {})


def limited_output(task: Task, error: LimitError) -> TaskOutput:
    """A document stopped for going past its budget: ``timeout`` or ``too_large``."""
    limits = {"time_limit": task.limits.seconds, "memory_limit": task.limits.memory}
    return _unread_output(
        task, error.status, f"{error.message} ; le lot a continué", {"limits": limits}
    )


def _unread_output(task: Task, status: str, error: str, params: dict[str, Any]) -> TaskOutput:
    document_id = task.digest or unreadable_id(task.path)
    result = unread_result(task.path, document_id, status, error, params)
    return TaskOutput(result, False, 0, 0, 0.0)


# --- spills -----------------------------------------------------------------------------


def _spill_path(spill_dir: Path, document_id: str) -> Path:
    return spill_dir / f"{document_id}.pkl"


def spill(spill_dir: Path, result: DocumentResult) -> DocumentResult:
    """Write the result with its rows to the staging folder; return it without rows.

    The rows go as Arrow tables of their final schema: the conversion runs here, in
    the worker, rather than in the single process that commits the run.
    """
    path = _spill_path(spill_dir, result.document["document_id"])
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tables = {name: to_arrow(TABLES[name], result.rows.tables[name]) for name in RECORD_TABLES}
    except (pa.ArrowException, OverflowError, ValueError, TypeError) as exc:
        # pipeline.bounds nulls what does not fit; should a value still be refused, it
        # is this document's error, never the commit's (the run goes on)
        result = _conversion_failed(result, exc)
        tables = {name: TABLES[name].schema.empty_table() for name in RECORD_TABLES}
    summary = result.summary()
    with tmp.open("wb") as fh:
        pickle.dump(
            {"version": PIPELINE_VERSION, "result": summary, "tables": tables}, fh, protocol=5
        )
    # rename: a killed worker never leaves a half file under the real name
    os.replace(tmp, path)
    return summary


def _conversion_failed(result: DocumentResult, exc: Exception) -> DocumentResult:
    """The result of a document whose rows Arrow refused: an error, without rows."""
    row = {**result.document, "status": "error"}
    row["error"] = f"its rows do not fit the tables' types: {exc!r}"
    for column in ("sessions", "deliberations", "findings_error", "findings_warning"):
        row[column] = None
    return DocumentResult(row, partition=result.partition, parameters=result.parameters)


def load_spilled(
    spill_dir: Path, document_id: str
) -> tuple[DocumentResult, dict[str, pa.Table]] | None:
    """A spilled result (without rows) and its Arrow tables; None if there is none."""
    try:
        with _spill_path(spill_dir, document_id).open("rb") as fh:
            data = pickle.load(fh)
    except Exception:  # missing, or torn by a crash: read the document again
        return None
    if not isinstance(data, dict) or data.get("version") != PIPELINE_VERSION:
        return None
    tables = data.get("tables")
    if not isinstance(tables, dict) or set(tables) != set(RECORD_TABLES):
        return None
    return data["result"], tables

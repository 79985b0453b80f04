"""The crash-safe commit: rebuild the partitions a run changed and swap them in at once.

Only the partitions whose documents changed are rebuilt, from the spilled results
(:mod:`pipeline.tasks`) and the previous partition files, into staged files; a journal
listing the renames is written, then each staged file is renamed over its target and
the manifest last. A run killed before the journal leaves the previous output exactly
as it was; one killed during the renames is finished by the next run (the journal is
replayed before anything else). Every partition file is complete at all times.

The test hook :func:`crash_point` kills the run at named points ($DELIB_CRASH_AT).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.document import RECORD_TABLES, DocumentResult
from pipeline.executors import run_tasks
from pipeline.manifest import FILE_NAME as MANIFEST_FILE
from pipeline.manifest import Manifest
from pipeline.store import (
    encode_table,
    json_bytes,
    partition_file,
    read_partition,
    table_path,
    to_arrow,
    write_bytes_durably,
)
from pipeline.tasks import load_spilled
from pipeline.version import PIPELINE_VERSION
from schemas.tables import TABLES

WORK_DIR = ".delib"  # hidden: globs over the tables never see staging files
# Test hook: "staged:N" or "commit:N" SIGKILLs the process after the N-th document is
# spilled or the N-th file of a commit is renamed (tests/test_batch.py kill tests).
CRASH_ENV = "DELIB_CRASH_AT"

_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Test hook: kill this process at the point named by $DELIB_CRASH_AT
    ("staged:2", or "staged:2:SIGTERM" for another signal than SIGKILL)."""
    wanted = os.environ.get(CRASH_ENV)
    if not wanted or not wanted.startswith(name + ":"):
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    _, count, *sig = wanted.split(":")
    if _crash_counts[name] >= int(count):
        logging.shutdown()
        os.kill(os.getpid(), getattr(signal, sig[0]) if sig else signal.SIGKILL)


def _journal_path(out_dir: Path) -> Path:
    return out_dir / WORK_DIR / "journal.json"


def commit(
    out_dir: Path,
    old: Manifest,
    new: Manifest,
    fresh: dict[str, DocumentResult],
    spill_dir: Path,
    *,
    workers: int = 1,
) -> int:
    """Rebuild the partitions that changed, then swap them in; returns files written."""
    stage = out_dir / WORK_DIR / "staging" / "commit"
    jobs, gone = _changed_partitions(out_dir, old, new, fresh, spill_dir, stage)
    # Partitions are independent: with several workers they are built in parallel
    # (Arrow concatenation and Parquet encoding), leaving only the renames serial.
    staged_by_key = dict(
        run_tasks(
            stage_partition,
            jobs,
            workers=workers,
            on_crash=_failed_partition,
            cost=lambda job: len(job.order),
        )
    )
    renames = [pair for key in sorted(staged_by_key) for pair in staged_by_key[key]]
    deletes = [str(partition_file(out_dir, name, key)) for key in gone for name in TABLES]
    # one-file tables of earlier versions stand where the table folders go
    legacy = [str(table_path(out_dir, n)) for n in TABLES if table_path(out_dir, n).is_file()]
    manifest_bytes = json_bytes(new.to_json())
    manifest_path = out_dir / MANIFEST_FILE
    manifest_changed = not manifest_path.exists() or manifest_path.read_bytes() != manifest_bytes
    if not (renames or deletes or legacy or manifest_changed):
        return 0
    staged_manifest = stage / MANIFEST_FILE
    write_bytes_durably(staged_manifest, manifest_bytes)
    journal = {
        "legacy": legacy,
        "renames": renames,
        "deletes": deletes,
        "manifest": [str(staged_manifest), str(manifest_path)],
    }
    # The journal is the commit point: once it is on disk the run counts as done,
    # and replay_journal() finishes it if this process dies during the renames.
    write_bytes_durably(_journal_path(out_dir).with_suffix(".tmp"), json_bytes(journal))
    os.replace(_journal_path(out_dir).with_suffix(".tmp"), _journal_path(out_dir))
    replay_journal(out_dir)
    return len(renames)


def _changed_partitions(
    out_dir: Path,
    old: Manifest,
    new: Manifest,
    fresh: dict[str, DocumentResult],
    spill_dir: Path,
    stage: Path,
) -> tuple[list[PartitionJob], list[str]]:
    """The partitions whose documents or rows changed: jobs for those to rebuild, in
    key order, and the sorted keys of those left without documents (to delete)."""
    # old before new: document_rows() refreshes the statuses of file entries, which
    # the new manifest shares with the old one; the new statuses must be the last.
    old_docs = old.document_rows()
    new_docs = new.document_rows()
    new_order = new.record_order()
    dirty = set()
    for doc_id in fresh:
        dirty.add(new.partition_of(doc_id))
        if doc_id in old.documents:
            dirty.add(old.partition_of(doc_id))
    dirty |= {old.partition_of(d) for d in old.documents if d not in new.documents}
    for key in set(old_docs) | set(new_docs):
        if old_docs.get(key) != new_docs.get(key):
            dirty.add(key)
    for key in new_docs:  # a partition file deleted by hand is written again
        if any(not partition_file(out_dir, name, key).exists() for name in TABLES):
            dirty.add(key)
    jobs = []
    for key in sorted(dirty & set(new_docs)):
        order = new_order.get(key, [])
        jobs.append(
            PartitionJob(
                out_dir=out_dir,
                key=key,
                doc_rows=new_docs[key],
                order=order,
                fresh=frozenset(d for d in order if d in fresh),
                old_partitions={d: old.partition_of(d) for d in order if d not in fresh},
                spill_dir=spill_dir,
                stage=stage,
            )
        )
    return jobs, sorted(dirty - set(new_docs))


def replay_journal(out_dir: Path) -> bool:
    """Carry out a committed journal (idempotent); returns whether there was one."""
    path = _journal_path(out_dir)
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    for legacy in journal["legacy"]:
        p = Path(legacy)
        if p.is_file():
            p.unlink()
    for src, dst in journal["renames"]:
        if Path(src).exists():
            Path(dst).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dst)
            crash_point("commit")
    for dst in journal["deletes"]:
        p = Path(dst)
        p.unlink(missing_ok=True)
        for parent in (p.parent, p.parent.parent):  # year=…, then org=…
            with contextlib.suppress(OSError):
                parent.rmdir()  # only when empty
    src, dst = journal["manifest"]
    if Path(src).exists():
        os.replace(src, dst)
    path.unlink()
    return True


@dataclass(frozen=True)
class PartitionJob:
    """What it takes to rebuild one partition of every table (picklable, for a worker)."""

    out_dir: Path
    key: str
    doc_rows: list[dict[str, Any]]  # its `documents` rows, in order
    order: list[str]  # its document ids, in row order
    fresh: frozenset[str]  # those read in this run (their rows are spilled)
    old_partitions: dict[str, str]  # the others → where their rows are stored now
    spill_dir: Path
    stage: Path


def stage_partition(job: PartitionJob) -> tuple[str, list[tuple[str, str]]]:
    """Write the changed table files of one partition to the staging folder.

    Returns the partition key and the (staged file, final file) pairs to rename.
    """
    meta = {"delib.pipeline_version": PIPELINE_VERSION}
    staged = {}
    for name, payload in _build_partition(job, meta):
        target = partition_file(job.out_dir, name, job.key)
        if target.exists() and target.read_bytes() == payload:
            continue  # unchanged bytes: leave the file (and its mtime) alone
        tmp = job.stage / name / job.key / target.name
        write_bytes_durably(tmp, payload)
        staged[name] = (str(tmp), str(target))
    return job.key, [staged[name] for name in sorted(staged)]


def _failed_partition(job: PartitionJob, message: str) -> tuple[str, list[tuple[str, str]]]:
    # Nothing has been renamed yet: the previous output stays whole.
    raise RuntimeError(f"partition {job.key} could not be written ({message}); run again")


def _build_partition(job: PartitionJob, meta: dict[str, str]) -> Iterator[tuple[str, bytes]]:
    """Parquet bytes of every table of partition ``job.key``.

    Rows of documents read in this run come from their spilled results; the others
    are sliced out of the previous partition files (never re-read from the sources).
    """
    yield (
        "documents",
        encode_table(TABLES["documents"], [to_arrow(TABLES["documents"], job.doc_rows)], meta),
    )
    spilled = {d: load_spilled(job.spill_dir, d) for d in job.order if d in job.fresh}
    previous: dict[tuple[str, str], pa.Table | None] = {}
    for name in RECORD_TABLES:
        table = TABLES[name]
        pieces: list[pa.Table] = []
        for doc_id in job.order:
            if doc_id in job.fresh:
                staged = spilled[doc_id]
                if staged is None:
                    raise RuntimeError(f"staged rows of {doc_id} are missing; run again")
                pieces.append(staged[1][name])
                continue
            old_key = job.old_partitions[doc_id]
            if (name, old_key) not in previous:
                previous[(name, old_key)] = read_partition(job.out_dir, name, old_key)
            stored = previous[(name, old_key)]
            if stored is None:
                raise RuntimeError(f"{name} partition {old_key} is missing; run again with --force")
            pieces.append(stored.filter(pc.equal(stored["document_id"], doc_id)))
        yield name, encode_table(table, pieces, meta)

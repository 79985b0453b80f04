"""Ingest: plan and run load → normalise → extract → validate → store over many files.

One document's failure never stops the batch: every input gets a row in the
``documents`` table with a status and a message a person can act on
(:mod:`pipeline.document` runs the stages of one file).

A run is incremental and crash-safe:

1. *Plan.* Every input is hashed; a file whose bytes, pipeline version and
   parameters match the manifest is skipped (``force`` reads it anyway).
2. *Read.* Documents are processed one by one, in a process pool or on a Dask cluster
   (:mod:`pipeline.executors`); each result is spilled to
   ``OUT/.delib/staging/docs/<document_id>.pkl`` as it arrives, so memory holds a
   few documents, never the archive. A killed run leaves these files behind and the
   next run reuses them (it resumes rather than restarts). See :mod:`pipeline.tasks`.
3. *Commit.* Only the partitions whose documents changed are rebuilt, from the spilled
   results and the previous partition files, into staged files; a journal listing
   the renames is written, then each staged file is renamed over its target and the
   manifest last. A run killed before the journal leaves the previous output exactly
   as it was; one killed during the renames is finished by the next run (the journal
   is replayed before anything else). Every partition file is complete at all times.
   See :mod:`pipeline.commit`.

This module holds the run itself: the plan, the reading loop, and what is reported.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from delib.errors import OutputFolderError
from pipeline.commit import WORK_DIR, commit, crash_point, replay_journal
from pipeline.display import terminal
from pipeline.document import (
    RECORD_TABLES,
    DocumentResult,
    file_digest,
    unread_result,
    unreadable_id,
)
from pipeline.executors import ExecutorName, run_tasks
from pipeline.lock import locked, run_log
from pipeline.manifest import Manifest
from pipeline.tasks import (
    Task,
    crashed_output,
    limited_output,
    load_spilled,
    run_task,
    spill,
    task_cost,
)
from pipeline.version import PIPELINE_VERSION
from pipeline.walk import UNREADABLE, Problem, walk
from pipeline.workers import DEFAULT_LIMITS, NO_LIMITS, Limits

log = logging.getLogger("delib.ingest")


class IngestReport(list[DocumentResult]):
    """The results of a run, one per input file in input order, and run facts."""

    def __init__(self, results: Iterable[DocumentResult] = ()) -> None:
        super().__init__(results)
        self.log_path: Path | None = None
        self.processed = 0
        self.pages_processed = 0
        self.seconds: dict[str, float] = {}
        self.worker_peak_rss: dict[int, int] = {}
        self.partitions_written = 0
        self.ocr_unavailable: str | None = None


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every path that gets a row: input files under ``paths`` (folders walked for the
    suffixes the readers declare, :func:`pipeline.walk.walk`), then the paths the walk
    could not use."""
    files, problems = walk(paths)
    return files + [p.path for p in problems]


def ingest(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    workers: int = 1,
    executor: ExecutorName = "local",
    scheduler: str | None = None,
    force: bool = False,
    prune: bool = False,
    ocr: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    on_document: Callable[[DocumentResult], None] | None = None,
) -> IngestReport:
    """Ingest files into ``out_dir`` incrementally; returns one result per input file.

    ``workers`` > 1 reads documents in a process pool; ``executor="dask"`` on the Dask
    cluster at ``scheduler``. The tables are the same either way. Unchanged files are
    skipped unless ``force``; records of files that no longer exist are dropped only
    with ``prune``. ``limits`` is each document's time and memory budget (local
    executor): a document past it is stopped and recorded as ``timeout`` or
    ``too_large``. ``on_document`` is called once per file as its result is known.
    Raises :class:`pipeline.lock.IngestLockedError` if another ingest is writing to
    ``out_dir``.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (NotADirectoryError, FileExistsError) as exc:
        raise OutputFolderError(
            f"cannot write the tables to {out_dir}: a file stands on that path"
        ) from exc
    except PermissionError as exc:
        raise OutputFolderError(f"cannot write the tables to {out_dir}: permission denied") from exc
    run = _Run(paths, out_dir, workers, executor, scheduler, force, prune, ocr, limits, on_document)
    with locked(run.work), run_log(out_dir) as log_path:
        report = _ingest_locked(run)
        report.log_path = log_path
        return report


@dataclass(frozen=True)
class _Run:
    """One ingest's inputs and options, as :func:`ingest` was given them."""

    paths: Sequence[Path]
    out_dir: Path
    workers: int
    executor: ExecutorName
    scheduler: str | None
    force: bool
    prune: bool
    ocr: bool
    limits: Limits
    on_document: Callable[[DocumentResult], None] | None

    @property
    def work(self) -> Path:
        return self.out_dir / WORK_DIR

    @property
    def staging(self) -> Path:
        return self.work / "staging"

    @property
    def spill_dir(self) -> Path:
        return self.staging / "docs"

    @property
    def local(self) -> bool:
        # Budgets, spills by the worker and parallel commits need the local executor.
        return self.executor == "local"

    def parameters(self) -> dict[str, Any]:
        """The run's parameters, as logged and kept in the manifest."""
        return {
            "inputs": [str(p) for p in self.paths],
            "ocr": self.ocr,
            "force": self.force,
            "prune": self.prune,
            "workers": self.workers,
            "executor": self.executor,
            "time_limit": self.limits.seconds,
            "memory_limit": self.limits.memory,
        }


@dataclass
class _Plan:
    """What the plan decided for the inputs of a run."""

    fresh: dict[str, DocumentResult] = field(default_factory=dict)  # id → read in this run
    tasks: list[Task] = field(default_factory=list)  # documents to read
    skipped: set[str] = field(default_factory=set)  # paths unchanged since the last run
    later: list[str] = field(default_factory=list)  # paths reported after the reading


def _ingest_locked(run: _Run) -> IngestReport:
    """The run, with the output folder locked: plan, read, commit, report."""
    t0 = time.perf_counter()
    report = IngestReport()
    _prepare(run, report)
    old = Manifest.load(run.out_dir)
    new = Manifest(
        pipeline_version=PIPELINE_VERSION,
        parameters=run.parameters(),
        files=dict(old.files),
        documents=dict(old.documents),
    )
    files, problems = walk(run.paths)
    plan = _plan(run, old, new, files, problems)
    report.seconds["plan"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    _read(run, plan, report)
    report.seconds["read"] = time.perf_counter() - t1

    _settle(run, new, plan)
    t2 = time.perf_counter()
    report.partitions_written = commit(
        run.out_dir, old, new, plan.fresh, run.spill_dir, workers=run.workers if run.local else 1
    )
    shutil.rmtree(run.staging, ignore_errors=True)
    report.seconds["commit"] = time.perf_counter() - t2
    report.seconds["total"] = time.perf_counter() - t0

    canonical = new.canonical_paths()
    report.extend(
        _result_for(new, str(f), canonical, skipped=str(f) in plan.skipped)
        for f in files + [p.path for p in problems]
    )
    _log_done(report)
    return report


def _prepare(run: _Run, report: IngestReport) -> None:
    """Finish a killed run's commit, clear what this run will stage, check OCR."""
    log.info("delib %s ingest %s", PIPELINE_VERSION, run.parameters())
    if replay_journal(run.out_dir):
        log.warning("finished the commit of a run that was killed while renaming its files")
    shutil.rmtree(run.staging / "commit", ignore_errors=True)
    if run.force:
        shutil.rmtree(run.spill_dir, ignore_errors=True)
    run.spill_dir.mkdir(parents=True, exist_ok=True)
    if run.ocr:
        from pipeline.ocr import ocr_unavailable_reason

        report.ocr_unavailable = ocr_unavailable_reason()
        if report.ocr_unavailable:
            log.warning("%s: scanned files keep the status needs_ocr", report.ocr_unavailable)


def _plan(
    run: _Run, old: Manifest, new: Manifest, files: list[Path], problems: list[Problem]
) -> _Plan:
    """Hash every input once and decide: skip it, resume it, or read it (a task).

    The digest goes with the task: the worker does not hash the file again.
    """
    plan = _Plan()
    for problem in problems:  # known without reading: recorded like any file
        result = spill(run.spill_dir, _problem_result(problem))
        plan.fresh[result.document["document_id"]] = result
        new.files[str(problem.path)] = {
            "document_id": result.document["document_id"],
            "status": None,
        }
    plan.later = [str(p.path) for p in problems]
    scheduled: set[str] = set()
    for f in files:
        digest = file_digest(f)
        doc_id = digest or unreadable_id(f)
        known = old.documents.get(doc_id)
        if digest and not run.force and known and _still_valid(known, run.ocr, run.limits):
            # same bytes, same pipeline: nothing to read (a renamed copy lands here too)
            new.files[str(f)] = {"document_id": doc_id, "status": known["row"]["status"]}
            plan.skipped.add(str(f))
            continue
        new.files[str(f)] = {"document_id": doc_id, "status": None}
        if doc_id in scheduled:
            plan.later.append(str(f))  # same bytes as another input of this run: read once
            continue
        scheduled.add(doc_id)
        resumed = None if run.force or not digest else _resumed(run, doc_id)
        if resumed is not None:
            plan.fresh[doc_id] = resumed
            plan.later.append(str(f))
            log.info("resumed %s from a killed run's staging", terminal(f))
            continue
        spill_dir = run.spill_dir if run.local else None
        plan.tasks.append(Task(f, digest, run.ocr, spill_dir, run.limits))
    log.info(
        "%d files: %d to read, %d unchanged, %d resumed",
        len(files),
        len(plan.tasks),
        len(plan.skipped),
        len(plan.fresh),
    )
    _report_paths(run, new, sorted(plan.skipped), skipped=True)
    return plan


def _resumed(run: _Run, doc_id: str) -> DocumentResult | None:
    """The result a killed run spilled for ``doc_id``, if this run would produce it."""
    spilled = load_spilled(run.spill_dir, doc_id)
    resumed = spilled[0] if spilled else None
    if resumed is not None and _still_valid(_entry(resumed), run.ocr, run.limits):
        return resumed.summary()
    return None


def _read(run: _Run, plan: _Plan, report: IngestReport) -> None:
    """Read the planned documents, spilling and reporting each as it is done."""
    outputs = run_tasks(
        run_task,
        plan.tasks,
        workers=run.workers,
        executor=run.executor,
        scheduler=run.scheduler,
        on_crash=crashed_output,
        cost=task_cost,
        limits=run.limits if run.local else NO_LIMITS,
        on_limit=limited_output,
    )
    for out in outputs:
        result = out.result
        if not out.spilled:
            result = spill(run.spill_dir, result)
        plan.fresh[result.document["document_id"]] = result
        report.processed += 1
        report.pages_processed += result.document["page_count"] or 0
        if out.pid:
            rss = report.worker_peak_rss
            rss[out.pid] = max(rss.get(out.pid, 0), out.peak_rss)
        d = result.document
        log.info(
            "%-9s %s: %s p., %.2f s, worker %d%s",
            d["status"],
            terminal(d["source_path"]),
            d["page_count"],
            out.seconds,
            out.pid,
            f" — {terminal(d['error'])}" if d["error"] else "",
        )
        if run.on_document:
            run.on_document(result)
        crash_point("staged")


def _settle(run: _Run, new: Manifest, plan: _Plan) -> None:
    """Enter the documents read into the new manifest; report the paths left to report."""
    for doc_id, result in plan.fresh.items():
        new.documents[doc_id] = _entry(result)
    _report_paths(run, new, plan.later, skipped=False)
    _drop_unreferenced(new, prune=run.prune)


def _report_paths(run: _Run, new: Manifest, paths: list[str], *, skipped: bool) -> None:
    """Call ``on_document`` for each of ``paths``, their status settled against the others."""
    if run.on_document and paths:
        canonical = new.canonical_paths()
        for path in paths:
            run.on_document(_result_for(new, path, canonical, skipped=skipped))


def _log_done(report: IngestReport) -> None:
    failed = sum(r.failed for r in report)
    log.info(
        "done: %d files, %d read (%d pages), %d could not be read, %d partition files "
        "written; seconds %s; worker peak RSS MiB %s",
        len(report),
        report.processed,
        report.pages_processed,
        failed,
        report.partitions_written,
        {k: round(v, 2) for k, v in report.seconds.items()},
        {pid: round(v / 2**20) for pid, v in sorted(report.worker_peak_rss.items())},
    )


def _problem_result(problem: Problem) -> DocumentResult:
    """The row of a path the walk could not use (unlisted folder, broken link, loop)."""
    return unread_result(problem.path, unreadable_id(problem.path), UNREADABLE, problem.message)


def _still_valid(entry: dict[str, Any], ocr: bool, limits: Limits) -> bool:
    """Whether a stored result is what this run would produce (version and options).

    A document stopped by its budget is read again when the budget changed.
    """
    if entry.get("pipeline_version") != PIPELINE_VERSION:
        return False
    params = entry.get("parameters") or {}
    if "limits" in params and params["limits"] != {
        "time_limit": limits.seconds,
        "memory_limit": limits.memory,
    }:
        return False
    return "ocr" not in params or params["ocr"] == ocr


def _entry(result: DocumentResult) -> dict[str, Any]:
    """A document's manifest entry."""
    return {
        "row": result.document,
        "partition": result.partition,
        "pipeline_version": result.document["pipeline_version"],
        "parameters": result.parameters,
        "counts": {name: result.count(name) for name in RECORD_TABLES},
    }


def _result_for(
    m: Manifest, path: str, canonical: dict[str, str], *, skipped: bool
) -> DocumentResult:
    """The result to report for ``path``, its status settled against the other paths."""
    entry = m.files[path]
    doc = m.documents[entry["document_id"]]
    row = {**doc["row"], "source_path": path}
    first = canonical[entry["document_id"]]
    twin = m.text_twins().get(entry["document_id"])
    if row["status"] == "ok" and path != first:
        row.update(
            status="duplicate",
            error=f"même contenu que {first} : ses enregistrements ne sont gardés qu'une fois",
        )
    elif row["status"] == "ok" and twin is not None:
        row.update(
            status="duplicate",
            error=f"même texte que {twin} (autres octets : encodage ou format) ; "
            "ses enregistrements ne sont gardés qu'une fois",
        )
    return DocumentResult(
        row,
        partition=doc["partition"],
        counts=dict(doc.get("counts") or {}),
        skipped=skipped,
        parameters=dict(doc.get("parameters") or {}),
    )


def _drop_unreferenced(m: Manifest, *, prune: bool) -> None:
    """Forget removed files (with ``prune``) and documents no path refers to any more."""
    gone = [p for p in m.files if not os.path.lexists(p)]  # a broken link is still there
    if gone and prune:
        for p in gone:
            del m.files[p]
        log.info("pruned %d files that no longer exist", len(gone))
    elif gone:
        log.info("%d files no longer exist; their records are kept (--prune drops them)", len(gone))
    referenced = {e["document_id"] for e in m.files.values()}
    for doc_id in [d for d in m.documents if d not in referenced]:
        del m.documents[doc_id]

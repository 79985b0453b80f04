"""One document, start to finish: load → normalise → extract → name the body → validate → rows.

:func:`process_document` runs the stages of one input file in that order and turns
every failure into a status of its ``documents`` row, never an exception: one
document's failure never stops the batch, and every input gets a row with a status
and a message a person can act on. :class:`DocumentResult` is what it returns.
"""

from __future__ import annotations

import dataclasses
import hashlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from delib.errors import DelibError
from parsers.extract import extract
from parsers.furniture import find_furniture
from parsers.load import LoadError, load, sha256_of_file
from parsers.normalize import NormalizedText, normalize
from parsers.records import ExtractedDocument, LoadedDocument
from pipeline.bodies import registry
from pipeline.rows import DocumentRows, Locator, build_rows
from pipeline.store import partition_key
from pipeline.validate import validate
from pipeline.version import PIPELINE_VERSION
from pipeline.walk import SUPPORTED
from schemas.tables import TABLES

RECORD_TABLES = tuple(name for name in TABLES if name != "documents")


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

    def summary(self) -> DocumentResult:
        """The result without its rows, which keeps how many rows each table got."""
        return DocumentResult(
            self.document,
            partition=self.partition,
            counts={name: self.count(name) for name in RECORD_TABLES},
            parameters=self.parameters,
        )


def document_row(path: Path, document_id: str) -> dict[str, Any]:
    """The ``documents`` row of ``path`` before any stage ran: status ``ok``, no facts."""
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


def unread_result(
    path: Path,
    document_id: str,
    status: str,
    error: str,
    parameters: dict[str, Any] | None = None,
) -> DocumentResult:
    """The result of a file no stage could read: its row with ``status`` and ``error``."""
    row = document_row(path, document_id)
    row.update(status=status, error=error)
    return DocumentResult(row, parameters=parameters or {})


def file_digest(path: Path) -> str | None:
    """sha256 of the file's bytes (its ``document_id``); None if it cannot be read."""
    try:
        return sha256_of_file(path)
    except OSError:
        return None


def unreadable_id(path: Path) -> str:
    """The ``document_id`` of a path whose bytes cannot be read: one per path."""
    return hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()


def text_fingerprint(text: str) -> str:
    """sha256 of a text's letters and digits, case-folded: the same document in another
    encoding, or as a PDF and as its extracted text, gets the same fingerprint."""
    kept = "".join(ch for ch in text.casefold() if ch.isalnum())
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()


class _Unread(DelibError):
    """A file the load stage could not turn into text: its status and message.

    Private to this module (it never leaves ``process_document``), so it stays here.
    """

    def __init__(self, status: str, message: str, parameters: dict[str, Any]) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameters = parameters


def process_document(path: Path, *, ocr: bool = False, digest: str | None = None) -> DocumentResult:
    """Run every stage on one file; failures become a status, never an exception.

    ``ocr`` reads a scanned PDF with Tesseract when it is installed (otherwise the
    status stays ``needs_ocr`` and the message says OCR is unavailable). ``digest`` is
    the file's sha256 when the caller already has it: the file is then not hashed again.
    """
    digest = digest or file_digest(path)
    if digest is None:
        return unread_result(path, unreadable_id(path), "error", f"fichier illisible : {path}")
    try:
        loaded, params = _load(path, digest, ocr)
    except _Unread as unread:
        return unread_result(path, digest, unread.status, unread.message, unread.parameters)
    row = document_row(path, digest)
    row.update(
        page_count=len(loaded.pages),
        pages_inferred=loaded.pages_inferred,
        encoding=loaded.encoding,
        byte_size=loaded.byte_size,
    )
    try:
        norm = _normalise(loaded)
        row["fingerprint"] = text_fingerprint(norm.text)
        extracted = extract(loaded, norm)
        extracted = _with_registry_organisation(path, extracted)
        validation = validate(extracted)
        loc = Locator(norm.to_original, loaded.pages, loaded.text)
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
    return _read_result(row, extracted, rows, params)


def _load(path: Path, digest: str, ocr: bool) -> tuple[LoadedDocument, dict[str, Any]]:
    """Load stage: the file's text, and the options its result depends on.

    A scanned PDF is read by OCR when ``ocr`` asks for it. Raises :class:`_Unread`
    when there is no text to go on with.
    """
    try:
        return load(path, document_id=digest), {}
    except LoadError as exc:
        if exc.status != "needs_ocr":
            raise _Unread(exc.status, exc.message, {}) from None
        # OCR matters only to scanned files: only their result depends on the option.
        params: dict[str, Any] = {"ocr": ocr}
        if not ocr:
            raise _Unread(
                exc.status, exc.message + " (ou lancez delib ingest --ocr)", params
            ) from None
        return _ocr(path, digest, exc.message, params), params
    except MemoryError:
        raise  # over the memory budget: the worker reports it as too_large
    except Exception as exc:  # a loader bug must not stop the batch either
        raise _Unread("error", f"erreur inattendue à la lecture : {exc!r}", {}) from None


def _ocr(path: Path, digest: str, message: str, params: dict[str, Any]) -> LoadedDocument:
    """The text of a scanned PDF read by Tesseract; ``message`` says why it was needed."""
    from pipeline.ocr import OcrUnavailableError, ocr_pdf

    try:
        return ocr_pdf(path, digest)
    except OcrUnavailableError as unavailable:
        raise _Unread(
            "needs_ocr", f"{message} ; --ocr demandé mais {unavailable}", params
        ) from None
    except Exception as failure:  # a bad scan must not stop the batch
        raise _Unread("needs_ocr", f"{message} ; l'OCR a échoué : {failure}", params) from None


def _normalise(loaded: LoadedDocument) -> NormalizedText:
    """Normalise stage: the text without its page furniture (running headers, footers).

    Page furniture is found on the real pages of a PDF; a text file's pages are only
    inferred, so the furniture finder looks for the pages itself.
    """
    furniture = find_furniture(loaded.text, None if loaded.pages_inferred else loaded.pages)
    return normalize(loaded.text, drop=furniture)


def _with_registry_organisation(path: Path, extracted: ExtractedDocument) -> ExtractedDocument:
    """Sessions whose document prints no body name get the one the registry gives
    for this file name (``files`` patterns of config/bodies.toml), marked as such.

    A name the document prints always wins; nothing is filled without a registry entry.
    The registry is the pipeline's configuration, not the document's text: this stage
    follows extraction rather than being part of it (``parsers`` never read it).
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


def _read_result(
    row: dict[str, Any], extracted: ExtractedDocument, rows: DocumentRows, params: dict[str, Any]
) -> DocumentResult:
    """The result of a document every stage read: its row completed, its rows counted."""
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


def _partition_of(extracted: ExtractedDocument) -> str:
    """Organisation and year of the document's own session (register extracts first)."""
    ordered = sorted(extracted.sessions, key=lambda s: s.source_kind != "register_extract")
    for s in ordered:
        if s.info.organisation or s.info.date:
            return partition_key(s.info.organisation, s.info.date.year if s.info.date else None)
    return partition_key(None, None)

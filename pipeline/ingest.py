"""Ingest: run load → normalise → segment → extract → validate → store over files.

One document's failure never stops the batch: every input gets a row in the
``documents`` table with a status and a message a person can act on.
"""

from __future__ import annotations

import hashlib
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from parsers.extract import extract_document
from parsers.furniture import find_furniture
from parsers.load import LoadError, load
from parsers.normalize import normalize
from pipeline.rows import DocumentRows, Locator, build_rows
from pipeline.store import write_json, write_table
from pipeline.validate import validate
from schemas.tables import TABLES

SUPPORTED = {".pdf": "pdf", ".txt": "text", ".text": "text"}

try:
    PIPELINE_VERSION = metadata.version("delib")
except metadata.PackageNotFoundError:  # running from a source tree without install
    PIPELINE_VERSION = "0.0.0+source"


@dataclass
class DocumentResult:
    """One input file's outcome: its ``documents`` row and the rows it produced."""

    document: dict[str, Any]
    rows: DocumentRows = field(default_factory=DocumentRows.empty)

    @property
    def ok(self) -> bool:
        return self.document["status"] == "ok"

    @property
    def failed(self) -> bool:
        """Whether the file could not be read (a duplicate is not a failure)."""
        return self.document["status"] not in ("ok", "duplicate")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Input files under ``paths``: folders are walked for .pdf/.txt, files kept as given."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            found.append(p)
    # the same file named twice is read once
    seen: set[Path] = set()
    unique = []
    for f in found:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique


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


def process_document(path: Path) -> DocumentResult:
    """Run every stage on one file; failures become a status, never an exception."""
    digest = _sha256(path)
    row = _document_row(path, digest or hashlib.sha256(f"unreadable:{path}".encode()).hexdigest())
    if digest is None:
        row.update(status="error", error=f"cannot read the file {path}")
        return DocumentResult(row)
    try:
        loaded = load(path)
    except LoadError as exc:
        row.update(status=exc.status, error=exc.message)
        return DocumentResult(row)
    except Exception as exc:  # a loader bug must not stop the batch either
        row.update(status="error", error=f"unexpected error while reading: {exc!r}")
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
        extracted = extract_document(norm.text)
        validation = validate(extracted)
        loc = Locator(norm.to_original, loaded.pages, loaded.text)
        rows = build_rows(loaded, extracted, validation.findings, loc, validation.checks)
    except Exception as exc:
        last = traceback.extract_tb(exc.__traceback__)[-1]
        row.update(
            status="error",
            error=f"could not extract records: {exc!r} at {Path(last.filename).name}:{last.lineno}",
        )
        return DocumentResult(row)
    severities = [f.severity for f in validation.findings]
    row.update(
        kind=extracted.kind,
        sessions=len(extracted.sessions),
        deliberations=len(extracted.deliberations),
        findings_error=severities.count("error"),
        findings_warning=severities.count("warning"),
    )
    return DocumentResult(row, rows)


def ingest(
    paths: Sequence[Path],
    out_dir: Path,
    *,
    on_document: Callable[[DocumentResult], None] | None = None,
) -> list[DocumentResult]:
    """Ingest files and write every table to ``out_dir`` atomically."""
    files = discover(paths)
    results = []
    first_path: dict[str, str] = {}
    for f in files:
        result = process_document(f)
        doc_id = result.document["document_id"]
        if result.ok and doc_id in first_path:
            # Same bytes under another name: keep the records once, say so.
            result = DocumentResult(
                {
                    **result.document,
                    "status": "duplicate",
                    "error": f"same content as {first_path[doc_id]}; its records are kept once",
                }
            )
        first_path.setdefault(doc_id, str(f))
        results.append(result)
        if on_document:
            on_document(result)
    write_outputs(results, out_dir, params={"inputs": [str(p) for p in paths]})
    return results


def write_outputs(results: Sequence[DocumentResult], out_dir: Path, params: dict) -> None:
    """Write the tables (rows in input order: deterministic) and the run manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(results, key=lambda r: r.document["source_path"])
    write_table(out_dir, TABLES["documents"], [r.document for r in ordered])
    for name in TABLES:
        if name == "documents":
            continue
        write_table(out_dir, TABLES[name], [row for r in ordered for row in r.rows.tables[name]])
    write_json(
        out_dir / "manifest.json",
        {
            "pipeline_version": PIPELINE_VERSION,
            "parameters": params,
            "documents": [
                {
                    "source_path": r.document["source_path"],
                    "document_id": r.document["document_id"],
                    "status": r.document["status"],
                }
                for r in ordered
            ],
        },
    )

"""Loader: read an input file into a :class:`LoadedDocument`.

The loaded text is *the original text*: every offset the pipeline stores refers to it.
What is particular to each kind of file (PDF, text, HTML, DOCX, ODT) lives in its
reader (:mod:`parsers.readers`); here is what is the same for all: the suffix picks the
reader, a missing, unreadable or empty file gets its status, and the document id is the
sha256 of the file's bytes.

The loader reads; it never writes a file. Anything it cannot read becomes a
:class:`LoadError` whose ``status`` says why and whose ``message`` says it to a person.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from parsers.readers import reader_for, supported_kinds
from parsers.readers.base import Engine, LoadError, LoadStatus
from parsers.records import LoadedDocument

__all__ = ["Engine", "LoadError", "LoadStatus", "load", "sha256_of_file"]

_HASH_CHUNK = 1 << 20


def load(
    path: str | Path, *, engine: Engine = "pypdfium2", document_id: str | None = None
) -> LoadedDocument:
    """Read the file at ``path`` with the reader of its suffix.

    ``engine`` chooses the PDF text extractor: pypdfium2 (default, 30 to 100 times
    faster) or pdfplumber (pdfminer's layout analysis). Other kinds ignore it.
    ``document_id`` is the sha256 of the file when the caller has it already (the
    ingest hashes every file to plan its run): the file is then not hashed again.

    Raises :class:`LoadError` when the file cannot be read as text, and
    ``ValueError`` for an unknown ``engine``.
    """
    if engine not in ("pypdfium2", "pdfplumber"):
        raise ValueError(f"unknown PDF engine {engine!r}")
    p = Path(path)
    suffix = p.suffix.lower()
    reader = reader_for(suffix)
    if reader is None:
        raise LoadError(
            "unsupported",
            f"type de fichier non pris en charge {suffix or '(sans extension)'!r} : "
            f"delib lit {supported_kinds()}",
        )
    if not p.is_file():
        raise LoadError("error", f"fichier introuvable : {p}")
    try:
        if reader.streams:
            data = b""  # the reader's library opens the file itself
            size = p.stat().st_size
            document_id = document_id or sha256_of_file(p)
        else:
            data = p.read_bytes()
            size = len(data)
            document_id = document_id or hashlib.sha256(data).hexdigest()
    except OSError as exc:
        raise LoadError("error", f"fichier illisible : {exc.strerror or exc}") from exc
    if size == 0:
        raise LoadError("empty", "le fichier est vide (0 octet)")
    content = reader.read(p, data, engine)
    return LoadedDocument(
        document_id=document_id,
        source_path=str(path),
        format=reader.format,
        text=content.text,
        pages=content.pages,
        encoding=content.encoding,
        byte_size=size,
        pages_inferred=content.pages_inferred,
    )


def sha256_of_file(path: Path) -> str:
    """The sha256 of a file's bytes, read in chunks (a document's ``document_id``)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()

"""Every error delib raises on purpose, under one base (like httpx's exception module).

Catch :class:`DelibError` to handle anything delib refuses or cannot do, and a subclass
to handle one case. Each class also keeps the built-in base it had before this module
existed (``RuntimeError``, ``KeyError``), so older ``except`` clauses still catch it.

The CLI maps these to exit codes (see ``pipeline/cli.py``); per-document problems never
surface as exceptions in a batch: they become a status in ``documents`` (see
:class:`LoadError` and :class:`LimitError`).

This module imports nothing of delib, so that ``parsers`` (the bottom layer) can use it.
"""

from __future__ import annotations

from typing import Literal

# Statuses a document can get from its loader (a subset of ``documents.status``).
LoadStatus = Literal["error", "needs_ocr", "encrypted", "empty", "unsupported"]


class DelibError(Exception):
    """Base of every error delib raises on purpose."""


# --- reading one document (parsers) -----------------------------------------------------


class LoadError(DelibError):
    """A document the loader cannot turn into text.

    ``status`` is one of "error" (unreadable or damaged), "needs_ocr" (scanned, no text
    layer), "encrypted" (password-protected), "empty" (nothing to read) and
    "unsupported" (a kind of file no reader reads); ``message`` explains it to a person.
    """

    def __init__(self, status: LoadStatus, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status: LoadStatus = status
        self.message = message


class ModelNotInstalledError(DelibError, RuntimeError):
    """Raised when spaCy or the French model package is missing."""


class OcrUnavailableError(DelibError, RuntimeError):
    """Tesseract (or its French data) is not installed; the message says what to install."""


class LimitError(DelibError):
    """A task went past its budget; ``status`` is ``timeout`` or ``too_large``."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --- the output folder (pipeline) -------------------------------------------------------


class IngestLockedError(DelibError, RuntimeError):
    """Another ``delib ingest`` is writing to the same output folder."""


class OutputFolderError(DelibError, RuntimeError):
    """The output folder cannot be a folder (a file stands on its path) or be written."""


class DataFolderError(DelibError):
    """The folder given as the tables' home does not exist or holds no ingest."""


class UnknownTableError(DelibError, KeyError):
    """A table name delib does not know; the message lists the tables it knows."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


class TableMissing(DelibError):
    """A table the export needs has not been defined by the pipeline yet."""


class ComplementsError(DelibError, ValueError):
    """The --complements file cannot be read: a usage error, not a failed export."""


class RowSchemaError(DelibError, ValueError):
    """Rows that do not fit their table: a column missing or unknown. A programming
    error (a record or a column source out of step), raised at write time rather than
    stored as a silent null column."""

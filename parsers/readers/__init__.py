"""The readers, one per kind of input, and the registry ``load()`` dispatches on.

Each reader module declares a :class:`~parsers.readers.base.Reader`: its ``format``
(the value of ``documents.format``), the suffixes it claims and how it reads them.
Everything that needs the supported suffixes (the loader, the folder walk, the message
for an unsupported file) derives them from :data:`READERS`, so adding a kind of input
is one module here plus one line in that tuple.
"""

from __future__ import annotations

from parsers.readers import html, office, pdf, text
from parsers.readers.base import Content, Engine, LoadError, LoadStatus, Reader

READERS: tuple[Reader, ...] = (
    pdf.READER,
    text.READER,
    html.READER,
    office.DOCX,
    office.ODT,
)

# suffix (lower case, with the dot) -> its reader
BY_SUFFIX: dict[str, Reader] = {s: r for r in READERS for s in r.suffixes}
# suffix -> the format it is read as: what the walk keeps and ``documents.format`` holds
SUFFIX_FORMATS: dict[str, str] = {s: r.format for s, r in BY_SUFFIX.items()}
FORMATS: tuple[str, ...] = tuple(dict.fromkeys(r.format for r in READERS))

__all__ = [
    "BY_SUFFIX",
    "FORMATS",
    "READERS",
    "SUFFIX_FORMATS",
    "Content",
    "Engine",
    "LoadError",
    "LoadStatus",
    "Reader",
    "reader_for",
    "supported_kinds",
]


def reader_for(suffix: str) -> Reader | None:
    """The reader of files ending in ``suffix`` (any case), or None."""
    return BY_SUFFIX.get(suffix.lower())


def supported_kinds() -> str:
    """The kinds delib reads, for a person: "les PDF (.pdf), … et les pages HTML (.html)"."""
    kinds = [f"{r.label} ({', '.join(r.suffixes)})" for r in READERS]
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " et " + kinds[-1]

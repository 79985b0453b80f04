"""What every reader shares: the error it raises, what it returns and the page tiling.

A reader turns one kind of file into *the original text* (the text every stored offset
refers to) and its pages. :func:`parsers.load.load` does what is the same for every kind
(the suffix, the file's presence, its hash, its size) and hands the rest to the reader
that declared the suffix, so a reader holds only what is particular to its kind.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from delib.errors import LoadError, LoadStatus  # noqa: F401 (the readers import them from here)
from parsers.furniture import footer_breaks
from parsers.records import Page

Engine = Literal["pypdfium2", "pdfplumber"]


@dataclass(frozen=True, slots=True)
class Content:
    """What a reader read: the text, its pages and how the bytes were decoded."""

    text: str
    pages: tuple[Page, ...]
    encoding: str | None
    pages_inferred: bool


@dataclass(frozen=True, slots=True)
class Reader:
    """One kind of input: the suffixes it claims and how to read them.

    ``format`` is the value of ``documents.format``; ``label`` names the kind in the
    message for an unsupported file ("les PDF"). ``read`` gets the path, the file's
    bytes (empty when ``streams``: the library opens the file itself, and a large PDF
    should not be held twice) and the PDF engine, which other kinds ignore.
    """

    format: str
    suffixes: tuple[str, ...]
    label: str
    read: Callable[[Path, bytes, Engine], Content]
    streams: bool = False


def text_content(text: str, encoding: str | None) -> Content:
    """Content of a kind without pages of its own (text, HTML, word processors): pages
    from form feeds when the text has any, else inferred from running footers."""
    return Content(text, text_pages(text), encoding, pages_inferred=True)


def text_pages(text: str) -> tuple[Page, ...]:
    """Pages of a text file: form feeds if it has any, else inferred from footers."""
    if "\f" in text:
        return tile(len(text), [m.end() for m in re.finditer("\f", text)])
    return tile(len(text), footer_breaks(text))


def tile(length: int, breaks: list[int]) -> tuple[Page, ...]:
    """Contiguous pages covering ``[0, length)``, a new page starting at each break."""
    cuts = sorted({b for b in breaks if 0 < b < length})
    bounds = [0, *cuts, length]
    return tuple(
        Page(number, start, end)
        for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1)
    )

"""Word processor documents: DOCX (Word) and ODT (LibreOffice, OpenDocument).

Both are zip archives holding the text as XML (``word/document.xml``, ``content.xml``),
read here with the standard library (:mod:`zipfile`, :mod:`xml.etree.ElementTree`):
see ``docs/readers.md`` for the measures against python-docx, docx2python and odfpy.

The text is the body's paragraphs in document order, one line each; a table gives one
line per paragraph of each cell, row by row; a list item is its paragraphs. A line break
inside a paragraph ends the line, a tab is a tab and a DOCX page break starts the next
line with a form feed (the text reader's page mark). Running headers and footers,
footnotes, comments and deleted text of tracked changes are not the body's text and are
left out; text boxes are read after the paragraph that anchors them.

A file that is not a zip, a truncated or damaged archive, a password-protected document
and a document without text each get their status and a message, never an exception
other than :class:`LoadError`.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from parsers.readers.base import Content, Engine, LoadError, Reader, text_content

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

# The signature of an OLE compound file: what Word writes for a password-protected
# DOCX (the encrypted package inside), and what a .doc of Word 97-2003 is.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# A body part larger than this once unzipped is refused rather than parsed: a real
# minutes' XML is a few megabytes, and a zip bomb would exhaust the worker's memory.
_MAX_XML_BYTES = 256 << 20
_ODT_SPACE_RE = re.compile(r"[ \t\n\r]+")
_MAX_SPACES = 1000


def read_docx(path: Path, data: bytes, engine: Engine) -> Content:
    """The paragraphs and table cells of a Word document, one line each."""
    root = _xml_part(data, "word/document.xml", "docx", "un document Word")
    body = root.find(f"{_W}body")
    return _content(_lines(_docx_lines, body), "docx")


def read_odt(path: Path, data: bytes, engine: Engine) -> Content:
    """The paragraphs, headings and table cells of an OpenDocument text, one line each."""
    root = _xml_part(data, "content.xml", "odt", "un document OpenDocument")
    body = root.find(f"{_OFFICE}body/{_OFFICE}text")
    return _content(_lines(_odt_lines, body), "odt")


DOCX = Reader("docx", (".docx",), "les documents Word", read_docx)
ODT = Reader("odt", (".odt",), "les documents OpenDocument", read_odt)


def _lines(walk: Callable[[ET.Element], Iterator[str]], body: ET.Element | None) -> list[str]:
    """The body's lines; the walk recurses into nested tables, lists and boxes, so a
    forged document nested thousands deep is refused rather than crash the worker."""
    if body is None:
        return []
    try:
        return list(walk(body))
    except RecursionError:
        raise LoadError(
            "error", "document imbriqué trop profondément (tableaux ou listes) : illisible"
        ) from None


def _content(lines: list[str], kind: str) -> Content:
    text = "".join(line + "\n" for line in lines)
    if not text.strip():
        raise LoadError("empty", f"le document .{kind} ne contient aucun texte")
    # the XML is UTF-8 by the formats' rules: no decoding choice was made
    return text_content(text, None)


# --- the archive ------------------------------------------------------------------


def _xml_part(data: bytes, name: str, kind: str, what: str) -> ET.Element:
    """The parsed XML of the archive's part ``name``, or the LoadError that says why not."""
    if data.startswith(_OLE_MAGIC):
        if _OLE_ENCRYPTED in data:
            raise LoadError(
                "encrypted",
                f"document .{kind} chiffré (protégé par mot de passe) : "
                "delib ne peut pas en lire le texte",
            )
        raise LoadError(
            "error",
            f"ce fichier est un document Word 97-2003 (.doc) nommé .{kind} : "
            "enregistrez-le en .docx ou en PDF",
        )
    if not data.startswith(b"PK"):
        raise LoadError(
            "error", f"ce fichier n'est pas {what} (.{kind}) : ce n'est pas une archive zip"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if kind == "odt":
                _refuse_encrypted_odt(archive)
            try:
                info = archive.getinfo(name)
            except KeyError:
                raise LoadError(
                    "error", f"l'archive ne contient pas {name} : ce n'est pas {what}"
                ) from None
            if info.file_size > _MAX_XML_BYTES:
                raise LoadError(
                    "error",
                    f"{name} fait {info.file_size >> 20} Mo une fois décompressé : "
                    "trop grand pour un document de séance",
                )
            xml = archive.read(info)
    # what zipfile raises for a damaged archive: BadZipFile for most, zlib.error and
    # EOFError for damaged data, ValueError for a damaged directory ("negative seek"),
    # RuntimeError for a member with zip encryption, NotImplementedError for an
    # unknown compression method
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
        OSError,
    ) as exc:
        raise LoadError(
            "error", f"document .{kind} endommagé ou tronqué (archive zip illisible : {exc})"
        ) from exc
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        raise LoadError("error", f"document .{kind} endommagé ({name} illisible : {exc})") from exc


def _refuse_encrypted_odt(archive: zipfile.ZipFile) -> None:
    # LibreOffice keeps the manifest in clear and says there which parts it encrypted
    try:
        manifest = ET.fromstring(archive.read("META-INF/manifest.xml"))
    except (KeyError, ET.ParseError):
        return
    if manifest.find(f".//{_MANIFEST}encryption-data") is not None:
        raise LoadError(
            "encrypted",
            "document .odt chiffré (protégé par mot de passe) : delib ne peut pas en lire le texte",
        )


# --- DOCX -------------------------------------------------------------------------

# Parts of a paragraph that are not its text: deleted text of tracked changes, field
# codes, the fallback copy of a text box (its text is read from the choice), comments'
# marks, footnote references.
_DOCX_SKIPPED = frozenset(
    f"{_W}{n}" for n in ("del", "delText", "instrText", "rPr", "pPr", "footnoteReference")
) | {f"{_MC}Fallback"}


def _docx_lines(container: ET.Element) -> Iterator[str]:
    """The lines of the paragraphs and tables under ``container``, in document order."""
    for child in container:
        if child.tag == f"{_W}p":
            yield from _docx_paragraph(child)
        elif child.tag == f"{_W}tbl":
            for row in child.findall(f"{_W}tr"):
                for cell in row.findall(f"{_W}tc"):
                    yield from _docx_lines(cell)
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _docx_lines(child)  # content controls wrap paragraphs


def _docx_paragraph(paragraph: ET.Element) -> Iterator[str]:
    """A paragraph's lines (more than one when it holds line breaks), then the lines of
    the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[ET.Element] = []
    for node in _walk(paragraph, _DOCX_SKIPPED, stop=f"{_W}txbxContent", found=boxes.append):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            if node.get(f"{_W}type") != "page":
                parts.append("\n")
            else:  # the next line starts the page, as a form feed does in a text file
                parts.append("\n\f" if any(parts) else "\f")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
    yield from "".join(parts).split("\n")
    for box in boxes:
        yield from _docx_lines(box)


# --- ODT --------------------------------------------------------------------------

# Not the body's text: footnotes and endnotes, comments, tracked changes' record of
# deleted text, and the numbering's declarations.
_ODT_SKIPPED = frozenset(
    {
        f"{_TEXT}note",
        f"{_OFFICE}annotation",
        f"{_TEXT}tracked-changes",
        f"{_TEXT}sequence-decls",
    }
)


def _odt_lines(container: ET.Element) -> Iterator[str]:
    """The lines of the paragraphs, headings, lists and tables under ``container``."""
    for child in container:
        if child.tag in (f"{_TEXT}p", f"{_TEXT}h"):
            yield from _odt_paragraph(child)
        elif child.tag == f"{_TABLE}table-row":
            for cell in child.findall(f"{_TABLE}table-cell"):
                yield from _odt_lines(cell)
        elif child.tag not in _ODT_SKIPPED:
            # tables and their row groups, lists, list items, sections, index bodies:
            # containers of rows and paragraphs
            yield from _odt_lines(child)


def _odt_paragraph(paragraph: ET.Element) -> Iterator[str]:
    """A paragraph's lines, then those of the frames (text boxes) anchored in it.

    ODF collapses white space in a paragraph's character data as HTML does; spaces
    that count are written ``<text:s text:c="n"/>``, tabs ``<text:tab/>``.
    """
    parts: list[str] = []
    boxes: list[ET.Element] = []
    # whether a space in the character data now would not show: at the start of a line
    # or after a collapsed space (a <text:s/> space counts, and keeps the next one)
    swallow = [True]

    def chars(text: str | None) -> None:
        if text:
            collapsed = _ODT_SPACE_RE.sub(" ", text)
            if collapsed.startswith(" ") and swallow[0]:
                collapsed = collapsed[1:]
            if collapsed:
                parts.append(collapsed)
                swallow[0] = collapsed.endswith(" ")

    def visit(node: ET.Element) -> None:
        for child in node:
            tag = child.tag
            if tag in _ODT_SKIPPED:
                pass
            elif tag == f"{_TEXT}s":
                parts.append(" " * _space_count(child.get(f"{_TEXT}c")))
                swallow[0] = False
            elif tag == f"{_TEXT}tab":
                parts.append("\t")
                swallow[0] = False
            elif tag == f"{_TEXT}line-break":
                parts.append("\n")
                swallow[0] = True
            elif tag.endswith("}text-box"):
                boxes.append(child)
            else:
                chars(child.text)
                visit(child)
            chars(child.tail)

    chars(paragraph.text)
    visit(paragraph)
    yield from "".join(parts).split("\n")
    for box in boxes:
        yield from _odt_lines(box)


def _space_count(value: str | None) -> int:
    """The count of a ``<text:s text:c="n"/>``: 1 when absent or not a number, and at most
    a line's width (a forged count of a billion would be a gigabyte of spaces)."""
    count = int(value) if value and value.isdigit() else 1
    return max(1, min(count, _MAX_SPACES))


def _walk(
    node: ET.Element,
    skipped: frozenset[str],
    *,
    stop: str,
    found: Callable[[ET.Element], None],
) -> Iterator[ET.Element]:
    """The descendants of ``node`` in document order, without the ``skipped`` subtrees;
    a ``stop`` element is handed to ``found`` instead of being entered."""
    for child in node:
        if child.tag in skipped:
            continue
        if child.tag == stop:
            found(child)
            continue
        yield child
        yield from _walk(child, skipped, stop=stop, found=found)

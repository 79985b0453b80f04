"""PDF files: the text layer of every page, each page followed by a form feed.

For PDFs the text layer is what we call the original, so two decoding choices are made
here: pdfium's "\\r\\n" line ends become "\\n", and its mark for a hyphen at the end of
a line ("\\ufffe", which it puts in place of "-" and the line break) becomes "-\\n",
which is what the page shows and what the text registers contain. Most pages without a
text layer but with an image ask for OCR (``needs_ocr``) rather than load a fragment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.readers.base import Content, Engine, LoadError, Reader
from parsers.records import Page

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument, PdfTextPage

# A page with fewer non-blank characters than this and an image on it is taken for a
# scan without a text layer (a digital stamp on a scan can add a few words of text).
_SCANNED_PAGE_MAX_CHARS = 80
# The words of an ACTES stamp (sent/received/published dates, act id), which the
# prefecture's platform writes as text on the pages of a scanned deliberation.
_STAMP_TEXT_RE = re.compile(
    r"(?:Envoy[ée]|Re[çc]u|Publi[ée]|Affich[ée])\s+(?:en\s+pr[ée]fecture\s+)?le\b[ \t]*"
    r"(?:\d{1,2}/\d{1,2}/\d{2,4})?|\bID\s*:\s*\d{3}-[\w-]+|Accus[ée]\s+de\s+r[ée]ception"
    r"|AR\s+Pr[ée]fecture|\b\d{3}-\d{9}-\d{8}-[\w-]+",
    re.IGNORECASE,
)


def read(path: Path, data: bytes, engine: Engine) -> Content:
    """The PDF's text layer and its pages (the bytes are not used: pdfium opens the file)."""
    text, pages = _read_pdf(path, engine)
    return Content(text, pages, None, pages_inferred=False)


READER = Reader("pdf", (".pdf",), "les PDF", read, streams=True)


def _read_pdf(path: Path, engine: Engine) -> tuple[str, tuple[Page, ...]]:
    """Text layer of every page, each page followed by a form feed."""
    import pypdfium2 as pdfium  # imported here: text files should not pay for pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _pdf_open_error(path, exc) from exc
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise LoadError("empty", "le PDF n'a aucune page")
        texts = _pdfium_page_texts(pdf) if engine == "pypdfium2" else _pdfplumber_page_texts(path)
        chunks: list[str] = []
        pages: list[Page] = []
        offset = 0
        scanned: list[int] = []
        chars = 0
        for number, page_text in enumerate(texts, start=1):
            # non-blank characters, at C speed; a prefecture stamp laid on a scan is not
            # the page's text ("Reçu en préfecture le …", "ID : 030-…-DE")
            visible = len("".join(_STAMP_TEXT_RE.sub(" ", page_text).split()))
            chars += visible
            if visible < _SCANNED_PAGE_MAX_CHARS and _page_has_image(pdf, number - 1):
                scanned.append(number)
            chunk = page_text + "\f"
            chunks.append(chunk)
            pages.append(Page(number, offset, offset + len(chunk)))
            offset += len(chunk)
    finally:
        pdf.close()
    # Most pages are pictures (or nothing is text but some pages are): the text layer
    # would miss most of the register, so ask for OCR rather than load a fragment.
    if len(scanned) * 2 > n_pages or (chars == 0 and scanned):
        raise LoadError(
            "needs_ocr",
            f"pas de couche texte (document scanné ?) sur {len(scanned)} pages sur {n_pages} : "
            "les pages sont des images ; il faut d'abord les lire par OCR (ocrmypdf par exemple)",
        )
    if chars == 0:
        raise LoadError("empty", f"le PDF ({n_pages} p.) ne contient ni texte ni image")
    return "".join(chunks), tuple(pages)


def _pdf_open_error(path: Path, exc: Exception) -> LoadError:
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return LoadError(
            "encrypted",
            "PDF chiffré (protégé par mot de passe) : delib ne peut pas en lire le texte",
        )
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return LoadError("encrypted", "le PDF utilise une protection non prise en charge")
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, path.stat().st_size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        return LoadError("error", "ce fichier n'est pas un PDF (pas d'en-tête %PDF)")
    if b"%%EOF" not in tail:
        return LoadError(
            "error", "PDF tronqué (pas de marque de fin de fichier) : la copie est incomplète"
        )
    return LoadError("error", f"PDF endommagé, impossible à ouvrir ({exc})")


def _clean_pdfium(text: str) -> str:
    # pdfium's hyphen-at-end-of-line mark stands for "-" plus the line break it removed.
    text = text.replace("\r\n", "\n").replace("\ufffe", "-\n")
    # A form feed inside a page would break the one-form-feed-per-page contract.
    return text.replace("\f", "\n").replace("\r", "\n")


def _pdfium_page_texts(pdf: PdfDocument) -> Iterator[str]:
    """Page texts one at a time, closing each page before the next (bounded memory)."""
    import pypdfium2 as pdfium

    for i in range(len(pdf)):
        try:
            page = pdf[i]
            textpage = page.get_textpage()
        except pdfium.PdfiumError as exc:
            raise LoadError("error", f"la page {i + 1} du PDF est endommagée ({exc})") from exc
        try:
            text = _with_paragraph_breaks(textpage, textpage.get_text_range())
        finally:
            textpage.close()
            page.close()
        yield _clean_pdfium(text)


# A line whose distance to the previous one exceeds this many line heights starts a
# new paragraph. Measured on born-digital minutes: 1.3 inside a paragraph, ~2 between.
_PARAGRAPH_GAP = 1.6


def _with_paragraph_breaks(textpage: PdfTextPage, raw: str) -> str:
    """Mark paragraph breaks with a blank line, as text extractions of registers do.

    pdfium puts one line break between lines whatever the space between them, so a
    decision list and the paragraph after it would run together. One loose character
    box per line start (cheap: ~50 calls a page) gives each line's position.
    """
    if textpage.count_chars() != len(raw):  # surrogate pairs: indexes would not line up
        return raw
    starts = [0]
    pos = raw.find("\r\n")
    while pos >= 0:
        starts.append(pos + 2)
        pos = raw.find("\r\n", pos + 2)
    breaks: list[int] = []
    prev: tuple[float, float] | None = None
    for start in starts:
        k = start
        while k < len(raw) and raw[k] in " \r\n":
            k += 1
        if k >= len(raw) or (k > start and raw[start:k].count("\n")):
            continue
        _, bottom, _, top = textpage.get_charbox(k, loose=True)
        if prev is not None:
            prev_top, prev_bottom = prev
            height = prev_top - prev_bottom
            if height > 0 and top < prev_top and prev_top - top > _PARAGRAPH_GAP * height:
                breaks.append(start)
        prev = (top, bottom)
    if not breaks:
        return raw
    parts, last = [], 0
    for b in breaks:
        parts += [raw[last:b], "\r\n"]
        last = b
    parts.append(raw[last:])
    return "".join(parts)


def _pdfplumber_page_texts(path: Path) -> Iterator[str]:
    """Page texts with pdfplumber; each page's cached layout is dropped after use."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many types; all mean "cannot read"
        raise LoadError("error", f"pdfplumber ne peut pas ouvrir le PDF ({exc})") from exc
    with pdf:
        for page in pdf.pages:
            try:
                text = page.extract_text() or ""
            except Exception as exc:  # pdfminer's errors have no common base class
                raise LoadError(
                    "error", f"pdfplumber ne peut pas lire la page {page.page_number} ({exc})"
                ) from exc
            finally:
                page.close()
            yield text.replace("\f", "\n")


def _page_has_image(pdf: PdfDocument, index: int) -> bool:
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    finally:
        page.close()

"""Loader: read a register (PDF or text file) into a :class:`LoadedDocument`.

The loaded text is *the original text*: every offset the pipeline stores refers to it.
Text files are decoded and kept exactly (no line-ending or Unicode normalisation). For
PDFs the text layer is what we call the original, so two decoding choices are made
there: pdfium's "\\r\\n" line ends become "\\n", and its mark for a hyphen at the end of
a line ("\\ufffe", which it puts in place of "-" and the line break) becomes "-\\n",
which is what the page shows and what the text registers contain.

The loader reads; it never writes a file. Anything it cannot read becomes a
:class:`LoadError` whose ``status`` says why and whose ``message`` says it to a person.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parsers.furniture import footer_breaks
from parsers.records import LoadedDocument, Page

if TYPE_CHECKING:
    from pypdfium2 import PdfDocument, PdfTextPage

LoadStatus = Literal["error", "needs_ocr", "encrypted", "empty", "unsupported"]
Engine = Literal["pypdfium2", "pdfplumber"]

TEXT_SUFFIXES = frozenset({".txt", ".text"})
PDF_SUFFIXES = frozenset({".pdf"})

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
# Control characters (Unicode category Cc) except those a text file may hold:
# whitespace (\t \n \v \f \r) and the DOS end-of-file mark (\x1a).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
# More control characters than this share of the text means it is not text at all.
_MAX_CONTROL_RATIO = 0.01
# cp1252 bytes with no character: their presence rules cp1252 out.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_HASH_CHUNK = 1 << 20


class LoadError(Exception):
    """A document the loader cannot turn into text.

    ``status`` is one of "error" (unreadable or damaged), "needs_ocr" (scanned, no text
    layer), "encrypted" (password-protected), "empty" (nothing to read) and
    "unsupported" (not a PDF or text file); ``message`` explains it to a person.
    """

    def __init__(self, status: LoadStatus, message: str) -> None:
        super().__init__(f"{status}: {message}")
        self.status: LoadStatus = status
        self.message = message


def load(
    path: str | Path, *, engine: Engine = "pypdfium2", document_id: str | None = None
) -> LoadedDocument:
    """Read the PDF or text file at ``path``.

    ``engine`` chooses the PDF text extractor: pypdfium2 (default, 30 to 100 times
    faster) or pdfplumber (pdfminer's layout analysis). Text files ignore it.
    ``document_id`` is the sha256 of the file when the caller has it already (the
    ingest hashes every file to plan its run): the file is then not hashed again.

    Raises :class:`LoadError` when the file cannot be read as text, and
    ``ValueError`` for an unknown ``engine``.
    """
    if engine not in ("pypdfium2", "pdfplumber"):
        raise ValueError(f"unknown PDF engine {engine!r}")
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in TEXT_SUFFIXES | PDF_SUFFIXES:
        raise LoadError(
            "unsupported",
            f"type de fichier non pris en charge {suffix or '(sans extension)'!r} : "
            "delib lit les PDF (.pdf) et les textes bruts (.txt)",
        )
    if not p.is_file():
        raise LoadError("error", f"fichier introuvable : {p}")
    try:
        if suffix in TEXT_SUFFIXES:
            data = p.read_bytes()
            size = len(data)
            document_id = document_id or hashlib.sha256(data).hexdigest()
        else:
            data = b""  # pdfium and pdfplumber read the file themselves
            size = p.stat().st_size
            document_id = document_id or _sha256_of_file(p)
    except OSError as exc:
        raise LoadError("error", f"fichier illisible : {exc.strerror or exc}") from exc
    if size == 0:
        raise LoadError("empty", "le fichier est vide (0 octet)")
    if suffix in TEXT_SUFFIXES:
        text, encoding = _decode(data)
        return LoadedDocument(
            document_id=document_id,
            source_path=str(path),
            format="text",
            text=text,
            pages=_text_pages(text),
            encoding=encoding,
            byte_size=size,
            pages_inferred=True,
        )
    text, pages = _read_pdf(p, engine)
    return LoadedDocument(
        document_id=document_id,
        source_path=str(path),
        format="pdf",
        text=text,
        pages=pages,
        encoding=None,
        byte_size=size,
        pages_inferred=False,
    )


def _sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- text files -------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    """Decode a text file; return the text and the name of the encoding used."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data.decode("utf-8-sig", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" text: NUL bytes are normal here, so test before the NUL check.
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise LoadError(
                "error", "le fichier commence comme un texte UTF-16 mais n'en est pas un"
            ) from exc
    else:
        if data.startswith(b"%PDF-"):
            raise LoadError(
                "error", "ce fichier est un PDF nommé comme un texte : renommez-le en .pdf"
            )
        if b"\x00" in data:
            raise LoadError(
                "error", "le fichier contient des données binaires (octets NUL), pas du texte"
            )
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_lines(data)
    _reject_binary(text)
    if not text.strip():
        raise LoadError("empty", "le fichier ne contient aucun texte (seulement des blancs)")
    return text, encoding


def _decode_lines(data: bytes) -> tuple[str, str]:
    """A file that is not UTF-8 as a whole: single-byte, or UTF-8 and cp1252 mixed.

    A file pasted together from two sources can hold lines of both: decoded whole as
    cp1252, its UTF-8 lines would turn into "Ã©" silently. Each line is then decoded
    on its own, and the encoding says so ("utf-8+cp1252").
    """
    lines = data.split(b"\n")
    utf8 = 0
    for line in lines:
        if max(line, default=0) >= 0x80:
            try:
                line.decode("utf-8")
                utf8 += 1
            except UnicodeDecodeError:
                pass
    if not utf8:
        return _decode_single_byte(data)
    single = _decode_single_byte(data)[1]
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(single))
    return "\n".join(out), f"utf-8+{single}"


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1252 or ISO-8859-1, whichever explains the bytes 0x80–0x9F.

    The two agree everywhere except 0x80–0x9F: control codes in ISO-8859-1 (never
    seen in real text), letters and punctuation in cp1252 ("’" 0x92, "€" 0x80, "œ"
    0x9C). French files from Windows use those, so cp1252 wins when they occur and all
    are defined; without them the text is the same in both and we say ISO-8859-1.
    """
    high = {b for b in set(data) if 0x80 <= b <= 0x9F}
    if high and not high & _CP1252_UNDEFINED:
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _reject_binary(text: str) -> None:
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise LoadError(
            "error",
            f"le fichier ne ressemble pas à du texte ({controls} caractères de contrôle "
            f"sur {len(text)}) : c'est peut-être un fichier binaire nommé .txt",
        )


def _text_pages(text: str) -> tuple[Page, ...]:
    """Pages of a text file: form feeds if it has any, else inferred from footers."""
    if "\f" in text:
        return _tile(len(text), [m.end() for m in re.finditer("\f", text)])
    return _tile(len(text), footer_breaks(text))


def _tile(length: int, breaks: list[int]) -> tuple[Page, ...]:
    """Contiguous pages covering ``[0, length)``, a new page starting at each break."""
    cuts = sorted({b for b in breaks if 0 < b < length})
    bounds = [0, *cuts, length]
    return tuple(
        Page(number, start, end)
        for number, (start, end) in enumerate(itertools.pairwise(bounds), start=1)
    )


# --- PDF --------------------------------------------------------------------------


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

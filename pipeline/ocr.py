"""OCR for scanned registers (``delib ingest --ocr``), with Tesseract when installed.

The page images are rendered with pypdfium2 (already a dependency) and read by the
``tesseract`` command (Debian: ``tesseract-ocr`` and ``tesseract-ocr-fra``); no Python
wrapper is needed. The source PDF is never modified: pages are rendered to a
temporary folder that is removed afterwards.

The OCR text becomes the document's original text (pages joined by form feeds, as for
any PDF), so provenance offsets point into it.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path

from delib.errors import OcrUnavailableError
from parsers.records import LoadedDocument, Page

LANGUAGE = "fra"
# 300 dpi is Tesseract's reference resolution for body text.
DPI = 300
# A page that takes longer is abandoned (a pathological scan must not hang the batch).
PAGE_TIMEOUT_S = 120


@functools.lru_cache(maxsize=1)
def ocr_unavailable_reason() -> str | None:
    """Why OCR cannot run here, or None when Tesseract with French is installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return (
            "OCR indisponible : le programme tesseract n'est pas installé "
            "(Debian/Ubuntu : apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"OCR indisponible : tesseract ne se lance pas ({exc})"
    if LANGUAGE not in langs:
        return (
            "OCR indisponible : Tesseract n'a pas les données du français "
            "(Debian/Ubuntu : apt-get install tesseract-ocr-fra)"
        )
    return None


def ocr_pdf(path: Path, document_id: str) -> LoadedDocument:
    """Read a scanned PDF with Tesseract.

    Raises :class:`OcrUnavailableError` when Tesseract is missing, and ``RuntimeError``
    when a page cannot be recognised.
    """
    reason = ocr_unavailable_reason()
    if reason:
        raise OcrUnavailableError(reason)
    import pypdfium2 as pdfium

    exe = shutil.which("tesseract") or "tesseract"
    chunks: list[str] = []
    pages: list[Page] = []
    offset = 0
    pdf = pdfium.PdfDocument(str(path))
    try:
        with tempfile.TemporaryDirectory(prefix="delib-ocr-") as tmp:
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
                finally:
                    page.close()
                png = Path(tmp) / f"page-{i + 1}.png"
                image.save(png)
                del image  # one page image in memory at a time
                done = subprocess.run(
                    [exe, str(png), "stdout", "-l", LANGUAGE],
                    capture_output=True,
                    timeout=PAGE_TIMEOUT_S,
                    check=False,
                )
                png.unlink()
                if done.returncode != 0:
                    err = done.stderr.decode("utf-8", "replace").strip()
                    raise RuntimeError(f"tesseract failed on page {i + 1}: {err}")
                # form feeds are the page separator of the loaded text
                text = done.stdout.decode("utf-8", "replace").replace("\f", "\n")
                chunk = text + "\f"
                chunks.append(chunk)
                pages.append(Page(i + 1, offset, offset + len(chunk)))
                offset += len(chunk)
    finally:
        pdf.close()
    return LoadedDocument(
        document_id=document_id,
        source_path=str(path),
        format="pdf",
        text="".join(chunks),
        pages=tuple(pages),
        encoding=None,
        byte_size=path.stat().st_size,
        pages_inferred=False,
    )

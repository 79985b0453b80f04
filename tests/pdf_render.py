"""Render test PDFs with reportlab: register-like documents, ruled tables, bad inputs.

The corpus has text registers but few PDFs; rendering a register's text as a justified
A4 document with a running header and footer gives PDFs whose text layer looks like the
ones municipalities publish (justified spacing, page furniture), so the loader and the
furniture detector can be tested on them.

Characters the font lacks are dropped (DejaVuSans covers everything in the corpus,
including "\\ufffd", which is therefore rendered as the replacement glyph); tabs become
spaces because reportlab paragraphs have no tab stops.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

DEFAULT_HEADER = "Syndicat mixte Lot numérique — Registre des délibérations"
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_FONT_NAME = "DelibSans"


@cache
def _font() -> tuple[str, frozenset[int]]:
    """Register a TTF with French accents; return its name and the code points it has."""
    if _DEJAVU.exists():
        path = _DEJAVU
    else:  # reportlab ships Vera, which covers Latin-1 and the common punctuation
        import reportlab

        path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    font = TTFont(_FONT_NAME, str(path))
    pdfmetrics.registerFont(font)
    return _FONT_NAME, frozenset(font.face.charToGlyph)


def _printable(line: str, covered: frozenset[int]) -> str:
    """The line as the font can draw it: tabs as spaces, missing glyphs dropped."""
    line = line.replace("\t", "    ")
    return "".join(ch for ch in line if ord(ch) in covered or ch == " ")


def render_register_pdf(
    text: str,
    out_path: Path,
    *,
    title_header: str = DEFAULT_HEADER,
) -> int:
    """Render ``text`` as a justified A4 register with a running header and footer.

    Each source line becomes one justified paragraph (so long lines wrap and get the
    stretched word spacing of real registers); blank lines become small spacers. Every
    page carries ``title_header`` at the top and "<title_header> — page N" at the
    bottom. Returns the number of pages written.
    """
    font, covered = _font()
    body = ParagraphStyle(
        "body", fontName=font, fontSize=9.5, leading=12, alignment=TA_JUSTIFY, spaceAfter=1
    )
    story: list[Paragraph | Spacer] = []
    for line in text.splitlines():
        printable = _printable(line, covered).strip()
        if printable:
            story.append(Paragraph(escape(printable), body))
        else:
            # a blank source line is a blank line on the page, as in the register
            story.append(Spacer(1, body.leading))
    if not story:
        story.append(Spacer(1, 4))

    def furniture(canv: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        width, height = A4
        canv.saveState()
        canv.setFont(font, 8)
        canv.drawString(20 * mm, height - 12 * mm, title_header)
        canv.drawRightString(width - 20 * mm, 10 * mm, f"{title_header} — page {doc.page}")
        canv.restoreState()

    doc = SimpleDocTemplate(
        str(out_path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=title_header,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return doc.page


def render_ruled_table_pdf(
    rows: Sequence[Sequence[str]],
    out_path: Path,
    *,
    col_widths: Sequence[float] | None = None,
    title: str | None = None,
) -> int:
    """Render ``rows`` as a table ruled with a full grid (first row is the header).

    Cells are drawn as plain strings (no wrapping), as budget tables usually are.
    Returns the number of pages written.
    """
    font, covered = _font()
    data = [[_printable(str(cell), covered) for cell in row] for row in rows]
    table = Table(data, colWidths=list(col_widths) if col_widths else None, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    story: list[Paragraph | Spacer | Table] = []
    if title:
        story += [Paragraph(escape(title), ParagraphStyle("t", fontName=font)), Spacer(1, 6)]
    story.append(table)
    doc = SimpleDocTemplate(str(out_path), pagesize=A4)
    doc.build(story)
    return doc.page


# --- bad inputs -------------------------------------------------------------------


def write_encrypted_pdf(
    out_path: Path, *, user_password: str = "secret", owner_password: str | None = None
) -> None:
    """A one-page encrypted PDF that needs ``user_password`` to open.

    With an empty ``user_password`` anyone can open it (only the owner password,
    which restricts copying, is set), as with many published PDFs.
    """
    font, _ = _font()
    encryption = StandardEncryption(
        user_password, ownerPassword=owner_password or "owner", canCopy=0, strength=128
    )
    canv = canvas.Canvas(str(out_path), pagesize=A4, encrypt=encryption)
    canv.setFont(font, 11)
    canv.drawString(20 * mm, 270 * mm, "Délibération n° CS2019/01 : texte confidentiel")
    canv.showPage()
    canv.save()


def write_image_only_pdf(out_path: Path, *, pages: int = 2, text_pages: int = 0) -> None:
    """A PDF of pages that hold only a picture, like a scanned register without OCR.

    ``text_pages`` typed pages (a paragraph of register text each) come first, to make
    documents that are partly scanned.
    """
    from PIL import Image, ImageDraw

    font, _ = _font()
    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 14):  # grey bars where a scan would show lines of text
        draw.rectangle((40, y, 360 - (y * 7) % 90, y + 6), fill=60)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    reader = ImageReader(io.BytesIO(buffer.getvalue()))
    canv = canvas.Canvas(str(out_path), pagesize=A4)
    for n in range(text_pages):
        canv.setFont(font, 11)
        y = 270 * mm
        for line in (
            f"Délibération n° CS2019/0{n + 1} : Validation du procès-verbal",
            "Après en avoir délibéré, le comité syndical DÉCIDE À L’UNANIMITÉ",
            "d’approuver le procès-verbal de la séance du 19 juillet 2018.",
        ):
            canv.drawString(20 * mm, y, line)
            y -= 6 * mm
        canv.showPage()
    for _ in range(pages):
        canv.drawImage(reader, 15 * mm, 15 * mm, width=180 * mm, height=252 * mm)
        canv.showPage()
    canv.save()


def write_blank_pdf(out_path: Path, *, pages: int = 1) -> None:
    """A valid PDF whose pages are blank: no text, no images."""
    canv = canvas.Canvas(str(out_path), pagesize=A4)
    for _ in range(pages):
        canv.showPage()
    canv.save()


def write_truncated_pdf(source: Path, out_path: Path, *, keep: float = 0.5) -> None:
    """The first ``keep`` fraction of ``source``'s bytes: an interrupted download."""
    data = source.read_bytes()
    out_path.write_bytes(data[: int(len(data) * keep)])


def write_corrupt_pdf(out_path: Path) -> None:
    """Bytes that claim to be a PDF but are not one."""
    out_path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")

"""Writers of HTML, DOCX and ODT documents from a text, line by line, for the reader tests.

Each writer lays out the same lines in the format's own markup, with the standard library
only (the formats are zip archives of XML, or HTML), so that what the readers give back
can be compared with the text they were made from. ``plain`` layouts put one paragraph
per line; ``varied`` layouts use other markup for the same lines (a heading, line breaks
inside a paragraph, a table, nested blocks, a list) as real documents do.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def lines_of(text: str) -> list[str]:
    """The lines of a text file, without the empty string after its last line break."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


# --- HTML -------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="{charset}">
  <title>Compte rendu du conseil</title>
  <style>p {{ margin: 0 }}</style>
  <script>var menu = "<p>Accueil</p>";</script>
</head>
<body>
  <header><a href="/">Mairie</a> &gt; Conseil municipal</header>
  <nav><ul><li>Accueil</li><li>Comptes rendus</li></ul></nav>
  <main>
{body}
  </main>
  <footer>Mairie &ndash; mentions légales</footer>
</body>
</html>
"""


def _shown(line: str) -> str:
    """A line as HTML text; a blank line as a no-break space, which a browser shows."""
    return html.escape(line) if line.strip() else "&nbsp;"


def html_plain(text: str) -> bytes:
    """A page with one ``<p>`` per line (``<p>&nbsp;</p>`` for a blank line, as web
    editors write it)."""
    body = "\n".join(f"    <p>{_shown(line)}</p>" for line in lines_of(text))
    return _PAGE.format(charset="utf-8", body=body).encode("utf-8")


def html_varied(text: str) -> bytes:
    """The same lines as a heading, a table, ``<br>`` breaks in nested divisions and a
    list, in windows-1252 with entities for what it lacks, as older sites are."""
    lines = lines_of(text)
    parts = [f"<h1>{html.escape(lines[0])}</h1>"]
    rest = lines[1:]
    table, rest = rest[:6], rest[6:]
    # a table: one row per line, its cell the line (a cell of one <br> for a blank line,
    # which a browser shows as a blank line; an empty cell shows nothing)
    parts.append("<table><tbody>")
    parts += [
        f"<tr><td>{html.escape(line) if line.strip() else '<br>'}</td></tr>" for line in table
    ]
    parts.append("</tbody></table>")
    middle, rest = rest[: len(rest) // 2], rest[len(rest) // 2 :]
    # nested divisions, the lines broken by <br> (two for a blank line)
    parts.append('<div class="contenu"><div><span>')
    parts.append("<br>\n".join(html.escape(line) for line in middle))
    if middle and not middle[-1].strip():
        parts.append("<br>")  # a last <br> ends a line: an empty last line needs one more
    parts.append("</span></div></div>")
    # the rest, non-blank lines as list items and blank lines as empty paragraphs
    parts.append("<ul>")
    for line in rest:
        parts.append(f"<li>{html.escape(line)}</li>" if line.strip() else "</ul><p><br></p><ul>")
    parts.append("</ul>")
    page = _PAGE.format(charset="windows-1252", body="\n".join(parts))
    return page.encode("cp1252", errors="xmlcharrefreplace")


# --- DOCX -------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _w_runs(line: str) -> str:
    """A line as Word runs: text with its spaces kept, tabs as ``<w:tab/>``."""
    out = []
    for i, piece in enumerate(line.split("\t")):
        if i:
            out.append("<w:r><w:tab/></w:r>")
        if piece:
            out.append(f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>')
    return "".join(out)


def _docx(body: str) -> bytes:
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def docx_plain(text: str) -> bytes:
    """A Word document with one paragraph per line."""
    return _docx("".join(f"<w:p>{_w_runs(line)}</w:p>" for line in lines_of(text)))


def docx_varied(text: str) -> bytes:
    """The same lines as a heading, a table of one line per cell, and paragraphs of
    several lines joined by line breaks (``<w:br/>``)."""
    lines = lines_of(text)
    heading = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>'
    parts = [f"<w:p>{heading}{_w_runs(lines[0])}</w:p>"]
    table, rest = lines[1:7], lines[7:]
    cells = "".join(f"<w:tc><w:p>{_w_runs(line)}</w:p></w:tc>" for line in table[:2])
    rows = [f"<w:tr>{cells}</w:tr>"]  # two cells in a row: read one after the other
    rows += [f"<w:tr><w:tc><w:p>{_w_runs(line)}</w:p></w:tc></w:tr>" for line in table[2:]]
    parts.append(f"<w:tbl>{''.join(rows)}</w:tbl>")
    for i in range(0, len(rest), 3):
        runs = "<w:r><w:br/></w:r>".join(_w_runs(line) for line in rest[i : i + 3])
        parts.append(f"<w:p>{runs}</w:p>")
    return _docx("".join(parts))


# --- ODT --------------------------------------------------------------------------

_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)
_ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_SPACES_RE = re.compile(r"( +)")


def _odf_text(line: str) -> str:
    """A line in ODF's markup: spaces that would collapse as ``<text:s/>``, tabs as
    ``<text:tab/>`` (what LibreOffice writes)."""
    out = []
    for i, piece in enumerate(line.split("\t")):
        if i:
            out.append("<text:tab/>")
        chunks = _SPACES_RE.split(piece)
        for j, chunk in enumerate(chunks):
            if j % 2 == 0:
                out.append(escape(chunk))
            elif (j == 1 and not chunks[0]) or (j == len(chunks) - 2 and not chunks[-1]):
                # at the start or the end of a stretch: every space written out
                out.append(f'<text:s text:c="{len(chunk)}"/>')
            else:
                # between words: one space as is, the others as a <text:s/>
                more = len(chunk) - 1
                out.append(" " + (f'<text:s text:c="{more}"/>' if more else ""))
    return "".join(out)


def _odt(body: str) -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_ODT_NS} office:version="1.2"><office:body>'
        f"<office:text>{body}</office:text></office:body></office:document-content>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", _ODT_MANIFEST)
        z.writestr("content.xml", content)
    return buf.getvalue()


def odt_plain(text: str) -> bytes:
    """An OpenDocument text with one paragraph per line."""
    return _odt("".join(f"<text:p>{_odf_text(line)}</text:p>" for line in lines_of(text)))


def odt_varied(text: str) -> bytes:
    """The same lines as a heading, a table, a list and paragraphs joined by line breaks."""
    lines = lines_of(text)
    parts = [f'<text:h text:outline-level="1">{_odf_text(lines[0])}</text:h>']
    table, rest = lines[1:7], lines[7:]
    rows = "".join(
        f"<table:table-row><table:table-cell><text:p>{_odf_text(line)}</text:p>"
        "</table:table-cell></table:table-row>"
        for line in table
    )
    parts.append(f"<table:table><table:table-rows>{rows}</table:table-rows></table:table>")
    listed, rest = rest[:4], rest[4:]
    items = "".join(
        f"<text:list-item><text:p>{_odf_text(x)}</text:p></text:list-item>" for x in listed
    )
    parts.append(f"<text:list>{items}</text:list>")
    for i in range(0, len(rest), 3):
        joined = "<text:line-break/>".join(_odf_text(line) for line in rest[i : i + 3])
        parts.append(f"<text:p>{joined}</text:p>")
    return _odt("".join(parts))

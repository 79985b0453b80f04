"""Measures behind the readers' choice of library (docs/readers.md): speed and output.

Run from the repository: ``python -m bench.readers_compare``. The candidates that are not
dependencies (lxml, selectolax, beautifulsoup4, trafilatura, python-docx, docx2python,
odfpy) must be installed by hand for it; each is skipped when missing. Inputs: the real
Montolieu page (tests/fixtures/readers) and the pages and documents the reader tests
generate from data/raw/lot-numerique_comite-syndical_2019-02-01.txt (6,086 lines).
"""

from __future__ import annotations

import difflib
import io
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from parsers.readers import html as html_reader
from parsers.readers import office
from tests import readers_make as make

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "data/raw/lot-numerique_comite-syndical_2019-02-01.txt").read_text() + "\n"
REAL = (ROOT / "tests/fixtures/readers/montolieu_crcm200903.html").read_bytes()
_WS = re.compile(r"\s+")

BLOCKS = html_reader._BLOCKS
DROPPED = html_reader._DROPPED | {"header", "footer"}


def timed(fn: Callable[[], object], runs: int = 5) -> float:
    """Median seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def line_score(got: str, want: str) -> str:
    """Share of the wanted non-blank lines (whitespace collapsed) found in order, and
    the number of lines read that are not wanted (navigation, footer, scripts)."""
    a = [_WS.sub(" ", x).strip() for x in want.splitlines() if x.strip()]
    b = [_WS.sub(" ", x).strip() for x in got.splitlines() if x.strip()]
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    found = sum(block.size for block in m.get_matching_blocks())
    return f"{found / max(1, len(a)):.3f} (+{len(b) - found})"


# --- HTML candidates: the same lines (block -> line, <br> -> line) on each tree -----


def _line_collector() -> tuple[list[str], list[str], Callable[..., None]]:
    """The lines read, the text of the line being read, and ``brk`` that ends it (a
    blank line only when forced, as <br> does): the same line rule for every candidate."""
    lines: list[str] = []
    cur: list[str] = []

    def brk(force: bool = False) -> None:
        line = _WS.sub(" ", "".join(cur)).strip()
        if line or force:
            lines.append(line)
        cur.clear()

    return lines, cur, brk


def lxml_text(page: bytes) -> str:
    import lxml.html

    root = lxml.html.document_fromstring(page)
    lines, cur, brk = _line_collector()

    def walk(el: object) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        if tag in DROPPED or not tag:
            return
        if tag == "br":
            brk(True)
        elif tag in BLOCKS:
            brk()
        cur.append(el.text or "")  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            cur.append(child.tail or "")
        if tag in BLOCKS:
            brk()

    mains = root.xpath("//main|//article|//*[@role='main']")
    for top in mains[:1] or [root.body]:
        walk(top)
    brk()
    return "\n".join(lines) + "\n"


def selectolax_text(page: bytes) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html_reader.decode(page)[0])  # the charset as ours reads it
    lines, cur, brk = _line_collector()

    def walk(node: object) -> None:
        for child in node.iter(include_text=True):  # type: ignore[attr-defined]
            tag = child.tag
            if tag == "-text":
                cur.append(child.text_content or "")
            elif tag in DROPPED or tag.startswith("-"):
                continue
            elif tag == "br":
                brk(True)
            else:
                if tag in BLOCKS:
                    brk()
                walk(child)
                if tag in BLOCKS:
                    brk()

    top = tree.css_first("main, article, [role=main]") or tree.body
    walk(top)
    brk()
    return "\n".join(lines) + "\n"


def bs4_text(page: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    for tag in soup(list(DROPPED)):
        tag.decompose()
    return soup.get_text("\n")


def trafilatura_text(page: bytes) -> str:
    import trafilatura

    page_text = html_reader.decode(page)[0]  # the charset as ours reads it
    return trafilatura.extract(page_text, favor_recall=True) or ""


def ours(page: bytes) -> str:
    return html_reader.html_text(html_reader.decode(page)[0])


HTML = {
    "stdlib html.parser (ours)": ours,
    "lxml.html (libxml2)": lxml_text,
    "selectolax (Lexbor)": selectolax_text,
    "beautifulsoup4 get_text": bs4_text,
    "trafilatura.extract": trafilatura_text,
}


def html_table() -> None:
    pages = {
        "generated <p> per line (250 kB)": make.html_plain(TEXT),
        "generated varied markup (cp1252)": make.html_varied(TEXT),
    }
    print(
        "| HTML reader | <p> page: ms | lines found (extra) | varied page: ms | lines found"
        " (extra) | Montolieu: ms | lines |"
    )
    for name, fn in HTML.items():
        try:
            row = [name]
            for page in pages.values():
                row += [f"{timed(lambda p=page: fn(p)) * 1000:.0f}", line_score(fn(page), TEXT)]
            real = fn(REAL)
            row += [f"{timed(lambda: fn(REAL), 20) * 1000:.1f}", str(sum(1 for x in real.splitlines() if x.strip()))]
            print("| " + " | ".join(row) + " |")
        except ImportError as exc:
            print(f"| {name} | not installed ({exc}) |")
        except Exception as exc:  # a candidate that cannot read the page: say so
            print(f"| {name} | fails: {exc!r} |")


# --- DOCX / ODT candidates ---------------------------------------------------------


def python_docx_text(data: bytes) -> str:
    import docx

    d = docx.Document(io.BytesIO(data))
    lines = []
    for block in d.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines += docx.text.paragraph.Paragraph(block, d).text.split("\n")
        elif tag == "tbl":
            for row in docx.table.Table(block, d).rows:
                for cell in row.cells:
                    lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines) + "\n"


def docx2python_text(data: bytes) -> str:
    from docx2python import docx2python

    with docx2python(io.BytesIO(data)) as result:
        return result.text


def odfpy_text(data: bytes) -> str:
    from odf import opendocument, teletype, text

    doc = opendocument.load(io.BytesIO(data))
    return "\n".join(teletype.extractText(p) for p in doc.getElementsByType(text.P)) + "\n"


def office_table() -> None:
    docs = {
        "docx": (make.docx_plain(TEXT), make.docx_varied(TEXT)),
        "odt": (make.odt_plain(TEXT), make.odt_varied(TEXT)),
    }
    candidates: dict[str, list[tuple[str, Callable[[bytes], str]]]] = {
        "docx": [
            ("stdlib zipfile+ElementTree (ours)", lambda b: office.read_docx(Path(), b, "pypdfium2").text),
            ("python-docx", python_docx_text),
            ("docx2python", docx2python_text),
        ],
        "odt": [
            ("stdlib zipfile+ElementTree (ours)", lambda b: office.read_odt(Path(), b, "pypdfium2").text),
            ("odfpy (teletype)", odfpy_text),
        ],
    }
    print("| kind | reader | plain: ms | exact text | varied: ms | exact text |")
    for kind, (plain, varied) in docs.items():
        for name, fn in candidates[kind]:
            try:
                row = [kind, name]
                for data in (plain, varied):
                    row += [f"{timed(lambda d=data: fn(d)) * 1000:.0f}", str(fn(data) == TEXT)]
                print("| " + " | ".join(row) + " |")
            except ImportError as exc:
                print(f"| {kind} | {name} | not installed ({exc}) |")
            except Exception as exc:  # a candidate that cannot read the file: say so
                print(f"| {kind} | {name} | fails: {exc!r} |")


def show_real() -> None:
    """What each candidate reads of the real page, for a person to compare."""
    for name, fn in HTML.items():
        try:
            print(f"--- {name}\n{fn(REAL)[:1500]}")
        except Exception as exc:  # missing or failing: say so
            print(f"--- {name}: {exc!r}")


if __name__ == "__main__":
    import sys

    if "--show" in sys.argv:
        show_real()
    html_table()
    print()
    office_table()

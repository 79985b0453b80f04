"""HTML pages of minutes (.html, .htm, .xhtml): the text of the page's main content.

Town halls publish minutes as web pages, often exported from Word. The text read is what
a browser shows of the page's content, one line per block:

- each block element (paragraph, heading, list item, table cell, division…) starts a new
  line and ``<br>`` ends one; a paragraph of blanks (``<p>&nbsp;</p>``, how Word and
  web editors write an empty line) is a blank line and an empty ``<p></p>`` is nothing,
  as on screen;
- runs of whitespace collapse to one space and lines are trimmed, as a browser does,
  except inside ``<pre>``; entities are decoded;
- scripts, styles, the ``<head>``, navigation, asides, forms' controls and the like are
  dropped; when the page marks its main content (``<main>``, ``role="main"``, or
  ``<article>``), only that is read, and a page header or footer outside it is dropped.

The charset is the byte-order mark's, else the page's own (``<meta charset>``, the
``http-equiv`` Content-Type or the XML declaration), else UTF-8; bytes that the declared
charset cannot decode, or that are UTF-8 under a single-byte declaration, are decoded as
the text reader would (UTF-8, cp1252 or ISO-8859-1, line by line).

The parser is the standard library's :mod:`html.parser`: see ``docs/readers.md`` for the
measures against lxml, selectolax and trafilatura that chose it.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from parsers.readers.base import Content, Engine, LoadError, Reader, text_content
from parsers.readers.text import decode_lines

# Elements whose content is not the page's text: code, styling, metadata, navigation
# and controls. Their text is dropped with them.
_DROPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "nav",
        "aside",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "select",
        "button",
        "datalist",
        "dialog",
    ]
)
# A page's own header and footer (banner, site links): dropped outside the main content,
# kept inside it, where an article's header holds its title.
_FURNITURE = frozenset({"header", "footer"})
# Elements that start and end a line (HTML's block-level and table elements).
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "caption",
        "ul",
    ]
)
# Elements without content or end tag: never pushed on the stack of open elements.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Start tags that close an open element of the same group first (HTML's implied end
# tags: "<li>a<li>b" is two items, "<td>a<td>b" two cells).
_IMPLIED_BY = {"li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"}}
_IMPLIED_BY |= {"td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"}}
# Block start tags that end an open paragraph (the standard's "close a p element").
_CLOSES_P = _BLOCKS - {"body", "html", "caption", "legend", "tbody", "td", "tfoot", "th"}
_CLOSES_P -= {"thead", "tr"}
# Elements that bound the search for an open element to close: a cell of an inner table
# does not close the outer cell, nor a list item of an inner list the outer item.
_SCOPES = frozenset({"table", "td", "th", "caption", "ul", "ol", "dl", "button", "object"})
_WHITESPACE_RE = re.compile(r"[ \t\n\r\f]+")
# The page's charset, as the HTML standard's prescan finds it in the first bytes.
_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_PRESCAN_BYTES = 4096
# What the HTML standard reads these labels as: browsers decode a page labelled
# ISO-8859-1 or ASCII as windows-1252, whose 0x80-0x9F are letters ("’", "œ", "€").
_WHATWG_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "latin-1": "cp1252"}


def read(path: Path, data: bytes, engine: Engine) -> Content:
    """The text of the page's main content, one line per block."""
    page, encoding = decode(data)
    text = html_text(page)
    if not text.strip():
        raise LoadError(
            "empty",
            "la page HTML ne contient aucun texte à lire (seulement du balisage, "
            "des scripts ou des styles)",
        )
    return text_content(text, encoding)


READER = Reader("html", (".html", ".htm", ".xhtml"), "les pages HTML", read)


def decode(data: bytes) -> tuple[str, str]:
    """The page's characters and the name of the encoding that gave them."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if b"\x00" in data:
        raise LoadError(
            "error", "le fichier contient des données binaires (octets NUL), pas une page HTML"
        )
    declared = _declared_codec(data[:_PRESCAN_BYTES])
    if declared and declared != "utf-8" and not _is_utf8_beyond_ascii(data):
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration is wrong: decode as if the page declared nothing
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_lines(data)


def _declared_codec(head: bytes) -> str | None:
    """The Python codec of the charset the page declares, or None (none, or unknown)."""
    m = _CHARSET_RE.search(head)
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").strip().lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page cannot declare UTF-16 in its own bytes (it could not have been read to
    # find the declaration): the standard reads such a page as UTF-8.
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return _WHATWG_ALIASES.get(name, name)


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    """Whether the bytes are UTF-8 with letters beyond ASCII: single-byte text almost
    never forms valid UTF-8 sequences, so such a page is UTF-8 whatever it declares."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def html_text(page: str) -> str:
    """The text a browser shows of the page's main content, one line per block."""
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return parser.text()


class _TextParser(HTMLParser):
    """Lines of text from a stream of tags, with a stack of the open elements.

    The standard library's parser is a tokenizer, not a tree builder: the stack rebuilds
    enough of the tree (implied end tags, end tags without a start) to know whether a
    piece of text is inside a dropped element or inside the main content.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[str] = []
        # how many elements of each name are open: spares a walk down the stack for the
        # end tags and implied ends that close nothing (a page of 20,000 unclosed <div>
        # took 13 s with the walk, quadratic in the depth)
        self._open: Counter[str] = Counter()
        self._dropped = 0  # open elements whose text is dropped
        self._main = 0  # open elements that hold the main content
        self._pre = 0
        self._line: list[str] = []
        self._paragraph_lines: int | None = None  # lines the open <p> has ended
        self._paragraph_shown = False  # whether it holds more than collapsible spaces
        # finished lines, each with whether it was read inside the main content
        self._lines: list[tuple[str, bool]] = []
        self._line_in_main = False
        self._saw_main = False

    # --- the tree ---------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _IMPLIED_BY:
            self._close_implied(_IMPLIED_BY[tag])
        if tag in _CLOSES_P:
            self._close_implied({"p"})  # "<p>a<div>b": the block ends the paragraph
        if tag in _BLOCKS:
            self._break()
        if tag == "br":
            self._end_line(force=True)
            return
        if tag in _VOID:
            return
        self._push(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # "<br/>", "<p/>" (XHTML): a start tag with its end tag
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is read as "<br>" by browsers
            self._end_line(force=True)
            return
        if not self._open[tag]:
            if tag == "p":  # "</p>" alone: an empty paragraph, which shows nothing
                self._break()
            return
        while self._stack:
            if self._pop() == tag:
                break

    def _close_implied(self, group: set[str]) -> None:
        # close up to the nearest open element of the group, unless a scope stands between
        if not any(self._open[name] for name in group):
            return
        for i in range(len(self._stack) - 1, -1, -1):
            name = self._stack[i].partition("\0")[0]
            if name in group:
                while len(self._stack) > i:
                    self._pop()
                return
            if name in _SCOPES:
                return

    def _push(self, tag: str, attrs: dict[str, str | None]) -> None:
        self._stack.append(tag)
        self._open[tag] += 1
        if tag in _DROPPED or (tag in _FURNITURE and not self._main):
            self._dropped += 1
            self._stack[-1] = f"{tag}\0dropped"  # remembered so that its end undoes it
            return
        if tag in ("main", "article") or attrs.get("role") == "main":
            self._break()
            self._main += 1
            self._saw_main = True
            self._stack[-1] = f"{tag}\0main"
        if tag == "pre":
            self._pre += 1
        if tag == "p":
            self._paragraph_lines = 0
            self._paragraph_shown = False

    def _pop(self) -> str:
        entry = self._stack.pop()
        tag, _, mark = entry.partition("\0")
        self._open[tag] -= 1
        if tag == "p":
            self._end_paragraph()
        if tag in _BLOCKS:
            self._break()
        if mark == "dropped":
            self._dropped -= 1
        elif mark == "main":
            self._main -= 1
        if tag == "pre":
            self._pre -= 1
        return tag

    def handle_data(self, data: str) -> None:
        if self._dropped:
            return
        if self._pre:
            # preformatted text keeps its spaces and line breaks
            first, *rest = data.split("\n")
            self._add(first)
            for part in rest:
                self._end_line(force=True)
                self._add(part)
            return
        self._add(_WHITESPACE_RE.sub(" ", data))

    # --- the lines --------------------------------------------------------------

    def _in_main(self) -> bool:
        return self._main > 0

    def _add(self, piece: str) -> None:
        if not self._pre and piece.startswith(" ") and self._line and self._line[-1].endswith(" "):
            piece = piece[1:]  # "a <b> b</b>": the spaces collapse across the tags too
        if not piece:
            return
        if not self._line:
            self._line_in_main = self._in_main()
        self._line.append(piece)
        if piece.strip(" "):
            self._paragraph_shown = True

    def _break(self) -> None:
        """A block boundary: the line so far ends if it has any text."""
        self._end_line(force=False)

    def _end_line(self, *, force: bool) -> None:
        if self._dropped and not self._line:
            return
        line = "".join(self._line)
        in_main = self._line_in_main if self._line else self._in_main()
        line = line.rstrip("\r") if self._pre else line.strip()
        if line or force:
            self._lines.append((line, in_main))
            if self._paragraph_lines is not None:
                self._paragraph_lines += 1
        self._line = []

    def _end_paragraph(self) -> None:
        """The end of a <p>: one whose only text is blank (``<p>&nbsp;</p>``, how editors
        write an empty line) is a blank line; an empty ``<p></p>`` shows nothing."""
        if self._paragraph_lines is None:
            return
        self._break()
        if self._paragraph_lines == 0 and self._paragraph_shown and not self._dropped:
            self._lines.append(("", self._in_main()))
        self._paragraph_lines = None

    def text(self) -> str:
        """The lines read, only those of the main content when the page marks it."""
        self._end_paragraph()
        self._break()
        lines = [line for line, in_main in self._lines if in_main or not self._saw_main]
        return "".join(line + "\n" for line in lines)

"""Document text is data wherever it is shown: terminal, Markdown, spreadsheets.

A document's title, a quoted sentence or a file name is written by whoever made the
file. Shown raw, it acts: an escape sequence rewrites the terminal, a newline in a
file name forges a summary line, ``[/red]`` is Rich markup, ``<script>`` or
``[x](javascript:…)`` is live in a rendered Markdown report, ``=HYPERLINK(…)`` is a
formula once a CSV is opened in a spreadsheet. Each output goes through the one
function here that makes text inert for it.
"""

from __future__ import annotations

import html
import re

# C0 and C1 controls, DEL, the line and paragraph separators and the bidirectional
# overrides (they reorder what follows on the line, "Trojan Source").
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CONTROL_NOT_LINES_RE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control character shown escaped (``\\n``, ``\\x1b``…), so
    that it stays on one line and cannot drive the terminal. ``keep_newlines`` lets
    line breaks through (a multi-line cell of a table), nothing else."""
    pattern = _CONTROL_NOT_LINES_RE if keep_newlines else _CONTROL_RE
    return pattern.sub(_escaped, "" if text is None else str(text))


# Characters that start a formula in Excel, LibreOffice or Google Sheets (tab and CR
# too: some import a cell "\t=…" trimmed).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def spreadsheet(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: a cell that would start a formula
    gets a leading apostrophe (OWASP's advice); plain numbers ("-14 800" is not one,
    "-14800,00" is) are left as they are."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not _NUMBER_RE.fullmatch(text):
        return "'" + text
    return text


# Markdown's ASCII punctuation that can start markup (emphasis, links, images, code,
# headings, tables, HTML); each is backslash-escaped, which CommonMark allows for any.
_LINE_BREAKS_RE = re.compile(r"[\r\n\u2028\u2029]+")
_MD_RE = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def markdown(text: object) -> str:
    """``text`` as inert Markdown: HTML escaped (no tag, no entity of the document's
    survives), markup characters backslash-escaped (no link, image, emphasis or code
    from a document), on one line."""
    raw = _LINE_BREAKS_RE.sub(" ", "" if text is None else str(text))
    escaped = _MD_RE.sub(r"\\\1", html.escape(terminal(raw), quote=False))
    return "\\" + escaped if escaped.startswith("-") else escaped  # not a list item

"""Repair PDF-extraction artefacts while keeping an exact map back to the original text.

Every extracted figure must be traceable to the characters it came from, so the
normaliser never rewrites text freely: each stage only *deletes* characters,
*substitutes* one character for one character, or *expands* one character into several
(ligatures). Each output character therefore has exactly one source character in the
original, recorded in :attr:`NormalizedText.offsets`.

Stages, in order (each works on the previous stage's output):

1. ``drop``: delete furniture lines (page headers/footers) found by another module,
   keeping one line break so the neighbouring lines are not glued together.
2. characters: line breaks (``\\r\\n``, ``\\r``, ``\\f``...) become one ``\\n`` (a form
   feed right after a line break disappears); unicode spaces and tabs become a space;
   soft hyphens and zero-width characters go; ligatures expand; typographic
   apostrophes become ``'``; a letter followed by combining accents is composed (NFC).
3. bullets at line start become ``•`` (``◦`` for the "o" sub-bullets); a row made only
   of bullets ("� � �", a separator) becomes empty.
4. whitespace: one space between words, none at either end of a line, at most two
   blank lines in a row.
5. repairs: numbers split by a space ("201 8", "1 er"), words hyphenated at a line end
   ("dévelop-\\npement", "Jean-\\nPierre") and words split by a spurious space
   ("syndi cat", "a vec"), judged with a French :class:`~parsers.lexicon.Lexicon` and
   with the document's own vocabulary; this stage lives in :mod:`parsers.repairs`.

How an edit is described and applied, with the offset map, is :mod:`parsers.edits`.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parsers.edits import Edit, Pipeline, dedupe
from parsers.lexicon import Lexicon, default_lexicon
from parsers.repairs import WORD_SPLIT_RE, Judge, RepairKind, Vocabulary, repair_edits


@dataclass(frozen=True, slots=True)
class Repair:
    """A token-level repair, for auditing: what the original had and what we made of it.

    ``start``/``end`` is the half-open range of the repaired token(s) in the original.
    """

    kind: RepairKind
    start: int
    end: int
    before: str
    after: str


@dataclass(frozen=True)
class NormalizedText:
    """Normalised text plus the map from each of its characters to the original.

    ``offsets[i]`` is the offset in ``original`` of the character that produced
    ``text[i]``; ``offsets[len(text)]`` is ``len(original)`` (end sentinel). Offsets never
    decrease. Every letter or digit of ``text`` equals ``original[offsets[i]]``, except
    letters expanded from a ligature ("ﬁ" gives "f" and "i", both mapped to the "ﬁ") and
    letters composed from a base letter and combining accents (mapped to the base).
    """

    text: str
    original: str
    offsets: array  # array('q'): read it, never write to it
    repairs: tuple[Repair, ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span ``[start, end)`` of :attr:`text` to the original.

        A span runs from the source of its first character to just past the source of
        its last one, so characters deleted around it (trailing spaces, a dropped page
        footer) stay outside. An empty span maps to an empty span just past the source
        of the character before it. The result satisfies ``0 <= s <= e <=
        len(original)`` and is monotone: moving either end of the span right never
        moves either end of the result left.

        One degenerate case keeps it monotone: a boundary *inside* a ligature's
        expansion ("f|i" from "ﬁ") maps to the ligature's start.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span {start}..{end} outside 0..{len(self.text)}")
        if start == end:
            pos = self._end_of(start) if start else self.offsets[0]
            return pos, pos
        return self.offsets[start], self._end_of(end)

    def _end_of(self, i: int) -> int:
        """Original offset just past the source of ``text[i - 1]`` (``i >= 1``)."""
        last = self.offsets[i - 1]
        if i < len(self.text) and self.offsets[i] == last:
            return last  # inside an expansion: the next character shares the source
        return last + 1


# --- stage 1: dropped furniture lines ----------------------------------------------


def _drop_edits(text: str, drop: Sequence[tuple[int, int]]) -> list[Edit]:
    """Deletions for the ``drop`` ranges, merged and clipped to the text."""
    n = len(text)
    spans = sorted((max(0, s), min(n, e)) for s, e in drop)
    merged: list[list[int]] = []
    for s, e in spans:
        if s >= e:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    edits: list[Edit] = []
    for s, e in merged:
        glued = s > 0 and e < n and text[s - 1] != "\n" and text[e] != "\n"
        if glued:
            # The neighbours would end up on one line: keep a line break, preferably a
            # real one from inside the range so the map points at a newline.
            nl = text.rfind("\n", s, e)
            edits.append((s, e, "\n", (nl if nl >= 0 else s,)))
        else:
            edits.append((s, e, "", ()))
    return edits


# --- stage 2: characters -----------------------------------------------------------

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_APOSTROPHES = "\u2018\u2019\u201b\u02bc"
# Everything str.splitlines() treats as a line break, so that text.split("\n") and
# text.splitlines() agree on the normalised text.
_LINE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_AFTER_LINE = frozenset("\n\r" + _LINE_BREAKS)
_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Invisible characters: soft hyphen, zero-width (non-)joiners, BOM, word joiner, and
# C0 controls that carry nothing in a text extraction.
_INVISIBLE = "\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1b\x7f"
# One character class: Python's re scans a class much faster than an alternation.
_CHAR_RE = re.compile(
    rf"[\r{_LINE_BREAKS}{_SPACES}{_INVISIBLE}{''.join(_LIGATURES)}{_APOSTROPHES}]"
)
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_COMPOSABLE_RE = re.compile(r"[^\W\d_][\u0300-\u036f]+")


def _char_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _CHAR_RE.finditer(text):
        s, e = m.span()
        c0 = text[s]
        if c0 == "\r":
            # "\r\n" keeps its "\n"; a lone "\r" (old Mac files) becomes one
            crlf = text.startswith("\n", e)
            edits.append((s, e, "", ()) if crlf else (s, e, "\n", None))
        elif c0 in _LINE_BREAKS:
            # A page break (form feed) usually follows the page's last line break:
            # then it adds nothing, and dropping it lets a word hyphenated across
            # the page ("dévelop-\n\fpement") be repaired like any other.
            if s and text[s - 1] in _AFTER_LINE:
                edits.append((s, e, "", ()))
            else:
                edits.append((s, e, "\n", None))
        elif c0 in _LIGATURES:
            repl = _LIGATURES[c0]
            edits.append((s, e, repl, (s,) * len(repl)))
        elif c0 in _APOSTROPHES:
            edits.append((s, e, "'", None))
        elif c0 == "\t" or unicodedata.category(c0) == "Zs":
            edits.append((s, e, " ", None))
        else:
            edits.append((s, e, "", ()))
    # Decomposed accents are rare (some PDF producers emit them): look only when the
    # text has a combining mark at all, the letter-by-letter scan is costly.
    if _COMBINING_RE.search(text):
        for m in _COMPOSABLE_RE.finditer(text):
            s, e = m.span()
            composed = unicodedata.normalize("NFC", m.group())
            if composed != m.group():
                # the composed letter maps to its base letter; marks that did not
                # compose keep their own positions
                rest = len(composed) - 1
                edits.append((s, e, composed, (s, *range(e - rest, e))))
        edits.sort()
    return edits


# --- stage 3: bullets --------------------------------------------------------------

# Glyphs that word processors' list bullets become in a text extraction: real bullets,
# squares, arrows, "�" (a Symbol-font bullet the extractor could not decode) and the
# private-use code points of the Symbol/Wingdings fonts.
_BULLETS = (
    "\ufffd\u2022\u25aa\u25ab\u25cf\u25a0\u25a1\u25ba\u25b6\u27a2\u27a4"
    "\u2023\u2043\u2219\u2713\u2714\ue000-\uf8ff"
)
_SUB_BULLETS = "\u25e6\u25cb"  # ◦ ○
_BULLET_RE = re.compile(
    rf"^ *(?:[{_BULLETS}{_SUB_BULLETS}] *){{2,}}$"  # a separator row: "� � �"
    rf"|^ *([{_BULLETS}])( ?)"
    rf"|^ *([{_SUB_BULLETS}]|o(?= ))"  # "o " is the Word sub-bullet in this corpus
    r"|^ *([\u2212\u2013])(?= )",  # minus / en dash used as a list dash
    re.MULTILINE,
)


def _bullet_edits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in _BULLET_RE.finditer(text):
        if m.group(1) is not None:
            s = m.start(1)
            if m.group(2):
                edits.append((s, s + 1, "•", None))
            elif m.end(1) < len(text) and text[m.end(1)] != "\n":
                # "•Texte": add the missing space, mapped to the bullet itself
                edits.append((s, s + 1, "• ", (s, s)))
            else:
                edits.append((s, s + 1, "•", None))
        elif m.group(3) is not None:
            edits.append((m.start(3), m.end(3), "◦", None))
        elif m.group(4) is not None:
            edits.append((m.start(4), m.end(4), "-", None))
        else:
            edits.append((m.start(), m.end(), "", ()))
    return edits


# --- stage 4: whitespace -----------------------------------------------------------

_LEAD_RE = re.compile(r"\n( +)")
_TRAIL_RE = re.compile(r" +$", re.MULTILINE)
_MULTI_RE = re.compile(r"  +")
_BLANK_RE = re.compile(r"\n{4,}")


def _space_edits(text: str) -> list[Edit]:
    # Three literal-led scans are much faster than one pattern with anchors.
    edits: list[Edit] = [(*m.span(1), "", ()) for m in _LEAD_RE.finditer(text)]
    first = len(text) - len(text.lstrip(" "))
    if first:
        edits.append((0, first, "", ()))
    edits += [(*m.span(), "", ()) for m in _TRAIL_RE.finditer(text)]
    n = len(text)
    for m in _MULTI_RE.finditer(text):
        s, e = m.span()
        # runs touching a line end are already deleted whole
        if s > 0 and text[s - 1] != "\n" and e < n and text[e] != "\n":
            edits.append((s + 1, e, "", ()))
    edits.sort()
    return dedupe(edits)


def _blank_edits(text: str) -> list[Edit]:
    # keep three line breaks: the end of the line and two blank lines
    return [(m.start() + 3, m.end(), "", ()) for m in _BLANK_RE.finditer(text)]


# --- entry point -------------------------------------------------------------------


def normalize(
    text: str,
    *,
    drop: Sequence[tuple[int, int]] = (),
    lexicon: Lexicon | None = None,
) -> NormalizedText:
    """Normalise ``text`` and keep the map from every output character to ``text``.

    ``drop`` lists half-open ranges of ``text`` (whole lines: page headers and footers)
    to delete; a line break is kept so the lines around a range stay apart. ``lexicon``
    judges split words; by default the shared wordfreq lexicon is used.
    """
    lex = lexicon if lexicon is not None else default_lexicon()
    p = Pipeline(text)
    p.apply(_drop_edits(text, drop))
    p.apply(_char_edits(p.text))
    p.apply(_bullet_edits(p.text))
    p.apply(_space_edits(p.text))
    p.apply(_blank_edits(p.text))

    found: list[tuple[RepairKind, int, int, str]] = []
    parts = WORD_SPLIT_RE.split(p.text)
    judge = Judge(lex, Vocabulary(p.text, parts[1::2]))
    edits = repair_edits(p.text, parts, judge, found)
    # the repairs' spans are in the pre-repair text: map them to the original now
    pre = p.offsets
    repairs = []
    for kind, s, e, after in found:
        os, oe = int(pre[s]), int(pre[e - 1]) + 1
        repairs.append(Repair(kind, os, oe, text[os:oe], after))
    p.apply(edits)
    repairs.sort(key=lambda r: (r.start, r.end))
    offsets = array("q")
    offsets.frombytes(p.offsets.astype(np.int64, copy=False).tobytes())
    return NormalizedText(text=p.text, original=text, offsets=offsets, repairs=tuple(repairs))

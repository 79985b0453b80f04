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
   with the document's own vocabulary.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

import numpy as np

from parsers.lexicon import Lexicon, default_lexicon

RepairKind = Literal["word_join", "number_join", "dehyphenation", "line_join"]


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


# An edit replaces input[start:end] by ``repl``; ``src`` gives the input position of each
# character of ``repl`` (None: one to one from ``start``, which needs equal lengths).
_Edit = tuple[int, int, str, tuple[int, ...] | None]


def _apply(text: str, edits: list[_Edit]) -> tuple[str, np.ndarray]:
    """Apply sorted, non-overlapping edits; return the new text and its local offsets."""
    out: list[str] = []
    pos = 0
    simple = True  # only deletions and one-to-one substitutions
    for start, end, repl, src in edits:
        out.append(text[pos:start])
        out.append(repl)
        pos = end
        if repl and (src is not None or len(repl) != end - start):
            simple = False
    out.append(text[pos:])
    new_text = "".join(out)
    if simple:
        # Each kept or substituted character keeps its position: the map is the list
        # of positions not deleted (plus the end sentinel).
        keep = np.ones(len(text) + 1, dtype=bool)
        for start, end, repl, _src in edits:
            if not repl:
                keep[start:end] = False
        return new_text, np.flatnonzero(keep)
    offs = array("q")
    pos = 0
    for start, end, repl, src in edits:
        offs.extend(range(pos, start))
        offs.extend(range(start, start + len(repl)) if src is None else src)
        pos = end
    offs.extend(range(pos, len(text) + 1))
    return new_text, np.frombuffer(offs, dtype=np.int64)


class _Pipeline:
    """Text being normalised plus the composed map from its characters to the original."""

    def __init__(self, original: str) -> None:
        self.text = original
        self.offsets = np.arange(len(original) + 1, dtype=np.int64)

    def apply(self, edits: list[_Edit]) -> None:
        if not edits:
            return
        self.text, local = _apply(self.text, edits)
        # compose: a character's source in the previous text, then that one's source
        self.offsets = self.offsets[local]


# --- stage 1: dropped furniture lines ----------------------------------------------


def _drop_edits(text: str, drop: Sequence[tuple[int, int]]) -> list[_Edit]:
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
    edits: list[_Edit] = []
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


def _char_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
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


def _bullet_edits(text: str) -> list[_Edit]:
    edits: list[_Edit] = []
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


def _space_edits(text: str) -> list[_Edit]:
    # Three literal-led scans are much faster than one pattern with anchors.
    edits: list[_Edit] = [(*m.span(1), "", ()) for m in _LEAD_RE.finditer(text)]
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
    return _dedupe(edits)


def _blank_edits(text: str) -> list[_Edit]:
    # keep three line breaks: the end of the line and two blank lines
    return [(m.start() + 3, m.end(), "", ()) for m in _BLANK_RE.finditer(text)]


# --- stage 5: repairs --------------------------------------------------------------

# A space between two digit runs: a thousands separator ("2 487 500"), two numbers of a
# table ("2019 5 512,50"), a phone number ("05 65 ...") or, rarely, an artefact. The
# scan starts on a digit, and the checks are done in Python on the few hits, because
# look-behinds at the head of a pattern make Python's re test every position.
_DIGIT_GAP_RE = re.compile(r"(\d+) (?=(\d+))")
# "1 er février", "2 nd", "3 ème"
_ORDINAL_RE = re.compile(r"(\d{1,2}) (er|ère|ers|ères|re|nd|nde|ème|èmes)\b")
_MONTH_BEFORE_RE = re.compile(
    r"(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre"
    r"|octobre|novembre|décembre|decembre) $|\d/$",
    re.IGNORECASE,
)
_REF_BEFORE_RE = re.compile(r"[A-Za-z]\d{4}/$")  # "CS2019/"
_THOUSANDS_AFTER_RE = re.compile(r" \d{3}(?!\d)")

# Line-end hyphenation: "-", a line break, a letter (the word before is read in Python).
# One blank line may intervene: some extractions add one after every line.
_HYPHEN_RE = re.compile(r"-\n\n?(?=[^\W\d_])")

# A may not be glued to a digit or to URL/e-mail punctuation...
_NOT_BEFORE_A = frozenset("0123456789_./@:%#&=\\")
# ...and B must end at a space or sentence punctuation: not at an apostrophe ("Orange
# s'engage"), a hyphen ("de e-administration"), a digit or "°" ("loi n°").
_AFTER_B = frozenset(' \n.,;:!?)]»"…')
# What may separate the two pieces of a split word: a space, or a line break where a
# PDF wrapped the line at that space; some extractions add a blank line after every
# line, so one blank line is allowed too.
_WORD_GAPS = (" ", "\n", "\n\n")
_WORD_RE = re.compile(r"[^\W\d_]+")
_WORD_SPLIT_RE = re.compile(r"([^\W\d_]+)")

# Evidence thresholds, in Zipf units (log10), tuned on the two registers (see
# docs/normalisation.md):
# - when both parts are words, the joined word must be this much more probable than the
#   pair under a unigram model (P(AB) / (P(A) P(B))): "a vec" 5.9, "média tion" 6.1,
#   while real pairs stay low: "a mis" 1.9, "en cours" ~0, "sur tout" 1.3, "open data"
#   2.4, and compounds with a joined spelling too: "data centers" 4.7;
_LEX_GAIN = 5.0
# - the same ratio measured on the document's own counts, for place and person names
#   wordfreq does not know well ("Grand Ca hors" when "Cahors" occurs 37 times): only
#   for a capitalised first part, and when one part occurs nowhere else in the
#   document (a fragment does not). "cyber sécurité" or "fab labs" are spelling
#   variants, not artefacts, and stay;
_DOC_GAIN = 3.0
# - when a part is a fragment of one or two letters, the joined word may be rarer than
#   the real-word part by at most this much: "mis e" -> "mise" (5.3 vs 5.4) joins, "G
#   et" -> "get" (3.9 vs 7.3) does not;
_FRAGMENT_SLACK = 1.5
# - a hyphen at a line end between two words is dropped when the joined form beats the
#   pair by this much ("pour-\ntant"), and kept otherwise ("ci-\ndessus").
_HYPHEN_GAIN = 3.0
# A word the lexicon lacks but the document uses unsplit counts as a word; its document
# frequency is discounted because a document repeats its own topic words.
_DOC_DISCOUNT = 2.0


def _case_ok(a: str, b: str) -> bool:
    """Whether A+B can be one word split in two, judging by letter case.

    A split inside a word leaves B in lower case ("syndi cat", "Rappe l"); in a heading
    both parts are capitals ("DEC EMBRE"). A capital after a lower-case or mixed part
    ("Jean MICHEL") or a lower-case part after capitals ("CA en") is two words.
    """
    if b.islower():
        return a.islower() or (a[0].isupper() and (len(a) == 1 or a[1:].islower()))
    return b.isupper() and a.isupper()


class _Vocabulary:
    """Per-document token counts, evidence for words the general lexicon misses."""

    def __init__(self, text: str, words: Sequence[str]) -> None:
        self.text_lower = text.lower()
        self.counts: Counter[str] = Counter()
        # capitalised occurrences: a proper noun is always written that way
        self.proper: Counter[str] = Counter()
        for token, c in Counter(words).items():
            lowered = token.lower()
            self.counts[lowered] += c
            if token[0].isupper() and token[1:].islower():
                self.proper[lowered] += c
        self.total = max(1, sum(self.counts.values()))

    def has_compound(self, left: str, right: str) -> bool:
        """Whether the document writes "left-right" (lower case) somewhere."""
        return f"{left}-{right}" in self.text_lower

    def zipf(self, word: str) -> float:
        """Discounted Zipf value of ``word`` in this document (0 when absent)."""
        c = self.counts.get(word, 0)
        if not c:
            return 0.0
        return math.log10(c / self.total * 1e9) - _DOC_DISCOUNT

    def name_gain(self, a: str, b: str, joined: str) -> float:
        """For a capitalised "A b": log10 of P(Ab) / (P(A) P(b)) on this document's
        counts; -inf without evidence (``Ab`` written capitalised fewer than twice, or
        both parts seen elsewhere in the document)."""
        cj = self.proper.get(joined, 0)
        ca = max(1, self.counts.get(a, 0))
        cb = max(1, self.counts.get(b, 0))
        if cj < 2 or min(ca, cb) > 1:
            return -math.inf
        return math.log10(cj * self.total / (ca * cb))


class _Judge:
    """Decides joins with a lexicon and a document vocabulary."""

    def __init__(self, lexicon: Lexicon, vocab: _Vocabulary) -> None:
        self.lex = lexicon
        self.vocab = vocab
        self.min_zipf = lexicon.min_zipf

    def word_zipf(self, word: str) -> float:
        """Evidence that ``word`` (lower case) is a word: lexicon or document."""
        return max(self.lex.zipf(word), self.vocab.zipf(word))

    def join_split(self, a: str, b: str, *, across_lines: bool = False) -> bool:
        """Whether "a b" is one word split by a spurious space.

        ``across_lines``: "a" ends a line and "b" starts the next one. A PDF wraps
        lines at spaces, spurious ones included ("num\\nériques"), but lines
        mostly end between two real words, so only a long fragment justifies a join.
        """
        if not _case_ok(a, b):
            return False
        title = a[0].isupper() and b.islower()
        a, b = a.lower(), b.lower()
        joined = a + b
        zj = self.word_zipf(joined)
        if zj < self.min_zipf:
            return False
        za, zb = self.lex.zipf(a), self.lex.zipf(b)
        frag_a, frag_b = za < self.min_zipf, zb < self.min_zipf
        if frag_a or frag_b:
            # A fragment of 3+ letters is no word at all: join. A fragment of one or two
            # letters may be a stray letter, an initial or a symbol ("annexes F et G"):
            # join unless the word beside it is far more common than the joined word.
            if (frag_a and len(a) > 2) or (frag_b and len(b) > 2):
                return True
            return not across_lines and zj >= max(za, zb) - _FRAGMENT_SLACK
        if across_lines:
            return False
        # two words: join only on overwhelming evidence
        lex_j = self.lex.zipf(joined)
        if lex_j >= self.min_zipf and lex_j - za - zb + 9.0 >= _LEX_GAIN:
            return True
        return title and self.vocab.name_gain(a, b, joined) >= _DOC_GAIN

    def dehyphenate(self, left: str, right: str) -> bool:
        """For "left-\\nright": True to drop the hyphen, False to keep it (a compound)."""
        if right[0].isupper() and not (left.isupper() and right.isupper()):
            return False  # "Jean-\nPierre", "Saint-\nCirq": a compound of names
        lo_l, lo_r = left.lower(), right.lower()
        joined = lo_l + lo_r
        if self.vocab.has_compound(lo_l, lo_r):
            return False  # the document writes it with a hyphen elsewhere
        if self.vocab.counts.get(joined, 0):
            return True  # ...or without one
        zl, zr, zj = self.lex.zipf(lo_l), self.lex.zipf(lo_r), self.lex.zipf(joined)
        if zj < self.min_zipf:
            return False  # "co-\nactivité", "Quercy-\nblanc": keep the compound
        if zl < self.min_zipf or zr < self.min_zipf:
            return True  # "dévelop-\npement"
        return zj - zl - zr + 9.0 >= _HYPHEN_GAIN


def _repair_edits(
    text: str,
    parts: list[str],
    judge: _Judge,
    repairs: list[tuple[RepairKind, int, int, str]],
) -> list[_Edit]:
    """Deletions for split numbers, line-end hyphens and split words.

    ``repairs`` receives (kind, start, end, after) in this stage's coordinates.
    """
    edits: list[_Edit] = []
    n = len(text)

    def join(kind: RepairKind, s: int, gap: int, e: int) -> None:
        edits.append((gap, gap + 1, "", ()))
        repairs.append((kind, s, e, text[s:gap] + text[gap + 1 : e]))

    for m in _DIGIT_GAP_RE.finditer(text):
        left, right = m.group(1), m.group(2)
        s, gap = m.start(), m.end(1)
        e = gap + 1 + len(right)
        before = text[s - 1] if s else ""
        # a run continuing a number ("1,5 2", "3 201 8") is left alone
        if before in ",." or (before == " " and s > 1 and text[s - 2].isdigit()):
            continue
        if text.startswith(",", e) and e + 1 < n and text[e + 1].isdigit():
            continue  # "201 8,50": a decimal number follows
        if len(left) == 3 and len(right) == 1 and left[:2] in ("19", "20"):
            # "201 8": after a space comes a 3-digit group, so a single digit can only
            # be the end of a year cut in two, unless a thousands group follows
            if not _THOUSANDS_AFTER_RE.match(text, e):
                join("number_join", s, gap, e)
        elif len(left) == 2 and len(right) == 2 and left in ("19", "20"):
            # "20 18" is also "20 et 18" in a table: only after a month or "dd/mm/"
            if _MONTH_BEFORE_RE.search(text, max(0, s - 10), s):
                join("number_join", s, gap, e)
        elif len(left) == 1 and len(right) == 1 and _REF_BEFORE_RE.search(text, max(0, s - 6), s):
            join("number_join", s, gap, e)  # "CS2019/0 2"
    for m in _ORDINAL_RE.finditer(text):
        s = m.start()
        if s and (text[s - 1].isdigit() or text[s - 1] in ",."):
            continue
        join("number_join", s, m.end(1), m.end())

    for m in _HYPHEN_RE.finditer(text):
        hy = m.start()
        ls = hy
        while ls > 0 and text[ls - 1].isalpha():
            ls -= 1
        if ls == hy:
            continue  # "2024-\n", " -\n": not a word cut at the line end
        gap_end = m.end()
        right_m = _WORD_RE.match(text, gap_end)
        if right_m is None:  # cannot happen: the pattern looked ahead for a letter
            continue
        left, right = text[ls:hy], right_m.group()
        if judge.dehyphenate(left, right):
            edits.append((hy, gap_end, "", ()))
            repairs.append(("dehyphenation", ls, right_m.end(), left + right))
        else:
            edits.append((hy + 1, gap_end, "", ()))
            repairs.append(("line_join", ls, right_m.end(), f"{left}-{right}"))

    _split_word_edits(text, parts, judge, edits, repairs)
    edits.sort()
    return _dedupe(edits)


def _split_word_edits(
    text: str,
    parts: list[str],
    judge: _Judge,
    edits: list[_Edit],
    repairs: list[tuple[RepairKind, int, int, str]],
) -> None:
    """Deletions of spurious spaces inside words ("syndi cat", "a vec").

    ``parts`` is ``_WORD_SPLIT_RE.split(text)``: separators at even indices, letter
    runs at odd ones. Splitting once in C and filtering the pairs with a dict lookup
    keeps this fast; the full judgement runs on the few pairs whose concatenation is a
    known word.
    """
    words = parts[1::2]
    seps = parts[0::2]  # seps[k] precedes words[k]; seps[-1] ends the text
    lex_zipf, doc_counts, min_zipf = judge.lex.table, judge.vocab.counts, judge.min_zipf
    candidates = [
        k
        for k, (sep, a, b) in enumerate(zip(seps[1:], words, words[1:], strict=False))
        if sep in _WORD_GAPS
        and (lex_zipf.get(j := (a + b).lower(), 0.0) >= min_zipf or j in doc_counts)
    ]
    if not candidates:
        return
    starts = list(accumulate(map(len, parts), initial=0))[1::2]  # offset of words[k]

    # Greedily left to right: after "syndi"+"cat" the pair after it starts from the
    # joined word, so a word split twice ("dé li bération") is rebuilt too.
    word, word_k, word_start = "", -1, -1  # the word joined so far ends at words[word_k]
    queue = iter(candidates)
    k = next(queue, None)
    done = -1
    while k is not None:
        done = k
        chained = k == word_k
        a = word if chained else words[k]
        a_start = word_start if chained else starts[k]
        b = words[k + 1]
        before = text[a_start - 1] if a_start else ""
        after = seps[k + 2][:1]
        if (
            before not in _NOT_BEFORE_A
            and (not after or after in _AFTER_B)
            and judge.join_split(a, b, across_lines=seps[k + 1] != " ")
        ):
            edits.append((starts[k + 1] - len(seps[k + 1]), starts[k + 1], "", ()))
            if chained:
                repairs.pop()  # one repair for the whole word
            word, word_k, word_start = a + b, k + 1, a_start
            repairs.append(("word_join", a_start, starts[k + 1] + len(b), word))
            if k + 2 < len(words) and seps[k + 2] in _WORD_GAPS:
                k = k + 1  # try the joined word with the next one
                continue
        else:
            word_k = -1
        k = next(queue, None)
        while k is not None and k <= done:
            k = next(queue, None)


def _dedupe(edits: list[_Edit]) -> list[_Edit]:
    """Drop an edit overlapping an earlier one (two rules claiming the same characters)."""
    out: list[_Edit] = []
    end = -1
    for edit in edits:
        if edit[0] < end:
            continue
        out.append(edit)
        end = edit[1]
    return out


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
    p = _Pipeline(text)
    p.apply(_drop_edits(text, drop))
    p.apply(_char_edits(p.text))
    p.apply(_bullet_edits(p.text))
    p.apply(_space_edits(p.text))
    p.apply(_blank_edits(p.text))

    found: list[tuple[RepairKind, int, int, str]] = []
    parts = _WORD_SPLIT_RE.split(p.text)
    judge = _Judge(lex, _Vocabulary(p.text, parts[1::2]))
    edits = _repair_edits(p.text, parts, judge, found)
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

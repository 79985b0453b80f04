"""French text helpers: accent folding and sentence scanning.

Folding makes keys for comparing printed words ("Février" and "fevrier", "Comité
syndical" and "COMITE  SYNDICAL"). Every variant starts from :func:`strip_accents`;
the variants differ in case and in what they keep between the letters, and each
caller's choice is visible in the function it calls:

========================  =============================  ==============================
function                  "Cœur-de-l'Île  syndical"      used for
========================  =============================  ==============================
``strip_accents``         "Cœur-de-l'Ile  syndical"      building block
``fold``                  "cœur-de-l'ile  syndical"      months, number words, keys
``fold_words``            "cœur de l ile syndical"       body and member names
``fold_alnum``            "cœurdelilesyndical"           item titles
``upper_words``           "CŒUR-DE-L'ILE SYNDICAL"       decision verbs ("PREND ACTE")
``upper_ascii_words``     "C UR DE L ILE SYNDICAL"       speaker names
========================  =============================  ==============================

None of them keeps lengths, so a folded string is a key, never a text to take span
offsets from. "œ" and "æ" are letters of their own in Unicode (not "oe" with an
accent): every variant keeps them, except :func:`upper_ascii_words`, which keeps
only A-Z and 0-9.

Sentence scanning has readers with different needs, kept apart on purpose:
:func:`sentence_span` finds the sentence (or list item) *around* a match, cheaply and
within a bounded window (amounts' context); :func:`sentence_starts` cuts a paragraph
into sentences knowing that "M." or "J." is no full stop (who speaks in minutes);
:func:`sentences_end` only counts full stops forward (the window of a contract's
reading). Vote sentences have their own rules (a colon ends a vote's head), in
:mod:`parsers.vote_layout`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from parsers.records import Span

# Both apostrophes, as a regex class: raw text prints either ("l'an", "l’an").
APOSTROPHE = "['’]"

# ------------------------------------------------------------------------- folding


def strip_accents(text: str, *, compatibility: bool = True) -> str:
    """``text`` without its accents, case and everything else kept: "Février" → "Fevrier".

    By default compatibility forms are decomposed too (NFKD: "ﬁ" → "fi", a no-break
    space → a space) and every combining character is dropped. ``compatibility=False``
    is the canonical variant the SCDL checks have always used (NFD, marks of category
    Mn dropped): ligatures and no-break spaces stay as printed there.
    """
    if compatibility:
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c))
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lower-case (``casefold``: "ß" → "ss") and without accents: "Février" → "fevrier"."""
    return strip_accents(text).casefold()


def fold_words(text: str) -> str:
    """:func:`fold`, each run of non-alphanumerics one space, trimmed:
    "Comité  syndical (SIEDA)" → "comite syndical sieda"."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def fold_alnum(text: str) -> str:
    """:func:`fold`, letters and digits only: "Aire de jeux - 2e tranche" →
    "airedejeux2etranche"."""
    return "".join(c for c in fold(text) if c.isalnum())


def upper_words(text: str) -> str:
    """Upper case without accents, single spaces, punctuation kept: "prend  acte" →
    "PREND ACTE"."""
    return re.sub(r"\s+", " ", strip_accents(text)).strip().upper()


def upper_ascii_words(text: str) -> str:
    """Upper case without accents, only A-Z and 0-9, every other run one space:
    "Jean-Pierre d'Arc" → "JEAN PIERRE D ARC"."""
    return re.sub(r"[^0-9A-Z]+", " ", strip_accents(text).upper()).strip()


# ------------------------------------------------------------------- blank skipping

# What each reader counts as blank differs (a stamp stays on its line, a roster also
# skips form feeds), so the characters are always given.


def skip_blanks(text: str, pos: int, blanks: str) -> int:
    """The first position from ``pos`` whose character is not one of ``blanks``."""
    while pos < len(text) and text[pos] in blanks:
        pos += 1
    return pos


def trim_end(text: str, start: int, end: int, blanks: str) -> int:
    """``end`` moved back over the ``blanks`` that end ``text[start:end]``."""
    while end > start and text[end - 1] in blanks:
        end -= 1
    return end


# ---------------------------------------------------------------- sentence scanning

# Around a match: a sentence ends at . ; ! ? before a space (not after a lone capital,
# an initial), at a blank line, or where a line opens a list item.
_AROUND_END = re.compile(r"(?<!\b[A-Z])[.;!?](?=\s)|\n\s*\n|\n\s*(?:[•◦▪-]|\d+[/.)-])\s")


def sentence_span(text: str, start: int, end: int, limit: int = 400) -> Span:
    """The sentence (or list item) around ``[start, end)``, at most ``limit`` chars each side."""
    lo = max(0, start - limit)
    left = lo
    for m in _AROUND_END.finditer(text, lo, start):
        left = m.end()
    after = _AROUND_END.search(text, end, min(len(text), end + limit))
    if after:
        right = after.start() + (1 if after.group(0)[:1] in ".;!?" else 0)
    else:
        right = min(len(text), end + limit)
    while left < start and text[left].isspace():
        left += 1
    if after is None and right < len(text):
        # no end within reach: cut at a word boundary rather than inside a word
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > end else right
    return Span(left, max(right, end))


UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by a space
# and a capital, digit, bullet or opening quote; see is_abbreviation for "M.".
_SENTENCE_END = re.compile(r"[.!?…]+[»\"')\]]*(?=\s)")
_SENTENCE_OPENER = re.compile(rf"[{UPPER}0-9«\"(•▪➢◦●■□–-]")
_ABBREVIATIONS = frozenset(
    {"m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "me", "st", "ste", "n", "no", "cf", "art"}
)
_WORD_BEFORE = re.compile(rf"([{UPPER}{LOWER}]+)$")


def is_abbreviation(text: str, dot: int, floor: int) -> bool:
    """Whether the "." at ``dot`` closes an abbreviation ("M.", "Mme.", "n.", "J."),
    looking back no further than ``floor``."""
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(floor, dot - 12), dot)
    if not m:
        return False
    word = m.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def sentence_starts(text: str, start: int, end: int) -> Iterator[int]:
    """Where sentences start after a full stop inside the paragraph ``text[start:end]``
    (the paragraph's own start is not given): after the end mark and its spaces, when
    the next character can open a sentence and the mark does not close an abbreviation."""
    for m in _SENTENCE_END.finditer(text, start, end):
        nxt = m.end()
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end or is_abbreviation(text, m.end() - 1, start):
            continue
        if _SENTENCE_OPENER.match(text, nxt):
            yield nxt


_FULL_STOP = re.compile(r"\.(?:\s|$)")


def sentences_end(text: str, pos: int, n: int) -> int:
    """Where the ``n``-th sentence from ``pos`` ends (after its full stop and the space
    after it), or the end of ``text``. Any "." before a space or the end counts, "M."
    included: a cheap window for a nearby reading, not a sentence cut (see
    :func:`sentence_starts` for that)."""
    end = pos
    for _ in range(n):
        m = _FULL_STOP.search(text, end)
        if not m:
            return len(text)
        end = m.end()
    return end

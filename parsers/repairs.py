"""Stage 5 of normalisation, the repairs: numbers split by a space ("201 8", "1 er"),
words hyphenated at a line end ("dévelop-\\npement", "Jean-\\nPierre") and words split by a
spurious space ("syndi cat", "a vec"), judged with a French lexicon and with the
document's own vocabulary (see :mod:`parsers.normalize` for the stages before)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import accumulate
from typing import Literal

from parsers.edits import Edit, dedupe
from parsers.lexicon import Lexicon

RepairKind = Literal["word_join", "number_join", "dehyphenation", "line_join"]

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
WORD_SPLIT_RE = re.compile(r"([^\W\d_]+)")

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


class Vocabulary:
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


class Judge:
    """Decides joins with a lexicon and a document vocabulary."""

    def __init__(self, lexicon: Lexicon, vocab: Vocabulary) -> None:
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


def repair_edits(
    text: str,
    parts: list[str],
    judge: Judge,
    repairs: list[tuple[RepairKind, int, int, str]],
) -> list[Edit]:
    """Deletions for split numbers, line-end hyphens and split words.

    ``repairs`` receives (kind, start, end, after) in this stage's coordinates.
    """
    edits: list[Edit] = []
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
    return dedupe(edits)


def _split_word_edits(
    text: str,
    parts: list[str],
    judge: Judge,
    edits: list[Edit],
    repairs: list[tuple[RepairKind, int, int, str]],
) -> None:
    """Deletions of spurious spaces inside words ("syndi cat", "a vec").

    ``parts`` is ``WORD_SPLIT_RE.split(text)``: separators at even indices, letter
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

"""The layout of a vote sentence: where it starts, where its clause ends, and the
decision list that follows its colon.

:mod:`parsers.votes` finds the anchors ("Après en avoir délibéré", "DÉCIDE"); this
module measures around them. Its sentence ends are the registers' own: a colon ends a
vote's head, "M." and "etc." end nothing, and a decision list stops at a line no
decision can hold ("Pour extrait conforme", "Annexe").
"""

from __future__ import annotations

import re

from parsers.text import APOSTROPHE as _AP
from parsers.text import skip_blanks, trim_end

_BLANKS = " \t\n\r"  # spaces and line breaks

_I = re.IGNORECASE

# The phrases that open a formal vote sentence.
ANCHOR_RE = re.compile(
    r"\bapr[èe]s\s+(?:en\s+)?avoir\s+d[ée]lib[ée]r[ée]"
    r"|\ben\s+avoir\s+d[ée]lib[ée]r[ée]"
    r"|\bapr[èe]s\s+d[ée]lib[ée]ration\b",
    _I,
)
# Lines of a decision list.
_TOP_BULLET_RE = re.compile(
    r"^[ \t]*(?:[•▪■►➢➤✓✔\uf0b7\uf0a7\ufffd]|[-–—](?=[ \t])|\d{1,2}\s*(?:°\)?|\))"
    r"|\d{1,2}\.(?=[ \t])|[a-h]\)|Article\s+\d+(?:er)?\s*[:.–-])[ \t]*",
    _I,
)
_SUB_BULLET_RE = re.compile(r"^[ \t]*(?:[◦○·]|o(?=[ \t]))[ \t]*")
# Lines that can never belong to a decision list.
_STOP_LINE_RE = re.compile(
    r"^[ \t]*(?:Point\s+n\s*°"
    r"|D[ée]lib[ée]ration\s+(?:n\s*°\s*)?[A-Z]{0,4}\s?\d{4}"
    r"|EXTRAIT\s+DU\s+REGISTRE|AR\s+Pr[ée]fecture|Accus[ée]\s+de\s+r[ée]ception"
    r"|Annexe\b|Proc[èe]s[- ]verbal\b|Pour\s+extrait|Ainsi\s+fait|Fait\s+[àa]\s"
    r"|(?:[\ufffd▪•][ \t]*){2,}$)",
    _I,
)
_DECISION_OPENER_RE = re.compile(rf"^(?:d{_AP}|de\s|du\s|des\s)", _I)
_TRAILING_PUNCT_RE = re.compile(r"[\s,;.]+$")
_BLANK_AFTER_RE = re.compile(r"\n[ \t\r]*\n")
_ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "st", "ste", "n", "art", "cf", "etc"}


def decision_list(block: str, pos: int) -> tuple[list[str], int]:
    """Read the decisions after a vote sentence's colon.

    Returns the decision texts and the end of the last line read. The list is made
    of top-level bullets, each joined across its wrapped lines, with sub-bullets
    appended to their parent. It ends at the first line that is neither a bullet nor
    a continuation: a wrapped line follows its bullet directly, or after a blank line
    when it opens in lower case and the bullet has not ended its sentence; a
    paragraph after a blank line ("Ce marché … est passé selon …") is not a decision.
    A decision printed without a bullet is accepted as the first one when it reads
    like one ("d'approuver …").
    """
    items: list[str] = []
    current: str | None = None
    end = pos
    blank_seen = False
    first_line = True
    line_start = pos
    while line_start < len(block):
        nl = block.find("\n", line_start)
        line_end = len(block) if nl < 0 else nl
        line = block[line_start:line_end]
        next_start = line_end + 1
        if first_line:
            first_line = False
            if not line.strip():
                line_start = next_start
                continue
            # Text after the colon on the sentence's own line opens the first decision.
            current = line.strip()
            end = line_end
            line_start = next_start
            continue
        stripped = line.strip()
        if not stripped:
            blank_seen = True
            line_start = next_start
            continue
        if _STOP_LINE_RE.match(line) or ANCHOR_RE.search(line):
            break
        top = _TOP_BULLET_RE.match(line)
        sub = _SUB_BULLET_RE.match(line)
        if top and not sub:
            if current is not None:
                items.append(current)
            current = line[top.end() :].strip()
        elif sub:
            body = line[sub.end() :].strip()
            current = body if current is None else join_sub(current, body)
        elif current is None and not items:
            # An unbulleted first decision.
            if blank_seen and not _DECISION_OPENER_RE.match(stripped):
                break
            if not blank_seen and not (
                _DECISION_OPENER_RE.match(stripped) or stripped[0].islower()
            ):
                break
            current = stripped
        elif current is not None and not blank_seen:
            if re.search(r"[.!?]$", current) and stripped[0].isupper():
                break  # the bullet ended its sentence; this is a new paragraph
            current = _join_wrapped(current, stripped)
        elif (
            current is not None
            and (stripped[0].islower() or stripped[0] == "(")
            and not re.search(r"[.!?]$", current)
        ):
            current = _join_wrapped(current, stripped)
        else:
            break
        blank_seen = False
        end = line_end
        line_start = next_start
    if current is not None:
        items.append(current)
    return [finish(clean(item)) for item in items if finish(clean(item))], end


def _join_wrapped(text: str, line: str) -> str:
    # "ci-" + "dessus": a word cut at its hyphen keeps the hyphen and no space.
    if re.search(r"\w-$", text) and line[:1].islower():
        return text + line
    return f"{text} {line}"


def join_sub(parent: str, sub: str) -> str:
    """Append a sub-bullet to its parent: after a colon with a space, else with " ; "."""
    parent = parent.rstrip()
    if parent.endswith(":"):
        return f"{parent} {sub}"
    return f"{_TRAILING_PUNCT_RE.sub('', parent)} ; {sub}"


def finish(text: str) -> str:
    return _TRAILING_PUNCT_RE.sub("", text).strip()


def clean(text: str) -> str:
    """Decision text without layout: straight apostrophes, single spaces, and dot
    leaders ("Département du Lot ........ 944 522 €") shortened to " … "."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\s*\.{4,}\s*", " … ", text)
    return re.sub(r"\s+", " ", text).strip()


def sentence_start(block: str, pos: int) -> int:
    """Where the sentence holding ``pos`` begins (at most three lines back)."""
    line_start = block.rfind("\n", 0, pos) + 1
    cut = last_terminator(block[line_start:pos])
    if cut is not None:
        return skip_space(block, line_start + cut)
    cur = line_start
    opening = block[line_start:pos].lstrip()[:1] or block[pos : pos + 1]
    if opening.isupper():
        return skip_space(block, cur)  # the sentence opens on this line
    for _ in range(3):
        if cur == 0:
            break
        prev_start = block.rfind("\n", 0, cur - 1) + 1
        prev = block[prev_start : cur - 1]
        if (
            not prev.strip()
            or re.search(r"[.:!?;]\s*$", prev)
            or _STOP_LINE_RE.match(prev)
            or _TOP_BULLET_RE.match(prev)
        ):
            break
        cut = last_terminator(prev)
        if cut is not None:
            return skip_space(block, prev_start + cut)
        cur = prev_start
    return skip_space(block, cur)


def last_terminator(text: str) -> int | None:
    """Offset just after the last sentence end (". ", ": ") in ``text``, if any."""
    last = None
    for m in re.finditer(r"[.!?:](?=\s)", text):
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        last = m.end()
    return last


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(\w+)$", text[:dot])
    if word is None:
        return False
    w = word.group(1)
    # "M." / "Mme." and single initials ("J.-P.") are not sentence ends.
    return w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper())


def clause_end(block: str, pos: int, *, stop_at_colon: bool, limit: int = 800) -> int:
    """End of the clause from ``pos``: a colon, a sentence-ending period, or a blank line.

    Parentheses are skipped ("(M. X ne prenant pas part au vote)"), as are
    abbreviations ("M.") and decimal points.
    """
    depth = 0
    hi = min(len(block), pos + limit)
    i = pos
    while i < hi:
        c = block[i]
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif c == "\n" and _BLANK_AFTER_RE.match(block, i):
            return i  # a blank line
        elif depth == 0 and c == ":" and stop_at_colon:
            return i
        elif depth == 0 and c == "." and not _is_abbreviation(block, i):
            nxt = block[i + 1 : i + 2]
            if nxt == "" or nxt.isspace():
                return i
        i += 1
    return hi


def skip_space(block: str, pos: int) -> int:
    """The first position from ``pos`` past spaces and line breaks."""
    return skip_blanks(block, pos, _BLANKS)


def rstrip_end(block: str, start: int, end: int) -> int:
    """``end`` moved back over the spaces and line breaks that end ``block[start:end]``."""
    return trim_end(block, start, end, _BLANKS)

"""What kind of document this is, from evidence anywhere in its first pages.

One heading is not enough: "Séance publique / du jeudi 28 octobre 2021 / … / PROCES
VERBAL" and "CONSEIL MUNICIPAL DU 25 MAI 2020" are minutes, a register may open with
"DELIBERATIONS" alone. The classifier weighs the cues of :data:`parsers.cues.KIND_CUES`
(headings, a session line) with the structure the readers find (roster labels,
counts, vote formulas), so a report that merely mentions a council stays "other".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers import cues
from parsers.records import DocumentKind

_HEAD = 6000  # the first pages: where a document says what it is
_ROSTER = cues.alternation(cues.ROSTER_LABELS)
_VOTE = re.compile(
    rf"{cues.UNANIMITY[0].pattern}|\b\d{{1,3}}\s+(?:voix|votes?)\s+pour\b|\bpour\s*:\s*\d"
    r"|\bapr[èe]s\s+(?:en\s+)?avoir\s+d[ée]lib[ée]r[ée]",
    re.IGNORECASE,
)
_COUNTS = re.compile(r"\b(?:en\s+exercice|votants?)\b", re.IGNORECASE)
_EXTRACT = cues.KIND_CUES[0].regex


@dataclass(frozen=True)
class KindEvidence:
    """What was seen, so a doubtful "other" can say why it is doubtful."""

    kind: DocumentKind
    headings: tuple[str, ...]
    session_line: bool
    roster_labels: int
    votes: int
    counts: int

    @property
    def strong_cues(self) -> bool:
        """Cues of a session seen although the document was not read as one."""
        return self.roster_labels >= 1 and (self.votes >= 1 or self.counts >= 1)


def classify(text: str) -> KindEvidence:
    """The kind of a normalised document and the evidence for it."""
    head = text[:_HEAD]
    headings = []
    for cue in cues.KIND_CUES:
        if cue.name != "session_line" and cue.regex.search(head[:3000]):
            headings.append(cue.name)
    session_line = cues.KIND_CUES[-1].regex.search(head) is not None
    roster = sum(1 for _ in _ROSTER.finditer(head))
    votes = sum(1 for _ in _VOTE.finditer(text[:60000]))
    counts = sum(1 for _ in _COUNTS.finditer(head))
    extracts = len(_EXTRACT.findall(text))
    kind: DocumentKind
    if extracts >= 2:
        kind = "register"
    elif "list_heading" in headings and roster == 0:
        kind = "list"
    elif extracts == 1 or ("extract_single_heading" in headings and (session_line or roster)):
        kind = "extract"
    elif "minutes_heading" in headings and (session_line or roster or votes):
        kind = "minutes"
    elif "register_heading" in headings and (session_line or roster):
        kind = "register"
    elif session_line and roster and votes:
        kind = "minutes"
    else:
        kind = "other"
    return KindEvidence(kind, tuple(headings), session_line, roster, votes, counts)

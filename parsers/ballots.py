"""Secret ballots and elections: votants, blancs, nuls, exprimés, majorité absolue, results.

An election (of the mayor, the adjoints, delegates, a commission) prints a block of
keyed figures per round ("Nombre de votants : 33 / Bulletins blancs : 5 / Suffrages
exprimés : 27 / Majorité absolue : 14"), the votes of each candidate or list, and who
is proclaimed elected. A round is a run of keys; a key seen again opens the next
round. Figures not printed stay None.
"""

from __future__ import annotations

import re

from parsers import cues
from parsers.records import Ballot, BallotResult, Span

_KEYS = cues.alternation(cues.BALLOT_KEYS)
_VALUE = re.compile(rf"\s*(?:[:=]|\.{{2,}}|-|–)?\s*(?P<n>{cues.NUMBER})(?![\d/.,])", re.I)
_OFFICE = re.compile(
    r"[ée]lection\s+(?:du|de\s+la|de\s+l['’]|des|d['’])\s*(?P<office>[^\n,.;:]{3,80})",
    re.IGNORECASE,
)
_ROUND = re.compile(
    r"(?P<n>premier|1er|second|2nd|deuxi[èe]me|2[eè]me|troisi[èe]me|3[eè]me)\s+tour", re.I
)
_ROUND_N = {"premier": 1, "1er": 1, "second": 2, "2nd": 2, "deuxième": 2, "deuxieme": 2,
            "2ème": 2, "2eme": 2, "troisième": 3, "troisieme": 3, "3ème": 3, "3eme": 3}  # fmt: skip


def read_ballots(block: str, title: str = "") -> list[Ballot]:
    """Every round of a secret ballot printed in ``block`` (spans relative to it)."""
    rounds: list[list[tuple[str, int, int, int]]] = []
    for m in _KEYS.finditer(block):
        cue = cues.which(cues.BALLOT_KEYS, m)
        v = _VALUE.match(block, m.end(), min(len(block), m.end() + 30))
        if not v:
            continue
        value = cues.count_value(v.group("n"))
        if value is None:
            continue
        entry = (cue.meaning, value, m.start(), v.end())
        if (
            rounds
            and cue.meaning not in {e[0] for e in rounds[-1]}
            and m.start() - rounds[-1][-1][3] < 400
        ):
            rounds[-1].append(entry)
        else:
            rounds.append([entry])
    ballots = []
    for i, entries in enumerate(r for r in rounds if len(r) >= 2):
        start = entries[0][2]
        end = entries[-1][3]
        nxt = [r[0][2] for r in rounds if r[0][2] > start]
        limit = min(nxt[0] if nxt else len(block), end + 1500)
        figures = {k: v for k, v, _a, _b in entries}
        results = []
        for r in cues.BALLOT_RESULT.finditer(block, end, limit):
            votes = cues.count_value(r.group("n"))
            cand = re.sub(r"\s+", " ", r.group("candidate")).strip(" -–•:")
            # a key line printed with "voix" is no candidate; the keys' own cues tell the
            # word "blancs" from a candidate named Blanc
            if (
                votes is None
                or _KEYS.search(cand)
                or re.search(r"(?i)majorit|exprim|bulletins", cand)
            ):
                continue
            results.append(BallotResult(cand, votes, Span(r.start("candidate"), r.end())))
        elected = []
        el = cues.BALLOT_ELECTED.search(block, end, limit)
        # "… : 27 voix Ont été proclamés adjoints les candidats ci-dessous": the text before
        # the verb is a result line, and the names proclaimed are printed after it
        if el and not cues.BALLOT_RESULT.search(el.group("who").strip()):
            who = re.sub(r"\s+", " ", el.group("who")).strip(" ,")
            who = (
                re.split(r"(?i)\b(?:M\.|Mme|Monsieur|Madame)\s*", who)[-1] if len(who) > 60 else who
            )
            elected.append(who)
        before = block[max(0, start - 600) : start]
        office_m = list(_OFFICE.finditer(before)) or list(_OFFICE.finditer(title))
        office = office_m[-1].group("office").strip() if office_m else None
        round_m = list(_ROUND.finditer(before[-300:]))
        round_no = _ROUND_N.get(round_m[-1].group("n").lower(), i + 1) if round_m else 1
        ballots.append(
            Ballot(
                office=office,
                round=round_no,
                voters=figures.get("voters"),
                blank=figures.get("blank"),
                spoilt=figures.get("spoilt"),
                expressed=figures.get("expressed"),
                absolute_majority=figures.get("absolute_majority"),
                results=tuple(results),
                elected=tuple(elected),
                span=Span(start, max([end, *(r.span.end for r in results if r.span)])),
            )
        )
    return ballots

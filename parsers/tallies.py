"""Votes in any formula, wherever they stand in an item.

"avec 76 voix pour, 0 contre et 2 abstentions", "Par 13 voix POUR – 1 ABSTENTION",
"Pour : 15 – Contre : 2 – Abstentions : 1" (any order, any line breaks), "ADOPTE A
L'UNANIMITE", "unanimité moins 1 abstention", "vingt et une voix pour", "prend acte",
"reporté": the terms come from :mod:`parsers.cues`; here they are grouped into vote
statements (terms close to each other) and each statement becomes a
:class:`VoteTally`. Named votes ("Votent contre : Mme A, M. B") become
:class:`MemberVote` rows.

A formula left as a placeholder ("… voix pour", "à l'unanimité/ou non") is no vote: it
is returned as unread text, never as a tally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from parsers import cues
from parsers.names import CIVILITY_RE, is_plausible_name, parse_person
from parsers.records import MemberVote, Outcome, Span, Unread, VoteTally

_TERMS = cues.alternation(cues.TALLY_TERMS)
_UNANIMITY = cues.alternation(cues.UNANIMITY)
_OUTCOMES = cues.alternation(cues.OUTCOMES)
_MEMBER = cues.alternation(cues.MEMBER_VOTES)
# "… voix pour", "à l'unanimité/ou non", "à l'unanimité ou pas", "___ voix": unfilled forms
_PLACEHOLDER = re.compile(
    r"(?:\.{3}|…|_{2,}|X{2,})\s*(?:voix|votes?)\s+(?:pour|contre)"
    r"|unanimit[ée]\s*(?:/\s*ou\s+non|/|ou\s+(?:non|pas))\b",
    re.IGNORECASE,
)
# "1\n2 voix pour": a figure whose digits a line break split
_CUT = re.compile(r"\d\n\d{1,3}\s+(?:voix|votes?|pour|contre|abstentions?)\b", re.IGNORECASE)
_GAP = 260
_OUTCOME_OF: dict[str, Outcome] = {
    "noted": "noted",
    "postponed": "postponed",
    "withdrawn": "withdrawn",
    "rejected": "rejected",
}  # terms further apart than this belong to different statements


@dataclass
class _Term:
    start: int
    end: int
    kind: str  # votes_for, votes_against, abstentions, not_taking_part, unanimous, outcome
    value: int | str | None


def _terms(block: str) -> list[_Term]:
    terms: list[_Term] = []
    for m in _TERMS.finditer(block):
        cue = cues.which(cues.TALLY_TERMS, m)
        if _cut_figure(block, cues.group_start(m, "n")):
            continue  # "1\n2 voix pour": 12 or 2? read_votes says it is unread
        value = cues.count_value(cues.group(m, "n") or "")
        if value is None or value > 2000:
            continue
        terms.append(_Term(m.start(), m.end(), cue.meaning, value))
    for m in _UNANIMITY.finditer(block):
        terms.append(_Term(m.start(), m.end(), "unanimous", None))
    for m in _OUTCOMES.finditer(block):
        cue = cues.which(cues.OUTCOMES, m)
        terms.append(_Term(m.start(), m.end(), "outcome", cue.meaning))
    terms.sort(key=lambda t: t.start)
    return terms


def _cut_figure(block: str, pos: int) -> bool:
    """Whether the figure at ``pos`` follows digits on the line before ("1\n2 voix")."""
    return pos > 1 and block[pos - 1] == "\n" and block[pos - 2].isdigit()


def read_votes(block: str) -> tuple[list[VoteTally], list[MemberVote], list[Unread]]:
    """Every vote statement of an item, its named votes, and unfilled formulas."""
    unread = [
        Unread(Span(m.start(), m.end()), "vote formula left unfilled")
        for m in _PLACEHOLDER.finditer(block)
    ]
    unread += [
        Unread(Span(m.start(), m.end()), "figure cut by a line break") for m in _CUT.finditer(block)
    ]
    holes = [(u.span.start - 120, u.span.end + 120) for u in unread]
    terms = [t for t in _terms(block) if not any(a <= t.start < b for a, b in holes)]
    groups: list[list[_Term]] = []
    for t in terms:
        if (
            groups
            and t.start - groups[-1][-1].end <= _GAP
            and not _paragraph_break(block, groups[-1][-1].end, t.start)
        ):
            groups[-1].append(t)
        else:
            groups.append([t])
    votes = [v for g in groups if (v := _tally(block, g)) is not None]
    members = _member_votes(block)
    return _with_named_abstainers(votes, members), members, unread


def _with_named_abstainers(votes: list[VoteTally], members: list[MemberVote]) -> list[VoteTally]:
    """ "M. X ne prend pas part au vote" next to a tally: X is one member not voting."""
    out = []
    for v in votes:
        near = [
            m
            for m in members
            if m.vote == "not_taking_part"
            and m.span is not None
            and v.span is not None
            and -900 <= m.span.start - v.span.end <= 300
        ]
        if near and v.not_taking_part is None:
            v = replace(v, not_taking_part=len(near))
        out.append(v)
    return out


def _paragraph_break(block: str, a: int, b: int) -> bool:
    return re.search(r"\n[ \t]*\n[ \t]*\S", block[a:b]) is not None and b - a > 80


def _tally(block: str, group: list[_Term]) -> VoteTally | None:
    figures: dict[str, int] = {}
    unanimous_cue = False
    outcome: Outcome | None = None
    special: Outcome | None = None
    for t in group:
        if t.kind == "unanimous":
            unanimous_cue = True
        elif t.kind == "outcome":
            special = special or _OUTCOME_OF.get(str(t.value))
        elif isinstance(t.value, int) and t.kind not in figures:
            figures[t.kind] = t.value
    if not figures and not unanimous_cue and special is None:
        return None
    if special in ("noted", "postponed", "withdrawn") and not figures and not unanimous_cue:
        start, end = group[0].start, group[-1].end
        return VoteTally(
            decision_verb=None,
            outcome=special,
            unanimous=None,
            text=block[start:end],
            span=Span(start, end),
        )
    if not figures and not unanimous_cue:
        return None
    if not unanimous_cue and not _is_vote(block, group, figures):
        return None
    start, end = group[0].start, group[-1].end
    text = block[start:end]
    against, abstentions = figures.get("votes_against"), figures.get("abstentions")
    unanimous: bool | None
    if unanimous_cue and not cues.UNANIMITY_EXCEPT.search(block[max(0, start - 5) : end + 5]):
        unanimous = not (against or abstentions) if (against or abstentions) else True
        if against or abstentions:
            unanimous = False
    elif unanimous_cue:
        unanimous = False  # "unanimité moins 1 abstention"
    elif against or abstentions:
        unanimous = False
    elif against is None or abstentions is None:
        unanimous = None  # "11 votes pour 0 abstention": the votes against are not printed
    else:
        unanimous = True  # "0 contre, 0 abstention"
    for_ = figures.get("votes_for")
    if special == "rejected" or (for_ is not None and against is not None and against > for_):
        outcome = "rejected"
    elif special in ("noted", "postponed", "withdrawn"):
        outcome = special
    elif unanimous_cue or (for_ is not None and for_ > (against or 0)):
        outcome = "adopted"
    return VoteTally(
        decision_verb=None,
        outcome=outcome,
        unanimous=unanimous,
        votes_for=for_,
        votes_against=against,
        abstentions=abstentions,
        not_taking_part=figures.get("not_taking_part"),
        text=text,
        span=Span(start, end),
    )


def _is_vote(block: str, group: list[_Term], figures: dict[str, int]) -> bool:
    """Figures alone make a vote when two kinds are printed or a decision word is near."""
    if len(figures) >= 2:
        return True
    a = max(0, group[0].start - 200)
    b = min(len(block), group[-1].end + 60)
    return cues.DECISION_WORDS.search(block, a, b) is not None or bool(
        re.search(r"\b(?:voix|votes?)\b", block[group[0].start : group[-1].end], re.I)
    )


def _member_votes(block: str) -> list[MemberVote]:
    out: list[MemberVote] = []
    for m in _MEMBER.finditer(block):
        cue = cues.which(cues.MEMBER_VOTES, m)
        raw = cues.group(m, "names") or ""
        offset = cues.group_start(m, "names")
        for part in re.finditer(r"[^,;]+", raw):
            for piece in re.split(r"\bet\b", part.group(0)):
                name = piece.strip(" .:")
                bare = CIVILITY_RE.sub("", name).strip()
                if not bare or re.search(r"\d", bare) or not is_plausible_name(name):
                    continue
                pos = offset + part.start() + part.group(0).find(piece)
                out.append(
                    MemberVote(
                        parse_person(name).name,
                        cue.meaning,  # type: ignore[arg-type]
                        Span(pos, pos + len(piece)),
                    )
                )
    return out

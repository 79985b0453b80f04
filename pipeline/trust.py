"""Which checks stand on a complete reading, and which do not.

A relation is only concluded from figures and names that were read completely and
unambiguously. The readers record what they could not read (``SessionRecord.unread``:
a name not recognised, a proxy without its giver, a vote formula left unfilled);
this module tells, for each check a rule produced, whether its inputs include such a
gap, and if so the reason. The check is then stored as ``not_checked`` with that
reason, never as a failure, and never becomes a finding: one false alarm costs more
than one missed defect.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from parsers.names import name_key
from parsers.records import ExtractedDocument, SessionRecord, Span
from pipeline.findings import Check

# Rules whose inputs are the names a roster lists (and the proxies printed in it).
ROSTER_RULES = frozenset(
    {
        "counts.listed_present",
        "counts.listed_titular",
        "counts.listed_substitute",
        "counts.listed_absent",
        "counts.listed_proxies",
        "counts.listed_voters",
        "proxy.holder_present",
        "proxy.giver_absent",
        "attendance.double_status",
        "attendance.consistent",
        "legal.quorum",
        "legal.proxies_per_member",
    }
)
VOTE_RULES = frozenset({"vote.tally_total", "vote.unanimity"})
# Printed counts against the names listed: both describe one moment of the session.
COUNT_RULES = frozenset(r for r in ROSTER_RULES if r.startswith("counts.listed")) | {
    "counts.voters",
    "counts.members_in_office",
    "legal.quorum",
}
_ROSTER_REASONS = ("name not recognised", "proxy without its giver", "proxy wording not recognised")
# Why a reader left text unread, in French: a short label and a sentence.
REASONS: dict[str, tuple[str, str]] = {
    "name not recognised": ("nom non reconnu", "un nom de la liste n'a pas été reconnu"),
    "proxy without its giver": (
        "pouvoir sans mandant",
        "un pouvoir dont le mandant n'a pas été lu",
    ),
    "vote formula left unfilled": (
        "formule de vote à compléter",
        "la formule de vote est restée à compléter",
    ),
    "proxy wording not recognised": (
        "mention de pouvoir non comprise",
        "une mention de pouvoir n'a pas été comprise",
    ),
    "figure cut by a line break": (
        "nombre coupé par un retour à la ligne",
        "un nombre est coupé par un retour à la ligne",
    ),
}
_FRENCH = {k: sentence for k, (_label, sentence) in REASONS.items()}


@dataclass
class _Session:
    roster_gap: str | None = None
    # for a generic reading: whether printed counts confirm the roster read (None: no
    # count printed to confirm or deny it)
    corroborated: bool | None = True
    disagreement: str = ""
    movements: bool = False
    vote_gaps: list[Span] = field(default_factory=list)
    item_counts: list[tuple[Span, bool]] = field(
        default_factory=list
    )  # (item span, counts printed)


class Trust:
    """The gaps of one document's reading, asked check by check."""

    def __init__(self, doc: ExtractedDocument) -> None:
        self.sessions: dict[str, _Session] = {s.key: _session(s) for s in doc.sessions}

    def reason(self, check: Check) -> str | None:
        """Why ``check`` cannot be concluded, or None when its inputs were read completely."""
        s = self.sessions.get(check.session_key or "")
        if s is None:
            return None
        if check.rule in ROSTER_RULES and s.roster_gap and check.rule != "attendance.double_status":
            return s.roster_gap
        if check.rule in ROSTER_RULES and not check.passed and s.corroborated is not True:
            # a roster read in a layout delib was not written for: a disagreement with it
            # may be the reading's as well as the document's
            return (
                f"liste lue dans une mise en page inconnue, {s.disagreement}"
                if s.corroborated is False
                else "liste lue dans une mise en page inconnue, qu'aucun nombre imprimé ne "
                "vient confirmer"
            )
        if check.rule in COUNT_RULES and s.movements and not check.passed:
            # a printed count is the opening's; the roster lists who came at any time
            return (
                "des membres arrivent ou partent pendant la séance : le nombre imprimé et la "
                "liste ne décrivent pas forcément le même moment"
            )
        if check.rule in VOTE_RULES:
            if check.span is not None and any(_inside(check.span, g) for g in s.vote_gaps):
                return _FRENCH["vote formula left unfilled"]
            if check.rule == "vote.tally_total":
                if s.roster_gap and "listés" in check.message:
                    return s.roster_gap
                if "listés" in check.message and not check.passed and s.corroborated is not True:
                    return "votants déduits de la liste lue, qu'aucun nombre imprimé ne confirme"
                if s.movements and not self._item_counted(s, check.span):
                    return (
                        "des membres arrivent ou partent pendant la séance et le nombre de "
                        "votants de ce point n'est pas imprimé"
                    )
        return None

    @staticmethod
    def _item_counted(s: _Session, span: Span | None) -> bool:
        if span is None:
            return False
        return any(printed for item, printed in s.item_counts if _inside(span, item))


def _inside(a: Span, b: Span) -> bool:
    return b.start <= a.start and a.end <= b.end


def _corroboration(s: SessionRecord) -> tuple[bool | None, str]:
    """Whether the printed counts confirm a generic reading of the roster."""
    if s.reader != "generic":
        return True, ""
    att = s.attendance
    c = att.counts
    present = sum(1 for a in att.attendees if a.status in ("present", "substitute"))
    proxies = len(att.proxies)
    # the roster is confirmed by what it lists: those present and the proxies; the
    # voters are what the checks then compare (a wrong figure there is the document's)
    pairs = [("présents", c.present, present), ("pouvoirs", c.proxies, proxies)]
    printed = [(word, p, listed) for word, p, listed in pairs if p is not None]
    if not printed:
        return None, ""
    wrong = [f"{p} {word} imprimés, {listed} lus" for word, p, listed in printed if p != listed]
    if wrong:
        return False, "qui ne concorde pas avec les nombres imprimés (" + "; ".join(wrong) + ")"
    return True, ""


def _session(s: SessionRecord) -> _Session:
    out = _Session(movements=bool(s.movements))
    out.corroborated, out.disagreement = _corroboration(s)
    roster = [u for u in s.unread if u.reason in _ROSTER_REASONS]
    if roster:
        u = roster[0]
        more = (
            f" (et {len(roster) - 1} autre{'s' if len(roster) > 2 else ''})"
            if len(roster) > 1
            else ""
        )
        out.roster_gap = (
            f"liste de présence lue en partie : {_FRENCH.get(u.reason, u.reason)} "
            f"(caractères {u.span.start}–{u.span.end}){more}"
        )
    dup = duplicated_names(s)
    if dup and out.roster_gap is None:
        out.roster_gap = (
            f"nom listé deux fois : {dup[0]} ; les nombres fondés sur la liste ne sont pas vérifiés"
        )
    out.vote_gaps = [
        u.span
        for u in s.unread
        if u.reason in ("vote formula left unfilled", "figure cut by a line break")
    ]
    out.item_counts = [
        (item.span, item.counts is not None and item.counts.voters is not None)
        for item in s.items
        if item.span is not None
    ]
    return out


def duplicated_names(s: SessionRecord) -> list[str]:
    """Names a session's roster lists twice under the same status (accent-, case- and
    order-insensitive); one name under two statuses is ``attendance.double_status``."""
    keys = Counter((name_key(a.person), a.status) for a in s.attendance.attendees)
    seen = set()
    out = []
    for a in s.attendance.attendees:
        k = (name_key(a.person), a.status)
        if keys[k] > 1 and k not in seen and a.person.family_name:
            seen.add(k)
            out.append(a.person.name)
    return out

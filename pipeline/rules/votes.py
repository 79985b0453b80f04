"""Vote rules: unanimity against tallies, tallies against voters, missing decisions."""

from __future__ import annotations

from collections.abc import Iterator

from parsers.records import Attendance, AttendanceCounts, ExtractedDocument, VoteTally
from pipeline.findings import Check, Finding
from pipeline.rules.common import finding_on, listed
from pipeline.validate import rule


def _voters(att: Attendance, item: AttendanceCounts | None = None) -> tuple[int | None, str]:
    """Who could vote: the count printed for the item, for the session, else the lists."""
    if item is not None and item.voters is not None:
        return item.voters, "votants indiqués pour ce point"
    c = att.counts
    if c.voters is not None:
        return c.voters, "votants indiqués"
    if att.attendees:
        return listed(att, "present", "substitute") + len(att.proxies), "présents + pouvoirs listés"
    return None, ""


def _minutes_votes(
    doc: ExtractedDocument,
) -> Iterator[tuple[str, str | None, VoteTally, Attendance, AttendanceCounts | None]]:
    for s in doc.sessions:
        for item in s.items:
            for v in item.votes:
                yield f"point {item.number}", s.key, v, s.attendance, item.counts
    for d in doc.deliberations:
        if d.vote is not None:
            yield d.number or "extrait", d.session_key, d.vote, d.attendance, None


@rule(
    "vote.unanimity", "error", "Un vote « à l'unanimité » ne compte ni voix contre ni abstention."
)
def unanimity(doc: ExtractedDocument) -> Iterator[Check]:
    for label, key, v, _, _counts in _minutes_votes(doc):
        if not v.unanimous or (v.votes_against is None and v.abstentions is None):
            continue  # nothing printed to hold unanimity against
        against, abstentions = v.votes_against or 0, v.abstentions or 0
        ok = against == 0 and abstentions == 0
        yield Check(
            passed=ok,
            message=f"{label} : vote à l'unanimité avec {against} voix contre et "
            f"{abstentions} abstentions",
            expected="0 contre, 0 abstention",
            observed=f"{against} contre, {abstentions} abstentions",
            span=v.span,
            session_key=key,
        )


@rule(
    "vote.tally_total",
    "error",
    "Pour + contre + abstentions = votants (moins ceux qui ne prennent pas part au vote).",
)
def tally_total(doc: ExtractedDocument) -> Iterator[Check]:
    for label, key, v, att, counts in _minutes_votes(doc):
        parts = (v.votes_for, v.votes_against, v.abstentions)
        if all(p is None for p in parts):
            continue
        voters, source = _voters(att, counts)
        if voters is None:
            continue
        expected = voters - (v.not_taking_part or 0)
        total = sum(p or 0 for p in parts)
        verdict = "=" if total == expected else "≠"
        # "14 votes pour" alone says nothing of the others, "à la majorité et une
        # abstention" nothing of the votes for: a shortfall may be votes the document does
        # not print, so only a tally printing every part can fail
        partial = total < expected and (
            v.votes_for is None or (v.votes_against is None or v.abstentions is None)
        )
        printed = " + ".join(
            f"{n} {word}"
            for n, word in (
                (v.votes_for, "pour"),
                (v.votes_against, "contre"),
                (v.abstentions, "abstention" if (v.abstentions or 0) < 2 else "abstentions"),
            )
            if n is not None
        )
        yield Check(
            passed=total == expected,
            message=f"{label} : {printed} = {total} {verdict} {expected} votants ({source})",
            expected=str(expected),
            observed=str(total),
            span=v.span,
            session_key=key,
            not_checked=_unprinted(v) if partial else None,
        )


def _unprinted(v: VoteTally) -> str:
    missing = [
        word
        for n, word in (
            (v.votes_for, "pour"),
            (v.votes_against, "contre"),
            (v.abstentions, "abstentions"),
        )
        if n is None
    ]
    if missing == ["contre", "abstentions"]:
        return "seules les voix pour sont imprimées"
    return "le décompte n'imprime pas les voix " + " ni les ".join(missing)


@rule(
    "deliberation.no_decision",
    "info",
    "L'extrait ne contient pas de texte de décision : son vote est laissé vide.",
)
def no_decision(doc: ExtractedDocument) -> Iterator[Finding]:
    for d in doc.deliberations:
        if not d.has_decision:
            yield finding_on(
                d,
                "info",
                f"{d.number} : l'extrait ne contient ni décision ni vote "
                "(seulement l'exposé ou le titre de l'annexe) ; le vote est laissé vide",
                "une phrase de décision",
                "aucune",
                d.title_span or d.span,
            )

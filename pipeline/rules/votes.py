"""Vote rules: unanimity against tallies, tallies against voters, missing decisions."""

from __future__ import annotations

from collections.abc import Iterator

from parsers.records import Attendance, Check, ExtractedDocument, Finding, VoteTally
from pipeline.rules.common import listed
from pipeline.validate import rule


def _voters(att: Attendance) -> tuple[int | None, str]:
    """Who could vote: the printed count, else what the lists imply."""
    c = att.counts
    if c.voters is not None:
        return c.voters, "votants indiqués"
    if att.attendees:
        return listed(att, "present", "substitute") + len(att.proxies), "présents + pouvoirs listés"
    return None, ""


def _minutes_votes(
    doc: ExtractedDocument,
) -> Iterator[tuple[str, str | None, VoteTally, Attendance]]:
    for s in doc.sessions:
        for item in s.items:
            for v in item.votes:
                yield f"point {item.number}", s.key, v, s.attendance
    for d in doc.deliberations:
        if d.vote is not None:
            yield d.number or "extrait", d.session_key, d.vote, d.attendance


@rule(
    "vote.unanimity", "error", "Un vote « à l'unanimité » ne compte ni voix contre ni abstention."
)
def unanimity(doc: ExtractedDocument) -> Iterator[Check]:
    for label, key, v, _ in _minutes_votes(doc):
        if not v.unanimous or (v.votes_against is None and v.abstentions is None):
            continue  # nothing printed to hold unanimity against
        against, abstentions = v.votes_against or 0, v.abstentions or 0
        ok = against == 0 and abstentions == 0
        yield Check(
            rule="vote.unanimity",
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
    for label, key, v, att in _minutes_votes(doc):
        parts = (v.votes_for, v.votes_against, v.abstentions)
        if all(p is None for p in parts):
            continue
        voters, source = _voters(att)
        if voters is None:
            continue
        expected = voters - (v.not_taking_part or 0)
        total = sum(p or 0 for p in parts)
        verdict = "=" if total == expected else "≠"
        yield Check(
            rule="vote.tally_total",
            passed=total == expected,
            message=f"{label} : {v.votes_for or 0} pour + {v.votes_against or 0} contre + "
            f"{v.abstentions or 0} abstentions = {total} {verdict} {expected} votants ({source})",
            expected=str(expected),
            observed=str(total),
            span=v.span,
            session_key=key,
        )


@rule(
    "deliberation.no_decision",
    "info",
    "L'extrait ne contient pas de texte de décision : son vote est laissé vide.",
)
def no_decision(doc: ExtractedDocument) -> Iterator[Finding]:
    for d in doc.deliberations:
        if not d.has_decision:
            yield Finding(
                rule="deliberation.no_decision",
                severity="info",
                message=f"{d.number} : l'extrait ne contient ni décision ni vote "
                "(seulement l'exposé ou le titre de l'annexe) ; le vote est laissé vide",
                expected="une phrase de décision",
                observed="aucune",
                span=d.title_span or d.span,
                session_key=d.session_key,
                deliberation_number=d.number,
            )

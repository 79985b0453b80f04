"""Reading rules: silence is a finding, never a pass.

A document whose kind says it holds a session, a roster, items or votes, and from
which none of them was read, did not pass its checks: it was not checked. These rules
say so, name what is missing, and point at what was left unread; a document read as
"other" that shows the cues of a session is flagged as doubtfully classified.
Secret ballots are checked here too: exprimés = votants − blancs − nuls, and the
elected reaches the absolute majority the first round requires.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsers.records import Ballot, ExtractedDocument, SessionRecord
from pipeline.findings import Check, Finding
from pipeline.french import plural
from pipeline.trust import REASONS, duplicated_names
from pipeline.validate import rule

_HOLDS_SESSION = ("minutes", "register", "extract")
_REASONS_FR = {k: label for k, (label, _sentence) in REASONS.items()}


def _missing(doc: ExtractedDocument) -> list[str]:
    """What a document of its kind should hold and does not."""
    if not doc.sessions:
        return ["la séance"]
    s = doc.sessions[0]
    missing = []
    if s.info.date is None:
        missing.append("la date de la séance")
    if not s.attendance.attendees:
        missing.append("la liste de présence")
    if not s.items and not doc.deliberations:
        missing.append("les points ou délibérations")
    elif not doc.deliberations:  # an extract without decision says so itself (no_decision)
        votes = [v for it in s.items for v in it.votes]
        ballots = [b for it in s.items for b in it.ballots]
        if not votes and not ballots:
            missing.append("les votes")
    return missing


def _what(doc: ExtractedDocument) -> str:
    return {"minutes": "procès-verbal", "register": "registre", "extract": "extrait"}[doc.kind]


def _missing_finding(doc: ExtractedDocument, missing: list[str]) -> Finding:
    session = doc.sessions[0] if doc.sessions else None
    verb = (
        "n'a pas été lue"
        if len(missing) == 1 and missing[0].startswith("la ")
        else ("n'ont pas été lus")
    )
    return Finding(
        severity="warning",
        message=f"Document lu comme {_what(doc)}, mais {_join(missing)} {verb} : "
        "les contrôles correspondants n'ont pas pu être faits",
        expected=f"ce qu'un {_what(doc)} contient",
        observed="absent de la lecture : " + _join(missing),
        span=session.span if session else None,
        session_key=session.key if session else None,
    )


@rule(
    "reading.empty",
    "warning",
    "Un procès-verbal, un registre ou un extrait dont rien d'attendu n'a été lu (séance, "
    "présences, points, votes) : aucun contrôle n'a pu porter dessus.",
)
def empty(doc: ExtractedDocument) -> Iterator[Finding]:
    if doc.kind not in _HOLDS_SESSION:
        return
    missing = _missing(doc)
    if missing and (not doc.sessions or len(missing) >= 3):
        yield _missing_finding(doc, missing)


@rule(
    "reading.partial",
    "warning",
    "Une partie de ce qu'un document de ce type contient (présences, points, votes) n'a pas "
    "été lue, ou une liste de présence ou une formule de vote l'a été en partie : les "
    "contrôles fondés dessus sont « non vérifiés ».",
)
def partial(doc: ExtractedDocument) -> Iterator[Finding]:
    missing = _missing(doc) if doc.kind in _HOLDS_SESSION else []
    if missing and doc.sessions and len(missing) < 3:
        yield _missing_finding(doc, missing)
    for s in doc.sessions:
        if not s.unread:
            continue
        first = s.unread[0]
        kinds = sorted({_REASONS_FR.get(u.reason, u.reason) for u in s.unread})
        n = len(s.unread)
        yield Finding(
            severity="warning",
            message=f"Lecture partielle : {plural(n, 'passage non lu', 'passages non lus')} "
            f"({', '.join(kinds)}) ; les contrôles qui en dépendent ne sont pas faits",
            expected="une lecture complète",
            observed=plural(n, "passage non lu", "passages non lus"),
            span=first.span,
            session_key=s.key,
        )


@rule(
    "classification.doubtful",
    "warning",
    "Un document classé « autre » présente pourtant les indices d'une séance (une rubrique "
    "de présence, avec des nombres de votants, des formules de vote ou une phrase "
    "d'ouverture de séance) : il n'a pas été lu comme tel.",
)
def doubtful(doc: ExtractedDocument) -> Iterator[Finding]:
    if doc.kind == "other" and doc.doubtful:
        yield Finding(
            severity="warning",
            message=f"Document classé « autre » malgré des indices de séance ({doc.doubtful}) : "
            "rien n'en a été lu ni vérifié",
            expected="procès-verbal, registre ou extrait lu",
            observed="autre",
        )


@rule(
    "roster.duplicate_name",
    "warning",
    "Un même nom figure deux fois dans la liste de présence : les nombres fondés sur la "
    "liste ne sont pas vérifiés.",
)
def duplicate_name(doc: ExtractedDocument) -> Iterator[Finding]:
    for s in doc.sessions:
        for name in duplicated_names(s):
            span = next(
                (a.span for a in reversed(s.attendance.attendees) if a.person.name == name), None
            )
            yield Finding(
                severity="warning",
                message=f"{name} figure deux fois dans la liste de présence",
                expected="chaque membre une fois",
                observed=f"{name} ×2",
                span=span,
                session_key=s.key,
            )


def _ballots(doc: ExtractedDocument) -> Iterator[tuple[SessionRecord | None, str, Ballot]]:
    for s in doc.sessions:
        for it in s.items:
            for b in it.ballots:
                yield s, f"point {it.number}", b
    keys = {s.key: s for s in doc.sessions}
    for d in doc.deliberations:
        for b in d.ballots:
            yield keys.get(d.session_key), d.number or "délibération", b


@rule(
    "ballot.expressed",
    "error",
    "Scrutin : suffrages exprimés = votants − bulletins blancs − bulletins nuls.",
)
def ballot_expressed(doc: ExtractedDocument) -> Iterator[Check]:
    for s, label, b in _ballots(doc):
        voters, expressed = b.voters, b.expressed
        if voters is None or expressed is None or (b.blank is None and b.spoilt is None):
            continue
        blank, spoilt = b.blank or 0, b.spoilt or 0
        total = voters - blank - spoilt
        verdict = "=" if total == expressed else "≠"
        yield Check(
            passed=total == expressed,
            message=f"{label}, {b.office or 'scrutin'} (tour {b.round}) : {voters} votants − "
            f"{blank} blancs − {spoilt} nuls = {total} {verdict} {expressed} exprimés",
            expected=str(total),
            observed=str(expressed),
            span=b.span,
            session_key=s.key if s else None,
        )


@rule(
    "ballot.majority",
    "error",
    "Scrutin : au premier tour, l'élu obtient la majorité absolue des suffrages exprimés.",
)
def ballot_majority(doc: ExtractedDocument) -> Iterator[Check]:
    for s, label, b in _ballots(doc):
        if b.round != 1 or b.expressed is None or len(b.elected) != 1:
            continue
        winner = next((r for r in b.results if r.candidate and b.elects(r.candidate)), None)
        if winner is None or winner.votes is None:
            continue
        majority = b.expressed // 2 + 1
        ok = winner.votes >= majority
        yield Check(
            passed=ok,
            message=f"{label} : {winner.candidate} élu avec {winner.votes} voix "
            f"{'≥' if ok else '<'} majorité absolue {majority} ({b.expressed} exprimés)",
            expected=f"≥ {majority}",
            observed=str(winner.votes),
            span=winner.span or b.span,
            session_key=s.key if s else None,
        )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]

"""Attendance rules: the printed counts against each other and against the lists."""

from __future__ import annotations

from collections.abc import Iterator

from parsers.records import ExtractedDocument, Finding
from pipeline.rules.common import AttendanceUnit, attendance_units, listed, person_key
from pipeline.validate import rule

PRESENT = ("present", "substitute")


def _finding(
    rule_id: str,
    severity: str,
    unit: AttendanceUnit,
    message: str,
    expected: object,
    observed: object,
) -> Finding:
    counts_span = unit.attendance.counts.span or unit.span
    return Finding(
        rule=rule_id,
        severity=severity,  # type: ignore[arg-type]
        message=message,
        expected=None if expected is None else str(expected),
        observed=None if observed is None else str(observed),
        span=counts_span,
        session_key=unit.session_key,
        deliberation_number=unit.deliberation_number,
    )


@rule("counts.voters", "error", "Présents + pouvoirs = votants (nombres imprimés).")
def voters(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        c = u.attendance.counts
        if None in (c.present, c.proxies, c.voters):
            continue
        if c.present + c.proxies != c.voters:
            yield _finding(
                "counts.voters",
                "error",
                u,
                f"{u.label} : {c.present} présents + {c.proxies} pouvoirs = "
                f"{c.present + c.proxies}, mais {c.voters} votants sont indiqués",
                c.present + c.proxies,
                c.voters,
            )


@rule(
    "counts.members_in_office",
    "error",
    "Présents + pouvoirs + absents = membres en exercice (nombres imprimés).",
)
def members(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        c = u.attendance.counts
        if None in (c.present, c.proxies, c.absent, c.members_in_office):
            continue
        total = c.present + c.proxies + c.absent
        if total != c.members_in_office:
            yield _finding(
                "counts.members_in_office",
                "error",
                u,
                f"{u.label} : {c.present} présents + {c.proxies} pouvoirs + {c.absent} absents "
                f"= {total}, mais {c.members_in_office} membres en exercice sont indiqués",
                total,
                c.members_in_office,
            )


@rule("counts.present_split", "error", "Présents = titulaires + suppléants (nombres imprimés).")
def present_split(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        c = u.attendance.counts
        if c.present is None or c.present_titular is None:
            continue
        total = c.present_titular + (c.present_substitute or 0)
        if total != c.present:
            yield _finding(
                "counts.present_split",
                "error",
                u,
                f"{u.label} : {c.present_titular} titulaires + {c.present_substitute or 0} "
                f"suppléants = {total}, mais {c.present} présents sont indiqués",
                total,
                c.present,
            )


# (rule id, printed count attribute, statuses listed, French label)
_LISTED = (
    ("counts.listed_present", "present", PRESENT, "présents (suppléants compris)"),
    ("counts.listed_titular", "present_titular", ("present",), "titulaires présents"),
    ("counts.listed_substitute", "present_substitute", ("substitute",), "suppléants"),
    ("counts.listed_absent", "absent", ("absent",), "absents"),
)


def _make_listed_rule(rule_id: str, attr: str, statuses: tuple[str, ...], label: str) -> None:
    @rule(rule_id, "error", f"Le nombre imprimé de {label} = le nombre de noms listés.")
    def check(doc: ExtractedDocument) -> Iterator[Finding]:
        for u in attendance_units(doc):
            printed = getattr(u.attendance.counts, attr)
            if printed is None or not u.attendance.attendees:
                continue
            names = listed(u.attendance, *statuses)
            if names != printed:
                yield _finding(
                    rule_id,
                    "error",
                    u,
                    f"{u.label} : {printed} {label} indiqués, mais {names} noms listés",
                    names,
                    printed,
                )


for _args in _LISTED:
    _make_listed_rule(*_args)


@rule("counts.listed_proxies", "error", "Le nombre imprimé de pouvoirs = les pouvoirs listés.")
def listed_proxies(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        printed = u.attendance.counts.proxies
        if printed is None or not u.attendance.attendees:
            continue
        names = len(u.attendance.proxies)
        if names != printed:
            yield _finding(
                "counts.listed_proxies",
                "error",
                u,
                f"{u.label} : {printed} pouvoirs indiqués, mais {names} pouvoirs listés",
                names,
                printed,
            )


@rule("counts.unreadable", "warning", "Un nombre du bloc de décompte n'a pas pu être lu.")
def unreadable(doc: ExtractedDocument) -> Iterator[Finding]:
    labels = {
        "members_in_office": "en exercice",
        "present": "présents",
        "proxies": "pouvoirs",
        "absent": "absents",
        "voters": "votants",
    }
    for u in attendance_units(doc):
        c = u.attendance.counts
        if c.span is None:
            continue  # no counts block printed at all: nothing to read
        missing = [lab for attr, lab in labels.items() if getattr(c, attr) is None]
        if missing:
            yield _finding(
                "counts.unreadable",
                "warning",
                u,
                f"{u.label} : nombre illisible ou absent du décompte ({', '.join(missing)})",
                None,
                None,
            )


@rule("proxy.holder_present", "error", "Le détenteur d'un pouvoir est présent.")
def holder_present(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        present = {person_key(a.person.name) for a in u.attendance.attendees if a.status in PRESENT}
        for p in u.attendance.proxies:
            if person_key(p.holder) not in present:
                yield Finding(
                    rule="proxy.holder_present",
                    severity="error",
                    message=f"{u.label} : {p.holder} détient le pouvoir de {p.giver} "
                    "mais ne figure pas parmi les présents",
                    expected="présent",
                    observed="non listé parmi les présents",
                    span=p.span or u.span,
                    session_key=u.session_key,
                    deliberation_number=u.deliberation_number,
                )


@rule("proxy.giver_absent", "error", "Qui donne pouvoir n'est pas présent.")
def giver_absent(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        present = {person_key(a.person.name) for a in u.attendance.attendees if a.status in PRESENT}
        for p in u.attendance.proxies:
            if person_key(p.giver) in present:
                yield Finding(
                    rule="proxy.giver_absent",
                    severity="error",
                    message=f"{u.label} : {p.giver} donne pouvoir à {p.holder} "
                    "mais figure aussi parmi les présents",
                    expected="absent ou représenté",
                    observed="présent",
                    span=p.span or u.span,
                    session_key=u.session_key,
                    deliberation_number=u.deliberation_number,
                )


@rule("attendance.double_status", "error", "Personne n'est listé sous deux statuts.")
def double_status(doc: ExtractedDocument) -> Iterator[Finding]:
    for u in attendance_units(doc):
        seen: dict[str, str] = {}
        for a in u.attendance.attendees:
            k = person_key(a.person.name)
            if k in seen:
                yield Finding(
                    rule="attendance.double_status",
                    severity="error",
                    message=f"{u.label} : {a.person.name} est listé deux fois "
                    f"({seen[k]} et {a.status})",
                    expected="une seule mention",
                    observed=f"{seen[k]}, {a.status}",
                    span=a.span or u.span,
                    session_key=u.session_key,
                    deliberation_number=u.deliberation_number,
                )
            else:
                seen[k] = a.status
        # the member a substitute stands in for must not be listed as sitting too
        for a in u.attendance.attendees:
            if a.status == "substitute" and a.replaces and person_key(a.replaces) in seen:
                status = seen[person_key(a.replaces)]
                if status in PRESENT:
                    yield Finding(
                        rule="attendance.double_status",
                        severity="error",
                        message=f"{u.label} : {a.person.name} supplée {a.replaces}, "
                        f"qui est pourtant listé comme {status}",
                        expected="membre suppléé non présent",
                        observed=status,
                        span=a.span or u.span,
                        session_key=u.session_key,
                        deliberation_number=u.deliberation_number,
                    )


@rule(
    "attendance.consistent",
    "warning",
    "Les extraits d'une même séance reproduisent la même feuille de présence.",
)
def consistent(doc: ExtractedDocument) -> Iterator[Finding]:
    first: dict[str, tuple[str, object]] = {}
    for d in doc.deliberations:
        att = d.attendance
        signature = (
            tuple(sorted((person_key(a.person.name), a.status) for a in att.attendees)),
            tuple(sorted((person_key(p.giver), person_key(p.holder)) for p in att.proxies)),
            (
                att.counts.members_in_office,
                att.counts.present,
                att.counts.proxies,
                att.counts.absent,
                att.counts.voters,
            ),
        )
        if d.session_key not in first:
            first[d.session_key] = (d.number or "?", signature)
            continue
        ref_number, ref = first[d.session_key]
        if signature != ref:
            yield Finding(
                rule="attendance.consistent",
                severity="warning",
                message=f"{d.number} : la feuille de présence diffère de celle de "
                f"{ref_number} pour la même séance",
                expected=f"identique à {ref_number}",
                observed="différente",
                span=att.span or d.span,
                session_key=d.session_key,
                deliberation_number=d.number,
            )

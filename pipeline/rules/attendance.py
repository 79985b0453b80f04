"""Attendance rules: the printed counts against each other and against the lists."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from parsers.names import parse_person, same_person
from parsers.records import ExtractedDocument, Proxy, Span
from pipeline.findings import Check, Finding
from pipeline.rules.common import (
    AttendanceUnit,
    attendance_units,
    check_on,
    finding_on,
    listed,
    person_key,
)
from pipeline.validate import rule

PRESENT = ("present", "substitute")


def _n(n: int, one: str, many: str) -> str:
    """ "1 pouvoir listé", "2 pouvoirs listés", "0 pouvoir listé" (French: 0 and 1 singular)."""
    return f"{n} {one if abs(n) < 2 else many}"


def _check(
    unit: AttendanceUnit,
    passed: bool,
    message: str,
    expected: object,
    observed: object,
    span: Span | None = None,
) -> Check:
    """A check on one attendance block; the evidence defaults to its counts block."""
    return check_on(
        unit,
        passed,
        f"{unit.label} : {message}",
        None if expected is None else str(expected),
        None if observed is None else str(observed),
        span or unit.attendance.counts.span or unit.span,
    )


@rule("counts.voters", "error", "Présents + pouvoirs = votants (nombres imprimés).")
def voters(doc: ExtractedDocument) -> Iterator[Check]:
    return _printed_sum(
        doc, (("present", "présents"), ("proxies", "pouvoirs")), "voters", "votants"
    )


@rule(
    "counts.members_in_office",
    "error",
    "Présents + pouvoirs + absents = membres en exercice (nombres imprimés).",
)
def members(doc: ExtractedDocument) -> Iterator[Check]:
    parts = (("present", "présents"), ("proxies", "pouvoirs"), ("absent", "absents"))
    return _printed_sum(doc, parts, "members_in_office", "membres en exercice")


@rule("counts.present_split", "error", "Présents = titulaires + suppléants (nombres imprimés).")
def present_split(doc: ExtractedDocument) -> Iterator[Check]:
    parts = (("present_titular", "titulaires"), ("present_substitute", "suppléants"))
    # a block printing titular members only has no substitutes to print
    return _printed_sum(doc, parts, "present", "présents", optional="present_substitute")


def _printed_sum(
    doc: ExtractedDocument,
    parts: tuple[tuple[str, str], ...],
    total: str,
    label: str,
    optional: str | None = None,
) -> Iterator[Check]:
    """Printed counts (attribute, label) adding up to a printed total, block by block;
    a block lacking one of them is not checked, but for the ``optional`` one (then 0)."""
    for u in attendance_units(doc):
        c = u.attendance.counts
        printed: int | None = getattr(c, total)
        values: list[int | None] = [
            getattr(c, a) or 0 if a == optional else getattr(c, a) for a, _ in parts
        ]
        if printed is None or None in values:
            continue
        found = sum(n or 0 for n in values)
        terms = " + ".join(f"{n} {word}" for n, (_, word) in zip(values, parts, strict=True))
        verdict = "=" if found == printed else "≠"
        message = f"{terms} = {found} {verdict} {printed} {label} indiqués"
        yield _check(u, found == printed, message, found, printed)


# (rule id, printed count attribute, statuses listed, French label)
_LISTED = (
    ("counts.listed_present", "present", PRESENT, "présents (suppléants compris)"),
    ("counts.listed_titular", "present_titular", ("present",), "titulaires présents"),
    ("counts.listed_substitute", "present_substitute", ("substitute",), "suppléants"),
    ("counts.listed_absent", "absent", ("absent",), "absents"),
)


def _make_listed_rule(rule_id: str, attr: str, statuses: tuple[str, ...], label: str) -> None:
    @rule(rule_id, "error", f"Le nombre imprimé de {label} = le nombre de noms listés.")
    def check(doc: ExtractedDocument) -> Iterator[Check]:
        for u in attendance_units(doc):
            printed = getattr(u.attendance.counts, attr)
            if printed is None or not u.attendance.attendees:
                continue
            names = listed(u.attendance, *statuses)
            yield _check(
                u,
                names == printed,
                f"{printed} {label} indiqués, {names} noms listés",
                names,
                printed,
            )


for _args in _LISTED:
    _make_listed_rule(*_args)


@rule("counts.listed_proxies", "error", "Le nombre imprimé de pouvoirs = les pouvoirs listés.")
def listed_proxies(doc: ExtractedDocument) -> Iterator[Check]:
    for u in attendance_units(doc):
        printed = u.attendance.counts.proxies
        if printed is None or not u.attendance.attendees:
            continue
        names = len(u.attendance.proxies)
        yield _check(
            u,
            names == printed,
            f"{_n(printed, 'pouvoir indiqué', 'pouvoirs indiqués')}, "
            f"{_n(names, 'pouvoir listé', 'pouvoirs listés')}",
            names,
            printed,
        )


@rule(
    "counts.listed_voters",
    "error",
    "Le nombre imprimé de votants = les présents listés + les pouvoirs listés (quand le "
    "décompte n'imprime pas le nombre de pouvoirs).",
)
def listed_voters(doc: ExtractedDocument) -> Iterator[Check]:
    for u in attendance_units(doc):
        c = u.attendance.counts
        # with the proxies printed, counts.voters compares printed figures already
        if c.voters is None or c.proxies is not None or not u.attendance.attendees:
            continue
        present = listed(u.attendance, *PRESENT)
        proxies = len(u.attendance.proxies)
        total = present + proxies
        verdict = "=" if total == c.voters else "≠"
        yield _check(
            u,
            total == c.voters,
            f"{_n(present, 'présent listé', 'présents listés')} + "
            f"{_n(proxies, 'pouvoir listé', 'pouvoirs listés')} = {total} {verdict} "
            f"{_n(c.voters, 'votant indiqué', 'votants indiqués')}",
            total,
            c.voters,
        )


@rule(
    "counts.missing",
    "warning",
    "Un extrait qui liste les présents imprime aussi son décompte (présents, votants…).",
)
def missing(doc: ExtractedDocument) -> Iterator[Finding]:
    shared = {s.key for s in doc.sessions if s.attendance_shared}
    for d in doc.deliberations:
        if d.session_key in shared:
            continue  # a register under one header: its counts, if any, are the session's
        att = d.attendance
        if att.attendees and att.counts.span is None:
            yield finding_on(
                d,
                "warning",
                f"{d.number or 'extrait'} : la feuille de présence n'est suivie d'aucun "
                "décompte (en exercice, présents, pouvoirs, votants) — bloc incomplet ou tronqué",
                "un décompte imprimé",
                "aucun",
                att.span or d.span,
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
        if c.span is None or not u.formal:
            # no counts block at all, or a body that prints only some counts ("Présents :
            # 24"): what is not printed is not unreadable
            continue
        missing = [lab for attr, lab in labels.items() if getattr(c, attr) is None]
        if missing:
            yield Finding(
                severity="warning",
                message=f"{u.label} : nombre illisible ou absent du décompte "
                f"({', '.join(missing)})",
                span=c.span,
                session_key=u.session_key,
                deliberation_number=u.deliberation_number,
            )


def _present_keys(u: AttendanceUnit) -> set[str]:
    return {person_key(a.person.name) for a in u.attendance.attendees if a.status in PRESENT}


def _among_present(name: str, u: AttendanceUnit) -> str:
    """'yes', 'no', or 'ambiguous' when the name meets a present member only partly
    (same family name, other or abbreviated given name: "R. CARO" and "M CARO")."""
    if person_key(name) in _present_keys(u):
        return "yes"
    people = [a.person for a in u.attendance.attendees if a.status in PRESENT]
    if sum(1 for p in people if same_person(name, p.name)) == 1:
        return "yes"
    family = parse_person(name).family_name
    if family and any(
        p.family_name and p.family_name.casefold() == family.casefold() for p in people
    ):
        return "ambiguous"
    return "no"


_AMBIGUOUS = "le nom ne se rapproche d'un présent que par le nom de famille"


def _arrives(doc: ExtractedDocument, u: AttendanceUnit, name: str) -> bool:
    """Whether the session records ``name`` arriving during the session."""
    return any(
        m.event == "arrives" and same_person(m.name, name)
        for s in doc.sessions
        if s.key == u.session_key
        for m in s.movements
    )


@rule("proxy.holder_present", "error", "Le détenteur d'un pouvoir est présent.")
def holder_present(doc: ExtractedDocument) -> Iterator[Check]:
    for u, p in _proxies(doc):
        found = _among_present(p.holder, u)
        ok = found == "yes"
        yield _proxy_check(
            u,
            p,
            found,
            ok,
            f"{p.holder} détient le pouvoir de {p.giver}"
            + (" et est présent" if ok else " mais ne figure pas parmi les présents"),
            "présent",
            "présent" if ok else "non listé parmi les présents",
        )


@rule("proxy.giver_absent", "error", "Qui donne pouvoir n'est pas présent.")
def giver_absent(doc: ExtractedDocument) -> Iterator[Check]:
    for u, p in _proxies(doc):
        found = _among_present(p.giver, u)
        # a member who gave a proxy and arrived later is listed present: the proxy
        # covered the items before the arrival
        ok = found == "no" or (found == "yes" and _arrives(doc, u, p.giver))
        yield _proxy_check(
            u,
            p,
            found,
            ok,
            f"{p.giver} donne pouvoir à {p.holder}"
            + (" et n'est pas présent" if ok else " mais figure aussi parmi les présents"),
            "absent ou représenté",
            "non présent" if ok else "présent",
        )


def _proxies(doc: ExtractedDocument) -> Iterator[tuple[AttendanceUnit, Proxy]]:
    for u in attendance_units(doc):
        for p in u.attendance.proxies:
            yield u, p


def _proxy_check(
    u: AttendanceUnit, p: Proxy, found: str, ok: bool, message: str, expected: str, observed: str
) -> Check:
    """A check on a proxy sentence; a name matched to a member present by the family
    name alone concludes nothing (``not_checked``)."""
    check = _check(u, ok, message, expected, observed, p.span or u.span)
    return replace(check, not_checked=_AMBIGUOUS) if found == "ambiguous" else check


@rule("attendance.double_status", "error", "Personne n'est listé sous deux statuts.")
def double_status(doc: ExtractedDocument) -> Iterator[Check]:
    for u in attendance_units(doc):
        seen: dict[str, str] = {}
        for a in u.attendance.attendees:
            k = person_key(a.person.name)
            if seen.get(k) == a.status:
                continue  # the same name twice in one list: roster.duplicate_name says so
            ok = k not in seen
            yield check_on(
                u,
                ok,
                f"{u.label} : {a.person.name} "
                + (
                    "est listé une seule fois"
                    if ok
                    else f"est listé deux fois ({seen[k]} et {a.status})"
                ),
                "une seule mention",
                a.status if ok else f"{seen[k]}, {a.status}",
                a.span or u.span,
            )
            seen.setdefault(k, a.status)
        # the member a substitute stands in for must not be listed as sitting too
        for a in u.attendance.attendees:
            if a.status != "substitute" or not a.replaces:
                continue
            status = seen.get(person_key(a.replaces))
            ok = status not in PRESENT
            yield check_on(
                u,
                ok,
                f"{u.label} : {a.person.name} supplée {a.replaces}"
                + ("" if ok else f", qui est pourtant listé comme {status}"),
                "membre suppléé non présent",
                status or "non listé",
                a.span or u.span,
            )


@rule(
    "attendance.consistent",
    "warning",
    "Les extraits d'une même séance reproduisent la même feuille de présence.",
)
def consistent(doc: ExtractedDocument) -> Iterator[Check]:
    first: dict[str, tuple[str, object]] = {}
    for d in doc.deliberations:
        att = d.attendance
        c = att.counts
        signature = (
            tuple(sorted((person_key(a.person.name), a.status) for a in att.attendees)),
            tuple(sorted((person_key(p.giver), person_key(p.holder)) for p in att.proxies)),
            (c.members_in_office, c.present, c.proxies, c.absent, c.voters),
        )
        if d.session_key not in first:
            first[d.session_key] = (d.number or "?", signature)
            continue
        ref_number, ref = first[d.session_key]
        ok = signature == ref
        yield check_on(
            d,
            ok,
            f"{d.number} : la feuille de présence "
            + ("est identique à" if ok else "diffère de")
            + f" celle de {ref_number} pour la même séance",
            f"identique à {ref_number}",
            "identique" if ok else "différente",
            att.span or d.span,
        )

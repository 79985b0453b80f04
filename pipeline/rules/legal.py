"""Legal rules: what the CGCT requires of a session, checked against what the document prints.

Unlike the consistency rules (the document against itself), these hold the document
against the law in force on the session's date and for the kind of body that met:
quorum (L2121-17 and the COVID-19 derogations), proxies per member (L2121-20),
convocation delay (L2121-11 / L2121-12, statutes of syndicats mixtes ouverts), and the
prefecture's ACTES stamp (L2131-1). Every message names the article and the regime
applied, so a clerk can check the reasoning. Facts a document does not print (the
kind of body, its statutes) come from :mod:`pipeline.bodies`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterator

from parsers.records import DeliberationRecord, ExtractedDocument
from parsers.stamp import parse_act_id
from pipeline.bodies import (
    APPLIED_BY,
    ORDINARY,
    Body,
    QuorumRegime,
    clear_days,
    convocation_rule,
    quorum_regime,
    registry,
)
from pipeline.findings import Check
from pipeline.rules.common import (
    AttendanceUnit,
    attendance_units,
    check_on,
    listed,
    person_key,
)
from pipeline.validate import rule

PRESENT = ("present", "substitute")


def _document_siren(doc: ExtractedDocument) -> str | None:
    """The SIREN of the body as its ACTES stamps print it (first well-formed one)."""
    for d in doc.deliberations:
        parsed = parse_act_id(d.stamp.act_id) if d.stamp else None
        if parsed:
            return str(parsed["siren"])
    return None


def _body(doc: ExtractedDocument, organisation: str | None, assembly: str | None) -> Body:
    return registry().find(organisation, _document_siren(doc), assembly)


def _applied_by(body: Body) -> str:
    return APPLIED_BY.get(body.type or "", "")


def _in_office(unit: AttendanceUnit, body: Body) -> tuple[int | None, str]:
    """Members in office and where the figure comes from."""
    c = unit.attendance.counts
    if c.members_in_office is not None:
        return c.members_in_office, "nombre imprimé"
    if body.members_in_office is not None:
        return body.members_in_office, "registre des organes (config/bodies.toml)"
    if unit.attendance.attendees:
        # Informal minutes list every member (present, excused, absent) without counts.
        n = listed(unit.attendance, "present", "substitute", "represented", "absent")
        return n, "membres listés (présents, excusés et absents)"
    return None, ""


def _present(unit: AttendanceUnit) -> tuple[int | None, str, int]:
    """Members present (substitutes sit in their titular's seat), source, how many remote."""
    att = unit.attendance
    remote = sum(1 for a in att.attendees if a.status in PRESENT and a.attendance_mode == "remote")
    if att.counts.present is not None:
        return att.counts.present, "nombre imprimé", remote
    if att.attendees:
        return listed(att, *PRESENT), "noms listés", remote
    return None, "", remote


def _quorum_check(unit: AttendanceUnit, body: Body, regime: QuorumRegime) -> Check | None:
    date = unit.info.date
    if date is None:
        return None
    in_office, office_source = _in_office(unit, body)
    present, present_source, remote = _present(unit)
    if in_office is None or present is None:
        return None
    where = f"{unit.label} (séance du {date:%d/%m/%Y})"
    law = f"CGCT L2121-17{_applied_by(body)}"
    if date in body.reconvened_sessions:
        return check_on(
            unit,
            True,
            f"{where} : séance tenue sur seconde convocation, sans condition de quorum "
            f"({law}, al. 2) ; {present} présents sur {in_office} en exercice",
            "aucun quorum",
            str(present),
            unit.attendance.counts.span or unit.span,
        )
    minimum = regime.minimum(in_office)
    regime_label = regime.label
    if regime is ORDINARY and body.quorum_min_present is not None:
        minimum = body.quorum_min_present
        regime_label = (
            f"quorum statutaire de {minimum} présents (statuts, L5721-2 ; config/bodies.toml)"
        )
    ok = present >= minimum
    remote_note = f", dont {remote} en visioconférence" if remote else ""
    rule_text = "un tiers" if regime.fraction == "third" else "plus de la moitié"
    message = (
        f"{where} : quorum {'atteint' if ok else 'NON atteint'} — {present} membres présents"
        f"{remote_note} ({present_source}) pour {in_office} en exercice ({office_source}) ; "
        f"il en faut au moins {minimum} ({rule_text}), les pouvoirs ne comptent pas. "
        f"{law} — {regime_label}"
    )
    return check_on(
        unit, ok, message, f"≥ {minimum}", str(present), unit.attendance.counts.span or unit.span
    )


@rule(
    "legal.quorum",
    "error",
    "Quorum : plus de la moitié des membres en exercice présents (CGCT L2121-17, par L5211-1 / "
    "L5711-1 pour les EPCI et syndicats), un tiers sous les régimes COVID-19 ; les pouvoirs ne "
    "comptent pas ; aucun quorum sur seconde convocation.",
)
def quorum(doc: ExtractedDocument) -> Iterator[Check]:
    for unit in attendance_units(doc):
        if unit.info.date is None:
            continue
        body = _body(doc, unit.info.organisation, unit.info.body)
        check = _quorum_check(unit, body, quorum_regime(unit.info.date))
        if check:
            yield check


@rule(
    "legal.quorum_disputed",
    "warning",
    "Séances du 17 octobre au 14 novembre 2020 : le quorum du tiers est contesté ; alerte quand "
    "seul le tiers est atteint (CGCT L2121-17).",
)
def quorum_disputed(doc: ExtractedDocument) -> Iterator[Check]:
    for unit in attendance_units(doc):
        date = unit.info.date
        if date is None or not quorum_regime(date).disputed:
            continue
        body = _body(doc, unit.info.organisation, unit.info.body)
        check = _quorum_check(unit, body, ORDINARY)
        if check:
            # The ordinary rule is what a court might apply: say why this is only a warning.
            yield dataclasses.replace(
                check, message=check.message + " — " + quorum_regime(date).label
            )


@rule(
    "legal.proxies_per_member",
    "error",
    "Un membre ne détient qu'un pouvoir (CGCT L2121-20), deux sous les régimes COVID-19.",
)
def proxies_per_member(doc: ExtractedDocument) -> Iterator[Check]:
    for unit in attendance_units(doc):
        date = unit.info.date
        if date is None or not unit.attendance.proxies:
            continue
        body = _body(doc, unit.info.organisation, unit.info.body)
        regime = quorum_regime(date)
        held = Counter(person_key(p.holder) for p in unit.attendance.proxies)
        first = {person_key(p.holder): p for p in reversed(unit.attendance.proxies)}
        for key, n in held.items():
            p = first[key]
            ok = n <= regime.max_proxies
            givers = ", ".join(
                q.giver for q in unit.attendance.proxies if person_key(q.holder) == key
            )
            yield check_on(
                unit,
                ok,
                f"{unit.label} (séance du {date:%d/%m/%Y}) : {p.holder} détient {n} "
                f"pouvoir{'s' if n > 1 else ''} ({givers}) ; maximum {regime.max_proxies}. "
                f"CGCT L2121-20{_applied_by(body)} — {regime.label}",
                f"≤ {regime.max_proxies}",
                str(n),
                p.span or unit.span,
            )


@rule(
    "legal.convocation_delay",
    "error",
    "Délai de convocation : 3 jours francs (communes de moins de 3 500 habitants, CGCT "
    "L2121-11), 5 jours francs (3 500 et plus, L2121-12 ; tout EPCI depuis le 1er mars 2020) ; "
    "statuts pour les syndicats mixtes ouverts (L5721-2).",
)
def convocation_delay(doc: ExtractedDocument) -> Iterator[Check]:
    for s in doc.sessions:
        i = s.info
        if i.date is None or i.convocation_date is None or i.convocation_date >= i.date:
            continue  # no delay to measure; session.convocation_order reports the order
        body = _body(doc, i.organisation, i.body)
        required = convocation_rule(body, i.date)
        days = clear_days(i.convocation_date, i.date)
        ok = days >= required.clear_days
        label = "procès-verbal" if s.source_kind == "minutes" else "séance"
        unknown = None
        if not ok and body.type is None:
            # not in config/bodies.toml: 3 or 5 clear days, or the statutes' own rule,
            # depending on what the body is; the shortfall is not concluded
            unknown = (
                "organe absent du registre (config/bodies.toml) : son régime de convocation "
                "(3 ou 5 jours francs, ou ses statuts) n'est pas connu"
            )
        yield Check(
            passed=ok,
            message=f"{label} du {i.date:%d/%m/%Y} : convocation du {i.convocation_date:%d/%m/%Y}, "
            f"soit {days} jours francs ; il en faut {required.clear_days} "
            f"({'respecté' if ok else 'NON respecté'}). {required.label} — {body.label}",
            expected=f"≥ {required.clear_days}",
            observed=str(days),
            span=i.span,
            session_key=s.key,
            not_checked=unknown,
        )


def _stamp_check(
    d: DeliberationRecord, ok: bool, message: str, expected: str, observed: str | None
) -> Check:
    """A check of a deliberation's prefecture stamp: its evidence, with the law."""
    span = d.stamp.span if d.stamp else None
    return check_on(d, ok, f"{d.number} : {message}. {_ACTES}", expected, observed, span)


def _stamped(doc: ExtractedDocument) -> Iterator[tuple[DeliberationRecord, dict | None]]:
    for d in doc.deliberations:
        if d.stamp is not None and d.stamp.act_id:
            yield d, parse_act_id(d.stamp.act_id)


_ACTES = "CGCT L2131-1 (transmission au représentant de l'État par ACTES)"


@rule(
    "legal.actes_id",
    "error",
    "L'identifiant ACTES du tampon de la préfecture est bien formé : département – SIREN – "
    "date de décision – numéro – nature (DE/AR/AI/CC/BF/AU) (CGCT L2131-1).",
)
def actes_id(doc: ExtractedDocument) -> Iterator[Check]:
    for d, parsed in _stamped(doc):
        assert d.stamp is not None
        ok = parsed is not None
        yield _stamp_check(
            d,
            ok,
            f"identifiant ACTES « {d.stamp.act_id} » "
            + ("bien formé" if ok else "mal formé (attendu DDD-SIREN-AAAAMMJJ-NUMERO-NATURE)"),
            "DDD-SSSSSSSSS-AAAAMMJJ-NUMERO-DE|AR|AI|CC|BF|AU",
            d.stamp.act_id,
        )


@rule(
    "legal.actes_match",
    "error",
    "L'identifiant ACTES porte la date de la séance, le numéro de la délibération et le SIREN "
    "de l'organe (CGCT L2131-1).",
)
def actes_match(doc: ExtractedDocument) -> Iterator[Check]:
    for d, parsed in _stamped(doc):
        if parsed is None:
            continue  # legal.actes_id reports it
        assert d.stamp is not None
        if d.info.date is not None:
            ok = parsed["date"] == d.info.date
            yield _stamp_check(
                d,
                ok,
                f"date de l'acte ACTES {parsed['date']:%d/%m/%Y} "
                f"{'=' if ok else '≠'} date de la séance {d.info.date:%d/%m/%Y}",
                d.info.date.isoformat(),
                parsed["date"].isoformat(),
            )
        if d.number:
            ok = parsed["number"] == d.number
            yield _stamp_check(
                d,
                ok,
                f"numéro de l'acte ACTES {parsed['number_raw']} "
                f"{'correspond' if ok else 'ne correspond pas'} au numéro de la délibération "
                f"{d.number}",
                d.number,
                str(parsed["number"]),
            )
        body = registry().find(d.info.organisation, None, d.info.body)
        if body.registered and body.siren:
            ok = parsed["siren"] == body.siren
            yield _stamp_check(
                d,
                ok,
                f"SIREN de l'acte ACTES {parsed['siren']} "
                f"{'=' if ok else '≠'} SIREN de {body.name} ({body.siren}, config/bodies.toml)",
                body.siren,
                str(parsed["siren"]),
            )


@rule(
    "legal.prefecture_dates",
    "error",
    "La réception en préfecture et la publication ne précèdent pas la séance (CGCT L2131-1).",
)
def prefecture_dates(doc: ExtractedDocument) -> Iterator[Check]:
    for d in doc.deliberations:
        stamp = d.stamp
        if stamp is None or d.info.date is None:
            continue
        for label, value in (("reçu en préfecture", stamp.received), ("publié", stamp.published)):
            if value is None:
                continue
            ok = value >= d.info.date
            yield _stamp_check(
                d,
                ok,
                f"{label} le {value:%d/%m/%Y}, "
                f"{'après' if ok else 'AVANT'} la séance du {d.info.date:%d/%m/%Y} "
                f"(un acte n'est transmis et publié qu'une fois adopté)",
                f"≥ {d.info.date.isoformat()}",
                value.isoformat(),
            )

"""Identifiers an export publishes: SIREN, SIRET and ACTES act ids, checked before use.

A SIREN or SIRET with the right number of digits can still be a typo: INSEE numbers carry
a Luhn check digit (python-stdnum knows it, and La Poste's SIRETs, which follow another
rule). Validata checks it (``french-siret-value`` of SCDL), so an identifier that fails it
must never reach an export: it is dropped with the reason, not published.

An ACTES id (``046-200062263-20220629-CS2022_16-DE``) is checked by form — department,
SIREN, date that exists, number, nature — by :func:`parsers.stamp.parse_act_id`, and its
SIREN by checksum here.
"""

from __future__ import annotations

from stdnum.exceptions import ValidationError
from stdnum.fr import siren as _siren
from stdnum.fr import siret as _siret

from parsers.stamp import parse_act_id


def siren_problem(value: str | None) -> str | None:
    """Why ``value`` is not a SIREN (9 digits, Luhn key), or None when it is one."""
    return _problem(_siren, value, "SIREN", 9)


def siret_problem(value: str | None) -> str | None:
    """Why ``value`` is not a SIRET (14 digits, Luhn key or La Poste's rule), or None."""
    return _problem(_siret, value, "SIRET", 14)


def _problem(module: object, value: str | None, label: str, length: int) -> str | None:
    if not value:
        return f"{label} absent"
    if not (value.isdigit() and len(value) == length):
        return f"{label} « {value} » : {length} chiffres attendus"
    try:
        module.validate(value)  # type: ignore[attr-defined]
    except ValidationError:
        return f"{label} « {value} » : clé de contrôle fausse"
    return None


def is_siren(value: str | None) -> bool:
    return siren_problem(value) is None


def is_siret(value: str | None) -> bool:
    return siret_problem(value) is None


def actes_id_problem(act_id: str | None) -> str | None:
    """Why ``act_id`` is not a well-formed ACTES id, or None when it is one."""
    if not act_id:
        return "identifiant ACTES absent"
    parsed = parse_act_id(act_id)
    if parsed is None:
        return (
            f"identifiant ACTES « {act_id} » mal formé (attendu : département-SIREN-"
            "AAAAMMJJ-numéro-nature, par ex. 046-200062263-20220629-CS2022_16-DE)"
        )
    problem = siren_problem(str(parsed["siren"]))
    return f"identifiant ACTES « {act_id} » : {problem}" if problem else None

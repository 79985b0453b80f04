"""DECP (données essentielles de la commande publique) records, valid or refused.

The official schema (format-commande-publique 2.0.2, the version in force since 2024, kept
verbatim in ``pipeline/data/``) requires 24 fields per marché, most of which a deliberation
never prints: the CPV code, the notification date, the holder's SIRET, the price form …
They come from the contract itself, which the publisher has: ``--complements FILE`` gives
them, per contract id, as JSON. A field the document prints is taken from the document; a
complement never overrides it. Every record is then validated against the schema with
jsonschema: a record that still misses a field, or holds a value the schema forbids, is
*refused* and listed with the reason in the sidecar, never published half-filled — a
``null`` where the schema wants a string or an integer is an invalid file for the national
platform, not a "missing value".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa

from parsers.stamp import parse_act_id
from pipeline.bodies import fold, registry
from pipeline.identifiers import siret_problem

SCHEMA_PATH = Path(__file__).parent / "data" / "decp-2.0.2.schema.json"

# Contract kinds that are public procurement (the rest: conventions, subsidies … are not).
# A "lettre de commande" is an order under a marché à bons de commande: the marché is what
# DECP publishes, not each order.
PROCUREMENT_KINDS = ("marche", "accord cadre")
_MONTHS_RE = re.compile(r"(?:\(|\b)(\d{1,3})\)?\s*mois\b")
_YEARS_RE = re.compile(r"(?:\(|\b)(\d{1,2})\)?\s*ans?\b")

# Procedures as printed (folded) → the schema's values.
PROCEDURES = {
    "appel d offres ouvert": "Appel d'offres ouvert",
    "appel d offres restreint": "Appel d'offres restreint",
    "procedure adaptee": "Procédure adaptée",
    "mapa": "Procédure adaptée",
    "procedure avec negociation": "Procédure avec négociation",
    "procedure negociee": "Procédure avec négociation",
    "dialogue competitif": "Dialogue compétitif",
}


def duration_months(text: str | None) -> int | None:
    """Months of a duration as printed ("trente-six (36) mois" → 36, "4 ans" → 48)."""
    if not text:
        return None
    m = _MONTHS_RE.search(text)
    if m:
        return int(m.group(1))
    y = _YEARS_RE.search(text)
    return int(y.group(1)) * 12 if y else None


def procedure(text: str | None) -> str | None:
    """The schema's name of a printed procedure, or None when it is not one of them."""
    key = fold(text or "")
    return next((v for k, v in PROCEDURES.items() if key.startswith(k)), None)


def is_procurement(kind: str | None) -> bool:
    return bool(kind) and fold(kind).startswith(PROCUREMENT_KINDS)  # type: ignore[arg-type]


def _json_number(value: Decimal | float | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@cache
def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _marche_validator() -> jsonschema.Draft7Validator:
    schema = load_schema()
    sub = {"$ref": "#/definitions/marche", "definitions": schema["definitions"]}
    return jsonschema.Draft7Validator(sub)


def problems(record: Mapping[str, Any]) -> list[str]:
    """Why ``record`` is not a valid DECP 2.0.2 marché, in French; empty when it is one."""
    missing: list[str] = []
    other: list[str] = []
    for e in sorted(_marche_validator().iter_errors(record), key=lambda e: list(e.path)):
        if e.validator == "required" and not e.path:
            missing += [f for f in e.validator_value if f not in record]
        else:
            where = "/".join(map(str, e.path)) or "(racine)"
            other.append(f"{where} : {e.message}")
    out = [f"champs obligatoires absents : {', '.join(missing)}"] if missing else []
    return out + other


def validate_document(payload: Mapping[str, Any]) -> list[str]:
    """Errors of a whole DECP file against the official schema (empty when valid)."""
    validator = jsonschema.Draft7Validator(load_schema())
    return [f"{'/'.join(map(str, e.path))} : {e.message}" for e in validator.iter_errors(payload)]


@dataclass
class DecpExport:
    records: list[dict[str, Any]] = field(default_factory=list)
    sidecar: list[dict[str, str]] = field(default_factory=list)
    skipped: int = 0  # contracts that are not public procurement

    @property
    def refused(self) -> list[dict[str, str]]:
        return [s for s in self.sidecar if s["statut"] == "refusé"]

    def payload(self) -> dict[str, Any]:
        return {"marches": {"marche": self.records}}


def from_document(
    c: Mapping[str, Any], delib: Mapping[str, Any], session: Mapping[str, Any]
) -> dict[str, Any]:
    """The DECP fields a deliberation gives for contract ``c``; absent ones are left out.

    The amount is the one excluding VAT (``amount_ht``, else ``amount`` when the row does
    not say), never ``amount_ttc``.
    """
    parsed = parse_act_id(delib.get("prefecture_act_id"))
    body = registry().find(
        session.get("organisation"), str(parsed["siren"]) if parsed else None, session.get("body")
    )
    amount = c.get("amount_ht")
    if amount is None:
        amount = c.get("amount")
    values: dict[str, Any] = {
        "id": c.get("reference"),
        "nature": "Marché",
        "objet": c.get("subject"),
        "procedure": procedure(c.get("procedure")),
        "montant": _json_number(amount),
        "dureeMois": duration_months(c.get("duration")),
    }
    if body.siret and not siret_problem(body.siret):
        values["acheteur"] = {"id": body.siret}
    return {k: v for k, v in values.items() if v is not None}


def build_decp(
    contracts: pa.Table,
    deliberations: pa.Table,
    sessions: pa.Table,
    complements: Mapping[str, Mapping[str, Any]] | None = None,
) -> DecpExport:
    """Valid DECP records for the procurement rows of ``contracts``, and the sidecar.

    ``complements`` maps a contract id (its printed reference, else delib's contract_id)
    to the fields the document does not give.
    """
    complements = complements or {}
    delibs = {d["deliberation_id"]: d for d in deliberations.to_pylist()}
    sess = {s["session_id"]: s for s in sessions.to_pylist()}
    out = DecpExport()
    for c in contracts.to_pylist():
        if not is_procurement(c.get("kind")):
            out.skipped += 1
            continue
        d = delibs.get(c.get("deliberation_id"), {})
        s = sess.get(d.get("session_id"), {})
        key = c.get("reference") or c["contract_id"]
        record = {**complements.get(key, {}), **from_document(c, d, s)}
        found = problems(record)
        out.sidecar.append(
            {
                "id": key,
                "contract_id": c["contract_id"],
                "statut": "refusé" if found else "exporté",
                "motif": " ; ".join(found),
                "deliberation": d.get("number") or "",
                "date_deliberation": _date(s.get("date")),
                "titulaire": c.get("counterparty") or "",
                "complement": "oui" if key in complements else "non",
            }
        )
        if not found:
            out.records.append(record)
    return out


def _date(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ""


def read_complements(path: Path | None) -> dict[str, dict[str, Any]]:
    """The publisher's complements: a JSON object {contract id: {DECP field: value}}."""
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ValueError(f"{path} : un objet JSON {{identifiant du marché: {{champ: valeur}}}}")
    return data

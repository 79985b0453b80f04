"""The official SCDL « Délibérations » schema, custom checks included, applied to CSV rows.

Why our own implementation: the official engine, Validata (PyPI ``validata-table``), is a
web application (Flask, gunicorn, Sentry, Shapely …: 91 packages, 336 MB in a fresh venv,
GPL-3.0) around frictionless. delib needs six row checks from it, so they are written here
(a few lines each) and ``tests/test_scdl_checks.py`` runs Validata itself, when installed
(dev extra), on the same hand-made rows to show both say the same thing.

The schema is the published file, kept verbatim in ``pipeline/data/`` (source and licence in
``pipeline/data/README.md``): the field constraints (required, type, pattern, uri) and the
``custom_checks`` list are read from it, so a new version of the schema is a file to
replace, not code to change. Row numbers are Validata's: the header is row 1.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from parsers.text import strip_accents
from pipeline.french import plural
from pipeline.identifiers import siret_problem

SCHEMA_PATH = Path(__file__).parent / "data" / "scdl-deliberations-2.1.5.schema.json"

Row = Mapping[str, str]


@dataclass(frozen=True)
class Violation:
    """One broken rule on one row: what a publisher must fix before publishing."""

    row: int  # 1 = header, 2 = first data row (as Validata and spreadsheets count)
    field: str
    rule: str  # "required", "type", "pattern", "format" or the custom check's name
    message: str

    def __str__(self) -> str:
        return f"ligne {self.row}, {self.field} [{self.rule}] : {self.message}"


@cache
def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_rows(rows: Sequence[Row], schema: Mapping[str, Any] | None = None) -> list[Violation]:
    """Every violation of ``schema`` (default: SCDL Délibérations 2.1.5) in ``rows``.

    Values are the CSV strings; an empty string is a missing value, as the SCDL says. As in
    Validata (frictionless), a value that is not of its field's type is reported once and
    is then missing for the custom checks: "dix-huit" members makes VOTE_EFFECTIF empty.
    """
    schema = schema or load_schema()
    fields = schema["fields"]
    checks = [_custom_check(c) for c in schema.get("custom_checks", [])]
    found: list[Violation] = []
    for i, row in enumerate(rows, start=2):
        typed = dict(row)
        for f in fields:
            value = row.get(f["name"], "")
            found += _field_violations(i, f, value)
            if value and _typed(f, value) is None:
                typed[f["name"]] = ""
        for check in checks:
            found += check(i, typed)
    return found


# --------------------------------------------------------------------------- fields


def _field_violations(i: int, field: Mapping[str, Any], value: str) -> list[Violation]:
    name = field["name"]
    constraints = field.get("constraints", {})
    if value == "":
        if constraints.get("required"):
            return [Violation(i, name, "required", "valeur obligatoire manquante")]
        return []
    if _typed(field, value) is None:
        return [Violation(i, name, "type", f"« {value} » n'est pas du type {field['type']}")]
    pattern = constraints.get("pattern")
    if pattern and not re.fullmatch(pattern, value):
        return [Violation(i, name, "pattern", f"« {value} » ne suit pas le motif {pattern}")]
    if field.get("format") == "uri":
        parsed = urlparse(value)
        if not (parsed.scheme and parsed.netloc):
            return [Violation(i, name, "format", f"« {value} » n'est pas une URI")]
    return []


def _typed(field: Mapping[str, Any], value: str) -> Any:
    """The value in the field's type, or None when it is not one (frictionless' casting)."""
    kind = field.get("type", "string")
    try:
        if kind == "integer":
            return int(value) if re.fullmatch(r"[+-]?\d+", value) else None
        if kind == "number":
            return float(value)
        if kind == "date":
            iso = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
            return dt.date.fromisoformat(value) if iso else None
    except ValueError:
        return None
    return value


# --------------------------------------------------------------------------- custom checks

Check = Callable[[int, Row], list[Violation]]


def _custom_check(descriptor: Mapping[str, Any]) -> Check:
    name, params = descriptor["name"], descriptor.get("params", {})
    try:
        factory = CUSTOM_CHECKS[name]
    except KeyError:
        raise ValueError(f"custom check inconnu du module : {name}") from None
    return factory(name, params)


def _cohesive(name: str, p: Mapping[str, Any]) -> Check:
    """All the columns filled, or none of them (applies even when they are empty)."""
    columns = [p["column"], *p["othercolumns"]]

    def check(i: int, row: Row) -> list[Violation]:
        filled = {bool(row.get(c, "")) for c in columns}
        if len(filled) == 1:
            return []
        message = f"les colonnes {', '.join(columns)} doivent être toutes remplies ou toutes vides"
        return [Violation(i, columns[0], name, message)]

    return check


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
}


def _compare(name: str, p: Mapping[str, Any]) -> Check:
    """column OP column2 when both are filled: numbers as numbers, ISO dates as text."""
    a, b, op = p["column"], p["column2"], p["op"]
    compare = _OPS[op]

    def check(i: int, row: Row) -> list[Violation]:
        va, vb = row.get(a, ""), row.get(b, "")
        if not va or not vb:
            return []
        x, y = _number(va), _number(vb)
        if (x is None) != (y is None):
            return [Violation(i, a, name, f"{a} « {va} » et {b} « {vb} » non comparables")]
        if compare(*((x, y) if x is not None else (va, vb))):
            return []
        return [Violation(i, a, name, f"{a} ({va}) devrait être {op} {b} ({vb})")]

    return check


def _sum(name: str, p: Mapping[str, Any]) -> Check:
    """column = sum of columns, checked only when every one of them is filled."""
    total, parts = p["column"], list(p["columns"])

    def check(i: int, row: Row) -> list[Violation]:
        values = [_number(row.get(c, "")) for c in (total, *parts)]
        if any(v is None for v in values):
            return []
        if values[0] == sum(values[1:]):  # type: ignore[arg-type]
            return []
        message = f"{' + '.join(parts)} = {sum(values[1:])} ≠ {total} ({row[total]})"  # type: ignore[arg-type]
        return [Violation(i, total, name, message)]

    return check


def _year_interval(name: str, p: Mapping[str, Any]) -> Check:
    """AAAA/AAAA with the first year before the second; AAAA alone when allowed."""
    column = p["column"]
    year_only = str(p.get("allow-year-only", "false")) in ("true", "yes")

    def check(i: int, row: Row) -> list[Violation]:
        value = row.get(column, "")
        if not value or (year_only and re.fullmatch(r"\d{4}", value)):
            return []
        m = re.fullmatch(r"(\d{4})/(\d{4})", value)
        if m and int(m.group(1)) < int(m.group(2)):
            return []
        message = f"« {value} » n'est pas une période AAAA/AAAA croissante"
        return [Violation(i, column, name, message)]

    return check


def _siret(name: str, p: Mapping[str, Any]) -> Check:
    column = p["column"]

    def check(i: int, row: Row) -> list[Violation]:
        value = row.get(column, "")
        problem = siret_problem(value) if value else None
        return [Violation(i, column, name, problem)] if problem else []

    return check


# Level 1 of the ACTES nomenclature: what Validata accepts before the "/" (any case,
# with or without accents), with no space around the slash.
ACTES_LEVEL1 = (
    "Commande publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
)


def fold_accents(text: str) -> str:
    # the canonical variant (NFD): ligatures and no-break spaces stay as printed
    return strip_accents(text.lower(), compatibility=False)


_LEVEL1 = {fold_accents(x) for x in ACTES_LEVEL1}


def _nomenclature(name: str, p: Mapping[str, Any]) -> Check:
    column = p["column"]

    def check(i: int, row: Row) -> list[Violation]:
        value = row.get(column, "")
        if not value:
            return []
        head, slash, _ = value.partition("/")
        if not slash:
            return [Violation(i, column, name, f"« {value} » : la barre oblique « / » manque")]
        if fold_accents(head) in _LEVEL1 and "/ " not in value:
            return []
        if fold_accents(head.rstrip()) in _LEVEL1 or "/ " in value:
            message = f"« {value} » : pas d'espace autour de la barre oblique"
        else:
            message = f"« {head} » n'est pas un domaine de la nomenclature ACTES"
        return [Violation(i, column, name, message)]

    return check


def _number(value: str) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


CUSTOM_CHECKS: dict[str, Callable[[str, Mapping[str, Any]], Check]] = {
    "cohesive-columns-value": _cohesive,
    "compare-columns-value": _compare,
    "sum-columns-value": _sum,
    "year-interval-value": _year_interval,
    "french-siret-value": _siret,
    "siret": _siret,  # the name newer Validata versions use
    "nomenclature-actes-value": _nomenclature,
    "nomenclature-acte": _nomenclature,
}


def summary(violations: Iterable[Violation]) -> str:
    """'3 erreurs sur 2 lignes' style count, French plurals."""
    found = list(violations)
    rows = len({v.row for v in found})
    return f"{plural(len(found), 'erreur')} sur {plural(rows, 'ligne')}"

"""Open-data exports: ``delib export scdl`` (SCDL « Délibérations » CSV) and ``delib export
decp`` (DECP JSON), each checked against the official schema before it is written.

The rows are built by :mod:`pipeline.scdl` and :mod:`pipeline.decp`; this module writes
them, with their sidecars, and decides the exit code: an export that breaks the official
schema, or that would be empty, is refused (exit 1) with the row and the rule, so what
reaches a portal is what its validator (Validata for SCDL) accepts. ``--allow-invalid``
writes an SCDL file anyway, with the violations as warnings, for a publisher who wants
to fix it by hand.

The functions here return what to say rather than saying it: the command line
(:mod:`pipeline.cli`) prints an :class:`ExportResult` and exits with its code.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from delib.errors import ComplementsError, TableMissing
from pipeline import display
from pipeline.decp import build_decp, is_procurement, read_complements
from pipeline.french import plural
from pipeline.matieres import MATIERE_RULES, MATIERES, budget_year, classify
from pipeline.scdl import SCDL_FIELDS, build_scdl
from pipeline.scdl_checks import summary
from pipeline.store import read_table

__all__ = ["MATIERES", "MATIERE_RULES", "SCDL_FIELDS", "budget_year", "classify"]


def to_csv(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> str:
    """CSV meant for spreadsheets: a cell that would start a formula (= + - @, tab, CR)
    is kept as text with a leading apostrophe (docs/reports.md)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: display.spreadsheet(v) for k, v in r.items()} for r in rows)
    return buf.getvalue()


def read_contracts(out_dir: Path) -> Any:
    try:
        return read_table(out_dir, "contracts")
    except KeyError as exc:  # schemas.tables has no "contracts": an older output
        raise TableMissing(
            "la table « contracts » n'existe pas encore dans cette version de delib "
            "(étape « montants et contrats ») : rien à exporter en DECP"
        ) from exc


@dataclass
class ExportResult:
    """What an export says and its exit code: ``before`` (stderr), then the path of the
    file written (stdout) when there is one, then ``after`` (stderr)."""

    before: list[str] = field(default_factory=list)
    written: Path | None = None
    after: list[str] = field(default_factory=list)
    code: int = 0


def _write_sidecar(dest: Path, suffix: str, sidecar: list[dict[str, Any]]) -> Path:
    """The annex of an export (why each row is in or out), next to it; returns its path."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    side = dest.with_suffix(suffix)
    if sidecar:
        side.write_text(to_csv(sidecar, sidecar[0].keys()), encoding="utf-8")
    return side


def export_scdl(data_dir: Path, dest: Path | None, allow_invalid: bool) -> ExportResult:
    """Write the SCDL CSV of ``data_dir`` (default: DATA/exports/scdl_deliberations.csv)
    and its .matieres.csv annex, unless it breaks the schema or would be empty."""
    export = build_scdl(data_dir)
    dest = dest or data_dir / "exports" / "scdl_deliberations.csv"
    side = _write_sidecar(dest, ".matieres.csv", export.sidecar)
    label = "avertissement" if allow_invalid else "erreur"
    result = ExportResult(before=[f"{dest.name}:{v.row}: {label} : {v}" for v in export.violations])
    if not export.rows:
        result.before.append(
            f"delib export scdl : aucune délibération exportable dans {data_dir} "
            f"({plural(len(export.refused), 'refusée')}, voir {side.name})"
        )
        result.code = 1
        return result
    if export.violations and not allow_invalid:
        result.before.append(
            f"delib export scdl : {summary(export.violations)} au regard du schéma officiel ; "
            "fichier non écrit (--allow-invalid pour l'écrire quand même)"
        )
        result.code = 1
        return result
    dest.write_text(to_csv(export.rows, SCDL_FIELDS), encoding="utf-8")
    result.written = dest
    result.after = _scdl_summary(export, side.name)
    return result


def _scdl_summary(export: Any, side_name: str) -> list[str]:
    refused = Counter(s["motif"] for s in export.refused)
    with_votes = sum(1 for r in export.rows if r["VOTE_POUR"])
    return [
        f"{plural(len(export.rows), 'délibération exportée', 'délibérations exportées')}, "
        f"dont {with_votes} avec leur décompte ; "
        f"{plural(len(export.refused), 'refusée')} ; codes matière déduits du titre "
        f"(voir {side_name})",
        *(f"  refus × {n} : {motif}" for motif, n in refused.most_common()),
    ]


def export_decp(data_dir: Path, dest: Path | None, complements: Path | None) -> ExportResult:
    """Write the DECP JSON of ``data_dir`` (default: DATA/exports/decp.json) and its
    .contrats.csv annex, unless no contract can be exported. Raises
    :class:`ComplementsError` when the --complements file cannot be read."""
    try:
        contracts = read_contracts(data_dir)
    except TableMissing as exc:
        return ExportResult(before=[f"delib export decp : {exc}"], code=1)
    try:
        extra = read_complements(complements)
    except (ValueError, json.JSONDecodeError) as exc:
        raise ComplementsError(f"--complements : {exc}") from exc
    export = build_decp(
        contracts,
        read_table(data_dir, "deliberations"),
        read_table(data_dir, "sessions"),
        extra,
    )
    dest = dest or data_dir / "exports" / "decp.json"
    side = _write_sidecar(dest, ".contrats.csv", export.sidecar)
    kinds = Counter(
        k or "nature inconnue"
        for k in contracts.column("kind").to_pylist()
        if not is_procurement(k)
    )
    detail = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    result = ExportResult(
        before=[
            f"{plural(len(export.records), 'marché exporté', 'marchés exportés')}, "
            f"{plural(len(export.refused), 'refusé')} (voir {side.name}) ; "
            f"{plural(export.skipped, 'contrat écarté', 'contrats écartés')}, qui ne sont pas "
            f"des marchés publics{f' ({detail})' if detail else ''}"
        ]
    )
    if not export.records:
        result.before.append(
            "delib export decp : aucun marché exportable, fichier non écrit "
            "(les champs manquants vont dans --complements)"
        )
        result.code = 1
        return result
    payload = json.dumps(export.payload(), ensure_ascii=False, indent=2)
    dest.write_text(payload + "\n", encoding="utf-8")
    result.written = dest
    return result

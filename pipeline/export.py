"""Open-data exports: ``delib export scdl`` (SCDL « Délibérations » CSV) and ``delib export
decp`` (DECP JSON), each checked against the official schema before it is written.

The rows are built by :mod:`pipeline.scdl` and :mod:`pipeline.decp`; this module writes
them, with their sidecars, and decides the exit code: an export that breaks the official
schema, or that would be empty, is refused (exit 1) with the row and the rule, so what
reaches a portal is what its validator (Validata for SCDL) accepts. ``--allow-invalid``
writes an SCDL file anyway, with the violations as warnings, for a publisher who wants
to fix it by hand.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from delib.errors import TableMissing
from pipeline import display
from pipeline.decp import build_decp, is_procurement, read_complements
from pipeline.french import plural
from pipeline.matieres import MATIERE_RULES, MATIERES, budget_year, classify
from pipeline.options import data_option, output_option, usage_errors
from pipeline.scdl import SCDL_FIELDS, build_scdl
from pipeline.scdl_checks import summary
from pipeline.store import read_table

__all__ = ["MATIERES", "MATIERE_RULES", "SCDL_FIELDS", "budget_year", "classify", "export_cmd"]


def to_csv(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> str:
    """CSV meant for spreadsheets: a cell that would start a formula (= + - @, tab, CR)
    is kept as text with a leading apostrophe (docs/reports.md)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: display.spreadsheet(v) for k, v in r.items()} for r in rows)
    return buf.getvalue()


def read_contracts(out_dir: Path):
    try:
        return read_table(out_dir, "contracts")
    except KeyError as exc:  # schemas.tables has no "contracts": an older output
        raise TableMissing(
            "la table « contracts » n'existe pas encore dans cette version de delib "
            "(étape « montants et contrats ») : rien à exporter en DECP"
        ) from exc


@click.group("export")
def export_cmd() -> None:
    """Fichiers open data : délibérations SCDL (CSV), marchés DECP (JSON)."""


@export_cmd.command("scdl")
@data_option()
@output_option("DATA/exports/scdl_deliberations.csv")
@click.option(
    "--allow-invalid",
    is_flag=True,
    help="Écrire le fichier même s'il enfreint le schéma officiel (erreurs en avertissements).",
)
@usage_errors
def scdl_cmd(data_dir: Path, dest: Path | None, allow_invalid: bool) -> None:
    """CSV SCDL « Délibérations » 2.1.5 (UTF-8, virgule, dates AAAA-MM-JJ), validé par le
    schéma officiel et ses contrôles (pipeline/scdl_checks.py).

    Une ligne par délibération : extraits de registre et votes des procès-verbaux. Le
    fichier annexe <nom>.matieres.csv dit, pour chacune, d'où viennent le code matière
    (déduit du titre), le SIRET et le décompte des votes, ou pourquoi elle est refusée.
    Affiche le chemin du CSV. Code de sortie 1 si le fichier enfreint le schéma ou serait vide.
    """
    export = build_scdl(data_dir)
    dest = dest or data_dir / "exports" / "scdl_deliberations.csv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    side = dest.with_suffix(".matieres.csv")
    if export.sidecar:
        side.write_text(to_csv(export.sidecar, export.sidecar[0].keys()), encoding="utf-8")
    for v in export.violations:
        label = "avertissement" if allow_invalid else "erreur"
        click.echo(f"{dest.name}:{v.row}: {label} : {v}", err=True)
    if not export.rows:
        click.echo(
            f"delib export scdl : aucune délibération exportable dans {data_dir} "
            f"({plural(len(export.refused), 'refusée')}, voir {side.name})",
            err=True,
        )
        sys.exit(1)
    if export.violations and not allow_invalid:
        click.echo(
            f"delib export scdl : {summary(export.violations)} au regard du schéma officiel ; "
            "fichier non écrit (--allow-invalid pour l'écrire quand même)",
            err=True,
        )
        sys.exit(1)
    dest.write_text(to_csv(export.rows, SCDL_FIELDS), encoding="utf-8")
    click.echo(dest)
    _scdl_summary(export, side.name)


def _scdl_summary(export: Any, side_name: str) -> None:
    refused = Counter(s["motif"] for s in export.refused)
    with_votes = sum(1 for r in export.rows if r["VOTE_POUR"])
    click.echo(
        f"{plural(len(export.rows), 'délibération exportée', 'délibérations exportées')}, "
        f"dont {with_votes} avec leur décompte ; "
        f"{plural(len(export.refused), 'refusée')} ; codes matière déduits du titre "
        f"(voir {side_name})",
        err=True,
    )
    for motif, n in refused.most_common():
        click.echo(f"  refus × {n} : {motif}", err=True)


@export_cmd.command("decp")
@data_option()
@output_option("DATA/exports/decp.json")
@click.option(
    "--complements",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="JSON {identifiant du marché: {champ DECP: valeur}} : ce que le contrat donne et "
    "la délibération non (code CPV, date de notification, SIRET du titulaire …).",
)
@usage_errors
def decp_cmd(data_dir: Path, dest: Path | None, complements: Path | None) -> None:
    """JSON DECP 2.0.2 des marchés publics, validé par le schéma officiel.

    Un marché auquel il manque un champ obligatoire est refusé, avec la raison, dans
    <nom>.contrats.csv. Code de sortie 1 quand aucun marché n'est exportable.
    """
    try:
        contracts = read_contracts(data_dir)
    except TableMissing as exc:
        click.echo(f"delib export decp : {exc}", err=True)
        sys.exit(1)
    try:
        extra = read_complements(complements)
    except (ValueError, json.JSONDecodeError) as exc:
        raise click.UsageError(f"--complements : {exc}") from exc
    export = build_decp(
        contracts,
        read_table(data_dir, "deliberations"),
        read_table(data_dir, "sessions"),
        extra,
    )
    dest = dest or data_dir / "exports" / "decp.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    side = dest.with_suffix(".contrats.csv")
    if export.sidecar:
        side.write_text(to_csv(export.sidecar, export.sidecar[0].keys()), encoding="utf-8")
    kinds = Counter(
        k or "nature inconnue"
        for k in contracts.column("kind").to_pylist()
        if not is_procurement(k)
    )
    detail = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    click.echo(
        f"{plural(len(export.records), 'marché exporté', 'marchés exportés')}, "
        f"{plural(len(export.refused), 'refusé')} (voir {side.name}) ; "
        f"{plural(export.skipped, 'contrat écarté', 'contrats écartés')}, qui ne sont pas des "
        f"marchés publics{f' ({detail})' if detail else ''}",
        err=True,
    )
    if not export.records:
        click.echo(
            "delib export decp : aucun marché exportable, fichier non écrit "
            "(les champs manquants vont dans --complements)",
            err=True,
        )
        sys.exit(1)
    payload = json.dumps(export.payload(), ensure_ascii=False, indent=2)
    dest.write_text(payload + "\n", encoding="utf-8")
    click.echo(dest)

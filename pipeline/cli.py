"""The ``delib`` command line: one subcommand per user task.

Exit codes: 0 success; 1 some input could not be read (ingest) or findings reach the
threshold (check); 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from delib.errors import IngestLockedError, OutputFolderError
from pipeline.checks_output import CHECK_FORMATS, check_listing
from pipeline.executors import default_workers
from pipeline.export import ComplementsError, ExportResult, export_decp, export_scdl
from pipeline.ingest import discover, ingest
from pipeline.ingest_console import ingest_progress, ocr_warning, summary_lines
from pipeline.options import data_option, format_option, output_option, usage_errors
from pipeline.query import QUERY_FORMATS, QueryError, print_result, run_query
from pipeline.report import RENDERERS, write_report
from pipeline.rules_doc import TABLE_NAMES, rule_lines, schema_lines
from pipeline.walk import SUPPORTED
from pipeline.workers import DEFAULT_LIMITS, Limits


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="delib")
def main() -> None:
    """delib: French deliberation registers and minutes into verified open data.

    \b
    Typical session:
      delib ingest data/raw --data data/processed  read every register, write Parquet
      delib check --data data/processed            fail when the documents contradict
                                                   themselves (for a publisher's CI)
      delib rules                                  what the validators check
      delib schema                                 the tables and their columns
    """


def _suffixes_in_help(command: click.Command) -> click.Command:
    """The suffixes a command's help lists come from the readers' registry (one list)."""
    command.help = (command.help or "").replace("{suffixes}", " ".join(SUPPORTED))
    return command


@_suffixes_in_help
@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@data_option(must_exist=False, help="Folder for the Parquet tables, manifest.json and logs/.")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Documents read in parallel (default: this machine's cores).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="'local': this machine's process pool; 'dask': a Dask cluster (--scheduler).",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Dask scheduler address for --executor dask (workers must see the same paths).",
)
@click.option("--force", is_flag=True, help="Read every file again, even unchanged ones.")
@click.option("--prune", is_flag=True, help="Drop the records of files that no longer exist.")
@click.option(
    "--ocr",
    is_flag=True,
    help="Read scanned PDFs with Tesseract (tesseract-ocr + tesseract-ocr-fra) if installed.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0),
    default=DEFAULT_LIMITS.seconds,
    show_default=True,
    metavar="SECONDS",
    help="Time budget per document; past it the document is stopped, status 'timeout' (0: none).",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=0),
    default=(DEFAULT_LIMITS.memory or 0) >> 20,
    show_default=True,
    metavar="MIB",
    help="Resident memory budget per document's worker; past it the document is stopped, "
    "status 'too_large' (0: none).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-file summary.")
def ingest_cmd(
    paths: tuple[Path, ...],
    data_dir: Path,
    workers: int | None,
    executor: str,
    scheduler: str | None,
    force: bool,
    prune: bool,
    ocr: bool,
    time_limit: float,
    memory_limit: int,
    quiet: bool,
) -> None:
    """Read registers and minutes and write Parquet tables.

    PATHS are files or folders (walked for {suffixes}). Every file gets a row in
    documents.parquet with a status ('ok', 'error', 'empty', 'encrypted',
    'needs_ocr', 'unsupported', 'duplicate', 'timeout', 'too_large', 'unreadable')
    and a message; a bad file never stops the batch. Each document is read within
    --time-limit and --memory-limit: one past them is stopped (its worker killed)
    and the rest of the batch is committed. Exits 1 when any file could not be read.

    Re-runs are incremental: files unchanged since the last run (same sha256, same
    delib version and options) are skipped; changed files replace their records.
    The version fingerprints delib's code, config/bodies.toml and its main
    libraries, so an upgrade reads every file again. Writes are atomic: a killed
    run leaves the previous output readable, and the next run resumes it. A log of
    each run is written to OUT/logs/.

    With several workers the largest files start first and each file is reported
    as it finishes; the tables are the same whatever the number of workers.

    \b
    Tables written to --out, each a folder of Parquet files partitioned by
    organisation and year (OUT/<table>.parquet/org=…/year=…/part-0.parquet):
    documents, sessions, deliberations, attendees, proxies, votes,
    member_votes, ballots, interventions, amounts, quantities, contracts,
    budget_lines, findings, checks, coverage (see `delib schema`).
    """
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler tcp://host:port")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler is only used with --executor dask")
    n_workers = workers or default_workers()
    files = discover(paths)  # only counted, for the progress bar: ingest() reads them
    options: dict[str, Any] = {
        "workers": n_workers,
        "executor": executor,
        "scheduler": scheduler,
        "force": force,
        "prune": prune,
        "ocr": ocr,
        "limits": Limits(time_limit or None, (memory_limit << 20) or None),
    }
    if ocr and not quiet and (warning := ocr_warning()):
        click.echo(warning, err=True)
    try:
        if quiet or not files:
            results = ingest(paths, data_dir, **options)
        else:
            progress, advance = ingest_progress(len(files))
            with progress:
                results = ingest(paths, data_dir, on_document=advance, **options)
    except (IngestLockedError, OutputFolderError) as exc:
        raise click.UsageError(str(exc)) from exc
    if not quiet:
        for line in summary_lines(results, data_dir, results.log_path):
            click.echo(line)
    if any(r.failed for r in results):
        sys.exit(1)


@main.command("check")
@data_option()
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "coverage"]),
    multiple=True,
    default=("error",),
    show_default=True,
    help="Gravité à partir de laquelle la commande échoue ; « coverage » (répétable : "
    "--fail-on error --fail-on coverage) la fait aussi échouer quand un document n'a pas été "
    "lu en entier.",
)
@format_option(
    CHECK_FORMATS,
    "text",
    help="text : une ligne par constat ; json : pour un programme ; github : annotations "
    "d'un workflow GitHub Actions.",
)
@usage_errors
def check_cmd(data_dir: Path, fail_on: tuple[str, ...], fmt: str) -> None:
    """Liste les constats d'une ingestion, chacun avec son fichier et sa page ; code de
    sortie 1 quand l'un d'eux atteint --fail-on.

    Commence par la lecture : documents lus entièrement, en partie, pas du tout, et les
    contrôles qui n'ont pas pu être faits. « Aucune erreur » ne vaut que pour ce qui a été
    lu. Pour l'intégration continue d'un éditeur : à lancer avant de publier.
    """
    text, failed = check_listing(data_dir, fail_on, fmt)
    click.echo(text, nl=False)
    if failed:
        sys.exit(1)


@main.command("rules")
def rules_cmd() -> None:
    """List the validation rules: id, severity, what they check."""
    for line in rule_lines():
        click.echo(line)


@main.command("schema")
@click.argument("table", required=False, type=click.Choice(TABLE_NAMES))
def schema_cmd(table: str | None) -> None:
    """Show the tables (or one TABLE) with each column's type and meaning."""
    for line in schema_lines(table):
        click.echo(line)


@main.command("report")
@data_option()
@format_option(
    sorted(RENDERERS),
    "html",
    help="html : une page autonome ; md : pour un courriel ou une revue de code ; json : pour "
    "un programme.",
)
@output_option("DATA/report.FORMAT")
@usage_errors
def report_cmd(data_dir: Path, fmt: str, dest: Path | None) -> None:
    """Résume une ingestion : documents, contrôles par séance et délibération, constats avec
    leurs preuves. Affiche le chemin du rapport écrit."""
    click.echo(write_report(data_dir, fmt, dest))


@main.group("export")
def export_cmd() -> None:
    """Fichiers open data : délibérations SCDL (CSV), marchés DECP (JSON)."""


def _finish_export(result: ExportResult) -> None:
    """Say what an export did, in order (messages on stderr, the file written on stdout),
    and exit with its code."""
    for line in result.before:
        click.echo(line, err=True)
    if result.written:
        click.echo(result.written)
    for line in result.after:
        click.echo(line, err=True)
    if result.code:
        sys.exit(result.code)


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
    _finish_export(export_scdl(data_dir, dest, allow_invalid))


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
        result = export_decp(data_dir, dest, complements)
    except ComplementsError as exc:
        raise click.UsageError(str(exc)) from exc
    _finish_export(result)


@main.command("query")
@click.argument("sql")
@data_option()
@format_option(
    QUERY_FORMATS,
    "table",
    help="table : pour lire (une fiche par ligne quand c'est trop large) ; csv, json : pour "
    "un tableur ou un programme.",
)
@click.option("--csv", "as_csv", is_flag=True, hidden=True)  # before --format csv
@click.option(
    "--allow-writes",
    is_flag=True,
    help="Exécute toute requête avec DuckDB entier : COPY, ATTACH, CREATE, fichiers et "
    "extensions (par défaut : lecture seule, aucun accès hors des tables).",
)
@usage_errors
def query_cmd(sql: str, data_dir: Path, fmt: str, as_csv: bool, allow_writes: bool) -> None:
    """Exécute du SQL (DuckDB) sur les tables, chacune une vue à son nom.

    \b
    Exemples :
      delib query "SELECT rule, status, count(*) FROM checks GROUP BY ALL ORDER BY 1"
      delib query "SELECT name, count(*) FROM attendees WHERE status = 'present'
                   GROUP BY name ORDER BY 2 DESC" --format csv
    Vues : documents, sessions, deliberations, attendees, proxies, votes, …, members
    (`delib schema`). Lecture seule : seulement SELECT et EXPLAIN, aucun fichier lu ni
    écrit, sauf avec --allow-writes.
    """
    if as_csv:
        click.echo("avertissement : --csv est obsolète, utilisez --format csv", err=True)
        fmt = "csv"
    try:
        columns, rows = run_query(data_dir, sql, allow_writes=allow_writes)
    except QueryError as exc:
        raise click.UsageError(f"erreur SQL : {exc}") from exc
    print_result(columns, rows, fmt)


if __name__ == "__main__":
    main()

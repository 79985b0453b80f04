"""The ``delib`` command line: one subcommand per user task.

Exit codes: 0 success; 1 some input could not be read (ingest) or findings reach the
threshold (check); 2 usage error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from pipeline.coverage import coverage_lines, coverage_of, repeated_deliberations
from pipeline.display import terminal
from pipeline.executors import default_workers
from pipeline.french import plural
from pipeline.ingest import (
    DocumentResult,
    IngestLockedError,
    OutputFolderError,
    discover,
    ingest,
)
from pipeline.options import data_option, output_option, usage_errors
from pipeline.report import RENDERERS, write_report
from pipeline.store import read_table
from pipeline.validate import iter_rules
from pipeline.workers import DEFAULT_LIMITS, Limits
from schemas.tables import DERIVED_TABLES, TABLES

DEFAULT_OUT = Path("data/processed")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="delib")
def main() -> None:
    """delib: French deliberation registers (PDF or text) into verified open data.

    \b
    Typical session:
      delib ingest data/raw --data data/processed  read every register, write Parquet
      delib check --data data/processed            fail when the documents contradict
                                                   themselves (for a publisher's CI)
      delib rules                                  what the validators check
      delib schema                                 the tables and their columns
    """


_KIND_FR = {
    "minutes": "procès-verbal",
    "register": "registre",
    "extract": "extrait",
    "list": "liste de délibérations",
    "other": "autre",
}


def _summary_line(r: DocumentResult) -> str:
    """One line per file, whatever its name holds: control characters and newlines of a
    name or message are shown escaped (a name cannot forge another file's line)."""
    d = r.document
    name = terminal(Path(d["source_path"]).name)
    if d["status"] != "ok":
        return f"  {d['status'].upper():9} {name}: {terminal(d['error'])}"
    errors, warnings = d["findings_error"] or 0, d["findings_warning"] or 0
    parts = [
        _KIND_FR.get(d["kind"], d["kind"]),
        f"{d['page_count'] or 0} p.",
        plural(d["sessions"] or 0, "séance"),
        plural(d["deliberations"] or 0, "délibération"),
        plural(r.count("attendees"), "présence"),
        plural(r.count("votes"), "vote"),
        f"constats : {plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}",
    ]
    label = "INCHANGÉ" if r.skipped else "OK"
    return f"  {label:9} {name}: " + ", ".join(parts)


def _ingest_progress(total: int) -> tuple[Any, Callable[[DocumentResult], None]]:
    """A rich progress bar on stderr (files done, pages/s, ETA) and its advance hook."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class PagesPerSecond(ProgressColumn):
        """Pages read per second of elapsed time (skipped files count no pages)."""

        def render(self, task: Task) -> Text:
            pages = task.fields.get("pages", 0)
            elapsed = task.elapsed or 0.0
            rate = pages / elapsed if elapsed > 0 else 0.0
            return Text(f"{rate:6.1f} p/s", style="progress.data.speed")

    progress = Progress(
        TextColumn("Ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        PagesPerSecond(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        refresh_per_second=4,  # the main process should leave the cores to the workers
        transient=False,
    )
    task_id = progress.add_task("ingest", total=total, pages=0)

    def advance(r: DocumentResult) -> None:
        pages = 0 if r.skipped else (r.document["page_count"] or 0)
        current = progress.tasks[0].fields.get("pages", 0)
        progress.update(task_id, advance=1, pages=current + pages)

    return progress, advance


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
    """Read registers and minutes (PDF or text) and write Parquet tables.

    PATHS are files or folders (walked for .pdf and .txt). Every file gets a row in
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
    out_dir = data_dir
    if executor == "dask" and not scheduler:
        raise click.UsageError("--executor dask needs --scheduler tcp://host:port")
    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler is only used with --executor dask")
    n_workers = workers or default_workers()
    files = discover(paths)
    options: dict[str, Any] = {
        "workers": n_workers,
        "executor": executor,
        "scheduler": scheduler,
        "force": force,
        "prune": prune,
        "ocr": ocr,
        "limits": Limits(time_limit or None, (memory_limit << 20) or None),
    }
    if ocr and not quiet:
        from pipeline.ocr import ocr_unavailable_reason

        reason = ocr_unavailable_reason()
        if reason:
            click.echo(
                f"avertissement : {reason} ; les fichiers scannés restent « needs_ocr ».", err=True
            )
    try:
        if quiet or not files:
            results = ingest(paths, out_dir, **options)
        else:
            progress, advance = _ingest_progress(len(files))
            with progress:
                results = ingest(paths, out_dir, on_document=advance, **options)
    except (IngestLockedError, OutputFolderError) as exc:
        raise click.UsageError(str(exc)) from exc
    if not quiet:
        click.echo(f"{plural(len(results), 'document')} → {out_dir}/")
        unchanged = 0
        for r in results:
            # an unchanged file that reads fine is one line of noise per run: count it
            if r.skipped and not r.failed:
                unchanged += 1
            else:
                click.echo(_summary_line(r))
        if unchanged:
            click.echo(
                f"  {plural(unchanged, 'fichier inchangé', 'fichiers inchangés')} depuis la "
                "dernière ingestion (--force les relit)"
            )
        failed = sum(r.failed for r in results)
        read = len(results) - failed
        click.echo(
            f"{plural(read, 'fichier lu', 'fichiers lus')}, "
            f"{plural(failed, 'fichier illisible', 'fichiers illisibles')}."
        )
        if results.log_path:
            click.echo(f"journal : {results.log_path}")
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
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
    from pipeline.checks_output import finding_lines

    tables = {
        name: read_table(data_dir, name).to_pylist()
        for name in ("documents", "findings", "checks", "coverage", "sessions", "deliberations")
    }
    cov = coverage_of(tables)
    if fmt == "text":
        for line in coverage_lines(cov):
            click.echo(terminal(line))
        for rep in repeated_deliberations(tables):
            click.echo(terminal(f"Doublon : {rep['message']}"))
    files = {d["document_id"]: d["source_path"] for d in tables["documents"]}
    severities = [s for s in fail_on if s != "coverage"] or ["error"]
    lowest = min(severities, key=lambda s: {"info": 0, "warning": 1, "error": 2}[s])
    text, hits = finding_lines(tables["findings"], files, lowest, fmt)
    click.echo(text, nl=False)
    incomplete = cov.count("partial") + cov.count("unread")
    if hits or ("coverage" in fail_on and incomplete):
        sys.exit(1)


@main.command("rules")
def rules_cmd() -> None:
    """List the validation rules: id, severity, what they check."""
    for r in iter_rules():
        click.echo(f"{r.id:28} {r.severity:8} {r.description}")


@main.command("schema")
@click.argument("table", required=False, type=click.Choice(sorted({**TABLES, **DERIVED_TABLES})))
def schema_cmd(table: str | None) -> None:
    """Show the tables (or one TABLE) with each column's type and meaning."""
    for t in (*TABLES.values(), *DERIVED_TABLES.values()):
        if table and t.name != table:
            continue
        click.echo(f"{t.name}: {t.description}")
        for c in t.columns:
            click.echo(f"  {c.name:24} {c.type!s:22} {c.description}")
        click.echo()


@main.command("report")
@data_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="html",
    show_default=True,
    help="html : une page autonome ; md : pour un courriel ou une revue de code ; json : pour "
    "un programme.",
)
@output_option("DATA/report.FORMAT")
@usage_errors
def report_cmd(data_dir: Path, fmt: str, dest: Path | None) -> None:
    """Résume une ingestion : documents, contrôles par séance et délibération, constats avec
    leurs preuves. Affiche le chemin du rapport écrit."""
    click.echo(write_report(data_dir, fmt, dest))


# Open-data exports and SQL access: commands defined in their own modules.
from pipeline.export import export_cmd  # noqa: E402
from pipeline.query import query_cmd  # noqa: E402

main.add_command(export_cmd)
main.add_command(query_cmd)

if __name__ == "__main__":
    main()

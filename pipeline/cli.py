"""The ``delib`` command line: one subcommand per user task.

Exit codes: 0 success; 1 some input could not be read (ingest) or findings reach the
threshold (check); 2 usage error.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from pipeline.ingest import DocumentResult, discover, ingest
from pipeline.store import read_table
from pipeline.validate import iter_rules
from schemas.tables import TABLES

DEFAULT_OUT = Path("data/processed")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="delib")
def main() -> None:
    """delib: French deliberation registers (PDF or text) into verified open data.

    \b
    Typical session:
      delib ingest data/raw --out data/processed   read every register, write Parquet
      delib check --out data/processed             fail when the documents contradict
                                                   themselves (for a publisher's CI)
      delib rules                                  what the validators check
      delib schema                                 the tables and their columns
    """


def _summary_line(r: DocumentResult) -> str:
    d = r.document
    name = Path(d["source_path"]).name
    if d["status"] != "ok":
        return f"  {d['status'].upper():9} {name}: {d['error']}"
    counts = Counter(f["severity"] for f in r.rows.tables["findings"])
    parts = [
        d["kind"],
        f"{d['page_count'] or 0} p.",
        f"{d['sessions']} sessions",
        f"{d['deliberations']} délibérations",
        f"{len(r.rows.tables['attendees'])} présences",
        f"{len(r.rows.tables['votes'])} votes",
        f"findings {counts['error']} err / {counts['warning']} warn / {counts['info']} info",
    ]
    return f"  OK        {name}: " + ", ".join(parts)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder for the Parquet tables and manifest.json.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no per-file summary.")
def ingest_cmd(paths: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Read registers and minutes (PDF or text) and write Parquet tables.

    PATHS are files or folders (walked for .pdf and .txt). Every file gets a row in
    documents.parquet with a status ('ok', 'error', 'empty', 'encrypted',
    'needs_ocr', 'unsupported', 'duplicate') and a message; a bad file never stops
    the batch. Exits 1 when any file could not be read.

    \b
    Tables written to --out: documents, sessions, deliberations, attendees,
    proxies, votes, interventions, findings (see `delib schema`).
    """
    files = discover(paths)
    results: list[DocumentResult] = []
    if quiet or not files:
        results = ingest(paths, out_dir)
    else:
        with click.progressbar(
            length=len(files), label="Ingesting", file=sys.stderr, show_pos=True
        ) as bar:

            def advance(_: DocumentResult) -> None:
                bar.update(1)

            results = ingest(paths, out_dir, on_document=advance)
    if not quiet:
        click.echo(f"{len(results)} documents → {out_dir}/")
        for r in results:
            click.echo(_summary_line(r))
        failed = sum(r.failed for r in results)
        click.echo(f"{len(results) - failed} read, {failed} could not be read.")
    if any(r.failed for r in results):
        sys.exit(1)


@main.command("check")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUT,
    show_default=True,
    help="Folder written by `delib ingest`.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Lowest severity that makes the command fail.",
)
def check_cmd(out_dir: Path, fail_on: str) -> None:
    """Report the findings of an ingest; exit 1 when any reaches --fail-on.

    Meant for a publisher's CI: run it before publishing minutes.
    """
    if not (out_dir / "findings.parquet").exists():
        raise click.UsageError(f"no findings.parquet in {out_dir}: run `delib ingest` first")
    findings = read_table(out_dir, "findings").to_pylist()
    order = {"info": 0, "warning": 1, "error": 2}
    threshold = order[fail_on]
    hits = [f for f in findings if order[f["severity"]] >= threshold]
    by_rule = Counter((f["severity"], f["rule"]) for f in findings)
    for (severity, rule_id), n in sorted(by_rule.items(), key=lambda x: (-order[x[0][0]], x[0][1])):
        click.echo(f"{severity:8} {rule_id:28} {n}")
    for f in hits:
        where = f" (p. {f['page']})" if f["page"] else ""
        click.echo(f"{f['severity'].upper()}: {f['message']}{where}")
    click.echo(f"{len(findings)} findings, {len(hits)} at or above '{fail_on}'.")
    if hits:
        sys.exit(1)


@main.command("rules")
def rules_cmd() -> None:
    """List the validation rules: id, severity, what they check."""
    for r in iter_rules():
        click.echo(f"{r.id:28} {r.severity:8} {r.description}")


@main.command("schema")
@click.argument("table", required=False, type=click.Choice(sorted(TABLES)))
def schema_cmd(table: str | None) -> None:
    """Show the tables (or one TABLE) with each column's type and meaning."""
    for t in TABLES.values():
        if table and t.name != table:
            continue
        click.echo(f"{t.name}: {t.description}")
        for c in t.columns:
            click.echo(f"  {c.name:24} {c.type!s:22} {c.description}")
        click.echo()


if __name__ == "__main__":
    main()

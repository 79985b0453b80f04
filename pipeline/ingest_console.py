"""What ``delib ingest`` shows on the terminal: a progress bar while documents are read,
then one line per file and the totals.

A file's name and error message are text chosen by whoever made the file: every line
goes through :func:`pipeline.display.terminal`, so a name cannot forge another line or
drive the terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline.display import terminal
from pipeline.document import DocumentResult
from pipeline.french import plural

KIND_FR = {
    "minutes": "procès-verbal",
    "register": "registre",
    "extract": "extrait",
    "list": "liste de délibérations",
    "other": "autre",
}


def summary_line(r: DocumentResult) -> str:
    """One line per file, whatever its name holds: control characters and newlines of a
    name or message are shown escaped (a name cannot forge another file's line)."""
    d = r.document
    name = terminal(Path(d["source_path"]).name)
    if d["status"] != "ok":
        return f"  {d['status'].upper():9} {name}: {terminal(d['error'])}"
    errors, warnings = d["findings_error"] or 0, d["findings_warning"] or 0
    parts = [
        KIND_FR.get(d["kind"], d["kind"]),
        f"{d['page_count'] or 0} p.",
        plural(d["sessions"] or 0, "séance"),
        plural(d["deliberations"] or 0, "délibération"),
        plural(r.count("attendees"), "présence"),
        plural(r.count("votes"), "vote"),
        f"constats : {plural(errors, 'erreur')}, {plural(warnings, 'avertissement')}",
    ]
    label = "INCHANGÉ" if r.skipped else "OK"
    return f"  {label:9} {name}: " + ", ".join(parts)


def summary_lines(
    results: Sequence[DocumentResult], out_dir: Path, log_path: Path | None
) -> list[str]:
    """The end of a run: where the tables went, one line per file read, the totals."""
    lines = [f"{plural(len(results), 'document')} → {out_dir}/"]
    # an unchanged file that reads fine is one line of noise per run: count it instead
    unchanged = sum(1 for r in results if r.skipped and not r.failed)
    lines += [summary_line(r) for r in results if not (r.skipped and not r.failed)]
    if unchanged:
        lines.append(
            f"  {plural(unchanged, 'fichier inchangé', 'fichiers inchangés')} depuis la "
            "dernière ingestion (--force les relit)"
        )
    failed = sum(r.failed for r in results)
    read = len(results) - failed
    lines.append(
        f"{plural(read, 'fichier lu', 'fichiers lus')}, "
        f"{plural(failed, 'fichier illisible', 'fichiers illisibles')}."
    )
    if log_path:
        lines.append(f"journal : {log_path}")
    return lines


def ocr_warning() -> str | None:
    """The warning for --ocr on a machine without Tesseract, or None when it is there."""
    # imported with --ocr only: the OCR module brings in the parsers' records
    from pipeline.ocr import ocr_unavailable_reason

    reason = ocr_unavailable_reason()
    if not reason:
        return None
    return f"avertissement : {reason} ; les fichiers scannés restent « needs_ocr »."


def ingest_progress(total: int) -> tuple[Any, Callable[[DocumentResult], None]]:
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

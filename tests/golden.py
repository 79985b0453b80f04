"""Everything delib writes for one fixed corpus, in a form two versions can compare.

Issue 12 restructured the code with one promise: the same inputs give the same tables
and reports, byte for byte, the version fingerprint aside. This module holds that
promise to account. ``build`` ingests the corpus (the sample, every hand-read corpus
folder and a set of generated minutes and registers) and renders every output a user
sees; ``canonical_tables`` turns the Parquet folders into one Arrow table per table with
the partition of each row and without the version; ``outputs`` gathers the reports,
the ``check`` listings and the exports as text, with the version and times masked.

The snapshot in ``tests/fixtures/golden/`` was written by the code *before* the
restructuring (``python -m tests.golden --write``). It is a guard against unintended
change, not a statement of correctness: correctness lives in the hand-read fixtures.
When a later issue changes the output on purpose, rewrite the snapshot in the same
commit and say why.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "golden"
CORPUS = ("data/raw", "tests/corpus/bodies", "tests/corpus/holdout", "tests/corpus/fresh")
SEEDS = range(12)
VERSION_KEY = b"delib.pipeline_version"


def write_variants(folder: Path) -> Path:
    """Generated minutes and registers (text), named by seed, for the paths the real
    corpus does not take (ballots, named votes, every tally wording)."""
    from tests.variants import generate

    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS:
        for kind in ("minutes", "register"):
            text, _ = generate(seed, kind)
            (folder / f"variant-{kind}-{seed:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _delib(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def build(work: Path) -> Path:
    """Ingest the corpus into ``work/out`` (paths relative to the repository) and render
    every output into ``work/shown``; returns ``work``."""
    variants = write_variants(work / "variants")
    out = work / "out"
    done = _delib("ingest", *CORPUS, str(variants), "--data", str(out), "-j", "2", cwd=ROOT)
    if not (out / "documents.parquet").exists():
        raise RuntimeError(f"ingest wrote nothing: {done.stderr[-2000:]}")
    shown = work / "shown"
    shown.mkdir(exist_ok=True)
    for fmt in ("html", "md", "json"):
        _delib(
            "report",
            "--data",
            str(out),
            "--format",
            fmt,
            "--output",
            str(shown / f"report.{fmt}"),
            cwd=ROOT,
        )
    for fmt in ("text", "json", "github"):
        res = _delib("check", "--data", str(out), "--format", fmt, cwd=ROOT)
        (shown / f"check.{fmt}").write_text(f"exit {res.returncode}\n{res.stdout}", "utf-8")
    res = _delib(
        "export", "scdl", "--data", str(out), "--output", str(shown / "scdl.csv"), cwd=ROOT
    )
    (shown / "scdl.exit").write_text(f"exit {res.returncode}\n", "utf-8")
    res = _delib(
        "export", "decp", "--data", str(out), "--output", str(shown / "decp.json"), cwd=ROOT
    )
    (shown / "decp.exit").write_text(f"exit {res.returncode}\n", "utf-8")
    return work


def _mask(text: str, work: Path) -> str:
    text = text.replace(str(work / "variants"), "<variants>").replace(str(work), "<work>")
    text = re.sub(r"\b\d+\.\d+\.\d+\+[0-9a-f]{6,}\b", "<version>", text)
    text = re.sub(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", "<time>", text
    )
    return text


def canonical_tables(out: Path, work: Path) -> dict[str, pa.Table]:
    """One table per Parquet folder: its partitions in path order, a ``_partition``
    column naming each row's file, the version column and metadata left out."""
    tables: dict[str, pa.Table] = {}
    for folder in sorted(out.glob("*.parquet")):
        pieces = []
        for file in sorted(folder.rglob("*.parquet")):
            data = pq.read_table(file, partitioning=None)
            meta = {k: v for k, v in (data.schema.metadata or {}).items() if k != VERSION_KEY}
            if "pipeline_version" in data.column_names:
                data = data.drop_columns(["pipeline_version"])
            if "source_path" in data.column_names:
                paths = [_mask(p, work) if p else p for p in data["source_path"].to_pylist()]
                data = data.set_column(
                    data.column_names.index("source_path"),
                    "source_path",
                    pa.array(paths, pa.string()),
                )
            part = str(file.relative_to(folder).parent)
            data = data.append_column("_partition", pa.array([part] * data.num_rows, pa.string()))
            pieces.append(data.replace_schema_metadata(meta))
        if pieces:
            tables[folder.stem] = pa.concat_tables(pieces)
    return tables


def outputs(work: Path) -> dict[str, str]:
    """The rendered outputs, masked, by file name."""
    return {f.name: _mask(f.read_text("utf-8"), work) for f in sorted((work / "shown").iterdir())}


def write_snapshot(work: Path) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.iterdir():
        old.unlink()
    for name, table in canonical_tables(work / "out", work).items():
        pq.write_table(table, GOLDEN / f"{name}.parquet", compression="zstd")
    for name, text in outputs(work).items():
        (GOLDEN / f"{name}.txt").write_text(text, "utf-8")
    (GOLDEN / "README.md").write_text(
        "Snapshot of every table and output for the corpus of `tests/golden.py`, written by\n"
        "the code before issue 12's restructuring. `tests/test_golden.py` compares against it.\n"
        "Rewrite it (`python -m tests.golden --write`) only for an intended change of output,\n"
        "in the commit that makes it, and say why.\n",
        "utf-8",
    )


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        work = build(Path(tmp))
        if "--write" in sys.argv:
            write_snapshot(work)
        print(json.dumps({k: v.num_rows for k, v in canonical_tables(work / "out", work).items()}))

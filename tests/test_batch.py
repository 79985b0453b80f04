"""Archive-scale ingest: partitioned layout, incremental re-runs, workers, kills, logs."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.commit import CRASH_ENV, WORK_DIR
from pipeline.executors import run_tasks
from pipeline.ingest import ingest
from pipeline.lock import IngestLockedError
from pipeline.manifest import Manifest
from pipeline.store import read_table, table_files, table_glob, table_path, to_arrow
from schemas.tables import TABLES
from tests.conftest import CONTEXT, COUTHENANS, RAW, REGISTER_2019, REGISTER_2022, ROOT

# The light corpus leaves out the 2019 register, the slowest sample to read.
LIGHT = [REGISTER_2022, *COUTHENANS[:2], RAW / "lot_politique-usages-tic_presentation.txt"]
SMALL = [
    REGISTER_2019,
    REGISTER_2022,
    COUTHENANS[0],
    RAW / "lot_politique-usages-tic_presentation.txt",
]


def make_corpus(folder: Path, files: list[Path] = SMALL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def snapshot(out: Path) -> dict[str, bytes]:
    """Every table file and the manifest, by path relative to ``out``."""
    files = {str(p.relative_to(out)): p.read_bytes() for p in out.glob("*.parquet/*/*/*.parquet")}
    files["manifest.json"] = (out / "manifest.json").read_bytes()
    return files


def tables_only(snap: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in snap.items() if k.endswith(".parquet")}


def fresh_run(src: Path, tmp: Path) -> dict[str, bytes]:
    out = tmp / "fresh"
    shutil.rmtree(out, ignore_errors=True)
    ingest([src], out)
    return tables_only(snapshot(out))


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("batch")
    src = make_corpus(base / "in")
    out = base / "out"
    report = ingest([src], out)
    assert [r.document["status"] for r in report] == ["ok"] * 4
    return src, out


# --- layout -----------------------------------------------------------------------


def test_tables_are_partitioned_by_organisation_and_year(small_run: tuple[Path, Path]) -> None:
    _, out = small_run
    keys = {
        p.parent.relative_to(table_path(out, "sessions")).as_posix()
        for p in table_files(out, "sessions")
    }
    assert "org=syndicat-mixte-lot-numerique/year=2019" in keys
    assert "org=syndicat-mixte-lot-numerique/year=2022" in keys
    assert "org=unknown/year=0" in keys  # the presentation: no session
    # every partition holds every table, with the table's schema
    for name, table in TABLES.items():
        files = table_files(out, name)
        assert len(files) == len(keys), name
        for f in files:
            stored = pq.read_schema(f)
            assert stored.remove_metadata().equals(table.schema.remove_metadata()), (name, f)
            assert stored.metadata[b"delib.pipeline_version"]


def test_one_dataset_for_pyarrow_pandas_and_duckdb(small_run: tuple[Path, Path]) -> None:
    _, out = small_run
    for name in ("documents", "deliberations", "attendees", "votes"):
        ours = read_table(out, name)
        assert ours.schema.remove_metadata().equals(TABLES[name].schema.remove_metadata())
        dataset = pq.read_table(table_path(out, name))
        assert dataset.num_rows == ours.num_rows
        assert {"org", "year"} <= set(dataset.column_names)  # Hive partition keys
        frame = pd.read_parquet(table_path(out, name))
        assert len(frame) == ours.num_rows
        n = duckdb.sql(f"select count(*) from read_parquet('{table_glob(out, name)}')").fetchall()[
            0
        ]
        assert n == (ours.num_rows,)
    numbers = read_table(out, "deliberations").column("number").to_pylist()
    assert numbers == [f"CS2019/{n:02d}" for n in range(1, 14)] + [
        f"CS2022/{n}" for n in range(16, 22)
    ]
    by_year = duckdb.sql(
        f"select year, count(*) from read_parquet('{table_glob(out, 'deliberations')}', "
        "hive_partitioning=true) group by year order by year"
    ).fetchall()
    assert by_year == [(2019, 13), (2022, 6)]


def test_read_table_reads_the_one_file_layout_of_earlier_versions(tmp_path: Path) -> None:
    # a whole row (to_arrow refuses a row lacking a column), nulls but for these
    given = {"document_id": "d", "source_path": "x.txt", "status": "ok"}
    rows = [{**dict.fromkeys(TABLES["documents"].names), **given}]
    pq.write_table(to_arrow(TABLES["documents"], rows), tmp_path / "documents.parquet")
    assert read_table(tmp_path, "documents").column("source_path").to_pylist() == ["x.txt"]
    assert read_table(tmp_path, "votes").num_rows == 0  # never written: empty, right schema


def test_earlier_one_file_output_is_replaced_by_the_partitioned_layout(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    pq.write_table(to_arrow(TABLES["votes"], []), out / "votes.parquet")
    (out / "manifest.json").write_text('{"pipeline_version": "0.1.0", "documents": []}')
    ingest([REGISTER_2022], out)
    assert (out / "votes.parquet").is_dir()
    assert read_table(out, "votes").num_rows == 13


# --- incremental --------------------------------------------------------------------


def test_rerun_skips_unchanged_files_and_writes_nothing(small_run: tuple[Path, Path]) -> None:
    src, out = small_run
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.glob("*.parquet/*/*/*.parquet")}
    report = ingest([src], out)
    assert all(r.skipped for r in report) and report.processed == 0
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes
    assert [r.count("deliberations") for r in report] == [0, 13, 6, 0]


def test_force_reads_again_and_gives_the_same_bytes(small_run: tuple[Path, Path]) -> None:
    src, out = small_run
    before = snapshot(out)
    report = ingest([src], out, force=True)
    assert report.processed == 4 and not any(r.skipped for r in report)
    assert tables_only(snapshot(out)) == tables_only(before)
    # the manifest differs only by the run's parameters (force)
    old, new = json.loads(before["manifest.json"]), Manifest.load(out).to_json()
    assert (old["files"], old["documents"]) == (new["files"], new["documents"])


def test_manifest_records_sources_version_and_parameters(small_run: tuple[Path, Path]) -> None:
    src, out = small_run
    data = json.loads((out / "manifest.json").read_text())
    assert data["pipeline_version"] and data["parameters"]["inputs"] == [str(src)]
    assert {"ocr", "force", "prune", "workers", "executor"} <= set(data["parameters"])
    m = Manifest.load(out)
    entry = m.files[str(src / REGISTER_2019.name)]
    assert entry["status"] == "ok"
    doc = m.documents[entry["document_id"]]
    assert doc["pipeline_version"] == data["pipeline_version"]
    assert doc["partition"] == "org=syndicat-mixte-lot-numerique/year=2019"
    assert doc["counts"]["deliberations"] == 13


def test_changed_file_replaces_its_records(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    ingest([src], out)
    old_id = Manifest.load(out).files[str(src / REGISTER_2022.name)]["document_id"]
    # Keep the first two extracts of the 2022 register: a different file, fewer records.
    text = REGISTER_2022.read_text(encoding="utf-8")
    cut = text.index("Délibération n° CS2022/18")
    (src / REGISTER_2022.name).write_text(text[:cut], encoding="utf-8")
    report = ingest([src], out)
    assert report.processed == 1
    docs = read_table(out, "documents").to_pylist()
    assert len(docs) == len(LIGHT) and old_id not in {d["document_id"] for d in docs}
    for name in TABLES:
        assert old_id not in read_table(out, name).column("document_id").to_pylist(), name
    numbers = read_table(out, "deliberations").column("number").to_pylist()
    assert [n for n in numbers if n and n.startswith("CS2022")] == ["CS2022/16", "CS2022/17"]
    # the incremental result is the very output a fresh run on the new files gives
    assert tables_only(snapshot(out)) == fresh_run(src, tmp_path)


def test_removed_file_is_dropped_only_with_prune(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    ingest([src], out)
    # the commune's minutes print no name: config/bodies.toml names them by file name
    partition = table_path(out, "votes") / "org=commune-de-couthenans" / "year=2021"
    before = read_table(out, "votes").num_rows
    assert partition.is_dir()
    (src / COUTHENANS[0].name).unlink()
    ingest([src], out)
    assert read_table(out, "documents").num_rows == len(LIGHT)  # kept: may be a mount hiccup
    assert read_table(out, "votes").num_rows == before
    ingest([src], out, prune=True)
    assert read_table(out, "documents").num_rows == len(LIGHT) - 1
    assert read_table(out, "votes").num_rows < before
    assert not partition.exists()
    assert tables_only(snapshot(out)) == fresh_run(src, tmp_path)


def test_copy_added_later_is_a_duplicate_as_in_a_fresh_run(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    ingest([src], out)
    # sorts before the original: it becomes the copy that keeps the records
    shutil.copy(REGISTER_2022, src / "0-copie.txt")
    report = ingest([src], out)
    assert report.processed == 0  # same bytes as a known document: nothing to read
    status = {Path(r.document["source_path"]).name: r.document["status"] for r in report}
    assert status["0-copie.txt"] == "ok" and status[REGISTER_2022.name] == "duplicate"
    assert read_table(out, "deliberations").num_rows == 6
    assert tables_only(snapshot(out)) == fresh_run(src, tmp_path)


def test_two_workers_give_the_same_bytes_as_one(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", [*LIGHT, COUTHENANS[2]])
    one, two = tmp_path / "one", tmp_path / "two"
    r1 = ingest([src], one, workers=1)
    r2 = ingest([src], two, workers=2)
    assert [r.document for r in r1] == [r.document for r in r2]
    assert len(r2.worker_peak_rss) == 2  # both workers read documents
    assert tables_only(snapshot(one)) == tables_only(snapshot(two))
    # An incremental run with two workers: partitions are rebuilt in parallel, from
    # the new file's spilled rows and the kept documents' rows in the old files.
    (src / COUTHENANS[2].name).unlink()
    shutil.copy(CONTEXT[0], src / CONTEXT[0].name)
    r3 = ingest([src], two, workers=2, prune=True)
    assert r3.processed == 1
    assert tables_only(snapshot(two)) == fresh_run(src, tmp_path)


def test_second_ingest_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / WORK_DIR).mkdir(parents=True)
    with (out / WORK_DIR / "lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IngestLockedError, match="another delib ingest"):
            ingest([REGISTER_2022], out)
        result = CliRunner().invoke(main, ["ingest", str(REGISTER_2022), "--data", str(out)])
        assert result.exit_code == 2 and "another delib ingest" in result.output


# --- a run killed mid-way -------------------------------------------------------------


def run_cli(src: Path, out: Path, crash_at: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop(CRASH_ENV, None)
    if crash_at:
        env[CRASH_ENV] = crash_at
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            str(src),
            "--data",
            str(out),
            "-q",
            "-j",
            "1",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def change_corpus(src: Path) -> None:
    """Edit one file, add one: the next run has documents to read and partitions to write."""
    text = REGISTER_2022.read_text(encoding="utf-8")
    (src / REGISTER_2022.name).write_text(text.replace("Cahors", "Figeac"), encoding="utf-8")
    shutil.copy(COUTHENANS[2], src / COUTHENANS[2].name)


@pytest.mark.parametrize("crash_at", ["staged:2"])
def test_killed_while_reading_leaves_the_previous_output(tmp_path: Path, crash_at: str) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    assert run_cli(src, out).returncode == 0
    before = snapshot(out)
    change_corpus(src)
    killed = run_cli(src, out, crash_at)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert snapshot(out) == before  # byte for byte, manifest included
    for name in TABLES:
        read_table(out, name)
    # the next run resumes (reuses what the killed run had read) and completes
    assert run_cli(src, out).returncode == 0
    log = sorted((out / "logs").glob("ingest-*.log"))[-1].read_text()
    assert "resumed" in log
    assert tables_only(snapshot(out)) == fresh_run(src, tmp_path)


def test_killed_during_the_commit_is_finished_by_the_next_run(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    assert run_cli(src, out).returncode == 0
    before = snapshot(out)
    change_corpus(src)
    killed = run_cli(src, out, "commit:2")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    # every file is complete: each one holds its old or its new version
    after = snapshot(out)
    assert after != before
    for name in TABLES:
        read_table(out, name)
        for f in table_files(out, name):
            pq.read_table(f)
    assert (out / WORK_DIR / "journal.json").exists()
    assert run_cli(src, out).returncode == 0
    assert not (out / WORK_DIR / "journal.json").exists()
    assert tables_only(snapshot(out)) == fresh_run(src, tmp_path)


# --- progress, log, CLI -------------------------------------------------------------------


def test_cli_progress_summary_and_log(tmp_path: Path) -> None:
    src = make_corpus(tmp_path / "in", LIGHT)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["ingest", str(src), "--data", str(out), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "6 délibérations" in result.output and "journal : " in result.output
    logs = list((out / "logs").glob("ingest-*.log"))
    assert len(logs) == 1
    text = logs[0].read_text()
    assert REGISTER_2022.name in text and "worker peak RSS" in text
    again = runner.invoke(main, ["ingest", str(src), "--data", str(out)])
    assert f"{len(LIGHT)} fichiers inchangés depuis la dernière ingestion" in again.output
    quiet = runner.invoke(main, ["ingest", str(src), "--data", str(out), "--quiet", "--force"])
    assert quiet.exit_code == 0 and quiet.output == ""
    assert len(list((out / "logs").glob("ingest-*.log"))) == 3


def test_cli_usage_errors() -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["ingest", str(REGISTER_2022), "--executor", "dask"])
    assert r.exit_code == 2 and "--scheduler" in r.output
    r = runner.invoke(main, ["ingest", str(REGISTER_2022), "--workers", "0"])
    assert r.exit_code == 2


# --- executors ----------------------------------------------------------------------


def _square_or_die(n: int) -> int:
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)  # a worker killed (e.g. by the OOM killer)
    return n * n


def test_pool_yields_every_output_and_survives_a_dead_worker() -> None:
    out = list(
        run_tasks(_square_or_die, list(range(8)), workers=2, on_crash=lambda n, msg: -n, window=3)
    )
    assert sorted(out) == [-3, 0, 1, 4, 16, 25, 36, 49]
    assert len(out) == 8


def _sleep_then_return(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_pool_yields_short_tasks_while_a_long_one_runs() -> None:
    tasks = [1.5] + [0.05] * 6  # the long one first in task order
    out = list(run_tasks(_sleep_then_return, tasks, workers=2, on_crash=lambda t, m: -1.0))
    assert sorted(out) == sorted(tasks)
    assert out[-1] == 1.5  # the short ones did not queue behind it


def test_pool_starts_the_costliest_task_first() -> None:
    # window=1: one task at a time, so outputs come in submission order
    tasks = [0.01, 0.02, 0.2, 0.01]
    by_cost = list(
        run_tasks(
            _sleep_then_return, tasks, workers=2, on_crash=lambda t, m: -1.0, window=1, cost=float
        )
    )
    assert by_cost == [0.2, 0.02, 0.01, 0.01]
    in_order = list(
        run_tasks(_sleep_then_return, tasks, workers=2, on_crash=lambda t, m: -1.0, window=1)
    )
    assert in_order == tasks


def test_pipeline_version_fingerprints_the_bodies_registry(tmp_path: Path) -> None:
    """Another registry is another pipeline: the next ingest must read every file again."""
    code = "from pipeline.version import PIPELINE_VERSION; print(PIPELINE_VERSION)"
    versions = []
    for content in ("", "# another registry\n"):
        bodies = tmp_path / f"bodies-{len(content)}.toml"
        bodies.write_text(content, encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "DELIB_BODIES": str(bodies)}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        versions.append(done.stdout.strip())
    release = versions[0].split("+")[0]
    assert all(re.fullmatch(re.escape(release) + r"\+[0-9a-f]{12}", v) for v in versions)
    assert versions[0] != versions[1]

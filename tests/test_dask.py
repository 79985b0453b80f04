"""`delib ingest --executor dask` on a real (local) Dask cluster gives the local run's output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.ingest import ingest
from tests.conftest import COUTHENANS, RAW, REGISTER_2022

distributed = pytest.importorskip("distributed")

FILES = [REGISTER_2022, COUTHENANS[0], RAW / "lot_politique-usages-tic_presentation.txt"]


def tables(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.glob("*.parquet/*/*/*.parquet")}


def test_dask_cluster_output_equals_local_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for f in FILES:
        shutil.copy(f, src / f.name)
    (src / "empty.txt").write_bytes(b"")  # a failure travels back from a worker too
    local = ingest([src], tmp_path / "local", workers=1)
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        dashboard_address=None,
        silence_logs=40,
    ) as cluster:
        remote = ingest(
            [src], tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address
        )
        assert [r.document for r in remote] == [r.document for r in local]
        assert tables(tmp_path / "dask") == tables(tmp_path / "local")
        assert len(remote.worker_peak_rss) >= 1  # results came from worker processes
        result = CliRunner().invoke(
            main,
            [
                "ingest",
                str(src),
                "--data",
                str(tmp_path / "cli"),
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--quiet",
            ],
        )
        assert result.exit_code == 1  # the empty file
        assert tables(tmp_path / "cli") == tables(tmp_path / "local")

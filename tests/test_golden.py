"""The tables and outputs of a fixed corpus are those of the snapshot (issue 12).

See ``tests/golden.py``: the snapshot was written by the code before the
restructuring, so any difference here is a change of behaviour, to be either undone or
made on purpose with a rewritten snapshot.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.golden import GOLDEN, build, canonical_tables, outputs

TABLE_NAMES = sorted(p.stem for p in GOLDEN.glob("*.parquet"))
OUTPUT_NAMES = sorted(p.name[: -len(".txt")] for p in GOLDEN.glob("*.txt"))


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="module")
def tables(work: Path) -> dict[str, pa.Table]:
    return canonical_tables(work / "out", work)


@pytest.fixture(scope="module")
def shown(work: Path) -> dict[str, str]:
    return outputs(work)


def test_snapshot_is_whole() -> None:
    # a snapshot that lost its files would let every comparison below vanish
    assert len(TABLE_NAMES) >= 16 and "documents" in TABLE_NAMES
    assert {"report.html", "report.md", "report.json", "check.text", "scdl.csv"} <= set(
        OUTPUT_NAMES
    )


def test_same_tables(tables: dict[str, pa.Table]) -> None:
    assert sorted(tables) == TABLE_NAMES


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_same_rows(tables: dict[str, pa.Table], name: str) -> None:
    expected = pq.read_table(GOLDEN / f"{name}.parquet")
    got = tables[name]
    assert got.schema.equals(expected.schema, check_metadata=True), (
        f"{name}: schema\n{got.schema}\n!=\n{expected.schema}"
    )
    if got.equals(expected):
        return
    rows, want = got.to_pylist(), expected.to_pylist()
    for i, (a, b) in enumerate(zip(rows, want, strict=False)):
        if a != b:
            diff = {k: (a.get(k), b.get(k)) for k in a if a.get(k) != b.get(k)}
            pytest.fail(f"{name} row {i} differs (got, snapshot): {diff}")
    pytest.fail(f"{name}: {len(rows)} rows, snapshot has {len(want)}")


@pytest.mark.parametrize("name", OUTPUT_NAMES)
def test_same_output(shown: dict[str, str], name: str) -> None:
    expected = (GOLDEN / f"{name}.txt").read_text("utf-8")
    got = shown[name]
    if got != expected:
        diff = difflib.unified_diff(
            expected.splitlines(True), got.splitlines(True), "snapshot", "now", n=1
        )
        pytest.fail(f"{name} differs:\n" + "".join(list(diff)[:40]))

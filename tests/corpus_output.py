"""One ingest of the sample corpus per test process, shared by the report, export, query
and notebook tests (ingesting takes seconds; the outputs are read-only for them)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import RAW


def ingest_into(out_dir: Path, *paths: Path) -> Path:
    """Run `delib ingest PATHS --data OUT_DIR -q` and return OUT_DIR."""
    from pipeline.cli import main

    result = CliRunner().invoke(
        main, ["ingest", *map(str, paths), "--data", str(out_dir), "-q"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return out_dir


@cache
def corpus_output() -> Path:
    """The tables of the whole sample corpus (data/raw), in a temporary folder."""
    tmp = Path(tempfile.mkdtemp(prefix="delib-corpus-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    return ingest_into(tmp / "processed", RAW)

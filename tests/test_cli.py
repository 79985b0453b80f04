"""One spelling for the data folder (--data) in every command, a clear refusal of a missing
or empty one, and `delib check --format text|json|github` with file and page on every line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import ROOT
from tests.corpus_output import corpus_output

COMMANDS = [
    ["check"],
    ["report"],
    ["query", "SELECT 1"],
    ["export", "scdl"],
    ["export", "decp"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_refuses_a_missing_or_empty_folder(args: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, [*args, "--data", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "n'existe pas" in missing.output and "delib ingest" in missing.output
    empty = runner.invoke(main, [*args, "--data", str(tmp_path)])
    assert empty.exit_code == 2 and "ne contient aucune table" in empty.output


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_command_takes_data_and_the_old_out(args: list[str]) -> None:
    command = args[:2] if args[0] == "export" else args[:1]
    help_text = CliRunner().invoke(main, [*command, "--help"])
    assert "--data" in help_text.output and "--out " not in help_text.output  # hidden alias


def test_old_out_still_works_with_a_warning() -> None:
    res = CliRunner().invoke(main, ["check", "--out", str(corpus_output())])
    assert res.exit_code == 1  # the corpus has error findings
    assert "--out est obsolète, utilisez --data" in res.stderr


def test_check_text_names_file_and_page() -> None:
    res = CliRunner().invoke(main, ["check", "--data", str(corpus_output())])
    out = res.stdout.splitlines()
    # the coverage opens the output, then one line per finding, then the count
    assert out[0] == "Lecture : 8 documents — 8 lus entièrement, 0 en partie, 0 non lu."
    lines = out[1:]
    assert res.exit_code == 1
    assert all("data/raw/" in line.split(":p.")[0] for line in lines[:-1]), lines[:3]
    assert any(":p.1: warning [money.sum] CS2022/16 : écart d'arrondi" in line for line in lines)
    assert lines[-1].startswith("33 constats (4 error, 9 warning, 20 info), 4 au niveau")


def test_check_json_and_github() -> None:
    res = CliRunner().invoke(main, ["check", "--data", str(corpus_output()), "--format", "json"])
    records = json.loads(res.stdout)
    assert len(records) == 33 and all(r["file"].endswith((".txt", ".pdf")) for r in records)
    assert {"file", "page", "severity", "rule", "message", "evidence"} <= set(records[0])
    gh = CliRunner().invoke(main, ["check", "--data", str(corpus_output()), "--format", "github"])
    lines = gh.stdout.splitlines()
    assert len(lines) == 33
    assert (
        lines[0].startswith("::error file=")
        and "data/raw/" in lines[0]
        and "title=budget.subtotal (p. 2)::" in lines[0]
    )
    assert any(line.startswith("::notice ") for line in lines)


def test_check_passes_below_the_threshold(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        main, ["check", "--data", str(corpus_output()), "--fail-on", "error", "--format", "json"]
    )
    assert res.exit_code == 1


def test_output_folder_under_a_file_is_refused_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(
        main,
        [
            "ingest",
            str(ROOT / "data" / "raw" / "lot_politique-usages-tic_presentation.txt"),
            "--data",
            str(blocker / "out"),
            "--quiet",
        ],
    )
    assert res.exit_code == 2
    assert "a file stands on that path" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)

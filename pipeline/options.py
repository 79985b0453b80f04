"""Options every ``delib`` command spells the same way, each defined once here.

``--data`` is the folder the tables live in (written by ``delib ingest``, read by the
others); ``--output`` is where a report or an export goes; ``--format`` chooses what a
command prints or writes. Before, ``--out`` named the
*input* folder of check, report, query and export, and ``report`` had both: ``--out``
still works, hidden, with a warning, so scripts written against it keep running.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from pipeline.store import DataFolderError, UnknownTableError, require_data

DEFAULT_DATA = Path("data/processed")


def data_option(*, must_exist: bool = True, help: str | None = None) -> Callable:
    """``--data DOSSIER`` (and the hidden, deprecated ``--out``) as ``data_dir``.

    With ``must_exist`` the command refuses a folder that does not exist or holds no
    ingest, with a message saying what to run, and exit code 2.
    """

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def wrapper(*args: Any, data_dir: Path | None, legacy_out: Path | None, **kw: Any):
            if legacy_out is not None:
                click.echo("avertissement : --out est obsolète, utilisez --data", err=True)
                if data_dir is not None and data_dir != legacy_out:
                    raise click.UsageError("--data et --out donnent deux dossiers différents")
            folder = data_dir or legacy_out or DEFAULT_DATA
            if must_exist:
                try:
                    require_data(folder)
                except DataFolderError as exc:
                    raise click.UsageError(str(exc)) from exc
            return command(*args, data_dir=folder, **kw)

        wrapper = click.option(
            "--out",
            "legacy_out",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            hidden=True,
        )(wrapper)
        return click.option(
            "--data",
            "data_dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help=help or f"Dossier des tables de `delib ingest` [défaut : {DEFAULT_DATA}].",
        )(wrapper)

    return decorate


def output_option(default_help: str) -> Callable:
    """``--output FICHIER``: where the command writes what it produces."""
    return click.option(
        "--output",
        "dest",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"Fichier à écrire [défaut : {default_help}].",
    )


def format_option(choices: Sequence[str], default: str, help: str) -> Callable:
    """``--format`` as ``fmt``: one of ``choices``, the default shown in the help."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=True,
        help=help,
    )


def usage_errors(command: Callable) -> Callable:
    """Turn a missing folder or an unknown table met while running into a usage error."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kw: Any) -> Any:
        try:
            return command(*args, **kw)
        except (DataFolderError, UnknownTableError) as exc:
            raise click.UsageError(str(exc)) from exc

    return wrapper

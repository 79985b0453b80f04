"""The walk over the inputs: every path it meets gets a status, even those it cannot use.

A folder it may not list, a symbolic link to nothing or a symbolic link loop used to
leave no row at all (``rglob`` passes over them in silence): the files behind them
were lost without a word. Here each is a :class:`Problem`, which the ingest records
in ``documents`` with the status ``unreadable`` and the reason.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parsers.readers import SUFFIX_FORMATS

# suffix -> the format its reader reads it as, from the readers' registry: the walk keeps
# exactly the files ``load()`` can read, and a new reader is walked for with no change here
SUPPORTED: dict[str, str] = SUFFIX_FORMATS
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Problem:
    """A path met on the walk that cannot be read, and why (for a person)."""

    path: Path
    message: str


def walk(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Input files under ``paths`` (folders walked for the suffixes of
    :data:`SUPPORTED`, hidden names left out, symbolic links followed; files kept as
    given), each once, and the problems."""
    found: list[Path] = []
    problems: list[Problem] = []
    for p in paths:
        if p.is_symlink() and not p.exists():
            problems.append(_link_problem(p))
        elif p.is_dir():
            in_folder: list[Path] = []
            _walk_folder(p, frozenset(), in_folder, problems)
            found += sorted(in_folder)
        else:
            found.append(p)
    # the same file named twice is read once
    seen: set[Path] = set()
    unique = []
    for f in found:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, problems


def _walk_folder(
    folder: Path, ancestors: frozenset[tuple[int, int]], found: list[Path], problems: list[Problem]
) -> None:
    try:
        st = folder.stat()
        key = (st.st_dev, st.st_ino)
        if key in ancestors:
            problems.append(
                Problem(
                    folder, f"boucle de liens symboliques : {folder} ramène à {folder.resolve()}"
                )
            )
            return
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(folder, f"dossier illisible : {exc.strerror or exc}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                path.stat()  # follows the link: raises for a missing target or a loop
            if entry.is_dir():
                _walk_folder(path, ancestors | {key}, found, problems)
            elif entry.is_file() and path.suffix.lower() in SUPPORTED:
                found.append(path)
        except OSError:
            problems.append(_link_problem(path))


def _link_problem(path: Path) -> Problem:
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Problem(path, f"boucle de liens symboliques : {path} → {os.readlink(path)}")
        if exc.errno == errno.ENOENT and path.is_symlink():
            return Problem(path, f"lien symbolique vers rien : {path} → {os.readlink(path)}")
        return Problem(path, f"impossible à ouvrir : {exc.strerror or exc}")
    return Problem(path, "cannot be opened")

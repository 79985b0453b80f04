"""The README's layout table names every module, and says where to add things (issue 12).

A newcomer finds a room from the README; a module it does not name is a room nobody
will find, so a new module must be added to the table in the same change.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("parsers", "pipeline", "schemas", "delib")


def _layout_section() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"^## Layout\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, "README.md has no '## Layout' section"
    return match.group(1)


def _modules() -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "__init__.py":
                found.append(path)
            elif path.parent.name not in PACKAGES:  # a subpackage: named as `name/`
                found.append(path.parent)
    return found


def test_every_module_is_named() -> None:
    layout = _layout_section()
    named = set(re.findall(r"`([\w./]+)`", layout))
    missing = []
    for path in _modules():
        name = f"{path.name}/" if path.is_dir() else path.stem
        if name not in named:
            missing.append(str(path.relative_to(ROOT)))
    assert missing == [], "add these to README's layout table"
    assert len(_modules()) > 80  # the walk found the tree (it cannot pass on nothing)


def test_where_to_add() -> None:
    layout = _layout_section()
    where = layout[layout.index("### Where to add") :]
    for thing in ("a wording", "an extractor", "a rule", "an output format", "an input kind"):
        assert f"| {thing}" in where, thing


MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 80


def test_rooms_stay_small() -> None:
    # Issue 12's limits, kept: a file a newcomer can read, a function that fits a screen.
    import ast

    too_big = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text("utf-8")
            where = path.relative_to(ROOT)
            if len(source.splitlines()) > MAX_FILE_LINES:
                too_big.append(f"{where}: {len(source.splitlines())} lines")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        too_big.append(f"{where}: {node.name} is {length} lines")
    assert too_big == []


def test_click_lives_in_the_cli() -> None:
    # One CLI module (commands) and its shared options: nothing else speaks click, so the
    # rest of delib is callable from Python without a command line.
    speakers = sorted(
        str(path.relative_to(ROOT))
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if re.search(r"^\s*(?:import click|from click\b)", path.read_text("utf-8"), re.M)
    )
    assert speakers == ["pipeline/cli.py", "pipeline/options.py"]

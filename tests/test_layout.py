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

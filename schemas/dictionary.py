"""Render the data dictionary (docs/data-dictionary.md) from the schemas.

Run ``python -m schemas.dictionary > docs/data-dictionary.md`` after changing a
schema; a test fails while the file and the schemas disagree.
"""

from __future__ import annotations

from schemas.tables import DERIVED_TABLES, TABLES


def render() -> str:
    """The data dictionary as Markdown."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `schemas/tables.py` by `python -m schemas.dictionary`; do not edit by "
        "hand. Conventions are in [data-contract.md](data-contract.md).",
        "",
    ]
    for t in (*TABLES.values(), *DERIVED_TABLES.values()):
        lines += [f"## `{t.name}`", "", t.description, ""]
        lines += ["| column | type | null | meaning | example |", "|---|---|---|---|---|"]
        for c in t.columns:
            null = "yes" if c.nullable else "no"
            example = f"`{c.example}`" if c.example else ""
            lines.append(f"| `{c.name}` | `{c.type}` | {null} | {c.description} | {example} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")

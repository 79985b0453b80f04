"""The reference lists: the validation rules (docs/rules.md, rendered by
``python -m pipeline.rules_doc``, and ``delib rules``) and the tables (``delib schema``).
"""

from __future__ import annotations

from pipeline.validate import iter_rules
from schemas.tables import DERIVED_TABLES, TABLES

TABLE_NAMES = sorted({**TABLES, **DERIVED_TABLES})


def rule_lines() -> list[str]:
    """One line per validation rule: id, severity, what it checks (``delib rules``)."""
    return [f"{r.id:28} {r.severity:8} {r.description}" for r in iter_rules()]


def schema_lines(table: str | None = None) -> list[str]:
    """Every table (or only ``table``), each column with its type and meaning, a blank
    line after each table (``delib schema``)."""
    lines = []
    for t in (*TABLES.values(), *DERIVED_TABLES.values()):
        if table and t.name != table:
            continue
        lines.append(f"{t.name}: {t.description}")
        lines += [f"  {c.name:24} {c.type!s:22} {c.description}" for c in t.columns]
        lines.append("")
    return lines


def render() -> str:
    """The list of validation rules as Markdown."""
    lines = [
        "# Validation rules",
        "",
        "Generated from the rule registry by `python -m pipeline.rules_doc`; `delib rules` "
        "prints the same list. Each finding carries the rule id, severity, a message in "
        "French, the expected and observed values and the evidence span.",
        "",
        "| rule | severity | checks |",
        "|---|---|---|",
    ]
    lines += [f"| `{r.id}` | {r.severity} | {r.description} |" for r in iter_rules()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")

"""Render docs/rules.md from the rule registry (``python -m pipeline.rules_doc``)."""

from __future__ import annotations

from pipeline.validate import iter_rules


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

"""Numbers in French messages: the CLI, the reports and the exports speak one language."""

from __future__ import annotations


def plural(n: int, noun: str, plural_form: str | None = None) -> str:
    """'0 erreur', '1 erreur', '2 erreurs': French puts 0 and 1 in the singular."""
    return f"{n} {noun if abs(n) < 2 else (plural_form or noun + 's')}"


def signed(n: int) -> str:
    """'+3', '−2' (a true minus sign), '0': a difference reads as one."""
    return f"+{n}" if n > 0 else (f"−{-n}" if n < 0 else "0")

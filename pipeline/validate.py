"""Validation stage: re-check a document against itself.

Rules are small pure functions registered by id with :func:`rule`; each takes the
:class:`ExtractedDocument` and yields :class:`Finding` records carrying a severity,
a message a clerk understands (in French, like the documents), the expected and the
observed values, and the span of the evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from parsers.records import ExtractedDocument, Finding, Severity

RuleFn = Callable[[ExtractedDocument], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str
    fn: RuleFn


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, description: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule under ``rule_id``; the description feeds docs/rules.md."""

    def register(fn: RuleFn) -> RuleFn:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, description, fn)
        return fn

    return register


def validate(doc: ExtractedDocument, only: Iterable[str] | None = None) -> list[Finding]:
    """Run every registered rule (or those in ``only``) over one document."""
    _load_rules()
    wanted = set(only) if only is not None else None
    findings: list[Finding] = []
    for rule_id in sorted(RULES):
        if wanted is not None and rule_id not in wanted:
            continue
        findings.extend(RULES[rule_id].fn(doc))
    return findings


def iter_rules() -> Iterator[Rule]:
    """All registered rules, sorted by id."""
    _load_rules()
    yield from (RULES[k] for k in sorted(RULES))


def _load_rules() -> None:
    # Importing the rule modules registers them; done lazily to avoid import cycles.
    from pipeline.rules import attendance, sessions, votes  # noqa: F401

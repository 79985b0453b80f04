"""What validation produces: the relations a rule tested and the findings it reports.

These records live beside validation, not with the parsers' records: only the
validation stage and the rows of the ``checks`` and ``findings`` tables use them.
A rule never names itself in what it yields: its decorator
(:func:`pipeline.validate.rule`) fills ``rule`` in, so the id is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from parsers.records import Span

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a validation rule, with the evidence to show a person."""

    # keyword-only with a default so a rule can leave it out (its decorator fills it);
    # kept first so the field order, and so every repr, is unchanged
    rule: str = field(default="", kw_only=True)
    severity: Severity
    message: str
    expected: str | None = None
    observed: str | None = None
    span: Span | None = None
    session_key: str | None = None
    deliberation_number: str | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """One relation a rule tested, whether it held or not.

    A failed check becomes a :class:`Finding` of the rule's severity; all checks are
    stored so a report can say how many relations were checked and how many held.
    """

    rule: str = field(default="", kw_only=True)  # filled by the rule's decorator
    passed: bool
    message: str  # the relation in words, with its figures
    expected: str | None = None
    observed: str | None = None
    span: Span | None = None
    session_key: str | None = None
    deliberation_number: str | None = None
    # why the relation could not be concluded (its inputs were not read completely);
    # a check with a reason is neither passed nor failed, and never a finding
    not_checked: str | None = None
    # the severity of its finding when it fails, if not the rule's (a rounding gap)
    severity: Severity | None = None


def as_finding(check: Check, severity: Severity) -> Finding:
    """The finding a failed check becomes."""
    return Finding(
        rule=check.rule,
        severity=severity,
        message=check.message,
        expected=check.expected,
        observed=check.observed,
        span=check.span,
        session_key=check.session_key,
        deliberation_number=check.deliberation_number,
    )

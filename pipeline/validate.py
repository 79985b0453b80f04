"""Validation stage: re-check a document against itself.

Rules are small pure functions registered by id with :func:`rule`. Each takes the
:class:`ExtractedDocument` and yields :class:`Check` records (a relation tested, held
or not) and/or :class:`Finding` records (an observation that is not a relation, such
as a missing decision). A failed check becomes a finding of the rule's severity, with
the message a clerk reads (in French, like the documents), expected and observed
values, and the span of the evidence. A rule does not name itself in what it yields:
:func:`rule` fills its id in. Rule modules live in ``pipeline/rules/`` and are
discovered there: adding a module adds its rules.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from parsers.records import ExtractedDocument
from pipeline.findings import Check, Finding, Severity, as_finding

RuleFn = Callable[[ExtractedDocument], Iterable[Check | Finding]]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    description: str
    fn: RuleFn


@dataclass
class Validation:
    """Everything the rules said about one document."""

    checks: list[Check] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity, description: str) -> Callable[[RuleFn], RuleFn]:
    """Register a rule under ``rule_id``; the description feeds docs/rules.md.

    The rule's checks and findings leave ``rule`` out: the function registered (and
    returned) fills it in, so a rule's id is written once, here, and cannot drift from
    what it reports.
    """

    def register(fn: RuleFn) -> RuleFn:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")

        @functools.wraps(fn)
        def stamped(doc: ExtractedDocument) -> Iterator[Check | Finding]:
            for out in fn(doc):
                if out.rule and out.rule != rule_id:
                    raise ValueError(f"rule {rule_id} yielded a result of {out.rule}")
                yield replace(out, rule=rule_id)

        RULES[rule_id] = Rule(rule_id, severity, description, stamped)
        return stamped

    return register


def validate(doc: ExtractedDocument, only: Iterable[str] | None = None) -> Validation:
    """Run every registered rule (or those in ``only``) over one document."""
    from pipeline.trust import Trust

    _load_rules()
    wanted = set(only) if only is not None else None
    result = Validation()
    trust = Trust(doc)
    for rule_id in sorted(RULES):
        if wanted is not None and rule_id not in wanted:
            continue
        r = RULES[rule_id]
        for out in r.fn(doc):
            if isinstance(out, Check):
                reason = out.not_checked or trust.reason(out)
                if reason is not None:
                    out = replace(out, not_checked=reason)
                result.checks.append(out)
                if not out.passed and out.not_checked is None:
                    result.findings.append(as_finding(out, out.severity or r.severity))
            else:
                result.findings.append(out)
    return result


def iter_rules() -> Iterator[Rule]:
    """All registered rules, sorted by id."""
    _load_rules()
    yield from (RULES[k] for k in sorted(RULES))


def _load_rules() -> None:
    # Importing a rule module registers its rules; every module of the package is one.
    import pipeline.rules as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name != "common":
            importlib.import_module(f"{package.__name__}.{info.name}")

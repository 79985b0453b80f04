"""The consistency report as plain data: what the validators found in a run.

:func:`build_report` reads the tables an ingest wrote (through
:func:`pipeline.store.read_table`) and gathers everything the report shows into one
dictionary of plain values: the JSON format is exactly this dictionary, and the HTML and
Markdown templates (:mod:`pipeline.report`) only lay it out. The sentences a clerk reads
first (:func:`verdict`, :func:`coverage_sentences`) are built here too, so that every
format says the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipeline.coverage import coverage_of, repeated_deliberations
from pipeline.french import plural
from pipeline.store import read_table
from pipeline.validate import iter_rules

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_FR = {"error": "erreur", "warning": "avertissement", "info": "information"}
STATUS_FR = {
    "ok": "lu",
    "error": "erreur",
    "empty": "vide",
    "encrypted": "chiffré",
    "needs_ocr": "à océriser",
    "unsupported": "non pris en charge",
    "duplicate": "doublon",
}
KIND_FR = {"register": "registre", "minutes": "procès-verbal", "other": "autre document"}
TABLES_READ = ("documents", "sessions", "deliberations", "checks", "findings", "coverage")

# A figure stands alone: the digits of "CS2022/20" or "LC2018-38" are part of a reference.
_NUMBER_RE = re.compile(r"(?<![\w/])\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?(?![\w/])")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_AMOUNT_RE = re.compile(r"^[≥≤<>=\s]*(-?\s?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d+)?)\s*(€)?$")

Row = dict[str, Any]


def difference(expected: str | None, observed: str | None) -> str | None:
    """Observed minus expected, when both hold one number or amount (or both one ISO date).

    "≥ 6" against "8" gives "+2"; "27 560 €" against "26 000 €" gives "-1 560 €";
    "2022-06-29" against "2022-07-19" gives "+20 jours". Anything else (names, several
    figures) has no meaningful difference: None.
    """
    if expected is None or observed is None:
        return None
    e, o = expected.strip().lstrip("≥≤<>= "), observed.strip()
    if _DATE_RE.match(e) and _DATE_RE.match(o):
        days = (dt.date.fromisoformat(o) - dt.date.fromisoformat(e)).days
        return f"{days:+d} jour{'s' if abs(days) > 1 else ''}"
    me, mo = _AMOUNT_RE.match(expected.strip()), _AMOUNT_RE.match(o)
    if not (me and mo) or bool(me.group(2)) != bool(mo.group(2)):
        return None
    diff = _to_number(mo.group(1)) - _to_number(me.group(1))
    sign = "+" if diff >= 0 else "-"
    whole, _, cents = f"{abs(diff):,.2f}".partition(".")
    text = whole.replace(",", "\u00a0") + ("" if cents == "00" else f",{cents}")
    return f"{sign}{text}" + (" €" if mo.group(2) else "")


def _to_number(text: str) -> Decimal:
    return Decimal(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))


def highlights(evidence: str | None, *values: str | None) -> list[tuple[int, int]]:
    """Character ranges of the figures to highlight in ``evidence``.

    A figure is marked when its value is one the rule compared: a figure of the expected or
    observed value, or of the message (which spells out the operands, "8 présents +
    3 pouvoirs = 11"). Values are compared as numbers, so "26 000,00" in a budget table
    matches "26 000 €" in the message. Nothing is marked when the rule compared no figure.
    """
    if not evidence:
        return []
    wanted = {_to_number(n) for v in values if v for n in _NUMBER_RE.findall(v)}
    return [
        (m.start(), m.end())
        for m in _NUMBER_RE.finditer(evidence)
        if _to_number(m.group(0)) in wanted
    ]


def _name(path: str | None) -> str:
    return Path(path).name if path else "?"


def _session_label(s: Row) -> str:
    who = s.get("organisation") or s.get("body") or "Séance"
    if s.get("organisation") and s.get("body"):
        who = f"{s['organisation']} — {s['body']}"
    when = s["date"].strftime("%d/%m/%Y") if s.get("date") else "date inconnue"
    kind = " (procès-verbal)" if s.get("source_kind") == "minutes" else ""
    named = " (nom d'après le registre)" if s.get("organisation_source") == "registry" else ""
    return f"{who}{named}, séance du {when}{kind}"


def _tally(rows: Iterable[Row]) -> dict[str, int]:
    statuses = Counter(r["status"] for r in rows)
    return {
        "checks": statuses["pass"] + statuses["fail"],
        "passed": statuses["pass"],
        "failed": statuses["fail"],
        "not_checked": statuses["not_checked"],
    }


class _Tables:
    """The tables the report reads, and the lookups every section needs."""

    def __init__(self, out_dir: Path) -> None:
        self.t = {name: read_table(out_dir, name).to_pylist() for name in TABLES_READ}
        self.docs = {d["document_id"]: d for d in self.t["documents"]}
        self.sessions = {s["session_id"]: s for s in self.t["sessions"]}
        self.delibs = {d["deliberation_id"]: d for d in self.t["deliberations"]}

    def document_name(self, document_id: str | None) -> str:
        return _name(self.docs.get(document_id, {}).get("source_path"))

    def session_label(self, session_id: str | None) -> str | None:
        s = self.sessions.get(session_id or "")
        return _session_label(s) if s else None


def _session_rows(tb: _Tables) -> list[Row]:
    """Sessions, latest first, each with its checks and its deliberations' checks."""
    checks_by_session: dict[str | None, list[Row]] = defaultdict(list)
    checks_by_delib: dict[str, list[Row]] = defaultdict(list)
    for c in tb.t["checks"]:
        checks_by_session[c["session_id"]].append(c)
        if c["deliberation_id"]:
            checks_by_delib[c["deliberation_id"]].append(c)
    findings_by_delib = Counter(f["deliberation_id"] for f in tb.t["findings"])
    findings_by_session = Counter(f["session_id"] for f in tb.t["findings"])
    ordered = sorted(
        tb.sessions.items(), key=lambda kv: (kv[1]["date"] or dt.date.min, kv[0]), reverse=True
    )
    return [
        {
            "session_id": sid,
            "label": _session_label(s),
            "document": tb.document_name(s["document_id"]),
            "date": s["date"].isoformat() if s["date"] else None,
            "findings": findings_by_session[sid],
            **_tally(checks_by_session[sid]),
            "deliberations": [
                {
                    "deliberation_id": d["deliberation_id"],
                    "number": d["number"],
                    "title": d["title"],
                    "findings": findings_by_delib[d["deliberation_id"]],
                    **_tally(checks_by_delib[d["deliberation_id"]]),
                }
                for d in tb.t["deliberations"]
                if d["session_id"] == sid
            ],
        }
        for sid, s in ordered
    ]


def _finding_rows(tb: _Tables) -> list[Row]:
    """Every finding, most severe first, with its difference and figures to highlight."""
    ordered = sorted(
        tb.t["findings"],
        key=lambda f: (
            SEVERITY_ORDER.get(f["severity"], 9),
            f["rule"],
            tb.document_name(f["document_id"]),
            f["char_start"] or 0,
        ),
    )
    rows = []
    for f in ordered:
        d = tb.delibs.get(f["deliberation_id"] or "")
        rows.append(
            {
                "finding_id": f["finding_id"],
                "rule": f["rule"],
                "severity": f["severity"],
                "document": tb.document_name(f["document_id"]),
                "session": tb.session_label(f["session_id"]),
                "deliberation": d["number"] if d else None,
                "message": f["message"],
                "expected": f["expected"],
                "observed": f["observed"],
                "difference": difference(f["expected"], f["observed"]),
                "page": f["page"],
                "evidence": f["evidence"],
                "highlights": highlights(f["evidence"], f["expected"], f["observed"], f["message"]),
            }
        )
    return rows


def _rule_rows(tb: _Tables) -> list[Row]:
    """One row per rule that ran or found something, with its tally."""
    rules = {r.id: r for r in iter_rules()}
    rule_ids = {c["rule"] for c in tb.t["checks"]} | {f["rule"] for f in tb.t["findings"]}
    rows = []
    for rid in sorted(rule_ids):
        r = rules.get(rid)
        rows.append(
            {
                "rule": rid,
                "severity": r.severity if r else None,
                "description": r.description if r else None,
                "findings": sum(1 for f in tb.t["findings"] if f["rule"] == rid),
                **_tally(c for c in tb.t["checks"] if c["rule"] == rid),
            }
        )
    return rows


def _legal_rows(tb: _Tables) -> list[Row]:
    """Legal checks, one line per session and rule: the extracts of a session repeat the
    same attendance, so the first message stands for all of them."""
    legal: dict[tuple[str | None, str, str], Row] = {}
    for c in tb.t["checks"]:
        if not c["rule"].startswith("legal."):
            continue
        k = (c["session_id"], c["rule"], c["status"])
        if k not in legal:
            s = tb.sessions.get(c["session_id"] or "")
            legal[k] = {
                "session": _session_label(s) if s else None,
                "date": s["date"].isoformat() if s and s["date"] else None,
                "rule": c["rule"],
                "status": c["status"],
                "message": c["message"],
                "count": 0,
            }
        legal[k]["count"] += 1
    return sorted(
        legal.values(), key=lambda r: (r["date"] or "", r["session"] or "", r["rule"]), reverse=True
    )


def _document_rows(tb: _Tables) -> list[Row]:
    return [
        {
            "document": _name(d["source_path"]),
            "status": d["status"],
            "kind": d["kind"],
            "pages": d["page_count"],
            "sessions": d["sessions"],
            "deliberations": d["deliberations"],
            "findings_error": d["findings_error"],
            "findings_warning": d["findings_warning"],
            "message": d["error"],
        }
        for d in sorted(tb.t["documents"], key=lambda d: _name(d["source_path"]))
    ]


def build_report(out_dir: Path) -> dict[str, Any]:
    """Everything the report shows, as plain data (the JSON format is exactly this)."""
    tb = _Tables(out_dir)
    t = tb.t
    severities = Counter(f["severity"] for f in t["findings"])
    statuses = Counter(d["status"] for d in t["documents"])
    return {
        "title": "Rapport de contrôle des délibérations",
        "out_dir": str(out_dir),
        "pipeline_version": next(
            (d["pipeline_version"] for d in t["documents"] if d["pipeline_version"]), None
        ),
        "coverage": {
            **coverage_of(t).as_dict(),
            "repeated_deliberations": repeated_deliberations(t),
        },
        "summary": {
            "documents": len(t["documents"]),
            "documents_by_status": dict(sorted(statuses.items())),
            "sessions": len(t["sessions"]),
            "deliberations": len(t["deliberations"]),
            **_tally(t["checks"]),
            "findings": len(t["findings"]),
            "findings_by_severity": {k: severities[k] for k in SEVERITY_ORDER},
        },
        "documents": _document_rows(tb),
        "sessions": _session_rows(tb),
        "rules": _rule_rows(tb),
        "legal": _legal_rows(tb),
        "findings": _finding_rows(tb),
    }


# --------------------------------------------------------------------------- sentences


def words(count: int, text: str) -> str:
    """The words for ``count``: "1 erreur", "2 erreurs", "2 contrôles effectués"."""
    return text if abs(count) < 2 else " ".join(w + "s" for w in text.split(" "))


def verdict(report: dict[str, Any]) -> str:
    """One sentence a clerk reads first: is there anything to correct?"""
    sev = report["summary"]["findings_by_severity"]
    if sev["error"]:
        head = f"{plural(sev['error'], 'erreur')} à corriger avant publication"
    else:
        head = "Aucune erreur"
    cov = report.get("coverage") or {}
    unread, partial = cov.get("unread", 0), cov.get("partial", 0)
    if not sev["error"] and (unread or partial) and not cov.get("complete"):
        head = "Rien n'a pu être vérifié entièrement : aucun document n'a été lu en entier"
    elif not sev["error"] and (unread or partial):
        n = unread + partial
        head += f" dans ce qui a été lu ({plural(n, 'document')} {words(n, 'lu')} en partie"
        head += " ou pas du tout)"
    if sev["warning"]:
        head += f", {plural(sev['warning'], 'avertissement')} à vérifier"
    if sev["info"]:
        head += f", {plural(sev['info'], 'information')}"
    return head + "."


def coverage_sentences(report: dict[str, Any]) -> tuple[str, list[str]]:
    """The coverage as plain French: a headline, and one line per document not read
    completely (file name and first reason, both text of the documents: escape them)."""
    cov = report.get("coverage")
    if not cov:
        return "", []
    n = cov["complete"] + cov["partial"] + cov["unread"]
    head = (
        f"Lecture : {plural(n, 'document')} — {cov['complete']} {words(cov['complete'], 'lu')} "
        f"entièrement, {cov['partial']} en partie, "
        f"{cov['unread']} non {words(cov['unread'], 'lu')}."
    )
    if cov["not_checked"]:
        k = cov["not_checked"]
        head += f" {plural(k, 'contrôle')} non {words(k, 'vérifiable')}"
        head += " faute d'une lecture complète."
    lines = []
    for d in cov["documents"]:
        label = "non lu" if d["status"] == "unread" else "lu en partie"
        reason = f" — {d['reasons'][0]}" if d["reasons"] else ""
        lines.append(f"{label} : {d['document']}{reason}")
    lines += [f"doublon : {r['message']}" for r in cov.get("repeated_deliberations", [])]
    return head, lines

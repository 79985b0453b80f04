"""How completely each document was read: what `delib check` and the report open with.

"No error" means something only for a document that was read and checked. Each
document is put in one of three classes, from the tables alone:

* ``unread``: not read at all (a scan awaiting OCR, a damaged file), or read as a
  minutes/register that yielded nothing expected (``reading.empty``), or classified
  "other" despite the cues of a session (``classification.doubtful``);
* ``partial``: read, but something expected is missing (``reading.partial``), some text
  of a roster or vote was left unread (the ``coverage`` table), or some checks could
  not be concluded (``not_checked``);
* ``complete``: everything expected was read, and every check concluded.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UNREAD_RULES = frozenset({"reading.empty", "classification.doubtful"})
PARTIAL_RULES = frozenset({"reading.partial"})


@dataclass
class DocumentCoverage:
    document: str  # source path
    status: str  # "complete" | "partial" | "unread"
    reasons: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    documents: list[DocumentCoverage]
    not_checked: int  # checks that could not be concluded
    not_checked_by_reason: dict[str, int]

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "complete": self.count("complete"),
            "partial": self.count("partial"),
            "unread": self.count("unread"),
            "not_checked": self.not_checked,
            "not_checked_by_reason": self.not_checked_by_reason,
            "documents": [
                {"document": d.document, "status": d.status, "reasons": d.reasons}
                for d in self.documents
                if d.status != "complete"
            ],
        }


def coverage_of(tables: dict[str, list[dict[str, Any]]]) -> Coverage:
    """The coverage of every document of an ingest, from its ``documents``, ``findings``,
    ``checks`` and ``coverage`` rows."""
    findings: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in tables["findings"]:
        findings[f["document_id"]].append(f)
    gaps = Counter(c["document_id"] for c in tables.get("coverage", []))
    unchecked: dict[str, int] = Counter()
    reasons: Counter[str] = Counter()
    for c in tables["checks"]:
        if c["status"] == "not_checked":
            unchecked[c["document_id"]] += 1
            reasons[c.get("reason") or "?"] += 1
    out = []
    for d in sorted(tables["documents"], key=lambda d: d["source_path"]):
        if d["status"] == "duplicate":
            continue
        doc_id = d["document_id"]
        why: list[str] = []
        if d["status"] != "ok":
            status = "unread"
            why.append(f"{d['status']}: {d.get('error') or ''}".strip(": "))
        else:
            own = findings.get(doc_id, [])
            unread = [f["message"] for f in own if f["rule"] in UNREAD_RULES]
            partial = [f["message"] for f in own if f["rule"] in PARTIAL_RULES]
            if unread:
                status, why = "unread", unread
            elif partial or gaps[doc_id] or unchecked[doc_id]:
                status = "partial"
                why = partial
                if unchecked[doc_id]:
                    n = unchecked[doc_id]
                    why.append(
                        f"{n} contrôle{'s' if n > 1 else ''} non vérifiable{'s' if n > 1 else ''}"
                    )
            else:
                status = "complete"
        out.append(DocumentCoverage(Path(d["source_path"]).name, status, why))
    return Coverage(out, sum(unchecked.values()), dict(reasons.most_common()))


def coverage_lines(cov: Coverage) -> list[str]:
    """The coverage in French sentences, for the terminal and the Markdown report."""
    n = len(cov.documents)
    lines = [
        f"Lecture : {n} document{'s' if n > 1 else ''} — {cov.count('complete')} lu"
        f"{'s' if cov.count('complete') > 1 else ''} entièrement, {cov.count('partial')} en "
        f"partie, {cov.count('unread')} non lu{'s' if cov.count('unread') > 1 else ''}.",
    ]
    if cov.not_checked:
        k = cov.not_checked
        lines.append(
            f"{k} contrôle{'s' if k > 1 else ''} n'{'ont' if k > 1 else 'a'} pas pu être "
            f"fait{'s' if k > 1 else ''} faute d'une lecture complète."
        )
    for d in cov.documents:
        if d.status != "complete":
            label = "non lu" if d.status == "unread" else "lu en partie"
            lines.append(f"  {label} : {d.document}" + (f" — {d.reasons[0]}" if d.reasons else ""))
    return lines


def repeated_deliberations(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The same body, session date and deliberation number read from two documents.

    Text twins are already ``duplicate`` (their records are kept once); what remains
    here are two different files printing the same deliberation (a register and its
    extract, two versions of one act): a finding for the reader, the exports keep one.
    """
    sessions = {s["session_id"]: s for s in tables["sessions"]}
    files = {d["document_id"]: Path(d["source_path"]).name for d in tables["documents"]}
    where: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for d in tables["deliberations"]:
        s = sessions.get(d["session_id"]) or {}
        if not d["number"] or not s.get("date"):
            continue
        body = (s.get("organisation") or s.get("body") or "").casefold()
        where[(body, str(s["date"]), d["number"])].add(d["document_id"])
    return [
        {
            "rule": "deliberation.repeated",
            "severity": "warning",
            "number": number,
            "date": date,
            "documents": sorted(files.get(doc, doc) for doc in docs),
            "message": f"La délibération {number} du {date} figure dans "
            f"{len(docs)} documents : " + ", ".join(sorted(files.get(doc, doc) for doc in docs)),
        }
        for (_body, date, number), docs in sorted(where.items())
        if len(docs) > 1
    ]

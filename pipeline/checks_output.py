"""``delib check`` output: every finding on one line with its file and page, for a person
(text), a program (json) or a GitHub Actions workflow (github annotations).

A person reading the text format is first told how much was read (coverage) and which
deliberations appear twice: "no error" only holds for what was read.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pipeline.coverage import coverage_lines, coverage_of, repeated_deliberations
from pipeline.display import terminal
from pipeline.french import plural
from pipeline.store import read_table

ORDER = {"info": 0, "warning": 1, "error": 2}
TABLES_READ = ("documents", "findings", "checks", "coverage", "sessions", "deliberations")
CHECK_FORMATS = ("text", "json", "github")
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _where(f: Mapping[str, Any], files: Mapping[str, str]) -> tuple[str, int | None]:
    return files.get(f["document_id"], f["document_id"]), f.get("page")


def _github_escape(text: str) -> str:
    """GitHub's workflow-command escaping: %, CR and LF (and , : in properties)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def finding_lines(
    findings: list[dict[str, Any]], files: Mapping[str, str], fail_on: str, fmt: str
) -> tuple[str, list[dict[str, Any]]]:
    """The output of ``delib check`` and the findings that reach ``fail_on``."""
    threshold = ORDER[fail_on]
    ordered = sorted(
        findings,
        key=lambda f: (-ORDER[f["severity"]], *map(str, _where(f, files)), f["rule"]),
    )
    hits = [f for f in ordered if ORDER[f["severity"]] >= threshold]
    if fmt == "json":
        records = [
            {
                "file": _where(f, files)[0],
                "page": f.get("page"),
                **{k: f.get(k) for k in ("severity", "rule", "message", "expected", "observed")},
                "evidence": f.get("evidence"),
            }
            for f in ordered
        ]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n", hits
    lines = []
    for f in ordered:
        path, page = _where(f, files)
        if fmt == "github":
            prop = _github_escape(path).replace(",", "%2C").replace(":", "%3A")
            title = f"{f['rule']}" + (f" (p. {page})" if page else "")
            lines.append(
                f"::{GITHUB_LEVEL[f['severity']]} file={prop},title={title}::"
                f"{_github_escape(f['message'])}"
            )
        else:
            at = f"{path}:p.{page}" if page else path
            lines.append(terminal(f"{at}: {f['severity']} [{f['rule']}] {f['message']}"))
    if fmt == "text":
        counts = Counter(f["severity"] for f in findings)
        detail = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if counts[s])
        lines.append(
            f"{plural(len(findings), 'constat')}{f' ({detail})' if detail else ''}, "
            f"{len(hits)} au niveau « {fail_on} » ou au-dessus."
        )
    return "".join(line + "\n" for line in lines), hits


def check_listing(data_dir: Path, fail_on: Sequence[str], fmt: str) -> tuple[str, bool]:
    """The whole output of ``delib check`` and whether it fails: a finding reaches the
    lowest severity of ``fail_on``, or "coverage" is in it and a document was not read
    entirely."""
    tables = {name: read_table(data_dir, name).to_pylist() for name in TABLES_READ}
    cov = coverage_of(tables)
    head = []
    if fmt == "text":
        head += [terminal(line) for line in coverage_lines(cov)]
        head += [terminal(f"Doublon : {rep['message']}") for rep in repeated_deliberations(tables)]
    files = {d["document_id"]: d["source_path"] for d in tables["documents"]}
    severities = [s for s in fail_on if s != "coverage"] or ["error"]
    lowest = min(severities, key=lambda s: ORDER[s])
    text, hits = finding_lines(tables["findings"], files, lowest, fmt)
    incomplete = cov.count("partial") + cov.count("unread")
    failed = bool(hits) or ("coverage" in fail_on and bool(incomplete))
    return "".join(line + "\n" for line in head) + text, failed

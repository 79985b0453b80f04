"""``delib check`` output: every finding on one line with its file and page, for a person
(text), a program (json) or a GitHub Actions workflow (github annotations)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any

from pipeline.display import terminal
from pipeline.french import plural

ORDER = {"info": 0, "warning": 1, "error": 2}
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

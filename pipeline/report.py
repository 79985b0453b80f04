"""Consistency report: what the validators found in a run, for a clerk, an email or a machine.

``delib report`` reads the tables an ingest wrote (through :func:`pipeline.store.read_table`)
and renders one summary in three formats with the same content:

- HTML: a single self-contained page (inline CSS and JavaScript, no network) with the
  documents and their status, checks run / passed / failed per session and deliberation,
  every finding with its evidence quoted from the document (page, the sentence with its
  figures highlighted), expected against observed and the difference, filters by severity
  and rule, counts by rule;
- Markdown, for an email or a pull request;
- JSON, for machines (the :func:`build_report` dictionary).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from pipeline import display
from pipeline.coverage import coverage_of, repeated_deliberations
from pipeline.options import data_option, output_option, usage_errors
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


# --------------------------------------------------------------------------- model


_AMOUNT_RE = re.compile(r"^[≥≤<>=\s]*(-?\s?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:,\d+)?)\s*(€)?$")


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


def _session_label(s: dict[str, Any]) -> str:
    who = s.get("organisation") or s.get("body") or "Séance"
    if s.get("organisation") and s.get("body"):
        who = f"{s['organisation']} — {s['body']}"
    when = s["date"].strftime("%d/%m/%Y") if s.get("date") else "date inconnue"
    kind = " (procès-verbal)" if s.get("source_kind") == "minutes" else ""
    named = " (nom d'après le registre)" if s.get("organisation_source") == "registry" else ""
    return f"{who}{named}, séance du {when}{kind}"


def _tally(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    statuses = Counter(r["status"] for r in rows)
    return {
        "checks": statuses["pass"] + statuses["fail"],
        "passed": statuses["pass"],
        "failed": statuses["fail"],
        "not_checked": statuses["not_checked"],
    }


def build_report(out_dir: Path) -> dict[str, Any]:
    """Everything the report shows, as plain data (the JSON format is exactly this)."""
    t = {name: read_table(out_dir, name).to_pylist() for name in TABLES_READ}
    docs = {d["document_id"]: d for d in t["documents"]}
    sessions = {s["session_id"]: s for s in t["sessions"]}
    delibs = {d["deliberation_id"]: d for d in t["deliberations"]}
    rules = {r.id: r for r in iter_rules()}

    checks_by_session: dict[str | None, list[dict]] = defaultdict(list)
    checks_by_delib: dict[str, list[dict]] = defaultdict(list)
    for c in t["checks"]:
        checks_by_session[c["session_id"]].append(c)
        if c["deliberation_id"]:
            checks_by_delib[c["deliberation_id"]].append(c)
    findings_by_delib = Counter(f["deliberation_id"] for f in t["findings"])
    findings_by_session = Counter(f["session_id"] for f in t["findings"])

    session_rows = []
    for sid, s in sorted(
        sessions.items(), key=lambda kv: (kv[1]["date"] or dt.date.min, kv[0]), reverse=True
    ):
        own = [d for d in t["deliberations"] if d["session_id"] == sid]
        session_rows.append(
            {
                "session_id": sid,
                "label": _session_label(s),
                "document": _name(docs.get(s["document_id"], {}).get("source_path")),
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
                    for d in own
                ],
            }
        )

    findings = []
    for f in sorted(
        t["findings"],
        key=lambda f: (
            SEVERITY_ORDER.get(f["severity"], 9),
            f["rule"],
            _name(docs.get(f["document_id"], {}).get("source_path")),
            f["char_start"] or 0,
        ),
    ):
        s = sessions.get(f["session_id"] or "")
        d = delibs.get(f["deliberation_id"] or "")
        findings.append(
            {
                "finding_id": f["finding_id"],
                "rule": f["rule"],
                "severity": f["severity"],
                "document": _name(docs.get(f["document_id"], {}).get("source_path")),
                "session": _session_label(s) if s else None,
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

    by_rule: dict[str, dict[str, Any]] = {}
    rule_ids = {c["rule"] for c in t["checks"]} | {f["rule"] for f in t["findings"]}
    for rid in sorted(rule_ids):
        rows = [c for c in t["checks"] if c["rule"] == rid]
        r = rules.get(rid)
        by_rule[rid] = {
            "rule": rid,
            "severity": r.severity if r else None,
            "description": r.description if r else None,
            "findings": sum(1 for f in t["findings"] if f["rule"] == rid),
            **_tally(rows),
        }

    # Legal checks, one line per session and rule: the extracts of a session repeat the
    # same attendance, so the first message stands for all of them.
    legal: dict[tuple[str | None, str, str], dict[str, Any]] = {}
    for c in t["checks"]:
        if not c["rule"].startswith("legal."):
            continue
        k = (c["session_id"], c["rule"], c["status"])
        if k not in legal:
            s = sessions.get(c["session_id"] or "")
            legal[k] = {
                "session": _session_label(s) if s else None,
                "date": s["date"].isoformat() if s and s["date"] else None,
                "rule": c["rule"],
                "status": c["status"],
                "message": c["message"],
                "count": 0,
            }
        legal[k]["count"] += 1
    legal_rows = sorted(
        legal.values(), key=lambda r: (r["date"] or "", r["session"] or "", r["rule"]), reverse=True
    )

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
        "documents": [
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
            for d in sorted(t["documents"], key=lambda d: _name(d["source_path"]))
        ],
        "sessions": session_rows,
        "rules": list(by_rule.values()),
        "legal": legal_rows,
        "findings": findings,
    }


# --------------------------------------------------------------------------- renderers


def verdict(report: dict[str, Any]) -> str:
    """One sentence a clerk reads first: is there anything to correct?"""
    sev = report["summary"]["findings_by_severity"]
    if sev["error"]:
        head = (
            f"{sev['error']} erreur{'s' if sev['error'] > 1 else ''} à corriger avant publication"
        )
    else:
        head = "Aucune erreur"
    cov = report.get("coverage") or {}
    unread, partial = cov.get("unread", 0), cov.get("partial", 0)
    if not sev["error"] and (unread or partial) and not cov.get("complete"):
        head = "Rien n'a pu être vérifié entièrement : aucun document n'a été lu en entier"
    elif not sev["error"] and (unread or partial):
        head += (
            f" dans ce qui a été lu ({_n(unread + partial, 'document')} lu"
            + ("s" if unread + partial > 1 else "")
            + " en partie ou pas du tout)"
        )
    if sev["warning"]:
        head += f", {sev['warning']} avertissement{'s' if sev['warning'] > 1 else ''} à vérifier"
    if sev["info"]:
        head += f", {sev['info']} information{'s' if sev['info'] > 1 else ''}"
    return head + "."


def coverage_sentences(report: dict[str, Any]) -> tuple[str, list[str]]:
    """The coverage as plain French: a headline, and one line per document not read
    completely (file name and first reason, both text of the documents: escape them)."""
    cov = report.get("coverage")
    if not cov:
        return "", []
    n = cov["complete"] + cov["partial"] + cov["unread"]
    head = (
        f"Lecture : {_n(n, 'document')} — {cov['complete']} lu"
        f"{'s' if cov['complete'] > 1 else ''} entièrement, {cov['partial']} en partie, "
        f"{cov['unread']} non lu{'s' if cov['unread'] > 1 else ''}."
    )
    if cov["not_checked"]:
        k = cov["not_checked"]
        plural = "s" if k > 1 else ""
        head += f" {_n(k, 'contrôle')} non vérifiable{plural} faute d'une lecture complète."
    lines = []
    for d in cov["documents"]:
        label = "non lu" if d["status"] == "unread" else "lu en partie"
        reason = f" — {d['reasons'][0]}" if d["reasons"] else ""
        lines.append(f"{label} : {d['document']}{reason}")
    lines += [f"doublon : {r['message']}" for r in cov.get("repeated_deliberations", [])]
    return head, lines


def _coverage_md(report: dict[str, Any]) -> list[str]:
    head, lines = coverage_sentences(report)
    if not head:
        return []
    return [f"**{display.markdown(head)}**", "", *(f"- {display.markdown(x)}" for x in lines), ""]


def _coverage_html(report: dict[str, Any]) -> list[str]:
    head, lines = coverage_sentences(report)
    if not head:
        return []
    items = "".join(f"<li>{_e(x)}</li>" for x in lines)
    return [f'<p class="coverage"><b>{_e(head)}</b></p>', f"<ul>{items}</ul>" if items else ""]


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _marked(
    text: str | None,
    spans: list[tuple[int, int]],
    open_: str,
    close: str,
    escape: Callable[[str], str] = html.escape,
) -> str:
    """``text`` with each span wrapped in open_/close, every piece of it escaped."""
    if not text:
        return ""
    out, pos = [], 0
    for s, e in spans:
        out += [escape(text[pos:s]), open_, escape(text[s:e]), close]
        pos = e
    out.append(escape(text[pos:]))
    return "".join(out)


def _md_cell(text: object) -> str:
    """Document text in Markdown: inert (no HTML, link, image or markup of its own)."""
    return "" if text is None else display.markdown(text)


def render_markdown(report: dict[str, Any]) -> str:
    s = report["summary"]
    sev = s["findings_by_severity"]
    lines = [
        f"# {report['title']}",
        "",
        f"Dossier : {_md_cell(report['out_dir'])} — {_n(s['documents'], 'document')}, "
        f"{_n(s['sessions'], 'séance')}, {_n(s['deliberations'], 'délibération')}.",
        "",
        f"**{s['checks']} contrôles : {s['passed']} respectés, {s['failed']} en échec, "
        f"{s.get('not_checked', 0)} non {_w(s.get('not_checked', 0), 'vérifié')}.** "
        f"{s['findings']} constats : {sev['error']} erreurs, {sev['warning']} avertissements, "
        f"{sev['info']} informations.",
        "",
        *_coverage_md(report),
        f"**{verdict(report)}**",
        "",
        "## Documents",
        "",
        "| document | état | type | pages | séances | délibérations | erreurs | avert. |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for d in report["documents"]:
        status = STATUS_FR.get(d["status"], d["status"])
        if d["message"]:
            status += f" ({d['message']})"
        lines.append(
            f"| {_md_cell(d['document'])} | {_md_cell(status)} | "
            f"{KIND_FR.get(d['kind'] or '', '')} | {_md_cell(d['pages'])} | "
            f"{_md_cell(d['sessions'])} | {_md_cell(d['deliberations'])} | "
            f"{_md_cell(d['findings_error'])} | {_md_cell(d['findings_warning'])} |"
        )
    lines += [
        "",
        "## Contrôles par séance et délibération",
        "",
        "| séance / délibération | contrôles | respectés | en échec | constats |",
        "|---|---|---|---|---|",
    ]
    for se in report["sessions"]:
        lines.append(
            f"| **{_md_cell(se['label'])}** ({_md_cell(se['document'])}) | {se['checks']} | "
            f"{se['passed']} | {se['failed']} | {se['findings']} |"
        )
        for d in se["deliberations"]:
            lines.append(
                f"| ↳ {_md_cell(d['number'])} {_md_cell(d['title'])} | {d['checks']} | "
                f"{d['passed']} | {d['failed']} | {d['findings']} |"
            )
    lines += [
        "",
        "## Contrôles juridiques",
        "",
        "| séance | règle | résultat | contrôle (premier extrait) | contrôles |",
        "|---|---|---|---|---|",
    ]
    for r in report["legal"]:
        lines.append(
            f"| {_md_cell(r['session'])} | `{r['rule']}` | "
            f"{'respecté' if r['status'] == 'pass' else '**en échec**'} | "
            f"{_md_cell(r['message'])} | {r['count']} |"
        )
    lines += [
        "",
        "## Par règle",
        "",
        "| règle | gravité | contrôles | respectés | en échec | constats |",
        "|---|---|---|---|---|---|",
    ]
    for r in report["rules"]:
        lines.append(
            f"| `{r['rule']}` | {SEVERITY_FR.get(r['severity'] or '', '')} | {r['checks']} | "
            f"{r['passed']} | {r['failed']} | {r['findings']} |"
        )
    lines += ["", "## Constats", ""]
    if not report["findings"]:
        lines.append("Aucun constat.")
    for f in report["findings"]:
        where = ", ".join(
            _md_cell(x)
            for x in (
                f["document"],
                f"p. {f['page']}" if f["page"] else None,
                f["deliberation"],
            )
            if x
        )
        lines += [
            f"### {SEVERITY_FR[f['severity']].capitalize()} — `{f['rule']}` ({where})",
            "",
            _md_cell(f["message"]),
            "",
        ]
        if f["expected"] is not None or f["observed"] is not None:
            diff = f" — écart {_md_cell(f['difference'])}" if f["difference"] else ""
            expected, observed = _md_cell(f["expected"]) or "—", _md_cell(f["observed"]) or "—"
            lines += [f"Attendu : {expected} · constaté : {observed}{diff}", ""]
        if f["evidence"]:
            quoted = _marked(f["evidence"], f["highlights"], "**", "**", display.markdown)
            lines += [f"> {quoted}", ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
:root{--err:#b3261e;--warn:#8a5a00;--info:#33557a;--ok:#2e6b30;--line:#d9d9de;--bg:#f6f6f8}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d22;
background:#fff}
header{background:#1f3550;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85}
main{padding:8px 28px 40px;max-width:1200px}
h2{font-size:18px;margin:28px 0 10px;border-bottom:2px solid var(--line);padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:16px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:150px;
background:var(--bg)}
.card b{display:block;font-size:24px}
.card.err b{color:var(--err)} .card.warn b{color:var(--warn)} .card.ok b{color:var(--ok)}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.session td{background:#eef2f7;font-weight:600}
tr.delib td:first-child{padding-left:26px}
.fail{color:var(--err);font-weight:700}
.badge{display:inline-block;border-radius:10px;padding:1px 9px;font-size:12px;font-weight:600;
color:#fff}
.badge.error{background:var(--err)} .badge.warning{background:var(--warn)}
.badge.info{background:var(--info)}
.filters{display:flex;gap:16px;align-items:center;margin:8px 0 14px;flex-wrap:wrap}
select{font:inherit;padding:3px 6px}
.finding{border:1px solid var(--line);border-left:6px solid var(--info);border-radius:6px;
padding:10px 14px;margin:0 0 12px}
.finding.error{border-left-color:var(--err)} .finding.warning{border-left-color:var(--warn)}
.finding .where{color:#555;font-size:13px;margin:4px 0}
.finding .msg{margin:6px 0}
.finding blockquote{margin:8px 0 4px;padding:6px 12px;background:var(--bg);
border-left:3px solid #999;font-family:Georgia,serif}
mark{background:#ffe066;padding:0 2px;border-radius:2px;font-weight:700}
.values{font-size:14px} .values span{margin-right:16px}
code{font-size:13px}
.muted{color:#666}
.verdict{font-size:17px;font-weight:700;margin:14px 0 4px}
.verdict.good{color:var(--ok)} .verdict.bad{color:var(--err)}
td.msg{font-size:13px}
"""

_JS = """
(function(){
  var sev=document.getElementById('f-sev'), rule=document.getElementById('f-rule');
  var count=document.getElementById('f-count');
  function apply(){
    var shown=0;
    document.querySelectorAll('.finding').forEach(function(el){
      var s=el.dataset.severity;
      var okSev=!sev.value||s===sev.value||(sev.value==='ew'&&(s==='error'||s==='warning'));
      var ok=okSev&&(!rule.value||el.dataset.rule===rule.value);
      el.hidden=!ok; if(ok){shown++;}
    });
    var total=document.querySelectorAll('.finding').length;
    count.textContent=shown+' constat'+(shown>1?'s':'')+' affiché'+(shown>1?'s':'')+' sur '+total;
  }
  sev.addEventListener('change',apply); rule.addEventListener('change',apply);
  document.querySelectorAll('[data-filter-rule]').forEach(function(a){
    a.addEventListener('click',function(ev){ev.preventDefault();rule.value=a.dataset.filterRule;
      sev.value='';apply();document.getElementById('constats').scrollIntoView();});
  });
  apply();
})();
"""


def _n(count: int, noun: str) -> str:
    """ "1 document", "8 documents"."""
    return f"{count} {noun}{'s' if count > 1 else ''}"


def _w(count: int, words: str) -> str:
    """The words for ``count``: "1 erreur", "2 erreurs", "2 contrôles effectués"."""
    return words if abs(count) < 2 else " ".join(w + "s" for w in words.split(" "))


def _e(value: object) -> str:
    return "" if value is None else html.escape(str(value))


def render_html(report: dict[str, Any]) -> str:
    s = report["summary"]
    sev = s["findings_by_severity"]
    esc = _e
    parts = [
        "<!DOCTYPE html>",
        '<html lang="fr"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(report['title'])}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>{esc(report['title'])}</h1>",
        f"<p>{_n(s['documents'], 'document')} · {_n(s['sessions'], 'séance')} · "
        f"{_n(s['deliberations'], 'délibération')} — dossier "
        f"<code>{esc(report['out_dir'])}</code></p></header><main>",
        '<div class="cards">',
        f'<div class="card"><b>{s["checks"]}</b>{_w(s["checks"], "contrôle effectué")}</div>',
        f'<div class="card ok"><b>{s["passed"]}</b>{_w(s["passed"], "respecté")}</div>',
        f'<div class="card err"><b>{s["failed"]}</b>en échec</div>',
        f'<div class="card"><b>{s.get("not_checked", 0)}</b>non '
        f"{_w(s.get('not_checked', 0), 'vérifié')}</div>",
        f'<div class="card err"><b>{sev["error"]}</b>{_w(sev["error"], "erreur")}</div>',
        f'<div class="card warn"><b>{sev["warning"]}</b>'
        f"{_w(sev['warning'], 'avertissement')}</div>",
        f'<div class="card"><b>{sev["info"]}</b>{_w(sev["info"], "information")}</div>',
        "</div>",
        f'<p class="verdict {"bad" if sev["error"] else "good"}">{esc(verdict(report))}</p>',
        *_coverage_html(report),
        '<p class="muted">Chaque contrôle confronte ce que le document imprime à lui-même '
        "(décomptes, listes, votes) ou au droit en vigueur à la date de la séance (quorum, "
        "pouvoirs, délai de convocation, tampon de la préfecture). Un contrôle en échec devient "
        "un constat, cité ci-dessous avec l'extrait du document.</p>",
    ]

    # Findings first: they are what a clerk has to act on.
    parts += [
        '<h2 id="constats">Constats</h2>',
        # Errors and warnings by default: information findings (e.g. extracts without a
        # decision) are one click away but do not bury what needs acting on.
        '<div class="filters"><label>Gravité <select id="f-sev">'
        '<option value="ew" selected>erreurs et avertissements</option>'
        '<option value="">toutes</option>',
    ]
    for k in SEVERITY_ORDER:
        parts.append(f'<option value="{k}">{SEVERITY_FR[k]}</option>')
    parts.append(
        '</select></label><label>Règle <select id="f-rule"><option value="">toutes</option>'
    )
    for rid in sorted({f["rule"] for f in report["findings"]}):
        parts.append(f'<option value="{esc(rid)}">{esc(rid)}</option>')
    parts.append('</select></label><span id="f-count" class="muted"></span></div>')
    if not report["findings"]:
        parts.append("<p>Aucun constat : tous les contrôles sont respectés.</p>")
    for f in report["findings"]:
        where = " · ".join(
            x
            for x in (
                esc(f["document"]),
                f"page {f['page']}" if f["page"] else None,
                f"délibération {esc(f['deliberation'])}" if f["deliberation"] else None,
                esc(f["session"]) if f["session"] else None,
            )
            if x
        )
        parts += [
            f'<article class="finding {esc(f["severity"])}" data-severity="{esc(f["severity"])}" '
            f'data-rule="{esc(f["rule"])}">',
            f'<span class="badge {esc(f["severity"])}">{SEVERITY_FR[f["severity"]]}</span> '
            f"<code>{esc(f['rule'])}</code>",
            f'<div class="where">{where}</div>',
            f'<div class="msg">{esc(f["message"])}</div>',
        ]
        if f["expected"] is not None or f["observed"] is not None:
            diff = f"<span>écart : <b>{esc(f['difference'])}</b></span>" if f["difference"] else ""
            parts.append(
                f'<div class="values"><span>attendu : <b>{esc(f["expected"] or "—")}</b></span>'
                f"<span>constaté : <b>{esc(f['observed'] or '—')}</b></span>{diff}</div>"
            )
        if f["evidence"]:
            page = f" (page {f['page']})" if f["page"] else ""
            parts.append(
                f"<blockquote>« {_marked(f['evidence'], f['highlights'], '<mark>', '</mark>')} »"
                f'<span class="muted">{page}</span></blockquote>'
            )
        parts.append("</article>")

    parts += [
        "<h2>Contrôles juridiques</h2>",
        '<p class="muted">Quorum, pouvoirs, délai de convocation et tampon de la préfecture, '
        "selon le droit en vigueur à la date de chaque séance (article et régime cités). Les "
        "extraits d'une même séance reprennent la même feuille de présence : une ligne par "
        "séance et par règle.</p>",
        "<table><thead><tr><th>séance</th><th>règle</th><th>résultat</th>"
        '<th>contrôle (premier extrait)</th><th class="n">contrôles</th></tr></thead><tbody>',
    ]
    for r in report["legal"]:
        result = (
            '<span class="badge info" style="background:var(--ok)">respecté</span>'
            if r["status"] == "pass"
            else '<span class="badge error">en échec</span>'
        )
        parts.append(
            f"<tr><td>{esc(r['session'])}</td><td><code>{esc(r['rule'])}</code></td>"
            f'<td>{result}</td><td class="msg">{esc(r["message"])}</td>'
            f'<td class="n">{r["count"]}</td></tr>'
        )
    parts.append("</tbody></table>")

    parts += [
        "<h2>Contrôles par règle</h2>",
        "<table><thead><tr><th>règle</th><th>gravité</th><th>ce qui est vérifié</th>"
        '<th class="n">contrôles</th><th class="n">respectés</th><th class="n">en échec</th>'
        '<th class="n">constats</th></tr></thead><tbody>',
    ]
    for r in report["rules"]:
        failed = f'<span class="fail">{r["failed"]}</span>' if r["failed"] else "0"
        link = (
            f'<a href="#constats" data-filter-rule="{esc(r["rule"])}">{r["findings"]}</a>'
            if r["findings"]
            else "0"
        )
        parts.append(
            f"<tr><td><code>{esc(r['rule'])}</code></td>"
            f"<td>{SEVERITY_FR.get(r['severity'] or '', '')}</td><td>{esc(r['description'])}</td>"
            f'<td class="n">{r["checks"]}</td><td class="n">{r["passed"]}</td>'
            f'<td class="n">{failed}</td><td class="n">{link}</td></tr>'
        )
    parts.append("</tbody></table>")

    parts += [
        "<h2>Contrôles par séance et délibération</h2>",
        "<table><thead><tr><th>séance / délibération</th><th>document</th>"
        '<th class="n">contrôles</th><th class="n">respectés</th><th class="n">en échec</th>'
        '<th class="n">constats</th></tr></thead><tbody>',
    ]
    for se in report["sessions"]:
        failed = f'<span class="fail">{se["failed"]}</span>' if se["failed"] else "0"
        parts.append(
            f'<tr class="session"><td>{esc(se["label"])}</td><td>{esc(se["document"])}</td>'
            f'<td class="n">{se["checks"]}</td><td class="n">{se["passed"]}</td>'
            f'<td class="n">{failed}</td><td class="n">{se["findings"]}</td></tr>'
        )
        for d in se["deliberations"]:
            failed = f'<span class="fail">{d["failed"]}</span>' if d["failed"] else "0"
            parts.append(
                f'<tr class="delib"><td>{esc(d["number"])} — {esc(d["title"])}</td><td></td>'
                f'<td class="n">{d["checks"]}</td><td class="n">{d["passed"]}</td>'
                f'<td class="n">{failed}</td><td class="n">{d["findings"]}</td></tr>'
            )
    parts.append("</tbody></table>")

    parts += [
        "<h2>Documents</h2>",
        "<table><thead><tr><th>document</th><th>état</th><th>type</th><th class='n'>pages</th>"
        "<th class='n'>séances</th><th class='n'>délibérations</th><th class='n'>erreurs</th>"
        "<th class='n'>avertissements</th></tr></thead><tbody>",
    ]
    for d in report["documents"]:
        status = esc(STATUS_FR.get(d["status"], d["status"]))
        if d["message"]:
            status += f'<div class="muted">{esc(d["message"])}</div>'
        parts.append(
            f"<tr><td>{esc(d['document'])}</td><td>{status}</td>"
            f"<td>{esc(KIND_FR.get(d['kind'] or '', ''))}</td><td class='n'>{esc(d['pages'])}</td>"
            f"<td class='n'>{esc(d['sessions'])}</td><td class='n'>{esc(d['deliberations'])}</td>"
            f"<td class='n'>{esc(d['findings_error'])}</td>"
            f"<td class='n'>{esc(d['findings_warning'])}</td></tr>"
        )
    parts += [
        "</tbody></table>",
        f'<p class="muted">delib {esc(report["pipeline_version"] or "")} — règles : '
        "<code>delib rules</code>, données : <code>delib query</code>.</p>",
        f"</main><script>{_JS}</script></body></html>",
    ]
    return "\n".join(parts) + "\n"


RENDERERS = {"html": render_html, "md": render_markdown, "json": render_json}


def write_report(out_dir: Path, fmt: str = "html", dest: Path | None = None) -> Path:
    """Render the report of ``out_dir`` in ``fmt`` and write it (default: out_dir/report.<fmt>)."""
    report = build_report(out_dir)
    path = dest or out_dir / f"report.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RENDERERS[fmt](report), encoding="utf-8")
    return path


@click.command("report")
@data_option()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(RENDERERS)),
    default="html",
    show_default=True,
    help="html : une page autonome ; md : pour un courriel ou une revue de code ; json : pour "
    "un programme.",
)
@output_option("DATA/report.FORMAT")
@usage_errors
def report_cmd(data_dir: Path, fmt: str, dest: Path | None) -> None:
    """Résume une ingestion : documents, contrôles par séance et délibération, constats avec
    leurs preuves. Affiche le chemin du rapport écrit."""
    click.echo(write_report(data_dir, fmt, dest))

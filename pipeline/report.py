"""Consistency report: the data of :mod:`pipeline.report_data` in three formats.

- HTML (``templates/report.html.j2``): a single self-contained page (inline CSS and
  JavaScript, no network) with the documents and their status, checks run / passed /
  failed per session and deliberation, every finding with its evidence quoted from the
  document (page, the sentence with its figures highlighted), expected against observed
  and the difference, filters by severity and rule, counts by rule;
- Markdown (``templates/report.md.j2``), for an email or a pull request;
- JSON, for machines: the :func:`~pipeline.report_data.build_report` dictionary as is.

Every format shows the same content: the templates only lay out the data, and the
sentences they print come from :mod:`pipeline.report_data`.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from pipeline import display
from pipeline.french import plural
from pipeline.report_data import (
    KIND_FR,
    SEVERITY_FR,
    SEVERITY_ORDER,
    STATUS_FR,
    build_report,
    coverage_sentences,
    verdict,
    words,
)

Report = dict[str, Any]

# What the templates may use besides the report: labels, and the sentences and plurals
# of pipeline.report_data (every format must say the same thing).
TEMPLATE_GLOBALS: dict[str, Any] = {
    "SEVERITY_ORDER": SEVERITY_ORDER,
    "SEVERITY_FR": SEVERITY_FR,
    "STATUS_FR": STATUS_FR,
    "KIND_FR": KIND_FR,
    "coverage_sentences": coverage_sentences,
    "plural": plural,
    "verdict": verdict,
    "words": words,
}


def marked(
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


def _html_value(value: object) -> object:
    """Every value the page prints, escaped by ``html.escape``.

    Autoescaping would escape with MarkupSafe, which spells quotes ``&#34;`` and ``&#39;``
    where ``html.escape`` writes ``&quot;`` and ``&#x27;``: escaping here (and handing
    Jinja a Markup it leaves alone) keeps the page byte for byte what it has always been.
    None prints as nothing, like a missing value in the tables.
    """
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


@functools.cache
def _environment(fmt: str) -> jinja2.Environment:
    """The templates' environment for ``fmt`` ("html" or "md"), built once."""
    html_page = fmt == "html"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline", "templates"),
        # one template line is one line of output (see the templates' header)
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # document text is escaped for the page; Markdown escapes it with its own filter
        autoescape=html_page,
        finalize=_html_value if html_page else None,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(TEMPLATE_GLOBALS)
    if html_page:
        env.filters["marked"] = lambda text, spans, o, c: Markup(marked(text, spans, o, c))
    else:
        env.filters["md"] = display.markdown
        env.filters["marked"] = lambda text, spans, o, c: marked(
            text, spans, o, c, display.markdown
        )
    return env


def render_html(report: Report) -> str:
    return _environment("html").get_template("report.html.j2").render(report=report)


def render_markdown(report: Report) -> str:
    text = _environment("md").get_template("report.md.j2").render(report=report)
    return text.rstrip() + "\n"


def render_json(report: Report) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "html": render_html,
    "md": render_markdown,
    "json": render_json,
}


def write_report(out_dir: Path, fmt: str = "html", dest: Path | None = None) -> Path:
    """Render the report of ``out_dir`` in ``fmt`` and write it (default: out_dir/report.<fmt>)."""
    report = build_report(out_dir)
    path = dest or out_dir / f"report.{fmt}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RENDERERS[fmt](report), encoding="utf-8")
    return path

"""The consistency report: content on the sample corpus, one broken fact made visible, and
the HTML page rendered in a real browser (headless Chromium) when one is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import report_cmd
from pipeline.report import render_html
from pipeline.report_data import build_report, difference, highlights
from tests.conftest import REGISTER_2022, ROOT
from tests.corpus_output import corpus_output, ingest_into

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def broken_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The June 2022 register with its first count block saying 12 voters instead of 11."""
    tmp = tmp_path_factory.mktemp("broken")
    text = REGISTER_2022.read_text(encoding="utf-8")
    assert text.count(" Votants 11 ") >= 1
    raw = tmp / "raw"
    raw.mkdir()
    (raw / REGISTER_2022.name).write_text(text.replace(" Votants 11 ", " Votants 12 ", 1))
    return ingest_into(tmp / "processed", raw)


def test_difference_and_highlights() -> None:
    assert difference("≥ 6", "8") == "+2"
    assert difference("11", "12") == "+1"
    assert difference("≥ 2022-06-29", "2022-06-28") == "-1 jour"
    assert difference("2022-06-29", "2022-07-19") == "+20 jours"
    assert difference("27 560 €", "26 000 €") == "-1\u00a0560 €"
    assert difference("697,97 €", "700 €") == "+2,03 €"
    assert difference("11", "12 €") is None  # a count against an amount: no difference
    assert difference("une phrase de décision", "aucune") is None
    ev = "En exercice 18 Présents 8 (8 titulaires) Pouvoir(s) 3 Absent(s) 7 Votants 12"
    marked = [ev[s:e] for s, e in highlights(ev, "11", "12")]
    assert marked == ["12"]
    assert highlights("Convention PASIP", "une phrase", "aucune") == []
    table_line = "70 - Produits des services 26 000,00 60-ACHATS 36 100,00"
    assert [table_line[s:e] for s, e in highlights(table_line, "27 560 €", "26 000 €")] == [
        "26 000,00"
    ]
    # the message names the deliberation: "CS2022/20" is a reference, not the figure 2022
    schedule = "un deuxième versement, en novembre 2022, égal à 30 % : (5 953 €)"
    message = "CS2022/20 : Le total indiqué (19 845 €) … (5 343 € + 5 953 € = 19 844 €)"
    assert [schedule[s:e] for s, e in highlights(schedule, "19 844 €", message)] == ["5 953"]


def test_report_on_the_corpus_counts_what_the_tables_hold() -> None:
    report = build_report(corpus_output())
    s = report["summary"]
    assert s["documents"] == 8
    assert s["deliberations"] == 19
    assert s["sessions"] == 7
    assert s["checks"] == s["passed"] + s["failed"]
    # the commune's minutes print no name: the report says where the name comes from
    labels = [se["label"] for se in report["sessions"]]
    assert (
        sum(
            "Commune de Couthenans — Conseil municipal (nom d'après le registre)" in x
            for x in labels
        )
        == 3
    )
    assert not any("registre" in x for x in labels if "Lot numérique" in x)
    # every extract has its row under its session, with its own checks
    numbers = [d["number"] for se in report["sessions"] for d in se["deliberations"]]
    assert sorted(numbers) == [f"CS2019/{n:02d}" for n in range(1, 14)] + [
        f"CS2022/{n}" for n in range(16, 22)
    ]
    assert all(d["checks"] > 0 for se in report["sessions"] for d in se["deliberations"])
    # the legal rules ran: 19 extracts + 2 annexed minutes + 3 Couthenans minutes
    by_rule = {r["rule"]: r for r in report["rules"]}
    assert by_rule["legal.quorum"]["checks"] == 24
    assert by_rule["legal.quorum"]["failed"] == 0
    june = [
        r for r in report["legal"] if r["rule"] == "legal.quorum" and "29/06/2022" in r["session"]
    ]
    assert len(june) == 1 and june[0]["count"] == 6 and "loi n° 2021-1465" in june[0]["message"]
    # the repeated item 13 of Couthenans, 24 February 2023 ("13/ Fréquence des conseils")
    dup = [f for f in report["findings"] if f["rule"] == "items.duplicate"]
    assert [(w["severity"], w["document"], w["page"], w["observed"]) for w in dup] == [
        ("warning", "couthenans_cm_2023-02-24.pdf", 3, "13")
    ]


def test_broken_count_is_reported_with_evidence(broken_output: Path) -> None:
    report = build_report(broken_output)
    (f,) = [f for f in report["findings"] if f["rule"] == "counts.voters"]
    assert f["severity"] == "error" and f["deliberation"] == "CS2022/16"
    assert (f["expected"], f["observed"], f["difference"]) == ("11", "12", "+1")
    assert f["page"] == 1
    assert "Votants 12" in f["evidence"]
    # the operands the message spells out (8 présents + 3 pouvoirs = 11 ≠ 12) are marked
    # where the block prints them; 18 in office and 7 absent are not part of the relation
    assert [f["evidence"][s:e] for s, e in f["highlights"]] == ["8", "8", "3", "12"]
    cs16 = next(
        d for se in report["sessions"] for d in se["deliberations"] if d["number"] == "CS2022/16"
    )
    assert cs16["failed"] >= 1 and cs16["checks"] == cs16["passed"] + cs16["failed"]


def test_three_formats_carry_the_same_finding(broken_output: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    outputs = {}
    for fmt in ("html", "md", "json"):
        dest = tmp_path / f"r.{fmt}"
        res = runner.invoke(
            report_cmd, ["--data", str(broken_output), "--format", fmt, "--output", str(dest)]
        )
        assert res.exit_code == 0, res.output
        assert res.output.strip() == str(dest)
        outputs[fmt] = dest.read_text(encoding="utf-8")
    data = json.loads(outputs["json"])
    assert any(f["rule"] == "counts.voters" for f in data["findings"])
    assert "counts.voters" in outputs["md"] and "**12**" in outputs["md"]
    assert "<mark>12</mark>" in outputs["html"]
    assert "Votants <mark>12</mark>" in outputs["html"]


def test_report_command_default_path(tmp_path: Path) -> None:
    res = CliRunner().invoke(report_cmd, ["--data", str(tmp_path / "nothing")])
    assert res.exit_code == 2 and "delib ingest" in res.output


def test_html_is_self_contained(broken_output: Path) -> None:
    page = render_html(build_report(broken_output))
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    assert page.count("<script>") == 1 and "<style>" in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed (CI installs it)")
def test_report_renders_in_headless_chromium(broken_output: Path, tmp_path: Path) -> None:
    report = build_report(broken_output)
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    base = [_chromium(), *CHROMIUM_FLAGS]

    dom = subprocess.run(
        [*base, f"--user-data-dir={tmp_path / 'profile-dom'}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    console = [line for line in dom.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], console  # no JavaScript error, no console output at all
    html = dom.stdout
    # the script ran: the counter was filled in, errors and warnings shown by default
    m = re.search(r'id="f-count"[^>]*>(\d+) constats? affichés? sur (\d+)<', html)
    assert m, html[-3000:]
    important = [f for f in report["findings"] if f["severity"] in ("error", "warning")]
    assert (int(m.group(1)), int(m.group(2))) == (len(important), len(report["findings"]))
    assert "Votants <mark>12</mark>" in html
    assert "counts.voters" in html and "quorum atteint" in html

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    res = subprocess.run(
        [
            *base,
            f"--user-data-dir={tmp_path / 'profile-shot'}",
            "--window-size=1280,1800",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr[-2000:]
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank image

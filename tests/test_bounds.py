"""A document's figures never crash the commit: values out of their column's range are
nulled and said in a finding of that document (pipeline/bounds.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pipeline.bounds import RULE, bound_rows
from pipeline.ingest import ingest
from pipeline.store import read_table, to_arrow
from schemas.tables import TABLES
from tests.conftest import REGISTER_2019


def _quote(start: int | None, end: int | None) -> str | None:
    return None if start is None else f"[{start}:{end}]"


def test_values_that_do_not_fit_are_nulled_with_a_finding() -> None:
    tables = {
        "deliberations": [
            {"deliberation_id": "d1", "present": 10**21, "voters": 13, "char_start": 5}
        ],
        "amounts": [
            {"amount_id": "a1", "value": Decimal(10) ** 22, "char_start": 7, "char_end": 9},
            {"amount_id": "a2", "value": Decimal("12.5"), "char_start": 1, "char_end": 2},
            {"amount_id": "a3", "value": Decimal("0.001")},  # a rounding would lie
            {"amount_id": "a4", "value": Decimal("NaN")},
        ],
        "sessions": [{"session_id": "s", "date": dt.date(2019, 2, 1), "present": -(2**31) - 1}],
        "findings": [],
    }
    # rows as the pipeline builds them, with every column of their table (to_arrow
    # refuses a row lacking one): the values under test are those above
    tables = {n: [{**dict.fromkeys(TABLES[n].names), **r} for r in rs] for n, rs in tables.items()}
    findings = bound_rows(tables, "doc", _quote)
    assert [f["rule"] for f in findings] == [RULE] * 5
    assert tables["deliberations"][0]["present"] is None
    assert tables["deliberations"][0]["voters"] == 13
    assert [a["value"] for a in tables["amounts"]] == [None, Decimal("12.5"), None, None]
    assert tables["sessions"][0]["date"] == dt.date(2019, 2, 1)
    assert tables["sessions"][0]["present"] is None
    first = findings[0]
    assert "deliberations.present" in first["message"] and first["severity"] == "error"
    assert first["observed"] == "1000000000000000000000"
    assert first["deliberation_id"] == "d1"
    assert findings[1]["evidence"] == "[7:9]"
    # every row now converts; findings rows too
    for name, rows in tables.items():
        to_arrow(TABLES[name], rows)
    to_arrow(TABLES["findings"], findings)


@pytest.fixture(scope="module")
def hostile_registers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bounds")
    text = REGISTER_2019.read_text(encoding="utf-8")
    assert " Présents 13 (" in text and "2 487 500 €" in text
    (folder / "count.txt").write_text(
        text.replace(" Présents 13 (", " Présents 999999999999999999999 (", 1), encoding="utf-8"
    )
    (folder / "amount.txt").write_text(
        text.replace("2 487 500 €", "10 000 000 000 000 000 000 000 €", 1), encoding="utf-8"
    )
    return folder


def test_overflowing_count_and_amount_are_findings_not_a_crash(
    hostile_registers: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = ingest([hostile_registers], out)
    assert [r.document["status"] for r in report] == ["ok", "ok"]
    findings = read_table(out, "findings").to_pylist()
    bounded = sorted(f["message"] for f in findings if f["rule"] == RULE)
    assert len(bounded) == 2
    assert "amounts.value" in bounded[0] and "10000000000000000000000" in bounded[0]
    assert "deliberations.present" in bounded[1] and "999999999999999999999" in bounded[1]
    docs = {Path(d["source_path"]).name: d for d in read_table(out, "documents").to_pylist()}
    assert docs["count.txt"]["findings_error"] >= 1
    # the rest of each document is kept: 13 deliberations each, the value left empty
    delibs = read_table(out, "deliberations").to_pylist()
    assert len(delibs) == 26
    assert sum(d["present"] is None for d in delibs) >= 1
    # a second run over the same files keeps working (no file locks the run)
    assert all(not r.failed for r in ingest([hostile_registers], out, force=True))

"""End to end on the sample corpus: the records must equal the ground truth read by hand
(tests/fixtures/expected/*.yaml, see its README). Nothing here is derived from the
program's own output."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from parsers.extract import extract_document
from parsers.records import Attendance, ExtractedDocument, SessionRecord, VoteTally
from tests.conftest import COUTHENANS, REGISTER_2019, REGISTER_2022, ROOT, normalized_text

EXPECTED = ROOT / "tests" / "fixtures" / "expected"
DOCUMENTS = [REGISTER_2019, REGISTER_2022, *COUTHENANS]


@cache
def expected(path: Path) -> dict[str, Any]:
    return yaml.safe_load((EXPECTED / f"{path.stem}.yaml").read_text(encoding="utf-8"))


@cache
def extracted(path: Path) -> ExtractedDocument:
    return extract_document(normalized_text(path))


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(value)


def attendees_of(att: Attendance) -> list[dict[str, Any]]:
    return [
        {
            "name": a.person.name,
            "civility": a.person.civility,
            "college": a.college,
            "status": a.status,
            "mode": a.attendance_mode,
            "replaces": a.replaces,
        }
        for a in att.attendees
    ]


def counts_of(att: Attendance) -> dict[str, int | None]:
    c = att.counts
    names = (
        "members_in_office",
        "present",
        "present_titular",
        "present_substitute",
        "proxies",
        "absent",
        "voters",
    )
    return {n: getattr(c, n) for n in names}


def proxies_of(att: Attendance) -> list[dict[str, str]]:
    return [{"giver": p.giver, "holder": p.holder} for p in att.proxies]


def vote_of(v: VoteTally) -> dict[str, Any]:
    return {
        "decision_verb": v.decision_verb,
        "outcome": v.outcome,
        "unanimous": v.unanimous,
        "votes_for": v.votes_for,
        "votes_against": v.votes_against,
        "abstentions": v.abstentions,
        "not_taking_part": v.not_taking_part,
        "decisions_count": len(v.decisions),
    }


def expected_vote(v: dict[str, Any]) -> dict[str, Any]:
    return {k: v[k] for k in (*vote_of(VoteTally(None, None, None)).keys(),)}


def match_session(doc: ExtractedDocument, spec: dict[str, Any]) -> SessionRecord:
    date = _date(spec["date"])
    found = [
        s for s in doc.sessions if s.source_kind == spec["source_kind"] and s.info.date == date
    ]
    assert len(found) == 1, f"session {spec['key']} ({date}) found {len(found)} times"
    return found[0]


def session_cases() -> list[tuple[Path, str]]:
    return [(p, s["key"]) for p in DOCUMENTS for s in expected(p)["sessions"]]


def spec_of(path: Path, key: str) -> dict[str, Any]:
    return next(s for s in expected(path)["sessions"] if s["key"] == key)


CASE_IDS = [f"{p.stem}:{k}" for p, k in session_cases()]


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_kind_and_session_count(path: Path) -> None:
    doc = extracted(path)
    assert doc.kind == expected(path)["kind"]
    assert len(doc.sessions) == len(expected(path)["sessions"])


@pytest.mark.parametrize(("path", "key"), session_cases(), ids=CASE_IDS)
def test_session_header(path: Path, key: str) -> None:
    spec = spec_of(path, key)
    s = match_session(extracted(path), spec)
    got = {
        "organisation": s.info.organisation,
        "body": s.info.body,
        "place": s.info.place,
        "attendance_mode": s.info.attendance_mode,
        "president": s.info.president,
        "convocation_date": s.info.convocation_date,
        "opened_at": s.info.opened_at,
        "closed_at": s.info.closed_at,
        "parent_deliberation": s.parent_number,
    }
    want = {k: spec[k] for k in got}
    want["convocation_date"] = _date(want["convocation_date"])
    assert got == want


@pytest.mark.parametrize(("path", "key"), session_cases(), ids=CASE_IDS)
def test_session_attendance(path: Path, key: str) -> None:
    spec = spec_of(path, key)
    s = match_session(extracted(path), spec)
    assert counts_of(s.attendance) == spec["counts"]
    assert attendees_of(s.attendance) == spec["attendees"]
    assert proxies_of(s.attendance) == spec["proxies"]


@pytest.mark.parametrize(("path", "key"), session_cases(), ids=CASE_IDS)
def test_minutes_items_and_votes(path: Path, key: str) -> None:
    spec = spec_of(path, key)
    s = match_session(extracted(path), spec)
    assert [(i.number, i.title) for i in s.items] == [
        (i["number"], i["title"]) for i in spec.get("items", [])
    ]
    for item, want in zip(s.items, spec.get("items", []), strict=True):
        got_votes = [vote_of(v) for v in item.votes]
        assert got_votes == [expected_vote(v) for v in want["votes"]], f"point {item.number}"
        for v, w in zip(item.votes, want["votes"], strict=True):
            if w.get("first_decision") and v.decisions:
                assert v.decisions[0].startswith(w["first_decision"].rstrip(" ;:.,")), item.number


@pytest.mark.parametrize("path", [REGISTER_2019, REGISTER_2022], ids=lambda p: p.stem)
def test_deliberations(path: Path) -> None:
    doc = extracted(path)
    specs = expected(path)["deliberations"]
    assert [d.number for d in doc.deliberations] == [d["number"] for d in specs]
    sessions = {s["key"]: s for s in expected(path)["sessions"]}
    for d, spec in zip(doc.deliberations, specs, strict=True):
        assert d.title == spec["title"], d.number
        assert d.has_decision == spec["has_decision_text"], d.number
        assert (d.vote is None) == (spec["vote"] is None), d.number
        assert list(d.annexes) == spec["annexes"], d.number
        assert counts_of(d.attendance) == spec["counts"], d.number
        if spec["stamp"] is None:
            assert d.stamp is None, d.number
        else:
            assert d.stamp is not None, d.number
            assert d.stamp.act_id == spec["stamp"]["act_id"]
            assert d.stamp.received == _date(spec["stamp"]["received"])
            assert d.stamp.published == _date(spec["stamp"]["published"])
        session = sessions[spec["session"]]
        if spec.get("attendance_same_as_session", True):
            assert attendees_of(d.attendance) == session["attendees"], d.number
            assert proxies_of(d.attendance) == session["proxies"], d.number
        assert d.info.date == _date(session["date"]), d.number


@pytest.mark.parametrize(("path", "key"), session_cases(), ids=CASE_IDS)
def test_interventions(path: Path, key: str) -> None:
    spec = spec_of(path, key)
    s = match_session(extracted(path), spec)
    got = [(i.item_number, i.speaker, i.speaker_raw) for i in s.interventions]
    want = [(i["item"], i["speaker"], i["speaker_raw"]) for i in spec.get("interventions", [])]
    assert got == want

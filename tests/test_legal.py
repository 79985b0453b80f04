"""Legal rules on the sample registers and on variants of them built by hand.

Expected values are read off the documents and the law:
- 29 June 2022 (lot-numerique_comite-syndical_2022-06-29.txt L56-64): 18 in office, 8
  present, 3 proxies, one proxy each; convocation 22 June 2022 (L67). Under loi 2021-1465
  (10 Nov 2021 – 31 Jul 2022) a third suffices: ceil(18 / 3) = 6 ≤ 8. A month later the
  ordinary rule (CGCT L2121-17) wants more than half: 18 // 2 + 1 = 10 > 8.
- 1 February 2019: 13 present of 18 (≥ 10); the annexed minutes of 19 July 2018: 11 of 18.
- Convocation 22 → 29 June 2022: the 23rd to the 28th, 6 clear days.
- Couthenans, 28 October 2022 (informal minutes, no counts): 7 present, 4 excused with
  proxy, 2 absent = 13 listed; more than half of 13 is 7 — the minutes themselves say
  "minimum 7 élus".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from parsers.extract import extract_document
from parsers.records import (
    Attendance,
    Attendee,
    ExtractedDocument,
    Person,
    Proxy,
    SessionInfo,
    SessionRecord,
)
from pipeline.bodies import (
    Body,
    Registry,
    clear_days,
    convocation_rule,
    quorum_regime,
    registry,
    use_registry,
)
from pipeline.validate import validate
from tests.conftest import COUTHENANS, REGISTER_2019, REGISTER_2022, normalized_text

LEGAL = (
    "legal.quorum",
    "legal.quorum_disputed",
    "legal.proxies_per_member",
    "legal.convocation_delay",
    "legal.actes_id",
    "legal.actes_match",
    "legal.prefecture_dates",
)
MAIN_2022 = "comite-syndical-2022-06-29"


@pytest.fixture(scope="module")
def doc_2022() -> ExtractedDocument:
    return extract_document(normalized_text(REGISTER_2022))


@pytest.fixture(scope="module")
def doc_2019() -> ExtractedDocument:
    return extract_document(normalized_text(REGISTER_2019))


def checks(doc: ExtractedDocument, rule_id: str):
    return [c for c in validate(doc, only=LEGAL).checks if c.rule == rule_id]


def redated(doc: ExtractedDocument, key: str, date: dt.date) -> ExtractedDocument:
    """The document with session ``key`` (and its extracts) moved to ``date``."""
    return replace(
        doc,
        sessions=tuple(
            replace(s, info=replace(s.info, date=date)) if s.key == key else s for s in doc.sessions
        ),
        deliberations=tuple(
            replace(d, info=replace(d.info, date=date)) if d.session_key == key else d
            for d in doc.deliberations
        ),
    )


def with_attendance(doc: ExtractedDocument, key: str, fn) -> ExtractedDocument:
    return replace(
        doc,
        sessions=tuple(
            replace(s, attendance=fn(s.attendance)) if s.key == key else s for s in doc.sessions
        ),
        deliberations=tuple(
            replace(d, attendance=fn(d.attendance)) if d.session_key == key else d
            for d in doc.deliberations
        ),
    )


# --------------------------------------------------------------------------- registry


def test_registry_knows_lot_numerique_as_an_open_syndicat() -> None:
    body = registry().find("Syndicat mixte Lot numérique")
    assert body.registered
    assert body.type == "syndicat_mixte_ouvert"
    assert body.siren == "200062263"
    assert body.siret == "20006226300013"
    assert body.members_in_office == 18
    # found by the SIREN of an ACTES stamp too, whatever the printed name
    assert registry().find("Lot Numerique (sic)", "200062263").name == body.name


def test_unregistered_bodies_get_cgct_defaults() -> None:
    assert registry().find(None, None, "Conseil municipal").type == "commune"
    assert registry().find("Communauté de communes du Pays d'Héricourt").type == "epci"
    assert not registry().find(None, None, "Conseil municipal").registered


# --------------------------------------------------------------------------- regimes


@pytest.mark.parametrize(
    ("date", "key"),
    [
        (dt.date(2020, 3, 23), "ordinaire"),
        (dt.date(2020, 3, 24), "covid-2020-290"),
        (dt.date(2020, 8, 30), "covid-2020-290"),
        (dt.date(2020, 8, 31), "ordinaire"),
        (dt.date(2020, 10, 17), "covid-2020-disputed"),
        (dt.date(2020, 11, 14), "covid-2020-disputed"),
        (dt.date(2020, 11, 15), "covid-2020-1379"),
        (dt.date(2021, 9, 30), "covid-2020-1379"),
        (dt.date(2021, 10, 1), "ordinaire"),
        (dt.date(2021, 11, 9), "ordinaire"),
        (dt.date(2021, 11, 10), "covid-2021-1465"),
        (dt.date(2022, 7, 31), "covid-2021-1465"),
        (dt.date(2022, 8, 1), "ordinaire"),
    ],
)
def test_quorum_regime_boundaries(date: dt.date, key: str) -> None:
    assert quorum_regime(date).key == key


def test_quorum_minimums() -> None:
    assert quorum_regime(dt.date(2022, 6, 29)).minimum(18) == 6
    assert quorum_regime(dt.date(2022, 9, 1)).minimum(18) == 10
    assert quorum_regime(dt.date(2022, 9, 1)).minimum(13) == 7
    assert quorum_regime(dt.date(2022, 9, 1)).minimum(14) == 8


# --------------------------------------------------------------------------- quorum


def test_june_2022_quorum_holds_under_the_2021_1465_regime(doc_2022: ExtractedDocument) -> None:
    found = [c for c in checks(doc_2022, "legal.quorum") if c.session_key == MAIN_2022]
    assert len(found) == 6  # one per extract CS2022/16 … CS2022/21
    for c in found:
        assert c.passed
        assert (c.expected, c.observed) == ("≥ 6", "8")
        assert "CGCT L2121-17" in c.message
        assert "loi n° 2021-1465" in c.message
        assert "dont 6 en visioconférence" in c.message


def test_same_attendance_on_1_september_2022_fails(doc_2022: ExtractedDocument) -> None:
    variant = redated(doc_2022, MAIN_2022, dt.date(2022, 9, 1))
    result = validate(variant, only=LEGAL)
    found = [c for c in result.checks if c.rule == "legal.quorum" and c.session_key == MAIN_2022]
    assert len(found) == 6
    for c in found:
        assert not c.passed
        assert (c.expected, c.observed) == ("≥ 10", "8")
        assert "régime ordinaire" in c.message and "CGCT L2121-17" in c.message
    errors = [f for f in result.findings if f.rule == "legal.quorum"]
    assert len(errors) == 6 and {f.severity for f in errors} == {"error"}
    # the annexed minutes keep their own date (17 March 2022) and counts (13 of 18)
    pv = [c for c in result.checks if c.rule == "legal.quorum" and c.session_key != MAIN_2022]
    assert [(c.passed, c.observed) for c in pv] == [(True, "13")]


def test_2019_sessions_pass(doc_2019: ExtractedDocument) -> None:
    found = checks(doc_2019, "legal.quorum")
    by_session = {(c.session_key, c.observed, c.expected, c.passed) for c in found}
    assert by_session == {
        ("comite-syndical-2019-02-01", "13", "≥ 10", True),
        ("pv-comite-syndical-2018-07-19", "11", "≥ 10", True),
    }
    assert all("régime ordinaire" in c.message for c in found)


def test_disputed_autumn_2020_warns_without_failing(doc_2022: ExtractedDocument) -> None:
    variant = redated(doc_2022, MAIN_2022, dt.date(2020, 11, 1))
    result = validate(variant, only=LEGAL)
    quorum = [c for c in result.checks if c.rule == "legal.quorum" and c.session_key == MAIN_2022]
    assert all(c.passed for c in quorum)  # one third: 8 ≥ 6
    disputed = [c for c in result.checks if c.rule == "legal.quorum_disputed"]
    assert len(disputed) == 6 and not any(c.passed for c in disputed)
    assert all("contestée" in c.message for c in disputed)
    assert {f.severity for f in result.findings if f.rule == "legal.quorum_disputed"} == {"warning"}
    assert not [f for f in result.findings if f.rule == "legal.quorum"]


def test_reconvened_session_needs_no_quorum(doc_2022: ExtractedDocument) -> None:
    variant = redated(doc_2022, MAIN_2022, dt.date(2022, 9, 1))
    lot = registry().find("Syndicat mixte Lot numérique")
    reconvened = replace(lot, reconvened_sessions=frozenset({dt.date(2022, 9, 1)}))
    with use_registry(Registry((reconvened,))):
        found = [c for c in checks(variant, "legal.quorum") if c.session_key == MAIN_2022]
    assert found and all(c.passed for c in found)
    assert all("seconde convocation" in c.message for c in found)


def test_proxies_do_not_count_for_quorum(doc_2022: ExtractedDocument) -> None:
    # 8 present + 3 proxies = 11 voters > 10, yet the quorum on 1 Sept 2022 fails
    variant = redated(doc_2022, MAIN_2022, dt.date(2022, 9, 1))
    c = next(c for c in checks(variant, "legal.quorum") if c.session_key == MAIN_2022)
    assert not c.passed and "les pouvoirs ne comptent pas" in c.message


def couthenans_2022() -> ExtractedDocument:
    path = next(p for p in COUTHENANS if "2022-10-28" in p.name)
    return extract_document(normalized_text(path))


def test_informal_minutes_use_the_listed_attendees() -> None:
    doc = couthenans_2022()
    (c,) = checks(doc, "legal.quorum")
    assert c.passed and (c.expected, c.observed) == ("≥ 7", "7")
    assert "13 en exercice (membres listés" in c.message
    # one more member excused (present → absent): 6 of 13 is no quorum
    key = doc.sessions[0].key

    def one_less(att: Attendance) -> Attendance:
        first = next(i for i, a in enumerate(att.attendees) if a.status == "present")
        people = list(att.attendees)
        people[first] = replace(people[first], status="absent")
        return replace(att, attendees=tuple(people))

    (c,) = checks(with_attendance(doc, key, one_less), "legal.quorum")
    assert not c.passed and (c.expected, c.observed) == ("≥ 7", "6")


# --------------------------------------------------------------------------- proxies


def _two_proxies_to_jammes(att: Attendance) -> Attendance:
    proxies = tuple(
        replace(p, holder="Jean-Pierre JAMMES") if p.giver == "Martine RODRIGUES" else p
        for p in att.proxies
    )
    return replace(att, proxies=proxies)


def test_two_proxies_allowed_in_june_2022_not_in_september(doc_2022: ExtractedDocument) -> None:
    doubled = with_attendance(doc_2022, MAIN_2022, _two_proxies_to_jammes)
    june = [
        c
        for c in checks(doubled, "legal.proxies_per_member")
        if c.session_key == MAIN_2022 and "JAMMES" in c.message
    ]
    assert june and all(c.passed and c.observed == "2" and c.expected == "≤ 2" for c in june)
    september = redated(doubled, MAIN_2022, dt.date(2022, 9, 1))
    sept = [
        c
        for c in checks(september, "legal.proxies_per_member")
        if c.session_key == MAIN_2022 and "JAMMES" in c.message
    ]
    assert sept and all(not c.passed and c.expected == "≤ 1" for c in sept)
    assert all("CGCT L2121-20" in c.message for c in sept)


def test_three_proxies_fail_even_under_covid(doc_2022: ExtractedDocument) -> None:
    def all_to_jammes(att: Attendance) -> Attendance:
        return replace(
            att, proxies=tuple(replace(p, holder="Jean-Pierre JAMMES") for p in att.proxies)
        )

    found = [
        c
        for c in checks(
            with_attendance(doc_2022, MAIN_2022, all_to_jammes), "legal.proxies_per_member"
        )
        if c.session_key == MAIN_2022
    ]
    assert found and all(not c.passed and c.observed == "3" for c in found)


# --------------------------------------------------------------------------- convocation


def test_clear_days() -> None:
    assert clear_days(dt.date(2022, 6, 22), dt.date(2022, 6, 29)) == 6
    assert clear_days(dt.date(2019, 1, 25), dt.date(2019, 2, 1)) == 6
    assert clear_days(dt.date(2022, 6, 25), dt.date(2022, 6, 29)) == 3


def test_convocation_delay_on_the_registers(doc_2022, doc_2019) -> None:
    found = checks(doc_2022, "legal.convocation_delay") + checks(
        doc_2019, "legal.convocation_delay"
    )
    seen = {(c.session_key, c.observed, c.passed) for c in found}
    assert seen == {
        ("comite-syndical-2022-06-29", "6", True),
        ("pv-comite-syndical-2022-03-17", "6", True),  # 10 → 17 March 2022
        ("comite-syndical-2019-02-01", "6", True),
        ("pv-comite-syndical-2018-07-19", "13", True),  # 5 → 19 July 2018
    }
    assert all("L5721-2" in c.message for c in found)


def test_convocation_three_clear_days_fail_for_the_syndicat(doc_2022) -> None:
    late = replace(
        doc_2022,
        sessions=tuple(
            replace(s, info=replace(s.info, convocation_date=dt.date(2022, 6, 25)))
            if s.key == MAIN_2022
            else s
            for s in doc_2022.sessions
        ),
    )
    (c,) = [c for c in checks(late, "legal.convocation_delay") if c.session_key == MAIN_2022]
    assert not c.passed and (c.expected, c.observed) == ("≥ 5", "3")


@pytest.mark.parametrize(
    ("body", "date", "days", "article"),
    [
        (Body("Commune A", "commune", population=900), dt.date(2023, 2, 24), 3, "L2121-11"),
        (Body("Commune B", "commune", population=3500), dt.date(2023, 2, 24), 5, "L2121-12"),
        (Body("CC X", "epci"), dt.date(2020, 3, 1), 5, "L2121-12"),
        (Body("CC X", "epci"), dt.date(2020, 2, 29), 3, "L2121-11"),
        (Body("SM fermé", "syndicat_mixte_ferme"), dt.date(2022, 1, 5), 5, "L5711-1"),
        (
            Body("SMO", "syndicat_mixte_ouvert", convocation_clear_days=10),
            dt.date(2022, 1, 5),
            10,
            "L5721-2",
        ),
    ],
)
def test_convocation_rule_by_body(body: Body, date: dt.date, days: int, article: str) -> None:
    rule = convocation_rule(body, date)
    assert rule.clear_days == days and article in rule.label


def test_commune_convocation_on_a_hand_built_session() -> None:
    info = SessionInfo(
        organisation="Commune A",
        body="Conseil municipal",
        date=dt.date(2023, 2, 24),
        convocation_date=dt.date(2023, 2, 20),  # 21, 22, 23: 3 clear days
    )
    doc = ExtractedDocument(
        kind="minutes",
        sessions=(
            SessionRecord(key="cm", source_kind="minutes", info=info, attendance=Attendance()),
        ),
    )
    with use_registry(Registry((Body("Commune A", "commune", population=900),))):
        (c,) = checks(doc, "legal.convocation_delay")
        assert c.passed and "L2121-11" in c.message
    with use_registry(Registry((Body("Commune A", "commune", population=12000),))):
        (c,) = checks(doc, "legal.convocation_delay")
        assert not c.passed and (c.expected, c.observed) == ("≥ 5", "3")
        assert "L2121-12" in c.message


# --------------------------------------------------------------------------- ACTES stamp


def test_actes_stamps_of_june_2022_hold(doc_2022: ExtractedDocument) -> None:
    ids = checks(doc_2022, "legal.actes_id")
    assert [(c.deliberation_number, c.passed) for c in ids] == [
        ("CS2022/16", True),
        ("CS2022/20", True),
    ]
    match = checks(doc_2022, "legal.actes_match")
    assert len(match) == 6 and all(c.passed for c in match)  # date, number, SIREN × 2
    dates = checks(doc_2022, "legal.prefecture_dates")
    assert [(c.observed, c.passed) for c in dates] == [("2022-07-19", True)] * 4


def _restamped(doc: ExtractedDocument, number: str, **stamp: object) -> ExtractedDocument:
    return replace(
        doc,
        deliberations=tuple(
            replace(d, stamp=replace(d.stamp, **stamp)) if d.number == number else d
            for d in doc.deliberations
        ),
    )


def test_actes_id_variants_fail(doc_2022: ExtractedDocument) -> None:
    bad = _restamped(doc_2022, "CS2022/16", act_id="046-20006226-20220629-CS2022_16-DE")
    (c,) = [c for c in checks(bad, "legal.actes_id") if c.deliberation_number == "CS2022/16"]
    assert not c.passed and "L2131-1" in c.message

    wrong = _restamped(doc_2022, "CS2022/16", act_id="046-200062263-20220630-CS2022_17-DE")
    found = [c for c in checks(wrong, "legal.actes_match") if c.deliberation_number == "CS2022/16"]
    failed = {(c.expected, c.observed) for c in found if not c.passed}
    assert failed == {("2022-06-29", "2022-06-30"), ("CS2022/16", "CS2022/17")}

    other = _restamped(doc_2022, "CS2022/20", act_id="046-200012345-20220629-CS2022_20-DE")
    siren = [
        c
        for c in checks(other, "legal.actes_match")
        if c.deliberation_number == "CS2022/20" and "SIREN" in c.message
    ]
    assert [(c.passed, c.expected, c.observed) for c in siren] == [
        (False, "200062263", "200012345")
    ]


def test_received_before_the_session_fails(doc_2022: ExtractedDocument) -> None:
    early = _restamped(doc_2022, "CS2022/20", received=dt.date(2022, 6, 28))
    found = [
        c
        for c in checks(early, "legal.prefecture_dates")
        if c.deliberation_number == "CS2022/20" and not c.passed
    ]
    assert [(c.expected, c.observed) for c in found] == [("≥ 2022-06-29", "2022-06-28")]


def test_every_legal_finding_names_article_and_regime(doc_2022: ExtractedDocument) -> None:
    variant = redated(doc_2022, MAIN_2022, dt.date(2022, 9, 1))
    variant = with_attendance(variant, MAIN_2022, _two_proxies_to_jammes)
    variant = _restamped(variant, "CS2022/20", published=dt.date(2022, 8, 1))
    findings = [f for f in validate(variant, only=LEGAL).findings if f.rule.startswith("legal.")]
    assert {f.rule for f in findings} >= {
        "legal.quorum",
        "legal.proxies_per_member",
        "legal.actes_match",
    }
    for f in findings:
        assert "CGCT L" in f.message
    for f in findings:
        if f.rule in ("legal.quorum", "legal.proxies_per_member"):
            assert "régime" in f.message


def test_hand_built_minutes_without_counts_or_members() -> None:
    """No list and no counts: nothing to check, and no invented figure."""
    info = SessionInfo(body="Conseil municipal", date=dt.date(2023, 2, 24))
    doc = ExtractedDocument(
        kind="minutes",
        sessions=(
            SessionRecord(key="cm", source_kind="minutes", info=info, attendance=Attendance()),
        ),
    )
    assert checks(doc, "legal.quorum") == []
    # a list alone is enough
    people = (
        Attendee(Person("Anne", "Anne", None), "present"),
        Attendee(Person("Yves", "Yves", None), "represented"),
        Attendee(Person("Marc", "Marc", None), "absent"),
    )
    att = Attendance(people, (Proxy("Yves", "Anne"),))
    doc = replace(doc, sessions=(replace(doc.sessions[0], attendance=att),))
    (c,) = checks(doc, "legal.quorum")
    assert not c.passed and (c.expected, c.observed) == ("≥ 2", "1")  # 1 of 3 present

"""Validators on small hand-built documents: each rule fires on a broken fact and stays
silent when the document agrees with itself."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from parsers.records import (
    Attendance,
    AttendanceCounts,
    Attendee,
    DeliberationRecord,
    ExtractedDocument,
    MinutesItem,
    Person,
    Proxy,
    SessionInfo,
    SessionRecord,
    Span,
    VoteTally,
)
from pipeline.validate import iter_rules, validate
from tests.conftest import ROOT


def person(name: str) -> Person:
    given, family = name.split(" ", 1)
    return Person(name=name, given_name=given, family_name=family, civility="M.")


def attendance(**counts: int | None) -> Attendance:
    """Three present (one a substitute), one represented, one absent: in office 5."""
    attendees = (
        Attendee(person("Anne ALPHA"), "present"),
        Attendee(person("Bruno BETA"), "present"),
        Attendee(person("Carla GAMMA"), "substitute", replaces="Denis DELTA"),
        Attendee(person("Emile EPSILON"), "represented"),
        Attendee(person("Fanny PHI"), "absent"),
    )
    proxies = (Proxy(giver="Emile EPSILON", holder="Anne ALPHA", span=Span(10, 20)),)
    base = dict(
        members_in_office=6,  # Denis DELTA sits through his substitute
        present=3,
        present_titular=2,
        present_substitute=1,
        proxies=1,
        absent=1,
        voters=4,
    )
    base |= counts
    # in office = present + proxies + absent; Denis is replaced, so 3 + 1 + 1 = 5 seats
    base.setdefault("members_in_office", 5)
    return Attendance(attendees, proxies, AttendanceCounts(**base, span=Span(0, 50)))


INFO = SessionInfo(
    body="Comité syndical",
    date=dt.date(2019, 2, 1),
    convocation_date=dt.date(2019, 1, 25),
    date_mentions=((dt.date(2019, 2, 1), Span(0, 5)),),
)


def document(att: Attendance | None = None, **changes: object) -> ExtractedDocument:
    att = att or attendance(members_in_office=5)
    vote = VoteTally("DECIDE", "adopted", True, span=Span(60, 80))
    delibs = tuple(
        DeliberationRecord(
            number=f"CS2019/0{n}",
            title="t",
            session_key="s",
            info=INFO,
            attendance=att,
            vote=vote,
            has_decision=True,
            span=Span(100 * n, 100 * n + 90),
        )
        for n in (1, 2)
    )
    session = SessionRecord(key="s", source_kind="register_extract", info=INFO, attendance=att)
    doc = ExtractedDocument(kind="register", sessions=(session,), deliberations=delibs)
    return replace(doc, **changes)  # type: ignore[arg-type]


def findings_of(doc: ExtractedDocument) -> list:
    return validate(doc).findings


def rules_fired(doc: ExtractedDocument) -> set[str]:
    return {f.rule for f in findings_of(doc) if f.severity != "info"}


def test_consistent_document_has_no_findings() -> None:
    assert rules_fired(document()) == set()


def test_voters() -> None:
    assert "counts.voters" in rules_fired(document(attendance(members_in_office=5, voters=5)))


def test_members_in_office() -> None:
    assert "counts.members_in_office" in rules_fired(document(attendance(members_in_office=18)))


def test_present_split() -> None:
    fired = rules_fired(document(attendance(members_in_office=5, present_titular=3)))
    assert "counts.present_split" in fired


def test_listed_counts() -> None:
    fired = rules_fired(
        document(attendance(members_in_office=6, present=4, present_titular=3, voters=5))
    )
    assert {"counts.listed_present", "counts.listed_titular"} <= fired
    fired = rules_fired(
        document(attendance(members_in_office=6, present=4, present_substitute=2, voters=5))
    )
    assert "counts.listed_substitute" in fired
    fired = rules_fired(document(attendance(members_in_office=6, absent=2)))
    assert "counts.listed_absent" in fired
    fired = rules_fired(document(attendance(members_in_office=6, proxies=2, voters=5)))
    assert "counts.listed_proxies" in fired


def test_unreadable_count_is_a_warning_not_a_zero() -> None:
    findings = findings_of(document(attendance(members_in_office=5, voters=None)))
    assert [f.rule for f in findings if f.rule == "counts.unreadable"]
    assert "counts.voters" not in {f.rule for f in findings}


def test_proxy_rules() -> None:
    att = attendance(members_in_office=5)
    bad_holder = replace(att, proxies=(Proxy("Emile EPSILON", "Fanny PHI"),))
    assert "proxy.holder_present" in rules_fired(document(bad_holder))
    bad_giver = replace(att, proxies=(Proxy("Bruno BETA", "Anne ALPHA"),))
    assert "proxy.giver_absent" in rules_fired(document(bad_giver))


def test_double_status_and_replaced_member_sitting() -> None:
    att = attendance(members_in_office=5)
    twice = replace(att, attendees=(*att.attendees, Attendee(person("Fanny PHI"), "present")))
    assert "attendance.double_status" in rules_fired(document(twice))
    sitting = replace(att, attendees=(*att.attendees, Attendee(person("Denis DELTA"), "present")))
    assert "attendance.double_status" in rules_fired(document(sitting))


def test_attendance_consistency_across_extracts() -> None:
    doc = document()
    other = replace(doc.deliberations[1], attendance=attendance(members_in_office=6, absent=2))
    doc = replace(doc, deliberations=(doc.deliberations[0], other))
    findings = [f for f in findings_of(doc) if f.rule == "attendance.consistent"]
    assert len(findings) == 1 and findings[0].severity == "warning"
    assert findings[0].deliberation_number == "CS2019/02"


def test_unanimity_and_tallies() -> None:
    doc = document()
    votes = (
        VoteTally("DECIDE", "adopted", True, votes_for=3, votes_against=1),
        VoteTally("DECIDE", "adopted", False, votes_for=2, votes_against=1, abstentions=0),
        VoteTally("DECIDE", "adopted", False, votes_for=3, abstentions=1),  # 4 = voters: fine
    )
    minutes = SessionRecord(
        key="pv",
        source_kind="minutes",
        info=INFO,
        attendance=attendance(members_in_office=5),
        items=(MinutesItem("1", "t", votes),),
    )
    fired = [f.rule for f in findings_of(replace(doc, sessions=(*doc.sessions, minutes)))]
    assert fired.count("vote.unanimity") == 1
    assert fired.count("vote.tally_total") == 1  # only the 2 + 1 = 3 ≠ 4 vote


def test_tally_uses_listed_people_when_no_counts_printed() -> None:
    att = replace(attendance(), counts=AttendanceCounts())  # informal minutes: no counts
    minutes = SessionRecord(
        key="cm",
        source_kind="minutes",
        info=INFO,
        attendance=att,
        items=(MinutesItem("1", "t", (VoteTally(None, "adopted", None, votes_for=3),)),),
    )
    checks = validate(ExtractedDocument(kind="minutes", sessions=(minutes,))).checks
    (c,) = [c for c in checks if c.rule == "vote.tally_total"]
    assert (c.expected, c.observed) == ("4", "3")
    # "3 votes pour" alone: the fourth may have abstained unprinted, so nothing is concluded
    assert c.not_checked == "seules les voix pour sont imprimées"
    complete = VoteTally(None, "adopted", False, votes_for=2, votes_against=0, abstentions=1)
    minutes = replace(minutes, items=(MinutesItem("1", "t", (complete,)),))
    findings = findings_of(ExtractedDocument(kind="minutes", sessions=(minutes,)))
    (f,) = [f for f in findings if f.rule == "vote.tally_total"]
    assert (f.expected, f.observed) == ("4", "3")


def test_not_taking_part_reduces_expected_votes() -> None:
    doc = document()
    vote = VoteTally("DECIDE", "adopted", None, votes_for=3, not_taking_part=1)
    d = replace(doc.deliberations[0], vote=vote)
    assert "vote.tally_total" not in rules_fired(replace(doc, deliberations=(d,)))


def test_no_decision_is_info() -> None:
    doc = document()
    d = replace(doc.deliberations[0], vote=None, has_decision=False)
    findings = findings_of(replace(doc, deliberations=(d,)))
    (f,) = [f for f in findings if f.rule == "deliberation.no_decision"]
    assert f.severity == "info" and f.deliberation_number == "CS2019/01"


def test_session_dates() -> None:
    bad = replace(
        INFO,
        date_mentions=((dt.date(2019, 2, 1), Span(0, 5)), (dt.date(2019, 2, 2), Span(9, 12))),
    )
    doc = document()
    d = replace(doc.deliberations[0], info=bad)
    assert "session.date_mismatch" in rules_fired(replace(doc, deliberations=(d,)))
    late = replace(INFO, convocation_date=dt.date(2019, 2, 1))
    s = replace(doc.sessions[0], info=late)
    assert "session.convocation_order" in rules_fired(replace(doc, sessions=(s,)))


def test_numbering() -> None:
    doc = document()
    a, b = doc.deliberations
    gap = replace(b, number="CS2019/04")
    findings = findings_of(replace(doc, deliberations=(a, gap)))
    (f,) = [f for f in findings if f.rule == "numbering.gap"]
    assert f.expected == "CS2019/02" and f.observed == "CS2019/04"
    dup = replace(b, number="CS2019/01")
    assert "numbering.duplicate" in rules_fired(replace(doc, deliberations=(a, dup)))


def test_minutes_item_numbering() -> None:
    items = tuple(MinutesItem(n, "t") for n in ("1", "2", "4", "4"))
    minutes = SessionRecord(
        key="cm", source_kind="minutes", info=INFO, attendance=Attendance(), items=items
    )
    findings = findings_of(ExtractedDocument(kind="minutes", sessions=(minutes,)))
    by_rule = {f.rule: f for f in findings}
    assert by_rule["items.gap"].observed == "4" and by_rule["items.gap"].severity == "warning"
    assert by_rule["items.duplicate"].severity == "warning"


def test_rules_doc_in_sync() -> None:
    from pipeline.rules_doc import render

    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == render(), "run: python -m pipeline.rules_doc > docs/rules.md"


def test_every_rule_is_tested_here() -> None:
    source = (ROOT / "tests" / "test_rules.py").read_text(encoding="utf-8")
    untested = [r.id for r in iter_rules() if f'"{r.id}"' not in source]
    assert not untested


def test_checks_record_relations_that_hold() -> None:
    result = validate(document())
    assert not [f for f in result.findings if f.severity != "info"]
    held = {c.rule for c in result.checks if c.passed}
    assert {"counts.voters", "counts.members_in_office", "proxy.holder_present"} <= held
    assert all(c.passed for c in result.checks)
    broken = validate(document(attendance(members_in_office=5, voters=5)))
    failed = [c for c in broken.checks if not c.passed and c.rule == "counts.voters"]
    assert len(failed) == 2  # one per extract repeating the block
    assert "3 présents + 1 pouvoirs = 4 ≠ 5 votants" in failed[0].message


def test_legal_rules_on_the_hand_built_document() -> None:
    """The legal rules (pipeline/rules/legal.py; fuller tests in tests/test_legal.py) on the
    hand-built committee of 1 February 2019: 3 present of 5 in office is a quorum (more than
    half: 3), one proxy each, 6 clear days of convocation (25 Jan → 1 Feb), a well-formed
    stamp, but a publication dated before the session."""
    from parsers.records import PrefectureStamp

    stamp = PrefectureStamp(
        "046-200062263-20190201-CS2019_01-DE",
        received=dt.date(2019, 2, 5),
        published=dt.date(2019, 1, 31),
    )
    doc = document()
    doc = replace(doc, deliberations=(replace(doc.deliberations[0], stamp=stamp),))
    legal = (
        "legal.quorum",
        "legal.quorum_disputed",
        "legal.proxies_per_member",
        "legal.convocation_delay",
        "legal.actes_id",
        "legal.actes_match",
        "legal.prefecture_dates",
    )
    result = validate(doc, only=legal)
    seen = {(c.rule, c.passed, c.observed) for c in result.checks}
    assert seen == {
        ("legal.quorum", True, "3"),
        ("legal.proxies_per_member", True, "1"),
        ("legal.convocation_delay", True, "6"),
        ("legal.actes_id", True, "046-200062263-20190201-CS2019_01-DE"),
        ("legal.actes_match", True, "2019-02-01"),
        ("legal.actes_match", True, "CS2019/01"),
        ("legal.prefecture_dates", True, "2019-02-05"),
        ("legal.prefecture_dates", False, "2019-01-31"),
    }
    assert [f.rule for f in result.findings] == ["legal.prefecture_dates"]


def test_money_rules_on_a_hand_built_budget() -> None:
    """The money, budget and contract rules (pipeline/rules/money.py; fuller tests in
    tests/test_money_rules.py and tests/test_money_corpus.py) on a small DM table and
    a few sentences, with one error of each kind planted."""
    from parsers.extract import extract_document

    text = (
        "Un marché de 100 € HT soit 121 € TTC, 2 487 500 € dont 300 000 € pour la FDEL et "
        "2 187 000 € pour X.\n\n"
        "Elles sont financées par 1 000 € (dont 2 000 € de reste).\n\n"
        "Soit 60 % pour le Département et 40 % pour les EPCI : 600 € pour le Département "
        "et 500 € pour les EPCI.\n\n"
        "Sont inscrits 1 000 € comprenant :\n- 400 € pour A ;\n- 500 € pour B.\n\n"
        "B2018-01\nObjet un\n\nB2018-01\nObjet deux\n\n"
        "DEPENSES INVESTISSEMENT Budget Mouvement Montant après\n"
        "16 - Emprunts 100,00 100,00 001 - Excédent reporté 50,00 50,00\n"
        "1641 Emprunt A 60,00 60,00 10 - Dotations 40,00 10,00 60,00\n"
        "1641 Emprunt B 30,00 30,00\n"
        "Total dépenses réelles 100,00 100,00 Total recettes réelles 90,00 10,00 110,00\n"
        "Total dépenses d'investissement 100,00 100,00 Total recettes d'investissement 90,00 "
        "10,00 110,00\n"
        "Vue d'ensemble\n"
    )
    result = validate(extract_document(text))
    failed = {c.rule for c in result.checks if not c.passed}
    assert {
        "money.vat",  # 100 € HT → 121 € TTC fits no rate
        "money.sum",  # 300 000 + 2 187 000 ≠ 2 487 500
        "money.part_within_total",  # dont 2 000 € of 1 000 €
        "money.share",  # 500 € is not 40 % of 1 100 €
        "money.list_total",  # 400 + 500 ≠ 1 000
        "budget.line",  # 40 + 10 ≠ 60
        "budget.subtotal",  # 60 + 30 ≠ 100
        "budget.balance",  # 100 ≠ 90
        "contracts.unique_reference",  # B2018-01 twice
    } <= failed
    assert "money.repeated" in {c.rule for c in result.checks}


def test_missing_counts_block_is_a_warning() -> None:
    att = replace(attendance(members_in_office=5), counts=AttendanceCounts())
    findings = [f for f in findings_of(document(att)) if f.rule == "counts.missing"]
    assert len(findings) == 2 and findings[0].severity == "warning"
    assert "counts.missing" not in rules_fired(document())


def test_stated_ratio_rule() -> None:
    """A stated ratio (fuller tests in tests/test_money_rules.py): 2 000 / 100 = 20 holds
    as "20 fois", not as "30 fois"."""
    from parsers.extract import extract_document

    text = (
        "Une proposition d'achat pour un montant de 100 €.\n\n"
        "Les investissements ont représenté un montant de 2 000 €. Le montant de la "
        "proposition est donc :\n\n• 30 fois inférieur au montant initial investi,\n"
    )
    (check,) = validate(extract_document(text), only=["money.ratio"]).checks
    assert not check.passed and check.expected == "20 fois"
    assert [
        c.passed
        for c in validate(
            extract_document(text.replace("30 fois", "20 fois")), only=["money.ratio"]
        ).checks
    ] == [True]


def test_unread_table_is_said() -> None:
    """A text table whose rows do not all read as many values as its Total row: its totals
    are not checked, and an info finding says so (fuller tests in test_money_rules.py)."""
    from parsers.extract import extract_document

    text = (
        "Montant du financement\n\n"
        "*Animation 8 183 1 000\n\n*Pass numérique 35 000\n\n*Accompagner 1 191 1 250\n\n"
        "Total 44 374 2 250\n\nEn € HT\n"
    )
    result = validate(extract_document(text))
    (finding,) = [f for f in result.findings if f.rule == "table.unread"]
    assert finding.severity == "info"
    assert "(« Total » : 2, « *Pass numérique 35 000 » : 1)" in finding.message
    assert not [c for c in result.checks if c.rule == "money.sum"]  # which column? not read


# --------------------------------------------------------------------- reading rules


def _minutes(att: Attendance, items: tuple[MinutesItem, ...] = (), **changes: object):
    session = SessionRecord(
        key="cm", source_kind="minutes", info=INFO, attendance=att, items=items, span=Span(0, 9)
    )
    return replace(session, **changes)  # type: ignore[arg-type]


def test_reading_empty_and_partial_name_what_is_missing() -> None:
    nothing = validate(ExtractedDocument(kind="minutes")).findings
    (f,) = [f for f in nothing if f.rule == "reading.empty"]
    assert "la séance" in f.message and f.severity == "warning"
    vote = VoteTally(None, "adopted", True)
    no_roster = _minutes(Attendance(), (MinutesItem("1", "t", (vote,)),))
    findings = validate(ExtractedDocument(kind="minutes", sessions=(no_roster,))).findings
    (f,) = [f for f in findings if f.rule == "reading.partial"]
    assert "la liste de présence" in f.message
    read = _minutes(attendance(), (MinutesItem("1", "t", (vote,)),))
    assert not {"reading.empty", "reading.partial"} & rules_fired(
        ExtractedDocument(kind="minutes", sessions=(read,))
    )
    # a document read as "other" is never said to be empty
    assert "reading.empty" not in rules_fired(ExtractedDocument(kind="other"))


def test_partial_roster_makes_its_checks_not_checked() -> None:
    from parsers.records import Unread

    att = attendance(present=4)  # 3 listed: would be a false "4 ≠ 3"
    gap = Unread(Span(30, 45), "name not recognised")
    doc = ExtractedDocument(kind="minutes", sessions=(_minutes(att, unread=(gap,)),))
    result = validate(doc)
    assert "counts.listed_present" not in {f.rule for f in result.findings}
    (c,) = [c for c in result.checks if c.rule == "counts.listed_present"]
    assert c.not_checked and "30–45" in c.not_checked
    partial = [f for f in result.findings if f.rule == "reading.partial"]
    assert [f.span for f in partial if "non lu" in f.message] == [gap.span]
    # the same roster read completely: the printed count is an error of the document
    assert "counts.listed_present" in rules_fired(
        ExtractedDocument(kind="minutes", sessions=(_minutes(att),))
    )


def test_unfilled_vote_formula_is_not_checked() -> None:
    from parsers.records import Unread

    vote = VoteTally(None, "adopted", True, votes_against=2, span=Span(100, 130))
    item = MinutesItem("1", "t", (vote,), span=Span(90, 200))
    gap = Unread(Span(95, 140), "vote formula left unfilled")
    doc = ExtractedDocument(
        kind="minutes", sessions=(_minutes(attendance(), (item,), unread=(gap,)),)
    )
    assert "vote.unanimity" not in rules_fired(doc)
    doc = ExtractedDocument(kind="minutes", sessions=(_minutes(attendance(), (item,)),))
    assert "vote.unanimity" in rules_fired(doc)


def test_movements_without_item_counts_leave_tallies_unchecked() -> None:
    from parsers.records import Movement

    vote = VoteTally(None, "adopted", False, 2, 0, 1, span=Span(100, 130))  # 3 ≠ 4 voters
    item = MinutesItem("2", "t", (vote,), span=Span(90, 200))
    moved = _minutes(attendance(), (item,), movements=(Movement("Anne ALPHA", "leaves", "2"),))
    result = validate(ExtractedDocument(kind="minutes", sessions=(moved,)))
    (c,) = [c for c in result.checks if c.rule == "vote.tally_total"]
    assert c.not_checked and "arrivent ou partent" in c.not_checked
    # the counts printed for the item's range are used instead
    counted = replace(item, counts=AttendanceCounts(voters=3))
    moved = replace(moved, items=(counted,))
    result = validate(ExtractedDocument(kind="minutes", sessions=(moved,)))
    (c,) = [c for c in result.checks if c.rule == "vote.tally_total"]
    assert c.passed and c.not_checked is None and "pour ce point" in c.message


def test_duplicate_name_is_a_finding_and_its_counts_are_not_checked() -> None:
    att = attendance()
    twice = replace(att, attendees=(*att.attendees, Attendee(person("Bruno BETA"), "present")))
    result = validate(ExtractedDocument(kind="minutes", sessions=(_minutes(twice),)))
    fired = {f.rule for f in result.findings}
    assert "roster.duplicate_name" in fired
    assert "counts.listed_present" not in fired  # 4 names listed for 3: not concluded
    (c,) = [c for c in result.checks if c.rule == "counts.listed_present"]
    assert "deux fois" in (c.not_checked or "")


def test_doubtful_classification() -> None:
    doc = ExtractedDocument(kind="other", doubtful="2 rubriques de présence, 3 formules de vote")
    (f,) = [f for f in findings_of(doc) if f.rule == "classification.doubtful"]
    assert "2 rubriques de présence" in f.message
    assert "classification.doubtful" not in rules_fired(ExtractedDocument(kind="other"))


def test_ballot_rules() -> None:
    from parsers.records import Ballot, BallotResult

    good = Ballot(
        "Maire",
        1,
        voters=33,
        blank=5,
        spoilt=1,
        expressed=27,
        absolute_majority=14,
        results=(BallotResult("Paul LE BIHAN", 27),),
        elected=("Paul LE BIHAN",),
    )
    item = MinutesItem("1", "Election du Maire", ballots=(good,))
    doc = ExtractedDocument(kind="minutes", sessions=(_minutes(attendance(), (item,)),))
    assert not {"ballot.expressed", "ballot.majority"} & rules_fired(doc)
    bad = replace(good, expressed=28, results=(BallotResult("Paul LE BIHAN", 13),))
    item = MinutesItem("1", "Election du Maire", ballots=(bad,))
    doc = ExtractedDocument(kind="minutes", sessions=(_minutes(attendance(), (item,)),))
    fired = rules_fired(doc)
    assert {"ballot.expressed", "ballot.majority"} <= fired
    (f,) = [f for f in findings_of(doc) if f.rule == "ballot.expressed"]
    assert f.message.endswith("33 votants − 5 blancs − 1 nuls = 27 ≠ 28 exprimés")


def test_listed_voters_when_no_proxy_count_is_printed() -> None:
    # 3 present listed + 1 proxy listed = 4 voters; the block prints no proxy count
    att = attendance(proxies=None)
    assert "counts.listed_voters" not in rules_fired(document(att))
    wrong = attendance(proxies=None, voters=5)
    doc = replace(document(wrong), deliberations=document(wrong).deliberations[:1])
    (f,) = [f for f in findings_of(doc) if f.rule == "counts.listed_voters"]
    assert f.message.endswith("3 présents listés + 1 pouvoir listé = 4 ≠ 5 votants indiqués")


def test_impossible_date_is_said() -> None:
    from parsers.dates import impossible_dates

    text = (
        "Séance du 12 mars 2019. Date de la convocation : 31 février 2019 ; affiché le 31/06/2019."
    )
    found = [raw for raw, _span in impossible_dates(text)]
    assert found == ["31 février 2019", "31/06/2019"]
    doc = ExtractedDocument(kind="other", impossible_dates=tuple(impossible_dates(text)))
    messages = [f.message for f in findings_of(doc) if f.rule == "date.impossible"]
    assert len(messages) == 2 and "« 31 février 2019 » n'existe pas" in messages[0]
    assert impossible_dates("le 28 février 2019 et le 29 février 2020") == []

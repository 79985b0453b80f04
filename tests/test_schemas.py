"""Schemas: the data contract's required columns exist with the agreed types, and the
generated dictionary is in sync."""

from __future__ import annotations

import pyarrow as pa

from schemas.dictionary import render
from schemas.tables import TABLES
from tests.conftest import ROOT

# The data contract of the ingestion issue: columns that must exist.
REQUIRED = {
    "documents": "document_id source_path format kind page_count status error",
    "sessions": "session_id document_id organisation body date place president convocation_date "
    "opened_at closed_at source_kind parent_deliberation_id",
    "deliberations": "deliberation_id session_id document_id number title page_start page_end "
    "members_in_office present present_titular present_substitute proxies absent voters "
    "prefecture_act_id prefecture_received prefecture_published",
    "attendees": "session_id deliberation_id name given_name family_name civility college status "
    "attendance_mode replaces",
    "proxies": "session_id deliberation_id giver holder",
    "votes": "vote_id session_id deliberation_id item_number item_title decision_verb outcome "
    "unanimous votes_for votes_against abstentions not_taking_part decisions",
    "interventions": "session_id item_number speaker text",
    "findings": "finding_id rule severity document_id session_id deliberation_id message expected "
    "observed page char_start char_end",
}


def test_required_columns_exist() -> None:
    for table, cols in REQUIRED.items():
        missing = set(cols.split()) - set(TABLES[table].names)
        assert not missing, f"{table} lacks {missing}"


def test_types() -> None:
    sessions = TABLES["sessions"].schema
    assert sessions.field("date").type == pa.date32()
    assert sessions.field("convocation_date").type == pa.date32()
    delib = TABLES["deliberations"].schema
    assert delib.field("prefecture_received").type == pa.date32()
    assert delib.field("present").type == pa.int32()
    assert TABLES["votes"].schema.field("decisions").type == pa.list_(pa.string())


def test_dictionary_in_sync() -> None:
    on_disk = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert on_disk == render(), "run: python -m schemas.dictionary > docs/data-dictionary.md"


def test_ingest_help_names_every_table() -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    text = CliRunner().invoke(main, ["ingest", "--help"]).output
    missing = [name for name in TABLES if name not in text]
    assert not missing, missing

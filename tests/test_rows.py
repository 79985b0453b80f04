"""Rows come from records and table definitions, and a row lacking a column is an error
when it is written, never a column of nulls (issue 12)."""

from __future__ import annotations

import dataclasses

import pytest

from parsers.records import Proxy, Span
from pipeline.rows import record_row
from pipeline.store import conform, to_arrow
from schemas.columns import BUILT
from schemas.tables import PROXIES, TABLES

LINKS = {"session_id": "s", "deliberation_id": None, "document_id": "d"}
WHERE = {"page": 1, "char_start": 0, "char_end": 9}


def _proxy_row() -> dict[str, object]:
    proxy = Proxy("Stéphane MAGOT", "Gérard ALAZARD", "Communautés", Span(0, 9))
    return record_row(PROXIES, proxy, {**LINKS, **WHERE})


def test_a_row_takes_each_column_from_its_record_or_from_what_the_builder_gives() -> None:
    row = _proxy_row()
    assert list(row) == PROXIES.names
    assert row["giver"] == "Stéphane MAGOT" and row["holder"] == "Gérard ALAZARD"
    assert row["session_id"] == "s" and row["char_end"] == 9
    assert to_arrow(PROXIES, [row]).num_rows == 1


def test_a_row_lacking_a_column_is_an_error_at_write_time() -> None:
    row = _proxy_row()
    del row["holder"]
    with pytest.raises(ValueError, match=r"proxies: a row lacks the columns \['holder'\]"):
        to_arrow(PROXIES, [row])


def test_a_row_with_a_column_its_table_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown columns"):
        to_arrow(PROXIES, [{**_proxy_row(), "holdr": "x"}])


def test_data_lacking_a_column_is_an_error_when_conformed() -> None:
    data = to_arrow(PROXIES, [_proxy_row()]).drop_columns(["college"])
    with pytest.raises(ValueError, match=r"lacks the columns \['college'\]"):
        conform(PROXIES, data)
    assert conform(PROXIES, to_arrow(PROXIES, [])).schema == PROXIES.schema


def test_a_built_column_the_builder_does_not_give_is_an_error() -> None:
    proxy = Proxy("A", "B")
    with pytest.raises(ValueError, match=r"proxies\.session_id: computed by the row builder"):
        record_row(PROXIES, proxy, {"deliberation_id": None, "document_id": "d", **WHERE})


def test_a_source_the_record_lacks_is_an_error() -> None:
    renamed = dataclasses.replace(PROXIES.columns[3], source="giver_name")
    table = dataclasses.replace(PROXIES, columns=(renamed, *PROXIES.columns[4:]))
    with pytest.raises(AttributeError, match="giver_name"):
        record_row(table, Proxy("A", "B"), WHERE)


def test_every_column_source_is_built_or_an_attribute_path() -> None:
    for table in TABLES.values():
        for c in table.columns:
            assert (
                c.source is None or c.source == BUILT or c.source.replace(".", "_").isidentifier()
            )

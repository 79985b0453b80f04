"""How a table is described: its columns, their types, meaning and where a row's value
comes from, and the column groups several tables share word for word.

A column of a table written from records says where its value comes from
(``Column.source``): by default the record attribute of the same name, else a dotted
path into the record (``person.name``: a flattened sub-record, or another name), or
``BUILT`` when the row builder (:mod:`pipeline.rows`) computes it: ids, links between
tables, provenance and derived values.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyarrow as pa

# The source of a column whose value the row builder computes rather than reads from
# the record: not an attribute name, so it cannot be mistaken for one.
BUILT = "<built>"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    example: str = ""
    nullable: bool = True
    # where a row's value comes from: None for the record's attribute ``name``, a dotted
    # path into the record, or BUILT (see the module docstring); tables written whole
    # by the pipeline (documents) or derived (members) do not use it
    source: str | None = None

    def field(self) -> pa.Field:
        return pa.field(self.name, self.type, nullable=self.nullable)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([c.field() for c in self.columns], metadata={"table": self.name})

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @functools.cached_property
    def sources(self) -> dict[str, tuple[str, ...] | None]:
        """Column name → the attribute path of its value in a record (None for a built
        column), in column order; computed once, as every row of the table reads it.
        Not to be changed."""
        return {
            c.name: None if c.source == BUILT else tuple((c.source or c.name).split("."))
            for c in self.columns
        }


I32 = pa.int32()
STR = pa.string()
DATE = pa.date32()
BOOL = pa.bool_()


def provenance(what: str) -> tuple[Column, ...]:
    # where the evidence of a row is: the row builder locates it in the original text
    return (
        Column(
            "page",
            I32,
            f"1-based page of the {what} (inferred from footers in text files)",
            "3",
            source=BUILT,
        ),
        Column(
            "char_start",
            pa.int64(),
            f"offset of the {what} in the original text",
            "1520",
            source=BUILT,
        ),
        Column(
            "char_end", pa.int64(), f"end offset (exclusive) of the {what}", "1583", source=BUILT
        ),
    )


def built(name: str, description: str, example: str = "…", nullable: bool = True) -> Column:
    """A text column the row builder computes: an id or a link to another table's row."""
    return Column(name, STR, description, example, nullable, source=BUILT)


# Links shared word for word by several tables.
DOCUMENT = built("document_id", "document", "9f2c…", nullable=False)
IN_SESSION = built("session_id", "session", nullable=False)
IN_MINUTES_ITEM = built("deliberation_id", "deliberation (null for minutes items)")
# the rule and links of a validation result (findings and checks)
RULE = Column("rule", STR, "rule id (see docs/rules.md)", "counts.voters", False)
VALIDATION_LINKS = (
    DOCUMENT,
    built("session_id", "session"),
    built("deliberation_id", "deliberation"),
)


def info(name: str, type_: pa.DataType, description: str, example: str) -> Column:
    """A field of a session header, read from the record's ``info``."""
    return Column(name, type_, description, example, source=f"info.{name}")


def count(name: str, description: str, example: str) -> Column:
    """A printed count of an attendance block, read from its counts."""
    return Column(name, I32, description, example, source=f"attendance.counts.{name}")


COUNTS = (
    count("members_in_office", "printed count of members in office (en exercice)", "18"),
    count("present", "printed count of members present, substitutes included", "13"),
    count("present_titular", "printed count of titular members present", "12"),
    count("present_substitute", "printed count of substitutes (suppléants) present", "1"),
    count("proxies", "printed count of proxies (pouvoirs)", "0"),
    count("absent", "printed count of absent members", "5"),
    count("voters", "printed count of voters (votants)", "13"),
)

"""Every value bounded by its column's type before it leaves the document's worker.

A figure printed in a document can be anything: "Présents 999999999999999999999" does
not fit a count (``int32``), an amount of 10^22 € does not fit ``decimal128(20, 2)``.
Arrow refuses such a value when the rows are converted, and that conversion happens
after the per-document error handling, in the commit: one document's figure used to
end the whole run with a traceback, and every later run too while the file was in
the input. Here each value is checked against its column once the rows are built; a
value that does not fit is left empty (null, "not readable", as for any count that
could not be read) and said in a finding of rule ``value.out_of_range`` on its own
document, with the figure as printed. The commit then never sees such a value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import pyarrow as pa

from schemas.tables import TABLES

RULE = "value.out_of_range"

Fits = Callable[[Any], bool]


def _int_fits(bits: int) -> Fits:
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def fits(value: Any) -> bool:
        return isinstance(value, int) and low <= value <= high

    return fits


def _decimal_fits(precision: int, scale: int) -> Fits:
    limit = Decimal(10) ** (precision - scale)
    step = Decimal(1).scaleb(-scale)

    def fits(value: Any) -> bool:
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        if not isinstance(value, Decimal) or not value.is_finite():
            return False
        try:
            # more decimals than the scale would be rounded: that is not the printed value
            return abs(value) < limit and value == value.quantize(step)
        except InvalidOperation:  # quantize beyond the context's precision
            return False

    return fits


def _date_fits(value: Any) -> bool:
    # date32 holds any Python date; a datetime or a string is not a date of the column
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _checker(type_: pa.DataType) -> Fits | None:
    """How to tell whether a value fits ``type_``; None for types that hold any value
    the extractors produce (strings, booleans, lists of strings)."""
    if pa.types.is_integer(type_):
        return _int_fits(type_.bit_width)
    if pa.types.is_decimal(type_):
        return _decimal_fits(type_.precision, type_.scale)
    if pa.types.is_date32(type_):
        return _date_fits
    return None


# table → [(column, type, fits)] for the columns whose values can overflow
_CHECKS: dict[str, list[tuple[str, pa.DataType, Fits]]] = {
    name: [(c.name, c.type, f) for c in table.columns if (f := _checker(c.type)) is not None]
    for name, table in TABLES.items()
}


_page_fits = _int_fits(32)
_offset_fits = _int_fits(64)


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def bound_rows(
    tables: dict[str, list[dict[str, Any]]],
    document_id: str,
    excerpt: Callable[[int | None, int | None], str | None],
) -> list[dict[str, Any]]:
    """Null every value of ``tables`` that does not fit its column; return the finding
    rows saying so (one per value), to append to the ``findings`` table.

    ``excerpt(char_start, char_end)`` quotes the row's span as evidence. Rows are
    changed in place: after this call :func:`pipeline.store.to_arrow` cannot fail on a
    value of this document.
    """
    from pipeline.rows import stable_id  # rows imports this module

    findings = []
    for name, rows in tables.items():
        checks = _CHECKS.get(name, ())
        for row in rows:
            for column, type_, fits in checks:
                value = row.get(column)
                if value is None or fits(value):
                    continue
                row[column] = None
                start, end = row.get("char_start"), row.get("char_end")
                message = (
                    f"Valeur hors des limites de la colonne {name}.{column} ({type_}) : "
                    f"{_shown(value)} ; laissée vide"
                )
                findings.append(
                    {
                        "finding_id": stable_id(document_id, RULE, message, start),
                        "rule": RULE,
                        "severity": "error",
                        "document_id": document_id,
                        "session_id": row.get("session_id"),
                        "deliberation_id": row.get("deliberation_id"),
                        "message": message,
                        "expected": f"une valeur de type {type_}",
                        "observed": _shown(value),
                        "evidence": excerpt(start, end),
                        "page": row.get("page") if _page_fits(row.get("page")) else None,
                        "char_start": start if _offset_fits(start) else None,
                        "char_end": end if _offset_fits(end) else None,
                    }
                )
    return findings

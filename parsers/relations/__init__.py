"""The amount relations a text states, found from its wording and layout.

A relation is what the document *claims*: "2 487 500 € dont 300 000,00 € pour la FDEL,
875 000,00 € pour les EPCI et 1 312 500,00 € pour le Département" claims a sum; "50
bornes à 500 € HT … soit un montant total de 383 000 € HT" claims a sum of products;
"300 233,76 € HT soit 360 280,51 € TTC" claims a VAT rate. This module only reads the
claims (which figures, which operation); :mod:`pipeline.rules.money` does the
arithmetic, so a claim is recorded whether it holds or not.

Every finder works on the normalised text and the amounts found in it, and only
relates amounts of one deliberation extract (or of one document without extracts).
The finders live by layout: :mod:`.sums` (one sentence), :mod:`.lists` (lines),
:mod:`.tables` (a "Total" row), :mod:`.shares` (proportions), over :mod:`.context`.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsers.records import Amount, MoneyRelation
from parsers.relations.context import Ctx, by_start, tolerance_of
from parsers.relations.lists import find_instalments, find_lists, find_results
from parsers.relations.shares import find_etp, find_ratios, find_shares
from parsers.relations.sums import (
    find_concluded,
    find_diminished_total,
    find_dont,
    find_per_item,
    find_plus,
    find_products,
    find_vat,
)
from parsers.relations.tables import find_text_tables

__all__ = ["find_relations", "tolerance_of"]


def find_relations(
    text: str, amounts: list[Amount], window: tuple[int, int] | None = None
) -> Iterator[MoneyRelation]:
    """All relations of one block (an extract, or a document without extracts).

    ``window`` bounds the block in ``text``; spans stay in ``text``'s coordinates.
    """
    lo, hi = window if window is not None else (0, len(text))
    ordered = sorted((a for a in amounts if a.role != "table_cell"), key=by_start)
    ctx = Ctx(text, ordered, lo, hi)
    yield from find_vat(ctx)
    yield from find_dont(ctx)
    yield from find_plus(ctx)
    yield from find_products(ctx)
    yield from find_per_item(ctx)
    yield from find_lists(ctx)
    yield from find_results(ctx)
    yield from find_diminished_total(ctx)
    yield from find_concluded(ctx)
    yield from find_instalments(ctx)
    yield from find_text_tables(ctx)
    yield from find_shares(ctx)
    yield from find_etp(ctx)
    yield from find_ratios(ctx)

"""People across documents: the derived ``members`` table.

Each document is read alone, so "Maryline" (the informal Couthenans minutes of 2021 and
2023 give first names only) and "Maryline LECESTRE" (the 2022 minutes) are two strings.
Here they become one member when the body's roster leaves no doubt: among the full names
ever listed for that organisation and body, exactly one has this given name. Two full
names sharing it ("Marc SAUGET", "Marc DURAND") leave "Marc" apart, as its own member
with ``matched_by = 'given_name_only'``: a wrong merge would credit one person with the
other's attendance.

The id hashes organisation, body and full name (folded), so it is the same from one run
to the next and across documents; :func:`name_index` maps every printed name to its id, so
attendance and proxy rows can be linked to their member (``delib.Database.attendance``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.bodies import fold
from schemas.tables import MEMBERS


def member_id(organisation: str | None, body: str | None, name: str) -> str:
    key = "|".join(fold(x or "") for x in (organisation, body, name))
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _split(name: str) -> tuple[str, str | None]:
    """Given name and family name of 'Prénom NOM' (the family name is in capitals)."""
    parts = name.split()
    family = [p for p in parts if p.isupper() and len(p) > 1]
    given = [p for p in parts if p not in family]
    return " ".join(given) or name, " ".join(family) or None


@dataclass
class _Person:
    name: str
    organisation: str | None
    body: str | None
    names: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    sessions: set[str] = field(default_factory=set)
    dates: set[Any] = field(default_factory=set)
    matched_by: str = "full_name"


class Roster:
    """The full names listed for one organisation and body, and who a bare given name is."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_given: dict[str, set[str]] = defaultdict(set)
        for n in names:
            given, family = _split(n)
            if family:
                self.by_given[fold(given)].add(n)

    def resolve(self, name: str) -> tuple[str, str]:
        """The full name ``name`` stands for, and how it was decided."""
        given, family = _split(name)
        if family:
            return name, "full_name"
        candidates = self.by_given.get(fold(given), set())
        if len(candidates) == 1:
            return next(iter(candidates)), "given_name_unique"
        return name, "given_name_only"


def _listings(tables: dict[str, list[dict]]) -> Iterable[tuple[dict, str]]:
    """(session, printed name) of every attendance row and proxy giver or holder."""
    sessions = {s["session_id"]: s for s in tables["sessions"]}
    for a in tables["attendees"]:
        if a["name"]:
            yield sessions.get(a["session_id"], {"session_id": a["session_id"]}), a["name"]
    for p in tables["proxies"]:
        for n in (p["giver"], p["holder"]):
            if n:
                yield sessions.get(p["session_id"], {"session_id": p["session_id"]}), n


def members_rows(tables: dict[str, list[dict]]) -> list[dict[str, Any]]:
    """Rows of ``members`` from the stored sessions, attendees and proxies (as dicts)."""
    listings = list(_listings(tables))
    names_per_body: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for s, name in listings:
        key = (fold(s.get("organisation") or ""), fold(s.get("body") or ""))
        names_per_body[key].add(name)
        labels.setdefault(key, (s.get("organisation"), s.get("body")))
    rosters = {k: Roster(v) for k, v in names_per_body.items()}
    people: dict[str, _Person] = {}
    for s, printed in listings:
        key = (fold(s.get("organisation") or ""), fold(s.get("body") or ""))
        full, how = rosters[key].resolve(printed)
        mid = member_id(*labels[key], full)
        person = people.setdefault(mid, _Person(full, *labels[key], matched_by=how))
        if how == "given_name_unique":  # a bare given name was linked to this full name
            person.matched_by = how
        person.names.add(printed)
        person.documents.add(s.get("document_id") or "")
        person.sessions.add(s["session_id"])
        if s.get("date"):
            person.dates.add(s["date"])
    rows: list[dict[str, Any]] = []
    for mid, p in people.items():
        given, family = _split(p.name)
        rows.append(
            {
                "member_id": mid,
                "organisation": p.organisation,
                "body": p.body,
                "name": p.name,
                "given_name": given,
                "family_name": family,
                "names": sorted(p.names),
                "matched_by": p.matched_by,
                "documents": sorted(d for d in p.documents if d),
                "sessions": len(p.sessions),
                "first_date": min(p.dates) if p.dates else None,
                "last_date": max(p.dates) if p.dates else None,
            }
        )
    rows.sort(key=lambda r: (r["organisation"] or "", r["body"] or "", fold(r["name"])))
    return rows


def name_index(members: Iterable[dict[str, Any]]) -> dict[tuple[str, str, str], str]:
    """(organisation, body, printed name), all folded → member_id."""
    return {
        (fold(m["organisation"] or ""), fold(m["body"] or ""), fold(n)): m["member_id"]
        for m in members
        for n in m["names"]
    }


def build_members(out_dir: Path) -> pa.Table:
    """The ``members`` table of an output folder, computed from its stored tables."""
    from pipeline.store import read_table

    tables = {n: read_table(out_dir, n).to_pylist() for n in ("sessions", "attendees", "proxies")}
    return pa.Table.from_pylist(members_rows(tables), schema=MEMBERS.schema)

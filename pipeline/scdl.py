"""SCDL « Délibérations » rows: one per deliberation, from register extracts and minutes.

A register extract is one deliberation. Minutes have no extract: each vote of an item is a
deliberation, numbered ``<session date>/<item>`` (``-2``, ``-3`` … for the later votes of
an item that holds several). Minutes of a session whose register extracts are in the
output are left to the extracts, so no deliberation is published twice.

Values come from the tables and from ``config/bodies.toml``, never guessed; the official
schema's rules (:mod:`pipeline.scdl_checks`) then decide what can be published:

* the five VOTE_ columns are all filled or all empty (cohesive columns). A tally is filled
  only when the document prints it in full, or when the printed counts add up to the
  voters, so that the counts left out can only be 0 ("12 votes pour / 2 abstentions" of 14
  voters: 0 contre). Unanimity is never turned into figures;
* BUDGET_ANNEE goes with BUDGET_NOM: a year is given only when the title names the budget;
* a row without a SIRET, a subject code or a title cannot be valid: it is *refused* (left
  out of the CSV) with its reason in the sidecar, never published half-empty.

The sidecar has one line per deliberation, exported or refused, saying where each
inferred value came from (subject rule, SIRET, tally).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parsers.stamp import parse_act_id
from pipeline.bodies import fold, registry
from pipeline.identifiers import actes_id_problem, is_siren, siret_problem
from pipeline.matieres import budget_name, budget_year, classify
from pipeline.scdl_checks import Violation, validate_rows
from pipeline.store import read_table

SCDL_FIELDS = (
    "COLL_NOM",
    "COLL_SIRET",
    "DELIB_ID",
    "DELIB_DATE",
    "DELIB_MATIERE_CODE",
    "DELIB_MATIERE_NOM",
    "DELIB_OBJET",
    "BUDGET_ANNEE",
    "BUDGET_NOM",
    "PREF_ID",
    "PREF_DATE",
    "VOTE_EFFECTIF",
    "VOTE_REEL",
    "VOTE_POUR",
    "VOTE_CONTRE",
    "VOTE_ABSTENTION",
    "DELIB_URL",
)
VOTE_FIELDS = ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR", "VOTE_CONTRE", "VOTE_ABSTENTION")
VOTING = ("present", "substitute", "represented")


@dataclass
class Item:
    """A deliberation to export, whatever kind of document it was read from."""

    key: str  # deliberation_id, or vote_id for minutes
    document_id: str
    session: dict[str, Any]
    number: str
    title: str | None
    vote: dict[str, Any] | None
    members_printed: int | None = None
    voters_printed: int | None = None
    act_id: str | None = None
    received: dt.date | None = None


@dataclass
class ScdlExport:
    rows: list[dict[str, str]] = field(default_factory=list)
    sidecar: list[dict[str, str]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def refused(self) -> list[dict[str, str]]:
        return [s for s in self.sidecar if s["statut"] == "refusée"]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --------------------------------------------------------------------------- items


def _register_items(delibs: list[dict], sessions: dict, votes: list[dict]) -> Iterator[Item]:
    by_delib = {v["deliberation_id"]: v for v in votes if v["deliberation_id"] is not None}
    for d in delibs:
        yield Item(
            key=d["deliberation_id"],
            document_id=d["document_id"],
            session=sessions.get(d["session_id"], {}),
            number=d["number"] or "",
            title=d["title"],
            vote=by_delib.get(d["deliberation_id"]),
            members_printed=d["members_in_office"],
            voters_printed=d["voters"],
            act_id=d["prefecture_act_id"],
            received=d["prefecture_received"],
        )


def _minutes_items(sessions: dict, votes: list[dict], covered: set) -> Iterator[Item]:
    per_item: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for v in votes:
        if v["deliberation_id"] is None:
            per_item[(v["session_id"], v["item_number"] or "")].append(v)
    for (session_id, item), group in per_item.items():
        s = sessions.get(session_id, {})
        if _session_key(s) in covered:
            continue
        group.sort(key=lambda v: v["sequence"] or 0)
        for v in group:
            seq = v["sequence"] or 1
            number = f"{_text(s.get('date'))}/{item}" + (f"-{seq}" if seq > 1 else "")
            title = v["item_title"]
            if len(group) > 1 and title:
                title = f"{title} (vote n° {seq})"
            yield Item(
                key=v["vote_id"],
                document_id=v["document_id"],
                session=s,
                number=number,
                title=title,
                vote=v,
                members_printed=s.get("members_in_office"),
                voters_printed=s.get("voters"),
            )


def _session_key(s: dict[str, Any]) -> tuple[str, str]:
    return fold(s.get("organisation") or ""), _text(s.get("date"))


# --------------------------------------------------------------------------- values


def collectivite(session: dict[str, Any], stamp_siren: str | None) -> tuple[str, str, str]:
    """COLL_NOM, COLL_SIRET (checksum verified) and where the SIRET came from."""
    siren = stamp_siren if is_siren(stamp_siren) else None
    body = registry().find(session.get("organisation"), siren, session.get("body"))
    name = body.name or session.get("organisation") or ""
    if body.siret and siret_problem(body.siret):
        return name, "", f"SIRET du registre refusé : {siret_problem(body.siret)}"
    if body.siret and (siren is None or body.siret.startswith(siren)):
        source = (
            f"registre des organes, SIREN confirmé par le tampon ACTES ({siren})"
            if siren
            else "registre des organes (config/bodies.toml)"
        )
        return name, body.siret, source
    if siren:
        return name, "", f"SIREN {siren} du tampon ACTES, NIC inconnu : SIRET non renseigné"
    return name, "", "inconnu (ni tampon ACTES ni registre)"


def tally(item: Item, roster: dict[str, int]) -> tuple[dict[str, str], str]:
    """The five VOTE_ values (all or none) and how they were obtained."""
    none = dict.fromkeys(VOTE_FIELDS, "")
    v = item.vote or {}
    pour, contre, abst = v.get("votes_for"), v.get("votes_against"), v.get("abstentions")
    if pour is None:
        why = "unanimité sans décompte" if v.get("unanimous") else "aucun décompte imprimé"
        return none, f"{why} : colonnes VOTE_ vides"
    voters = item.voters_printed
    voters_from = "votants imprimés"
    if voters is None and roster.get("voters"):
        voters, voters_from = roster["voters"], "présents et représentés de la liste"
    printed = pour + (contre or 0) + (abst or 0)
    if contre is None or abst is None:
        if voters is None or printed != voters:
            return none, "décompte incomplet et votants inconnus : colonnes VOTE_ vides"
        missing = " et ".join(
            n for n, x in (("contre", contre), ("abstentions", abst)) if x is None
        )
        how = f"{missing} = 0 : le décompte couvre les {voters} votants ({voters_from})"
        contre, abst = contre or 0, abst or 0
    else:
        how = "décompte imprimé en entier"
    effectif, effectif_from = item.members_printed, "effectif imprimé"
    if effectif is None:
        body = registry().find(item.session.get("organisation"), None, item.session.get("body"))
        effectif, effectif_from = body.members_in_office, "effectif du registre des organes"
    if effectif is None and roster.get("members"):
        effectif, effectif_from = roster["members"], "membres de la liste de présence"
    if effectif is None or effectif < printed:
        return none, "effectif inconnu ou inférieur aux votants : colonnes VOTE_ vides"
    values = (effectif, printed, pour, contre, abst)
    return dict(zip(VOTE_FIELDS, map(str, values), strict=True)), f"{how} ; {effectif_from}"


def _rosters(attendees: list[dict]) -> dict[str, dict[str, int]]:
    """Per session: members listed (substitutes apart) and voters (present or represented)."""
    names: dict[str, dict[str, str]] = defaultdict(dict)
    for a in attendees:
        if a["name"]:
            names[a["session_id"]].setdefault(a["name"], a["status"] or "")
    return {
        s: {
            "members": sum(st != "substitute" for st in people.values()),
            "voters": sum(st in VOTING for st in people.values()),
        }
        for s, people in names.items()
    }


# --------------------------------------------------------------------------- rows


def _row(item: Item, stamp_siren: str | None, roster: dict) -> tuple[dict, dict]:
    name, siret, siret_source = collectivite(item.session, stamp_siren)
    found = classify(item.title)
    code, subject, rule = found if found else ("", "", None)
    # a stamp whose id is malformed or whose SIREN fails its check digit names no préfecture
    parsed = None if actes_id_problem(item.act_id) else parse_act_id(item.act_id)
    votes, vote_source = tally(item, roster)
    year = budget_year(item.title, rule)
    budget = budget_name(item.title) if year else None
    row = {
        "COLL_NOM": name,
        "COLL_SIRET": siret,
        "DELIB_ID": item.number,
        "DELIB_DATE": _text(item.session.get("date")),
        "DELIB_MATIERE_CODE": code,
        "DELIB_MATIERE_NOM": subject,
        "DELIB_OBJET": item.title or "",
        "BUDGET_ANNEE": year if budget else "",
        "BUDGET_NOM": budget or "",
        # The stamp is the acknowledgement of a préfecture: its department gives PREFNNN.
        "PREF_ID": f"PREF{parsed['department']}" if parsed else "",
        "PREF_DATE": _text(item.received) if parsed else "",
        **votes,
        "DELIB_URL": "",
    }
    reasons = [
        why
        for missing, why in (
            (not siret, "SIRET de la collectivité inconnu : ajoutez-le à config/bodies.toml"),
            (not code, "aucune règle de matière ne s'applique au titre : à classer à la main"),
            (not row["DELIB_OBJET"], "objet absent"),
            (not row["DELIB_DATE"], "date de séance absente"),
        )
        if missing
    ]
    side = {
        "DELIB_ID": item.number,
        "identifiant": item.key,
        "statut": "refusée" if reasons else "exportée",
        "motif": " ; ".join(reasons),
        "matiere_code": code,
        "matiere_origine": f"déduite du titre (règle « {rule.id} » : {rule.why})" if rule else "",
        "budget": f"exercice {year} lu dans le titre, budget non nommé : non exporté"
        if year and not budget
        else "",
        "siret_source": siret_source,
        "vote_source": vote_source,
    }
    return row, side


def build_scdl(out_dir: Path) -> ScdlExport:
    """The SCDL rows of every deliberation in ``out_dir``, the sidecar, and the violations
    of the official schema that remain in the exported rows (none, when all goes well)."""
    delibs = read_table(out_dir, "deliberations").to_pylist()
    sessions = {s["session_id"]: s for s in read_table(out_dir, "sessions").to_pylist()}
    votes = read_table(out_dir, "votes").to_pylist()
    rosters = _rosters(read_table(out_dir, "attendees").to_pylist())
    # The SIREN a document's stamps print stands for every extract of that document.
    stamp_siren: dict[str, str] = {}
    for d in delibs:
        parsed = parse_act_id(d["prefecture_act_id"])
        if parsed:
            stamp_siren.setdefault(d["document_id"], str(parsed["siren"]))
    covered = {_session_key(sessions.get(d["session_id"], {})) for d in delibs}
    items = [
        *_register_items(delibs, sessions, votes),
        *_minutes_items(sessions, votes, covered),
    ]
    export = ScdlExport()
    seen: dict[tuple[str, str, str], str] = {}
    for item in items:
        roster = rosters.get(item.session.get("session_id", ""), {})
        row, side = _row(item, stamp_siren.get(item.document_id), roster)
        key = (row["COLL_SIRET"] or row["COLL_NOM"], row["DELIB_DATE"], row["DELIB_ID"])
        if side["statut"] == "exportée" and key in seen:
            # the same deliberation printed in two documents: published once
            side = {**side, "statut": "refusée", "motif": f"doublon de {seen[key]}"}
        elif side["statut"] == "exportée":
            seen[key] = side["identifiant"]
        export.sidecar.append(side)
        if side["statut"] == "exportée":
            export.rows.append(row)
    export.rows.sort(key=lambda r: (r["COLL_NOM"], r["DELIB_DATE"], _natural(r["DELIB_ID"])))
    export.sidecar.sort(key=lambda r: _natural(r["DELIB_ID"]))
    export.violations = validate_rows(export.rows)
    return export


def _natural(text: str) -> tuple:
    """Sort key putting item 2 before item 10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))

"""Open-data exports: SCDL « Délibérations » CSV and DECP JSON.

``delib export scdl`` writes the deliberations in the SCDL schema (schema.data.gouv.fr
``scdl/deliberations`` 2.1.x): UTF-8, comma-separated, a header row of the 17 property
names, dates as ``AAAA-MM-JJ``, a missing value as an empty field. Values come from the
tables only: a vote the extract does not print stays empty. The SIREN/SIRET of the body
comes from the ACTES stamp where one is printed, and from ``config/bodies.toml`` otherwise;
``DELIB_MATIERE_CODE`` is assigned by the rules of :data:`MATIERE_RULES` on the title, and
the rule that fired is recorded in a sidecar CSV next to the export.

``delib export decp`` writes the contracts that are public procurement (the ``contracts``
table of the money stage) in the DECP field names, as JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import pyarrow as pa

from parsers.stamp import parse_act_id
from pipeline import display
from pipeline.bodies import fold, registry
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

# Level-2 subjects of the ACTES nomenclature used below, named as SCDL wants them:
# level 1 / level 2, lower case with accents, no comma or parenthesis.
MATIERES: dict[str, str] = {
    "1.1": "commande publique/marchés publics",
    "1.2": "commande publique/délégation de service public",
    "1.4": "commande publique/autres types de contrats",
    "3.1": "domaine et patrimoine/acquisitions",
    "3.2": "domaine et patrimoine/aliénations",
    "4.2": "fonction publique/personnels contractuels",
    "5.2": "institutions et vie politique/fonctionnement des assemblées",
    "5.3": "institutions et vie politique/désignation de représentants",
    "5.4": "institutions et vie politique/délégation de fonctions",
    "5.7": "institutions et vie politique/intercommunalité",
    "7.1": "finances locales/décisions budgétaires",
    "7.2": "finances locales/fiscalité",
    "7.5": "finances locales/subventions",
    "8.4": "domaines de compétences par thèmes/aménagement du territoire",
    "9.4": "autres domaines de compétences/voeux et motions",
}


@dataclass(frozen=True)
class MatiereRule:
    """Title pattern (on the folded title: no accents, lower case) → ACTES subject."""

    id: str
    pattern: str
    code: str
    why: str


# First match wins: budget documents before "convention", which many titles contain.
MATIERE_RULES: tuple[MatiereRule, ...] = (
    MatiereRule(
        "budget",
        r"\b(budget primitif|budget supplementaire|decision modificative|compte administratif"
        r"|compte de gestion|debat d orientation budgetaire|rapport d orientation budgetaire)\b",
        "7.1",
        "document budgétaire (budget, décision modificative, compte, orientation budgétaire)",
    ),
    MatiereRule(
        "proces_verbal",
        r"\bproces verbal\b",
        "5.2",
        "approbation du procès-verbal d'une séance",
    ),
    MatiereRule(
        "delegations",
        r"\battributions exercees\b|\bdelegations? (du|au) president\b",
        "5.4",
        "compte rendu des attributions exercées par délégation",
    ),
    MatiereRule(
        "rapport_activite",
        r"\brapport d activites?\b",
        "5.2",
        "rapport d'activité présenté à l'assemblée",
    ),
    MatiereRule("marches", r"\bmarches?\b|\baccord cadre\b", "1.1", "marché public"),
    MatiereRule(
        "prestation_conseil",
        r"\b(audit|accompagnement du syndicat)\b",
        "1.1",
        "prestation de conseil commandée par l'organe (marché public)",
    ),
    MatiereRule(
        "cession",
        r"\b(achat|rachat) des\b.*\bpar\b|\bcession\b|\bvente\b",
        "3.2",
        "cession d'un bien de l'organe à un tiers",
    ),
    MatiereRule(
        "convention", r"\bconventions?\b|\bavenant\b", "1.4", "convention ou avenant (contrat)"
    ),
    MatiereRule("motion", r"\bmotion\b|\bvoeu\b", "9.4", "vœu ou motion"),
    MatiereRule("subvention", r"\bsubvention\b", "7.5", "subvention"),
    MatiereRule(
        "amenagement_numerique",
        r"\b(wifi|numeriques?|fibre|telephonie|tres haut debit)\b",
        "8.4",
        "aménagement numérique du territoire",
    ),
)


def classify(title: str | None) -> tuple[str, str, MatiereRule] | None:
    """ACTES code, SCDL subject name and the rule that decided, or None when none fits."""
    key = fold(title or "")
    for r in MATIERE_RULES:
        if re.search(r.pattern, key):
            return r.code, MATIERES[r.code], r
    return None


_YEAR_RE = re.compile(r"\b(19|20)\d{2}\b")


def budget_year(title: str | None, rule: MatiereRule | None) -> str | None:
    """The budget year when the title of a budget decision prints it ("Décision modificative
    2022" → "2022"); never guessed from the session date."""
    if rule is None or rule.id != "budget" or not title:
        return None
    m = _YEAR_RE.search(title)
    return m.group(0) if m else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def scdl_rows(out_dir: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """SCDL rows for every deliberation extract, and the sidecar rows saying why.

    The sidecar records, per DELIB_ID, the subject rule that fired and where the SIRET
    came from, so a publisher can review both before publishing.
    """
    delibs = read_table(out_dir, "deliberations").to_pylist()
    sessions = {s["session_id"]: s for s in read_table(out_dir, "sessions").to_pylist()}
    votes = {
        v["deliberation_id"]: v
        for v in read_table(out_dir, "votes").to_pylist()
        if v["deliberation_id"] is not None
    }
    # The SIREN a document's stamps print stands for every extract of that document.
    stamp_siren: dict[str, str] = {}
    for d in delibs:
        parsed = parse_act_id(d["prefecture_act_id"])
        if parsed:
            stamp_siren.setdefault(d["document_id"], str(parsed["siren"]))

    rows, sidecar = [], []
    for d in delibs:
        session = sessions.get(d["session_id"], {})
        siren = stamp_siren.get(d["document_id"])
        body = registry().find(session.get("organisation"), siren, session.get("body"))
        siret, siret_source = "", "inconnu (ni tampon ACTES ni registre)"
        if body.siret and (siren is None or body.siret.startswith(siren)):
            siret = body.siret
            siret_source = (
                f"registre des organes, SIREN confirmé par le tampon ACTES ({siren})"
                if siren
                else "registre des organes (config/bodies.toml)"
            )
        elif siren:
            siret_source = f"SIREN {siren} du tampon ACTES, NIC inconnu : SIRET non renseigné"
        found = classify(d["title"])
        code, name, rule = found if found else ("", "", None)
        parsed = parse_act_id(d["prefecture_act_id"])
        vote = votes.get(d["deliberation_id"], {})
        rows.append(
            {
                "COLL_NOM": body.name or session.get("organisation") or "",
                "COLL_SIRET": siret,
                "DELIB_ID": d["number"] or "",
                "DELIB_DATE": _text(session.get("date")),
                "DELIB_MATIERE_CODE": code,
                "DELIB_MATIERE_NOM": name,
                "DELIB_OBJET": d["title"] or "",
                "BUDGET_ANNEE": budget_year(d["title"], rule) or "",
                "BUDGET_NOM": "",  # the titles never name the budget (principal, annexe …)
                # The stamp is the acknowledgement of a préfecture ("AR Prefecture"): its
                # department gives the SCDL code PREFNNN.
                "PREF_ID": f"PREF{parsed['department']}" if parsed else "",
                "PREF_DATE": _text(d["prefecture_received"]),
                # Printed counts of the extract: members in office and voters.
                "VOTE_EFFECTIF": _text(d["members_in_office"]),
                "VOTE_REEL": _text(d["voters"]),
                # Tallies only when the extract prints them: never inferred from unanimity.
                "VOTE_POUR": _text(vote.get("votes_for")),
                "VOTE_CONTRE": _text(vote.get("votes_against")),
                "VOTE_ABSTENTION": _text(vote.get("abstentions")),
                "DELIB_URL": "",
            }
        )
        sidecar.append(
            {
                "DELIB_ID": d["number"] or "",
                "deliberation_id": d["deliberation_id"],
                "matiere_code": code,
                "matiere_rule": rule.id if rule else "aucune règle : à classer à la main",
                "matiere_reason": rule.why if rule else "",
                "siret_source": siret_source,
            }
        )
    rows.sort(key=lambda r: (r["COLL_NOM"], r["DELIB_DATE"], r["DELIB_ID"]))
    sidecar.sort(key=lambda r: r["DELIB_ID"])
    return rows, sidecar


def to_csv(rows: Iterable[dict[str, Any]], fields: Iterable[str]) -> str:
    """CSV meant for spreadsheets: a cell that would start a formula (= + - @, tab, CR)
    is kept as text with a leading apostrophe (docs/reports.md)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: display.spreadsheet(v) for k, v in r.items()} for r in rows)
    return buf.getvalue()


# --------------------------------------------------------------------------- DECP

# Contract kinds that are public procurement (the rest: conventions, subsidies … are not).
# A "lettre de commande" is an order under a marché à bons de commande: the marché is what
# DECP publishes, not each order.
PROCUREMENT_KINDS = ("marche", "accord cadre")
_MONTHS_RE = re.compile(r"(?:\(|\b)(\d{1,3})\)?\s*mois\b")


def duration_months(text: str | None) -> int | None:
    """Months of a duration as printed ("trente-six (36) mois" → 36); None otherwise."""
    if not text:
        return None
    m = _MONTHS_RE.search(text)
    return int(m.group(1)) if m else None


def is_procurement(kind: str | None) -> bool:
    return bool(kind) and fold(kind).startswith(PROCUREMENT_KINDS)  # type: ignore[arg-type]


def _json_number(value: Decimal | float | int | None) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def decp_records(
    contracts: pa.Table, deliberations: pa.Table, sessions: pa.Table
) -> tuple[list[dict[str, Any]], int]:
    """DECP records for the procurement rows of ``contracts``, and how many were skipped.

    DECP wants the amount excluding VAT (``montant``): ``amount_ht``, else ``amount`` when
    the row does not say, never ``amount_ttc``. Fields the documents do not give (the
    notification date, the holder's SIRET; procedure and duration when not printed) are
    null, not guessed.
    """
    delibs = {d["deliberation_id"]: d for d in deliberations.to_pylist()}
    sess = {s["session_id"]: s for s in sessions.to_pylist()}
    records, skipped = [], 0
    for c in contracts.to_pylist():
        if not is_procurement(c.get("kind")):
            skipped += 1
            continue
        d = delibs.get(c.get("deliberation_id"), {})
        s = sess.get(d.get("session_id"), {})
        parsed = parse_act_id(d.get("prefecture_act_id"))
        body = registry().find(
            s.get("organisation"), str(parsed["siren"]) if parsed else None, s.get("body")
        )
        amount = c.get("amount_ht")
        if amount is None:
            amount = c.get("amount")
        records.append(
            {
                "id": c.get("reference") or c["contract_id"],
                "acheteur": {"id": body.siret, "nom": body.name or s.get("organisation")},
                "nature": "Marché",
                "objet": c.get("subject"),
                "procedure": c.get("procedure"),
                "montant": _json_number(amount),
                "dureeMois": duration_months(c.get("duration")),
                "dateNotification": None,
                "titulaires": [{"denominationSociale": c.get("counterparty")}]
                if c.get("counterparty")
                else [],
                # Provenance: the deliberation that authorised the contract.
                "source": {
                    "deliberation_id": c.get("deliberation_id"),
                    "deliberation": d.get("number"),
                    "date_deliberation": _text(s.get("date")) or None,
                },
            }
        )
    return records, skipped


class TableMissing(Exception):
    """A table the export needs has not been defined by the pipeline yet."""


def read_contracts(out_dir: Path) -> pa.Table:
    try:
        return read_table(out_dir, "contracts")
    except KeyError as exc:  # schemas.tables has no "contracts" yet: the money stage
        raise TableMissing(
            "la table « contracts » n'existe pas encore dans cette version de delib "
            "(étape « montants et contrats ») : rien à exporter en DECP"
        ) from exc


# --------------------------------------------------------------------------- CLI

_OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/processed"),
    show_default=True,
    help="Folder written by `delib ingest`.",
)


@click.group("export")
def export_cmd() -> None:
    """Write open-data files: SCDL deliberations (CSV), DECP contracts (JSON)."""


@export_cmd.command("scdl")
@_OUT
@click.option(
    "--output",
    "dest",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV to write [default: OUT/exports/scdl_deliberations.csv].",
)
def scdl_cmd(out_dir: Path, dest: Path | None) -> None:
    """SCDL « Délibérations » 2.1.x CSV (UTF-8, comma, dates AAAA-MM-JJ).

    Writes a sidecar <name>.matieres.csv recording which rule chose each ACTES subject
    code and where the SIRET came from. Prints the path of the CSV.
    """
    rows, sidecar = scdl_rows(out_dir)
    if not rows:
        raise click.UsageError(f"no deliberations in {out_dir}: run `delib ingest` first")
    dest = dest or out_dir / "exports" / "scdl_deliberations.csv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(to_csv(rows, SCDL_FIELDS), encoding="utf-8")
    side = dest.with_suffix(".matieres.csv")
    side.write_text(to_csv(sidecar, sidecar[0].keys()), encoding="utf-8")
    unclassified = sum(1 for r in rows if not r["DELIB_MATIERE_CODE"])
    no_siret = sum(1 for r in rows if not r["COLL_SIRET"])
    click.echo(dest)
    click.echo(
        f"{len(rows)} délibérations ; {unclassified} sans code matière, {no_siret} sans SIRET "
        f"(voir {side.name})",
        err=True,
    )


@export_cmd.command("decp")
@_OUT
@click.option(
    "--output",
    "dest",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON to write [default: OUT/exports/decp.json].",
)
def decp_cmd(out_dir: Path, dest: Path | None) -> None:
    """DECP JSON of the contracts that are public procurement. Prints the path written."""
    try:
        contracts = read_contracts(out_dir)
    except TableMissing as exc:
        click.echo(f"delib export decp : {exc}", err=True)
        sys.exit(1)
    records, skipped = decp_records(
        contracts, read_table(out_dir, "deliberations"), read_table(out_dir, "sessions")
    )
    dest = dest or out_dir / "exports" / "decp.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"marches": records}, ensure_ascii=False, indent=2)
    dest.write_text(payload + "\n", encoding="utf-8")
    click.echo(dest)
    kinds = Counter(
        k or "nature inconnue"
        for k in contracts.column("kind").to_pylist()
        if not is_procurement(k)
    )
    detail = ", ".join(f"{n} {k}" for k, n in kinds.most_common())
    click.echo(
        f"{len(records)} marchés exportés ; {skipped} contrats écartés, qui ne sont pas des "
        f"marchés publics{f' ({detail})' if detail else ''}",
        err=True,
    )

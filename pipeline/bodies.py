"""Registry of deliberating bodies and the CGCT regimes that apply to them.

The legal rules need facts a register does not always print: what kind of body met
(commune, EPCI, syndicat mixte fermé or ouvert), its SIREN, how many inhabitants it
serves, what its statutes say. They live in ``config/bodies.toml`` (or the file named by
the ``DELIB_BODIES`` environment variable). A body missing from the registry still gets
the CGCT default for the kind its assembly's name implies ("Conseil municipal" → commune).

This module also holds the dated regimes of the quorum (ordinary CGCT L2121-17 and the
three COVID-19 derogations), so the rule module only has to ask "which regime on that
date?" and cite what it gets back.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import math
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from parsers.text import fold_words

BodyType = Literal["commune", "epci", "syndicat_mixte_ferme", "syndicat_mixte_ouvert"]
BODY_TYPES: tuple[str, ...] = ("commune", "epci", "syndicat_mixte_ferme", "syndicat_mixte_ouvert")

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "config" / "bodies.toml"

# The article that makes the municipal rules (L2121-…) apply to each kind of body.
APPLIED_BY: dict[str, str] = {
    "commune": "",
    "epci": ", applicable aux EPCI par L5211-1",
    "syndicat_mixte_ferme": ", applicable aux syndicats mixtes fermés par L5711-1",
    "syndicat_mixte_ouvert": ", appliqué par les statuts du syndicat mixte ouvert (L5721-2)",
}
TYPE_LABELS: dict[str, str] = {
    "commune": "commune",
    "epci": "EPCI",
    "syndicat_mixte_ferme": "syndicat mixte fermé",
    "syndicat_mixte_ouvert": "syndicat mixte ouvert",
}


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive key for matching names."""
    return fold_words(text)


@dataclass(frozen=True)
class Body:
    """One deliberating body as the registry (or the CGCT default) describes it."""

    name: str | None
    type: BodyType | None
    siren: str | None = None
    siret: str | None = None
    department: str | None = None
    members_in_office: int | None = None
    population: int | None = None
    convocation_clear_days: int | None = None
    quorum_min_present: int | None = None
    reconvened_sessions: frozenset[dt.date] = frozenset()
    aliases: tuple[str, ...] = ()
    # file-name patterns (fnmatch, case-insensitive) of documents that print no name
    files: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    registered: bool = True  # False: built from defaults, not read from the registry

    @property
    def label(self) -> str:
        kind = TYPE_LABELS.get(self.type or "", "type inconnu")
        return f"{self.name or 'organe non identifié'} ({kind})"


@dataclass(frozen=True)
class Registry:
    bodies: tuple[Body, ...] = ()

    def find(
        self, organisation: str | None, siren: str | None = None, assembly: str | None = None
    ) -> Body:
        """The registered body matching the SIREN or the name, else a CGCT default.

        ``assembly`` ("Conseil municipal", "Comité syndical") decides the default type
        when the body is not registered.
        """
        if siren:
            for b in self.bodies:
                if b.siren == siren:
                    return b
        if organisation:
            key = fold(organisation)
            for b in self.bodies:
                if key in {fold(n) for n in (b.name or "", *b.aliases) if n}:
                    return b
        return Body(
            name=organisation,
            type=guess_type(organisation, assembly),
            siren=siren,
            registered=False,
        )

    def by_file(self, file_name: str) -> Body | None:
        """The registered body whose ``files`` patterns match ``file_name``, if exactly one."""
        name = file_name.casefold()
        found = [
            b for b in self.bodies if any(fnmatch.fnmatchcase(name, p.casefold()) for p in b.files)
        ]
        return found[0] if len(found) == 1 else None


def guess_type(organisation: str | None, assembly: str | None) -> BodyType | None:
    """The kind of body a name implies, for bodies missing from the registry."""
    text = fold(f"{organisation or ''} {assembly or ''}")
    if "conseil municipal" in text or text.startswith(("commune", "ville", "mairie")):
        return "commune"
    if "conseil communautaire" in text or "communaute" in text or "metropole" in text:
        return "epci"
    if "syndicat mixte" in text:
        return None  # fermé or ouvert cannot be told from the name
    if "comite syndical" in text or "syndicat" in text:
        return "epci"  # a syndicat de communes is an EPCI (L5212-1)
    return None


def _body(entry: dict) -> Body:
    kind = entry.get("type")
    if kind is not None and kind not in BODY_TYPES:
        raise ValueError(f"bodies registry: unknown type {kind!r} for {entry.get('name')!r}")
    return Body(
        name=entry.get("name"),
        type=kind,
        siren=entry.get("siren"),
        siret=entry.get("siret"),
        department=entry.get("department"),
        members_in_office=entry.get("members_in_office"),
        population=entry.get("population"),
        convocation_clear_days=entry.get("convocation_clear_days"),
        quorum_min_present=entry.get("quorum_min_present"),
        reconvened_sessions=frozenset(
            d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
            for d in entry.get("reconvened_sessions", [])
        ),
        aliases=tuple(entry.get("aliases", ())),
        files=tuple(entry.get("files", ())),
        sources=dict(entry.get("sources", {})),
    )


def load_registry(path: Path) -> Registry:
    """Read a bodies registry (TOML, ``[[body]]`` tables)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    return Registry(tuple(_body(e) for e in data.get("body", [])))


_override: list[Registry] = []


@cache
def _default_registry(path: str) -> Registry:
    p = Path(path)
    return load_registry(p) if p.exists() else Registry()


def registry_path() -> Path:
    """The registry file in use when no override is set: ``$DELIB_BODIES`` or the default."""
    return Path(os.environ.get("DELIB_BODIES", str(DEFAULT_PATH)))


def registry() -> Registry:
    """The active registry: an override (tests), ``$DELIB_BODIES``, or config/bodies.toml."""
    if _override:
        return _override[-1]
    return _default_registry(str(registry_path()))


@contextmanager
def use_registry(reg: Registry) -> Iterator[Registry]:
    """Run a block with ``reg`` as the registry (for tests and what-if runs)."""
    _override.append(reg)
    try:
        yield reg
    finally:
        _override.pop()


# --------------------------------------------------------------------------- regimes


@dataclass(frozen=True)
class QuorumRegime:
    """How many members must be present, and how many proxies one may hold, on a date."""

    key: str
    label: str  # the text cited in messages
    fraction: Literal["majority", "third"]
    max_proxies: int
    disputed: bool = False

    def minimum(self, in_office: int) -> int:
        """Fewest members present that make the quorum."""
        if self.fraction == "third":
            return math.ceil(in_office / 3)  # "le tiers des membres en exercice est présent"
        return in_office // 2 + 1  # "la majorité de ses membres en exercice" : plus de la moitié


ORDINARY = QuorumRegime(
    "ordinaire",
    "régime ordinaire (CGCT L2121-17 : plus de la moitié des membres en exercice ; "
    "L2121-20 : un pouvoir par membre)",
    "majority",
    1,
)
# The COVID-19 derogations: one third present sufficed, a member could hold two proxies.
COVID_REGIMES: tuple[tuple[dt.date, dt.date, QuorumRegime], ...] = (
    (
        dt.date(2020, 3, 24),
        dt.date(2020, 8, 30),
        QuorumRegime(
            "covid-2020-290",
            "régime dérogatoire COVID-19 du 24 mars au 30 août 2020 (loi n° 2020-290 du "
            "23 mars 2020, art. 10 ; ordonnance n° 2020-391) : quorum du tiers, deux pouvoirs",
            "third",
            2,
        ),
    ),
    (
        dt.date(2020, 10, 17),
        dt.date(2020, 11, 14),
        QuorumRegime(
            "covid-2020-disputed",
            "période contestée du 17 octobre au 14 novembre 2020 (état d'urgence sanitaire "
            "rétabli sans que la dérogation au quorum soit encore rétablie par la loi "
            "n° 2020-1379)",
            "third",
            2,
            disputed=True,
        ),
    ),
    (
        dt.date(2020, 11, 15),
        dt.date(2021, 9, 30),
        QuorumRegime(
            "covid-2020-1379",
            "régime dérogatoire COVID-19 du 15 novembre 2020 au 30 septembre 2021 (loi "
            "n° 2020-1379 du 14 novembre 2020, art. 6) : quorum du tiers, deux pouvoirs",
            "third",
            2,
        ),
    ),
    (
        dt.date(2021, 11, 10),
        dt.date(2022, 7, 31),
        QuorumRegime(
            "covid-2021-1465",
            "régime dérogatoire COVID-19 du 10 novembre 2021 au 31 juillet 2022 (loi "
            "n° 2021-1465 du 10 novembre 2021, art. 10) : quorum du tiers, deux pouvoirs",
            "third",
            2,
        ),
    ),
)


def quorum_regime(date: dt.date) -> QuorumRegime:
    """The quorum regime in force on ``date`` (ends of the periods included)."""
    for start, end, regime in COVID_REGIMES:
        if start <= date <= end:
            return regime
    return ORDINARY


EPCI_FIVE_DAYS_FROM = dt.date(2020, 3, 1)  # loi n° 2019-1461 « Engagement et proximité »


@dataclass(frozen=True)
class ConvocationRule:
    clear_days: int
    label: str  # article and regime, cited in messages


def convocation_rule(body: Body, date: dt.date) -> ConvocationRule:
    """Clear days of convocation the body owes its members for a session on ``date``."""
    kind = body.type
    if kind == "syndicat_mixte_ouvert" and body.convocation_clear_days is not None:
        return ConvocationRule(
            body.convocation_clear_days,
            f"statuts du syndicat mixte ouvert (L5721-2) : {body.convocation_clear_days} "
            "jours francs (config/bodies.toml)",
        )
    if kind == "commune":
        if body.population is None:
            return ConvocationRule(
                3,
                "CGCT L2121-11 : 3 jours francs (population inconnue ; 5 jours francs si "
                "3 500 habitants et plus, L2121-12)",
            )
        if body.population < 3500:
            return ConvocationRule(3, "CGCT L2121-11 : 3 jours francs (moins de 3 500 habitants)")
        return ConvocationRule(5, "CGCT L2121-12 : 5 jours francs (3 500 habitants et plus)")
    if body.convocation_clear_days is not None:
        return ConvocationRule(
            body.convocation_clear_days,
            f"règle renseignée dans config/bodies.toml : {body.convocation_clear_days} "
            "jours francs",
        )
    via = APPLIED_BY.get(kind or "epci", "") or APPLIED_BY["epci"]
    if kind == "syndicat_mixte_ouvert" or kind is None:
        via = ", règle des EPCI (L5211-1) faute de statuts renseignés"
    if date >= EPCI_FIVE_DAYS_FROM:
        return ConvocationRule(
            5, f"CGCT L2121-12{via} : 5 jours francs (tout EPCI depuis le 1er mars 2020)"
        )
    return ConvocationRule(
        3,
        f"CGCT L2121-11{via} : 3 jours francs avant le 1er mars 2020 (5 si l'EPCI compte "
        "une commune de 3 500 habitants et plus)",
    )


def clear_days(convocation: dt.date, session: dt.date) -> int:
    """Jours francs: whole days between, neither the day sent nor the day of the session."""
    return (session - convocation).days - 1

"""Fuzzing the stages after the normaliser: segment + extract + validate + rows never crash,
and every span they report lies in the text and maps back into the original.

tests/test_normalize.py fuzzes ``normalize`` alone; here random register-like text goes
through ``extract_document(normalize(text).text)`` and the provenance mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.extract import extract_document
from parsers.lexicon import default_lexicon
from parsers.normalize import normalize
from parsers.records import Span
from pipeline.validate import validate

# Pieces of real registers and minutes, so that random text reaches deep into the
# segmenter and extractors instead of stopping at "not a register".
FRAGMENTS = [
    "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS\n",
    "Comité syndical du 29 juin 2022\n",
    "Délibération n° CS2022/16 : Validation du procès-verbal\n",
    "Délibération n° CS2019/0",
    "L’an deux mille vingt-deux, le 29 juin, les membres du comité syndical",
    "Étaient présents (sur site) :\n",
    "Etaient représentés par pouvoir :\n",
    "Etaient absents :\n",
    "Monsieur André MELLINGER\n",
    "Messieurs Gérard ALAZARD, Jean-Michel COSTES, Rémi DUPONT\n",
    "Monsieur Dominique MARIN à monsieur Jean-Pierre JAMMES\n",
    "Pour le Département du Lot : M. Pascal LEWICKI\n",
    "Nombre de délégués En exercice 18\n",
    " Présents 8 (8 titulaires)\n",
    " Pouvoir(s) 3\n Absent(s) 7\n Votants 11\n",
    "Date de la convocation 22 juin 2022\n",
    "Annexe – Procès-verbal du comité syndical du 17 mars 2022\n",
    "Après en avoir délibéré, le comité syndical DÉCIDE À L’UNANIMITÉ\n",
    "Pour : 10 Contre : 1 Abstention : 0\n",
    "M. GARDES demande si le montant de 1 500,00 € est inscrit.\n",
    "Séance ouverte à 18h30. Séance levée à 20 h.\n",
    "60 % pour le Département et 40 % pour les EPCI\n",
    "Total 5,5 2,5 ETP cat. A + 1,2 ETP cat. B\n",
    "Pour le Partenaire, un total de (19 845 €) est prévu, à :\n",
    "- Un versement initial égal à 27 % : (5 343 €)\n",
    "- Un dernier versement de (1 220 €) soit 6 %\n",
    "Montant du financement\n",
    "*Animation de l’écosystème 8 183 1 000\n",
    "2 600 -\n",
    "Total 19 845 - 1830\n",
    "En € HT\n",
    "Délibération CS2019/02 - séance du 1er février 2019    4\n",
    "\f",
    "\n\n",
    "syndi cat ",
    "ﬁnancement ",
    "\u00a0",
    "- ",
    "▪ ",
]

register_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40
).map("".join)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    default_lexicon()  # load once, outside hypothesis' example timing


def spans(obj: Any, seen: set[int] | None = None) -> Iterator[Span]:
    """Every Span reachable from a record (dataclasses, tuples, lists, dicts)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, Span):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from spans(getattr(obj, f.name), seen)
    elif isinstance(obj, (list, tuple, set, frozenset)):
        for x in obj:
            yield from spans(x, seen)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from spans(x, seen)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(register_like)
def test_extract_never_crashes_and_spans_stay_in_the_text(raw: str) -> None:
    norm = normalize(raw)
    doc = extract_document(norm.text)
    found = list(spans(doc))
    for s in found:
        assert 0 <= s.start <= s.end <= len(norm.text), (s, len(norm.text))
        start, end = norm.to_original(s.start, s.end)
        assert 0 <= start <= end <= len(raw), (s, start, end, len(raw))
    result = validate(doc)
    for s in spans(result.findings):
        assert 0 <= s.start <= s.end <= len(norm.text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_extract_survives_any_unicode(raw: str) -> None:
    norm = normalize(raw)
    doc = extract_document(norm.text)
    for s in spans(doc):
        assert 0 <= s.start <= s.end <= len(norm.text)

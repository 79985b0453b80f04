"""Personal names: normalisation, list splitting, matching (parsers.names)."""

from __future__ import annotations

import pytest

from parsers.names import (
    is_plausible_name,
    normalize_civility,
    parse_person,
    same_person,
    split_names,
    split_names_detailed,
)
from parsers.records import Person


@pytest.mark.parametrize(
    ("raw", "name", "given", "family"),
    [
        ("André MELLINGER", "André MELLINGER", "André", "MELLINGER"),
        ("SABRAZAT Jean-Pierre", "Jean-Pierre SABRAZAT", "Jean-Pierre", "SABRAZAT"),
        ("SABRAZAT Jean-\nPierre", "Jean-Pierre SABRAZAT", "Jean-Pierre", "SABRAZAT"),
        ("Jean-\nPierre SABRAZAT", "Jean-Pierre SABRAZAT", "Jean-Pierre", "SABRAZAT"),
        ("Jean-\nYves LANDAS", "Jean-Yves LANDAS", "Jean-Yves", "LANDAS"),
        ("Patrick\nKACZMAREK", "Patrick KACZMAREK", "Patrick", "KACZMAREK"),
        ("Nathalie MEY-FAU", "Nathalie MEY-FAU", "Nathalie", "MEY-FAU"),
        ("Charles de GAULLE", "Charles de GAULLE", "Charles", "de GAULLE"),
        ("de GAULLE Charles", "Charles de GAULLE", "Charles", "de GAULLE"),
        ("Jean de LA FONTAINE", "Jean de LA FONTAINE", "Jean", "de LA FONTAINE"),
        ("Pierre d'ARTAGNAN", "Pierre d'ARTAGNAN", "Pierre", "d'ARTAGNAN"),
        ("Marie du Pont", "Marie du PONT", "Marie", "du PONT"),
        ("Jean-Pierre", "Jean-Pierre", "Jean-Pierre", None),
        ("Anne-Marie", "Anne-Marie", "Anne-Marie", None),
        ("Adeline.", "Adeline", "Adeline", None),  # last item of "Présents : ..., Adeline."
        ("Adeline Texeira", "Adeline TEXEIRA", "Adeline", "TEXEIRA"),
        ("Agnes Michelot", "Agnes MICHELOT", "Agnes", "MICHELOT"),
        ("JEAN-PIERRE SABRAZAT", "Jean-Pierre SABRAZAT", "Jean-Pierre", "SABRAZAT"),
        ("MELLINGER", "MELLINGER", None, "MELLINGER"),
        ("J.-P. SABRAZAT", "J.-P. SABRAZAT", "J.-P.", "SABRAZAT"),
        ("  Thierry  CHARTROUX ,", "Thierry CHARTROUX", "Thierry", "CHARTROUX"),
    ],
)
def test_parse_person_shapes(raw: str, name: str, given: str | None, family: str | None) -> None:
    person = parse_person(raw)
    assert (person.name, person.given_name, person.family_name) == (name, given, family)


@pytest.mark.parametrize(
    ("raw", "civility", "name"),
    [
        ("Monsieur Alain MATHIEU", "M.", "Alain MATHIEU"),
        ("monsieur Christian CAUDRON", "M.", "Christian CAUDRON"),
        ("Messieurs Gérard ALAZARD", "M.", "Gérard ALAZARD"),
        ("MM. Serge BLADINIERES", "M.", "Serge BLADINIERES"),
        ("M. Guillaume BALDY", "M.", "Guillaume BALDY"),
        ("Madame Martine RODRIGUES", "Mme", "Martine RODRIGUES"),
        ("Mesdames Valérie BOULPICANTE", "Mme", "Valérie BOULPICANTE"),
        ("Mme Valérie BOULPICANTE", "Mme", "Valérie BOULPICANTE"),
        ("Mme MEY-FAU", "Mme", "MEY-FAU"),
        # a lone capitalised word after a civility is a family name, not a first name
        ("Mme Chamberlain", "Mme", "CHAMBERLAIN"),
        ("Mr Grandmougin", "M.", "GRANDMOUGIN"),
    ],
)
def test_parse_person_civility(raw: str, civility: str, name: str) -> None:
    person = parse_person(raw)
    assert (person.civility, person.name) == (civility, name)


def test_parse_person_civility_argument() -> None:
    assert parse_person("Christian DELRIEU", "Messieurs") == Person(
        name="Christian DELRIEU", given_name="Christian", family_name="DELRIEU", civility="M."
    )
    # a civility printed with the name wins over the one in force
    assert parse_person("Mme Valérie BOULPICANTE", "M.").civility == "Mme"


def test_normalize_civility() -> None:
    assert normalize_civility("Messieurs") == "M."
    assert normalize_civility("MM.") == "M."
    assert normalize_civility("Mesdames") == "Mme"
    assert normalize_civility(None) is None


def test_split_names_civility_list_with_inverted_wrapped_name() -> None:
    s = (
        "Messieurs Gérard ALAZARD, Elie AUTEMAYOUX, Thierry CHARTROUX, Gyl CRAYSSAC,\n"
        "Patrick GARDES, Joseph GOUSSET, Stéphane MAGOT, Thierry MARTIN, SABRAZAT Jean-\n"
        "Pierre"
    )
    found = split_names(s)
    assert [raw for raw, _ in found] == [
        "Gérard ALAZARD",
        "Elie AUTEMAYOUX",
        "Thierry CHARTROUX",
        "Gyl CRAYSSAC",
        "Patrick GARDES",
        "Joseph GOUSSET",
        "Stéphane MAGOT",
        "Thierry MARTIN",
        "SABRAZAT Jean-\nPierre",
    ]
    for raw, span in found:
        assert s[span.start : span.end] == raw
    refs = split_names_detailed(s)
    assert {r.civility for r in refs} == {"M."}
    assert parse_person(refs[-1].raw, refs[-1].civility).name == "Jean-Pierre SABRAZAT"


def test_split_names_civility_changes_mid_list() -> None:
    s = "M. Jérôme BONAFOUS, Mme Valérie BOULPICANTE,\nMM. Thierry CHARTROUX, Jean-Philippe GAVET"
    refs = split_names_detailed(s)
    assert [(r.raw, r.civility) for r in refs] == [
        ("Jérôme BONAFOUS", "M."),
        ("Valérie BOULPICANTE", "Mme"),
        ("Thierry CHARTROUX", "M."),
        ("Jean-Philippe GAVET", "M."),
    ]


def test_split_names_civility_at_line_end_and_trailing_comma() -> None:
    s = "Monsieur Jérôme BONAFOUS, Madame Valérie BOULPICANTE, Messieurs\nJean-Michel COSTES,"
    refs = split_names_detailed(s)
    assert [(r.raw, r.civility) for r in refs] == [
        ("Jérôme BONAFOUS", "M."),
        ("Valérie BOULPICANTE", "Mme"),
        ("Jean-Michel COSTES", "M."),
    ]


def test_split_names_first_names_and_et() -> None:
    s = "Jean-Pierre, Yves, Jacques et Adeline."
    assert [raw for raw, _ in split_names(s)] == ["Jean-Pierre", "Yves", "Jacques", "Adeline"]


def test_split_names_empty() -> None:
    assert split_names("") == []
    assert split_names(" , ") == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Agnes Michelot", "Agnès MICHELOT", True),
        ("Yves", "Yves LISCHKA", True),
        ("Adeline Texeira", "Adeline TEXEIRA", True),
        ("SABRAZAT Jean-Pierre", "Jean-Pierre SABRAZAT", True),
        ("Jean Pierre SABRAZAT", "Jean-Pierre SABRAZAT", True),
        ("M. MELLINGER", "André MELLINGER", True),
        ("Marc SAUGET", "Marielle SAUGET", False),
        ("Yves", "Jacques", False),
        ("Yves", "LISCHKA", False),
        ("", "Yves", False),
    ],
)
def test_same_person(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("Gérard ALAZARD", True),
        ("SABRAZAT Jean-", True),
        ("Anne-Marie", True),
        ("Ordre du jour", False),
        ("Le président du syndicat", False),
        ("INTRODUCTION ET ACCUEIL PAR LE PRÉSIDENT DU SYNDICAT", False),
        ("Pour les communautés de communes", False),
        ("12 titulaires", False),
        ("", False),
    ],
)
def test_is_plausible_name(raw: str, ok: bool) -> None:
    assert is_plausible_name(raw) is ok

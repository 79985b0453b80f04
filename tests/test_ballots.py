"""Who a ballot proclaims elected: each printed wording, and its variants.

The wordings come from documents read by hand (tests/fixtures/bodies): "est proclamé élu
Maire" (the generator's, like Chéméré's "proclamés élus"), "a été proclamé Maire de
LANNION" with the office straight after the verb (Lannion 2020-05-25, p. 3), "ayant
obtenu la majorité des suffrages a été proclamée MAIRE" without a comma (Saint-Restitut
2020-05-26, p. 2). Lists proclaimed elected are not read yet: their rows say null.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from parsers.ballots import read_ballots
from tests.corpus_output import ingest_into
from tests.variants import generate_with


def _block(results: str, proclamation: str) -> str:
    return (
        "Résultat du vote :\n"
        "Nombre de votants : 33\n"
        "Nombre de suffrages blancs : 5\n"
        "Nombre de suffrages déclarés nuls : 1\n"
        "Nombre de suffrages exprimés : 27\n"
        "Majorité absolue : 14\n"
        f"A obtenu :\n{results}\n{proclamation}\n"
    )


PROCLAMATIONS = [
    # (printed result line, printed proclamation, name expected elected)
    (
        "M. Paul LE BIHAN : 27 voix",
        "M. Paul LE BIHAN a été proclamé Maire de LANNION et a été immédiatement installé.",
        "Paul LE BIHAN",
    ),
    (
        "Mme Christine FOROT : 27 voix",
        "Mme Christine FOROT, ayant obtenu la majorité des suffrages a été proclamée MAIRE",
        "Christine FOROT",
    ),
    (
        "M. Jean DUPONT : 27 voix",
        "M. Jean DUPONT, ayant obtenu la majorité absolue, est proclamé élu Maire.",
        "Jean DUPONT",
    ),
    ("Mme Anne MARTIN : 27 voix", "Mme Anne MARTIN est élue adjointe.", "Anne MARTIN"),
]


@pytest.mark.parametrize(("result", "proclamation", "name"), PROCLAMATIONS)
def test_the_proclaimed_winner_is_read(result: str, proclamation: str, name: str) -> None:
    (ballot,) = read_ballots(_block(result, proclamation))
    assert ballot.elected == (name,) or ballot.elected == (f"Mme {name}",), ballot.elected
    assert [r.candidate for r in ballot.results if ballot.elects(r.candidate)] == [
        result.split(" : ")[0]
    ]


# Generated variants: other names and genders, capitals, the proclamation on two lines.
VARIANTS = [
    ("M.", "Yves ARMAND", "", "Maire"),
    ("Mme", "Sandrine MÉARY", "e", "première adjointe"),
    ("Monsieur", "Jean-Yves CALLAC", "", "MAIRE DE LA COMMUNE"),
]


@pytest.mark.parametrize(("civ", "name", "e", "office"), VARIANTS)
@pytest.mark.parametrize("wording", ["a été proclamé{e} {office}", "A ÉTÉ PROCLAMÉ{E} {office}"])
@pytest.mark.parametrize("sep", [" ", "\n"])
def test_a_proclamation_variant_is_read(
    civ: str, name: str, e: str, office: str, wording: str, sep: str
) -> None:
    verb = wording.format(e=e, E=e.upper(), office=office).replace(" ", sep, 2)
    (ballot,) = read_ballots(_block(f"{civ} {name} : 27 voix", f"{civ} {name} {verb}."))
    assert len(ballot.elected) == 1
    assert ballot.elects(f"{civ} {name}")
    assert name in ballot.elected[0]


def test_a_result_line_is_not_taken_for_the_elected() -> None:
    """Lannion p. 7: the adjoints proclaimed are listed after the verb, not before it."""
    (ballot,) = read_ballots(
        _block(
            "La liste déposée par M. Paul LE BIHAN : 27 voix",
            "Ont été proclamés adjoints et immédiatement installés les candidats ci-dessous.",
        )
    )
    assert [r.votes for r in ballot.results] == [27]
    assert ballot.elected == ()


def test_no_proclamation_leaves_no_one_elected() -> None:
    (ballot,) = read_ballots(_block("M. Paul LE BIHAN : 27 voix", "La séance continue."))
    assert ballot.elected == ()
    assert not ballot.elects("M. Paul LE BIHAN")


@pytest.mark.parametrize("surname", ["Blanc", "BLANC", "Blancs"])
def test_a_candidate_named_blanc_is_a_candidate(surname: str) -> None:
    """Generated documents drew "Mme Anne-Sophie Blanc : 4 voix": read as the key "blancs",
    it opened a new round and hid the rest of the results and the proclamation."""
    (ballot,) = read_ballots(
        _block(
            f"Mme Zoé BOUCHER : 22 voix\nMme Anne-Sophie {surname} : 5 voix",
            "Mme Zoé BOUCHER est proclamée élue adjointe.",
        )
    )
    assert ballot.blank == 5 and ballot.spoilt == 1
    assert [(r.candidate, r.votes) for r in ballot.results] == [
        ("Mme Zoé BOUCHER", 22),
        (f"Mme Anne-Sophie {surname}", 5),
    ]
    assert ballot.elected == ("Mme Zoé BOUCHER",)


def test_the_ballots_table_says_elected_only_where_a_proclamation_was_read(
    tmp_path: Path,
) -> None:
    """True for the winner, False for the other candidate; null for every candidate of a
    round whose proclamation was not read: an unread proclamation is no "not elected"."""
    text, truth = generate_with(2, ballot="adjoint")
    (ballot,) = truth["ballots"]
    winner, other = (r["candidate"] for r in ballot["results"])
    (line,) = [ln for ln in text.splitlines() if "proclamé" in ln]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "commune_cm_a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "in" / "commune_cm_b.txt").write_text(text.replace(line, ""), encoding="utf-8")
    out = ingest_into(tmp_path / "out", tmp_path / "in")
    rows = pd.read_parquet(out / "ballots.parquet").merge(
        pd.read_parquet(out / "documents.parquet")[["document_id", "source_path"]]
    )
    got = {(Path(r.source_path).stem, r.candidate): r.elected for r in rows.itertuples()}
    assert len(got) == 4, got
    elected = {k: v for k, v in got.items() if k[0] == "commune_cm_a"}
    assert [v for (_f, c), v in elected.items() if winner.split()[-1] in c] == [True]
    assert [v for (_f, c), v in elected.items() if other.split()[-1] in c] == [False]
    assert all(pd.isna(v) for k, v in got.items() if k[0] == "commune_cm_b")

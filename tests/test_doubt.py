"""A document read as "other" that shows a session is a finding, not a clean reading.

Montolieu's minutes of 20 September 2003 (a real HTML page, tests/fixtures/readers/) say
« le Conseil municipal, dûment convoqué, s est réuni » and list « Étaient présents » and
« Étaient absents excusés », but print no vote formula or count the classifier knows
(the stored copy lost its apostrophes: « à l unanimité »). Until now it was classed
"other" in silence and counted as read entirely; it now raises classification.doubtful.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import process_document

ROOT = Path(__file__).resolve().parents[1]
MONTOLIEU = ROOT / "tests" / "fixtures" / "readers" / "montolieu_crcm200903.html"


def _doubts(path: Path) -> list[dict]:
    result = process_document(path)
    return [f for f in result.rows.tables["findings"] if f["rule"] == "classification.doubtful"]


def test_real_minutes_in_an_unknown_wording_are_doubtful() -> None:
    (finding,) = _doubts(MONTOLIEU)
    # read by hand: two roster labels, and the opening sentence of the session
    assert "2 rubriques de présence" in finding["message"]
    assert "phrase d'ouverture de séance" in finding["message"]


OPENINGS = (
    "L'an deux mille trois, le vingt septembre, le conseil municipal s'est réuni en mairie.",
    "Les membres du conseil se sont réunis le 3 mars 2011 à 20 h.",
    "SÉANCE DU 12 JANVIER 2015",
)
ROSTERS = (
    "Étaient présents : Mmes Durand, Petit ; MM. Martin, Bernard.",
    "PRESENTS : Jeanne Roux, Paul Morel, Louis Fabre",
    "Absents excusés :\nM. Girard\nMme Lambert",
)


@pytest.mark.parametrize("opening", OPENINGS)
@pytest.mark.parametrize("roster", ROSTERS)
def test_generated_session_without_votes_is_doubtful(
    tmp_path: Path, opening: str, roster: str
) -> None:
    # a session in no known heading and with no vote formula: other, but doubtful
    text = f"Commune de Saint-Martin\n\n{opening}\n\n{roster}\n\nLe maire présente le projet.\n"
    path = tmp_path / "session.txt"
    path.write_text(text, encoding="utf-8")
    assert process_document(path).document["kind"] == "other"
    assert len(_doubts(path)) == 1


@pytest.mark.parametrize(
    "text",
    [
        # a roster label without a session: a report quoting a list, not a session
        "Rapport d'activité 2020\n\nÉtaient présents : les partenaires du projet.\n",
        # a session line without a roster: a press note about a meeting
        "La séance du 12 mars a porté sur le budget.\nLe public était nombreux.\n",
    ],
)
def test_one_cue_alone_is_not_doubtful(tmp_path: Path, text: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text(text, encoding="utf-8")
    assert process_document(path).document["kind"] == "other"
    assert _doubts(path) == []

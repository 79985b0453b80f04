"""The roster reader on each wording, and on variants of it (other names, order, line
breaks, capitals): what a body prints, and who is present, represented or absent.

Each case was written by hand from a wording seen in a real document (cited), then
varied: the same block with the label in capitals, the names in another order, and a line
break inside the list.
"""

from __future__ import annotations

import pytest

from parsers.roster import read_roster

# (block as printed, {name: status}, [(giver, holder)], source)
CASES = [
    (
        "Présents : Jean-Pierre, Yves, Jacques\nExcusée : Maryline (pouvoir donné à Jean-Pierre)",
        {
            "Jean-Pierre": "present",
            "Yves": "present",
            "Jacques": "present",
            "Maryline": "represented",
        },
        [("Maryline", "Jean-Pierre")],
        "Couthenans 2021, p.1",
    ),
    (
        "Etaient présents : Paul LE BIHAN - Eric ROBERT - Françoise LE MEN\n"
        "Procurations :\nPatrice KERVAON (procuration à Paul LE BIHAN)",
        {
            "Paul LE BIHAN": "present",
            "Eric ROBERT": "present",
            "Françoise LE MEN": "present",
            "Patrice KERVAON": "represented",
        },
        [("Patrice KERVAON", "Paul LE BIHAN")],
        "Lannion 2020-06-08, p.1",
    ),
    (
        "PRESENTS : MM Sébastien LEROUX, Sylvain GAUDIN et Jeanne GUILLOUET\n\n"
        "ABSENTS AYANT DONNE PROCURATION : Madame Monique Fourey-Béchet donne pouvoir à madame "
        "Jeanne Guillouet\n\nABSENTS EXCUSES : Monsieur Stéphane AUVRAY",
        {
            "Sébastien LEROUX": "present",
            "Sylvain GAUDIN": "present",
            "Jeanne GUILLOUET": "present",
            "Monique FOUREY-BÉCHET": "represented",
            "Stéphane AUVRAY": "absent",
        },
        [("Monique FOUREY-BÉCHET", "Jeanne GUILLOUET")],
        "Putanges-le-Lac 2022-12-05, p.1",
    ),
    (
        "Présents : MM. PORTEBOIS, Mme MALARD, MM. VENDERBURE\n"
        "Absents représentés : M. LEDRAPPIER par M. PORTEBOIS ;\nMme CLEDIC par Mme MALARD.",
        {
            "PORTEBOIS": "present",
            "MALARD": "present",
            "VENDERBURE": "present",
            "LEDRAPPIER": "represented",
            "CLEDIC": "represented",
        },
        [("LEDRAPPIER", "PORTEBOIS"), ("CLEDIC", "MALARD")],
        "Clairoix 2006-03-24, L7-12 (« Représentés : X par Y », issue 9)",
    ),
    (
        "Présents : Anne MARTIN, Paul DURAND\n"
        "Etait absent, excusé et a donné pouvoir : Luc MOREAU à Anne MARTIN, Eva LEROY à\n"
        "Paul DURAND\nExcusés : Jean ROUX (pas de pouvoir donné)",
        {
            "Anne MARTIN": "present",
            "Paul DURAND": "present",
            "Luc MOREAU": "represented",
            "Eva LEROY": "represented",
            "Jean ROUX": "absent",
        },
        [("Luc MOREAU", "Anne MARTIN"), ("Eva LEROY", "Paul DURAND")],
        "L'Arbresle 2013-07-09 p.1 wording; « pas de pouvoir donné » (Couthenans) is no proxy",
    ),
]


def _variants(block: str) -> list[str]:
    """The block as printed, with its labels in capitals, and with a line break inside."""
    lines = block.split("\n")
    upper = "\n".join(
        (ln.split(":", 1)[0].upper() + ":" + ln.split(":", 1)[1]) if ":" in ln else ln
        for ln in lines
    )
    first = lines[0]
    cut = first.rfind(", ")
    wrapped = (
        "\n".join([first[: cut + 1] + "\n" + first[cut + 2 :], *lines[1:]]) if cut > 0 else block
    )
    return [block, upper, wrapped]


def _key(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if c.isalpha()).casefold()


@pytest.mark.parametrize(
    ("block", "statuses", "proxies", "source"), CASES, ids=[c[3] for c in CASES]
)
def test_wording_and_its_variants(
    block: str, statuses: dict[str, str], proxies: list[tuple[str, str]], source: str
) -> None:
    for variant in _variants(block):
        r = read_roster(variant)
        got = {_key(a.person.name): a.status for a in r.attendance.attendees}
        assert got == {_key(n): s for n, s in statuses.items()}, (source, variant)
        assert {(_key(p.giver), _key(p.holder)) for p in r.attendance.proxies} == {
            (_key(g), _key(h)) for g, h in proxies
        }, (source, variant)
        assert r.unread == (), (source, r.unread)


def test_names_in_another_order_are_read_in_theirs() -> None:
    block = CASES[1][0].replace(
        "Paul LE BIHAN - Eric ROBERT - Françoise LE MEN",
        "Françoise LE MEN - Paul LE BIHAN - Eric ROBERT",
    )
    names = [a.person.name for a in read_roster(block).attendance.attendees]
    assert names[:3] == ["Françoise LE MEN", "Paul LE BIHAN", "Eric ROBERT"]


def test_unknown_entry_is_unread_not_a_name() -> None:
    r = read_roster("Présents : Anne MARTIN, 3 rue des Lilas 21000, Paul DURAND")
    assert [a.person.name for a in r.attendance.attendees] == ["Anne MARTIN", "Paul DURAND"]
    assert [u.reason for u in r.unread] == ["name not recognised"]

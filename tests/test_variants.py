"""Self-tests of the synthetic document generator (tests/variants.py).

They check the generator, not the readers: that its truth follows the conventions of
tests/fixtures/bodies/README.md and agrees with itself (rosters, proxies, counts, tallies),
that the text prints every name and title of the truth, and that a seed always gives the
same document. The reading tests are built on top of it elsewhere.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

from tests import variant_wordings as W
from tests.variants import KINDS, WORDINGS, french_number, generate, generate_with, render_pdf

TRUTH_KEYS = [
    "document",
    "body",
    "source",
    "status",
    "kind",
    "organisation",
    "session_date",
    "counts",
    "count_ranges",
    "attendees",
    "proxies",
    "secretary",
    "movements",
    "items",
    "ballots",
    "notes",
]
VOTE_KEYS = ["votes_for", "votes_against", "abstentions", "not_taking_part", "unanimous", "outcome"]
SEEDS = range(120)
PROXY_CUES = {
    "paren_pouvoir": "(pouvoir à ",
    "paren_procuration": "(procuration à ",
    "a_donne": " a donné pouvoir à ",
    "donne": " donne pouvoir à ",
    "represente": " par ",
    "a_to": " à ",
    "pouvoir_donne": ", pouvoir donné à ",
}


def _flat(text: str) -> str:
    """Text with line breaks and runs of spaces as one space (rosters wrap between words)."""
    return " ".join(text.split())


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _printed_somewhere(name: str, flat: str) -> bool:
    """ "Prénom NOM" is printed as such, or inverted "NOM Prénom", or (for "NOM") alone."""
    first, _, last = name.partition(" ")
    return name in flat or (bool(last) and f"{last} {first}" in flat)


def _truth_names(truth: dict) -> list[str]:
    names = [a["name"] for a in truth["attendees"]] + [m["name"] for m in truth["movements"]]
    names += [p[k] for p in truth["proxies"] for k in ("giver", "holder")]
    names += [v["name"] for item in truth["items"] for v in item["member_votes"]]
    names += [r["candidate"] for b in truth["ballots"] for r in b["results"]]
    return names + ([truth["secretary"]] if truth["secretary"] else [])


def problems(truth: dict) -> list[str]:
    """Every way the truth disagrees with itself (deliberate defects are in ``notes``)."""
    out: list[str] = []
    notes = " ".join(truth["notes"])
    status = {a["name"]: a["status"] for a in truth["attendees"]}
    if len(status) != len(truth["attendees"]):
        out.append("duplicate attendee")
    if not set(status.values()) <= {"present", "substitute", "represented", "absent"}:
        out.append("bad status")
    givers = [p["giver"] for p in truth["proxies"]]
    if sorted(givers) != sorted(n for n, s in status.items() if s == "represented"):
        out.append("represented members and proxy givers differ")
    if any(status.get(p["holder"]) != "present" for p in truth["proxies"]):
        out.append("a proxy holder is not present")
    if truth["secretary"] and status.get(truth["secretary"]) != "present":
        out.append("secretary not present")

    numbers = [item["number"] for item in truth["items"]]
    index = {n: i for i, n in enumerate(numbers)}
    moves = truth["movements"]
    if any(m["before_item"] not in index or status.get(m["name"]) != "present" for m in moves):
        out.append("movement of an unknown member or item")
    n_present = sum(s == "present" for s in status.values())
    arrivals = sum(m["event"] == "arrives" for m in moves)
    proxies = len(truth["proxies"])

    def voters_at(k: int) -> int:
        delta = sum(
            (1 if m["event"] == "arrives" else -1) for m in moves if index[m["before_item"]] <= k
        )
        return n_present - arrivals + delta + proxies

    c = truth["counts"]
    expected = {
        "members_in_office": len(status),
        "present": n_present - arrivals,
        "proxies": proxies,
        "absent": len(status) - n_present + arrivals - proxies,
        "voters": voters_at(-1),
    }
    if "votants printed" not in notes:
        out += [f"counts.{k}" for k, v in c.items() if v is not None and v != expected[k]]
    elif c["voters"] == expected["voters"]:
        out.append("count defect noted but not printed")
    for r in truth["count_ranges"]:
        if r["voters"] != r["present"] + r["proxies"] or r["voters"] != voters_at(
            index[r["first_item"]]
        ):
            out.append(f"count range from {r['first_item']}")

    for k, item in enumerate(truth["items"]):
        out += [f"item {item['number']}: {p}" for p in _item_problems(item, voters_at(k), notes)]
        if any(v["name"] not in status for v in item["member_votes"]):
            out.append(f"item {item['number']}: named voter not an attendee")
    for b in truth["ballots"]:
        if b["expressed"] != b["voters"] - b["blank"] - b["spoilt"]:
            out.append("ballot expressed")
        if sum(r["votes"] for r in b["results"]) != b["expressed"]:
            out.append("ballot results")
        if b["voters"] != voters_at(index[b["item"]]) or truth["items"][index[b["item"]]]["vote"]:
            out.append("ballot voters or item vote")
        won = {r["candidate"]: r["votes"] for r in b["results"]}
        if any(won[e] < b["absolute_majority"] for e in b["elected"]):
            out.append("ballot elected without the absolute majority")
    return out


def _item_problems(item: dict, voters: int, notes: str) -> list[str]:
    vote, out = item["vote"], []
    if vote is None:
        return []
    if list(vote) != VOTE_KEYS or vote["outcome"] not in (
        "adopted",
        "rejected",
        "noted",
        "postponed",
        "withdrawn",
        None,
    ):
        out.append("vote keys or outcome")
    f, c, ab = vote["votes_for"], vote["votes_against"], vote["abstentions"]
    named = {
        kind: sum(v["vote"] == kind for v in item["member_votes"])
        for kind in ("against", "abstention", "not_taking_part")
    }
    if None not in (f, c, ab):
        total = f + c + ab + named["not_taking_part"]
        defect = f"item {item['number']} prints" in notes
        if (total != voters) != defect:
            out.append(f"tally {total} for {voters} voters")
    if None not in (f, c) and vote["outcome"] != ("adopted" if f > c else "rejected"):
        out.append("outcome does not follow the figures")
    said = [x for x in (c, ab) if x is not None]
    if any(said) and vote["unanimous"] is not False:
        out.append("against/abstention printed but unanimous not False")
    if c == 0 and ab == 0 and vote["unanimous"] is not True:
        out.append("0 against and 0 abstentions printed but unanimous not True")
    if (named["against"], named["abstention"]) not in ((0, 0), (c, 0), (0, ab), (c, ab)):
        out.append("named voters differ from the printed figure")
    if vote["outcome"] in ("noted", "postponed") and (f, c, ab, vote["unanimous"]) != (None,) * 4:
        out.append("a noted/postponed item with figures")
    return out


def _check(text: str, truth: dict) -> None:
    assert list(truth) == TRUTH_KEYS
    assert problems(truth) == []
    flat = _flat(text)
    missing = [n for n in _truth_names(truth) if not _printed_somewhere(n, flat)]
    assert missing == []
    assert truth["organisation"] in text.splitlines()[0]
    lines = text.splitlines()
    for item in truth["items"]:
        assert any(item["title"] in line and item["number"] in line for line in lines) or (
            f"Délibération n° {item['number']}" in lines and f"Objet : {item['title']}" in lines
        )
    date = truth["session_date"]
    assert str(date.year) in text or french_number(date.year - 2000) in text


@pytest.mark.parametrize("kind", KINDS)
def test_truth_is_consistent_and_printed(kind):
    for seed in SEEDS:
        text, truth = generate(seed, kind)
        assert truth["kind"] == kind
        assert truth["notes"] == []  # no defect unless asked for
        _check(text, truth)


def test_deterministic_by_seed():
    assert generate(42) == generate(42)
    assert generate(42, "register") == generate(42, "register")
    assert generate(42)[0] != generate(43)[0]
    assert generate(42)[0] != generate(42, "register")[0]


def test_truth_survives_yaml():
    """The truth can be written as a fixture YAML (dates, accents, None) and read back."""
    for seed in range(10):
        truth = generate(seed)[1]
        assert yaml.safe_load(yaml.safe_dump(truth, allow_unicode=True, sort_keys=False)) == truth


@pytest.mark.parametrize("axis", sorted(WORDINGS))
def test_each_option_can_be_forced(axis):
    """Every option of every axis gives a consistent document (the reading tests iterate
    over these); roster labels, proxies and secretary wordings are visibly printed."""
    for option in WORDINGS[axis]:
        for seed in range(4):
            kind = "register" if axis == "register_heading" else "minutes"
            choices = {axis: option}
            if axis == "numbering":
                choices["ballot"] = "none"
            text, truth = generate_with(seed, kind, **choices)
            _check(text, truth)
            folded = _fold(_flat(text))
            if axis in ("present_label", "secretary") and option != "none":
                head = W.PRESENT_LABELS[option] if axis == "present_label" else "secretaire"
                assert _fold(head.split("{")[0]) in folded
            if axis == "proxy":
                assert _fold(PROXY_CUES[option]) in folded


def test_forced_vote_wordings_are_printed():
    cues = {
        "unanimite": "Adopté à l'unanimité.",
        "formula_unanimite": "après en avoir délibéré",
        "par_voix": "voix POUR",
        "avec": "voix pour,",
        "colon": "Pour : ",
        "votes_pour": "votes pour",
        "moins": "unanimité moins",
        "words": " voix pour",
        "prend_acte": "prend acte",
        "reporte": "reporté à une séance",
    }
    for form, cue in cues.items():
        text, truth = generate_with(3, vote=form, ballot="none")
        assert text.count(cue) >= len(truth["items"]), form


def test_defects_are_noted():
    _, truth = generate_with(5, defect="tally_mismatch", ballot="none")
    assert len(truth["notes"]) == 1 and problems(truth) == []  # problems() demands the mismatch
    assert None not in list(truth["items"][0]["vote"].values())[:3]
    _, truth = generate_with(5, defect="count_mismatch")
    assert "votants printed" in truth["notes"][0] and problems(truth) == []


def test_negative_proxies_are_absent():
    for seed in range(10):
        text, truth = generate_with(seed, no_proxy="pas_de_pouvoir")
        assert "(pas de pouvoir donné)" in _flat(text)
        givers = {p["giver"] for p in truth["proxies"]}
        absents = [a["name"] for a in truth["attendees"] if a["status"] == "absent"]
        assert absents and not givers & set(absents)


def test_conflicts_and_unknown_options_raise():
    with pytest.raises(ValueError):
        generate_with(1, proxy="a_to", represented_label="representes")
    with pytest.raises(ValueError):
        generate_with(1, vote="unanimite", tally="rejected")
    with pytest.raises(ValueError):
        generate_with(1, vote="par vote")
    with pytest.raises(ValueError):
        generate_with(1, kind="extract")


def test_prose_and_titles_hold_no_vote_words():
    words = re.compile(
        r"\b(pour|contre|voix|vote|unanim|abstention|adopt|approuv|acte|report|"
        r"délibér|rejet)",
        re.IGNORECASE,
    )
    assert [p for p in W.PROSE + W.TITLES if words.search(p)] == []


def test_french_numbers():
    assert [french_number(n) for n in (0, 1, 16, 17, 21, 22, 71, 80, 81, 91, 99)] == [
        "zéro",
        "un",
        "seize",
        "dix-sept",
        "vingt et un",
        "vingt-deux",
        "soixante et onze",
        "quatre-vingts",
        "quatre-vingt-un",
        "quatre-vingt-onze",
        "quatre-vingt-dix-neuf",
    ]
    assert french_number(21, feminine=True) == "vingt et une"


def test_render_pdf(tmp_path):
    import pdfplumber

    text, truth = generate(11)
    path = render_pdf(text, tmp_path / "variant.pdf")
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        extracted = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert extracted.splitlines()[0] == text.splitlines()[0]
    assert _printed_somewhere(truth["attendees"][-1]["name"], _flat(extracted))

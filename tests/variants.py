"""Synthetic French deliberation documents with known truth, to test the readers in parsers/.

The real corpus holds a few dozen documents, each printing one or two wordings of a roster,
a proxy or a vote; a reader can pass on them and still fail on the next commune's wording.
This module writes documents from the wording tables of tests/variant_wordings.py, drawing
every choice from ``random.Random(seed)``, and returns the truth in the format of
tests/fixtures/bodies/README.md, so a test can ask for many seeds, or force one option of
one axis, and compare the reading with the truth.

API:
    generate(seed, kind="minutes") -> (text, truth)
    generate_with(seed, kind="minutes", **choices) -> (text, truth)   # choices: axis=option
    WORDINGS: {axis: {option: example wording}}
    render_pdf(text, path)   # a plain A4 PDF of the text, one text line per PDF line

Truth conventions (from the README): names "Prénom NOM" as printed (only "NOM" when the
document prints only that); figures not printed are None; ``unanimous`` is True when
"unanimité" or 0 against and 0 abstentions are printed, False when an against/abstention is
printed, None otherwise; ``session_date`` is a ``datetime.date`` (what YAML gives).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

from tests import variant_blocks as B
from tests import variant_wordings as W
from tests.variant_blocks import Doc, Member, french_number
from tests.variant_wordings import DEFAULTS, KINDS, PER_ITEM_AXES, WORDINGS

__all__ = ["KINDS", "WORDINGS", "french_number", "generate", "generate_with", "render_pdf"]


# ── the document ──


def _setup_members(doc: Doc) -> None:
    """Members in office with distinct surnames; statuses; at least one proxy."""
    rng = doc.rng
    n = (
        rng.choice(range(11, 34, 2))
        if doc.choice["body"] in ("commune", "ville")
        else rng.choice(range(9, 26))
    )
    for last in rng.sample(W.SURNAMES, n):
        female = rng.random() < 0.5
        doc.members.append(Member(rng.choice(W.FIRST_F if female else W.FIRST_M), last, female))
    represented = rng.randint(1, max(1, n // 5))
    absent = rng.randint(1 if doc.choice["no_proxy"] != "plain" else 0, max(1, n // 6))
    for i, m in enumerate(rng.sample(range(4, n), represented + absent)):
        doc.members[m].status = "represented" if i < represented else "absent"


def _choose(doc: Doc) -> None:
    """Draw the document-wide options, keeping incompatible ones apart (a forced option
    constrains the others; two forced options that cannot go together raise ValueError)."""
    ch, forced = doc.choice, doc.forced
    for axis in WORDINGS:
        if axis not in PER_ITEM_AXES:
            ch[axis] = forced.get(axis, DEFAULTS.get(axis)) or doc.pick(axis)
    mixed_ok = ("paren_pouvoir", "paren_procuration", "represente", "pouvoir_donne")
    under_pouvoirs = ("pouvoirs", "procurations")  # "Pouvoirs : X à Y" needs such a label
    if "proxy" in forced:
        layouts = ("separate", "excused_mixed") if ch["proxy"] in mixed_ok else ("separate",)
        ch["roster_layout"] = doc.pick("roster_layout", layouts)
        if ch["proxy"] == "a_to":
            ch["represented_label"] = doc.pick("represented_label", under_pouvoirs)
    elif ch["roster_layout"] == "excused_mixed":
        ch["proxy"] = doc.pick("proxy", mixed_ok)
    elif ch["represented_label"] not in under_pouvoirs:
        ch["proxy"] = doc.pick("proxy", tuple(p for p in W.PROXIES if p != "a_to"))
    if ch["defect"] == "count_mismatch":
        ch["counts"] = doc.pick(
            "counts", tuple(k for k, v in W.COUNT_FIELDS.items() if "voters" in v)
        )
    if doc.kind == "register":
        ch["numbering"] = doc.pick("numbering", ("delib_objet",))


def _forms(tally: str) -> tuple[str, ...]:
    return W.FORMS_FOR_TALLY[tally] + (("prend_acte", "reporte") if tally == "unanimous" else ())


def _item_vote(doc: Doc, item: dict, voters: int, pool: list[Member], defect: bool) -> None:
    """Print one item's vote (and named votes) and record it in the item's truth."""
    rng, forced = doc.rng, doc.forced
    if defect:  # the figures must all be printed for the mismatch to show
        tally, form = "split", doc.pick("vote", ("avec", "colon"))
    else:
        tallies = tuple(t for t in W.TALLIES if forced.get("vote", "avec") in _forms(t))
        tally = doc.pick("tally", tallies)
        form = doc.pick("vote", _forms(tally))
    named = doc.pick("named_votes")
    ntp = []
    if named == "not_taking_part" and form not in ("prend_acte", "reporte"):
        ntp = [rng.choice(pool)]
        pool = [m for m in pool if m is not ntp[0]]
        voters -= 1
    f, c, ab = B.tally(rng, tally, voters, form)
    if defect:
        f += 1
        doc.truth["notes"].append(
            f"Deliberate defect: item {item['number']} prints {f} + {c} "
            f"+ {ab} = {f + c + ab} votes for {voters} voters."
        )
    if form in ("unanimite", "par_voix", "colon", "votes_pour") and rng.random() < 0.5:
        assembly = W.ASSEMBLY[doc.choice["body"]][0]
        doc.lines.append(f"Le {assembly.lower()}, après en avoir délibéré :")
    lines, vote = B.vote_text(doc, form, f, c, ab)
    doc.lines += lines
    named_lines, item["member_votes"] = B.named(doc, named, pool, c, ab)
    doc.lines += named_lines
    for m in ntp:
        doc.lines.append(f"{doc.printed(m, civ=True)} ne prend pas part au vote.")
        item["member_votes"].append({"name": doc.name(m), "vote": "not_taking_part"})
    item["vote"] = {
        "votes_for": vote["votes_for"],
        "votes_against": vote["votes_against"],
        "abstentions": vote["abstentions"],
        "not_taking_part": None,
        "unanimous": vote["unanimous"],
        "outcome": vote["outcome"],
    }


def _count_ranges(doc: Doc, numbers: list[str], cuts: list[int], present_at, proxies: int):
    """ "Questions 1 à 5 : 12 présents, 2 procurations, 14 votants", one per stretch of items
    between movements (the last sometimes "… à la fin", recorded with last_item None)."""
    word = "Questions" if numbers[0].isdigit() else "Délibérations n°"
    for a, b in itertools.pairwise(cuts):
        to_end = b == len(numbers) and doc.rng.random() < 0.3
        p = present_at(a)
        span = f"{numbers[a]} à la fin" if to_end else f"{numbers[a]} à {numbers[b - 1]}"
        doc.lines.append(
            f"{word} {span} : {p} présents, {proxies} procurations, {p + proxies} votants"
        )
        doc.truth["count_ranges"].append(
            {
                "first_item": numbers[a],
                "last_item": None if to_end else numbers[b - 1],
                "present": p,
                "proxies": proxies,
                "absent": None,
                "voters": p + proxies,
            }
        )


def generate_with(seed: int, kind: str = "minutes", **choices: str) -> tuple[str, dict]:
    """A document and its truth, with some axes forced (axis=option, see WORDINGS)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    for axis, option in choices.items():
        if option not in WORDINGS.get(axis, {}):
            raise ValueError(f"unknown option {axis}={option!r}")
    doc = Doc(random.Random(f"{seed}-{kind}"), choices, kind)
    _choose(doc)
    _setup_members(doc)
    rng, ch, ms = doc.rng, doc.choice, doc.members
    doc.truth.update(
        document=f"variant_{kind}_{seed}.txt",
        body=None,
        source=f"synthetic: tests/variants.py seed={seed}",
        status="ok",
        kind=kind,
        organisation=None,
        session_date=None,
        counts=None,
        count_ranges=[],
        attendees=[],
        proxies=[],
        secretary=None,
        movements=[],
        items=[],
        ballots=[],
        notes=[],
    )
    date = dt.date(2015, 1, 5) + dt.timedelta(days=rng.randint(0, 3650))
    date += dt.timedelta(days=date.weekday() == 6)  # councils seldom sit on Sundays
    present = [m for m in ms if m.status == "present"]
    givers = [(i, m) for i, m in enumerate(ms) if m.status == "represented"]
    holders = dict(zip((i for i, _ in givers), rng.sample(present, len(givers)), strict=True))
    doc.truth["proxies"] = [
        {"giver": doc.name(m), "holder": doc.name(holders[i])} for i, m in givers
    ]
    free = [m for m in present[1:] if m not in holders.values()]  # not mayor, holds no proxy
    rng.shuffle(free)
    secretary = None if ch["secretary"] == "none" else free.pop()

    n_items = rng.randint(3, 12)
    if ch["numbering"] in ("dash", "dot", "slash", "point"):
        numbers = [str(i + 1) for i in range(n_items)]
    else:
        start = rng.randint(1, 80)
        numbers = [f"{date.year}-{start + i:03d}" for i in range(n_items)]
    moves: dict[int, tuple[str, Member]] = {}  # item index -> (event, member)
    if ch["movements"] in ("arrival", "both"):
        moves[rng.randint(1, n_items // 2)] = ("arrives", free.pop())
    if ch["movements"] in ("departure", "both"):
        moves[rng.randint(n_items // 2 + 1, n_items - 1)] = ("leaves", free.pop())

    def away_at(k: int) -> set[int]:  # who is not in the room at item k
        return {id(m) for j, (ev, m) in moves.items() if (ev == "arrives") == (k < j)}

    def present_at(k: int) -> int:
        return len(present) - len(away_at(k))

    B.header(doc, date)
    B.counts(doc, present_at(0), len(givers))
    B.roster(doc, holders)
    B.secretary(doc, secretary)
    if ch["count_ranges"] == "printed":
        _count_ranges(doc, numbers, [0, *sorted(moves), n_items], present_at, len(givers))

    ballot_at = rng.randrange(n_items) if ch["ballot"] == "adjoint" else None
    defect_at = 1 if ballot_at == 0 else 0
    titles = rng.sample(W.TITLES, n_items)
    for k, number in enumerate(numbers):
        doc.lines.append("")
        if k in moves:
            event, m = moves[k]
            axis = "arrival" if event == "arrives" else "departure"
            doc.lines.append(W.MOVEMENTS[axis].format(x=doc.printed(m, civ=True), n=number))
            doc.truth["movements"].append(
                {"name": doc.name(m), "event": event, "before_item": number}
            )
        rank = rng.randint(1, 4)
        office = (
            f"{rank}e adjoint" if ch["body"] in ("commune", "ville") else f"{rank}e vice-président"
        )
        title = f"Élection du {office}" if k == ballot_at else titles[k]
        shown = title.upper() if ch["numbering"] == "year_caps" else title
        doc.lines += (
            W.NUMBERING[ch["numbering"]].format(n=number, title=title, TITLE=shown).split("\n")
        )
        item = {"number": number, "title": shown, "vote": None, "member_votes": []}
        doc.truth["items"].append(item)
        voters = present_at(k) + len(givers)
        pool = [m for m in present[1:] if id(m) not in away_at(k)]
        if k == ballot_at:
            doc.lines += B.ballot(doc, number, voters, pool, office)
            continue
        doc.lines += B.prose(doc, date)
        _item_vote(doc, item, voters, pool, k == defect_at and ch["defect"] == "tally_mismatch")
        if doc.kind == "register":
            doc.lines.append("Fait et délibéré les jour, mois et an susdits.")
    doc.lines += [
        "",
        f"L'ordre du jour étant épuisé, la séance est levée à {rng.randint(21, 23)}"
        f" h {rng.choice(['00', '15', '30', '45'])}.",
    ]
    return "\n".join(doc.lines) + "\n", doc.truth


def generate(seed: int, kind: str = "minutes") -> tuple[str, dict]:
    """A document and its truth, every choice drawn from ``seed``."""
    return generate_with(seed, kind)


def render_pdf(text: str, path: str | Path) -> Path:
    """Render the text as a plain A4 PDF: one PDF line per text line, long lines wrapped,
    a new page when the page is full, so the PDF reading path sees the same document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "VariantSans"
    if font not in pdfmetrics.getRegisteredFontNames():
        dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
        if not dejavu.exists():  # reportlab ships Vera (Latin-1 and common punctuation)
            import reportlab

            dejavu = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(font, str(dejavu)))
    path = Path(path)
    size, leading, margin = 10, 13, 20 * mm
    width, height = A4
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(font, size)
    y = height - margin
    for raw in text.split("\n"):
        for line in simpleSplit(raw, font, size, width - 2 * margin) or [""]:
            if y < margin:
                pdf.showPage()
                pdf.setFont(font, size)
                y = height - margin
            pdf.drawString(margin, y, line)
            y -= leading
    pdf.save()
    return path

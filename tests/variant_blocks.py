"""The pieces of a synthetic deliberation document (tests/variants.py assembles them).

Each function prints one part of the document (header, counts, roster, vote, ballot…) into
``Doc.lines`` and records what it printed into ``Doc.truth``, in the format of
tests/fixtures/bodies/README.md: writing the text and its truth in the same place is what
keeps them in agreement.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from tests import variant_wordings as W
from tests.variant_wordings import WEIGHTS, WORDINGS

_ONES = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize".split()  # noqa: SIM905
_ONES += ["quatorze", "quinze", "seize"]
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}


def french_number(n: int, feminine: bool = False) -> str:
    """0-99 in French words ("vingt et un", "soixante-douze", "quatre-vingts")."""
    if n < 17:
        word = _ONES[n]
    elif n < 20:
        word = "dix-" + _ONES[n - 10]
    elif n < 70:
        tens, unit = divmod(n, 10)
        word = _TENS[tens] + ("" if unit == 0 else " et un" if unit == 1 else f"-{_ONES[unit]}")
    elif n < 80:
        word = "soixante" + (" et onze" if n == 71 else "-" + french_number(n - 60))
    else:
        word = "quatre-vingts" if n == 80 else "quatre-vingt-" + french_number(n - 80)
    return word[:-2] + "une" if feminine and word.endswith("un") else word


@dataclass
class Member:
    first: str
    last: str
    female: bool
    status: str = "present"


@dataclass
class Doc:
    """The choices and the state of one document being written."""

    rng: random.Random
    forced: dict[str, str]
    kind: str
    choice: dict[str, str] = field(default_factory=dict)
    members: list[Member] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    truth: dict = field(default_factory=dict)

    def pick(self, axis: str, allowed: tuple[str, ...] | None = None) -> str:
        """The forced option of the axis, or a random one among ``allowed``."""
        options = allowed or tuple(WORDINGS[axis])
        if axis in self.forced:
            if self.forced[axis] not in options:
                raise ValueError(f"{axis}={self.forced[axis]!r} conflicts with {options}")
            return self.forced[axis]
        weights = [WEIGHTS.get(axis, {}).get(option, 1) for option in options]
        return self.rng.choices(options, weights)[0]

    # ── names ──
    def civ(self, m: Member) -> str:
        return "Mme" if m.female else "M."

    def surname(self, m: Member) -> str:
        if self.choice["name_style"] != "title_case":
            return m.last
        return " ".join(
            w if w == "de" else "-".join(p.capitalize() for p in w.split("-"))
            for w in m.last.split()
        )

    def name(self, m: Member) -> str:
        """The truth name: "Prénom NOM" as printed, "NOM" when only that is printed."""
        style = self.choice["name_style"]
        return self.surname(m) if style == "civ_last" else f"{m.first} {self.surname(m)}"

    def printed(self, m: Member, civ: bool = False) -> str:
        style, last = self.choice["name_style"], self.surname(m)
        core = {"last_first": f"{last} {m.first}", "civ_last": last}.get(style, f"{m.first} {last}")
        civ = civ or style.startswith("civ")
        return f"{self.civ(m)} {core}" if civ else core

    # ── layout ──
    def wrap(self, text: str) -> list[str]:
        """Break a long line between words at random widths, as PDF text extraction does."""
        if self.choice["wrap"] == "none":
            return text.split("\n")
        lo, hi = (45, 60) if self.choice["wrap"] == "narrow" else (70, 95)
        out = []
        for para in text.split("\n"):
            line, width = "", self.rng.randint(lo, hi)
            for word in para.split(" "):
                if line and len(line) + 1 + len(word) > width:
                    out.append(line)
                    line, width = word, self.rng.randint(lo, hi)
                else:
                    line = f"{line} {word}" if line else word
            out.append(line)
        return out

    def label(self, table: dict[str, str], key: str) -> str:
        text = table[key]
        case = self.choice["label_case"]
        return text.upper() if case == "upper" else text.lower() if case == "lower" else text

    def block(self, label: str, entries: list[str], sep: str | None = None) -> None:
        """A roster block: the label, then the entries joined by the separator."""
        sep = sep or self.choice["separator"]
        if sep == "newline":
            self.lines += [label, *entries]
            return
        if sep == "et" and len(entries) > 1:
            joined = ", ".join(entries[:-1]) + " et " + entries[-1]
        else:
            joined = W.SEPARATORS.get(sep, ", ").join(entries)
        self.lines += self.wrap(f"{label} {joined}")


# ── the session header ──


def _date_text(d: dt.date, numeric: bool = False) -> str:
    return (
        d.strftime("%d/%m/%Y")
        if numeric
        else f"{'1er' if d.day == 1 else d.day} {W.MONTHS[d.month - 1]} {d.year}"
    )


def header(doc: Doc, date: dt.date) -> None:
    rng, ch = doc.rng, doc.choice
    town = rng.choice(W.PAYS if ch["body"] == "communaute" else W.TOWNS)
    org = W.BODIES[ch["body"]].format(X=town.upper(), x=town)
    assembly, caps, title = W.ASSEMBLY[ch["body"]]
    doc.truth.update(body=town, organisation=org, session_date=date)
    mayor = doc.members[0]
    date_txt = _date_text(date, numeric=ch["heading"] == "compte_rendu" and rng.random() < 0.4)
    fill = dict(
        A=caps,
        a=assembly,
        date=date_txt,
        DATE=_date_text(date).upper(),
        weekday=W.WEEKDAYS[date.weekday()],
        title=title,
        president=doc.printed(mayor, civ=True),
    )
    doc.lines.append(org)
    if doc.kind == "register":
        doc.lines.append(W.REGISTER_HEADINGS[ch["register_heading"]].format(**fill))
        doc.lines.append(f"Séance du {W.WEEKDAYS[date.weekday()]} {_date_text(date)}")
    else:
        doc.lines.append(W.HEADINGS[ch["heading"]].format(**fill))
    if ch["convocation"] == "line":
        conv = date - dt.timedelta(days=rng.randint(3, 10))
        doc.lines.append(W.CONVOCATION["line"].format(conv=conv.strftime("%d/%m/%Y")))
    hh, mm = rng.choice([(20, 0), (18, 30), (19, 0), (20, 30), (14, 0)])
    hour_words = f"{french_number(hh, True)} heures" + (" trente" if mm else "")
    lower_org = org[0].lower() + org[1:]
    of_body = {
        "commune": f"de la commune de {town}",
        "ville": f"de la commune de {town}",
        "communaute": f"de la {lower_org}",
        "syndicat": f"du {lower_org}",
    }[ch["body"]]
    doc.lines += doc.wrap(
        W.OPENINGS[ch["opening"]].format(
            **fill,
            year_words=f"deux mille {french_number(date.year - 2000)}",
            day_words="premier" if date.day == 1 else french_number(date.day),
            month=W.MONTHS[date.month - 1],
            hour_words=hour_words,
            of_body=of_body,
            hh=hh,
            mm=f"{mm:02d}",
        )
    )


def counts(doc: Doc, present: int, proxies: int) -> None:
    """Print the session counts (at the opening) and record the printed ones."""
    members = len(doc.members)
    voters = present + proxies + (doc.choice["defect"] == "count_mismatch")
    values = dict(
        members_in_office=members,
        present=present,
        proxies=proxies,
        absent=members - present - proxies,
        voters=voters,
    )
    fmt = doc.choice["counts"]
    printed = W.COUNT_FIELDS[fmt]
    doc.truth["counts"] = {k: (v if k in printed else None) for k, v in values.items()}
    if fmt != "none":
        m, p, v = values["members_in_office"], present, voters
        doc.lines += (
            W.COUNTS[fmt]
            .format(
                m=m,
                p=p,
                r=proxies,
                a=values["absent"],
                v=v,
                mw=french_number(m),
                pw=french_number(p),
                vw=french_number(v),
            )
            .split("\n")
        )
    if doc.choice["defect"] == "count_mismatch":
        doc.truth["notes"].append(
            f"Deliberate defect: votants printed {voters}, but {present} présents + {proxies} "
            f"pouvoirs = {present + proxies}."
        )


def roster(doc: Doc, holders: dict[int, Member]) -> None:
    """Print the roster blocks in a layout and record attendees in document order."""
    ch, ms = doc.choice, doc.members
    attendees = doc.truth["attendees"]
    roles = {0: W.ASSEMBLY[ch["body"]][2]}
    vice = "Adjoint" if ch["body"] in ("commune", "ville") else "Vice-président"
    for i in range(1, doc.rng.randint(2, 4)):
        roles[i] = vice + ("e" if ms[i].female else "")
    present = []
    for i, m in enumerate(ms):
        if m.status == "present":
            role = f", {roles[i]}" if ch["roles"] == "after_name" and i in roles else ""
            present.append(doc.printed(m) + role)
            attendees.append({"name": doc.name(m), "status": "present"})
    doc.block(doc.label(W.PRESENT_LABELS, ch["present_label"]), present)

    def proxy_text(i: int, m: Member) -> str:
        e = "e" if m.female else ""
        return W.PROXIES[ch["proxy"]].format(g=doc.printed(m), h=doc.printed(holders[i]), e=e)

    def absent_text(m: Member) -> str:
        return W.NO_PROXY[ch["no_proxy"]].format(g=doc.printed(m))

    away = [(i, m) for i, m in enumerate(ms) if m.status != "present"]
    # "X, pouvoir donné à Y, Z, …" is unreadable even for a person: such lists use ";"
    sep = "semicolon" if ch["proxy"] == "pouvoir_donne" and ch["separator"] != "newline" else None
    if ch["roster_layout"] == "excused_mixed":
        entries = [
            proxy_text(i, m) if m.status == "represented" else absent_text(m) for i, m in away
        ]
        attendees += [{"name": doc.name(m), "status": m.status} for _, m in away]
        if entries:
            doc.block(doc.label(W.ABSENT_LABELS, ch["absent_label"]), entries, sep)
        return
    for status, table, axis, render in (
        ("represented", W.REPRESENTED_LABELS, "represented_label", lambda i, m: proxy_text(i, m)),
        ("absent", W.ABSENT_LABELS, "absent_label", lambda i, m: absent_text(m)),
    ):
        group = [(i, m) for i, m in away if m.status == status]
        if group:
            doc.block(doc.label(table, ch[axis]), [render(i, m) for i, m in group], sep)
            attendees += [{"name": doc.name(m), "status": status} for _, m in group]


def secretary(doc: Doc, m: Member | None) -> None:
    doc.truth["secretary"] = doc.name(m) if m else None
    if m:
        e = "e" if m.female else ""
        text = W.SECRETARY[doc.choice["secretary"]].format(x=doc.printed(m, civ=True), e=e)
        doc.lines.append(text[0].upper() + text[1:])


# ── items and votes ──


def tally(rng: random.Random, kind: str, voters: int, form: str) -> tuple[int, int, int]:
    """(for, against, abstentions) adding up to ``voters``."""
    if kind == "unanimous":
        return voters, 0, 0
    if kind == "rejected":
        against = rng.randint(voters // 2 + 1, max(voters // 2 + 1, voters * 3 // 4))
        votes_for = rng.randint(min(1, voters - against), min(against - 1, voters - against))
        return votes_for, against, voters - against - votes_for
    against, abst = rng.randint(0, voters // 4), rng.randint(1, max(1, voters // 4))
    if form == "moins" and rng.random() < 0.5:
        against, abst = abst, 0
    elif form == "moins":
        against = 0
    return voters - against - abst, against, abst


def _plural(n: int, word: str) -> str:
    return word if n <= 1 else word + ("S" if word.isupper() else "s")


def vote_text(doc: Doc, form: str, f: int, c: int, ab: int) -> tuple[list[str], dict]:
    """The printed vote lines of a form, and the truth of what they print."""
    rng = doc.rng
    assembly = W.ASSEMBLY[doc.choice["body"]][0].lower()
    adopted = f > c
    shown: dict[str, int | None] = {"votes_for": None, "votes_against": None, "abstentions": None}
    outcome = "adopted" if adopted else "rejected"
    if form in ("unanimite", "formula_unanimite"):
        text = W.VOTES[form].format(a=assembly, what=rng.choice(W.WHAT))
        return [text[0].upper() + text[1:]], {**shown, "unanimous": True, "outcome": outcome}
    if form in ("prend_acte", "reporte"):
        text = W.VOTES[form].format(a=assembly)
        kind = "noted" if form == "prend_acte" else "postponed"
        return [text[0].upper() + text[1:]], {**shown, "unanimous": None, "outcome": kind}
    verdict = rng.choice(
        ["Adopté.", "La délibération est adoptée."]
        if adopted
        else ["Rejeté.", "La proposition est rejetée."]
    )
    parts = {"votes_for": f, "votes_against": c, "abstentions": ab}
    if form == "par_voix":
        show = ["votes_for"] + [k for k in ("votes_against", "abstentions") if parts[k]]
        words = {
            "votes_for": f"{f} voix POUR",
            "votes_against": f"{c} CONTRE",
            "abstentions": f"{ab} {_plural(ab, 'ABSTENTION')}",
        }
        lines = ["Par " + " – ".join(words[k] for k in show)]
    elif form == "avec":
        show = list(parts)
        decides = "adopte la proposition" if adopted else "rejette la proposition"
        lines = doc.wrap(
            f"Le {assembly}, après en avoir délibéré, {decides} avec {f} voix "
            f"pour, {c} contre et {ab} {_plural(ab, 'abstention')}."
        )
        verdict = None
    elif form == "colon":
        show = list(parts)
        label = {"votes_for": "Pour", "votes_against": "Contre", "abstentions": "Abstentions"}
        order = rng.sample(show, 3)
        fields = [f"{label[k]} : {parts[k]}" for k in order]
        lines = fields if rng.random() < 0.4 else [" – ".join(fields)]
    elif form == "votes_pour":
        show = ["votes_for", "abstentions"] + (["votes_against"] if c else [])
        mid = f", {c} contre," if c else ""
        lines = [f"{f} votes pour{mid} {ab} {_plural(ab, 'abstention')}"]
    elif form == "moins":
        k, key, what = (ab, "abstentions", "abstention") if ab else (c, "votes_against", "contre")
        show = [key]
        lines = [f"Adopté à l'unanimité moins {k} {_plural(k, what) if ab else 'voix contre'}."]
        verdict = None
    else:  # words
        show = ["votes_for"] + [k for k in ("votes_against", "abstentions") if parts[k]]
        text = f"{'Adopté' if adopted else 'Rejeté'} par {french_number(f, True)} voix pour"
        if c:
            text += f", {french_number(c, True)} contre"
        if ab:
            text += f" et {french_number(ab, True)} {_plural(ab, 'abstention')}"
        lines, verdict = [text + "."], None
    for k in show:
        shown[k] = parts[k]
    if verdict and (not adopted or rng.random() < 0.5):
        lines.append(verdict)
    said = [shown[k] for k in ("votes_against", "abstentions")]
    unanimous = False if any(said) else (True if said == [0, 0] else None)
    return lines, {**shown, "unanimous": unanimous, "outcome": outcome}


def named(doc: Doc, kind: str, pool: list[Member], c: int, ab: int) -> tuple[list[str], list]:
    """Named votes: "Votent contre : Mme A, M. B" naming exactly the printed figure."""
    k = {"against": c, "abstention": ab}.get(kind, 0)
    if not 1 <= k <= min(4, len(pool)):
        return [], []
    chosen = doc.rng.sample(pool, k)
    verb = {
        "against": ("Vote contre", "Votent contre"),
        "abstention": ("S'abstient", "S'abstiennent"),
    }[kind][k > 1]
    names = ", ".join(doc.printed(m, civ=True) for m in chosen)
    return [f"{verb} : {names}"], [{"name": doc.name(m), "vote": kind} for m in chosen]


def ballot(doc: Doc, number: str, voters: int, pool: list[Member], office: str) -> list[str]:
    """A secret ballot (election of an adjoint): its printed lines; its truth in ballots."""
    rng = doc.rng
    blank, spoilt = rng.randint(0, 2), rng.randint(0, 1)
    expressed = voters - blank - spoilt
    winner, other = rng.sample(pool, 2)
    won = rng.randint(expressed // 2 + 1, expressed)
    doc.truth["ballots"].append(
        {
            "item": number,
            "office": office,
            "round": 1,
            "voters": voters,
            "blank": blank,
            "spoilt": spoilt,
            "expressed": expressed,
            "absolute_majority": expressed // 2 + 1,
            "results": [
                {"candidate": doc.name(winner), "votes": won},
                {"candidate": doc.name(other), "votes": expressed - won},
            ],
            "elected": [doc.name(winner)],
        }
    )
    e = "e" if winner.female else ""
    return [
        "Il est procédé à l'élection au scrutin secret et à la majorité absolue.",
        "Premier tour de scrutin",
        f"Nombre de votants : {voters}",
        f"Bulletins blancs : {blank}",
        f"Bulletins nuls : {spoilt}",
        f"Suffrages exprimés : {expressed}",
        f"Majorité absolue : {expressed // 2 + 1}",
        "Ont obtenu :",
        f"{doc.printed(winner, civ=True)} : {won} voix",
        f"{doc.printed(other, civ=True)} : {expressed - won} voix",
        W.PROCLAMATIONS[won % len(W.PROCLAMATIONS)].format(
            who=doc.printed(winner, civ=True), e=e, office=office
        ),
    ]


def prose(doc: Doc, date: dt.date) -> list[str]:
    rng, out = doc.rng, []
    for _ in range(rng.randint(1, 2)):
        sentences = rng.sample(W.PROSE, rng.randint(2, 3))
        text = " ".join(sentences).format(
            d=rng.randint(1, 28),
            m=W.MONTHS[(date.month - 2) % 12],
            chap=rng.choice([11, 21, 65]),
            amount=f"{rng.randint(2, 480)} {rng.randint(0, 999):03d}",
            pct=rng.randint(1, 9),
        )
        out += doc.wrap(text)
    return out

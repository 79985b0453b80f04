"""Contract-like records: markets, purchase orders, conventions, bureau decisions, arrêtés.

Each finder reads one block of normalised text (a deliberation extract, or a whole
document) and reports spans relative to it. Only what is printed is kept: a market's
amount is the amount printed with its award, a convention's counterparty the party
the text names ("avec la société X", "avec Axione Limousin"), never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

from parsers.amounts import AMOUNT_RE, find_amounts
from parsers.records import Amount, BudgetLine, Contract, Span
from parsers.text import sentences_end

# --- purchase orders ("lettres de commande") ------------------------------------------

_LC_TABLE_RE = re.compile(r"(?i)tableau\s+r[ée]capitulatif\s+des\s+lettres\s+de\s+commande")
_NEXT_TABLE_RE = re.compile(r"(?i)tableau\s+r[ée]capitulatif\s+des\s+(?!lettres)")
# "LC2018-20/TL", "LC2018-04 à\n06 ; 10 ; 12 à\n18 ; … ; 78/JPF": a reference or a list of
# numbers and ranges under one year, closed by the author's initials.
LC_RE = re.compile(
    r"LC(?P<year>\d{4})-(?P<numbers>\d{2}(?:[\s;,à-]+\d{2}(?!\d))*)\s*(?:[;,]\s*)?/(?P<who>[A-Z]{2,3})\b"
)
_HEADER_WORDS = re.compile(
    r"(?i)^(?:titulaire|n°\s+de\s+la\s+lettre|de\s+commande|objet|montant|objet\s+montant)\b"
)
_CAPS_LINE = re.compile(r"^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ][A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ'’ .&-]*$")


def expand_lc_numbers(numbers: str) -> list[int]:
    """ "04 à 06 ; 10 ; 12 à 18" → [4, 5, 6, 10, 12, …, 18]; "75-76" is a range too."""
    out: list[int] = []
    for part in re.split(r"[;,]", numbers):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,3})\s*(?:à|-)\s*(\d{1,3})", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if lo <= hi <= lo + 200:
                out += list(range(lo, hi + 1))
            continue
        out += [int(n) for n in re.findall(r"\d{1,3}", part)]
    return out


def _titulaire_before(text: str, start: int, stop: int) -> str | None:
    """The capitalised name printed before a reference: on its line or the lines above."""
    line_start = text.rfind("\n", 0, start) + 1
    same = text[line_start:start].strip()
    if same and _CAPS_LINE.match(same) and not _HEADER_WORDS.match(same):
        return same
    names: list[str] = []
    pos = line_start - 1
    while pos > stop:
        prev = text.rfind("\n", 0, pos) + 1
        line = text[prev:pos].strip()
        pos = prev - 1
        if not line:
            if names:
                break
            continue
        if _CAPS_LINE.match(line) and not _HEADER_WORDS.match(line) and len(line) < 40:
            names.insert(0, line)
            continue
        break
    return " ".join(names) if names else None


def find_purchase_orders(text: str) -> Iterator[Contract]:
    """Rows of "lettres de commande" tables, one per reference (ranges expanded)."""
    for table in _LC_TABLE_RE.finditer(text):
        nxt = _NEXT_TABLE_RE.search(text, table.end())
        end = nxt.start() if nxt else len(text)
        refs = list(LC_RE.finditer(text, table.end(), end))
        rows: list[tuple[re.Match[str], str | None, str | None, Amount | None, bool, int]] = []
        titulaire: str | None = None
        for i, ref in enumerate(refs):
            row_end = refs[i + 1].start() if i + 1 < len(refs) else end
            prev_end = refs[i - 1].end() if i else table.end()
            name = _titulaire_before(text, ref.start(), prev_end)
            if name:
                titulaire = name
            seg = text[ref.end() : row_end]
            money = AMOUNT_RE.search(seg)
            obj_text = seg[: money.start()] if money else seg
            if not money and i + 1 < len(refs):
                # the next row's titulaire, printed before its reference, is not this object
                next_name = _titulaire_before(text, refs[i + 1].start(), ref.end())
                if next_name:
                    obj_text = obj_text[: obj_text.rfind(next_name.split(" ")[0])]
            subject = re.sub(r"\s+", " ", obj_text).strip(" ;,") or None
            amount = next(find_amounts(seg), None) if money else None
            per_item = money is not None and bool(
                re.match(r"(?is)\s*par\s+lettre\s+de\s+commande", seg[money.end() :])
            )
            stop = ref.end() + (money.end() if money else len(seg.rstrip()))
            rows.append((ref, titulaire, subject, amount, per_item, stop))
        # References printed one under another with nothing of their own ("LC2017-38 à
        # 44 … /JPF" then "LC2018-04 à 06 … /JPF" then one object and amount) share the
        # object and amount of the row that closes the group.
        for k in range(len(rows) - 2, -1, -1):
            ref, tit, subject, amount, _, stop = rows[k]
            _, ntit, nsubject, namount, nper, _ = rows[k + 1]
            if subject is None and amount is None and tit == ntit:
                rows[k] = (ref, tit, nsubject, namount, nper, stop)
        for ref, tit, subject, amount, per_item, stop in rows:
            for n in expand_lc_numbers(ref.group("numbers")):
                yield _with_amount(
                    Contract(
                        kind="lettre_de_commande",
                        reference=f"LC{ref.group('year')}-{n:02d}/{ref.group('who')}",
                        counterparty=tit,
                        subject=subject,
                        unit="par lettre de commande" if per_item else None,
                        span=Span(ref.start(), stop),
                    ),
                    amount,
                )


def _with_amount(c: Contract, amount: Amount | None) -> Contract:
    from dataclasses import replace

    if amount is None:
        return c
    if amount.tax_basis == "HT":
        return replace(c, amount_ht=amount.value)
    if amount.tax_basis == "TTC":
        return replace(c, amount_ttc=amount.value)
    return replace(c, amount=amount.value)


# --- bureau decisions and arrêtés ----------------------------------------------------

_DECISION_RE = re.compile(r"^[ \t]*(?P<ref>B\d{4}-\d{2})[ \t]*$", re.M)
_ARRETE_RE = re.compile(
    r"^[ \t]*(?P<ref>A\d{4}-\d{2})[ \t]*\n[ \t]*(?P<date>\d{2}/\d{2}/\d{4})[ \t]*$", re.M
)
_TABLE_END_RE = re.compile(r"(?i)tableau\s+r[ée]capitulatif|^Syndicat\s+mixte|EXTRAIT\s+DU", re.M)


def find_decisions(text: str) -> Iterator[Contract]:
    """Bureau decisions ("B2018-01") and arrêtés ("A2018-01 22/01/2018") of summary tables."""
    for kind, pattern in (("décision_bureau", _DECISION_RE), ("arrêté", _ARRETE_RE)):
        hits = list(pattern.finditer(text))
        for i, m in enumerate(hits):
            end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
            stop = _TABLE_END_RE.search(text, m.end(), end)
            end = stop.start() if stop else end
            seg = text[m.end() : end]
            amount = next(find_amounts(seg), None)
            subject = seg[: amount.span.start] if amount else seg
            date = None
            if kind == "arrêté":
                d, mo, y = (int(x) for x in m.group("date").split("/"))
                date = dt.date(y, mo, d)
            yield _with_amount(
                Contract(
                    kind=kind,
                    reference=m.group("ref"),
                    counterparty=None,
                    subject=re.sub(r"\s+", " ", subject).strip() or None,
                    date=date,
                    span=Span(
                        m.start("ref"), m.end() + (amount.span.end if amount else len(seg.rstrip()))
                    ),
                ),
                amount,
            )


# --- markets -------------------------------------------------------------------------

# Case matters for the name (capitalised words), not for the words before it.
_AWARD_RE = re.compile(
    r"(?s)(?:[Oo]ffre\b[^.]{0,120}?pr[ée]sent[ée]e\s+par|[Aa]ttribu\w*[^.]{0,80}?\bà)\s+"
    r"la\s+soci[ée]t[ée]\s+(?P<name>[A-ZÀ-Ý][\w'’&-]*(?:[ \t]+[A-ZÀ-Ý][\w'’&-]*){0,3})"
)
_MARKET_SUBJECT_RE = re.compile(
    r"(?s)march[ée]\s+(?P<ref>\d{4}LN\d{3})\s+«\s*(?P<subject>[^»]+?)\s*»"
)
_HEADING_RE = re.compile(r"(?m)^[ \t]*\d+\s*-\s+(?P<title>[A-ZÀ-Ý][^\n]+)$")
MARKET_REF_RE = re.compile(r"\b(?P<ref>\d{4}LN\d{3})\b")
_PROCEDURES = (
    ("appel d'offres ouvert", re.compile(r"(?i)appel\s+d'offres\s+ouvert")),
    ("accord-cadre à bons de commande", re.compile(r"(?i)accord-cadre\s+à\s+bons\s+de\s+commande")),
    ("procédure adaptée", re.compile(r"(?i)proc[ée]dure\s+adapt[ée]e|\bMAPA\b")),
)
_DURATION_RE = re.compile(
    r"(?i)dur[ée]e\s+(?:maximale\s+|initiale\s+)?(?:de|d')\s*(?P<d>(?:[a-zéèêàû-]+\s+)?"
    r"(?:\(\d+\)\s*|\d+\s+)?(?:ans?|mois|ann[ée]es?))"
)


def find_markets(text: str) -> Iterator[Contract]:
    """Awarded markets: "l'offre … présentée par la société X" and the amount that follows.

    The first amounts printed after the award (within the next two sentences) are the
    market's; HT and TTC are kept apart. A market reference ("2018LN001") printed in
    the same block is attached when the block awards a single market.
    """
    awards = list(_AWARD_RE.finditer(text))
    names = {a.group("name").rstrip(".") for a in awards}
    refs = list(dict.fromkeys(m.group("ref") for m in MARKET_REF_RE.finditer(text)))
    procedure = next((p for p, rx in _PROCEDURES if rx.search(text)), None)
    duration_m = _DURATION_RE.search(text)
    seen: set[str] = set()
    for a in awards:
        name = a.group("name").rstrip(".")
        if name in seen:
            continue
        window_end = sentences_end(text, a.end(), 2)
        amounts = [x for x in find_amounts(text[a.end() : window_end]) if x.role != "unit_price"]
        if not amounts:
            continue  # an award sentence with no amount is not a record we can fill
        seen.add(name)
        single = len(names) == 1
        subject = None
        sm = _MARKET_SUBJECT_RE.search(text)
        if sm and single:
            subject = re.sub(r"\s+", " ", sm.group("subject"))
        else:  # "1- MISSION DE CONTROLE ET MISSION SPS" printed above the award
            heads = [h for h in _HEADING_RE.finditer(text, 0, a.start())]
            subject = heads[-1].group("title").strip().capitalize() if heads else None
        ht = next((x.value for x in amounts if x.tax_basis == "HT"), None)
        ttc = next((x.value for x in amounts if x.tax_basis == "TTC"), None)
        plain = amounts[0].value if ht is None and ttc is None else None
        ttc = ttc if ttc is not None else _soit_ttc(text[a.end() : window_end])
        last = max(x.span.end for x in amounts) + a.end()
        yield Contract(
            kind="marché",
            reference=refs[0] if len(refs) == 1 and single else None,
            counterparty=name,
            subject=subject,
            amount_ht=ht,
            amount_ttc=ttc,
            amount=plain,
            procedure=procedure if single else None,
            duration=duration_m.group("d").strip() if duration_m and single else None,
            span=Span(a.start(), last),
        )


def _soit_ttc(segment: str) -> Decimal | None:
    # "300 233,76 € HT soit 360 280,51 €\nTTC": the basis wrapped to the next line
    m = re.search(r"soit\s+([\d ]+,\d{2})\s*€\s*\n\s*TTC", segment)
    if not m:
        return None
    from parsers.amounts import parse_number

    return parse_number(m.group(1))


# --- conventions and avenants --------------------------------------------------------

_PARTY_RE = re.compile(
    r"(?i)\bavec\s+(?:la\s+soci[ée]t[ée]\s+|l'|la\s+|le\s+|les\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]*(?:\s+(?:du|de|des|d'|la|[A-ZÀ-Ý][\w'’-]*)){0,6})"
)


def convention_from_title(title: str, body: str) -> Contract | None:
    """A convention or avenant named by a deliberation title, with what its body prints.

    Counterparty: the party after "avec" in the title; duration: the first "durée de …"
    of the extract. The amount is the convention's own fee or envelope when the body
    states one and only one ("une redevance unique globale et forfaitaire d'un montant
    de 240 €", "un total de … (19 845 €) est prévu"); otherwise it stays null: the other
    figures a body quotes (a company's capital, staff costs of an annex table, order
    forms given as models) are not the convention's amount. CS2019/04's avenant prints
    the annual cost of the staff made available (444 444 €) but no amount of its own.
    """
    kind = None
    if re.match(r"(?i)avenant\b", title):
        kind = "avenant"
    elif re.search(r"(?i)\bconvention\b", title):
        kind = "convention"
    if kind is None:
        return None
    party = _PARTY_RE.search(title)
    duration = _DURATION_RE.search(body)
    own = _own_amount(body)
    return Contract(
        amount=own.value if own and own.tax_basis is None else None,
        amount_ht=own.value if own and own.tax_basis == "HT" else None,
        amount_ttc=own.value if own and own.tax_basis == "TTC" else None,
        kind=kind,
        reference=None,
        counterparty=party.group("name").strip() if party else None,
        subject=title,
        duration=duration.group("d").strip() if duration else None,
    )


# The convention's own amount: its fee ("redevance … d'un montant de X") or the envelope
# it provides ("un total de … (X) est prévu"), the sentence being the amount's context.
_OWN_AMOUNT_RE = re.compile(
    r"(?i)\bredevance\b[^.]*\bd'un\s+montant\s+de\s*$|\bun\s+total\s+de\b[^.]*\($"
)


def _own_amount(body: str) -> Amount | None:
    """The single amount the body states as the convention's own, or None."""
    text = body.replace("\u2019", "'")
    hits = [
        a
        for a in find_amounts(body)
        if _OWN_AMOUNT_RE.search(text[max(0, a.span.start - 200) : a.span.start].rstrip(" "))
    ]
    return hits[0] if len(hits) == 1 else None


# --- loans listed in a budget table ---------------------------------------------------

# "1641 Charges générales CE 4885701": an account of chapter 16 (emprunts) whose label
# ends with the lender's code and the loan number.
_LOAN_LABEL_RE = re.compile(r"^(?P<label>.*?)\s*\b(?P<lender>[A-Z]{2,4})\s+(?P<number>\d{5,})$")


def loans_from_budget(lines: list[BudgetLine]) -> Iterator[Contract]:
    """One ``emprunt`` per loan line of a budget table (account 16xx, label "… CE 4885701").

    The lender stays the code printed ("CE", "CA", "BP"): the document does not expand
    it, and guessing the bank would invent data. The amount is the line's annual amount
    after the amendment (its "Montant après" column, else its "Budget"), with no tax
    basis (a loan repayment is not taxed).
    """
    for line in lines:
        if line.level != "account" or not (line.account or "").startswith("16"):
            continue
        m = _LOAN_LABEL_RE.match(line.label.strip())
        if not m:
            continue
        yield Contract(
            kind="emprunt",
            reference=m.group("number"),
            counterparty=m.group("lender"),
            subject=f"{line.account} {line.label}",
            amount=line.after if line.after is not None else line.budget,
            span=line.span,
            deliberation_number=line.deliberation_number,
        )

"""Monetary amounts and the quantities arithmetic needs, read from normalised French text.

An amount in running text is a number *with a currency marker* ("1 098 969,96 €",
"45 K€", "10 millions d'euros", "30€/disque dur"): a bare number in prose may be a
year, an article, a postal code or an account code ("6281"), and inventing money from
it would be worse than missing it. Bare numbers become amounts only inside tables
whose columns are money (the budget parser reads those, see :mod:`parsers.budget`).

Values are :class:`decimal.Decimal` from the digits as printed: never a float, so
"0,17 €" stays 0.17 and scale words are applied exactly ("1,42 M€" = 1 420 000).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from parsers.records import Amount, BudgetLine, Quantity, Span, TaxBasis
from parsers.text import sentence_span

# Integer part: thousands grouped by spaces (normalisation turned NBSP/U+202F into
# spaces) or by dots, or plain digits. A newline may stand for a group space only
# right after "(" — the one wrap seen in the corpus: "(2\n119 555 € en 2021)".
_INT = r"(?:\d{1,3}(?:(?:[ .]|(?<=\(\d)\n|(?<=\(\d\d)\n|(?<=\(\d\d\d)\n)\d{3})+(?!\d)|\d+)"
_DEC = r"[,.]\d{1,2}(?!\d)"
NUMBER_RE = re.compile(rf"(?P<int>{_INT})(?P<dec>{_DEC})?")

_SCALE = r"(?P<scale>[kK]|M|Md|mds?|millions?\s+d'|milliards?\s+d'|mille\s+)"  # "45 K€", "1,42 M€"
_CURRENCY = r"(?P<cur>€|euros?\b|EUR\b)"
_BASIS = (
    r"(?:[ \t]*(?P<basis>HT\b|H\.T\.?|TTC\b|T\.T\.C\.?|hors\s+taxes?|toutes\s+taxes\s+comprises))?"
)
# Sign: "-14 800,00" (minus glued to the digits) or "(- 122 193 €)". A dash followed by a
# space at the start of a line is a list bullet ("- 36 100 € pour l'achat…"), not a sign.
_SIGN = r"(?P<sign>(?:(?<=[\s(])-(?=\d))|(?:(?<=\()-[ \t]?(?=\d)))?"

AMOUNT_RE = re.compile(
    rf"(?<![\w,.\-/]){_SIGN}(?P<number>{_INT}(?:{_DEC})?)"
    rf"[ \t]?(?:{_SCALE}[ \t]?)?{_CURRENCY}{_BASIS}"
)
# The currency before the number is rare in French ("€ 2 000"): not read, see tests.

_SCALES: dict[str, Decimal] = {
    "k": Decimal(1000),
    "mille": Decimal(1000),
    "m": Decimal(1_000_000),
    "million": Decimal(1_000_000),
    "md": Decimal(1_000_000_000),
    "mds": Decimal(1_000_000_000),
    "milliard": Decimal(1_000_000_000),
}

_CENT = Decimal("0.01")


def parse_number(text: str) -> Decimal | None:
    """A French-formatted number as a Decimal, or None when it is not one.

    "1 098 969,96" → 1098969.96; "2 456 204.86" → 2456204.86; "1.255,97" → 1255.97;
    "45" → 45. A dot followed by exactly three digits is a thousands separator, by one
    or two digits a decimal point.
    """
    s = re.sub(r"[\s\u202f\xa0]", " ", text.strip())
    sign = ""
    if s[:1] in "-−":
        sign, s = "-", s[1:].strip()
    m = NUMBER_RE.fullmatch(s)
    if not m:
        return None
    digits = re.sub(r"[ .\n]", "", m.group("int"))
    dec = (m.group("dec") or "")[1:]
    try:
        return Decimal(f"{sign}{digits}.{dec}" if dec else f"{sign}{digits}")
    except InvalidOperation:  # pragma: no cover - the regex admits digits only
        return None


def _scale_factor(word: str | None) -> Decimal:
    if not word:
        return Decimal(1)
    w = re.sub(r"\s+d'$", "", word.strip().lower()).strip()
    if w.startswith(("million", "milliard")):
        w = w.rstrip("s")
    return _SCALES.get("md" if w == "mds" else w, Decimal(1))


def _basis(raw: str | None) -> TaxBasis | None:
    if not raw:
        return None
    r = raw.replace(".", "").lower()
    return "HT" if r.startswith(("ht", "hors")) else "TTC"


# Roles, from the words the text prints next to the amount.
_ROLE_BEFORE = (
    ("total", re.compile(r"(?i)(?:\btotal(?:e|es|ement)?\b|\bau\s+total\b)[^.;:\n€]{0,40}$")),
    ("dont", re.compile(r"(?i)\bdont\s*$")),
    ("soit", re.compile(r"(?i)\bsoit\b[^.;€\d]{0,30}$")),
    # "50 bornes à 500 € HT", "50 journées d'étude de couverture à 1 000 € HT"
    (
        "unit_price",
        re.compile(r"(?i)(?<![\w-])\d[\d ]*\s+[^\W\d]+(?:\s+d(?:e\s+|')[^\W\d]+){0,3}\s+à\s*$"),
    ),
)
_PER_ITEM_AFTER = re.compile(
    r"(?i)\s*(?:/\s*[^\W\d]+|l'unit[ée]|par\s+(?:lettre|pyl[ôo]ne|borne|site|an|mois|"
    r"unit[ée]|jour|personne|habitant|commune|prise|logement|ETP)\w*|chacun)"
)


def _role(text: str, m: re.Match[str], sentence: Span) -> str | None:
    if _PER_ITEM_AFTER.match(text, m.end()):
        return "unit_price"
    before = text[sentence.start : m.start()]
    for role, pattern in _ROLE_BEFORE:
        if pattern.search(before):
            return role
    return None


def find_amounts(text: str) -> Iterator[Amount]:
    """Every monetary amount with a currency marker in ``text``."""
    for m in AMOUNT_RE.finditer(text):
        value = parse_number(m.group("number"))
        if value is None:
            continue
        if "\n" in m.group("number") and not text[: m.start()].endswith("("):
            continue  # a wrapped group is read only in the "(2\n119 555 €" layout
        value *= _scale_factor(m.group("scale"))
        if m.group("sign"):
            value = -value
        sentence = sentence_span(text, m.start(), m.end())
        yield Amount(
            value=value.quantize(_CENT),
            currency="EUR",
            tax_basis=_basis(m.group("basis")),
            raw=m.group(0),
            span=Span(m.start(), m.end()),
            context=re.sub(r"\s+", " ", text[sentence.start : sentence.end]).strip(),
            context_span=sentence,
            role=_role(text, m, sentence),
            scaled=bool(m.group("scale")),
        )


# Quantities: percentages and counts with a unit the arithmetic of the corpus uses.
PERCENT_RE = re.compile(r"(?<![\w,.])(?P<number>\d{1,3}(?:,\d+)?)[ \t]?%")
_UNITS = (
    r"ETP|bornes?|pyl[ôo]nes?|sites?|journ[ée]es?|prises?|locaux|foyers|communes|"
    r"lettres?\s+de\s+commande|conventions?|d[ée]lib[ée]rations?|mandats?|heures?|ans|"
    r"ann[ée]es?|mois"
)
COUNT_RE = re.compile(
    rf"(?<![\w,.\-/])(?P<number>\d{{1,3}}(?: \d{{3}})*(?:,\d+)?)[ \t]+(?P<unit>{_UNITS})\b"
)


def find_quantities(text: str) -> Iterator[Quantity]:
    """Percentages ("60 %", "76,7 %") and counts with units ("17 pylônes", "5,5 ETP")."""

    def context(m: re.Match[str]) -> str:
        sentence = sentence_span(text, m.start(), m.end())
        return re.sub(r"\s+", " ", text[sentence.start : sentence.end]).strip()

    for m in PERCENT_RE.finditer(text):
        value = parse_number(m.group("number"))
        if value is not None:
            yield Quantity(
                value=value,
                unit="%",
                raw=m.group(0),
                span=Span(m.start(), m.end()),
                context=context(m),
            )
    for m in COUNT_RE.finditer(text):
        value = parse_number(m.group("number"))
        if value is None:
            continue
        unit = re.sub(r"\s+", " ", m.group("unit")).lower()
        yield Quantity(
            value=value,
            unit=unit,
            raw=m.group(0),
            span=Span(m.start(), m.end()),
            context=context(m),
        )


def format_amount(value: Decimal, *, cents: bool | None = None) -> str:
    """A Decimal the way French documents print it: "5 277 166,19 €".

    ``cents`` forces or drops the decimals; by default they are printed when not zero.
    """
    q = value.quantize(_CENT)
    show = cents if cents is not None else q != q.to_integral_value()
    sign = "-" if q < 0 else ""
    q = abs(q)
    whole = int(q)
    grouped = f"{whole:,}".replace(",", " ")
    if show:
        frac = f"{q - whole:.2f}"[2:]
        return f"{sign}{grouped},{frac} €"
    return f"{sign}{grouped} €"


def table_cell_amounts(text: str, lines: list[BudgetLine]) -> list[Amount]:
    """The cells of parsed budget lines as amounts (role "table_cell", context the line)."""
    out = []
    for line in lines:
        if line.span is None:
            continue
        for m in re.finditer(
            r"(?<![\w,])-?\d{1,3}(?: \d{3})*,\d{2}(?![\d,])", text[line.span.start : line.span.end]
        ):
            value = parse_number(m.group(0))
            if value is None or value not in (line.budget, line.movement, line.after):
                continue  # a label's own digits ("fi 21") are not a cell
            start = line.span.start + m.start()
            out.append(
                Amount(
                    value=value,
                    currency="EUR",
                    tax_basis=None,
                    raw=m.group(0),
                    span=Span(start, start + len(m.group(0))),
                    context=line.raw,
                    context_span=line.span,
                    role="table_cell",
                    deliberation_number=line.deliberation_number,
                )
            )
    return out

"""Records that flow between the stages.

Every record is a frozen dataclass. Extractors work on the *normalised* text of a
document and report where their evidence sits as a :class:`Span` in that text; the
pipeline maps spans back to the original text (and to a page) when it stores rows,
so parsers never need to know about the offset map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Status = Literal["present", "substitute", "represented", "absent"]
AttendanceMode = Literal["on_site", "remote"]
Outcome = Literal["adopted", "rejected", "noted", "postponed", "withdrawn"]
DocumentKind = Literal["register", "extract", "minutes", "list", "other"]
SourceKind = Literal["register_extract", "minutes"]


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in the normalised text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def shift(self, offset: int) -> Span:
        """The same range seen from a text that starts ``offset`` characters earlier."""
        return Span(self.start + offset, self.end + offset)

    def cover(self, other: Span) -> Span:
        """The smallest span holding both spans."""
        return Span(min(self.start, other.start), max(self.end, other.end))


@dataclass(frozen=True, slots=True)
class Page:
    """A page of the *original* text: its 1-based number and character range."""

    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """What the loader read: the decoded original text and where its pages lie.

    For PDFs the text is the concatenation of the page texts, each followed by a
    form feed; for text files pages are inferred from running footers.
    """

    document_id: str  # sha256 of the bytes
    source_path: str
    format: str  # the reader's format: "pdf", "text", "html", "docx"… (parsers.readers.FORMATS)
    text: str
    pages: tuple[Page, ...]
    encoding: str | None = None
    byte_size: int = 0
    pages_inferred: bool = False


@dataclass(frozen=True, slots=True)
class Person:
    """A person as printed, normalised to "Prénom NOM"."""

    name: str  # "Jean-Pierre SABRAZAT"; just the given name when the text has no more
    given_name: str | None
    family_name: str | None
    civility: str | None = None  # "M." / "Mme"


@dataclass(frozen=True, slots=True)
class Attendee:
    person: Person
    status: Status
    college: str | None = None  # "Département du Lot", "Communautés de communes"...
    attendance_mode: AttendanceMode | None = None
    replaces: str | None = None  # the member a substitute stands in for ("Prénom NOM")
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Proxy:
    giver: str  # "Prénom NOM"
    holder: str
    college: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class AttendanceCounts:
    """The printed counts block; a count the text does not give (or garbles) is None."""

    members_in_office: int | None = None
    present: int | None = None
    present_titular: int | None = None
    present_substitute: int | None = None
    proxies: int | None = None
    absent: int | None = None
    voters: int | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Attendance:
    attendees: tuple[Attendee, ...] = ()
    proxies: tuple[Proxy, ...] = ()
    counts: AttendanceCounts = field(default_factory=AttendanceCounts)
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Movement:
    """A member arriving or leaving during the session ("arrivée à 18h45 avant le point 3")."""

    name: str  # "Prénom NOM" as printed
    event: Literal["arrives", "leaves"]
    before_item: str | None  # the first item the change applies to, when printed
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Unread:
    """Text a reader was given as evidence but could not read, and why.

    A check built on a block with unread text is not run: its figures might be wrong
    because of what was not read ("name not recognised", "proxy without its giver").
    """

    span: Span
    reason: str


@dataclass(frozen=True, slots=True)
class MemberVote:
    """A member named as voting a given way ("Votent contre : Mme A, M. B")."""

    name: str
    vote: Literal["for", "against", "abstention", "not_taking_part"]
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class BallotResult:
    candidate: str
    votes: int | None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Ballot:
    """One round of a secret ballot or election: votants, blancs, nuls, exprimés, results."""

    office: str | None
    round: int
    voters: int | None = None
    blank: int | None = None
    spoilt: int | None = None
    expressed: int | None = None
    absolute_majority: int | None = None
    results: tuple[BallotResult, ...] = ()
    elected: tuple[str, ...] = ()
    span: Span | None = None

    def elects(self, candidate: str) -> bool:
        """Whether the proclamation names this candidate.

        Either may carry more of the name: "M. Paul LE BIHAN : 27 voix" is proclaimed as
        "Paul LE BIHAN a été proclamé Maire", a list as "la liste … est élue".
        """
        return any(candidate in e or e in candidate for e in self.elected)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """Who met, when and where, as stated by a session header."""

    organisation: str | None = None
    # "document" when the header prints it; "registry" when the pipeline took it from
    # config/bodies.toml by the file's name (the document prints none)
    organisation_source: Literal["document", "registry"] | None = None
    body: str | None = None  # "Comité syndical", "Conseil municipal", "Bureau"
    date: dt.date | None = None
    place: str | None = None
    attendance_mode: Literal["on_site", "remote", "hybrid"] | None = None
    president: str | None = None
    convocation_date: dt.date | None = None
    opened_at: str | None = None  # "HH:MM"
    closed_at: str | None = None
    span: Span | None = None
    # dates the header states in several places, kept for the cross-check rule
    date_mentions: tuple[tuple[dt.date, Span], ...] = ()


@dataclass(frozen=True, slots=True)
class VoteTally:
    """One decision: a vote sentence and the decisions it introduces."""

    decision_verb: str | None  # "DECIDE", "ADOPTE", "PREND ACTE"...
    outcome: Outcome | None
    unanimous: bool | None
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    not_taking_part: int | None = None
    decisions: tuple[str, ...] = ()
    text: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class PrefectureStamp:
    act_id: str | None
    received: dt.date | None = None
    published: dt.date | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Intervention:
    item_number: str | None
    speaker: str  # resolved "Prénom NOM" when an attendee matches, else as printed
    speaker_raw: str  # "M. GARDES"
    text: str
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class MinutesItem:
    """A "Point n°" of minutes (or a numbered item of an informal compte rendu)."""

    number: str
    title: str
    votes: tuple[VoteTally, ...] = ()
    span: Span | None = None
    # the counts printed for the range of items this one belongs to ("Questions 11 à 17")
    counts: AttendanceCounts | None = None
    member_votes: tuple[MemberVote, ...] = ()
    ballots: tuple[Ballot, ...] = ()


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session as read from one document.

    ``key`` identifies the session inside its document: register extracts of the
    same body and date share one key; annexed minutes get their own.
    """

    key: str
    source_kind: SourceKind
    info: SessionInfo
    attendance: Attendance
    parent_number: str | None = None  # deliberation that annexes these minutes
    items: tuple[MinutesItem, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    span: Span | None = None
    secretary: str | None = None
    movements: tuple[Movement, ...] = ()
    # a register under one shared header: the session prints the attendance once, for
    # all its deliberations (which then carry it without repeating it in the tables)
    attendance_shared: bool = False
    # "generic" when read by the readers of any body's layout (parsers.generic), whose
    # rosters the checks trust only when printed counts confirm them
    reader: Literal["formal", "generic"] = "formal"
    # what the attendance reader was given and could not read (empty: read completely)
    unread: tuple[Unread, ...] = ()


@dataclass(frozen=True, slots=True)
class DeliberationRecord:
    """One register extract: its own copy of the session header and attendance."""

    number: str | None
    title: str | None
    session_key: str
    info: SessionInfo
    attendance: Attendance
    vote: VoteTally | None
    has_decision: bool
    annexes: tuple[str, ...] = ()
    stamp: PrefectureStamp | None = None
    span: Span | None = None
    title_span: Span | None = None
    member_votes: tuple[MemberVote, ...] = ()
    ballots: tuple[Ballot, ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    """Everything the extract stage read from one document."""

    kind: DocumentKind
    # for a document read as "other": the cues of a session it shows all the same
    doubtful: str | None = None
    # dates printed with a day their month lacks ("31 février"): read as no date
    impossible_dates: tuple[tuple[str, Span], ...] = ()
    sessions: tuple[SessionRecord, ...] = ()
    deliberations: tuple[DeliberationRecord, ...] = ()
    amounts: tuple[Amount, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    contracts: tuple[Contract, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    money_relations: tuple[MoneyRelation, ...] = ()


def shifted(record: object, offset: int) -> object:
    """A copy of ``record`` with every Span inside it moved by ``offset``.

    Extractors report spans relative to the block they were given; the extract
    stage shifts them to document coordinates with this.
    """
    import dataclasses

    if offset == 0:
        return record
    if isinstance(record, Span):
        return record.shift(offset)
    if isinstance(record, tuple):
        return tuple(shifted(x, offset) for x in record)
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        changes = {}
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if isinstance(value, (Span, tuple)) or (
                dataclasses.is_dataclass(value) and not isinstance(value, type)
            ):
                changes[f.name] = shifted(value, offset)
        return dataclasses.replace(record, **changes) if changes else record
    return record


TaxBasis = Literal["HT", "TTC"]
Side = Literal["dépenses", "recettes"]


@dataclass(frozen=True, slots=True)
class Amount:
    """A monetary amount as printed: exact value, basis, and the words around it.

    ``role`` is set only when the text says it: "total", "dont" (a part announced by
    "dont"), "soit" (a restatement), "unit_price" (per item: "à 500 € HT",
    "par lettre de commande", "/disque dur"), "table_cell".
    """

    value: Decimal  # signed, scale words applied ("45 K€" → 45000)
    currency: str  # "EUR"
    tax_basis: TaxBasis | None
    raw: str  # "1 255,97 € TTC"
    span: Span
    context: str  # the sentence, list item or table line, whitespace collapsed
    context_span: Span | None = None
    role: str | None = None
    scaled: bool = False  # printed with K€/M€/millions: rounded, not to the cent
    deliberation_number: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number arithmetic needs that is not money: "60 %", "17 pylônes", "5,5 ETP"."""

    value: Decimal
    unit: str  # "%", "ETP", "pylônes"…
    raw: str
    span: Span
    deliberation_number: str | None = None
    context: str = ""  # the sentence it sits in


@dataclass(frozen=True, slots=True)
class Contract:
    """A contract-like record: market, purchase order, convention, bureau decision, arrêté.

    Amounts are as printed: ``amount_ht``/``amount_ttc`` when the basis is printed,
    ``amount`` when it is not. ``unit`` says when the amount is per item ("par lettre
    de commande").
    """

    # "marché", "lettre_de_commande", "convention", "avenant", "décision_bureau", "arrêté",
    # "emprunt"
    kind: str
    reference: str | None  # "2018LN001", "LC2018-20/TL", "B2018-01", "A2018-01"
    counterparty: str | None  # "QOS Télécom", "ENEDIS"
    subject: str | None
    amount_ht: Decimal | None = None
    amount_ttc: Decimal | None = None
    amount: Decimal | None = None
    unit: str | None = None  # "par lettre de commande"
    procedure: str | None = None  # "appel d'offres ouvert", "accord-cadre à bons de commande"
    duration: str | None = None  # "4 ans", "trente-six (36) mois"
    date: dt.date | None = None
    span: Span | None = None
    deliberation_number: str | None = None


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One line of one side of a budget table (chapter subtotal, account line or total).

    ``level`` says what the line is: "chapter" ("011 - Charges à caractère général"),
    "account" ("6281 … cotisations Avicca"), "total" ("Total dépenses réelles"),
    "balance" ("Solde de fonctionnement"). Amounts the line does not print are None.
    """

    table: str  # "Décision modificative 2022"
    section: str | None  # "fonctionnement" / "investissement"
    side: Side | None
    level: str
    chapter: str | None  # "011", "13"
    account: str | None  # "6281"
    label: str
    budget: Decimal | None
    movement: Decimal | None = None
    after: Decimal | None = None
    raw: str = ""
    span: Span | None = None
    deliberation_number: str | None = None
    sequence: int = 0  # order of the line on its side of its section


@dataclass(frozen=True, slots=True)
class Term:
    """One figure of a relation: an amount, or a count × unit price when ``factor`` is set."""

    value: Decimal
    raw: str
    span: Span
    label: str | None = None
    factor: Decimal | None = None  # the count: "50 bornes" in "50 bornes à 500 € HT"


@dataclass(frozen=True, slots=True)
class MoneyRelation:
    """A relation between figures that the text states (a claim, true or not).

    ``kind``: "sum" (total = Σ parts, each part × factor when set), "at_most" (the
    parts of a "dont" are within the total), "list_sum" (a "comprenant" list, which may
    leave items out), "vat" (parts[0] HT, total TTC), "share" (total = rate % of
    ``base``, the sum of the parts), "ratio" (total = the stated factor, parts[0] /
    Σ parts[1:], within ``tolerance``), "unread_table" (a table whose "Total" row claims
    column sums that could not be read reliably: ``description`` says why, ``span``
    runs from the row that does not align to the Total row).
    """

    kind: str
    total: Term
    parts: tuple[Term, ...]
    span: Span
    description: str
    tolerance: Decimal = Decimal(0)
    rate: Decimal | None = None
    base: Decimal | None = None
    unit: str = "€"
    absolute: bool = False  # compare |total| (a restitution printed "(- 122 193 €)")
    deliberation_number: str | None = None

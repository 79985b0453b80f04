"""The Parquet tables delib writes: one pyarrow schema per table, with the meaning of
every column kept beside its type so the data dictionary cannot drift from the code.

Each column of a table written from records also says where its value comes from
(see :mod:`schemas.columns`), so :mod:`pipeline.rows` builds every row from these
definitions and a column is named once, here.

Conventions: money is ``decimal128(20, 2)``, dates are ``date32``, counts are
nullable ``int32`` (null means "not printed or unreadable", never 0), character
offsets index the *original* text of the document as loaded (for PDFs the page texts
joined by form feeds), pages are 1-based.
"""

from __future__ import annotations

import pyarrow as pa

from schemas.columns import (
    BOOL,
    BUILT,
    COUNTS,
    DATE,
    DOCUMENT,
    I32,
    IN_MINUTES_ITEM,
    IN_SESSION,
    RULE,
    STR,
    VALIDATION_LINKS,
    Column,
    Table,
    built,
    count,
    info,
    provenance,
)

DOCUMENTS = Table(
    "documents",
    "One row per input file, whatever happened to it.",
    (
        Column("document_id", STR, "sha256 of the file's bytes", "9f2c…", nullable=False),
        Column("source_path", STR, "path as given to delib ingest", "data/raw/x.txt", False),
        Column("format", STR, "the reader's kind: 'pdf', 'text', 'html', 'docx' or 'odt'", "text"),
        Column(
            "kind",
            STR,
            "'register' (several deliberations), 'extract' (one), 'minutes' (procès-verbal or "
            "compte rendu), 'list' (a list of deliberations) or 'other'",
            "register",
        ),
        Column("page_count", I32, "pages (for text files: inferred from running footers)", "12"),
        Column("pages_inferred", BOOL, "true when page breaks were inferred, not read", "true"),
        Column("encoding", STR, "detected text encoding (text files)", "utf-8"),
        Column("byte_size", pa.int64(), "size of the file in bytes", "217078"),
        Column(
            "status",
            STR,
            "'ok', or why the file could not be read: 'error', 'empty', 'encrypted', "
            "'needs_ocr', 'unsupported', 'timeout', 'too_large', 'unreadable'",
            "ok",
            False,
        ),
        Column("error", STR, "message for a person when status is not 'ok'", ""),
        Column(
            "fingerprint",
            STR,
            "sha256 of the normalised text's letters and digits: two files with the same "
            "text (another encoding, a PDF and its text) share it, and the second is a "
            "'duplicate'",
            "5be0…",
        ),
        Column("sessions", I32, "sessions found", "2"),
        Column("deliberations", I32, "deliberation extracts found", "13"),
        Column("findings_error", I32, "findings of severity error", "0"),
        Column("findings_warning", I32, "findings of severity warning", "1"),
        Column(
            "pipeline_version",
            STR,
            "delib release + fingerprint of the code, bodies registry and key dependencies "
            "that wrote the row; a new one re-reads every file on the next ingest",
            "0.1.0+108dbab9c9c0",
        ),
    ),
)

SESSIONS = Table(
    "sessions",
    "A meeting of a body: the session of register extracts, or minutes (annexed or stand-alone).",
    (
        built("session_id", "stable id: document, kind, date and body", nullable=False),
        built("document_id", "document the session was read from", "9f2c…", nullable=False),
        info("organisation", STR, "the public body", "Syndicat mixte Lot numérique"),
        Column(
            "organisation_source",
            STR,
            "'document' (printed in the session header) or 'registry' (config/bodies.toml, "
            "matched by file name, for documents that print no name); null when unknown",
            "document",
            source=BUILT,
        ),
        info("body", STR, "the deliberating assembly", "Comité syndical"),
        info("date", DATE, "date of the session", "2019-02-01"),
        info("place", STR, "where it met", "Cahors"),
        info("attendance_mode", STR, "'on_site', 'remote' or 'hybrid'", "hybrid"),
        info("president", STR, "who presided, 'Prénom NOM'", "André MELLINGER"),
        info("convocation_date", DATE, "date of the convocation", "2019-01-25"),
        info("opened_at", STR, "opening time 'HH:MM' (minutes)", "11:00"),
        info("closed_at", STR, "closing time 'HH:MM' (minutes)", "12:30"),
        Column("secretary", STR, "secrétaire de séance, as printed", "Trefina KERRAIN"),
        Column("source_kind", STR, "'register_extract' or 'minutes'", "minutes"),
        built(
            "parent_deliberation_id",
            "for annexed minutes: the deliberation that annexes them",
            "…/CS2019/01",
        ),
        # the minutes' header counts (pipeline/rows.py nulls them for register extracts)
        count("members_in_office", "printed count (minutes header)", "18"),
        count("present", "printed count of members present (minutes header)", "11"),
        count("proxies", "printed count of proxies (minutes header)", "1"),
        count("absent", "printed count of absent members (minutes header)", "6"),
        count("voters", "printed count of voters (minutes header)", "12"),
        *provenance("session header"),
    ),
)

DELIBERATIONS = Table(
    "deliberations",
    "One row per deliberation extract of a register.",
    (
        built("deliberation_id", "stable id: document and number", "…/CS2019/01", nullable=False),
        built("session_id", "session the extract belongs to", nullable=False),
        DOCUMENT,
        Column("number", STR, "deliberation number as printed", "CS2019/01"),
        Column("title", STR, "title, joined across line wraps", "Rapport d'activités 2018"),
        Column("page_start", I32, "first page of the extract", "1", source=BUILT),
        Column("page_end", I32, "last page of the extract", "3", source=BUILT),
        *COUNTS,
        Column("has_decision", BOOL, "whether the extract prints a decision sentence", "false"),
        Column("annexes", pa.list_(STR), "titles of the annexes", "['Convention PASIP']"),
        Column(
            "prefecture_act_id",
            STR,
            "ACTES id of the prefecture stamp",
            "046-…-DE",
            source="stamp.act_id",
        ),
        Column(
            "prefecture_received",
            DATE,
            "date received by the prefecture",
            "2022-07-19",
            source="stamp.received",
        ),
        Column(
            "prefecture_published",
            DATE,
            "date of publication",
            "2022-07-19",
            source="stamp.published",
        ),
        Column(
            "char_start",
            pa.int64(),
            "offset of the extract in the original text",
            "0",
            source=BUILT,
        ),
        Column("char_end", pa.int64(), "end offset of the extract", "8120", source=BUILT),
    ),
)

ATTENDEES = Table(
    "attendees",
    "Every person listed in an attendance block, with their status.",
    (
        IN_SESSION,
        built("deliberation_id", "extract whose block lists them (null for minutes)"),
        DOCUMENT,
        Column(
            "name",
            STR,
            "'Prénom NOM' (given name only when the text gives no more)",
            "",
            source="person.name",
        ),
        Column("given_name", STR, "given name", "Jean-Pierre", source="person.given_name"),
        Column(
            "family_name", STR, "family name, capitals", "SABRAZAT", source="person.family_name"
        ),
        Column("civility", STR, "'M.' or 'Mme'", "M.", source="person.civility"),
        Column("college", STR, "body the member represents", "Communautés de communes"),
        Column(
            "status", STR, "'present', 'substitute', 'represented' or 'absent'", "present", False
        ),
        Column("attendance_mode", STR, "'on_site' or 'remote' when printed", "remote"),
        Column("replaces", STR, "for a substitute: the member replaced", "Christian CAUDRON"),
        *provenance("name"),
    ),
)

PROXIES = Table(
    "proxies",
    "Proxies (pouvoirs): who gave their vote to whom.",
    (
        IN_SESSION,
        built("deliberation_id", "extract (null for minutes)"),
        DOCUMENT,
        Column("giver", STR, "member who gave the proxy, 'Prénom NOM'", "Stéphane MAGOT"),
        Column("holder", STR, "member who holds it", "Gérard ALAZARD"),
        Column("college", STR, "college of the giver", "Communautés de communes"),
        *provenance("proxy sentence"),
    ),
)

VOTES = Table(
    "votes",
    "Votes: one per deliberation extract (null outcome when it prints none) and one "
    "per vote sentence of minutes items.",
    (
        built("vote_id", "stable id", nullable=False),
        IN_SESSION,
        built("deliberation_id", "extract (null for minutes items)"),
        DOCUMENT,
        Column("item_number", STR, "minutes item ('Point n°4' → '4')", "4", source=BUILT),
        Column(
            "item_title",
            STR,
            "title of the item or deliberation",
            "Budget primitif 2022",
            source=BUILT,
        ),
        Column("sequence", I32, "1-based rank of the vote within its item", "2", source=BUILT),
        Column("decision_verb", STR, "verb as printed, capitals without accents", "DECIDE"),
        Column(
            "outcome",
            STR,
            "'adopted', 'rejected', 'noted' (prend acte), 'postponed' (reporté), 'withdrawn' "
            "(retiré de l'ordre du jour) or null",
            "adopted",
        ),
        Column("unanimous", BOOL, "true when 'à l'unanimité'", "true"),
        Column("votes_for", I32, "votes for", "12"),
        Column("votes_against", I32, "votes against", "0"),
        Column("abstentions", I32, "abstentions", "2"),
        Column("not_taking_part", I32, "members not taking part in the vote", "1"),
        Column("decisions", pa.list_(STR), "the decisions the vote adopts", "['d'adopter…']"),
        Column("text", STR, "the vote sentence and its decisions", ""),
        *provenance("vote sentence"),
    ),
)

INTERVENTIONS = Table(
    "interventions",
    "Who spoke in minutes, per item.",
    (
        built("intervention_id", "stable id", nullable=False),
        built("session_id", "session (minutes)", nullable=False),
        DOCUMENT,
        Column("item_number", STR, "minutes item", "5"),
        Column("speaker", STR, "speaker resolved to 'Prénom NOM' when possible", "Patrick GARDES"),
        Column("speaker_raw", STR, "speaker as printed", "M. GARDES"),
        Column("text", STR, "what the minutes report them saying", ""),
        *provenance("intervention"),
    ),
)

FINDINGS = Table(
    "findings",
    "What the validators found: each with a rule id, severity and the evidence.",
    (
        built("finding_id", "stable id", nullable=False),
        RULE,
        Column("severity", STR, "'error', 'warning' or 'info'", "error", False),
        *VALIDATION_LINKS,
        Column("message", STR, "what is wrong, for a person", "", False),
        Column("expected", STR, "the value the rule expected", "13"),
        Column("observed", STR, "the value printed", "12"),
        Column("evidence", STR, "the text the finding is about", "", source=BUILT),
        *provenance("evidence"),
    ),
)

CHECKS = Table(
    "checks",
    "Every relation a validator tested, held or not: a report can say how many relations "
    "were checked and how many failed. Failed checks also appear in findings.",
    (
        built("check_id", "stable id", nullable=False),
        RULE,
        *VALIDATION_LINKS,
        Column(
            "status",
            STR,
            "'pass', 'fail', or 'not_checked' when the relation's inputs were not read "
            "completely (a name not recognised, a formula left unfilled): never a failure",
            "pass",
            False,
            source=BUILT,
        ),
        Column(
            "reason",
            STR,
            "why a 'not_checked' relation could not be concluded",
            "",
            source="not_checked",
        ),
        Column("message", STR, "the relation in words, with its figures", "", False),
        Column("expected", STR, "the value the relation requires", "13"),
        Column("observed", STR, "the value printed", "13"),
        Column("evidence", STR, "the text the relation was read from", "", source=BUILT),
        *provenance("evidence"),
    ),
)

MONEY = pa.decimal128(20, 2)
QTY = pa.decimal128(20, 4)

AMOUNTS = Table(
    "amounts",
    "Every monetary amount printed in a document (text and budget-table cells), exact.",
    (
        built("amount_id", "stable id: document and position", nullable=False),
        DOCUMENT,
        built("deliberation_id", "extract the amount is printed in (null outside)"),
        Column(
            "value",
            MONEY,
            "signed value in currency units, scale applied (45 K€ → 45000)",
            "45000.00",
        ),
        Column("currency", STR, "ISO currency code", "EUR"),
        Column("tax_basis", STR, "'HT', 'TTC' or null when not printed", "HT"),
        Column("raw", STR, "the amount as printed", "1 255,97 € TTC"),
        Column(
            "role",
            STR,
            "what the text says the amount is: 'total', 'dont', 'soit', 'unit_price', "
            "'table_cell', or null",
            "total",
        ),
        Column(
            "scaled", BOOL, "printed with K€/M€/millions: rounded, not exact to the cent", "false"
        ),
        Column("context", STR, "the sentence, list item or table line around it", ""),
        *provenance("amount"),
    ),
)

QUANTITIES = Table(
    "quantities",
    "Numbers the arithmetic needs that are not money: percentages, counts with a unit, ETP.",
    (
        built("quantity_id", "stable id: document and position", nullable=False),
        DOCUMENT,
        built("deliberation_id", "extract the quantity is printed in (null outside)"),
        Column("value", QTY, "the number as printed, exact", "5.5000", source=BUILT),
        Column("unit", STR, "'%', 'ETP', or the counted noun as printed, lower case", "pylônes"),
        Column("raw", STR, "the quantity as printed", "17 pylônes"),
        Column("context", STR, "the sentence or list item around it", ""),
        *provenance("quantity"),
    ),
)

CONTRACTS = Table(
    "contracts",
    "Contract-like records: markets, purchase orders (lettres de commande), conventions, "
    "avenants, bureau decisions, arrêtés.",
    (
        built("contract_id", "stable id: document, kind, reference, position", nullable=False),
        DOCUMENT,
        built("deliberation_id", "extract that records it"),
        Column(
            "kind",
            STR,
            "'marché', 'lettre_de_commande', 'convention', 'avenant', 'décision_bureau', 'arrêté', "
            "'emprunt' (a loan listed in a budget table: counterparty = the lender's printed "
            "code, reference = the loan number, amount = the line's annual amount)",
            "marché",
        ),
        Column("reference", STR, "number as printed (ranges expanded)", "LC2018-20/TL"),
        Column("counterparty", STR, "titulaire or other party, as printed", "QOS Télécom"),
        Column("subject", STR, "object of the contract", "Rolls up communication"),
        Column("amount_ht", MONEY, "amount printed HT", "300233.76"),
        Column("amount_ttc", MONEY, "amount printed TTC", "360280.51"),
        Column("amount", MONEY, "amount printed without a tax basis", "51000.00"),
        Column("unit", STR, "when the amount is per item", "par lettre de commande"),
        Column("procedure", STR, "award procedure", "appel d'offres ouvert"),
        Column("duration", STR, "duration as printed", "trente-six (36) mois"),
        Column("date", DATE, "date printed with the record (arrêtés)", "2018-01-22"),
        *provenance("record"),
    ),
)

BUDGET_LINES = Table(
    "budget_lines",
    "Lines of budget tables (décision modificative…): one row per side of a printed line.",
    (
        built("line_id", "stable id", nullable=False),
        DOCUMENT,
        built("deliberation_id", "extract that prints the table"),
        Column(
            "table_name",
            STR,
            "the table's title (the annex)",
            "Décision modificative 2022",
            source="table",
        ),
        Column("section", STR, "'fonctionnement' or 'investissement'", "investissement"),
        Column("side", STR, "'dépenses' or 'recettes' (null for a balance line)", "recettes"),
        Column("level", STR, "'chapter', 'account', 'total' or 'balance'", "account"),
        Column("sequence", I32, "rank of the line on its side of its section", "12"),
        Column("chapter", STR, "chapter code (of the line or the chapter it is under)", "13"),
        Column("account", STR, "account code", "1315"),
        Column("label", STR, "label without the code", "Recettes générales RESTITUTION"),
        Column("budget", MONEY, "Budget column", "-52393.00"),
        Column("movement", MONEY, "Mouvement (DM) column, null when not printed", "52394.00"),
        Column("after", MONEY, "Montant après DM column, null when not printed", "1.00"),
        Column("raw", STR, "the line's entry as printed", ""),
        *provenance("line"),
    ),
)

MEMBER_VOTES = Table(
    "member_votes",
    "Named votes: each member the document names as voting for, against, abstaining or "
    "not taking part ('Votent contre : Mme A, M. B').",
    (
        IN_SESSION,
        IN_MINUTES_ITEM,
        DOCUMENT,
        Column(
            "item_number",
            STR,
            "item or deliberation number as printed",
            "2017.07.04 - 3",
            source=BUILT,
        ),
        Column("name", STR, "the member as printed, 'Prénom NOM' when both are printed", "M. SIRI"),
        Column(
            "vote", STR, "'for', 'against', 'abstention' or 'not_taking_part'", "against", False
        ),
        *provenance("name"),
    ),
)

BALLOTS = Table(
    "ballots",
    "Secret ballots and elections, one row per round and candidate or list: the round's "
    "printed figures repeat on each of its rows.",
    (
        built("ballot_id", "stable id of the round", nullable=False),
        IN_SESSION,
        IN_MINUTES_ITEM,
        DOCUMENT,
        Column("item_number", STR, "item or deliberation number as printed", "1", source=BUILT),
        Column("office", STR, "what is elected, as printed", "Maire"),
        Column("round", I32, "1-based round (tour de scrutin)", "1"),
        Column("voters", I32, "printed number of voters (bulletins dans l'urne)", "33"),
        Column("blank", I32, "printed blank ballots (blancs)", "5"),
        Column("spoilt", I32, "printed spoilt ballots (nuls)", "1"),
        Column("expressed", I32, "printed votes cast (suffrages exprimés)", "27"),
        Column("absolute_majority", I32, "printed absolute majority", "14"),
        Column(
            "candidate",
            STR,
            "candidate or list as printed (null: no result read)",
            "",
            source=BUILT,
        ),
        Column("votes", I32, "votes the candidate or list obtained", "27", source=BUILT),
        Column(
            "elected",
            BOOL,
            "whether the document proclaims this candidate elected (null: no proclamation read)",
            "true",
            source=BUILT,
        ),
        *provenance("ballot"),
    ),
)

COVERAGE = Table(
    "coverage",
    "What a reader was given as evidence and could not read: each row a block of text "
    "left unread, and why. The checks built on it are 'not_checked', never failed.",
    (
        DOCUMENT,
        built("session_id", "session whose reading it belongs to"),
        Column("block", STR, "'roster' or 'vote'", "roster", False, source=BUILT),
        Column(
            "reason",
            STR,
            "'name not recognised', 'proxy without its giver', 'vote formula left unfilled'",
            "name not recognised",
            False,
        ),
        Column("text", STR, "the unread text", "Conseil-lers municipaux", source=BUILT),
        *provenance("unread text"),
    ),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        DOCUMENTS,
        SESSIONS,
        DELIBERATIONS,
        ATTENDEES,
        PROXIES,
        VOTES,
        INTERVENTIONS,
        FINDINGS,
        CHECKS,
        AMOUNTS,
        QUANTITIES,
        CONTRACTS,
        BUDGET_LINES,
        MEMBER_VOTES,
        BALLOTS,
        COVERAGE,
    )
}

# Derived tables: computed on reading from the stored ones (pipeline/members.py), never
# written by ingest, since they link rows across documents that are ingested one by one.
MEMBERS = Table(
    "members",
    "One row per person and body, with a stable id, linking the rows of every document "
    "where they are listed (attendance, proxies). A given name printed alone ('Maryline') "
    "is the member of that body whose full name has this given name, when only one has it.",
    (
        Column("member_id", STR, "stable id: organisation, body and full name", "3f1c…", False),
        Column("organisation", STR, "the public body", "Commune de Couthenans"),
        Column("body", STR, "the deliberating assembly", "Conseil municipal"),
        Column("name", STR, "'Prénom NOM', or the given name when no full name matches", ""),
        Column("given_name", STR, "given name", "Maryline"),
        Column("family_name", STR, "family name, capitals (null when never printed)", ""),
        Column("names", pa.list_(STR), "every spelling printed for them", "['Maryline', …]"),
        Column("matched_by", STR, "'full_name', 'given_name_unique' or 'given_name_only'", ""),
        Column("documents", pa.list_(STR), "document_id of every document listing them", ""),
        Column("sessions", I32, "sessions whose attendance block lists them", "3"),
        Column("first_date", DATE, "date of the first of those sessions", "2021-09-17"),
        Column("last_date", DATE, "date of the last of those sessions", "2023-02-24"),
    ),
)

DERIVED_TABLES: dict[str, Table] = {MEMBERS.name: MEMBERS}

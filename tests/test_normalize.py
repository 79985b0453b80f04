"""The normaliser: artefact repairs on real register lines, and the offset map's
guarantees on arbitrary text (hypothesis)."""

from __future__ import annotations

import itertools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.lexicon import default_lexicon
from parsers.normalize import NormalizedText, normalize

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
REGISTER_2019 = RAW / "lot-numerique_comite-syndical_2019-02-01.txt"
REGISTER_2022 = RAW / "lot-numerique_comite-syndical_2022-06-29.txt"

LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}


@pytest.fixture(scope="module", autouse=True)
def _load_lexicon() -> None:
    default_lexicon()  # load once, outside hypothesis' deadlines


def norm(text: str, **kw: object) -> str:
    return normalize(text, **kw).text  # type: ignore[arg-type]


# --- real lines of the two registers, expected output written by hand ----------------

REAL_LINES = [
    # words split by a spurious space
    (
        "Délibération n° CS2019/01 : Validation du procès-ve rbal de la séance du 19 juillet ",
        "Délibération n° CS2019/01 : Validation du procès-verbal de la séance du 19 juillet",
    ),
    (
        " Annexe – Procès-verbal du comité syndical du 19 jui llet 2018 ",
        "Annexe – Procès-verbal du comité syndical du 19 juillet 2018",
    ),
    (
        "Délibération n° CS2019/05 : Accompagnement du syndi cat par la réalisation d’un ",
        "Délibération n° CS2019/05 : Accompagnement du syndicat par la réalisation d'un",
    ),
    (
        "Délibération n° CS2019/12 : Avis de la commission d es usages numériques ",
        "Délibération n° CS2019/12 : Avis de la commission des usages numériques",
    ),
    (
        "• 7-1 : Animation du réseau lotois des acteurs du num érique   ",
        "• 7-1 : Animation du réseau lotois des acteurs du numérique",
    ),
    (
        " Point n°6 - Information sur l’avancement du déploiem ent FTTH ",
        "Point n°6 - Information sur l'avancement du déploiement FTTH",
    ),
    (
        " Point n°4 – Convention de délégation de compétence a vec la communauté "
        "d’agglomération du Grand Cahors ",
        "Point n°4 – Convention de délégation de compétence avec la communauté "
        "d'agglomération du Grand Cahors",
    ),
    (
        "Point n°7 – Information sur l’avancement du déploiement du wifi territorial et "
        "modalités de mis e en œuvre ",
        "Point n°7 – Information sur l'avancement du déploiement du wifi territorial et "
        "modalités de mise en œuvre",
    ),
    (
        "Délibération n° CS2019/03 : Attributions exercées p ar le Président ",
        "Délibération n° CS2019/03 : Attributions exercées par le Président",
    ),
    (
        "Délibération n° CS2019/09 : Marchés pour le contrôl e et la maintenance des sites de ",
        "Délibération n° CS2019/09 : Marchés pour le contrôle et la maintenance des sites de",
    ),
    (
        "Délibération n° CS2019/13 : Débat d’orientation bud gétaire ",
        "Délibération n° CS2019/13 : Débat d'orientation budgétaire",
    ),
    (
        "et modifiée par avenant par les comités syndicaux d u 30/06/2017, 19/07/2018 et "
        "01/02/2019) ",
        "et modifiée par avenant par les comités syndicaux du 30/06/2017, 19/07/2018 et "
        "01/02/2019)",
    ),
    (
        "LES ARTICLES ET L’ANNEXE DE LA CONVENTION DU 19 DEC EMBRE 2016 SONT ",
        "LES ARTICLES ET L'ANNEXE DE LA CONVENTION DU 19 DECEMBRE 2016 SONT",
    ),
    (
        "Les outils numériques dans le domaine de la formati on ",
        "Les outils numériques dans le domaine de la formation",
    ),
    (
        "Pour pouvoir justifier de sa pertinence, i l ",
        "Pour pouvoir justifier de sa pertinence, il",
    ),
    # numbers split by a space, and numbers that must stay apart
    (
        "Comité syndical du 1 er février 2019 ",
        "Comité syndical du 1er février 2019",
    ),
    (
        "Délibération n° CS2019/02 : Rapport d’activités 201 8 ",
        "Délibération n° CS2019/02 : Rapport d'activités 2018",
    ),
    (
        "(convention adoptée en comité syndical du 27/04/201 6, ",
        "(convention adoptée en comité syndical du 27/04/2016,",
    ),
    (
        "Groupe n°3 : Suivi des parcours entre le 1 er et le 2 nd degré ",
        "Groupe n°3 : Suivi des parcours entre le 1er et le 2nd degré",
    ),
    (
        "LC2017-45/TL Outil de gestion des cyber-bases 2018 5 250 € HT ",
        "LC2017-45/TL Outil de gestion des cyber-bases 2018 5 250 € HT",
    ),
    (
        "Délibération CS2019/07 - séance du 1er février 2019 1 ",
        "Délibération CS2019/07 - séance du 1er février 2019 1",
    ),
    (
        "  je déclare les travaux qui ont été faits  U 1 2 000,00 € 2 000,00 € ",
        "je déclare les travaux qui ont été faits U 1 2 000,00 € 2 000,00 €",
    ),
    (
        "o 759 707,14 €, d’excédent de fonctionnement, ",
        "◦ 759 707,14 €, d'excédent de fonctionnement,",
    ),
    ("lot.numerique@lot.fr 05 65 53 43 31 ", "lot.numerique@lot.fr 05 65 53 43 31"),
    (
        "*Animation de l’écosystème de l’inclusion numérique 137\u202f500 11\u202f000 "
        "18\u202f000 15\u202f000 181\u202f500 ",
        "*Animation de l'écosystème de l'inclusion numérique 137 500 11 000 18 000 15 000 181 500",
    ),
    # bullets
    ("� � � ", ""),
    ("� d’adopter les nouveaux statuts, ", "• d'adopter les nouveaux statuts,"),
    (
        "▪ d’adopter le procès-verbal du comité syndical du 15 février 2022. ",
        "• d'adopter le procès-verbal du comité syndical du 15 février 2022.",
    ),
    ("➢ Usages : 110 000 € ", "• Usages : 110 000 €"),
    ("o le 11 janvier ", "◦ le 11 janvier"),
    (
        "− de FNADT à l’Etat relatif à l’opération de déploiement du WIFI territorial.  ",
        "- de FNADT à l'Etat relatif à l'opération de déploiement du WIFI territorial.",
    ),
    (
        "- 36 100 € pour l’achat de matériel reconditionné, subventionné à 100 %, ",
        "- 36 100 € pour l'achat de matériel reconditionné, subventionné à 100 %,",
    ),
    # line-end hyphens: compounds keep the hyphen, the line break goes
    (
        "Patrick GARDES, Joseph GOUSSET, Stéphane MAGOT, Thierry MARTIN, SABRAZAT Jean-\nPierre \n",
        "Patrick GARDES, Joseph GOUSSET, Stéphane MAGOT, Thierry MARTIN, SABRAZAT Jean-Pierre\n",
    ),
    (
        "� d’adopter le plan de financement prévisionnel global pour le marché de wifi "
        "territorial tel que présenté ci-\ndessus, et autoriser le dépôt des demandes ",
        "• d'adopter le plan de financement prévisionnel global pour le marché de wifi "
        "territorial tel que présenté ci-dessus, et autoriser le dépôt des demandes",
    ),
    (
        "• des aléas de travaux (câble optique cassé par une branche à Lauresses, câble "
        "électrique coupé à Uzech, co-\nactivité sur le chantier d’Aynac) ; ",
        "• des aléas de travaux (câble optique cassé par une branche à Lauresses, câble "
        "électrique coupé à Uzech, co-activité sur le chantier d'Aynac) ;",
    ),
    (
        "- 6 bâtiments lotois à raccorder au réseau du Tarn-et-Garonne, et 2 bâtiments "
        "tarn-et-\ngaronnais à raccorder par ALL'FIBRE ; ",
        "- 6 bâtiments lotois à raccorder au réseau du Tarn-et-Garonne, et 2 bâtiments "
        "tarn-et-garonnais à raccorder par ALL'FIBRE ;",
    ),
    (
        "Travaux d’électrification à Montcuq-en-Quercy-\nblanc – site de Lebreil ",
        "Travaux d'électrification à Montcuq-en-Quercy-blanc – site de Lebreil",
    ),
    (
        "- Entrée dans le domaine public avant sa divulgation ou après celle-\n\nci, sans "
        "faute de la part de la Partie récipiendaire ",
        "- Entrée dans le domaine public avant sa divulgation ou après celle-ci, sans "
        "faute de la part de la Partie récipiendaire",
    ),
    # a split word whose pieces ended up on two lines (blank line from the extraction)
    (
        "FONCTION\n\nNEMENT\n\nSolde de fonctionnement 0,00",
        "FONCTIONNEMENT\n\nSolde de fonctionnement 0,00",
    ),
    # real word pairs that must stay apart
    (
        "L’an deux mille dix huit, le 19 juillet, les membres du comité syndical, "
        "régulièrement convoqués, se sont réunis à Cahors \nsous la présidence de monsieur "
        "André MELLINGER, Président. ",
        "L'an deux mille dix huit, le 19 juillet, les membres du comité syndical, "
        "régulièrement convoqués, se sont réunis à Cahors\nsous la présidence de monsieur "
        "André MELLINGER, Président.",
    ),
    (
        "usages et services numériques (SDUSN), afin de favoriser un maillage équilibré de "
        "services accessibles à tous et sur \ntout le département. ",
        "usages et services numériques (SDUSN), afin de favoriser un maillage équilibré de "
        "services accessibles à tous et sur\ntout le département.",
    ),
    (
        "Le Président précise que pour élaborer le SDUSN le syndicat a mis en œuvre "
        "trois phases : ",
        "Le Président précise que pour élaborer le SDUSN le syndicat a mis en œuvre trois phases :",
    ),
    (
        "Des procès-verbaux de retour des biens sont en cours de signature pour retirer les "
        "biens du patrimoine des collectivités. ",
        "Des procès-verbaux de retour des biens sont en cours de signature pour retirer les "
        "biens du patrimoine des collectivités.",
    ),
    (
        "habitants dans leurs problématiques sociales quel que soit leur âge. ",
        "habitants dans leurs problématiques sociales quel que soit leur âge.",
    ),
    (
        "au télétravail pour intégrer les espaces de coworking et les fab labs: "
        "https://lot.fr/tiers%20lieux. ",
        "au télétravail pour intégrer les espaces de coworking et les fab labs: "
        "https://lot.fr/tiers%20lieux.",
    ),
    (
        "Messieurs Gérard ALAZARD, Elie AUTEMAYOUX, Thierry CHARTROUX, Gyl CRAYSSAC, ",
        "Messieurs Gérard ALAZARD, Elie AUTEMAYOUX, Thierry CHARTROUX, Gyl CRAYSSAC,",
    ),
    (
        "L’opérateur Orange s’étant engagé à établir un réseau ",
        "L'opérateur Orange s'étant engagé à établir un réseau",
    ),
]


@pytest.mark.parametrize(("before", "after"), REAL_LINES)
def test_real_lines(before: str, after: str) -> None:
    assert norm(before) == after


@pytest.mark.parametrize(
    "phrase",
    [
        "de la séance",
        "à la demande",
        "le syndicat a été créé",
        "les travaux en cours",
        "la mise en place",
        "et le président",
        "de ce fait",
        "Jean MICHEL et Jean-Pierre SABRAZAT",
        "sur tout le territoire",
        "il y a deux ans",
        "le 19 juillet 2018 à 10 h 30",
        "un montant de 2 487 500 € soit 1 098 969,96 € et 300 000,00 €",
        "la décision n° 2019 1 du bureau",
    ],
)
def test_real_pairs_stay_apart(phrase: str) -> None:
    assert norm(phrase) == phrase


def test_years_cut_in_two() -> None:
    assert norm("le 19 juillet 20 18 à Cahors") == "le 19 juillet 2018 à Cahors"
    assert norm("du 27/04/20 16") == "du 27/04/2016"
    # no date context: two numbers of a table
    assert norm("total 20 18 cas") == "total 20 18 cas"
    # a thousands group or a decimal part follows: an amount, not a year
    assert norm("soit 201 8 000 €") == "soit 201 8 000 €"
    assert norm("soit 201 8,50 €") == "soit 201 8,50 €"


def test_deliberation_number_cut_in_two() -> None:
    assert norm("Délibération n° CS2019/0 2 : Rapport") == "Délibération n° CS2019/02 : Rapport"


def test_split_word_wrapped_by_a_pdf() -> None:
    # the text file has "num ériques" on one line; a PDF rendering wrapped it there
    assert norm("réseau de tiers-lieux num\nériques") == "réseau de tiers-lieux numériques"
    # across a line break only a long fragment counts: "a\nvec" could be two lines
    assert norm("il a\nvec") == "il a\nvec"


def test_dehyphenation_when_the_pieces_are_not_words() -> None:
    assert norm("le dévelop-\npement du réseau") == "le développement du réseau"
    # a capitalised continuation is a compound name
    assert norm("Saint-\nCirq-Lapopie") == "Saint-Cirq-Lapopie"
    # the document's own spelling wins: it writes "plate-forme" elsewhere
    text = "la plate-forme France Mobile\nune plate-\nforme pour les associations"
    assert norm(text) == "la plate-forme France Mobile\nune plate-forme pour les associations"


def test_hyphen_after_a_space_or_a_number_is_not_hyphenation() -> None:
    assert norm("157,00 70 -\nRecettes") == "157,00 70 -\nRecettes"
    assert norm("2024-\n2027") == "2024-\n2027"


def test_split_place_name_needs_the_documents_evidence() -> None:
    # "Ca" and "hors" are both words: alone, the line gives no reason to join them
    # (the whole register does, see test_register_2019_place_name)
    line = "Application « mobilité » développée par le Grand Ca hors"
    assert norm(line) == line


# --- characters and whitespace -------------------------------------------------------


def test_characters() -> None:
    assert norm("L\u2019an deux mille dix-neuf") == "L'an deux mille dix-neuf"
    assert norm("\u2018citation\u2019") == "'citation'"
    assert norm("la \ufb01bre et le \ufb02ux \ufb03ce") == "la fibre et le flux ffice"
    assert norm("100\u00a0000\u202f€") == "100 000 €"
    assert norm("dé\u00adlibération") == "délibération"
    assert norm("zéro\u200blargeur") == "zérolargeur"
    assert norm("a\r\nb\rc") == "a\nb\nc"
    assert norm("col1\tcol2") == "col1 col2"
    # decomposed accents are composed
    assert norm("de\u0301libe\u0301ration") == "délibération"


def test_page_breaks_become_one_line_break() -> None:
    assert norm("fin de page\n\fdébut de page") == "fin de page\ndébut de page"
    assert norm("fin de page\fdébut") == "fin de page\ndébut"
    assert norm("le dévelop-\n\fpement") == "le développement"


def test_whitespace() -> None:
    assert norm("  Votants   13  \n\tPrésents 12 ") == "Votants 13\nPrésents 12"
    assert norm("a\n\n\n\n\n\nb") == "a\n\n\nb"  # at most two blank lines
    assert norm("a\n\n\nb") == "a\n\n\nb"
    assert norm("   \n  \n") == "\n\n"


def test_bullets() -> None:
    assert norm("•Texte collé") == "• Texte collé"
    assert norm("\uf0b7 puce Symbol") == "• puce Symbol"
    assert norm("  ◦ sous-puce") == "◦ sous-puce"
    assert norm("•\nTexte") == "•\nTexte"  # a bullet alone keeps its line
    # "o" is only a sub-bullet at a line start, followed by a space
    assert norm("Lot numérique o ok") == "Lot numérique o ok"
    assert norm("oui") == "oui"


# --- dropping furniture lines ----------------------------------------------------------


def test_drop_whole_lines() -> None:
    text = "dernière ligne\nPage 3\nligne suivante"
    start = text.index("Page")
    n = normalize(text, drop=[(start, start + len("Page 3\n"))])
    assert n.text == "dernière ligne\nligne suivante"


def test_drop_keeps_a_line_break_between_neighbours() -> None:
    text = "abcHEADERdef"
    n = normalize(text, drop=[(3, 9)])
    assert n.text == "abc\ndef"
    assert n.offsets[3] == 3  # the kept break maps into the dropped range


def test_drop_then_hyphenation_across_the_page() -> None:
    text = "le dévelop-\nDélibération CS2019/07 - séance du 1er février 2019 1\npement"
    start = text.index("Délibération")
    end = text.index("pement")
    assert norm(text, drop=[(start, end)]) == "le développement"


def test_drop_ranges_unsorted_overlapping_and_out_of_bounds() -> None:
    text = "un\ndeux\ntrois\nquatre\n"
    # "deux" and "trois" go; (20, 99) is clipped to the final line break
    n = normalize(text, drop=[(8, 14), (3, 8), (5, 10), (-4, 0), (20, 99), (7, 7)])
    assert n.text == "un\nquatre"


# --- offsets and spans -----------------------------------------------------------------


def test_offsets_trace_a_repaired_word_to_its_original_span() -> None:
    text = "Validation du procès-ve rbal de la séance"
    n = normalize(text)
    start = n.text.index("procès-verbal")
    s, e = n.to_original(start, start + len("procès-verbal"))
    assert text[s:e] == "procès-ve rbal"
    (repair,) = n.repairs
    assert (repair.kind, repair.before, repair.after) == ("word_join", "ve rbal", "verbal")
    assert text[repair.start : repair.end] == repair.before


def test_to_original_rejects_spans_outside_the_text() -> None:
    n = normalize("abc")
    for span in [(-1, 2), (2, 1), (0, 4)]:
        with pytest.raises(ValueError):
            n.to_original(*span)
    assert n.to_original(3, 3) == (3, 3)


def check_invariants(n: NormalizedText) -> None:
    """The offset map's guarantees, for any input."""
    text, original, offsets = n.text, n.original, n.offsets
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(original)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    assert all(0 <= o < len(original) for o in offsets[:-1])
    for i, ch in enumerate(text):
        if not ch.isalnum():
            continue
        src = original[offsets[i]]
        if src == ch:
            continue
        # the two exceptions: ligature expansions and accents composed onto a letter
        # (the same base letter: "e" + U+0301 gives "é", "È" + U+0327 gives "Ȩ" + U+0300)
        composed = unicodedata.normalize("NFD", ch)[0] == unicodedata.normalize("NFD", src)[0]
        assert ch in LIGATURES.get(src, "") or composed, (i, ch, src)
    if text:
        s, e = n.to_original(0, len(text))
        assert (s, e) == (offsets[0], offsets[len(text) - 1] + 1)
        assert all(s <= o < e for o in offsets[:-1])
    # one kind of line break, no space at either end of a line, single spaces
    assert text.split("\n") == (text + "\n").splitlines() or text == ""
    for line in text.split("\n"):
        assert line == line.strip(" ")
        assert "  " not in line
    for rep in n.repairs:
        assert original[rep.start : rep.end] == rep.before


SPECIAL = [
    " ",
    " ",
    "  ",
    "\n",
    "\n",
    "\r",
    "\r\n",
    "\f",
    "\t",
    "\u00a0",
    "\u202f",
    "\u00ad",
    "\u200b",
    "\u2028",
    "\x85",
    "\ufeff",
    "\u0301",
    "\u0327",
    "'",
    "\u2019",
    "-",
    "-\n",
    "−",
    "�",
    "▪",
    "•",
    "➢",
    "◦",
    "\uf0b7",
    "o ",
    *LIGATURES,
]
WORDS = [
    "de",
    "la",
    "syndi",
    "cat",
    "a",
    "vec",
    "d",
    "es",
    "num",
    "érique",
    "Jean",
    "Pierre",
    "MICHEL",
    "Cahors",
    "Ca",
    "hors",
    "dévelop",
    "pement",
    "ci",
    "dessous",
    "er",
    "e",
    "CS2019/0",
]
DIGITS = ["1", "8", "20", "18", "201", "2019", "000", "05", ",00", "/"]

text_pieces = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(WORDS),
    st.sampled_from(DIGITS),
    st.text(min_size=1, max_size=3),  # any unicode at all
)
messy_text = st.lists(text_pieces, max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_text)
def test_invariants_on_messy_text(text: str) -> None:
    check_invariants(normalize(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_arbitrary_unicode(text: str) -> None:
    check_invariants(normalize(text))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_text, st.lists(st.tuples(st.integers(-5, 300), st.integers(-5, 300)), max_size=4))
def test_invariants_with_dropped_ranges(text: str, ranges: list[tuple[int, int]]) -> None:
    n = normalize(text, drop=ranges)
    check_invariants(n)
    dropped = [(max(0, s), min(len(text), e)) for s, e in ranges]
    for i, o in enumerate(n.offsets[:-1]):
        if any(s <= o < e for s, e in dropped):
            # only the line break kept between two glued neighbours comes from a range
            assert n.text[i] == "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_text, st.data())
def test_to_original_is_monotone_and_bounded(text: str, data: st.DataObject) -> None:
    n = normalize(text)
    size = len(n.text)
    a, b, c, d = sorted(data.draw(st.lists(st.integers(0, size), min_size=4, max_size=4)))
    s1, e1 = n.to_original(a, c)
    s2, e2 = n.to_original(b, d)
    assert 0 <= s1 <= e1 <= len(text)
    assert 0 <= s2 <= e2 <= len(text)
    assert s1 <= s2 and e1 <= e2


# --- the registers themselves ------------------------------------------------------------


@pytest.mark.parametrize("path", [REGISTER_2019, REGISTER_2022], ids=lambda p: p.stem[-10:])
def test_registers(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    n = normalize(original)
    check_invariants(n)
    assert "�" not in n.text and "\u2019" not in n.text and "\u202f" not in n.text
    for artefact in ["procès-ve rbal", "syndi cat", "jui llet", "1 er février", "num érique"]:
        assert artefact not in n.text
    assert "Comité syndical du 1er février 2019" in n.text or "29 juin 2022" in n.text


def test_register_2019_place_name() -> None:
    # "Cahors" occurs 37 times in the register, "Ca" nowhere else
    n = normalize(REGISTER_2019.read_text(encoding="utf-8"))
    assert "Application « mobilité » développée par le Grand Cahors\n" in n.text

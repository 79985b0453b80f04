"""Who speaks in minutes (procès-verbaux): named speaker sentences and what follows them.

Minutes report debates in the third person: "M. GARDES demande s'il peut y avoir
un lien ...", "Mme SAHAGUN, directrice adjointe, évoque ...", "Audrey LAUR,
conseillère numérique coordonnatrice, précise ...". :func:`find_interventions`
finds those sentences in three steps, so that the spaCy model only sees a handful
of sentences per page:

1. the text is cut into paragraphs (blank lines) and sentences (a regex that knows
   "M." is not a full stop); a cheap regex keeps the *candidate* sentences, those
   holding a civility + capitalised word ("M. G...") or a "Prénom NOM" followed
   by a speech-verb form;
2. the candidates go through ``nlp.pipe`` (tokenizer + NER only, see
   :mod:`parsers.nlp`) and the speaker ``Matcher`` (civility + name, optional
   apposition, speech verb); a match counts only when its subject opens the
   sentence or a clause (after "," or ":"), which rejects "donne la parole à
   M. X", "remercie M. X", "pour répondre à M. X";
3. the printed name is resolved (:mod:`parsers.speakers`) to an attendee of the session,
   then to a person named in full (``known_people``, then "Prénom NOM" names found in the text).

One intervention is reported per named speaker sentence (the convention of
``tests/fixtures/expected``): "M. FAVRE indique ... M. FAVRE invite ..." in one
paragraph gives two rows. Its text starts at the printed name (civility
included: "M. FAVRE signale ..." out of "Parmi les autres évènements de 2021,
M. FAVRE signale ...") and runs to the end of the paragraph (through the bullet
list a paragraph ending in ":" announces), stopping early where the floor moves:
the next named speaker sentence, the chair ("Le président répond ...",
"Pour répondre à M. X, le président déclare ..."), an impersonal answer ("Il lui
est répondu ..."), or the vote formula. A joint subject ("Mme SAHAGUN et M. BALDY
présentent ...") gives one intervention per person, each starting at its name.
With ``extent="turn"`` the paragraph end is ignored and only the turn ends the
text (see :func:`find_interventions`).

PDF text loses blank lines and adds some at page breaks, so the geometry is
defensive: a blank line in mid-sentence (no full stop before, lower case after)
does not end a paragraph; text with no blank line at all ends a paragraph at a
line that ends a sentence; a line opening with a turn phrase ("Aucune
observation", "Le président", "Après en avoir délibéré") starts a sentence; a
name opening a line counts as a subject unless the line before ends with a word
that governs it ("à", "par", "remercie"...), so a heading glued to the next
line ("... mise en place\nAudrey LAUR, ..., précise") does not hide a speaker.

What is *not* reported, by design:

* the unnamed chair ("Le président rappelle ...", "Il appelle les observations"):
  no name is printed, and attributing every such sentence to the session
  president would flood the table with the presentation of the reports; minutes
  that name the chair ("Le président du syndicat, M. MELLINGER, accueille ...")
  are reported;
* impersonal answers ("Il lui est répondu que ...", "Il lui est confirmé ...");
* pronoun subjects ("Il ajoute ...", "Elle rappelle ..."), even right after
  "donne la parole à Mme X": they continue the current intervention's text when
  in its paragraph, and are otherwise left out;
* a name that is not the subject: "donne la parole à Jean-Paul FAVRE",
  "remercie M. BALDY", "un pouvoir donné par M. MAGOT".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from parsers.nlp import (
    CIVILITY_SUBJECT,
    COORDINATED_SUBJECT,
    NAMED_SUBJECT,
    all_verb_forms,
    get_nlp,
    get_speaker_matcher,
)
from parsers.records import Intervention, Person, Span
from parsers.speakers import (
    NOT_GIVEN_NAMES,
    Directory,
    harvest_full_names,
    parse_printed_name,
)
from parsers.text import LOWER as _LOWER
from parsers.text import UPPER as _UPPER
from parsers.text import sentence_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Extent", "find_interventions", "harvest_full_names"]

Extent = Literal["paragraph", "turn"]

# ------------------------------------------------------------------ text geometry

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_SENTENCE_LINE_END = re.compile(r"(?<=[.!?…])[»\")\]]*[^\S\n]*\n")
# Lines opening a list item are sentence (and, for the extension, item) starts.
_BULLET = r"(?:[•▪➢◦●■□–-]|o(?=\s)|\d{1,2}[).])"
_BULLET_LINE = re.compile(rf"\n[^\S\n]*(?={_BULLET}\s)")
_STARTS_WITH_BULLET = re.compile(rf"\s*{_BULLET}\s")
# The floor passes to someone else: the chair ("Le président répond", also inside
# the sentence: "Pour répondre à M. THELINGE, le président déclare"), an impersonal
# answer, or the vote formula.
_TURN = re.compile(
    r"(?:[^,.;]{0,80},\s*)?(?:le|la)\s+(?:vice-)?(?:pr[ée]sidente?|maire)\b"
    r"|(?:il|elle)\s+(?:lui|leur)\s+(?:est|a\s+été)\s"
    r"|(?:en\s+réponse|pour\s+(?:lui\s+)?répondre)\b"
    r"|(?:après\s+en\s+avoir\s+délibéré|aucune\s+(?:autre\s+)?observation"
    r"|il\s+n'y\s+a\s+pas\s+d'autres?\s+obs)",
    re.IGNORECASE,
)  # used with .match(): anchored at the sentence start

# A line opening with a turn phrase starts a sentence even when the line before
# lacks its full stop (PDF extraction glues "... compte de gestion\nAucune
# observation n'est à noter.").
_TURN_LINE = re.compile(
    r"\n[^\S\n]*(?=(?:Le|La)\s+(?:[Pp]r[ée]sidente?|[Mm]aire)\b|Aucune\s+(?:autre\s+)?observation"
    r"|Après\s+en\s+avoir\s+délibéré|Il\s+(?:lui|leur)\s+(?:est|a\s+été)\s)"
)

# --------------------------------------------------------------------- prefilter

_CIVILITY_RE = r"(?:M\.|Mmes?\.?|Mlle\.?|[Mm]onsieur|[Mm]adame|[Mm]ademoiselle)"
_NAMED_MENTION_RE = (
    rf"(?<![\w'’])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?\s+[{_UPPER}]{{2}}"
)
_MENTION = re.compile(rf"(?<!\w){_CIVILITY_RE}\s+[{_UPPER}]|{_NAMED_MENTION_RE}")
# Only sentences with a "Prénom NOM" (possible subject without civility) need NER;
# the others are only tokenized, ~15x cheaper.
_NAMED_MENTION = re.compile(_NAMED_MENTION_RE)
_LOWER_WORD = re.compile(rf"[{_LOWER}]+")


# Tokens allowed between the name and the end of the verb phrase (apposition,
# clitics, auxiliary, verb, continuation); the Matcher patterns use "+" rather
# than bounded {n,m} repeats, which spaCy unrolls into thousands of states.
_MAX_GAP = 30
_LEFT_OK = frozenset({",", ";", ":", "«", '"', "(", "puis", "ensuite", "enfin", "alors"})
# Words after which a name is an object, not a subject, even at a line start.
_OBJECT_MARKERS = frozenset(
    {
        "à", "a", "au", "aux", "par", "de", "d'", "du", "des", "pour", "avec", "chez",
        "sur", "entre", "et", "ou", "ni", "que", "qu'", "le", "la", "les", "l'", "un",
        "une", "donne", "donné", "salue", "excuse", "remercie", "félicite", "accueille",
    }
)  # fmt: skip
_BULLET_TOKENS = frozenset({"•", "▪", "➢", "◦", "●", "■", "□", "–", "-", "o"})


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True)
class _Speaker:
    resolved: str  # "Prénom NOM", or the printed form when unresolved
    raw: str  # as printed: "M. GARDES"
    start: int  # where the printed name (civility included) starts in the text


@dataclass(frozen=True, slots=True)
class _Mention:
    """One speaker sentence; two speakers for a joint subject."""

    sentence: int
    speakers: tuple[_Speaker, ...]
    # where the previous speaker's text must end: the sentence start ("Parmi les
    # autres évènements de 2021, M. FAVRE signale ..." belongs to FAVRE), or the
    # name itself when it opens a line glued to what precedes ("... 975 800,26 €\n
    # M. BALDY appelle ...", a PDF that lost its blank lines)
    cut: int

    @property
    def start(self) -> int:
        return self.speakers[0].start


# ======================================================================= public API


def find_interventions(
    text: str,
    item_number: str | None,
    attendees: Sequence[Person] = (),
    known_people: Sequence[str] = (),
    *,
    extent: Extent = "paragraph",
) -> list[Intervention]:
    """Find the named speakers of a minutes item and what each of them says.

    Args:
        text: one item of minutes, normalised (``’`` → ``'``, runs of spaces
            collapsed, line breaks kept); sentences may wrap across lines.
        item_number: copied into every :class:`Intervention` ("5" for "Point n°5").
        attendees: the people of the session; a printed surname matching one of
            them (accent- and case-insensitively, given name and civility used to
            break ties) resolves to their "Prénom NOM".
        known_people: other "Prénom NOM" names, e.g. every full name printed in
            the whole minutes (see :func:`harvest_full_names`), used when no
            attendee matches; full names printed in ``text`` itself are used last.
        extent: where an intervention's text ends. "paragraph" (the default): at
            the end of the speaker's paragraph, or earlier at the next turn.
            "turn": at the next turn only (next speaker, chair, answer, vote) or
            the end of ``text``; this does not depend on blank lines, which PDF
            extraction loses or adds at page breaks, so it gives the same texts
            for a PDF and a text rendering of one document, and it keeps a staff
            member's multi-paragraph presentation in one piece.

    Returns:
        The interventions in text order. ``speaker`` is the resolved "Prénom NOM",
        or the printed form ("M. FAYOLLE") when nobody matches or the match is
        ambiguous; ``speaker_raw`` is the printed form; ``text``/``span`` cover the
        speaker's sentence up to the end of its paragraph (see the module doc).
        Two people in one subject ("Mme SAHAGUN et M. BALDY présentent") give two
        interventions, each starting at its own name, ending at the same place.
    """
    sentences = _sentences(text)
    if not sentences:
        return []
    directory = Directory(attendees, known_people, harvest_full_names(text))
    mentions = _match_speakers(text, sentences, directory)
    return _interventions(text, item_number, sentences, mentions, extent)


# ================================================================ sentence geometry


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs, trimmed of surrounding whitespace.

    Paragraphs are separated by blank lines. Text extracted from some PDFs has no
    blank line at all; there a line ending a sentence ends the paragraph, which
    may cut a long paragraph short but never runs one into the next speaker's.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    separator = _BLANK_LINES if _BLANK_LINES.search(text) else _SENTENCE_LINE_END
    for sep in [*separator.finditer(text), None]:
        if sep is not None and _inside_sentence(text, sep.start(), sep.end()):
            continue
        end = sep.start() if sep else len(text)
        start = pos
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop > start:
            out.append((start, stop))
        pos = sep.end() if sep else len(text)
    return out


def _inside_sentence(text: str, start: int, end: int) -> bool:
    """Whether the blank line at ``[start, end)`` interrupts a sentence.

    A page break in a PDF often leaves a blank line in mid-sentence ("leurs
    équipes. Il ne\\n\\nvoit pas de concurrence"): the text before does not end
    a sentence and the text after starts in lower case.
    """
    before = text[max(0, start - 4) : start].rstrip()
    after = text[end : end + 4].lstrip()[:1]
    return bool(before) and before[-1] not in ".!?…:;»)" and after.islower()


def _sentences(text: str) -> list[_Sentence]:
    """All sentences of ``text``, paragraph by paragraph."""
    out: list[_Sentence] = []
    for index, (ps, pe) in enumerate(_paragraphs(text)):
        starts = {ps}
        for m in _BULLET_LINE.finditer(text, ps, pe):
            starts.add(m.end())
        for m in _TURN_LINE.finditer(text, ps, pe):
            starts.add(m.end())
        starts.update(sentence_starts(text, ps, pe))
        bounds = sorted(starts)
        for start, end in zip(bounds, [*bounds[1:], pe], strict=True):
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append(_Sentence(start, end, index))
    return out


def _compact(text: str, start: int, end: int) -> tuple[str, list[int]]:
    """``text[start:end]`` on one line with single spaces, and each char's offset.

    Line breaks and space runs become one space (a run of spaces would become a
    whitespace token and break the Matcher's token sequences); a word hyphenated
    at a line end ("Jean-\\nPierre") is joined back.
    """
    chars: list[str] = []
    offsets: list[int] = []
    i = start
    while i < end:
        c = text[i]
        if not c.isspace():
            chars.append(c)
            offsets.append(i)
            i += 1
            continue
        j = i
        while j < end and text[j].isspace():
            j += 1
        hyphenated = (
            len(chars) >= 2
            and chars[-1] == "-"
            and chars[-2].isalpha()
            and "\n" in text[i:j]
            and j < end
            and text[j].isalpha()
        )
        if chars and j < end and not hyphenated:
            chars.append(" ")
            offsets.append(i)
        i = j
    return "".join(chars), offsets


def _is_candidate(sentence: str) -> bool:
    """The cheap pre-filter: a name mention followed by a speech-verb form."""
    m = _MENTION.search(sentence)
    if m is None:
        return False
    forms = all_verb_forms()
    return any(word in forms for word in _LOWER_WORD.findall(sentence, m.end()))


# ======================================================================= matching


def _is_name_token(text: str) -> bool:
    return text == "-" or bool(re.match(rf"[{_UPPER}]", text))


def _match_speakers(text: str, sentences: list[_Sentence], directory: Directory) -> list[_Mention]:
    """Run the pre-filter, then spaCy and the Matcher on the candidate sentences."""
    candidates = [i for i, s in enumerate(sentences) if _is_candidate(text[s.start : s.end])]
    if not candidates:
        return []
    compacts = [_compact(text, sentences[i].start, sentences[i].end) for i in candidates]
    nlp, matcher = get_nlp(), get_speaker_matcher()
    vocab = nlp.vocab.strings
    priority = {COORDINATED_SUBJECT: 0, CIVILITY_SUBJECT: 1, NAMED_SUBJECT: 2}
    mentions: list[_Mention] = []
    docs = [nlp.make_doc(c) for c, _ in compacts]
    need_ner = [k for k, (c, _) in enumerate(compacts) if _NAMED_MENTION.search(c)]
    for k, doc in zip(need_ner, nlp.pipe([docs[k] for k in need_ner], batch_size=64), strict=True):
        docs[k] = doc
    for index, (compact, offsets), doc in zip(candidates, compacts, docs, strict=True):
        found = sorted(
            ((vocab[label], s, e) for label, s, e in matcher(doc)),
            key=lambda m: (m[1], priority[m[0]], m[1] - m[2]),
        )
        covered = -1  # tokens before this index belong to an accepted match
        for label, start, end in found:
            line_start = (
                start > 0 and "\n" in text[offsets[doc[start - 1].idx] : offsets[doc[start].idx]]
            )
            if start < covered or not _subject_position(doc, start, line_start):
                continue
            subjects = _subjects(doc, start, label)
            if end - subjects[-1][1] > _MAX_GAP:
                continue  # an "apposition" this long is a clause, not a title
            if label == NAMED_SUBJECT and not _plausible_named(doc, subjects[0], directory):
                continue
            speakers = []
            for first, last in subjects:
                raw = compact[doc[first].idx : doc[last - 1].idx + len(doc[last - 1])]
                parsed = parse_printed_name(raw)
                resolved = directory.resolve(parsed) if parsed else None
                speakers.append(_Speaker(resolved or raw, raw, offsets[doc[first].idx]))
            glued = line_start and doc[start - 1].text != ","
            cut = speakers[0].start if glued else sentences[index].start
            mentions.append(_Mention(index, tuple(speakers), cut))
            covered = end
    return mentions


def _subject_position(doc: Doc, start: int, line_start: bool) -> bool:
    """Whether a name at token ``start`` can be the subject of its clause.

    It can after a clause boundary ("," ":" ...), and at the start of a line
    unless the previous line ends with a word that takes it as its object: a
    heading glued to the next paragraph once blank lines are lost ("... mise en
    place\\nAudrey LAUR, conseillère numérique, précise") is then still read right,
    "donne la parole à\\nJean-Paul FAVRE" is not.
    """
    if start == 0:
        return True
    before = doc[start - 1].lower_
    if before in _BULLET_TOKENS:
        return start == 1
    if before in _LEFT_OK:
        return True
    return line_start and before not in _OBJECT_MARKERS and before not in all_verb_forms()


def _subjects(doc: Doc, start: int, label: str) -> list[tuple[int, int]]:
    """Token ranges of the name(s) a match opens with (civility included)."""

    def name_from(i: int) -> int:
        j = i
        while j < len(doc) and _is_name_token(doc[j].text):
            j += 1
        return j

    if label == NAMED_SUBJECT:
        return [(start, name_from(start))]
    first = (start, name_from(start + 1))
    if label == CIVILITY_SUBJECT:
        return [first]
    second_start = first[1] + 1  # skip "et"
    return [first, (second_start, name_from(second_start + 1))]


def _plausible_named(doc: Doc, subject: tuple[int, int], directory: Directory) -> bool:
    """A name without civility must be a real person: NER says PER, or we know them."""
    tokens = doc[subject[0] : subject[1]]
    if tokens[0].lower_.strip(".'’") in NOT_GIVEN_NAMES:
        return False
    if all(t.ent_type_ == "PER" for t in tokens):
        return True
    parsed = parse_printed_name(tokens.text)
    return parsed is not None and directory.knows_family(parsed.family)


# ================================================================== interventions


def _paragraph_end(text: str, paragraphs: list[tuple[int, int]], index: int) -> int:
    """End of paragraph ``index``, carried over the list it announces with ":"."""
    start, end = paragraphs[index]
    if not text[start:end].rstrip().endswith(":"):
        return end
    for nstart, nend in paragraphs[index + 1 :]:
        if not _STARTS_WITH_BULLET.match(text, nstart):
            break
        end = nend
    return end


def _interventions(
    text: str,
    item_number: str | None,
    sentences: list[_Sentence],
    mentions: list[_Mention],
    extent: Extent,
) -> list[Intervention]:
    """One intervention per speaker of each mention, up to the next turn."""
    paragraphs = _paragraphs(text)
    mention_sentences = {m.sentence for m in mentions}
    out: list[Intervention] = []
    for k, mention in enumerate(mentions):
        if extent == "turn":
            limit = len(text)
        else:
            limit = _paragraph_end(text, paragraphs, sentences[mention.sentence].paragraph)
        if k + 1 < len(mentions):
            later = mentions[k + 1]
            # a later speaker sentence ends this one (see _Mention.cut), at the name
            # when two speakers share a sentence
            limit = min(limit, later.start if later.sentence == mention.sentence else later.cut)
        for j in range(mention.sentence + 1, len(sentences)):
            if sentences[j].start >= limit:
                break
            if j not in mention_sentences and _TURN.match(
                text, sentences[j].start, sentences[j].end
            ):
                limit = sentences[j].start
                break
        for speaker in mention.speakers:
            end = limit
            while end > speaker.start and text[end - 1].isspace():
                end -= 1
            out.append(
                Intervention(
                    item_number=item_number,
                    speaker=speaker.resolved,
                    speaker_raw=speaker.raw,
                    text=text[speaker.start : end],
                    span=Span(speaker.start, end),
                )
            )
    return out

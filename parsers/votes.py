"""Vote sentences and tallies.

Two kinds of evidence are read here:

* formal vote sentences of registers and procès-verbaux — "Après en avoir délibéré,
  le comité syndical DÉCIDE À L'UNANIMITÉ :" followed by the decision bullets, or a
  sentence carrying its decision inline ("… décide à l'unanimité d'adopter ces
  propositions.") — read by :func:`find_votes`;
* the bare tally lines of informal comptes rendus ("12 votes pour / 2 abstentions",
  "Adoption à 0 Contre, 0 abstention, 11 voix pour") — read by
  :func:`find_informal_votes`.

Both work on a block of normalised text and report spans relative to that block;
``VoteTally.text`` is always exactly ``block[span.start:span.end]``. They also accept
raw text (curly apostrophes, "�"/"▪" bullets, "o" sub-bullets, doubled spaces): every
pattern allows both spellings, and only the derived decision texts are cleaned.

Nothing is invented: a block without a vote sentence gives ``[]``, and a figure the
text does not print stays ``None``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.records import Outcome, Span, VoteTally
from parsers.text import APOSTROPHE as _AP
from parsers.text import upper_words
from parsers.vote_layout import (
    ANCHOR_RE,
    clause_end,
    clean,
    decision_list,
    finish,
    join_sub,
    last_terminator,
    rstrip_end,
    sentence_start,
    skip_space,
)

_I = re.IGNORECASE

# Counts printed as words ("une abstention", "deux voix contre").
_NUMBER_WORDS = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4,
    "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11,
    "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20,
}  # fmt: skip
_NUM = (
    r"(?:\d{1,3}|z[ée]ro|dix-sept|dix-huit|dix-neuf|une?|deux|trois|quatre|cinq|six|sept"
    r"|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt)"
)
# A count must not be the tail of "d'un" ("d'un contre-projet") or of a longer number.
_NUM_START = r"(?<![\w'’,-])"
_BALLOT = r"(?:(?:voix|votes?|suffrages?)\s+)?"

FOR_RE = re.compile(rf"{_NUM_START}(?P<n>{_NUM})\s+{_BALLOT}pour\b(?!\s*(?:cent|mille|\d|%))", _I)
AGAINST_RE = re.compile(rf"{_NUM_START}(?P<n>{_NUM})\s+{_BALLOT}contre\b(?![-'’])", _I)
ABSTENTION_RE = re.compile(rf"{_NUM_START}(?P<n>{_NUM})\s+abstentions?\b", _I)
# "Pour : 10 ; Contre : 2 ; Abstention : 1" (keyword first)
KEYWORD_TALLY_RE = re.compile(r"\b(?P<k>pour|contre|abstentions?)\s*:\s*(?P<n>\d{1,3})\b", _I)

UNANIMITY_RE = re.compile(rf"\b(?:[àa]\s+l{_AP}\s*unanimit[ée]|unanimement)", _I)
MAJORITY_RE = re.compile(r"\b[àa]\s+la\s+majorit[ée]", _I)

_VERBS = (
    r"d[ée]cide|adopte|prend\s+acte|donne\s+acte|approuve|autorise|[ée]met|d[ée]lib[èe]re"
    r"|rejette|refuse|accepte|valide|d[ée]signe|[ée]lit|fixe|vote|sollicite|accorde"
    r"|arr[êe]te|attribue|confirme"
)
VERB_RE = re.compile(rf"(?<![\w'’-])(?P<verb>{_VERBS})\b(?!-)", _I)
_ORGANS = (
    r"comit[ée]\s+syndical|conseil\s+(?:municipal|communautaire|syndical|d[ée]partemental"
    rf"|r[ée]gional|m[ée]tropolitain|d{_AP}administration)"
    r"|bureau(?:\s+(?:syndical|communautaire|municipal))?|commission\s+permanente"
    r"|assembl[ée]e\s+d[ée]lib[ée]rante"
)
# A sentence without "après en avoir délibéré": "Le conseil municipal DÉCIDE à …".
ORGAN_VERB_RE = re.compile(
    rf"\b(?:le|la|l{_AP})\s*(?:{_ORGANS})\s*,?\s*"
    rf"(?:(?:[àa]\s+l{_AP}\s*unanimit[ée]|\([^()\n]{{0,200}}\))\s*,?\s*)?"
    rf"(?P<verb>{_VERBS})\b(?!-)",
    _I,
)

# What may sit between the verb and the colon (or the inline decision).
_MODIFIER_RE = re.compile(
    r"\s*(?:,|\bet\b"
    rf"|[àa]\s+l{_AP}\s*unanimit[ée](?:\s+des\s+(?:membres|suffrages|votants|pr[ée]sents|voix)"
    r"(?:\s+(?:pr[ée]sents|exprim[ée]s|repr[ée]sent[ée]s|et))*)?"
    r"|unanimement"
    r"|[àa]\s+la\s+majorit[ée](?:\s+(?:absolue|simple|relative|qualifi[ée]e))?"
    r"(?:\s+des\s+(?:deux\s+tiers|membres|suffrages|votants|voix|pr[ée]sents)"
    r"(?:\s+(?:pr[ée]sents|exprim[ée]s|repr[ée]sent[ée]s|et))*)?"
    rf"|(?:par\s+|avec\s+|dont\s+)?{_NUM}\s+{_BALLOT}(?:pour|contre|abstentions?)\b"
    r"|\([^()]*\))",
    _I,
)

NOT_TAKING_PART_RE = re.compile(
    r"\bne\s+(?:prend|prennent|participe|participent)\s+pas\s+(?:part\s+)?au\s+vote"
    r"|\bne\s+prenant\s+pas\s+part\s+au\s+vote"
    rf"|\bn{_AP}\s*(?:ayant|ont|a)\s+pas\s+pris\s+part\s+au\s+vote"
    r"|\b(?:ayant|ait|a|ont|aient|avoir)\s+quitt[ée]s?\s+la\s+(?:salle|s[ée]ance)"
    r"|\bquitte(?:nt)?\s+la\s+(?:salle|s[ée]ance)",
    _I,
)
# Before the sentence only an explicit statement counts: "Mme Y quitte la séance" between
# two items is a departure, not an abstention from the next vote.
NOTE_NOT_TAKING_PART_RE = re.compile(
    r"\bne\s+(?:prend|prennent|participe|participent)\s+pas\s+(?:part\s+)?au\s+vote"
    rf"|\bn{_AP}\s*(?:ayant|ont|a)\s+pas\s+pris\s+part\s+au\s+vote"
    r"|\bquitt(?:e|ent|é|ée|és|ées)\s+la\s+salle\b[^.\n]{0,60}\b(?:vote|d[ée]lib[ée]ration|d[ée]bat)",
    _I,
)
_CIVILITY = r"(?:M\.|MM\.|Mmes?\.?|Mlle\.?|Mr\.?|Monsieur|Madame|Messieurs|Mesdames)"
_ROLE = rf"(?:le|la|l{_AP})\s*(?:vice-)?(?:pr[ée]sidente?|maire|adjointe?|rapporteur|secr[ée]taire)"
_SUBJECT_START_RE = re.compile(rf"{_CIVILITY}\s|{_ROLE}\b", _I)
_COUNTED_SUBJECT_RE = re.compile(
    rf"(?<![\w'’-])(?P<n>{_NUM})\s+(?:membres?|conseill[eè]re?s?|[ée]lu[e]?s?|d[ée]l[ée]gu[ée]e?s?"
    r"|personnes?|votants?)\b",
    _I,
)


def find_votes(block: str) -> list[VoteTally]:
    """Every formal vote sentence of ``block``, in order of appearance.

    A vote sentence is "Après en avoir délibéré, le <organe> <VERBE> [à l'unanimité |
    par N voix pour, N contre et N abstention(s) | à la majorité] :" followed by its
    decision bullets, or the same sentence carrying its decision inline. A sentence
    naming the body and an upper-case verb ("Le conseil municipal DÉCIDE :") also
    counts. Each tally's ``text`` is ``block[span.start:span.end]``: the sentence and
    its decisions (plus a "ne prend pas part au vote" note printed just before it).

    Returns ``[]`` when the block holds no vote sentence: the caller records the
    missing vote; nothing is guessed.
    """
    votes: list[VoteTally] = []
    taken_until = 0
    for start, verb in _heads(block):
        if start < taken_until:
            continue  # an organ+verb hit inside a sentence already read
        vote = _read_vote(block, start, verb, taken_until)
        if vote is None or vote.span is None:
            continue
        votes.append(vote)
        taken_until = vote.span.end
    return votes


def find_informal_votes(block: str) -> list[VoteTally]:
    """The tally lines of an informal compte rendu, in order.

    A tally line holds nothing but counts ("14 votes pour.", "0 contre, 0 abstention,
    11 pour", "2 votes contre 1 abstention 9 votes pour"), optionally after a short
    label ending in a colon ("Vote de la motion : …") or "Adoption à". "Adopté à
    l'unanimité" lines count too. ``unanimous`` is True when the printed counts show
    no vote against and no abstention, False when they show one, and None when only
    the votes for are printed (the caller can compare them with the voters).
    ``outcome`` is "adopted" when the votes for outnumber those against, else
    "rejected". ``decisions`` is empty: the item title carries the subject.
    """
    votes: list[VoteTally] = []
    pos = 0
    for line in block.splitlines(keepends=True):
        vote = _informal_line(line, pos)
        if vote is not None:
            votes.append(vote)
        pos += len(line)
    return votes


# --------------------------------------------------------------------------- formal


@dataclass(frozen=True, slots=True)
class _Verb:
    start: int
    end: int
    text: str


def _heads(block: str) -> list[tuple[int, _Verb | None]]:
    """Sentence starts of vote sentences, with their verb when one was found."""
    heads: dict[int, _Verb | None] = {}
    for m in ANCHOR_RE.finditer(block):
        start = sentence_start(block, m.start())
        if start in heads:
            continue
        heads[start] = _find_verb(block, start, m.start(), m.end())
    for m in ORGAN_VERB_RE.finditer(block):
        start = sentence_start(block, m.start())
        if start in heads:
            continue
        verb = _Verb(m.start("verb"), m.end("verb"), m.group("verb"))
        after = block[verb.end : verb.end + 120]
        # A lower-case verb is only a vote when the clause says how the vote went;
        # otherwise "le conseil municipal approuve chaque année …" would count.
        if not (
            verb.text.isupper()
            or UNANIMITY_RE.match(after.lstrip(" ,"))
            or MAJORITY_RE.match(after.lstrip(" ,"))
            or after.lstrip().startswith(":")
            or re.match(rf"\s*,?\s*par\s+{_NUM}\s", after, _I)
        ):
            continue
        heads[start] = verb
    return sorted(heads.items(), key=lambda kv: kv[0])


def _find_verb(block: str, start: int, anchor_start: int, anchor_end: int) -> _Verb | None:
    """The decision verb of the sentence opened by an anchor.

    The verb usually follows the anchor ("…délibéré, le comité syndical DÉCIDE");
    otherwise it may precede it ("Le conseil, après en avoir délibéré, ADOPTE" is
    caught after; "Le conseil décide, après en avoir délibéré, …" before). An
    upper-case verb wins over a lower-case word of the same clause ("la commission
    en charge …" must not beat "ADOPTE").
    """
    end = clause_end(block, anchor_end, stop_at_colon=True)
    for lo, hi in ((anchor_end, end), (start, anchor_start)):
        found = list(VERB_RE.finditer(block, lo, hi))
        if not found:
            continue
        upper = [m for m in found if m.group("verb").isupper()]
        m = (upper or found)[0]
        return _Verb(m.start("verb"), m.end("verb"), m.group("verb"))
    return None


def _read_vote(block: str, start: int, verb: _Verb | None, floor: int) -> VoteTally | None:
    after_verb = verb.end if verb else start
    # Skip "à l'unanimité", "par 10 voix pour, …", "(…)" between verb and colon.
    pos = after_verb
    while True:
        m = _MODIFIER_RE.match(block, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    rest = block[pos:]
    stripped = rest.lstrip(" \t\n")
    head_end = pos
    decisions: list[str] = []
    end = pos
    if stripped.startswith(":"):
        colon = pos + (len(rest) - len(stripped))
        head_end = colon + 1
        decisions, end = decision_list(block, colon + 1)
        end = max(end, head_end)
    elif verb is None:
        # No verb: only a sentence stating how the vote went is kept.
        head_end = clause_end(block, start, stop_at_colon=True)
        head = block[start:head_end]
        if not (UNANIMITY_RE.search(head) or _tallies(head)[0] or MAJORITY_RE.search(head)):
            return None
        if head_end < len(block) and block[head_end] == ":":
            decisions, end = decision_list(block, head_end + 1)
            head_end += 1
        end = max(end, head_end)
    else:
        # Inline decision: "décide à l'unanimité d'adopter ces propositions."
        obj_start = pos + (len(rest) - len(rest.lstrip(" \t")))
        obj_end = clause_end(block, obj_start, stop_at_colon=True)
        obj = block[obj_start:obj_end]
        end = obj_end + (1 if obj_end < len(block) and block[obj_end] in ".:" else 0)
        if obj_end < len(block) and block[obj_end] == ":":
            # "DÉCIDE d'approuver les montants suivants :" then a list: one decision.
            subs, list_end = decision_list(block, obj_end + 1)
            text = clean(obj) + " :"
            for sub in subs:
                text = join_sub(text, sub)
            decisions = [finish(text)] if clean(obj) else subs
            end = max(end, list_end)
        elif clean(obj):
            decisions = [finish(clean(obj))]
        else:
            # "DÉCIDE" ending its line, the bullets following without a colon.
            decisions, end = decision_list(block, pos)
        head_end = obj_start
    head = block[start:head_end]
    for_, against, abstentions = _tallies(head)
    start, not_part = _not_taking_part(block, start, head, floor)
    end = rstrip_end(block, start, end)
    text = block[start:end]
    verb_name = upper_words(verb.text) if verb else None
    unanimous = _unanimity(head, against, abstentions)
    outcome = _outcome(verb_name, decisions, for_, against, unanimous, head)
    return VoteTally(
        decision_verb=verb_name,
        outcome=outcome,
        unanimous=unanimous,
        votes_for=for_,
        votes_against=against,
        abstentions=abstentions,
        not_taking_part=not_part,
        decisions=tuple(decisions),
        text=text,
        span=Span(start, end),
    )


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.replace("é", "e")]


def _tallies(text: str) -> tuple[int | None, int | None, int | None]:
    """Votes for, against and abstentions printed in ``text`` (None when absent)."""
    found: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    for key, rx in (("for", FOR_RE), ("against", AGAINST_RE), ("abst", ABSTENTION_RE)):
        for m in rx.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            found.setdefault(key, _count(m.group("n")))
            spans.append(m.span())
    for m in KEYWORD_TALLY_RE.finditer(text):
        k = m.group("k").lower()
        key = "for" if k == "pour" else "against" if k == "contre" else "abst"
        found.setdefault(key, int(m.group("n")))
    return found.get("for"), found.get("against"), found.get("abst")


def _unanimity(head: str, against: int | None, abstentions: int | None) -> bool | None:
    if (against or 0) > 0 or (abstentions or 0) > 0:
        return False
    if UNANIMITY_RE.search(head):
        return True
    if MAJORITY_RE.search(head):
        # Minutes say "à la majorité" precisely when the vote was not unanimous.
        return False
    return None


_NOTED = {"PREND ACTE", "DONNE ACTE"}
_REJECTING = {"REJETTE", "REFUSE"}
_NOTING_DECISION_RE = re.compile(rf"^(?:de\s+|d{_AP}\s*en\s+)?(?:prendre|donner)\s+acte\b", _I)


def _outcome(
    verb: str | None,
    decisions: list[str],
    for_: int | None,
    against: int | None,
    unanimous: bool | None,
    head: str,
) -> Outcome | None:
    if for_ is not None and against is not None and against > for_:
        return "rejected"
    if verb in _REJECTING:
        return "rejected"
    if verb in _NOTED:
        return "noted"
    # "DÉCIDE : de prendre acte du rapport" only notes; the verb alone would say adopted.
    if decisions and all(_NOTING_DECISION_RE.match(d) for d in decisions):
        return "noted"
    if verb is not None and verb != "DELIBERE":
        return "adopted"
    if unanimous or MAJORITY_RE.search(head) or (for_ is not None and for_ > (against or 0)):
        return "adopted"
    return None


def _not_taking_part(block: str, start: int, head: str, floor: int) -> tuple[int, int | None]:
    """Members who did not vote, from the sentence or a note printed just before it.

    Returns the (possibly moved back) sentence start and the count: the number when
    one is printed ("2 membres ne prennent pas part au vote"), else the persons named
    ("M. X et Mme Y", "le président"), else None.
    """
    m = NOT_TAKING_PART_RE.search(head)
    if m:
        return start, _subjects(head, m)
    # A note paragraph right before the sentence: "M. X quitte la salle …". Only text
    # after the previous vote (``floor``) may be claimed.
    lines = block[floor:start].split("\n")
    idx = len(lines) - 1
    while idx >= 0 and not lines[idx].strip():
        idx -= 1
    last = idx
    while idx >= 0 and lines[idx].strip():
        idx -= 1
    if last < 0:
        return start, None
    para_start = floor + sum(len(line) + 1 for line in lines[: idx + 1])
    para = "\n".join(lines[idx + 1 : last + 1])
    m = NOTE_NOT_TAKING_PART_RE.search(para)
    if len(para) > 400 or not m:
        return start, None
    return skip_space(block, para_start), _subjects(para, m)


def _subjects(text: str, m: re.Match[str]) -> int | None:
    before = text[: m.start()]
    # Only the clause that ends with the verb phrase is its subject.
    cut = max(before.rfind("("), before.rfind(";"), before.rfind("\n\n"))
    term = last_terminator(before)
    clause = before[max(cut + 1, term or 0) :]
    counted = list(_COUNTED_SUBJECT_RE.finditer(clause))
    if counted:
        return _count(counted[-1].group("n"))
    first = _SUBJECT_START_RE.search(clause)
    if first is None:
        after = text[m.end() : m.end() + 200]
        # "Ne prennent pas part au vote : M. X, Mme Y"
        listed = re.match(r"\s*:\s*([^\n.;]*)", after)
        if listed and listed.group(1).strip():
            return len(re.split(r",|\bet\b", listed.group(1)))
        return None
    subject = clause[first.start() :]
    # Count the persons: "M. X et Mme Y" → 2, "MM. A, B et C" → 3, "le président" → 1.
    # Appositions ("M. X, intéressé à l'affaire,") open in lower case and are skipped.
    count = 0
    plural = False
    for part in re.split(r"\s*(?:,|\bet\b)\s*", subject):
        civility = re.match(rf"{_CIVILITY}\s|{_ROLE}\b", part, _I)
        if civility:
            count += 1
            plural = bool(re.match(r"(?:MM\.|Mmes|Messieurs|Mesdames)", part, _I))
        elif plural and part[:1].isupper():
            count += 1
        else:
            plural = False
    return count or None


# -------------------------------------------------------------------------- informal

_INFORMAL_TERM = rf"{_NUM}\s+{_BALLOT}(?:pour|contre|abstentions?)\b"
_INFORMAL_SEP = r"\s*(?:[,/;.]|\bet\b)?\s*"
INFORMAL_LINE_RE = re.compile(
    r"^(?P<lead>[ \t]*)"
    r"(?P<label>[^:\n]{1,80}:[ \t]*)?"
    r"(?P<adopt>Adoption\s+(?:[àa]|par)|Adopt[ée]e?s?\s+(?:[àa]|par))?\s*"
    rf"(?P<body>{_INFORMAL_TERM}(?:{_INFORMAL_SEP}{_INFORMAL_TERM})*)"
    r"[ \t]*\.?[ \t]*$",
    _I,
)
INFORMAL_UNANIMITY_RE = re.compile(
    r"^(?P<lead>[ \t]*)(?P<label>[^:\n]{1,80}:[ \t]*)?"
    rf"(?P<adopt>Adoption|Adopt[ée]e?s?|Vote)?\s*(?:[àa]\s+)?l{_AP}\s*unanimit[ée]"
    r"[ \t]*\.?[ \t]*$",
    _I,
)


def _informal_line(line: str, offset: int) -> VoteTally | None:
    body = line.rstrip("\r\n")
    m = INFORMAL_LINE_RE.match(body)
    unanimity = None if m else INFORMAL_UNANIMITY_RE.match(body)
    if m is None and unanimity is None:
        return None
    hit = m or unanimity
    assert hit is not None
    start = offset + len(hit.group("lead"))
    end = offset + len(body.rstrip())
    text = body[len(hit.group("lead")) : len(body.rstrip())]
    adopt = hit.group("adopt")
    verb = None
    if adopt:
        word = upper_words(adopt.split()[0])
        # "Adoption à 0 contre…" names the act, it is not a decision verb; "Adopté" is one.
        verb = "ADOPTE" if word.startswith("ADOPTE") else None
    if unanimity is not None:
        return VoteTally(
            decision_verb=verb,
            outcome="adopted",
            unanimous=True,
            text=text,
            span=Span(start, end),
        )
    for_, against, abstentions = _tallies(hit.group("body"))
    unanimous: bool | None
    if against is None and abstentions is None:
        unanimous = None  # only the votes for are printed
    else:
        unanimous = (against or 0) == 0 and (abstentions or 0) == 0
    outcome: Outcome | None
    if for_ is not None:
        outcome = "adopted" if for_ > (against or 0) else "rejected"
    elif against:
        outcome = "rejected"
    else:
        outcome = None
    return VoteTally(
        decision_verb=verb,
        outcome=outcome,
        unanimous=unanimous,
        votes_for=for_,
        votes_against=against,
        abstentions=abstentions,
        text=text,
        span=Span(start, end),
    )

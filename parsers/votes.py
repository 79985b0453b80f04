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
from parsers.text import upper_words

_I = re.IGNORECASE
_AP = "['’]"  # apostrophe, straight or curly (raw text)

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

# The phrases that open a formal vote sentence.
ANCHOR_RE = re.compile(
    r"\bapr[èe]s\s+(?:en\s+)?avoir\s+d[ée]lib[ée]r[ée]"
    r"|\ben\s+avoir\s+d[ée]lib[ée]r[ée]"
    r"|\bapr[èe]s\s+d[ée]lib[ée]ration\b",
    _I,
)
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

# Lines of a decision list.
_TOP_BULLET_RE = re.compile(
    r"^[ \t]*(?:[•▪■►➢➤✓✔\uf0b7\uf0a7\ufffd]|[-–—](?=[ \t])|\d{1,2}\s*(?:°\)?|\))"
    r"|\d{1,2}\.(?=[ \t])|[a-h]\)|Article\s+\d+(?:er)?\s*[:.–-])[ \t]*",
    _I,
)
_SUB_BULLET_RE = re.compile(r"^[ \t]*(?:[◦○·]|o(?=[ \t]))[ \t]*")
# Lines that can never belong to a decision list.
_STOP_LINE_RE = re.compile(
    r"^[ \t]*(?:Point\s+n\s*°"
    r"|D[ée]lib[ée]ration\s+(?:n\s*°\s*)?[A-Z]{0,4}\s?\d{4}"
    r"|EXTRAIT\s+DU\s+REGISTRE|AR\s+Pr[ée]fecture|Accus[ée]\s+de\s+r[ée]ception"
    r"|Annexe\b|Proc[èe]s[- ]verbal\b|Pour\s+extrait|Ainsi\s+fait|Fait\s+[àa]\s"
    r"|(?:[\ufffd▪•][ \t]*){2,}$)",
    _I,
)
_DECISION_OPENER_RE = re.compile(rf"^(?:d{_AP}|de\s|du\s|des\s)", _I)
_TRAILING_PUNCT_RE = re.compile(r"[\s,;.]+$")
_BLANK_AFTER_RE = re.compile(r"\n[ \t\r]*\n")
_ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "st", "ste", "n", "art", "cf", "etc"}


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
        start = _sentence_start(block, m.start())
        if start in heads:
            continue
        heads[start] = _find_verb(block, start, m.start(), m.end())
    for m in ORGAN_VERB_RE.finditer(block):
        start = _sentence_start(block, m.start())
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
    end = _clause_end(block, anchor_end, stop_at_colon=True)
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
        decisions, end = _decision_list(block, colon + 1)
        end = max(end, head_end)
    elif verb is None:
        # No verb: only a sentence stating how the vote went is kept.
        head_end = _clause_end(block, start, stop_at_colon=True)
        head = block[start:head_end]
        if not (UNANIMITY_RE.search(head) or _tallies(head)[0] or MAJORITY_RE.search(head)):
            return None
        if head_end < len(block) and block[head_end] == ":":
            decisions, end = _decision_list(block, head_end + 1)
            head_end += 1
        end = max(end, head_end)
    else:
        # Inline decision: "décide à l'unanimité d'adopter ces propositions."
        obj_start = pos + (len(rest) - len(rest.lstrip(" \t")))
        obj_end = _clause_end(block, obj_start, stop_at_colon=True)
        obj = block[obj_start:obj_end]
        end = obj_end + (1 if obj_end < len(block) and block[obj_end] in ".:" else 0)
        if obj_end < len(block) and block[obj_end] == ":":
            # "DÉCIDE d'approuver les montants suivants :" then a list: one decision.
            subs, list_end = _decision_list(block, obj_end + 1)
            text = _clean(obj) + " :"
            for sub in subs:
                text = _join_sub(text, sub)
            decisions = [_finish(text)] if _clean(obj) else subs
            end = max(end, list_end)
        elif _clean(obj):
            decisions = [_finish(_clean(obj))]
        else:
            # "DÉCIDE" ending its line, the bullets following without a colon.
            decisions, end = _decision_list(block, pos)
        head_end = obj_start
    head = block[start:head_end]
    for_, against, abstentions = _tallies(head)
    start, not_part = _not_taking_part(block, start, head, floor)
    end = _rstrip_end(block, start, end)
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


def _decision_list(block: str, pos: int) -> tuple[list[str], int]:
    """Read the decisions after a vote sentence's colon.

    Returns the decision texts and the end of the last line read. The list is made
    of top-level bullets, each joined across its wrapped lines, with sub-bullets
    appended to their parent. It ends at the first line that is neither a bullet nor
    a continuation: a wrapped line follows its bullet directly, or after a blank line
    when it opens in lower case and the bullet has not ended its sentence; a
    paragraph after a blank line ("Ce marché … est passé selon …") is not a decision.
    A decision printed without a bullet is accepted as the first one when it reads
    like one ("d'approuver …").
    """
    items: list[str] = []
    current: str | None = None
    end = pos
    blank_seen = False
    first_line = True
    line_start = pos
    while line_start < len(block):
        nl = block.find("\n", line_start)
        line_end = len(block) if nl < 0 else nl
        line = block[line_start:line_end]
        next_start = line_end + 1
        if first_line:
            first_line = False
            if not line.strip():
                line_start = next_start
                continue
            # Text after the colon on the sentence's own line opens the first decision.
            current = line.strip()
            end = line_end
            line_start = next_start
            continue
        stripped = line.strip()
        if not stripped:
            blank_seen = True
            line_start = next_start
            continue
        if _STOP_LINE_RE.match(line) or ANCHOR_RE.search(line):
            break
        top = _TOP_BULLET_RE.match(line)
        sub = _SUB_BULLET_RE.match(line)
        if top and not sub:
            if current is not None:
                items.append(current)
            current = line[top.end() :].strip()
        elif sub:
            body = line[sub.end() :].strip()
            current = body if current is None else _join_sub(current, body)
        elif current is None and not items:
            # An unbulleted first decision.
            if blank_seen and not _DECISION_OPENER_RE.match(stripped):
                break
            if not blank_seen and not (
                _DECISION_OPENER_RE.match(stripped) or stripped[0].islower()
            ):
                break
            current = stripped
        elif current is not None and not blank_seen:
            if re.search(r"[.!?]$", current) and stripped[0].isupper():
                break  # the bullet ended its sentence; this is a new paragraph
            current = _join_wrapped(current, stripped)
        elif (
            current is not None
            and (stripped[0].islower() or stripped[0] == "(")
            and not re.search(r"[.!?]$", current)
        ):
            current = _join_wrapped(current, stripped)
        else:
            break
        blank_seen = False
        end = line_end
        line_start = next_start
    if current is not None:
        items.append(current)
    return [_finish(_clean(item)) for item in items if _finish(_clean(item))], end


def _join_wrapped(text: str, line: str) -> str:
    # "ci-" + "dessus": a word cut at its hyphen keeps the hyphen and no space.
    if re.search(r"\w-$", text) and line[:1].islower():
        return text + line
    return f"{text} {line}"


def _join_sub(parent: str, sub: str) -> str:
    """Append a sub-bullet to its parent: after a colon with a space, else with " ; "."""
    parent = parent.rstrip()
    if parent.endswith(":"):
        return f"{parent} {sub}"
    return f"{_TRAILING_PUNCT_RE.sub('', parent)} ; {sub}"


def _finish(text: str) -> str:
    return _TRAILING_PUNCT_RE.sub("", text).strip()


def _clean(text: str) -> str:
    """Decision text without layout: straight apostrophes, single spaces, and dot
    leaders ("Département du Lot ........ 944 522 €") shortened to " … "."""
    text = text.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\s*\.{4,}\s*", " … ", text)
    return re.sub(r"\s+", " ", text).strip()


def _sentence_start(block: str, pos: int) -> int:
    """Where the sentence holding ``pos`` begins (at most three lines back)."""
    line_start = block.rfind("\n", 0, pos) + 1
    cut = _last_terminator(block[line_start:pos])
    if cut is not None:
        return _skip_space(block, line_start + cut)
    cur = line_start
    opening = block[line_start:pos].lstrip()[:1] or block[pos : pos + 1]
    if opening.isupper():
        return _skip_space(block, cur)  # the sentence opens on this line
    for _ in range(3):
        if cur == 0:
            break
        prev_start = block.rfind("\n", 0, cur - 1) + 1
        prev = block[prev_start : cur - 1]
        if (
            not prev.strip()
            or re.search(r"[.:!?;]\s*$", prev)
            or _STOP_LINE_RE.match(prev)
            or _TOP_BULLET_RE.match(prev)
        ):
            break
        cut = _last_terminator(prev)
        if cut is not None:
            return _skip_space(block, prev_start + cut)
        cur = prev_start
    return _skip_space(block, cur)


def _last_terminator(text: str) -> int | None:
    """Offset just after the last sentence end (". ", ": ") in ``text``, if any."""
    last = None
    for m in re.finditer(r"[.!?:](?=\s)", text):
        if m.group() == "." and _is_abbreviation(text, m.start()):
            continue
        last = m.end()
    return last


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"(\w+)$", text[:dot])
    if word is None:
        return False
    w = word.group(1)
    # "M." / "Mme." and single initials ("J.-P.") are not sentence ends.
    return w.lower() in _ABBREVIATIONS or (len(w) == 1 and w.isupper())


def _skip_space(block: str, pos: int) -> int:
    while pos < len(block) and block[pos] in " \t\n\r":
        pos += 1
    return pos


def _clause_end(block: str, pos: int, *, stop_at_colon: bool, limit: int = 800) -> int:
    """End of the clause from ``pos``: a colon, a sentence-ending period, or a blank line.

    Parentheses are skipped ("(M. X ne prenant pas part au vote)"), as are
    abbreviations ("M.") and decimal points.
    """
    depth = 0
    hi = min(len(block), pos + limit)
    i = pos
    while i < hi:
        c = block[i]
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif c == "\n" and _BLANK_AFTER_RE.match(block, i):
            return i  # a blank line
        elif depth == 0 and c == ":" and stop_at_colon:
            return i
        elif depth == 0 and c == "." and not _is_abbreviation(block, i):
            nxt = block[i + 1 : i + 2]
            if nxt == "" or nxt.isspace():
                return i
        i += 1
    return hi


def _rstrip_end(block: str, start: int, end: int) -> int:
    while end > start and block[end - 1] in " \t\n\r":
        end -= 1
    return end


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
    return _skip_space(block, para_start), _subjects(para, m)


def _subjects(text: str, m: re.Match[str]) -> int | None:
    before = text[: m.start()]
    # Only the clause that ends with the verb phrase is its subject.
    cut = max(before.rfind("("), before.rfind(";"), before.rfind("\n\n"))
    term = _last_terminator(before)
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

"""The catalogue of cue phrases: how French bodies word their rosters, proxies, counts,
votes, ballots and headings.

Wordings are data. Each :class:`Cue` is one way of saying one thing, with the
examples it must read and the look-alikes it must not; ``tests/test_cues.py`` runs
every example (and generated variants: other case, line breaks) against the pattern.
Supporting a new body's wording is a new line here and a new fixture, not a new code
path: the readers (:mod:`parsers.roster`, :mod:`parsers.tallies`,
:mod:`parsers.ballots`, :mod:`parsers.items`, :mod:`parsers.kind`) only loop over
these lists.

The catalogue is one package with a module per subject (:mod:`.roster`,
:mod:`.counts`, :mod:`.votes`, :mod:`.ballots`, :mod:`.headings`) over the machinery
of :mod:`.base`; every name is read from here, ``parsers.cues.X``.

Patterns are matched with ``re.IGNORECASE`` on normalised text (one space between
words, but a line break may stand anywhere a space does: ``\\s`` is used between
words). ``_AP`` (:data:`parsers.text.APOSTROPHE`) accepts both apostrophes.
"""

from __future__ import annotations

from parsers.cues.ballots import BALLOT_ELECTED, BALLOT_KEYS, BALLOT_RESULT, BALLOT_START
from parsers.cues.base import (
    NUMBER,
    WORD_NUMBER,
    Cue,
    alternation,
    count_value,
    group,
    group_start,
    which,
)
from parsers.cues.counts import COUNT_KEYS, COUNT_RANGE, MOVEMENTS
from parsers.cues.headings import KIND_CUES
from parsers.cues.roster import (
    ABSENCE_TABLE,
    NO_PROXY,
    PROXY_NOTES,
    ROSTER_INLINE,
    ROSTER_LABELS,
    ROSTER_NOT_COUNT,
    ROSTER_STOP,
    SECRETARY,
)
from parsers.cues.votes import (
    DECISION_WORDS,
    MAJORITY,
    MEMBER_VOTES,
    OUTCOMES,
    TALLY_TERMS,
    UNANIMITY,
    UNANIMITY_EXCEPT,
)

__all__ = [
    "ABSENCE_TABLE",
    "BALLOT_ELECTED",
    "BALLOT_KEYS",
    "BALLOT_RESULT",
    "BALLOT_START",
    "COUNT_KEYS",
    "COUNT_RANGE",
    "DECISION_WORDS",
    "KIND_CUES",
    "MAJORITY",
    "MEMBER_VOTES",
    "MOVEMENTS",
    "NO_PROXY",
    "NUMBER",
    "OUTCOMES",
    "PROXY_NOTES",
    "ROSTER_INLINE",
    "ROSTER_LABELS",
    "ROSTER_NOT_COUNT",
    "ROSTER_STOP",
    "SECRETARY",
    "TALLY_TERMS",
    "UNANIMITY",
    "UNANIMITY_EXCEPT",
    "WORD_NUMBER",
    "Cue",
    "alternation",
    "count_value",
    "group",
    "group_start",
    "which",
]

"""The catalogue's machinery: :class:`Cue`, printed counts (:data:`NUMBER`) and the
alternations that read many cues in one pass."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

# Letters printed with or without their accent (both apostrophes: parsers.text.APOSTROPHE):
# patterns run on text whose accents were kept, and capitals often lose them ("ETAIENT
# PRESENTS").
E_ACUTE = "[ée]"
A_GRAVE = "[àa]"

# Counts printed in words, up to 99 ("vingt et une", "quatre-vingt-deux", "dix-neuf (19)").
# longest first: "dix-huit" must not be read as "dix"
_UNIT_WORDS = (
    r"dix-sept|dix-huit|dix-neuf|z[ée]ro|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix"
    r"|onze|douze|treize|quatorze|quinze|seize"
)
_TENS_WORDS = r"vingt|trente|quarante|cinquante|soixante|quatre-vingts?"
WORD_NUMBER = (
    rf"(?:(?:{_TENS_WORDS})(?:(?:\s+et\s+|-)(?:{_UNIT_WORDS}))?|{_UNIT_WORDS})"
    r"(?:\s*\(\s*\d{1,3}\s*\))?"
)
# A count: digits, or words with the digits in brackets after them.
NUMBER = rf"(?:\d{{1,4}}|{WORD_NUMBER})"


def count_value(raw: str) -> int | None:
    """The value of a printed count matched by :data:`NUMBER`: digits, the digits in
    brackets after words ("dix-neuf (19)"), or the words ("vingt et une")."""
    from parsers.dates import parse_french_number

    digits = re.search(r"\((\d{1,4})\)|^\s*(\d{1,4})\s*$", raw)
    if digits:
        return int(digits.group(1) or digits.group(2))
    return parse_french_number(raw.strip())


@dataclass(frozen=True)
class Cue:
    """One wording: its meaning, its pattern and the examples that pin it down."""

    name: str
    meaning: str
    pattern: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...] = field(default=())

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.MULTILINE)


_GROUP_RE = re.compile(r"\(\?P<(\w+)>")


def alternation(cues: tuple[Cue, ...]) -> re.Pattern[str]:
    """One regex matching any cue of a list; the group ``cue<i>`` tells which matched.

    The cues' own named groups are renamed ``<name>__<i>`` (Python's ``re`` allows a
    name once); :func:`group` reads them back by their plain name.
    """
    parts = [f"(?P<cue{i}>{_renamed(c.pattern, i)})" for i, c in enumerate(cues)]
    return _compile("|".join(parts))


def _renamed(pattern: str, i: int) -> str:
    return _GROUP_RE.sub(lambda g: f"(?P<{g.group(1)}__{i}>", pattern)


def which(cues: tuple[Cue, ...], m: re.Match[str]) -> Cue:
    """The cue of ``cues`` whose group matched in an :func:`alternation` match."""
    for i, cue in enumerate(cues):
        if m.group(f"cue{i}") is not None:
            return cue
    raise ValueError("match does not come from this alternation")


def group(m: re.Match[str], name: str) -> str | None:
    """The text of the cue's group ``name`` in an :func:`alternation` match (or a plain one)."""
    for key, value in m.groupdict().items():
        if value is not None and (key == name or key.startswith(name + "__")):
            return value
    return None


def group_start(m: re.Match[str], name: str) -> int:
    for key, value in m.groupdict().items():
        if value is not None and (key == name or key.startswith(name + "__")):
            return m.start(key)
    return -1

"""A French word lexicon backed by wordfreq, for repairing PDF-extraction artefacts.

The normaliser asks two questions of a token: *is it a French word on its own?* and
*how frequent is it?* (Zipf scale: log10 of occurrences per billion words, so "de" is
about 7.7, "syndicat" 4.4 and a typo around 1). wordfreq answers both, with two quirks
that this module corrects:

* wordfreq splits text on apostrophes, so elided forms ("l'", "d'", "qu'", "jusqu'")
  are counted as the tokens "l", "d", "qu", "jusqu" and look extremely frequent. Printed
  on their own (followed by a space, not an apostrophe) they are not words.
* wordfreq splits on hyphens too, so a compound such as "procès-verbal" has no entry;
  a hyphenated form is judged by its parts.

Loading reads wordfreq's French list (about 311,000 entries) into a dict once per
process (cached with :func:`functools.lru_cache`); it takes about 0.3 s on the 2-core
development machine. :func:`default_lexicon` caches the instance too, so every document
shares it.
"""

from __future__ import annotations

import functools
import math

from wordfreq import get_frequency_dict

# Single letters that are French words when they stand alone between spaces.
_STANDALONE_LETTERS = frozenset({"a", "à", "y", "ô", "ò"})

# Elided forms: wordfreq counts them because it splits "jusqu'à" into "jusqu" + "à",
# but without their apostrophe they never stand alone in French.
_ELIDED_ONLY = frozenset(
    {"qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu", "aujourd"}
)

# Below this Zipf value an entry of wordfreq's list is mostly noise: typos, fragments
# produced by other tools' bad extraction ("syndi" 1.2, "contrôl" 1.4, "llet" 1.2).
DEFAULT_MIN_ZIPF = 2.5


@functools.lru_cache(maxsize=1)
def _zipf_table() -> dict[str, float]:
    """wordfreq's French list as word -> Zipf value, read once per process.

    Zipf values are stored directly: the normaliser looks words up thousands of times
    per page and a log10 on every lookup would be wasted work.
    """
    freqs = get_frequency_dict("fr", wordlist="best")
    return {word: math.log10(freq) + 9.0 for word, freq in freqs.items() if freq > 0}


class Lexicon:
    """French word frequencies (wordfreq) with the corrections described above.

    ``min_zipf`` is the frequency below which :meth:`is_word` says no. Instances share
    one table, so building several costs nothing after the first.
    """

    def __init__(self, min_zipf: float = DEFAULT_MIN_ZIPF) -> None:
        self.min_zipf = min_zipf
        self._zipf = _zipf_table()

    def __len__(self) -> int:
        return len(self._zipf)

    @property
    def table(self) -> dict[str, float]:
        """The raw table, word (lower case) to wordfreq's Zipf value, without the
        corrections of :meth:`zipf`; for fast pre-filtering. Do not modify it."""
        return self._zipf

    def raw_zipf(self, word: str) -> float:
        """wordfreq's Zipf value for ``word`` (case-folded), without any correction."""
        return self._zipf.get(word.lower(), 0.0)

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` as a standalone French word; 0.0 when unknown.

        Case-insensitive. Single letters other than "a", "à", "y", "ô" and elided forms
        such as "qu" score 0; a hyphenated compound scores as its rarest part (wordfreq
        has no entries for compounds), and only when every part is a word.
        """
        w = word.lower()
        if not w:
            return 0.0
        if "-" in w:
            parts = w.split("-")
            if any(not p for p in parts):
                return 0.0
            return min(self.zipf(p) for p in parts)
        if len(w) == 1 and w not in _STANDALONE_LETTERS:
            return 0.0
        if w in _ELIDED_ONLY:
            return 0.0
        return self._zipf.get(w, 0.0)

    def is_word(self, word: str) -> bool:
        """Whether ``word`` is a French word on its own (Zipf >= ``min_zipf``)."""
        return self.zipf(word) >= self.min_zipf


@functools.lru_cache(maxsize=4)
def default_lexicon(min_zipf: float = DEFAULT_MIN_ZIPF) -> Lexicon:
    """The process-wide lexicon, loaded on first use and then reused."""
    return Lexicon(min_zipf)

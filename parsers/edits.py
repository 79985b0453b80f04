"""The normaliser's edits: how a stage describes its changes, and how they are applied
while composing the map from every output character back to the original text."""

from __future__ import annotations

from array import array

import numpy as np

# An edit replaces input[start:end] by ``repl``; ``src`` gives the input position of each
# character of ``repl`` (None: one to one from ``start``, which needs equal lengths).
Edit = tuple[int, int, str, tuple[int, ...] | None]


def apply(text: str, edits: list[Edit]) -> tuple[str, np.ndarray]:
    """Apply sorted, non-overlapping edits; return the new text and its local offsets."""
    out: list[str] = []
    pos = 0
    simple = True  # only deletions and one-to-one substitutions
    for start, end, repl, src in edits:
        out.append(text[pos:start])
        out.append(repl)
        pos = end
        if repl and (src is not None or len(repl) != end - start):
            simple = False
    out.append(text[pos:])
    new_text = "".join(out)
    if simple:
        # Each kept or substituted character keeps its position: the map is the list
        # of positions not deleted (plus the end sentinel).
        keep = np.ones(len(text) + 1, dtype=bool)
        for start, end, repl, _src in edits:
            if not repl:
                keep[start:end] = False
        return new_text, np.flatnonzero(keep)
    offs = array("q")
    pos = 0
    for start, end, repl, src in edits:
        offs.extend(range(pos, start))
        offs.extend(range(start, start + len(repl)) if src is None else src)
        pos = end
    offs.extend(range(pos, len(text) + 1))
    return new_text, np.frombuffer(offs, dtype=np.int64)


class Pipeline:
    """Text being normalised plus the composed map from its characters to the original."""

    def __init__(self, original: str) -> None:
        self.text = original
        self.offsets = np.arange(len(original) + 1, dtype=np.int64)

    def apply(self, edits: list[Edit]) -> None:
        if not edits:
            return
        self.text, local = apply(self.text, edits)
        # compose: a character's source in the previous text, then that one's source
        self.offsets = self.offsets[local]


def dedupe(edits: list[Edit]) -> list[Edit]:
    """Drop an edit overlapping an earlier one (two rules claiming the same characters)."""
    out: list[Edit] = []
    end = -1
    for edit in edits:
        if edit[0] < end:
            continue
        out.append(edit)
        end = edit[1]
    return out

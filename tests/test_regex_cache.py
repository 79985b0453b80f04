"""The disk cache of compiled regular expressions (pipeline/regex_cache.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import regex_cache
from pipeline.regex_cache import CompiledPattern, cached_compiles, seed, store
from tests.conftest import ROOT

# Big enough to be cached with min_length=1000; shaped like spaCy's TOKEN_MATCH
# (anchored alternatives, case-insensitive, letter classes).
PATTERN = "(?iu)" + "|".join(f"(?:^w{i}[-‐][a-zàâçéèêëîïôûùüÿœæ]+$)" for i in range(300))
SAMPLES = ["w12-abc", "W12-Été", "w299‐zz", "w300-abc", "w1-", "x1-abc", "w7-ab-cd", ""]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DELIB_CACHE_DIR", str(folder))
    re.purge()
    yield folder
    re.purge()


def _compiled_fresh(pattern: str) -> re.Pattern[str]:
    return re._compiler.compile(pattern, 0)  # type: ignore[attr-defined]


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(p: object, flags: int = 0) -> None:
        raise AssertionError(f"compiled again: {str(p)[:40]}…")

    monkeypatch.setattr(re._compiler, "compile", refuse)  # type: ignore[attr-defined]


def test_a_large_pattern_compiled_in_the_block_is_stored_then_served(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with cached_compiles(min_length=1000) as compiled:
        first = re.compile(PATTERN)
        re.compile("small")  # under min_length: not recorded
    assert [c.pattern for c in compiled] == [PATTERN]
    assert len(list(cache.glob("*.sre"))) == 1

    re.purge()
    assert seed() == 1
    _forbid_compiling(monkeypatch)
    served = re.compile(PATTERN)  # from re's cache, seeded from disk
    fresh = re.compile(PATTERN)
    assert served is fresh
    assert served.flags == first.flags and served.groups == first.groups
    for text in SAMPLES:
        assert bool(served.match(text)) == bool(first.match(text)), text
    assert [bool(served.match(t)) for t in SAMPLES] == [
        True,
        True,  # (?i): upper case W and É match
        True,  # U+2010 hyphen is in the class
        False,  # w300 is not an alternative
        False,
        False,
        False,  # a second hyphen is not in [a-z…]
        False,
    ]


def test_the_second_block_compiles_nothing(cache: Path) -> None:
    with cached_compiles(min_length=1000) as compiled:
        re.compile(PATTERN)
    assert len(compiled) == 1
    re.purge()
    with cached_compiles(min_length=1000) as compiled:
        re.compile(PATTERN)
    assert compiled == []


def test_groups_and_names_survive_the_round_trip(cache: Path) -> None:
    pattern = "(?P<word>[a-z]+)-(\\d+)|" + "|".join(f"x{i}" for i in range(400))
    entry = CompiledPattern.compile(pattern)
    again = CompiledPattern.from_bytes(entry.to_bytes())
    assert again == entry
    rebuilt = again.build()
    m = rebuilt.match("abc-42")
    assert m is not None and m.group("word") == "abc" and m.group(2) == "42"
    assert rebuilt.groupindex == _compiled_fresh(pattern).groupindex


def test_a_damaged_file_is_ignored_and_the_pattern_compiled_as_usual(cache: Path) -> None:
    path = store(CompiledPattern.compile(PATTERN))
    assert path is not None
    data = bytearray(path.read_bytes())
    data[-7] ^= 0xFF  # one byte of the code
    path.write_bytes(bytes(data))
    assert seed() == 0
    path.write_bytes(b"not a cache file")
    assert seed() == 0
    assert re.compile(PATTERN).match("w3-abc")


def test_a_file_from_another_python_is_ignored(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store(CompiledPattern.compile(PATTERN))
    real = regex_cache._interpreter()
    monkeypatch.setattr(regex_cache, "_interpreter", lambda: {**real, "sre_magic": 1})
    assert seed() == 0


def test_code_rejected_by_sre_is_ignored(cache: Path) -> None:
    entry = CompiledPattern.compile(PATTERN)
    bad = CompiledPattern(
        entry.pattern,
        entry.flags,
        entry.final_flags,
        (999_999, *entry.code[1:]),  # not an SRE opcode
        entry.groups,
        entry.groupindex,
        entry.indexgroup,
    )
    store(bad)  # the checksum is right: only _sre can tell
    assert seed() == 0


def test_an_unwritable_cache_folder_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("DELIB_CACHE_DIR", str(blocker / "cache"))  # under a file
    with cached_compiles(min_length=1000) as compiled:
        assert re.compile(PATTERN + "|extra").match("extra")
    assert len(compiled) == 1  # compiled, just not stored
    assert seed() == 0


def test_spacy_french_tokenizer_comes_from_the_cache(tmp_path: Path) -> None:
    """Two fresh processes: the first compiles and stores, the second compiles nothing."""
    script = """
import re
from re import _parser
from pipeline.regex_cache import cached_compiles
big = []  # every parse of a large pattern, whoever compiles it
real = _parser.parse
def spy(p, flags=0, *args):
    if isinstance(p, str) and len(p) > 100_000:
        big.append(len(p))
    return real(p, flags, *args)
_parser.parse = spy
with cached_compiles() as compiled:
    from parsers.nlp import get_nlp
    nlp = get_nlp()
tokens = [t.text for t in nlp.make_doc("Aujourd'hui, M. Jean-Pierre DUPONT de Vaux-le-Vicomte "
                                        "parle de l'anti-inflammatoire.")]
print(len(compiled), len(big), "|".join(tokens))
"""
    env = {**os.environ, "DELIB_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(2)
    ]
    # By hand: spaCy's French rules keep "Aujourd'hui" and the hyphenated place name and
    # the "anti-" compound whole (TOKEN_MATCH), and split the elided "l'".
    expected = (
        "Aujourd'hui|,|M.|Jean-Pierre|DUPONT|de|Vaux-le-Vicomte|parle|de|l'|anti-inflammatoire|."
    )
    assert runs[0] == ["1", "1", expected]  # the French TOKEN_MATCH compiled, and stored
    assert runs[1] == ["0", "0", expected]  # nothing large compiled the second time

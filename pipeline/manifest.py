"""The ingest manifest: what each output row came from, so re-runs can be incremental.

``manifest.json`` in the output folder records, for every source path, the sha256 of
its bytes (its ``document_id``) and its status, and for every document id the pipeline
version and the parameters it was read with, its ``documents`` row and the partition
holding its rows. A re-run compares the files it is given against it: an unchanged file
is skipped, a changed one re-read and its old records replaced.

The ``documents`` table is derived from the manifest alone (one row per path; a path
whose bytes another path already holds is a ``duplicate``), which is what lets a file
be skipped without reading its partition back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 2
FILE_NAME = "manifest.json"


@dataclass
class Manifest:
    """Paths → document ids, and document ids → how and where they were stored."""

    pipeline_version: str | None = None
    parameters: dict[str, Any] = field(default_factory=dict)
    # source path (as given) → {"document_id", "status"}
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    # document id → {"row", "partition", "pipeline_version", "parameters", "counts"}
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest of ``out_dir``; empty when there is none or it predates format 2.

        An older manifest lists no partitions, so its documents are simply read again.
        """
        path = out_dir / FILE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return cls()
        return cls(
            pipeline_version=data.get("pipeline_version"),
            parameters=dict(data.get("parameters") or {}),
            files=dict(data.get("files") or {}),
            documents=dict(data.get("documents") or {}),
        )

    def to_json(self) -> dict[str, Any]:
        """The manifest as a JSON-ready dict."""
        return {
            "format": FORMAT,
            "pipeline_version": self.pipeline_version,
            "parameters": self.parameters,
            "files": self.files,
            "documents": self.documents,
        }

    def partition_of(self, document_id: str) -> str:
        """The partition holding the rows of ``document_id``."""
        return self.documents[document_id]["partition"]

    def canonical_paths(self) -> dict[str, str]:
        """For each document id, the path whose row keeps its records: the smallest.

        Smallest path, not first seen: the choice must not depend on the order in
        which runs met the files, or incremental and fresh runs would disagree.
        """
        out: dict[str, str] = {}
        for path, entry in self.files.items():
            doc = entry["document_id"]
            if doc not in out or path < out[doc]:
                out[doc] = path
        return out

    def text_twins(self) -> dict[str, str]:
        """Documents whose text another document already holds → that document's path.

        Other bytes, same text (a Latin-1 copy, a PDF and its text): the document with
        the smallest path keeps the records; the others are ``duplicate`` of it.
        """
        canonical = self.canonical_paths()
        first: dict[str, str] = {}
        for doc_id in sorted(canonical, key=lambda d: canonical[d]):
            fp = self.documents[doc_id]["row"].get("fingerprint")
            if fp and self.documents[doc_id]["row"]["status"] == "ok":
                first.setdefault(fp, doc_id)
        return {
            doc_id: canonical[first[fp]]
            for doc_id in canonical
            if (fp := self.documents[doc_id]["row"].get("fingerprint"))
            and fp in first
            and first[fp] != doc_id
        }

    def document_rows(self) -> dict[str, list[dict[str, Any]]]:
        """``documents`` rows by partition, each list sorted by source path.

        Also refreshes each file entry's status (duplicates depend on the other paths).
        """
        canonical = self.canonical_paths()
        twins = self.text_twins()
        by_partition: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for path in sorted(self.files):
            entry = self.files[path]
            doc = self.documents[entry["document_id"]]
            row = {**doc["row"], "source_path": path}
            if row["status"] == "ok" and path != canonical[entry["document_id"]]:
                row["status"] = "duplicate"
                row["error"] = (
                    f"même contenu que {canonical[entry['document_id']]} : ses enregistrements ne "
                    "sont gardés qu'une fois"
                )
            elif row["status"] == "ok" and entry["document_id"] in twins:
                row["status"] = "duplicate"
                row["error"] = (
                    f"même texte que {twins[entry['document_id']]} (autres octets : encodage "
                    "ou format) ; ses enregistrements ne sont gardés qu'une fois"
                )
            entry["status"] = row["status"]
            by_partition[doc["partition"]].append(row)
        return dict(by_partition)

    def record_order(self) -> dict[str, list[str]]:
        """Per partition, the document ids that have records, in output order.

        Rows are ordered by the canonical source path of their document, then in the
        order the extractor produced them: the same order a fresh run gives.
        """
        canonical = self.canonical_paths()
        twins = self.text_twins()
        by_partition: dict[str, list[str]] = defaultdict(list)
        for doc_id in sorted(canonical, key=lambda d: canonical[d]):
            entry = self.documents[doc_id]
            if entry["row"]["status"] == "ok" and doc_id not in twins:
                by_partition[entry["partition"]].append(doc_id)
        return dict(by_partition)

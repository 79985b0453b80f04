"""The PDF path gives the same records as the text path.

Each sample register is rendered to a real PDF (reportlab: A4, justified lines, a
running page header and footer) and read back through the PDF loader; every record
must equal the text path's, spans and page numbers aside (the layouts differ).
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from parsers.extract import extract_document
from parsers.furniture import find_furniture
from parsers.load import load
from parsers.normalize import normalize
from parsers.records import ExtractedDocument, Span
from tests.conftest import REGISTER_2019, REGISTER_2022, normalized_text
from tests.pdf_render import render_register_pdf


def comparable(value: Any) -> Any:
    """Records without their positions: spans dropped, free text whitespace-folded."""
    if isinstance(value, Span):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: comparable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("span", "title_span")
        }
    if isinstance(value, (tuple, list)):
        return [comparable(v) for v in value]
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value).strip()
    return value


def pdf_extracted(path: Path, tmp: Path) -> tuple[ExtractedDocument, int]:
    pdf = tmp / f"{path.stem}.pdf"
    pages = render_register_pdf(path.read_text(encoding="utf-8"), pdf)
    loaded = load(pdf)
    assert loaded.format == "pdf" and len(loaded.pages) == pages
    norm = normalize(loaded.text, drop=find_furniture(loaded.text, loaded.pages))
    return extract_document(norm.text), pages


@pytest.mark.parametrize("path", [REGISTER_2019, REGISTER_2022], ids=lambda p: p.stem)
def test_pdf_records_equal_text_records(path: Path, tmp_path: Path) -> None:
    from_text = extract_document(normalized_text(path))
    from_pdf, pages = pdf_extracted(path, tmp_path)
    assert pages > 20  # a real multi-page rendering, with furniture on every page
    text_view, pdf_view = comparable(from_text), comparable(from_pdf)
    # compare table by table for readable failures
    assert pdf_view["kind"] == text_view["kind"]
    for a, b in zip(pdf_view["deliberations"], text_view["deliberations"], strict=True):
        assert a == b, a["number"]
    for a, b in zip(pdf_view["sessions"], text_view["sessions"], strict=True):
        for key in a:
            assert a[key] == b[key], (a["key"], key)

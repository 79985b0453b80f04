"""Generate a benchmark corpus: registers of 20-120 pages, as PDF and text.

Each register is one of the two sample registers with variations, so that no two
files are the same bytes (the ingest would read duplicates once): a shifted session
year, other family names, and a chosen number of extracts (which sets the length).
PDFs are rendered with tests/pdf_render.render_register_pdf (A4, justified, running
header and footer), as municipalities publish them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.pdf_render import render_register_pdf  # noqa: E402

SOURCES = [
    ROOT / "data" / "raw" / "lot-numerique_comite-syndical_2019-02-01.txt",
    ROOT / "data" / "raw" / "lot-numerique_comite-syndical_2022-06-29.txt",
]
MARK = "EXTRAIT DU REGISTRE DES DÉLIBÉRATIONS"
NAMES = ["MELLINGER", "SABRAZAT", "ALAZARD", "BALDY", "COSTES"]
OTHERS = ["ROUSSEL", "FABRE", "DELMAS", "VIGUIÉ", "LACOMBE", "MARTY", "CAPDEVILLE", "SOULIÉ"]


def extracts(text: str) -> tuple[str, list[str]]:
    """The text before the first extract, and the extracts."""
    parts = text.split(MARK)
    return parts[0], [MARK + p for p in parts[1:]]


def variant(i: int, n_extracts: int) -> str:
    """The i-th register: its base text, year, names and number of extracts."""
    text = SOURCES[i % 2].read_text(encoding="utf-8")
    head, parts = extracts(text)
    # at least one full copy of the extracts, repeated when more are asked for
    chosen = [parts[k % len(parts)] for k in range(n_extracts)]
    body = head + "".join(chosen)
    year = (2019, 2022)[i % 2]
    body = re.sub(rf"\b{year}\b", str(year - 1 - (i // 2) % 8), body)
    for k, name in enumerate(NAMES):
        body = body.replace(name, OTHERS[(i + k) % len(OTHERS)])
    return body


def generate(out: Path, n: int, *, text_every: int = 4) -> list[Path]:
    """Write ``n`` registers into ``out``; every ``text_every``-th one as a .txt file."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        # 2-13 extracts of the 2019 register (~9 pages each), 2-8 of the 2022 one
        # (~15 pages each): 20 to ~120 rendered pages
        body = variant(i, 2 + (i * 5) % (12 if i % 2 == 0 else 7))
        if text_every and i % text_every == text_every - 1:
            path = out / f"register-{i:03d}.txt"
            path.write_text(body, encoding="utf-8")
        else:
            path = out / f"register-{i:03d}.pdf"
            render_register_pdf(body, path)
        files.append(path)
    return files


def generate_long(path: Path, pages: int = 2000) -> int:
    """One register of about ``pages`` pages (the 2019 register repeated)."""
    text = SOURCES[0].read_text(encoding="utf-8")
    repeats = max(1, round(pages / 115))  # the 2019 register renders to 115 pages
    return render_register_pdf(text * repeats, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", type=int, default=40)
    args = parser.parse_args()
    files = generate(args.out, args.n)
    print(f"{len(files)} registers in {args.out}")


if __name__ == "__main__":
    main()

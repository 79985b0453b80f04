"""Issue 13's two large hostile inputs, beside a good register, in one batch with two
workers: a 2 M-character line is read within the budget, a page whose content stream
inflates to 4 GB is refused as ``too_large``; the register is committed, and no worker
goes past 1 GiB of resident memory.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import zlib
from pathlib import Path

from pipeline.store import read_table
from tests.conftest import ROOT

REGISTER = ROOT / "data" / "raw" / "lot-numerique_comite-syndical_2022-06-29.txt"


def flate_bomb(path: Path, inflated: int) -> None:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of spaces."""
    c = zlib.compressobj(9)
    chunk = b" " * (64 << 20)
    parts, done = [], 0
    while done < inflated:
        n = min(len(chunk), inflated - done)
        parts.append(c.compress(chunk[:n]))
        done += n
    parts.append(c.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))


def test_long_line_and_flate_bomb_beside_a_good_register(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    rng = random.Random(13)
    words = ["conseil", "municipal", "délibération", "budget", "pour", "1 000 €", "séance"]
    line = " ".join(rng.choice(words) for _ in range(300_000))[:2_000_000]
    (src / "one-line.txt").write_text(line, encoding="utf-8")
    flate_bomb(src / "bomb.pdf", 4_000_000_000)
    (src / "register.txt").write_text(REGISTER.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(src), "--data", str(out), "-j", "2"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 1, run.stderr  # one file could not be read: the bomb
    docs = {Path(d["source_path"]).name: d for d in read_table(out, "documents").to_pylist()}
    assert docs["bomb.pdf"]["status"] == "too_large"
    assert docs["one-line.txt"]["status"] == "ok"
    assert docs["register.txt"]["status"] == "ok"
    assert read_table(out, "deliberations").num_rows == 6
    log = next((out / "logs").glob("*.log")).read_text(encoding="utf-8")
    peaks = [int(n) for n in re.findall(r"(\d+)(?=[,}])", log.split("worker peak RSS MiB")[-1])]
    stopped = [int(n) for n in re.findall(r"arrêté à (\d+) Mio", log)]
    assert peaks and stopped
    assert max(peaks + stopped) < 1024, (peaks, stopped)

"""A hostile corpus, generated small: one file (or path) per class of attack of issue 13.

``python -m tests.hostile DIR`` writes it to DIR; the suite writes it to a temporary
folder (tests/test_hostile.py) and runs it beside good documents.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REGISTER_2019

HTML = "<script>alert(1)</script> [clic](javascript:alert(1)) ![x](https://evil.example/t.png)"


def _register(replace: dict[str, str]) -> str:
    text = REGISTER_2019.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def write_hostile(folder: Path) -> dict[str, str]:
    """Write the corpus; returns each path (relative to ``folder``) → its class."""
    folder.mkdir(parents=True, exist_ok=True)
    classes: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str) -> None:
        path = folder / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        classes[name] = what

    put("count.txt", _register({" Présents 13 (": " Présents 999999999999999999999 ("}), "int")
    put(
        "amount.txt",
        _register({"2 487 500 €": "10 000 000 000 000 000 000 000 €"}),
        "decimal",
    )
    put(
        "markup.txt",
        _register(
            {
                "Validation du procès-ve": f"=HYPERLINK(1) {HTML} [/red] [bold] ",
                "L’an deux mille dix-neuf": "=cmd|' /C calc'!A0 L’an deux mille dix-neuf",
            }
        ),
        "injection",
    )
    put("date.txt", _register({"1 er février 2019": "31 février 2019"}), "impossible date")
    amounts = " ".join(f"{k % 900 + 100} {k % 1000:03d},00 €" for k in range(3000))
    put("amounts.txt", f"Délibération n° CS2019/01 : essai\n{amounts}\n", "many amounts")
    cells = " ".join(
        f"6{k % 90:02d} Compte fi {k % 900 + 100} {k % 1000:03d},00" for k in range(3000)
    )
    put("budget.txt", f"DEPENSES DE FONCTIONNEMENT\n011 - Charges 1 000,00\n{cells}\n", "cells")
    put("line.txt", "mot " * 50_000, "one long line")
    utf8 = "Délibération n° 1 : délégués présents\n".encode()
    put("mixed.txt", utf8 + "Séance du 3 mars 2022, 12 500 €\n".encode("cp1252") + utf8, "encoding")
    put("zip.pdf", b"PK\x03\x04" + b"\0" * 200, "zip as pdf")
    put("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R", "truncated")
    put("empty.txt", b"", "empty")
    put("binary.txt", bytes(range(256)) * 8, "binary")
    put("name\n  OK        forged.txt: register\x1b[31m.txt", "Texte.\n", "file name")
    (folder / "broken.txt").symlink_to(folder / "nowhere.txt")
    classes["broken.txt"] = "dangling link"
    (folder / "loop").symlink_to(folder)
    classes["loop"] = "link loop"
    return classes


if __name__ == "__main__":
    for name, what in write_hostile(Path(sys.argv[1])).items():
        print(f"{what:16} {name!r}")

"""Plain text files (.txt, .text): decoded and kept exactly.

No line-ending or Unicode normalisation: the decoded text is the original every offset
refers to. The decoding guesses what French files from Windows and Unix hold: UTF-8
(with or without BOM), UTF-16 with a BOM, cp1252 or ISO-8859-1, or UTF-8 and cp1252
pasted together line by line.
"""

from __future__ import annotations

import re
from pathlib import Path

from parsers.readers.base import Content, Engine, LoadError, Reader, text_content

# Control characters (Unicode category Cc) except those a text file may hold:
# whitespace (\t \n \v \f \r) and the DOS end-of-file mark (\x1a).
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f]")
# More control characters than this share of the text means it is not text at all.
_MAX_CONTROL_RATIO = 0.01
# cp1252 bytes with no character: their presence rules cp1252 out.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def read(path: Path, data: bytes, engine: Engine) -> Content:
    """The decoded text of a text file and its pages (from form feeds or footers)."""
    text, encoding = decode(data)
    return text_content(text, encoding)


READER = Reader("text", (".txt", ".text"), "les textes bruts", read)


def decode(data: bytes) -> tuple[str, str]:
    """Decode a text file; return the text and the name of the encoding used."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data.decode("utf-8-sig", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows "Unicode" text: NUL bytes are normal here, so test before the NUL check.
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise LoadError(
                "error", "le fichier commence comme un texte UTF-16 mais n'en est pas un"
            ) from exc
    else:
        if data.startswith(b"%PDF-"):
            raise LoadError(
                "error", "ce fichier est un PDF nommé comme un texte : renommez-le en .pdf"
            )
        if b"\x00" in data:
            raise LoadError(
                "error", "le fichier contient des données binaires (octets NUL), pas du texte"
            )
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = decode_lines(data)
    _reject_binary(text)
    if not text.strip():
        raise LoadError("empty", "le fichier ne contient aucun texte (seulement des blancs)")
    return text, encoding


def decode_lines(data: bytes) -> tuple[str, str]:
    """A file that is not UTF-8 as a whole: single-byte, or UTF-8 and cp1252 mixed.

    A file pasted together from two sources can hold lines of both: decoded whole as
    cp1252, its UTF-8 lines would turn into "Ã©" silently. Each line is then decoded
    on its own, and the encoding says so ("utf-8+cp1252").
    """
    lines = data.split(b"\n")
    utf8 = 0
    for line in lines:
        if max(line, default=0) >= 0x80:
            try:
                line.decode("utf-8")
                utf8 += 1
            except UnicodeDecodeError:
                pass
    if not utf8:
        return decode_single_byte(data)
    single = decode_single_byte(data)[1]
    out = []
    for line in lines:
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode(single))
    return "\n".join(out), f"utf-8+{single}"


def decode_single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1252 or ISO-8859-1, whichever explains the bytes 0x80–0x9F.

    The two agree everywhere except 0x80–0x9F: control codes in ISO-8859-1 (never
    seen in real text), letters and punctuation in cp1252 ("’" 0x92, "€" 0x80, "œ"
    0x9C). French files from Windows use those, so cp1252 wins when they occur and all
    are defined; without them the text is the same in both and we say ISO-8859-1.
    """
    high = {b for b in set(data) if 0x80 <= b <= 0x9F}
    if high and not high & _CP1252_UNDEFINED:
        return data.decode("cp1252"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _reject_binary(text: str) -> None:
    controls = sum(1 for _ in _CONTROL_RE.finditer(text))
    if controls > _MAX_CONTROL_RATIO * len(text):
        raise LoadError(
            "error",
            f"le fichier ne ressemble pas à du texte ({controls} caractères de contrôle "
            f"sur {len(text)}) : c'est peut-être un fichier binaire nommé .txt",
        )

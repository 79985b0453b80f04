"""Bad HTML, DOCX and ODT files: each gets a status and a message, never a crash.

Also the markup the readers must get right on real documents: charsets declared wrongly
or not at all, Word's deleted text, fields and text boxes, ODF's spaces and notes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers.load import LoadError, load
from pipeline.document import process_document
from pipeline.ingest import ingest
from pipeline.store import read_table
from tests import readers_make as make

LINES = "Séance du 12 mars 2024\nÉtaient présents : M. Jean DUPONT, Mme Léa MARTIN\n"


def _error(path: Path) -> LoadError:
    with pytest.raises(LoadError) as info:
        load(path)
    return info.value


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _docx(body: str) -> bytes:
    return make._docx(body)


def _odt(body: str) -> bytes:
    return make._odt(body)


# --- HTML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><title>Mairie</title></head><body></body></html>",
        b"<html><body><script>document.write('<p>Conseil</p>')</script></body></html>",
        b"<style>p { color: red }</style><nav>Accueil</nav><p>&nbsp;</p>",
        b"   \n",
    ],
    ids=["no-text", "only-script", "only-furniture", "blank"],
)
def test_html_without_text_is_empty(tmp_path: Path, page: bytes) -> None:
    err = _error(_write(tmp_path, "cr.html", page))
    assert err.status == "empty"
    assert "aucun texte" in err.message


def test_zero_byte_html_is_empty(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "cr.htm", b""))
    assert (err.status, err.message) == ("empty", "le fichier est vide (0 octet)")


def test_binary_named_html_is_an_error(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "cr.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert err.status == "error" and "binaires" in err.message


@pytest.mark.parametrize(
    ("declared", "data_encoding", "read_as"),
    [
        ("utf-8", "cp1252", "cp1252"),  # declared UTF-8, saved by a Windows editor
        ("iso-8859-1", "cp1252", "cp1252"),  # browsers read ISO-8859-1 as windows-1252
        ("iso-8859-1", "utf-8", "utf-8"),  # UTF-8 bytes under a single-byte label
        ("x-unknown", "utf-8", "utf-8"),  # a label no codec has
        (None, "cp1252", "cp1252"),  # no declaration at all
        ("windows-1252", "cp1252", "cp1252"),
    ],
)
def test_html_charset(
    tmp_path: Path, declared: str | None, data_encoding: str, read_as: str
) -> None:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    page = f"<html><head>{meta if declared else ''}</head><body><p>L’élue a reçu 1 500 €</p>"
    doc = load(_write(tmp_path, "cr.html", page.encode(data_encoding)))
    assert doc.text == "L’élue a reçu 1 500 €\n"
    assert doc.encoding == read_as


def test_html_byte_order_marks(tmp_path: Path) -> None:
    page = '<meta charset="iso-8859-1"><p>Délibération n° 3</p>'
    utf16 = load(_write(tmp_path, "a.html", page.encode("utf-16")))
    utf8 = load(_write(tmp_path, "b.html", b"\xef\xbb\xbf" + page.encode("utf-8")))
    assert utf16.text == utf8.text == "Délibération n° 3\n"
    assert (utf16.encoding, utf8.encoding) == ("utf-16", "utf-8-sig")


def test_html_markup_of_real_pages(tmp_path: Path) -> None:
    page = (
        "<body><header>Ville de X</header><div id=menu><ul><li>Accueil</ul></div>"
        "<article><header><h1>Conseil municipal du 3 mars</h1></header>"
        "<p>Présents&nbsp;: A, B<br/>Absents : C</p><p>&nbsp;</p>"
        "<table><tr><th>Pour<td>12<tr><td>Contre<td>0</table>"
        "<ul><li>un<li>deux</ul><p>Vote :  <b>adopté</b> <i> à l&#39;unanimité</i></p>"
        "<p>fin<div>bloc</div>suite</p><pre>a   b\n  c</pre></article>"
        "<footer>Mentions légales</footer></body>"
    )
    doc = load(_write(tmp_path, "cr.html", page.encode()))
    assert doc.text == (
        "Conseil municipal du 3 mars\nPrésents\xa0: A, B\nAbsents : C\n\n"
        "Pour\n12\nContre\n0\nun\ndeux\nVote : adopté à l'unanimité\n"
        "fin\nbloc\nsuite\na   b\n  c\n"
    )


def test_html_without_main_reads_the_body(tmp_path: Path) -> None:
    page = b"<html><body><nav>Menu</nav><div><p>Un</p><p>Deux</p></div><aside>Pub</aside>"
    assert load(_write(tmp_path, "cr.html", page)).text == "Un\nDeux\n"


# --- DOCX -------------------------------------------------------------------------


def test_docx_not_a_zip(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "cr.docx", LINES.encode()))
    assert err.status == "error"
    assert "pas une archive zip" in err.message


def test_docx_truncated(tmp_path: Path) -> None:
    whole = make.docx_plain(LINES * 50)
    err = _error(_write(tmp_path, "cr.docx", whole[: len(whole) // 2]))
    assert err.status == "error"
    assert "endommagé ou tronqué" in err.message


def test_docx_corrupt_member(tmp_path: Path) -> None:
    # a bit flipped in the compressed text: zlib or the CRC check catches it
    data = bytearray(make.docx_plain(LINES * 50))
    start = data.find(b"word/document.xml") + len("word/document.xml") + 40
    data[start : start + 20] = bytes(20)
    err = _error(_write(tmp_path, "cr.docx", bytes(data)))
    assert err.status == "error" and ".docx" in err.message


def test_docx_without_document_part(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    err = _error(_write(tmp_path, "cr.docx", buf.getvalue()))
    assert err.status == "error"
    assert "word/document.xml" in err.message


def test_docx_broken_xml(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    err = _error(_write(tmp_path, "cr.docx", buf.getvalue()))
    assert err.status == "error" and "illisible" in err.message


def test_docx_encrypted_and_legacy_word(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    encrypted = _error(_write(tmp_path, "a.docx", ole + "EncryptionInfo".encode("utf-16-le")))
    legacy = _error(_write(tmp_path, "b.docx", ole + "WordDocument".encode("utf-16-le")))
    assert encrypted.status == "encrypted" and "mot de passe" in encrypted.message
    assert legacy.status == "error" and "97-2003" in legacy.message


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "cr.docx", _docx("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")))
    assert (err.status, err.message) == ("empty", "le document .docx ne contient aucun texte")


def test_docx_body_text_only(tmp_path: Path) -> None:
    body = (
        '<w:p><w:r><w:t xml:space="preserve">Pour </w:t></w:r>'
        "<w:del><w:r><w:delText>douze</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>treize</w:t></w:r></w:ins>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        "<w:r><w:tab/><w:t>voix</w:t><w:br/><w:t>Contre</w:t><w:noBreakHyphen/><w:t>0</w:t></w:r>"
        "</w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Dans un contrôle</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
        '<w:p><w:r><w:br w:type="page"/><w:t>Page deux</w:t></w:r></w:p>'
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A1</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>dedans</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:tc><w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )
    doc = load(_write(tmp_path, "cr.docx", _docx(body)))
    assert (
        doc.text == "Pour treize\tvoix\nContre-0\nDans un contrôle\n\fPage deux\nA1\ndedans\nB1\n"
    )
    assert [p.number for p in doc.pages] == [1, 2]


def test_docx_text_box_read_once(tmp_path: Path) -> None:
    # Word writes a text box twice: the DrawingML one and a VML copy for old readers
    box = "<w:txbxContent><w:p><w:r><w:t>Encadré</w:t></w:r></w:p></w:txbxContent>"
    body = (
        '<w:p><w:r><w:t>Avant</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="http://schemas.'
        'openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps"><w:drawing>'
        f"{box}</w:drawing></mc:Choice><mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    doc = load(_write(tmp_path, "cr.docx", _docx(body)))
    assert doc.text == "Avant\nEncadré\n"


# --- ODT --------------------------------------------------------------------------


def test_odt_truncated_and_not_zip(tmp_path: Path) -> None:
    whole = make.odt_plain(LINES * 50)
    truncated = _error(_write(tmp_path, "a.odt", whole[: len(whole) // 3]))
    not_zip = _error(_write(tmp_path, "b.odt", b"<office:document/>"))
    assert truncated.status == not_zip.status == "error"
    assert ".odt" in truncated.message and "pas une archive zip" in not_zip.message


def test_odt_encrypted(tmp_path: Path) -> None:
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1"/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", b"\x8f\x12 encrypted bytes")
    err = _error(_write(tmp_path, "cr.odt", buf.getvalue()))
    assert err.status == "encrypted"


def test_odt_without_text_is_empty(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "cr.odt", _odt("<text:p/><text:p>  </text:p>")))
    assert err.status == "empty"


def test_odt_spaces_notes_and_frames(tmp_path: Path) -> None:
    body = (
        "<text:h>  Titre\n   du   conseil </text:h>"
        '<text:p><text:s text:c="2"/>Pour<text:tab/>12<text:line-break/>Contre :<text:s/> 0'
        "<text:note><text:note-citation>1</text:note-citation><text:note-body><text:p>Note"
        "</text:p></text:note-body></text:note>"
        "<office:annotation><text:p>Commentaire</text:p></office:annotation></text:p>"
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>Effacé</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        "<text:section><text:list><text:list-item><text:p>Point <text:span>un</text:span>"
        "</text:p></text:list-item></text:list></text:section>"
    )
    doc = load(_write(tmp_path, "cr.odt", _odt(body)))
    assert doc.text == "Titre du conseil \n  Pour\t12\nContre :  0\nPoint un\n"


# --- in a batch -------------------------------------------------------------------


def test_bad_files_are_rows_not_crashes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # three texts: the same text twice would be a duplicate of the first
    (inputs / "good.html").write_bytes(make.html_plain(LINES))
    (inputs / "good.docx").write_bytes(make.docx_plain(LINES.replace("12", "13")))
    (inputs / "good.odt").write_bytes(make.odt_plain(LINES.replace("12", "14")))
    (inputs / "broken.docx").write_bytes(b"PK\x03\x04 not really a docx")
    (inputs / "script.htm").write_bytes(b"<script>x()</script>")
    (inputs / "notes.md").write_text("not an input kind")
    assert process_document(inputs / "broken.docx").document["status"] == "error"
    ingest([inputs], tmp_path / "out")
    docs = read_table(tmp_path / "out", "documents").to_pylist()
    got = {Path(d["source_path"]).name: (d["format"], d["status"]) for d in docs}
    assert got == {
        "good.html": ("html", "ok"),
        "good.docx": ("docx", "ok"),
        "good.odt": ("odt", "ok"),
        "broken.docx": ("docx", "error"),
        "script.htm": ("html", "empty"),
    }


def test_forged_documents_are_refused_not_crashes(tmp_path: Path) -> None:
    # nested thousands deep: the walk's recursion is caught
    deep = "<w:tbl><w:tr><w:tc>" * 3000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 3000
    err = _error(_write(tmp_path, "deep.docx", _docx(deep)))
    assert err.status == "error" and "imbriqué" in err.message
    # a space count of a billion is capped, a count that is not a number is one space
    spaces = '<text:p>a<text:s text:c="999999999"/>b<text:s text:c="x"/>c</text:p>'
    assert len(load(_write(tmp_path, "s.odt", _odt(spaces))).text) == len("abc\n") + 1001


@pytest.mark.parametrize("suffix", [".html", ".docx", ".odt"])
def test_damaged_bytes_give_a_status(tmp_path: Path, suffix: str) -> None:
    # random damage to a valid file: read, or refused with a LoadError, nothing else
    import random

    rng = random.Random(suffix)
    writer = {".html": make.html_varied, ".docx": make.docx_varied, ".odt": make.odt_varied}
    seed = writer[suffix](LINES * 20)
    for i in range(150):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 12)):
            k = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[k] = rng.randrange(256)
            else:
                del data[k : k + rng.randint(1, 40)]
        path = _write(tmp_path, f"{i}{suffix}", bytes(data))
        try:
            load(path)
        except LoadError as exc:
            assert exc.status in ("error", "empty", "encrypted") and exc.message


def test_deep_html_is_read_in_linear_time(tmp_path: Path) -> None:
    # 20,000 unclosed <div> took 13 s when each block walked the stack of open elements
    import time

    start = time.perf_counter()
    doc = load(_write(tmp_path, "deep.html", b"<div><p>a</p>" * 20000 + b"<div>fin"))
    assert time.perf_counter() - start < 3
    assert doc.text == "a\n" * 20000 + "fin\n"

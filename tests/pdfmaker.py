"""A tiny PDF writer for tests: pages of text lines with a Chinese text layer, no font files.

pypdf cannot write text and no CJK font is installed here, so the PDF is written by hand:
a Type0 font with Identity-H encoding whose character ids are the Unicode code points,
and a ToUnicode CMap saying so. A text extractor reads exactly what a real Chinese PDF's
text layer gives it; a viewer would show no glyphs, which the tests do not need.
"""

from __future__ import annotations


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines, each line drawn 18 pt below the previous one."""
    chars = sorted({ch for page in pages for line in page for ch in line})
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the page numbers are known
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        _stream(_to_unicode(chars)),
    ]
    kids = []
    for lines in pages:
        objects.append(_stream(_content(lines)))
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    return _file(objects)


def _content(lines: list[str]) -> bytes:
    """Text-showing operators: one Tm per line, characters as 2-byte code points."""
    ops = ["BT", "/F1 12 Tf"]
    for i, line in enumerate(lines):
        hexed = "".join(f"{ord(ch):04X}" for ch in line)
        ops.append(f"1 0 0 1 50 {800 - 18 * i} Tm <{hexed}> Tj")
    ops.append("ET")
    return "\n".join(ops).encode()


def _to_unicode(chars: list[str]) -> bytes:
    """A ToUnicode CMap mapping every character id to the code point it is."""
    blocks = []
    for start in range(0, len(chars), 100):  # at most 100 entries per bfchar block
        chunk = chars[start : start + 100]
        entries = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chunk)
        blocks.append(f"{len(chunk)} beginbfchar\n{entries}\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode()


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _file(objects: list[bytes]) -> bytes:
    """The objects with a cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)

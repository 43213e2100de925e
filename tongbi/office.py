"""Text of office formats: .docx with the stdlib (zipfile + ElementTree); PDF is in pdftext.py."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from tongbi.htmltext import render_row

MAX_DOCX_XML = 50_000_000  # bytes of word/document.xml we are willing to parse (zip bombs)


class OfficeReadError(Exception):
    """An office file that cannot become text; `format` is what it turned out to be."""

    def __init__(self, message: str, fmt: str):
        super().__init__(message)
        self.format = fmt


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_to_text(data: bytes) -> str:
    """The paragraphs of a .docx (stdlib only), table rows as `a | b |` lines."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML:
                raise OfficeReadError("the .docx body is implausibly large", "docx")
            root = ElementTree.fromstring(archive.read(info))
    except KeyError as exc:
        raise OfficeReadError(
            "a zip archive without word/document.xml: not a .docx document", "zip"
        ) from exc
    except (zipfile.BadZipFile, ElementTree.ParseError, EOFError) as exc:
        raise OfficeReadError(f"a damaged or truncated .docx: {exc}", "docx") from exc
    body = root.find(f"{W}body")
    return "\n".join(docx_blocks(body)) if body is not None else ""


def docx_blocks(parent) -> list[str]:
    """Lines of a docx body or cell: paragraphs, and table rows rendered like HTML rows."""
    lines = []
    for child in parent:
        if child.tag == f"{W}p":
            text = docx_paragraph(child)
            if text.strip():
                lines.append(text)
        elif child.tag == f"{W}tbl":
            for row in child.findall(f"{W}tr"):
                cells = [
                    [line.strip() for line in docx_blocks(cell) if line.strip()]
                    for cell in row.findall(f"{W}tc")
                ]
                lines.extend(render_row(cells))
    return lines


def docx_paragraph(p) -> str:
    """The text of one w:p: runs' w:t, tabs and breaks."""
    parts = []
    for node in p.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)

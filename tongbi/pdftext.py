"""Text of a PDF's text layer (pypdf), with its page layout undone: headers, footers, line breaks."""

from __future__ import annotations

import io
import re
from collections import Counter

import pypdf

from tongbi.office import OfficeReadError

EDGE = 2  # lines at the top and bottom of a page where running headers and footers sit
# 。！？；：!?;:… (full-width forms written as escapes: editors and terminals fold them)
SENTENCE_END = tuple("\u3002\uff01\uff1f\uff1b\uff1a!?;:\u2026")
# A line that starts a heading or list item begins a new paragraph, whatever came before.
HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[(\uff08][一二三四五六七八九十\d]+[)\uff09]|\d+[.、\uff0e](?!\d)|"
    r"第[一二三四五六七八九十百\d]+[章节部分条]|[一二三四五六七八九十]是)"
)
PAGE_NUMBER = re.compile(
    r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?(?:\s*/\s*\d+|\s*共\s*\d+\s*页)?[-—–\s]*$"
)
FULL_LINE = 0.85  # a line this close to the usual full width was broken by the layout


def pdf_to_text(data: bytes) -> str:
    """The text of a PDF with a text layer; OfficeReadError for a truncated, damaged or scanned one."""
    if b"%%EOF" not in data[-2048:]:
        # pypdf would rebuild what it can of a cut file and return part of the report silently.
        raise OfficeReadError(
            "a truncated PDF: no %%EOF end marker (the download or copy was cut short)", "pdf"
        )
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types for damaged files
        raise OfficeReadError(f"a damaged PDF: {exc}", "pdf") from exc
    if not any(page.strip() for page in pages):
        raise OfficeReadError(
            f"a PDF without a text layer ({len(pages)} page(s) of images, as a scan is): "
            "run OCR on it first (e.g. ocrmypdf -l chi_sim) or supply the text",
            "pdf",
        )
    return "\n".join(join_broken_lines(drop_running_lines(split_pages(pages))))


def split_pages(pages: list[str]) -> list[list[str]]:
    """Each page's non-blank lines, right-stripped."""
    return [[line.rstrip() for line in page.split("\n") if line.strip()] for page in pages]


def drop_running_lines(pages: list[list[str]]) -> list[str]:
    """All pages' lines without running headers/footers and page numbers at the page edges."""
    running = running_lines(pages)
    lines = []
    for page in pages:
        for i, line in enumerate(page):
            at_edge = i < EDGE or i >= len(page) - EDGE
            if at_edge and (_shape(line) in running or (len(pages) > 1 and is_page_number(line))):
                continue
            lines.append(line)
    return lines


def running_lines(pages: list[list[str]]) -> set[str]:
    """Shapes of the lines printed at the edge of every page (a single page has none)."""
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line) for line in page[:EDGE] + page[-EDGE:]})
    return {shape for shape, n in counts.items() if n == len(pages)}


def _shape(line: str) -> str:
    """A line with digits and spaces folded, so 第 3 页 and 第 4 页 count as the same line."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def is_page_number(line: str) -> bool:
    """Whether a line is only a page number: 3, - 3 -, 第3页, 3/12, 第3页 共12页."""
    return bool(PAGE_NUMBER.match(line.strip()))


def join_broken_lines(lines: list[str]) -> list[str]:
    """Lines with each paragraph the layout broke (mid-sentence, at full width) joined again."""
    width = full_width(lines)
    out: list[str] = []
    for line in lines:
        if out and is_broken(out[-1], line, width):
            out[-1] = _join(out[-1], line.lstrip())
        else:
            out.append(line)
    return out


def full_width(lines: list[str]) -> int:
    """The usual length of a full line: the 80th percentile of line lengths."""
    lengths = sorted(len(line.strip()) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))] if lengths else 0


def is_broken(line: str, following: str, width: int) -> bool:
    """Whether `line` ends where the page width, not the sentence, ended it."""
    line = line.strip()
    return (
        len(line) >= FULL_LINE * width
        and not line.endswith(SENTENCE_END)
        and not HEADING.match(following.strip())
    )


def _join(left: str, right: str) -> str:
    # Chinese runs on without a space; two Latin words broken apart get their space back.
    if left[-1:].isascii() and left[-1:].isalpha() and right[:1].isascii() and right[:1].isalpha():
        return f"{left} {right}"
    return left + right

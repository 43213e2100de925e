"""Bytes to text: format sniffing by content, encoding detection, newline normalisation."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer

from tongbi.htmltext import html_page, html_to_text  # noqa: F401  (html_to_text: re-exported)
from tongbi.office import OfficeReadError, docx_to_text
from tongbi.pdftext import pdf_to_text


class UnreadableSource(ValueError):
    """Bad input that cannot become text; the message tells the user why."""

    def __init__(self, message: str, fmt: str = "txt", encoding: str | None = None):
        super().__init__(message)
        self.format = fmt
        self.encoding = encoding


@dataclass
class Decoded:
    """A source's detected format and encoding, and its normalised text."""

    format: str  # txt | html | pdf | docx
    encoding: str | None
    text: str
    meta: dict[str, str] = field(default_factory=dict)  # an HTML page's 索引号 table: label -> value


# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A page declaring GBK or GB2312 is decoded as GB18030, their superset (pages often
# declare gb2312 and use characters only GBK/GB18030 have).
GB_ALIASES = {"gbk", "gb2312", "gb_2312-80", "cp936", "x-gbk", "euc-cn", "gb18030", "hz-gb-2312"}
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
HTML_TAG = re.compile(r"</?(?:p|div|br|span|table|td|tr|a|h[1-6]|li|meta|body|html)\b[^>]*>", re.I)


def read_text(data: bytes) -> Decoded:
    """The text of a source's bytes, sniffed by content; raises UnreadableSource for bad input."""
    try:
        if data.startswith(b"%PDF-"):
            return Decoded("pdf", None, normalise(pdf_to_text(data)))
        if data.startswith(b"PK\x03\x04"):
            return Decoded("docx", None, normalise(docx_to_text(data)))
    except OfficeReadError as exc:
        raise UnreadableSource(str(exc), exc.format) from exc
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableSource(
            "a legacy Microsoft Office file (.doc/.xls): not supported; save it as .docx", "doc"
        )
    declared = declared_charset(data)
    text, encoding = decode(data, declared)
    if looks_like_html(text):
        body, page = html_page(text)
        return Decoded("html", encoding, normalise(body), page)
    return Decoded("txt", encoding, normalise(text))


def normalise(text: str) -> str:
    """Text with newlines as \\n and no BOM; everything else kept as printed (offsets refer to it)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML <meta> declares in the first few kilobytes, lower-cased, or None."""
    match = META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding): BOM, then strict UTF-8, the declared charset, GB18030, charset-normalizer."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), f"{encoding}-bom"
            except UnicodeDecodeError as exc:
                raise UnreadableSource(
                    f"starts with a {encoding} byte-order mark but does not decode as {encoding}: {exc}"
                ) from exc
    if b"\x00" in data:
        raise UnreadableSource(
            "binary file: it contains NUL bytes (or is UTF-16 without a byte-order mark)"
        )
    mixed = mixed_utf8(data)
    if mixed:
        raise UnreadableSource(mixed)
    # Strict trial decoding beats statistical guessing: GBK text is common and
    # charset-normalizer can misjudge short Chinese texts.
    for encoding in trial_encodings(declared):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if not looks_binary(text):
            return text, encoding
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and not looks_binary(str(guess)):
        return str(guess), guess.encoding
    raise UnreadableSource(
        "undecodable: not UTF-8, UTF-16 with a BOM, GB18030/GBK, nor any encoding charset-normalizer recognises (binary?)"
    )


def mixed_utf8(data: bytes) -> str | None:
    """Why bytes that are mostly UTF-8 Chinese but not all UTF-8 are refused, else None."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    # GBK bytes almost never form 3-byte UTF-8 CJK characters by accident: many of those
    # beside a few invalid bytes mean a second encoding was pasted in (GB18030 would
    # decode the whole file "successfully" as nonsense).
    n_cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    n_bad = text.count("\ufffd")
    if n_cjk < 20 or n_cjk * 10 < n_bad:
        return None
    line = data[:first_bad].count(b"\n") + 1
    return (
        f"mixed encodings: UTF-8 Chinese text, but the bytes from offset {first_bad} (line {line}) "
        "are not UTF-8 (a GBK passage pasted in?); save the file in one encoding"
    )


def trial_encodings(declared: str | None) -> list[str]:
    """Encodings to try strictly, in order: UTF-8, the declared one, GB18030."""
    order = ["utf-8"]
    if (
        declared
        and declared not in GB_ALIASES
        and declared.replace("_", "-") not in ("utf-8", "utf8")
    ):
        order.append(declared)
    order.append("gb18030")
    return order


def looks_binary(text: str) -> bool:
    """Whether decoded text is mostly control characters: bytes that decoded by accident."""
    sample = text[:10000]
    if not sample:
        return False
    controls = sum(
        1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1a"
    )
    return controls / len(sample) > 0.01


def looks_like_html(text: str) -> bool:
    """Whether the text is markup: a doctype/html/head/body start, or several common tags."""
    head = text[:5000]
    return bool(HTML_START.match(head)) or len(HTML_TAG.findall(head)) >= 5

"""A normalised view of a document for matching, with a map back to the exact original offsets.

The view drops converter debris (監(jiān) -> 監), layout whitespace (PDF line wraps inside
words and numbers: "个百分\\n\\t点", "6997389 批次") and maps Traditional characters and
full-width digits to their plain forms, one character for one. Every fact is found in the
view and quoted from the original, so `text[start:end] == quote` holds by construction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from tongbi.lexicon import t2s_table
from tongbi.numbers import FULLWIDTH

# Pinyin in ASCII parentheses right after a Han character: debris of a web converter.
_PINYIN = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}\)"
# A line starting like this is a heading or a list item: the line break before it is real.
_HEADING = re.compile(
    r"[一二三四五六七八九十]+、|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|第[一二三四五六七八九十]+[章节部分条]|[一二三四五六七八九十]+是"
)
# A line ending in these ends a sentence or a table row: the break after it is real.
_HARD_END = set("。！？；;!?:：|")
_HARD_CLASS = re.escape("".join(sorted(_HARD_END)))

# Every character \s matches (str.isspace; none lies above U+3000), spelled out: re tests
# a class of characters by table, but \s by a Unicode lookup per character of the text.
_SPACES = re.escape("".join(filter(str.isspace, map(chr, range(0x3001)))))

# A whitespace run, or "(" after a Han character opening pinyin. The pattern opens with a
# character class so that re skips ahead in C: a leading lookbehind would be tried at
# every position (3x slower over a whole report). The two runs the view keeps as they are
# are not matched at all: a paragraph end after a sentence end, and a space between two
# ASCII letters or digits (two numbers stay apart).
_NOISE = re.compile(
    rf"[{_SPACES}(](?:(?<=\s)(?:\s+|(?<![{_HARD_CLASS}]\n)(?!(?<=[A-Za-z0-9] )[A-Za-z0-9]))"
    rf"|(?<=[\u4e00-\u9fff]\(){_PINYIN})"
)


@cache
def _translation() -> dict[int, str]:
    table = dict(t2s_table())
    table.update(FULLWIDTH)
    # _plain hands single values to str.replace, which takes strings only (FULLWIDTH maps
    # to code points): a short text with １ or ， and no other change used to raise.
    return {k: chr(v) if isinstance(v, int) else v for k, v in table.items()}


@cache
def _changeable() -> re.Pattern:
    """Any character the view changes, Traditional or full-width, or any astral character."""
    # Only a class of BMP characters compiles to a bitmap that re tests in C; one astral
    # character in it makes re try each member in turn (30x slower). Astral text is rare:
    # its first astral character sends the whole text through str.translate.
    chars = "".join(sorted(chr(c) for c in _translation() if c <= 0xFFFF))
    return re.compile(f"[{re.escape(chars)}\U00010000-\U0010ffff]")


def _plain(clean: str) -> str:
    """The text Simplified with ASCII digits and signs, one character for one."""
    # str.translate looks every character up in a dict (slow over a whole report), and so
    # does set(text); most reports hold a handful of distinct characters to change (，％ …):
    # the regex finds them in C and str.replace changes each of them, also in C.
    table = _translation()
    found: set[str] = set()
    pattern, pos = _changeable(), 0
    while (m := pattern.search(clean, pos)) is not None:
        ch = m.group()
        found.add(ch)
        if len(found) > 24 or ch > "\uffff":  # a Traditional report: translate it all at once
            return clean.translate(table)
        clean = clean.replace(ch, table[ord(ch)])
        pos = m.start() + 1
    return clean


@dataclass(frozen=True)
class TextView:
    """The normalised text and the segments that map its offsets back to the original."""

    original: str
    norm: str  # debris and layout whitespace removed, Simplified, ASCII digits
    clean: str  # like norm but characters as printed (for `stated`)
    seg_norm: tuple[int, ...]  # start of each copied segment in norm
    seg_orig: tuple[int, ...]  # … and in the original

    def orig(self, i: int) -> int:
        """The original offset of norm offset i (a start offset)."""
        k = bisect_right(self.seg_norm, i) - 1
        return self.seg_orig[k] + (i - self.seg_norm[k])

    def orig_end(self, j: int) -> int:
        """The original end offset for a norm end offset j (one past the last character)."""
        return self.orig(j - 1) + 1 if j > 0 else 0

    def quote(self, start: int, end: int) -> tuple[int, int, str]:
        """The original (start, end, text) of the norm span [start, end)."""
        s, e = self.orig(start), self.orig_end(end)
        return s, e, self.original[s:e]


# A line that is just 序号 (序號 in a Traditional repost: the view is not made yet) opens a
# table printed one cell per line (PDF extraction): its line breaks are cells' edges, not
# soft wraps, up to the first line longer than a cell.
_CELL_TABLE = re.compile(r"\n[ \t]*序[号號][ \t]*\n")
_CELL_LINE = re.compile(r"[ \t]*[^\n]{0,24}\n")


def _cell_tables(text: str) -> list[tuple[int, int]]:
    """The (start, end) of every one-cell-per-line table of the original text."""
    if "序" not in text:  # one scan for both forms; the pattern tells them from other 序
        return []
    out = []
    for m in _CELL_TABLE.finditer(text):
        pos = m.end()
        while (line := _CELL_LINE.match(text, pos)) is not None:
            pos = line.end()
        out.append((m.start(), pos))
    return out


def _replacement(
    text: str, s: int, e: int, run: str, tables: list[tuple[int, int]] = (), rows_end: int = -2
) -> str:
    """What the run of whitespace (or debris) text[s:e] becomes in the view: '', ' ' or '\\n'.

    rows_end: the end of the last line holding a `|` (_rows_end), -2 when not known.
    """
    if not run[0].isspace():
        return ""  # debris
    newline = "\n" in run
    if tables and newline:
        for a, b in tables:  # a loop, not any(): a generator costs more than the few tables
            if a <= s < b:
                return "\n"
    before = text[s - 1] if s else ""
    if run == "\n" and before in _HARD_END:
        return run  # the common case, a paragraph end: decided without looking further
    after = text[e] if e < len(text) else ""
    if (before.isascii() and after.isascii() and before.isalnum() and after.isalnum()) or (
        before.isdecimal() and after.isdecimal()  # full-width digits too: ７７１８８０ ５３７２７
    ):
        return "\n" if newline else " "  # two numbers or words stay apart
    if not newline:
        return ""
    if before in _HARD_END or not before or not after or run.count("\n") > 1:
        return "\n"
    if _HEADING.match(text, e):
        return "\n"
    if s > rows_end >= -1:
        return ""  # a soft wrap (PDF layout): no table row before or after it, no `|` looked for
    line_end = text.find("\n", e)  # find, not `in` a slice: a slice copies the text
    if text.find("|", e, line_end if line_end >= 0 else len(text)) >= 0:
        return "\n"
    if text.find("|", text.rfind("\n", 0, s) + 1, s) >= 0:
        return "\n"  # the line before is a table row (粮食 | 万吨 | 12.3): its end is a row's
    return ""  # a soft wrap inside a sentence (PDF layout)


def _rows_end(text: str) -> int:
    """The end of the last line holding a `|` (-1 without one): no table row lies after it."""
    last = text.rfind("|")
    if last < 0:
        return -1
    end = text.find("\n", last)
    return len(text) if end < 0 else end


def build_view(text: str) -> TextView:
    """The normalised view of a document text."""
    pieces: list[str] = []
    seg_norm, seg_orig = [0], [0]
    pos, out_len = 0, 0
    tables = _cell_tables(text)
    rows_end = _rows_end(text)
    for m in _NOISE.finditer(text):
        s, e = m.span()
        run = m.group()
        # The common case, decided inline as _replacement would: a space between two
        # characters that are not both ASCII letters or digits goes (_NOISE kept the others).
        if run == " ":
            rep = ""
        else:
            rep = _replacement(text, s, e, run, tables, rows_end)
            if rep == run:
                continue
        pieces.append(text[pos:s])
        out_len += s - pos
        if rep:
            seg_norm.append(out_len)
            seg_orig.append(s)
            pieces.append(rep)
            out_len += len(rep)
        seg_norm.append(out_len)
        seg_orig.append(e)
        pos = e
    pieces.append(text[pos:])
    clean = "".join(pieces)
    return TextView(text, _plain(clean), clean, tuple(seg_norm), tuple(seg_orig))

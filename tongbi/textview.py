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
from tongbi.numerals import FULLWIDTH

# Pinyin in ASCII parentheses right after a Han character: debris of a web converter.
_PINYIN = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]{1,7}\)"
# A whitespace run, or "(" after a Han character opening pinyin. The pattern opens with a
# character class so that re skips ahead in C: a leading lookbehind would be tried at
# every position (3x slower over a whole report).
_NOISE = re.compile(rf"[\s(](?:(?<=\s)\s*|(?<=[\u4e00-\u9fff]\(){_PINYIN})")

# A line starting like this is a heading or a list item: the line break before it is real.
_HEADING = re.compile(
    r"[一二三四五六七八九十]+、|\d{1,2}[.．、](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）]"
    r"|第[一二三四五六七八九十]+[章节部分条]|[一二三四五六七八九十]+是"
)
# A line ending in these ends a sentence or a table row: the break after it is real.
_HARD_END = set("。！？；;!?:：|")


@cache
def _translation() -> dict[int, str]:
    table = dict(t2s_table())
    table.update(FULLWIDTH)
    return table


def _plain(clean: str) -> str:
    """The text Simplified with ASCII digits and signs, one character for one."""
    # str.translate looks every character up in a dict (slow over a whole report); most
    # reports hold a handful of distinct characters to change (，％ …), replaced in C.
    table = _translation()
    found = [ch for ch in set(clean) if ord(ch) in table]
    if len(found) > 24:  # a Traditional report: translate it all at once
        return clean.translate(table)
    for ch in found:
        clean = clean.replace(ch, table[ord(ch)])
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


def _replacement(text: str, m: re.Match) -> str:
    """What a run of whitespace (or debris) becomes in the view: '', ' ' or '\\n'."""
    run = m.group()
    if not run[0].isspace():
        return ""  # debris
    s, e = m.start(), m.end()
    before = text[s - 1] if s else ""
    if run == "\n" and before in _HARD_END:
        return run  # the common case, a paragraph end: decided without looking further
    after = text[e] if e < len(text) else ""
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return "\n" if "\n" in run else " "  # two numbers or words stay apart
    if "\n" not in run:
        return ""
    if run.count("\n") > 1 or before in _HARD_END or not before or not after:
        return "\n"
    line_end = text.find("\n", e)  # not `"\n" in text[e:]`: that copies the rest of the text
    if _HEADING.match(text, e) or "|" in text[e : line_end if line_end >= 0 else len(text)]:
        return "\n"
    return ""  # a soft wrap inside a sentence (PDF layout)


def build_view(text: str) -> TextView:
    """The normalised view of a document text."""
    pieces: list[str] = []
    seg_norm, seg_orig = [0], [0]
    pos, out_len = 0, 0
    for m in _NOISE.finditer(text):
        rep = _replacement(text, m)
        if rep == m.group():
            continue
        keep = text[pos : m.start()]
        pieces.append(keep)
        out_len += len(keep)
        if rep:
            seg_norm.append(out_len)
            seg_orig.append(m.start())
            pieces.append(rep)
            out_len += len(rep)
        seg_norm.append(out_len)
        seg_orig.append(m.end())
        pos = m.end()
    pieces.append(text[pos:])
    clean = "".join(pieces)
    return TextView(text, _plain(clean), clean, tuple(seg_norm), tuple(seg_orig))

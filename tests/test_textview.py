"""The view's shortcuts against the computations they stand in for."""

from __future__ import annotations

import random
import re

from tongbi.textview import _HARD_END, _HEADING, _NOISE, _cell_tables, _replacement, _rows_end


def _replacement_as_written(text: str, m: re.Match, tables=()) -> str:
    """textview._replacement as it was first written: from the match, looking for `|` always."""
    run = m.group()
    if not run[0].isspace():
        return ""
    s, e = m.start(), m.end()
    if tables and "\n" in run:
        for a, b in tables:
            if a <= s < b:
                return "\n"
    before = text[s - 1] if s else ""
    if run == "\n" and before in _HARD_END:
        return run
    after = text[e] if e < len(text) else ""
    if (before.isascii() and after.isascii() and before.isalnum() and after.isalnum()) or (
        before.isdecimal() and after.isdecimal()
    ):
        return "\n" if "\n" in run else " "
    if "\n" not in run:
        return ""
    if run.count("\n") > 1 or before in _HARD_END or not before or not after:
        return "\n"
    line_end = text.find("\n", e)
    if _HEADING.match(text, e) or text.find("|", e, line_end if line_end >= 0 else len(text)) >= 0:
        return "\n"
    if text.find("|", text.rfind("\n", 0, s) + 1, s) >= 0:
        return "\n"
    return ""


def test_replacement_as_first_written():
    """_replacement, told the run's span and where table rows end, decides as before."""
    pieces = ["\n", "\n\t", "\n\n", " ", "  ", "\t", "\u3000", "。", ",", "|", "检查", "企业",
              "12", "a", "７", "一、", "2.", "（三）", "二是", "序号", "\n序号\n", "監(jiān)",
              "粮食 | 万吨 | 12.3", "|\n", "\n|"]  # fmt: skip
    rng = random.Random(5)
    seen = set()
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        tables, rows_end = _cell_tables(text), _rows_end(text)
        for m in _NOISE.finditer(text):
            want = _replacement_as_written(text, m, tables)
            assert _replacement(text, *m.span(), m.group(), tables, rows_end) == want, (text, m)
            assert _replacement(text, *m.span(), m.group(), tables) == want  # rows_end unknown
            seen.add(want)
    assert seen == {"", " ", "\n"}

"""Helpers over the rules: what a pattern's match can start with."""

import re

import pytest

from tongbi.lexicon import first_chars


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("半年", "半"),
        ("[一二三四1-4]季度", "一二三四1-4"),
        ("(?<![第前今].)季度(?!新闻)", "季"),  # a lookbehind takes no character
        (r"\s*[-—~至]\s*月", r"\s\-—\~至"),  # an optional item: what follows may come first
        ("(?:ab|c)d", "ac"),
        (r"\d+", r"\d"),
        ("a?", None),  # may match nothing
        ("[^a]b", None),  # a negated class: not simple
        (".x", None),
        ("(?i)a", None),  # A would match too
    ],
)
def test_first_chars(pattern, expected):
    assert first_chars(pattern) == expected


@pytest.mark.parametrize("pattern", [r"\s*[-—~至]\s*(?:[2-9]|1[01])\s*月", "(?:ab|c)+d", r"x?\d"])
def test_first_chars_admit_every_match_start(pattern):
    text = "1-3月 1 至 11月 abd cd ccd x5 7 y"
    firsts = re.compile(f"[{first_chars(pattern)}]")
    for m in re.finditer(pattern, text):
        assert firsts.match(text, m.start())

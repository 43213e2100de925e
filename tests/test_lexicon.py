"""Helpers over the rules: what a pattern's match can start with."""

import re

import pytest

from tongbi.lexicon import first_chars, last_words, widest_match


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


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("部门", ["部门"]),
        ("各级[^,]{1,12}?(?:部门|系统)", ["部门", "系统"]),
        ("a(?:b|c(?:d|ef))", ["b", "d", "ef"]),
        ("x(?:y|z)w", ["w"]),
        ("a[bc]", None),  # a class
        ("ab+", None),  # a repeat
        ("ab(?=c)", None),  # a lookahead
        ("(?i)ab", None),
        ("", None),
    ],
)
def test_last_words(pattern, expected):
    assert last_words(pattern) == expected


@pytest.mark.parametrize("pattern", ["各级[^,]{1,12}?(?:部门|系统|机关)", "a(?:b|c(?:d|ef))", "x(?:y|z)w"])
def test_last_words_end_every_match(pattern):
    text = "各级市场部门 各级,系统 各级市场监管机关 ab acd acef xyw xzw"
    words = tuple(last_words(pattern))
    found = [m.group() for m in re.finditer(pattern, text)]
    assert found and all(m.endswith(words) for m in found)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [("ab", 2), ("各级[^,]{1,12}?(?:部门|系统)", 16), ("a(?:b|cde)?", 4), ("a+", None), ("a*b", None)],
)
def test_widest_match(pattern, expected):
    assert widest_match(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "chars", "expected"),
    [
        (r"同比(?:增长|下降)", ",。", False),
        (r"同比(?:增长|下降)", "长", True),
        (r"较\d{4}年", "7", True),
        (r"较[一二三]年", "三", True),
        (r"(?=,)较$", ",", False),  # zero width holds nothing
        (r"[^a]", ",", True),  # a negated class may hold anything else
        (r"较.年", "。", True),  # any character
    ],
)
def test_may_match_tells_what_a_match_may_hold(pattern, chars, expected):
    from tongbi.lexicon import may_match

    assert may_match(pattern, chars) is expected

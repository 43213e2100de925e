"""Change phrases before a number: 同比增长, 较2020年上升, 比上年末减少, 净增, and 持平."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from tongbi.lexicon import alternation, may_match, rules


class Change(NamedTuple):
    """A change phrase ending where a number starts (a named tuple: one per change figure,
    and a frozen dataclass costs several times as much to build)."""

    start: int  # where the phrase starts in the text
    sign: int  # +1 for 增长/上升…, -1 for 下降/减少…
    compared: bool  # a comparison was printed (同比, 比上年, 较2020年) or 净
    base_year: int | None  # 较2020年 -> 2020
    enumerated: bool  # 分别: the numbers that follow map in order to the levels before
    previous_period: str | None = None  # 环比: against the month or quarter before, not the year


@cache
def _change_regex() -> re.Pattern:
    """The change phrase anchored at the end of a window of text."""
    c = rules()["change"]
    compare = rf"(?P<cmp>{alternation(c['compare'])})|{c['compare_year']}"
    verbs = (
        rf"(?P<up>{alternation(c['up'])})|(?P<down>{alternation(c['down'])})"
        rf"|(?P<upn>{alternation(c['up_nouns'])})|(?P<downn>{alternation(c['down_nouns'])})"
    )
    # 至/到 after a verb name the new level (提高到96%), so they are not joiners here.
    joiners = alternation(j for j in c["joiners"] if j not in ("至", "到", "分别"))
    # search tries every start in the window: a first-character test (or the year
    # comparison, whose opening is a pattern) turns most of them away at once.
    words = [w for k in ("compare", "net", "up", "down", "up_nouns", "down_nouns") for w in c[k]]
    firsts = re.escape("".join(sorted({w[0] for w in words} | {"分"})))
    year = re.sub(r"\(\?P<\w+>", "(?:", c["compare_year"])  # the group is named once, below
    pattern = (
        rf"(?=[{firsts}]|{year})"
        rf"(?:(?:{compare})(?:均)?)?(?P<each>分别)?"
        rf"(?:(?P<net>{alternation(c['net'])})|{verbs})(?:{joiners})?$"
    )
    return re.compile(pattern)


@cache
def change_ends() -> frozenset[str]:
    """Every character a change phrase can end with (the last of a verb, noun or joiner)."""
    c = rules()["change"]
    words = c["up"] + c["down"] + c["up_nouns"] + c["down_nouns"] + c["net"] + c["joiners"]
    return frozenset(w[-1] for w in words)


@cache
def _flat_regex() -> re.Pattern:
    """持平 after a comparison: 与2019年基本持平, 同比持平."""
    c = rules()["change"]
    compare = rf"(?:{alternation(c['compare'])}|{c['compare_year']})"
    return re.compile(rf"{compare}(?:相比)?,?(?P<flat>{alternation(c['flat'])})")


@cache
def _previous_period() -> tuple[str, ...]:
    return tuple(rules()["change"]["previous_period"])


@cache
def _previous(cmp: str) -> str | None:
    """The previous-period word (环比) a comparison holds, or None (cached: a few words)."""
    return next((w for w in _previous_period() if w in cmp), None)


# The named groups of _change_regex() in their order, as change_before unpacks them.
GROUPS = ("cmp", "base_year", "each", "net", "up", "down", "upn", "downn")


@cache
def may_hold(chars: str) -> bool:
    """True when a change phrase may hold one of these characters (or re's parser, which tells,
    is not there)."""
    return may_match(_change_regex().pattern, chars)


def change_before(text: str, pos: int, floor: int = 0) -> Change | None:
    """The change phrase that ends at offset pos, if any.

    floor: where it may start at the earliest (a caller that knows the clause of pos passes
    its start when no phrase may hold a clause end: may_hold). search tries every start in
    its window: a shorter one costs less.
    """
    if not pos or text[pos - 1] not in change_ends():
        return None  # most numbers follow a label, not a verb: skip the regex search
    return change_ending(text, pos, floor)


def change_ending(text: str, pos: int, floor: int = 0) -> Change | None:
    """change_before(text, pos, floor) for a caller that found text[pos - 1] in change_ends()."""
    window_start = pos - 24 if pos - 24 > floor else floor  # max(floor, pos - 24)
    m = _change_regex().search(text, window_start, pos)
    if not m:
        return None
    cmp, by, each, net, _, down, _, downn = m.groups()  # the groups in order: see GROUPS
    sign = -1 if down or downn or (net and "减" in net) else 1
    previous = _previous(cmp) if cmp else None
    return _new_tuple(Change, (  # Change(...) goes through a Python-level __new__: this does not
        m.start(), sign, bool(cmp or by or net), int(by) if by else None, bool(each), previous,
    ))  # fmt: skip


_new_tuple = tuple.__new__


@cache
def _flat_cores() -> tuple[str, ...]:
    """The flat words that hold no other one (持平, not 基本持平): a text holds a flat word
    exactly when it holds one of these."""
    words = rules()["change"]["flat"]
    return tuple(w for w in words if not any(o != w and o in w for o in words))


def find_flats(text: str) -> list[tuple[int, int, str, int | None]]:
    """Every (start, end, phrase, base_year) of a 持平 statement."""
    # The pattern has no literal prefix for re to skip ahead on: scan only if needed. Most
    # texts hold no flat word: one substring search per core word (_flat_cores), no generator.
    for word in _flat_cores():
        if word in text:
            break
    else:
        return []
    out = []
    for m in _flat_regex().finditer(text):
        by = m.groupdict().get("base_year")
        out.append((m.start(), m.end(), m.group("flat"), int(by) if by else None))
    return out

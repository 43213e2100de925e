"""Links between facts: the level each change qualifies, and list items' own labels."""

from __future__ import annotations

import re

from tongbi import labels as lab
from tongbi.drafts import ENUM_SEPARATORS, LEVEL_KINDS, Draft


def link(drafts: list[Draft]) -> dict[tuple[int, int], list[Draft]]:
    """Point every change at the level it qualifies: the nearest level before it in its sentence
    (always a draft before it in the list). Returns the levels of each sentence, in order.

    分别增长a、b和c maps in order to the last levels of the sentence when there are enough.
    """
    by_sentence: dict[tuple[int, int], list[Draft]] = {}
    # The levels of a sentence follow one another and share its tuple: the list of the last
    # level's sentence is taken on, not looked up per level by hashing the tuple.
    here, levels_here = None, []
    n, linked = len(drafts), 0  # drafts before `linked` were linked with a change before them
    for i, d in enumerate(drafts):
        kind = d.kind
        if kind in LEVEL_KINDS:
            if d.sentence is not here:
                here = d.sentence
                levels_here = by_sentence.get(here)
                if levels_here is None:
                    levels_here = by_sentence[here] = []
            levels_here.append(d)
            continue
        if i < linked:
            continue
        j = i + 1  # the group d opens: the values after 分别 (nxt.enumerated) in its sentence
        while j < n and drafts[j].kind == kind:
            nxt = drafts[j]
            if not (nxt.enumerated and nxt.sentence == d.sentence and nxt.start > d.start):
                break
            j += 1
        levels = list(by_sentence.get(d.sentence, ()))
        if kind == "pp" or d.unit == "%" and d.stated in ("持平", "基本持平"):
            levels = [x for x in levels if x.kind == "rate"] or levels
        if kind == "abs_change":
            levels = [x for x in levels if x.unit == d.unit] or levels
        if j - i > 1:
            # 分别增长a、b和c: in order onto the sentence's last levels. With fewer levels than
            # values, the values link in order to the levels there are (a to the first, b to
            # the second …) and the rest to none; a count of a list (浙江、江苏、广东3个省)
            # is no level a change can qualify.
            group = drafts[i:j]
            levels = [x for x in levels if not _counts_its_list(x)]
            take = levels[-len(group) :] if len(levels) >= len(group) else levels
            for k, g in enumerate(group):
                _refer(g, take[k] if k < len(take) else None)
            linked = j
        else:
            _refer(d, levels[-1] if levels else None)
    return by_sentence


def _refer(d: Draft, level: Draft | None) -> None:
    """Link a change to its level. A linked change takes its level's label as the facts are
    written (extract._to_facts: the level's label may still be qualified); one with no level
    takes its own words."""
    d.refers = level
    if level is None:
        if d.own is not None:
            d.label = lab.strip_label(d.own)
    elif d.stated in ("持平", "基本持平") and level.kind == "rate":
        d.kind, d.unit = "pp", "个百分点"  # a rate 持平 is a change of zero points


def _counts_its_list(d: Draft) -> bool:
    """True for a count of the items listed before it (浙江、江苏、广东3个省: 3 items, 3个)."""
    items = len(re.split(r"、|以及|及|和", d.label))
    return d.kind == "count" and items > 1 and 0 < d.value <= items


def _rate_groups(drafts: list[Draft], view: str) -> list[list[Draft]]:
    """Runs of rates printed as 不合格率分别为a、b、c (separated by 、/和 only)."""
    if "分别" not in view:
        return []  # most reports: no run to look for, one search in C instead of a loop
    groups, i = [], 0
    while i < len(drafts):
        d = drafts[i]
        j = i + 1
        if d.kind == "rate" and view.find("分别", d.start, d.qstart) >= 0:  # no slice copied
            while j < len(drafts) and drafts[j].kind == "rate":
                if view[drafts[j - 1].qend : drafts[j].qstart] not in ENUM_SEPARATORS:
                    break
                j += 1
            if j - i > 1:
                groups.append(drafts[i:j])
        i = j
    return groups


def enumerated_labels(drafts: list[Draft], view: str) -> None:
    """粮食加工品,…,乳制品等5大类食品,不合格率分别为a、…: each rate takes its list item."""
    for group in _rate_groups(drafts, view):
        head = group[0]
        before = view[head.sentence[0] : head.start]
        k = before.rfind("等")
        if k < 0:
            continue
        for seps in (r"[,，]", r"[,，、]|和|及"):
            items = [x for x in re.split(seps, before[:k]) if x]
            if len(items) >= len(group):
                break
        else:
            continue
        base = head.label
        for d, item in zip(group, items[-len(group) :], strict=True):
            d.label = lab.strip_label(item.split("的")[-1]) + base
            d.refers = None

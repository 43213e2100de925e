"""Qualify labels that say too little (查办案件) or collide (two 罚没金额) with their context."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from tongbi import labels as lab
from tongbi.lexicon import alternation, rules
from tongbi.sections import Layout

LEVEL_KINDS = ("count", "rate")
_CLAUSE_SPLIT = re.compile(r"[,，;；:：]")


@cache
def _generic() -> frozenset[str]:
    return frozenset(rules()["generic_labels"])


@cache
def _subject_verb() -> re.Pattern:
    return re.compile(rf"^(?:{alternation(rules()['subject_verbs'])})(?:了|对)?")


def _clause_subject(view: str, d) -> str:
    """The object of an earlier figure-free clause of the sentence (开展非法加油点排查整治)."""
    s_start = d.sentence[0]
    found = ""
    for clause in _CLAUSE_SPLIT.split(view[s_start : d.start]):
        m = _subject_verb().match(clause)
        if m and not re.search(r"\d", clause) and len(clause) - m.end() >= 2:
            found = clause[m.end() :]
    return found


def _item_subject(layout: Layout, d) -> str:
    """The topic of the 一是/二是 item the draft belongs to."""
    item = layout.item_subject(d.qstart)
    if item is None or layout.sentence(item[0] + 2)[0] == d.sentence[0]:
        return ""
    return lab.trim_subject(item[1])


def _previous_level(by_sentence: dict, d) -> str:
    """The label of the level just before the draft in its sentence."""
    before = [x for x in by_sentence[d.sentence] if x.kind in LEVEL_KINDS]
    before = [x for x in before if x.qend <= d.qstart and x.label != d.label]
    return before[-1].label if before else ""


def _subject(by_sentence: dict, view: str, layout: Layout, d) -> str:
    """What a generic or colliding label is about, from the nearest context that names it."""
    is_share = d.kind == "rate" and (d.label.startswith("占") or d.label in _generic())
    sources = (
        (_previous_level(by_sentence, d), _clause_subject(view, d), _item_subject(layout, d))
        if is_share
        else (_clause_subject(view, d), _item_subject(layout, d), _previous_level(by_sentence, d))
    )
    return next((s for s in sources if s), "")


def qualify_labels(drafts: list, view: str, layout: Layout) -> None:
    """Prefix generic and colliding level labels with their subject; changes follow their level."""
    levels = [d for d in drafts if d.kind in LEVEL_KINDS]
    by_sentence: dict[tuple[int, int], list] = defaultdict(list)
    for d in drafts:
        by_sentence[d.sentence].append(d)
    # Two values of one label collide only within one period (全年 vs 第四季度 do not).
    values: dict[tuple, set[float]] = defaultdict(set)
    for d in levels:
        values[(d.label, d.unit, d.period)].add(d.value)
    for d in levels:
        generic = d.label in _generic() or (d.kind == "rate" and d.label.startswith("占"))
        if not (generic or len(values[(d.label, d.unit, d.period)]) > 1):
            continue
        subject = _subject(by_sentence, view, layout, d)
        if subject and subject not in d.label:
            d.label = subject + d.label
    for d in drafts:
        if d.kind not in LEVEL_KINDS and d.refers is not None:
            d.label = d.refers.label

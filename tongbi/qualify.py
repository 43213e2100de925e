"""Qualify labels that say too little (查办案件) or collide (two 罚没金额) with their context."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from functools import cache
from itertools import accumulate

from tongbi import labels as lab
from tongbi.catalog import changing_chars, indicator_key, synonyms
from tongbi.lexicon import alternation, rules
from tongbi.sections import Layout

LEVEL_KINDS = ("count", "rate")
_CLAUSE_SPLIT = re.compile(r"[,，;；:：]")
_DIGIT = re.compile(r"\d")


@cache
def _generic() -> frozenset[str]:
    return frozenset(rules()["generic_labels"])


@cache
def _subject_verb() -> re.Pattern:
    return re.compile(rf"(?:{alternation(rules()['subject_verbs'])})(?:了|对)?")


def _clause_subject(view: str, d) -> str:
    """The object of an earlier figure-free clause of the sentence (开展非法加油点排查整治)."""
    text = view[d.sentence[0] : d.start]
    # A ; closes a part of the sentence with its own subject (…专项执法,立案查处…;整治…).
    cut = max(text.rfind(";"), text.rfind("；")) + 1
    found = ""
    verb = _subject_verb()
    for n, clause in enumerate(_CLAUSE_SPLIT.split(text[cut:])):
        # The view joins a heading line to the sentence after it (…让消费者能消费开展产品质量
        # 执法): in the first clause the verb may come later; elsewhere it opens the clause.
        m = verb.search(clause) if n == 0 and cut == 0 else None
        m = m or verb.match(clause)
        if m and _DIGIT.search(clause) is None and len(clause) - m.end() >= 2:
            found = clause[m.end() :]
    return found


def _item_subject(layout: Layout, d) -> str:
    """The topic of the 一是/二是 item the draft belongs to."""
    item = layout.item_subject(d.qstart)
    if item is None or layout.sentence(item[0] + 2)[0] == d.sentence[0]:
        return ""
    return lab.trim_subject(item[1])


def _previous_level(by_sentence: dict, d) -> str:
    """The label of the level just before the draft in its sentence (by_sentence: the levels
    of each sentence, in order)."""
    before = [
        x for x in by_sentence.get(d.sentence, ()) if x.qend <= d.qstart and x.label != d.label
    ]
    return before[-1].label if before else ""


def _subject(by_sentence: dict, view: str, layout: Layout, d) -> str:
    """What a generic or colliding label is about, from the nearest context that names it."""
    is_share = d.kind == "rate" and (d.label.startswith("占") or d.label in _generic())
    # The first source that names something wins: the others are not looked up.
    if is_share:
        subject = _previous_level(by_sentence, d) or _clause_subject(view, d)
        subject = subject or _item_subject(layout, d)
    else:
        subject = _clause_subject(view, d) or _item_subject(layout, d)
        subject = subject or _previous_level(by_sentence, d)
    return _trim_activity(subject) if subject else ""


@cache
def _activity_end() -> re.Pattern:
    return re.compile(rf"(?<=..)(?:{alternation(rules()['subject_activities'])})$")


def _trim_activity(subject: str) -> str:
    """The subject without the activity word its figure repeats (产品质量执法 -> 产品质量)."""
    return _activity_end().sub("", subject)


class LabelKeys(dict):
    """Label as drafted -> (its Simplified form, its indicator key), for one document.

    A plain dict filled on first use: the labels of a report repeat, and the collision test
    here and every output fact ask for the same pairs. The key does not depend on the unit
    (see catalog.indicator_key), so the label alone keys it.
    """

    __slots__ = ("table", "changes")  # no instance __dict__ built per document

    def __init__(self, table: dict[str, str]) -> None:
        # dict.__init__ is not called: with no arguments it adds nothing.
        self.table = table
        self.changes = changing_chars().search  # catalog.is_normal, without a call per label

    def fill(self, labels: list[str]) -> None:
        """Enter many labels at once: one search over all of them finds those that need
        Simplifying or stripping (none in most reports), instead of one search per label."""
        new = list(dict.fromkeys(labels))
        if self:
            new = [x for x in new if x not in self]
        if not new:
            return
        joined = "\x00".join(new)
        if (m := self.changes(joined)) is not None:
            # Left to __missing__: the labels holding a match (a quotation mark, mostly),
            # each found by searching on from the start of the label after the last one.
            starts = list(accumulate(map(len, new), lambda a, b: a + b + 1, initial=0))
            changing = set()
            while m is not None:
                k = bisect_right(starts, m.start()) - 1
                changing.add(k)
                m = self.changes(joined, starts[k + 1]) if k + 1 < len(new) else None
            new = [x for k, x in enumerate(new) if k not in changing]
        get = self.table.get
        self.update({x: (x, get(x, x)) for x in new})

    def __missing__(self, label: str) -> tuple[str, str]:
        if self.changes(label) is None:  # nothing to Simplify or strip: its own form
            pair = self[label] = (label, self.table.get(label, label))
            return pair
        simple = lab.simplified_label(label)
        pair = self[label] = (simple, indicator_key(simple, "", self.table))
        return pair


def qualify_labels(
    drafts: list,
    view: str,
    layout: Layout,
    keys: LabelKeys | None = None,
    by_sentence: dict[tuple[int, int], list] | None = None,
) -> None:
    """Prefix generic and colliding level labels with their subject (a change linked to a
    level takes the level's label as the facts are written: extract._to_facts).

    keys: the document's LabelKeys, when the caller reuses them for its facts.
    by_sentence: the levels of each sentence in order (links.link returns them), if known.
    """
    keys = LabelKeys(synonyms()) if keys is None else keys
    by_sentence = by_sentence or {}  # else built when a first label needs a subject
    generic_labels = _generic()
    # Labels collide by catalog key, not only as text (查办违法案件 and 查办各类违法案件 are one
    # indicator), and only within one period (全年 vs 第四季度 do not). The first level of a
    # key is the report's headline (全国…查办各类违法案件140.62万件) and keeps its label; a
    # later, other value (产品质量…查办违法案件5.67万件) belongs to its paragraph and is
    # qualified. A level's key is taken before its own label is qualified.
    first: dict[tuple, float] = {}
    keys.fill([d.label for d in drafts])
    for d in drafts:
        kind = d.kind
        if kind not in LEVEL_KINDS:
            continue
        label, value = d.label, d.value
        collides = first.setdefault((keys[label][1], d.unit, d.period), value) != value
        generic = label in generic_labels or (kind == "rate" and label.startswith("占"))
        if not (generic or collides):
            continue
        if not by_sentence:
            by_sentence = defaultdict(list)
            for x in drafts:
                if x.kind in LEVEL_KINDS:  # all _previous_level looks at
                    by_sentence[x.sentence].append(x)
        subject = _subject(by_sentence, view, layout, d)
        if subject and subject not in label:
            d.label = subject + label

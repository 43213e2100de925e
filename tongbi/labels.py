"""Indicator labels from the words around a number, stripped of filler, in Simplified Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import NamedTuple

from tongbi.lexicon import alternation, first_chars, last_words, rules, to_simplified, widest_match

# Connectors and punctuation a label never starts with (…1个、示范站1个; 以及示范点9个).
_LEADING = re.compile(r"^(?:[、,，;；:：\s]|以及|及|和|与|并|另有|还有|[一二三四五六七八九十]+是)+")
# A leading year or date (2023年查办…), not part of the indicator's name.
_LEADING_YEAR = re.compile(r"^(?:(?:19|20)\d\d年(?:度)?(?:\d{1,2}月(?:份)?)?[,，]?)+")
# 对/向 + up to a few characters open a phrase whose object is the indicator (会同街镇对…);
# 对照/对接/对外 are verbs, not the preposition.
_PREP_NOT_BEFORE = set("照接标于比外话象")
# A label ending in these wants its object, which is printed after the number (将80户次…企业).
_WEAK_ENDINGS = (
    "将",
    "把",
    "对",
    "向",
    "在",
    "以",
    "让",
    "给",
    "等",
    "组织",
    "指导",
    "涉及",
    "共有",
)


@cache
def _filler_prefix() -> re.Pattern:
    return re.compile(rf"^(?:{alternation(rules()['filler_prefixes'])})")


@cache
def _subject_prefix() -> re.Pattern:
    """The reporting body opening a label, followed by filler, a year or 对 and more words."""
    subjects = "|".join(f"(?:{p})" for p in rules()["subject_prefixes"])
    follows = rf"(?:{alternation(rules()['filler_prefixes'])}|(?:19|20)\d\d年|对)."
    return re.compile(rf"^(?:{subjects})(?={follows})")


@cache
def _keep() -> tuple[str, ...]:
    return tuple(rules()["filler_keep"])


@cache
def _filler_suffix() -> re.Pattern:
    return re.compile(rf"(?:{alternation(rules()['filler_suffixes'])})$")


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(rules()["filler_suffixes"])


@cache
def _suffix_ends() -> str:
    """The last characters of the filler suffixes, for str.rstrip: it returns the label itself
    when none of them ends it (then no suffix does), one call where endswith tests each suffix."""
    return "".join(sorted({s[-1] for s in _suffixes()}))


@cache
def _drop_words() -> re.Pattern:
    return re.compile(alternation(rules()["drop_words"]))


class _StripRules(NamedTuple):
    """The compiled rules strip_label applies (_bound_rules: a plain tuple of them)."""

    opening: Callable  # _opening().match
    words: Callable  # _closing_words().search
    suffixes: tuple[str, ...]
    ends: str  # _suffix_ends()
    filler_suffix: Callable  # _filler_suffix().sub
    drop_words: Callable  # _drop_words().sub


@cache
def _strip_rules() -> _StripRules:
    return _StripRules(
        _opening().match,
        _closing_words().search,
        _suffixes(),
        _suffix_ends(),
        _filler_suffix().sub,
        _drop_words().sub,
    )


_bound: tuple = ()  # _strip_rules() as a plain tuple, once strip_label has run


def _bound_rules() -> tuple:
    """_strip_rules() as a plain tuple, kept in _bound: strip_label reads it from there.

    A global read and a tuple unpack cost a third of a cached call and a NamedTuple unpack
    (CPython unpacks exact tuples only on its fast path): ~800 of ~10,000 instructions a label.
    """
    global _bound
    _bound = tuple(_strip_rules())
    return _bound


@cache
def _closing_words() -> re.Pattern:
    """开展 or a drop word: with a filler suffix at the end, what strip_label's closing steps
    change (an endswith of the suffixes and this search: faster than one search for all)."""
    return re.compile(f"开展|{_drop_words().pattern}")


@cache
def _opening_parts() -> list[str]:
    """strip_label's opening, in the order applied: connectors, a year, filler (not a word to
    keep), the reporting body, then a short phrase up to 对 (会同街镇对成品批发… -> 成品批发…;
    not 对照, 对接 …: _PREP_NOT_BEFORE), within prefix_phrase_max characters."""
    parts = [_LEADING.pattern[1:], _LEADING_YEAR.pattern[1:]]
    keep = alternation(_keep())
    parts.append((f"(?!{keep})" if keep else "") + _filler_prefix().pattern[1:])
    parts.append(_subject_prefix().pattern[1:])
    not_before = re.escape("".join(sorted(_PREP_NOT_BEFORE)))
    parts.append(f"(?s:.){{0,{rules()['prefix_phrase_max']}}}?对(?=[^{not_before}])")
    if any(x in p for p in parts for x in ("(?<", "\\b", "\\B")):
        raise ValueError("strip_label's prefix rules must not look behind their start")
    return parts


def _guards() -> list[str]:
    """A condition per part of _opening_parts, true where the part may match: its first
    character (the first three), a word of the reporting body near enough (it ends with one,
    as its rules are written: 部门, 系统 …) or 对 near enough. "" where that is not simple to tell.

    The parts are tried at every round of the opening on every label, and most labels hold
    none of them: the lazy scans of the last two parts cost most (a third of the opening).
    """
    guards = []
    for part in _opening_parts()[:3]:
        firsts = first_chars(part)
        guards.append(f"[{firsts}]" if firsts else "")
    body = rules()["subject_prefixes"]
    words, widths = [last_words(p) for p in body], [widest_match(p) for p in body]
    if body and None not in words and None not in widths:
        # The reporting body ends with one of these words within its widest match.
        guards.append(_near(max(widths), {w for ws in words for w in ws}))
    else:
        guards.append("")
    guards.append(_near(rules()["prefix_phrase_max"], {"对"}))
    return guards


def _near(width: int, words: set[str]) -> str:
    """A pattern matching up to `width` characters and then one of the words.

    One scan per first character (机关|机构 -> 机(?:关|构)): re skips ahead to a literal after
    (?s:.){0,n} (an alternation of words it tries at every offset).
    """
    by_first: dict[str, list[str]] = {}
    for w in sorted(words):
        by_first.setdefault(w[0], []).append(re.escape(w[1:]))
    rests = {c: rest[0] if len(rest) == 1 else f"(?:{'|'.join(rest)})" for c, rest in by_first.items()}
    return "|".join(f"(?s:.){{0,{width}}}{re.escape(c)}{rest}" for c, rest in rests.items())


@cache
def _opening() -> re.Pattern:
    """strip_label's opening in one pattern: rounds of _opening_parts, each behind its guard.

    Each part is optional and anchored where the one before it ended, so one match removes
    what applying the parts one after another would (none of them looks behind its start).
    A guard only fails where its part would (tests hold the pattern equal to the unguarded one).
    """
    guards, parts = _guards(), _opening_parts()
    steps = [f"(?:(?={g}){p})?+" if g else f"(?:{p})?+" for g, p in zip(guards, parts, strict=True)]
    if all(guards[:3]):  # one test of the first character before the three steps it guards
        firsts = "[" + "".join(g[1:-1] for g in guards[:3]) + "]"
        steps[:3] = [f"(?:(?={firsts})" + "".join(steps[:3]) + ")?+"]
        if all(guards):  # and a round only where one of the steps may strip something
            steps.insert(0, "(?=" + "|".join([firsts, *guards[3:]]) + ")")
    # Fillers stack (全年全区共计…): the round repeats, up to six times, while it strips.
    # Every step is optional and nothing after them can fail, so the first way through is
    # the match: re never backtracks into a step. Possessive (?+, {0,6}+), re keeps no
    # backtracking state per step (15% faster; tests hold it equal to the plain form).
    # A round whose guard fails would strip nothing: the rounds end there all the same.
    return re.compile("^(?:" + "".join(steps) + "){0,6}+")


@lru_cache(maxsize=1 << 16)  # the words before figures repeat within and across reports
def strip_label(raw: str) -> str:
    """The label words of the text before a number, without connectors and filler."""
    opening, words, suffixes, ends, filler_suffix, drop = _bound or _bound_rules()
    label = raw[opening(raw).end() :]  # the pattern matches everywhere, maybe nothing
    ended = label.rstrip(ends) is not label and label.endswith(suffixes)  # _suffix_ends
    if not ended and words(label) is None:
        return label  # most labels: none of the steps below would change them
    # 依托“云课堂”开展知识产权宣传培训: what is carried out names the indicator.
    k = label.rfind("开展")
    if k >= 0 and len(label) - k - 2 >= 2:
        label = label[k + 2 :]
        ended = label.endswith(suffixes)
    for _ in range(3 if ended else 0):
        stripped = filler_suffix("", label)
        if stripped == label or not stripped:
            break
        label = stripped
        if label.rstrip(ends) is label and label[-1:] != "\n":
            break  # no suffix ends it, nor precedes a final newline ($): the sub would keep it
    return drop("", label)


# A short opening phrase with these (在全区, 以…为重点) is a place or a frame, not the indicator.
_FRAME_STARTS = ("在", "以", "从", "对", "于")
# These verbs take the counted thing as their object (组织15家单位开展…): drop them.
_CAUSATIVE = ("组织", "指导", "推动", "帮助", "支持", "引导")


def is_weak(label: str) -> bool:
    """True when the words before a number do not name the indicator on their own."""
    if label.startswith(_FRAME_STARTS) and len(label) <= 5:
        return True
    return len(label) <= 2 or label.endswith(_WEAK_ENDINGS)


def weak_stem(label: str) -> str:
    """What stays of a weak label in front of the words after the number."""
    if label.startswith(_FRAME_STARTS) and len(label) <= 5 or label in _CAUSATIVE:
        return ""
    # Without 将, 把 … or a causative verb at its end (one character, or two: never both).
    if label[-1:] in _STEM_ENDS:
        return label[:-1]
    return label[:-2] if label[-2:] in _CAUSATIVE else label


_STEM_ENDS = frozenset("将把对向在以让给等")


@cache
def _after_stops() -> tuple[str, ...]:
    return tuple(rules()["after_label_stops"])


def after_label(text: str) -> tuple[str, int]:
    """The label words printed after a number's unit, and how many characters they take.

    `text` runs from the unit's end to the clause end. 252家学校食堂、31家… stops at 、;
    对161户生鲜店开展排摸 reads 排摸生鲜店 (the action moves in front of its object).
    Not cached: the text is the rest of a clause, which no other figure shares.
    """
    m = _AFTER_END.search(text)
    span = text[: m.start()] if m else text
    for stop in _after_stops():
        if stop not in span:
            continue  # most stops: a containment test costs a third of a find call
        k = span.find(stop)
        if k < 2:
            continue  # not there, or too near the number for either reading below
        rest = span[k + len(stop) :]
        if stop == "开展" and 2 <= len(rest) <= 10:
            return rest + span[:k], len(span)
        if k >= 3:
            return span[:k], len(span)
    return _drop_words().sub("", span), len(span)


# The words after a number end at an enumeration comma or the next number.
_AFTER_END = re.compile(r"[、\d]|以及|及其|其中")


@cache
def _subject_stop() -> re.Pattern:
    return re.compile(alternation(rules()["subject_stops"]))


def trim_subject(heading: str) -> str:
    """The topic of an item heading (反不正当竞争执法工作取得良好成效 -> 反不正当竞争执法)."""
    heading = re.sub(r"^(?:全面|深入|持续|扎实|切实|大力|积极|着力)", "", heading)
    m = _subject_stop().search(heading, 2)
    subject = heading[: m.start()] if m else heading
    return subject if 2 <= len(subject) <= 16 else ""


_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def simplified_label(label: str) -> str:
    """The label in Simplified Chinese, whitespace removed."""
    return to_simplified(_SPACE.sub("", label))

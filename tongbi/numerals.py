"""Numbers as printed in Chinese reports: parse them, find them with their unit, and bound them.

A printed number is an interval, not a point: 8.5万 means [84500, 85500], 17% means
[16.5, 17.5], an exact count 325020户 means [325020, 325020], and 3650余件 means at least
3650. `Quantity.lo`/`hi` carry that interval (None = unbounded on that side).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from tongbi.lexicon import alternation, longest_first, rules
from tongbi.numbers import (
    _TENS,
    CN_NUMERAL,
    interval,
    measure_plain,
    normalise_number_text,
    parse_chinese,
    parse_number,
)

# An Arabic number: thousands groups only when the first group has 1-3 digits, because the
# ASCII comma is also the Chinese comma in many texts (56152户,共有…). A plain run of digits
# starts where the run starts: from inside it, it could only match where the run's own start
# already would have (a search tries that first), so those tries are skipped (2023年: one try,
# not four). Thousands groups may still start inside a run (12345,678件 -> 345,678件).
# Digit runs are possessive (\d++): fewer digits would leave a digit next, which nothing after
# a number starts with (quantity_regex checks that of its units), so re need not try them.
# An optional group is written (?:X|), and (?:,\d{3})+ as ,\d{3}(?:,\d{3})*: re enters its
# general repeat (a context allocated) for X? or (…)+ at every digit it tries, a branch or a
# literal first costs less (the search ~10% faster; tests hold it equal to the X? form).
ARABIC = r"(?:\d{1,3}+,\d{3}(?:,\d{3})*|(?<!\d)\d++)(?:\.\d++|)"
# Multipliers after an Arabic number: 8.5万, 1,100.9亿, 1.2万亿, 3万4000, 25万6千, 5千.
# 千 before 米/瓦/克 is part of a unit (5千米), not a multiplier.
MULTIPLIED = rf"{ARABIC}(?:(?:万亿|亿|万)(?:\d+千?|)|千(?![米瓦克伏帕卡])|)"
# MULTIPLIED after its first digit, which the quantity pattern has consumed already: the same
# numbers, and the run's own start checked by a lookbehind over that digit.
_MULTIPLIED_TAIL = MULTIPLIED.replace(
    r"(?:\d{1,3}+,\d{3}(?:,\d{3})*|(?<!\d)\d++)",
    r"(?:\d{0,2}+,\d{3}(?:,\d{3})*|(?<!\d.)\d*+)",
    1,
)

PERCENT_UNITS = ("%", "‰")
POINT_UNIT = "个百分点"


class Quantity(NamedTuple):
    """A number with its unit as found in a text: value (multipliers applied) and interval.

    A named tuple, not a dataclass: reports hold a figure every few dozen characters, and a
    frozen dataclass costs several times a tuple to build.
    """

    value: float
    unit: str  # canonical unit (元 for money, % for percent)
    stated: str  # the number as printed, multiplier included ("8.5万")
    approx: str | None  # the approximation marker, as named by the contract
    lo: float | None
    hi: float | None
    start: int  # span of the whole quantity, approximation markers included
    end: int
    num_start: int  # span of the number itself
    num_end: int

    @property
    def unit_class(self) -> str:
        """'percent' for % and ‰, 'points' for 个百分点, else 'count'."""
        if self.unit in PERCENT_UNITS:
            return "percent"
        return "points" if self.unit == POINT_UNIT else "count"


@cache
def _approx_tables() -> dict:
    """Approximation markers by position and class, with their word exceptions."""
    a = rules()["approx"]
    classes: dict[str, str] = {}
    for position in ("prefix", "infix", "suffix"):
        for cls, words in a[position].items():
            for w in words:
                classes[(position, w)] = cls
    return {"classes": classes, **a}


@cache
def _first_class() -> str:
    """A class body of what a number may start with: a digit (\\d), a sign, a Chinese numeral.

    re tests \\d with a Unicode category lookup, a class of listed characters with one table
    lookup: opening the pattern, this class drives the search over all the prose, which runs
    about twice as fast with the digits listed. Only those of the BMP are (each range past it
    would be tested one by one): every code point past it is let in, and the lookbehinds after
    the first character, (?<=\\d) among them, turn away any that is not a digit.
    """
    bmp = "".join(map(chr, range(0x10000)))
    digits = "".join(re.escape(d) for d in re.findall(r"\d", bmp))
    return rf"{digits}\-−{CN_NUMERAL}\U00010000-\U0010FFFF"


@cache
def quantity_regex() -> re.Pattern:
    """The compiled pattern of a quantity: number [余|多] unit [以上|左右]."""
    u = rules()["units"]
    unit_words = u["percent"] + u["permille"] + u["points"] + u["count"]
    a = rules()["approx"]
    infix = alternation(w for ws in a["infix"].values() for w in ws)
    suffix = alternation(w for ws in a["suffix"].values() for w in ws)
    # The pattern opens with a plain class of the number's first character (a sign, a digit
    # or a Chinese numeral: _first_class), which lets re skip prose in C; a lookahead would be tried
    # at every offset. Past that character, a lookbehind tells the three kinds of number
    # apart: a signed Arabic number, an Arabic one, a Chinese numeral (its tail in `cn`).
    # Prefix markers (约, 超过 …) are looked up before the match (_prefix), not matched by
    # the pattern, which would otherwise be tried at every 大 and 多 of the prose.
    # After the number, one class of the first characters of the infix markers and units
    # turns away a number followed by neither (2023年, 一是) before the long unit alternation.
    infix_words = [w for ws in a["infix"].values() for w in ws]
    firsts = {w[0] for w in infix_words + unit_words}
    if firsts & set("0123456789.,"):
        raise ValueError("a unit or marker starting like a number defeats the possessive runs")
    follows = re.escape("".join(sorted(firsts)))
    pattern = (
        rf"(?P<number>[{_first_class()}](?:(?<=[-−])(?P<unsigned>{MULTIPLIED})"
        rf"|(?<=\d){_MULTIPLIED_TAIL}|(?<=[{CN_NUMERAL}])(?P<cn>[{CN_NUMERAL}]*)))"
        rf"(?=[{follows}])(?P<infix>{infix})?"
        rf"(?P<unit>{alternation(unit_words)})"
        rf"(?P<suffix>{suffix})?"
    )
    return re.compile(pattern)


@cache
def _cn_units() -> frozenset[str]:
    return frozenset(rules()["chinese_count_units"])


@cache
def _canonical() -> dict[str, str]:
    return rules()["canonical"]


def canonical_unit(unit: str) -> str:
    """The stored form of a written unit (％ -> %, 百分点 -> 个百分点)."""
    return _canonical().get(unit, unit)


@cache
def _prefixes() -> tuple[frozenset[str], tuple[str, ...]]:
    """The last characters of the prefix markers, and the markers, longest first."""
    words = longest_first(w for ws in rules()["approx"]["prefix"].values() for w in ws)
    return frozenset(w[-1] for w in words), tuple(words)


def _prefix(text: str, s: int, floor: int) -> tuple[str, int] | None:
    """The (prefix marker, start) printed right before offset s and not before `floor`."""
    last, words = _prefixes()
    if not s or text[s - 1] not in last:
        return None
    for w in words:
        start = s - len(w)
        if start >= floor and text.startswith(w, start):
            return w, start
    return None


def _marker(word: str, start: int, end: int, position: str, text: str) -> tuple[str, str] | None:
    """The (contract marker, class) of the approximation marker at [start, end), if real."""
    t = _approx_tables()
    follower = text[end : end + 3]
    if any(follower.startswith(x) for x in t["not_followed_by"].get(word, ())):
        return None
    if start and text[start - 1] in t["not_preceded_by"].get(word, ()):
        return None
    return t["marker_of"].get(word, word), t["classes"][(position, word)]


# A number glued to these is a code, a date part, a ratio or a formula: 1+12+X, 3·15, 0.9∶50.
_GLUE_BEFORE = set("+·∶:/*~—-#＃.") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_GLUE_AFTER = set("+·∶:/*~—#＃")
_GLUE_ANY = _GLUE_BEFORE | {"第"}


def _is_glued(text: str, s: int, e: int, chinese: bool) -> bool:
    """True when the number (starting at s, its quantity ending at e) is part of a code, ratio,
    formula or a longer numeral."""
    prev = text[s - 1] if s else ""
    if prev == "第" or prev.isdigit() or prev in _GLUE_BEFORE:
        return True
    if chinese and prev and (prev in CN_NUMERAL or prev in "首星每"):
        return True
    return e < len(text) and text[e] in _GLUE_AFTER


@cache
def _chinese_exceptions() -> tuple[re.Pattern, tuple[str, ...]]:
    """The terms around a Chinese numeral that make it no count, as one pattern, and the
    abstract words after its unit (see rules: numeral_exceptions, abstract_counted)."""
    terms = re.compile("|".join(map(re.escape, rules()["numeral_exceptions"])))
    return terms, tuple(rules()["abstract_counted"])


def _chinese_count(cn: str, unit: str, s: int, e: int, text: str) -> int | None:
    """The count a Chinese numeral cn writes (its quantity at [s, e), before the written unit),
    or None: a Chinese numeral counts only before a count unit, and bare 一 is prose (一次申请)."""
    # The cheap tests first: bare 一 (一批, 一次) is most Chinese numerals before a unit.
    if cn == "一" or cn == "零" or "〇" in cn or unit not in _cn_units():
        return None
    n = parse_chinese(cn)
    if n is None:
        return None
    terms, abstract = _chinese_exceptions()
    if terms.search(text, max(0, s - 3), e + 3):  # the window of 3 characters either side
        return None
    return None if text.startswith(abstract, e) else n


@lru_cache(maxsize=1 << 16)
def _measure(stated: str, unit_class: str, cls: str | None) -> tuple | None:
    """(value, lo, hi) of a printed number, or None: cached, reports repeat their figures."""
    plain = measure_plain(stated, unit_class, cls)  # the common case: 325020, 3.52, 8.5万
    if plain is not None:
        return plain
    number = parse_number(stated)
    if number is None:
        return None
    lo, hi = interval(number, unit_class, cls)
    return float(number.value), lo, hi


_UNIT_CLASS = {u: "percent" for u in PERCENT_UNITS} | {POINT_UNIT: "points"}


@cache
def _unit_forms() -> dict[str, tuple[str, str]]:
    """Written unit -> (canonical unit, unit class), looked up once per figure."""
    forms = {}
    for written in unit_words():
        unit = _canonical().get(written, written)
        forms[written] = (unit, _UNIT_CLASS.get(unit, "count"))
    return forms


_new_tuple = tuple.__new__  # Quantity(...) goes through a Python-level __new__: this does not


def _quantity(
    m: re.Match, text: str, floor: int, forms: dict, prefix_ends: frozenset[str]
) -> Quantity | None:
    """The Quantity of a regex match, or None when the match is not a figure.

    forms: _unit_forms(); prefix_ends: _prefixes()[0] (looked up once per text, not per figure).
    """
    number, unsigned, cn, infix, unit, suffix = m.groups()  # the groups in order: see GROUPS
    num_start, end = m.span()  # num_start: the sign's or the number's
    chinese = cn is not None  # cn: the numeral past its first character, maybe ""
    if chinese:
        count = _chinese_count(number, unit, num_start, end, text)
        if count is None:
            return None
    prev = text[num_start - 1 : num_start]
    if (prev and (prev in _GLUE_ANY or prev.isdigit())) or text[end : end + 1] in _GLUE_AFTER:
        return None  # a code, date part, ratio or formula (see _is_glued), tested inline
    if chinese and _is_glued(text, num_start, end, True):  # 十四五, 首批: Chinese numerals only
        return None
    # Most figures follow no prefix marker: test its last character before calling _prefix.
    pre = _prefix(text, num_start, floor) if prev in prefix_ends else None
    if pre is None and infix is None and suffix is None:  # most figures: no marker at all
        approx = cls = pre_m = suffix_m = None
    else:
        pre_m = _marker(pre[0], pre[1], num_start, "prefix", text) if pre else None
        infix_m = _marker(infix, *m.span(4), "infix", text) if infix else None
        if infix and infix_m is None:
            return None  # 3多元: the 多 belongs to a word, so 元 is no unit here
        suffix_m = _marker(suffix, *m.span(6), "suffix", text) if suffix else None
        approx, cls = pre_m or infix_m or suffix_m or (None, None)
    unit, unit_class = forms[unit]
    stated = number if unsigned is None else unsigned  # measured without its sign
    if cls is None and unit_class == "count" and stated.isdigit() and stated.isascii():
        value = lo = hi = float(stated)  # an exact count, the most common figure (measure_plain)
    elif cls is None and unit_class == "count" and chinese:
        value = lo = hi = float(count)  # an exact count too: what parse_number and interval give
    else:
        # The common cases (3.52, 8.5万, 余) straight away: an lru_cache call costs as much
        # as measuring, and few figures repeat within a report.
        measured = measure_plain(stated, unit_class, cls) or _measure(stated, unit_class, cls)
        if measured is None:
            return None
        value, lo, hi = measured
    if unsigned is not None:
        value, lo, hi = -value, (-hi if hi is not None else None), (-lo if lo is not None else None)
    return _new_tuple(Quantity, (
        value, unit, number, approx, lo, hi, pre[1] if pre_m else num_start,
        end if suffix is None or suffix_m else m.end(5), num_start, m.end(1),
    ))  # fmt: skip


# The named groups of quantity_regex() in their order, as _quantity unpacks them.
GROUPS = ("number", "unsigned", "cn", "infix", "unit", "suffix")


@cache
def _not_plain_after() -> frozenset[str]:
    """The characters before a number that glue it (see _is_glued) or end a prefix marker."""
    return frozenset(_GLUE_ANY | _prefixes()[0])


def scan_quantities(text: str) -> list[Quantity]:
    """Every quantity of an already normalised text, in order (see textview for normalising)."""
    return [_new_tuple(Quantity, fields[:10]) for fields in figures(text)]


def figures(text: str) -> list[tuple]:
    """scan_quantities' quantities as plain tuples: Quantity's fields, then the characters right
    before and after the quantity (text[start - 1 : start], text[end : end + 1]).

    For a caller that unpacks each figure at once (drafts.build_drafts): a named tuple built
    from a plain one costs twice as much, and this runs per figure. The characters around it,
    sliced here for the glue tests, would cost the caller a new string each (CJK text).
    """
    forms, prefix_ends, not_plain_after = _unit_forms(), _prefixes()[0], _not_plain_after()
    out, floor = [], 0
    append = out.append
    for m in quantity_regex().finditer(text):
        number, unsigned, cn, infix, unit, suffix = m.groups()
        s, e = m.span()
        # Most figures are an unsigned Arabic number right before its unit, with no marker
        # and nothing glued on either side (325020户, 3.52%, 8.5万元): what _quantity makes
        # of them, inlined, as this runs per figure. Anything else is left to _quantity.
        if unsigned is None and cn is None and infix is None and suffix is None:
            prev, after = text[s - 1 : s], text[e : e + 1]
            if prev not in not_plain_after and not prev.isdigit() and after not in _GLUE_AFTER:
                canonical, unit_class = forms[unit]
                if unit_class == "count" and number.isdigit() and number.isascii():
                    value = lo = hi = float(number)  # an exact count, the most common figure
                elif number.isascii() and "," not in number and len(number) <= 24:
                    # Digits and a decimal point, or a percentage: rounded to the last digit,
                    # by measure_plain's int arithmetic, inlined.
                    value = float(number)
                    k = number.find(".")
                    scale = 10 * _TENS[len(number) - k - 1 if k >= 0 else 0]
                    n = 10 * int(number.replace(".", "", 1))
                    lo, hi = (n - 5) / scale, (n + 5) / scale
                else:  # 8.5万, 1,234: multipliers and thousands groups
                    measured = measure_plain(number, unit_class) or _measure(
                        number, unit_class, None
                    )
                    if measured is None:
                        floor = e
                        continue
                    value, lo, hi = measured
                append((value, canonical, number, None, lo, hi, s, e, s, e - len(unit), prev, after))
                floor = e
                continue
        q = _quantity(m, text, floor, forms, prefix_ends)
        if q is not None:
            start, end = q.start, q.end
            append((*q, text[start - 1 : start], text[end : end + 1]))
        floor = e
    return out


def leading_quantity(text: str) -> Quantity | None:
    """The quantity an already normalised text opens with (a table cell: "1234批次"), or None."""
    m = quantity_regex().match(text)
    return None if m is None else _quantity(m, text, 0, _unit_forms(), _prefixes()[0])


@cache
def _cell_units() -> dict[str, tuple[str, str]]:
    """The written units a table cell's number is measured with straight away: those which
    cannot be read as part of the number (a multiplier: 千瓦) or as a marker (余, 多)."""
    infix = {w[0] for ws in rules()["approx"]["infix"].values() for w in ws}
    return {w: form for w, form in _unit_forms().items() if w[0] not in infix | set("万亿千")}


def cell_quantity(number: str, unit: str) -> Quantity | None:
    """leading_quantity(number + unit): a table cell's figure printed with its column's unit.

    A plain number (325020, 3.52) before a unit word needs no pattern: nothing precedes or
    follows it, so it is neither glued nor marked, and it is measured as scan_quantities does.
    """
    form = _cell_units().get(unit)
    whole, dot, fraction = number.partition(".")
    if (
        form is None
        or not whole.isdigit()
        or not (fraction.isdigit() if dot else True)
        or not number.isascii()
        or len(number) > 24  # measure_plain's limit for int arithmetic
    ):
        return leading_quantity(number + unit)
    canonical, unit_class = form
    value = float(number)
    if not dot and unit_class == "count":
        lo = hi = value  # an exact count
    else:  # rounded to its last digit, by int arithmetic (see measure_plain)
        scale = 10 * _TENS[len(fraction)]
        n = 10 * int(whole + fraction)
        lo, hi = (n - 5) / scale, (n + 5) / scale
    end = len(number)
    return _new_tuple(Quantity, (
        value, canonical, number, None, lo, hi, 0, end + len(unit), 0, end,
    ))  # fmt: skip


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity of a short phrase ("8.5万件", "3650余件", "较 2022 年下降 0.13 个百分点")."""
    found = scan_quantities(normalise_number_text(text))
    return found[0] if found else None


def unit_words() -> list[str]:
    """Every written unit, longest first."""
    u = rules()["units"]
    return longest_first(u["percent"] + u["permille"] + u["points"] + u["count"])

"""Numbers as printed in Chinese reports: parse them, find them with their unit, and bound them.

A printed number is an interval, not a point: 8.5万 means [84500, 85500], 17% means
[16.5, 17.5], an exact count 325020户 means [325020, 325020], and 3650余件 means at least
3650. `Quantity.lo`/`hi` carry that interval (None = unbounded on that side).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from tongbi.lexicon import alternation, longest_first, rules

# Full-width digits and signs, as some PDFs and web pages print them (１２３，４５６).
FULLWIDTH = str.maketrans("０１２３４５６７８９％．－＋，", "0123456789%.-+,")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# An Arabic number: thousands groups only when the first group has 1-3 digits, because the
# ASCII comma is also the Chinese comma in many texts (56152户,共有…).
ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# Multipliers after an Arabic number: 8.5万, 1,100.9亿, 1.2万亿, 3万4000, 25万6千, 5千.
# 千 before 米/瓦/克 is part of a unit (5千米), not a multiplier.
MULTIPLIED = rf"{ARABIC}(?:(?:万亿|亿|万)(?:\d+千?)?|千(?![米瓦克伏帕卡]))?"

# Whitespace that is layout, not content: inside a number or between a number and its unit.
_LAYOUT_SPACE = re.compile(r"\s+")

PERCENT_UNITS = ("%", "‰")
POINT_UNIT = "个百分点"


@dataclass(frozen=True)
class Number:
    """A parsed number: its value, the place of its last printed digit, and whether it is exact."""

    value: Decimal
    step: Decimal  # the place value of the last printed digit (8.5万 -> 1000)
    exact: bool  # a plain integer with no multiplier: a count, not a rounded figure


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as found in a text: value (multipliers applied) and interval."""

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


def normalise_number_text(text: str) -> str:
    """The text with full-width digits made ASCII and layout spaces around digits removed."""
    text = text.translate(FULLWIDTH)
    return _LAYOUT_SPACE.sub(_space_or_nothing, text)


def _space_or_nothing(m: re.Match) -> str:
    """Keep a space only between two ASCII letters/digits (two separate numbers stay apart)."""
    s, e = m.start(), m.end()
    before = m.string[s - 1] if s else ""
    after = m.string[e] if e < len(m.string) else ""
    return (
        " " if before.isascii() and after.isascii() and before.isalnum() and after.isalnum() else ""
    )


def parse_chinese(text: str) -> int | None:
    """The integer a Chinese numeral writes (一百二十 -> 120, 二〇二三 -> 2023), or None."""
    if not text or any(ch not in CN_NUMERAL for ch in text):
        return None
    if not any(ch in CN_SMALL_UNITS or ch in CN_BIG_UNITS for ch in text):
        # Digit by digit, as years are written (二〇二三).
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            section += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            if digit is None and section == 0 and total == 0:
                return None  # 万 or 亿 with nothing before it is a word (千家万户), not a number
            total = (total + section + (digit or 0)) * CN_BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_STEPS = [Decimal(1).scaleb(-k) for k in range(40)]  # the step of k printed decimals


def parse_number(text: str) -> Number | None:
    """The value and precision of an Arabic or Chinese number, multipliers applied, or None."""
    if _PLAIN.fullmatch(text):  # the common case, already normalised: 325020, 3.52
        k = text.find(".")
        return Number(Decimal(text), _STEPS[len(text) - k - 1 if k >= 0 else 0], k < 0)
    text = normalise_number_text(text).replace(",", "").lstrip("-−")
    if not text:
        return None
    if text[0] in CN_NUMERAL:
        n = parse_chinese(text)
        return None if n is None else Number(Decimal(n), Decimal(1), True)
    tokens = re.findall(r"\d+(?:\.\d+)?|万亿|[万亿千]", text)
    if "".join(tokens) != text:
        return None
    return _evaluate(tokens)


_MULTIPLIER = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(10) ** 8}
_MULTIPLIER["万亿"] = Decimal(10) ** 12


def _evaluate(tokens: list[str]) -> Number:
    """The Number of Arabic digit groups and multipliers (3万4000 -> 34000, step 1)."""
    total, section, current = Decimal(0), Decimal(0), None
    step, multiplied = Decimal(1), False
    for tok in tokens:
        if tok[0].isdigit():
            current = Decimal(tok)
            step = Decimal(1).scaleb(current.as_tuple().exponent)
            multiplied = False
            continue
        factor = _MULTIPLIER[tok]
        if tok == "千":
            section += (current or 0) * factor
        elif tok == "万":
            total += (section + (current or 0)) * factor
            section = Decimal(0)
        else:  # 亿 and 万亿 scale everything before them (3亿4000万 = 340000000)
            total = (total + section + (current or 0)) * factor
            section = Decimal(0)
        step = step * factor if not multiplied else step
        multiplied, current = True, None
    value = total + section + (current or 0)
    exact = step == 1 and not multiplied
    return Number(value, step, exact)


def _last_nonzero_place(value: Decimal) -> Decimal:
    """The place of the last non-zero digit of an integer (3000 -> 1000, 3650 -> 10)."""
    n = int(abs(value))
    place = 1
    while n and n % 10 == 0:
        n //= 10
        place *= 10
    return Decimal(place)


def interval(
    number: Number, unit_class: str, approx_class: str | None
) -> tuple[float | None, float | None]:
    """The interval of values the printed number allows (on the magnitude, sign not applied)."""
    value = number.value
    # Counts printed as plain integers are exact; percentages and anything with a decimal or
    # a multiplier are rounded to their last digit: 17% is [16.5, 17.5], 8.5万 is ±500.
    exact = number.exact and unit_class == "count"
    half = Decimal(0) if exact else number.step / 2
    if approx_class == "lower":  # 3650余件, 超70万户, 99%以上: at least the number
        return float(value), None
    if approx_class == "upper":  # 近N: slightly below N, never above it
        return None, float(value)
    if approx_class == "about":
        # 约/左右 claim no exact digit: widen by one whole unit of the last significant digit
        # (约3000 -> [2000, 4000], 约8.5万 -> [84000, 86000]) rather than half of it.
        width = _last_nonzero_place(value) if exact or number.step == 1 else number.step
        return float(value - width), float(value + width)
    return float(value - half), float(value + half)


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
def quantity_regex() -> re.Pattern:
    """The compiled pattern of a quantity: [marker] number [余|多] unit [以上|左右]."""
    u = rules()["units"]
    unit_words = u["percent"] + u["permille"] + u["points"] + u["count"]
    a = rules()["approx"]
    prefix = alternation(w for ws in a["prefix"].values() for w in ws)
    infix = alternation(w for ws in a["infix"].values() for w in ws)
    suffix = alternation(w for ws in a["suffix"].values() for w in ws)
    # A cheap first character test keeps the scan fast over text without figures.
    first = "".join(sorted({w[0] for ws in a["prefix"].values() for w in ws}))
    pattern = (
        rf"(?=[{first}\d\-−{CN_NUMERAL}])"
        rf"(?P<pre>{prefix})?"
        rf"(?:(?P<sign>[-−])?(?P<arabic>{MULTIPLIED})|(?P<cn>[{CN_NUMERAL}]+))"
        rf"(?P<infix>{infix})?"
        rf"(?P<unit>{alternation(unit_words)})"
        rf"(?P<suffix>{suffix})?"
    )
    return re.compile(pattern)


@cache
def _cn_units() -> frozenset[str]:
    return frozenset(rules()["chinese_count_units"])


def canonical_unit(unit: str) -> str:
    """The stored form of a written unit (％ -> %, 百分点 -> 个百分点)."""
    return rules()["canonical"].get(unit, unit)


def _marker(m: re.Match, position: str, text: str) -> tuple[str, str] | None:
    """The (contract marker, class) of the approximation marker in group `position`, if real."""
    word = m.group(position)
    if not word:
        return None
    t = _approx_tables()
    start, end = m.span(position)
    follower = text[end : end + 3]
    if any(follower.startswith(x) for x in t["not_followed_by"].get(word, ())):
        return None
    if start and text[start - 1] in t["not_preceded_by"].get(word, ()):
        return None
    cls = t["classes"][("prefix" if position == "pre" else position, word)]
    return t["marker_of"].get(word, word), cls


# A number glued to these is a code, a date part, a ratio or a formula: 1+12+X, 3·15, 0.9∶50.
_GLUE_BEFORE = set("+·∶:/*~—-#＃.") | set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_GLUE_AFTER = set("+·∶:/*~—#＃")


def _is_glued(text: str, m: re.Match, s: int) -> bool:
    """True when the number (starting at s) is part of a code, ratio, formula or a longer numeral."""
    prev = text[s - 1] if s else ""
    if prev == "第" or prev.isdigit() or prev in _GLUE_BEFORE:
        return True
    if m.group("cn") and prev and (prev in CN_NUMERAL or prev in "首星每"):
        return True
    e = m.end()
    return e < len(text) and text[e] in _GLUE_AFTER


def _valid_chinese(m: re.Match, text: str) -> bool:
    """A Chinese numeral counts only before a count unit, and bare 一 is prose (一次申请)."""
    cn = m.group("cn")
    if m.group("unit") not in _cn_units() or cn == "一" or parse_chinese(cn) is None:
        return False
    if "〇" in cn or cn == "零":
        return False
    s = m.start("cn")
    window = text[max(0, s - 3) : m.end() + 3]
    if any(x in window for x in rules()["numeral_exceptions"]):
        return False
    return not text.startswith(tuple(rules()["abstract_counted"]), m.end())


@lru_cache(maxsize=1 << 16)
def _measure(stated: str, unit_class: str, cls: str | None) -> tuple | None:
    """(value, lo, hi) of a printed number, or None: cached, reports repeat their figures."""
    number = parse_number(stated)
    if number is None:
        return None
    lo, hi = interval(number, unit_class, cls)
    return float(number.value), lo, hi


def _unit_class(unit: str) -> str:
    return "percent" if unit in PERCENT_UNITS else "points" if unit == POINT_UNIT else "count"


def _quantity(m: re.Match, text: str) -> Quantity | None:
    """The Quantity of a regex match, or None when the match is not a figure."""
    pre, sign, arabic, infix, suffix = m.group("pre", "sign", "arabic", "infix", "suffix")
    if arabic is None and not _valid_chinese(m, text):
        return None
    num_start = _num_start(m)
    if _is_glued(text, m, num_start):
        return None
    markers = [
        _marker(m, "pre", text) if pre else None,
        _marker(m, "infix", text) if infix else None,
        _marker(m, "suffix", text) if suffix else None,
    ]
    if infix and markers[1] is None:
        return None  # 3多元: the 多 belongs to a word, so 元 is no unit here
    found = [x for x in markers if x]
    approx, cls = found[0] if found else (None, None)
    unit = canonical_unit(m.group("unit"))
    measured = _measure(arabic or m.group("cn"), _unit_class(unit), cls)
    if measured is None:
        return None
    value, lo, hi = measured
    stated = arabic or m.group("cn")
    if sign:
        value, lo, hi = -value, (-hi if hi is not None else None), (-lo if lo is not None else None)
        stated = sign + stated
    num_end = _num_end(m)
    start = m.start() if markers[0] else num_start
    end = m.end() if suffix and markers[2] else m.end("unit")
    return Quantity(value, unit, stated, approx, lo, hi, start, end, num_start, num_end)


def _num_start(m: re.Match) -> int:
    return m.start("sign") if m.group("sign") else m.start("arabic" if m.group("arabic") else "cn")


def _num_end(m: re.Match) -> int:
    return m.end("arabic") if m.group("arabic") else m.end("cn")


def scan_quantities(text: str) -> list[Quantity]:
    """Every quantity of an already normalised text, in order (see textview for normalising)."""
    out = []
    for m in quantity_regex().finditer(text):
        q = _quantity(m, text)
        if q is not None:
            out.append(q)
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity of a short phrase ("8.5万件", "3650余件", "较 2022 年下降 0.13 个百分点")."""
    found = scan_quantities(normalise_number_text(text))
    return found[0] if found else None


def unit_words() -> list[str]:
    """Every written unit, longest first."""
    u = rules()["units"]
    return longest_first(u["percent"] + u["permille"] + u["points"] + u["count"])

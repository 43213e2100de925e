"""Printed numbers: Arabic and Chinese numerals parsed, and bounded by their printed precision.

A printed number is an interval, not a point: 8.5万 means [84500, 85500], 17% means
[16.5, 17.5], an exact count means itself, and 3650余 means at least 3650.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

# Full-width digits and signs, as some PDFs and web pages print them (１２３，４５６).
FULLWIDTH = str.maketrans("０１２３４５６７８９％．－＋，", "0123456789%.-+,")

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"

# Whitespace that is layout, not content: inside a number or between a number and its unit.
_LAYOUT_SPACE = re.compile(r"\s+")


class Number(NamedTuple):
    """A parsed number: its value, the place of its last printed digit, and whether it is exact."""

    value: Decimal
    step: Decimal  # the place value of the last printed digit (8.5万 -> 1000)
    exact: bool  # a plain integer with no multiplier: a count, not a rounded figure


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
_HALF_STEPS = [step / 2 for step in _STEPS]
_TENS = [10**k for k in range(40)]


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


# A multiplier printed last (8.5万, 1.2亿, 3千, 1.5万亿) and its power of ten.
_PLACES = {"千": 3, "万": 4, "亿": 8}


def measure_plain(
    text: str, unit_class: str, approx_class: str | None = None
) -> tuple[float, float | None, float | None] | None:
    """(value, lo, hi) of a plain number, maybe with one multiplier last (325020, 3.52, 8.5万),
    with no marker or a one-sided one ("lower", "upper"); None for anything else.

    The same figures as parse_number and interval, by str and int arithmetic: this runs per
    figure, and a Decimal parse costs ten times as much.
    """
    if approx_class is None:
        if unit_class == "count" and text.isdigit() and text.isascii():
            value = float(text)  # an exact count, the most common figure: its own interval
            return value, value, value
    elif approx_class != "lower" and approx_class != "upper":
        return None
    digits, places = text, _PLACES.get(text[-1:], 0)
    if places:
        digits = text[:-1]
        if places == 8 and digits.endswith("万"):
            digits, places = digits[:-1], 12
    if digits.isdigit() and digits.isascii():  # the common case first
        k, decimals = -1, 0
    else:
        whole, dot, fraction = digits.partition(".")
        if not (dot and whole.isdigit() and fraction.isdigit() and digits.isascii()):
            return None
        k, decimals = len(whole), len(fraction)
    if places:
        return _multiplied(digits, decimals, places, approx_class)
    if approx_class is not None:
        value = float(digits)
        return (value, value, None) if approx_class == "lower" else (value, None, value)
    if k < 0 and unit_class == "count":
        value = float(digits)  # an exact count: its own interval
        return value, value, value
    if len(digits) > 24:  # beyond what int arithmetic below is checked against: Decimal
        value, half = Decimal(digits), _HALF_STEPS[decimals]
        return float(value), float(value - half), float(value + half)
    # value ± half a step is (10n ± 5) / 10^(places+1), exactly; int / int rounds correctly
    # once, as float(Decimal) does, at a fraction of a Decimal's cost (this runs per figure).
    scale = 10 * _TENS[decimals]
    n = 10 * int(digits.replace(".", "", 1))
    return float(digits), (n - 5) / scale, (n + 5) / scale


def _ratio(n: int, exponent: int) -> float:
    """n * 10**exponent as the nearest float (int / int rounds once, as float(Decimal) does)."""
    return float(n * _TENS[exponent]) if exponent >= 0 else n / _TENS[-exponent]


def _multiplied(
    digits: str, decimals: int, places: int, approx_class: str | None
) -> tuple[float, float | None, float | None] | None:
    """(value, lo, hi) of digits times 10**places, never exact: 8.5万 is 85000 ± 500."""
    if len(digits) > 12:  # Decimal rounds past 28 digits: leave those to parse_number
        return None
    n = int(digits.replace(".", "", 1))
    exponent = places - decimals  # value = n * 10**exponent, half a step 5 * 10**(exponent-1)
    value = _ratio(n, exponent)
    if approx_class == "lower":
        return value, value, None
    if approx_class == "upper":
        return value, None, value
    return value, _ratio(10 * n - 5, exponent - 1), _ratio(10 * n + 5, exponent - 1)

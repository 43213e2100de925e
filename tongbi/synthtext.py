"""Printing synthetic figures as reports print them, and the interval oracle that judges them.

A printed number is an interval (8.5万 → [84500, 85500]); the oracle here is exact
(fractions), independent of the warehouse SQL it is used to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

SCALES = {"": 1, "万": 10**4, "亿": 10**8}


@dataclass(frozen=True)
class Num:
    """A number as printed: its text, its interval (None = open side) and approximation marker."""

    text: str  # "8.5万", "39.43", "3650"
    lo: Fraction | None
    hi: Fraction | None
    approx: str | None = None

    @property
    def exact(self) -> bool:
        """Whether both bounds are known (not an approximation)."""
        return self.approx is None and self.lo is not None and self.hi is not None


def rounded(x: Fraction, decimals: int) -> Decimal:
    """x rounded half-up (on its magnitude) to `decimals`, the way reports round."""
    q = Decimal(1).scaleb(-decimals)
    magnitude = (Decimal(abs(x.numerator)) / Decimal(x.denominator)).quantize(q, ROUND_HALF_UP)
    return -magnitude if x < 0 else magnitude


def half_unit(decimals: int, multiplier: int = 1) -> Fraction:
    """Half of the last printed digit: 8.5万 → 500."""
    return Fraction(1, 2) * Fraction(10) ** -decimals * multiplier


def level(value: int, scale: str = "", decimals: int = 0) -> Num:
    """An integer level printed exactly (scale "") or in 万/亿 with some decimals."""
    if not scale:
        return Num(str(value), Fraction(value), Fraction(value))
    multiplier = SCALES[scale]
    shown = rounded(Fraction(value, multiplier), decimals)
    centre = Fraction(shown) * multiplier
    half = half_unit(decimals, multiplier)
    return Num(f"{shown}{scale}", centre - half, centre + half)


def percent(x: Fraction, decimals: int) -> Num:
    """A magnitude printed as a percentage or a number of points (sign left to the words)."""
    shown = rounded(abs(x), decimals)
    half = half_unit(decimals)
    return Num(f"{shown}", Fraction(shown) - half, Fraction(shown) + half)


def approximate(value: int, marker: str) -> Num:
    """3650余 (at least), 近4000 (at most), 约3700 (about): an open or unknown interval."""
    if marker == "余":
        n = value // 10 * 10
        return Num(f"{n}余", Fraction(n), None, "余")
    if marker == "近":
        n = -(-value // 100) * 100
        return Num(f"近{n}", None, Fraction(n), "近")
    n = round(value, -2)
    return Num(f"约{n}", None, None, "约")


def at_edge(value: int, scale: str, decimals: int, upper: bool) -> int:
    """The integer nearest the edge of the interval `value` prints in (8.5万 → 84500 or 85499)."""
    step = Fraction(SCALES[scale]) * Fraction(10) ** -decimals
    if not scale or step < 2:
        return value
    centre = Fraction(rounded(Fraction(value) / step, 0)) * step
    edge = centre + step / 2 - 1 if upper else centre - step / 2
    return max(1, int(edge if edge.denominator == 1 else edge.__ceil__()))


def point(num: Num) -> Num:
    """The printed point of a number, as a zero-width interval (8.5万 → [85000, 85000])."""
    centre = (num.lo + num.hi) / 2
    return Num(num.text, centre, centre)


def signed(num: Num, sign: int) -> tuple[Fraction, Fraction]:
    """The interval of a stated change with its sign (下降7.7% → [-7.75, -7.65])."""
    return (num.lo, num.hi) if sign > 0 else (-num.hi, -num.lo)


def overlaps(stated: tuple[Fraction, Fraction], computed: tuple[Fraction, Fraction]) -> bool:
    """Whether a stated interval meets the interval the other numbers allow."""
    return stated[0] <= computed[1] and stated[1] >= computed[0]


def yoy_allows(cur: Num, prev: Num) -> tuple[Fraction, Fraction]:
    """The 同比 % two positive printed levels allow."""
    return (cur.lo / prev.hi - 1) * 100, (cur.hi / prev.lo - 1) * 100


def difference_allows(cur: Num, prev: Num) -> tuple[Fraction, Fraction]:
    """The change (净增 or 个百分点) two printed levels allow."""
    return cur.lo - prev.hi, cur.hi - prev.lo


def ratio_allows(numerator: Num, denominator: Num) -> tuple[Fraction, Fraction]:
    """The rate % a printed numerator and denominator allow."""
    return numerator.lo / denominator.hi * 100, numerator.hi / denominator.lo * 100

"""The true series of a fictional bureau: levels that trend with noise, printed in its style."""

from __future__ import annotations

import random
from fractions import Fraction

from tongbi import synthtext as st
from tongbi.synthseries import PARTS, RATIO_COUNTS, SPECS, YOY_KEYS, Series, Spec


def simulate(rng: random.Random, years: range, jump: int | None = None) -> Series:
    """A bureau's true series over `years` (and the year before), its style; `jump`: anomaly year."""
    span = range(years.start - 1, years.stop)
    style = {k: rng.choice(spec.scales) for k, spec in SPECS.items()}
    values = {k: _walk(rng, spec, span) for k, spec in SPECS.items()}
    if jump is not None:
        values["eq"][jump] = round(values["eq"][jump] * rng.uniform(2.2, 3.0))
    for part, (_, whole, shares) in PARTS.items():
        values[part] = _share_of(rng, values[whole], shares, min_step=0)
    for key, (_, _, base, shares) in RATIO_COUNTS.items():
        values[key] = _share_of(rng, values[base], shares, min_step=0.002)
    for key, by_year in values.items():
        _snap_to_edges(rng, by_year, style.get(key) or style.get(_whole_of(key), ("", 0)))
    decimals = {f"{k}_yoy": rng.choice(SPECS[k].yoy or (1,)) for k in YOY_KEYS}
    decimals |= {"rate": rng.choice((1, 2)), "fr": rng.choice((1, 2))}
    free = {
        "half": {y: _fraction(rng.uniform(-15, 25)) for y in span},
        "rev": {y: _fraction(rng.uniform(1, 9)) for y in span},
    }
    return Series(years, values, style, decimals, _arr(rng, span), free, rng.choice("余近约"))


def _walk(rng: random.Random, spec: Spec, span: range) -> dict[int, int]:
    """A level per year: a trend plus noise, never standing still (a 同比 of 0 is not printed)."""
    value, trend = rng.randint(*spec.base), rng.uniform(*spec.trend)
    out = {span.start: value}
    for year in span[1:]:
        growth = 0.0
        while abs(growth) < 0.015:  # enough to print a non-zero 同比 even with 0 decimals
            growth = trend + rng.uniform(-spec.noise, spec.noise)
        value = max(1, round(value * (1 + growth)))
        out[year] = value
    return out


def _share_of(rng, base: dict[int, int], shares: tuple, min_step: float) -> dict[int, int]:
    """A part of `base` each year, its share drifting slowly; the share moves by ≥ min_step."""
    share, out, last = rng.uniform(*shares), {}, None
    for year, whole in base.items():
        for _ in range(100):
            s = min(max(share + rng.uniform(-0.02, 0.02), shares[0]), shares[1])
            value = max(1, round(whole * s))
            if last is None or abs(value / whole - last) >= min_step:
                break
        out[year], last = value, value / whole
    return out


def _whole_of(key: str) -> str | None:
    return PARTS[key][1] if key in PARTS else None


def _snap_to_edges(rng, by_year: dict[int, int], style: tuple[str, int]) -> None:
    """Moves about a third of the values to the very edge of the interval they print in."""
    scale, decimals = style
    for year, value in by_year.items():
        if scale and rng.random() < 0.35:
            by_year[year] = st.at_edge(value, scale, decimals, upper=rng.random() < 0.5)


def _arr(rng: random.Random, span: range) -> dict[int, Fraction]:
    """企业年报率 %, a random walk between 85 and 99 that moves ≥ 0.1 point a year."""
    x, out = rng.uniform(88, 96), {}
    for year in span:
        out[year] = _fraction(x)
        x = min(max(x + rng.choice((-1, 1)) * rng.uniform(0.1, 1.5), 85), 99)
    return out


def _fraction(x: float) -> Fraction:
    """x as an exact fraction with four decimals."""
    return Fraction(round(x * 10000), 10000)

"""The fictional samples hold together exactly, except for the one documented inconsistency."""

from __future__ import annotations

import csv
import html
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
import yaml

from tongbi.settings import get_settings

SAMPLES = get_settings().samples_dir
TRUTH = yaml.safe_load((SAMPLES / "truth.yaml").read_text(encoding="utf-8"))
YEARS = sorted(TRUTH["facts"])
DELIBERATE = TRUTH["deliberate_inconsistency"]


def sample_text(year: int) -> str:
    """The sample's text decoded independently of tongbi.ingest (tags stripped for HTML)."""
    meta = TRUTH["documents"][year]
    raw = (SAMPLES / meta["file"]).read_bytes()
    text = raw.decode(meta["encoding"]).replace("\r\n", "\n")
    if meta["format"] == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text


def interval(fact: dict) -> tuple[Decimal, Decimal | None]:
    """The range a printed level allows: 4.1万 -> [40500, 41500]; 820余 -> [820, None]."""
    stated = fact["stated"]
    mult = Decimal(10000) if stated.endswith("万") else Decimal(1)
    number = Decimal(stated.removesuffix("万"))
    half = Decimal(1).scaleb(number.as_tuple().exponent) / 2 * mult
    if number == number.to_integral_value() and mult == 1:
        half = Decimal(0)  # an integer count is exact
    value = number * mult
    if fact.get("approx"):
        return value, None
    return value - half, value + half


def point(fact: dict) -> Decimal:
    """The printed level as a number with multipliers applied."""
    stated = fact["stated"]
    return Decimal(stated.removesuffix("万")) * (10000 if stated.endswith("万") else 1)


def rounded(x: Decimal, decimals: int) -> Decimal:
    """x rounded half-up to the printed decimals (the way reports round)."""
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def signed(fact: dict) -> Decimal:
    """A change's stated value with its sign (下降 / 减少 -> negative)."""
    return Decimal(str(fact["value"])).quantize(Decimal(1).scaleb(-fact.get("decimals", 0)))


def levels(year: int) -> dict[str, dict]:
    """The count and rate facts of a year by indicator."""
    return {
        f["indicator"]: f for f in TRUTH["facts"].get(year, []) if f["kind"] in ("count", "rate")
    }


def overlaps(lo: Decimal, hi: Decimal, stated: Decimal, decimals: int) -> bool:
    """Whether the computed interval meets the stated value's printed-precision interval."""
    half = Decimal(1).scaleb(-decimals) / 2
    return lo <= stated + half and hi >= stated - half


def check_yoy(fact: dict, cur: dict, prev: dict) -> bool:
    """Whether the stated 同比 % holds both at the printed points and within the intervals."""
    (clo, chi), (plo, phi) = interval(cur), interval(prev)
    at_points = rounded((point(cur) / point(prev) - 1) * 100, fact["decimals"]) == signed(fact)
    lo, hi = (clo / phi - 1) * 100, (chi / plo - 1) * 100
    return at_points and overlaps(lo, hi, signed(fact), fact["decimals"])


def check_rate(fact: dict, num: dict, den: dict) -> bool:
    """Whether a rate equals numerator / denominator rounded to its printed decimals."""
    return rounded(point(num) / point(den) * 100, fact["decimals"]) == signed(fact)


def check_pp(fact: dict, cur: dict, prev: dict) -> bool:
    """Whether a 个百分点 change is the difference of the two printed rates."""
    return point(cur) - point(prev) == signed(fact)


def check_abs(fact: dict, cur: dict, prev: dict) -> bool:
    """Whether a 净增 / 比上年增加 change is the difference of the two printed levels."""
    return point(cur) - point(prev) == signed(fact)


def statements() -> list[tuple[int, dict]]:
    """Every change, rate and part of every year: what the checks recompute."""
    return [
        (year, f)
        for year in YEARS
        for f in TRUTH["facts"][year]
        if f["kind"] in ("yoy", "pp", "abs_change") or "numerator" in f or "part_of" in f
    ]


def verdict(year: int, fact: dict) -> str:
    """pass, fail, or not_assessable (the prior year is not among the samples)."""
    this, last = levels(year), levels(year - 1)
    kind = fact["kind"]
    if "part_of" in fact:
        whole_hi = interval(this[fact["part_of"]])[1]
        return "pass" if whole_hi is None or interval(fact)[0] <= whole_hi else "fail"
    if kind == "rate":
        ok = check_rate(fact, this[fact["numerator"]], this[fact["denominator"]])
        return "pass" if ok else "fail"
    if fact["of"] not in last:
        return "not_assessable"
    check = {"yoy": check_yoy, "pp": check_pp, "abs_change": check_abs}[kind]
    return "pass" if check(fact, this[fact["of"]], last[fact["of"]]) else "fail"


def is_deliberate(year: int, fact: dict) -> bool:
    """Whether this statement is the one documented inconsistency."""
    return (year, fact["indicator"], fact["kind"], fact["quote"]) == (
        DELIBERATE["year"],
        DELIBERATE["indicator"],
        DELIBERATE["kind"],
        DELIBERATE["quote"],
    )


@pytest.mark.parametrize("year", YEARS)
def test_every_quote_is_in_the_text(year):
    text = sample_text(year)
    missing = [f["quote"] for f in TRUTH["facts"][year] if f["quote"] not in text]
    assert missing == []


@pytest.mark.parametrize("year", YEARS)
def test_every_stated_number_is_in_its_quote(year):
    for f in TRUTH["facts"][year]:
        assert f["stated"].removesuffix("万") in f["quote"], f


@pytest.mark.parametrize(
    ("year", "fact"),
    statements(),
    ids=[f"{y}-{f['indicator']}-{f['kind']}" for y, f in statements()],
)
def test_statement_holds_unless_deliberate(year, fact):
    expected = "fail" if is_deliberate(year, fact) else ("not_assessable", "pass")
    got = verdict(year, fact)
    if expected == "fail":
        assert got == "fail", f"the deliberate inconsistency must fail: {fact['quote']}"
    elif year == YEARS[0] and fact["kind"] in ("yoy", "pp", "abs_change"):
        assert got == "not_assessable"
    else:
        assert got == "pass", f"{year} {fact['quote']}"


def test_exactly_one_inconsistency():
    fails = [(y, f["quote"]) for y, f in statements() if verdict(y, f) == "fail"]
    assert fails == [(DELIBERATE["year"], DELIBERATE["quote"])]


def test_the_deliberate_yoy_fails_even_with_rounding():
    this, last = levels(2023), levels(2022)
    cur, prev = this[DELIBERATE["indicator"]], last[DELIBERATE["indicator"]]
    actual = (point(cur) / point(prev) - 1) * 100
    assert abs(actual - Decimal(19)) > Decimal("0.5")


@pytest.mark.parametrize("year", YEARS)
def test_each_year_has_the_required_kinds_of_fact(year):
    facts = TRUTH["facts"][year]
    kinds = {f["kind"] for f in facts}
    units = {f["unit"] for f in facts}
    assert len(facts) >= 30
    assert kinds == {"count", "rate", "yoy", "pp", "abs_change"}
    assert {"户", "件", "家次", "户次", "张", "个", "项", "批次", "元"} <= units
    assert any(f.get("approx") for f in facts)
    assert any(f["stated"].endswith("万") for f in facts)
    assert any("part_of" in f for f in facts)


def test_indicators_and_units_are_stable_across_years():
    by_year = {
        y: {(f["indicator"], f["kind"], f["unit"]) for f in TRUTH["facts"][y]} for y in YEARS
    }
    assert all(s == by_year[YEARS[0]] for s in by_year.values())


def test_wording_changes_are_the_documented_ones():
    documented = {(w["indicator"], w["year"]) for w in TRUTH["wording_changes"]}
    changed = set()
    for prev, year in zip(YEARS, YEARS[1:], strict=False):
        old = {f["indicator"]: f["label"] for f in TRUTH["facts"][prev] if f["kind"] == "count"}
        for f in TRUTH["facts"][year]:
            if f["kind"] == "count" and old.get(f["indicator"]) != f["label"]:
                changed.add((f["indicator"], year))
    assert changed == documented


def test_manifest_lists_the_four_samples():
    with open(SAMPLES / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["path"], int(r["year"])) for r in rows] == [
        (TRUTH["documents"][y]["file"], y) for y in YEARS
    ]
    assert {r["agency"] for r in rows} == {TRUTH["agency"]}
    assert {r["series"] for r in rows} == {TRUTH["series"]}


def test_readme_documents_the_inconsistency():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    assert DELIBERATE["quote"] in readme
    assert TRUTH["documents"][DELIBERATE["year"]]["file"] in readme


def test_samples_dir_is_in_the_repository():
    assert Path(SAMPLES).is_dir()

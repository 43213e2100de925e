"""The checks (sql/intermediate/int_check_*.sql → check_results), on real DuckDB files."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongbi import checks, warehouse
from tongbi.model import Document, Fact, facts_frame

AGENCY = "某区市场监督管理局"
_salt = itertools.count()


def interval(stated: str, exact: bool) -> tuple[float, float, float]:
    """value, lo, hi of a printed number: 8.5万 → 85000 in [84500, 85500]; 2882 exact."""
    text, multiplier = stated, Decimal(1)
    for suffix, m in (("亿", Decimal(10) ** 8), ("万", Decimal(10) ** 4)):
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], m
    number = Decimal(text)
    value = number * multiplier
    if exact and multiplier == 1 and number == number.to_integral_value():
        return float(value), float(value), float(value)
    half = Decimal(5) * Decimal(10) ** (number.as_tuple().exponent - 1) * multiplier
    return float(value), float(value - half), float(value + half)


class Report:
    """One document under construction: facts get ids, quotes and offsets in order."""

    def __init__(self, year: int, agency: str = AGENCY, series: str = "工作总结"):
        sha = hashlib.sha256(f"{agency}{series}{year}{next(_salt)}".encode()).hexdigest()
        self.document = Document(
            doc=sha[:12], sha256=sha, source=f"{agency}-{year}.txt", format="txt",
            encoding="utf-8", agency=agency, series=series, year=year, title=None,
            doc_number=None, published=None, raw_path=None, text_path=None, n_chars=0,
            status="loaded", message=None,
        )  # fmt: skip
        self.facts: list[Fact] = []
        self.cursor = 0

    def add(self, kind, indicator, stated, unit, *, refers_to=None, gap=2, approx=None,
            section="一", label=None, **extra) -> str:  # fmt: skip
        """Appends a fact printed as `stated` and returns its id."""
        value, lo, hi = interval(stated, exact=kind == "count" and approx is None)
        if approx:  # 3650余件: at least 3650, no upper bound
            lo, hi = value, None
        label = label or indicator
        quote = f"{label}{stated}{unit}"
        fact = Fact(
            doc=self.document.doc, id=f"f{len(self.facts) + 1:03d}", kind=kind, label=label,
            indicator=indicator, value=value, unit=unit, stated=stated, approx=approx, lo=lo,
            hi=hi, start=self.cursor + gap, end=self.cursor + gap + len(quote), quote=quote,
            refers_to=refers_to, section=section, **extra,
        )  # fmt: skip
        self.cursor = fact.end
        self.facts.append(fact)
        return fact.id

    def level(self, indicator, stated, unit="件", **kw) -> str:
        return self.add("rate" if unit == "%" else "count", indicator, stated, unit, **kw)

    def yoy(self, ref, stated, **kw) -> str:
        return self.add("yoy", self._indicator(ref), stated, "%", refers_to=ref, **kw)

    def _indicator(self, ref: str) -> str:
        return next(f.indicator for f in self.facts if f.id == ref)


def load(tmp_path: Path, reports: list[Report], run_id: str = "run-1") -> Path:
    """Loads the reports into tmp_path/w.duckdb and returns the database path."""
    db = tmp_path / "w.duckdb"
    files = {}
    for r in reports:
        files[r.document.doc] = tmp_path / f"{r.document.doc}.parquet"
        facts_frame(r.facts).write_parquet(files[r.document.doc])
    warehouse.load(db, [r.document for r in reports], files, run_id, [])
    return db


def results(db: Path, check: str, agency: str | None = None) -> list[dict]:
    """The check_results rows of one check (of one agency, if given), as dicts."""
    where, params = '"check" = ?', [check]
    if agency is not None:
        where, params = where + " and agency = ?", [check, agency]
    with warehouse.connect(db, read_only=True) as con:
        rel = con.execute(f"select * from check_results where {where} order by check_id", params)
        columns = [d[0] for d in rel.description]
        return [dict(zip(columns, row, strict=True)) for row in rel.fetchall()]


def two_years(
    prev: str, cur: str, stated: str, unit: str = "件", agency: str = AGENCY, **yoy_kw
) -> list[Report]:
    """Last year's report printing `prev`, this year's printing `cur` with a yoy `stated`."""
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    r22.level("cases", prev, unit)
    r23.yoy(r23.level("cases", cur, unit), stated, **yoy_kw)
    return [r22, r23]


# ------------------------------------------------------------------ one warehouse for the tables

# Each table-driven case is a scenario: a function agency -> reports. No check looks
# across agencies, so every scenario gets its own agency (its key) in one warehouse built
# once for the module: one build instead of one per case, the bulk of a case's time.
# A test whose assertion is about the whole warehouse (checks.summarize) builds its own.
SCENARIOS: dict[str, Callable[..., list[Report]]] = {}


def scenario(key: str, build: Callable[..., list[Report]]) -> str:
    """Registers `build(agency=key)` for the shared warehouse; returns the key."""
    assert key not in SCENARIOS, key
    SCENARIOS[key] = build
    return key


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """The warehouse holding every registered scenario, each under its key as agency."""
    reports = [r for key, build in SCENARIOS.items() for r in build(agency=key)]
    return load(tmp_path_factory.mktemp("batch"), reports)


# ------------------------------------------------------------------ yoy and restatement

YOY_CASES = [
    ("8.5万 vs 7.9万, stated 7.7%", "7.9万", "8.5万", "7.7", "pass"),
    ("2882 vs 2463, stated 21%", "2463", "2882", "21", "fail"),
    ("2882 vs 2463, stated 17%", "2463", "2882", "17", "pass"),
    ("2882 vs 2463, stated 17.01%", "2463", "2882", "17.01", "pass"),
    ("2882 vs 2463, stated 17.1%: exact counts leave no room", "2463", "2882", "17.1", "fail"),
    ("325020 vs 313968, stated 3.52%", "313968", "325020", "3.52", "pass"),
    ("下降22%: 78 vs 100", "100", "78", "-22", "pass"),
    ("增长22% where it fell", "100", "78", "22", "fail"),
    ("105.35亿 vs 98.2亿, stated 7.3%", "98.2亿", "105.35亿", "7.3", "pass"),
    ("105.35亿 vs 98.2亿, stated 9.3%", "98.2亿", "105.35亿", "9.3", "fail"),
    ("1.2万 vs 1.1万: coarse levels allow +4%..+14%", "1.1万", "1.2万", "13.9", "pass"),
]


for _case, _prev, _cur, _stated, _ in YOY_CASES:
    scenario(f"yoy: {_case}", partial(two_years, _prev, _cur, _stated))


@pytest.mark.parametrize(("case", "prev", "cur", "stated", "expected"), YOY_CASES)
def test_yoy_and_restatement(batch, case, prev, cur, stated, expected):
    (yoy,) = results(batch, "yoy", f"yoy: {case}")
    (restatement,) = results(batch, "restatement", f"yoy: {case}")
    assert yoy["status"] == expected, yoy["message"]
    # The same arithmetic from the other side: the two verdicts agree.
    assert restatement["status"] == expected, restatement["message"]
    assert yoy["severity"] == "error"
    assert len(yoy["evidence"]) == 3


YOY_MESSAGE = scenario("yoy message", partial(two_years, "7.9万", "8.5万", "7.7"))


def test_yoy_message_and_interval(batch):
    (row,) = results(batch, "yoy", YOY_MESSAGE)
    assert row["computed_lo"] == pytest.approx(6.2893, abs=1e-4)
    assert row["computed_hi"] == pytest.approx(8.9172, abs=1e-4)
    assert (row["stated_lo"], row["stated_hi"]) == pytest.approx((7.65, 7.75))
    assert "+7.7%" in row["message"] and "+6.29%..+8.92%" in row["message"]
    assert [e["year"] for e in row["evidence"]] == [2022, 2023, 2023]


def test_yoy_failure_message_names_both_levels(tmp_path):
    db = load(tmp_path, two_years("2463", "2882", "21"))
    (row,) = results(db, "yoy")
    assert row["message"] == (
        "cases: stated +21% but 2022's 2463件 → 2023's 2882件 allows +17.01%..+17.01%."
    )
    assert checks.summarize(db).n_error_failures == 2  # yoy and restatement


NOT_ASSESSABLE = [
    ("no prior level", {}, "no 2022 level of cases"),
    ("上半年", {"period": "上半年"}, "上半年"),
    ("按可比价格", {"basis": "按可比价格"}, "按可比价格"),
    ("较2020年", {"base_year": 2020}, "against 2020"),
]


def not_assessable(case: str, extra: dict, agency: str) -> list[Report]:
    reports = two_years("2463", "2882", "99", agency=agency, **extra)  # 99% would fail if assessed
    return reports[1:] if case == "no prior level" else reports


for _case, _extra, _ in NOT_ASSESSABLE:
    scenario(f"not assessable: {_case}", partial(not_assessable, _case, _extra))


@pytest.mark.parametrize(("case", "extra", "reason"), NOT_ASSESSABLE)
def test_yoy_not_assessable(batch, case, extra, reason):
    for check in ("yoy", "restatement"):
        (row,) = results(batch, check, f"not assessable: {case}")
        assert row["status"] == "not_assessable"
        assert reason in row["message"]


def approximate_level(agency: str) -> list[Report]:
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    r22.level("cases", "3000")
    r23.yoy(r23.level("cases", "3650", approx="余"), "99")
    return [r22, r23]


APPROXIMATE = scenario("approximate level", approximate_level)


def test_yoy_of_approximate_level_is_not_assessable(batch):
    (row,) = results(batch, "yoy", APPROXIMATE)
    assert row["status"] == "not_assessable" and "approximate" in row["message"]


BASE_YEAR = scenario("base year", partial(two_years, "2463", "2882", "17", base_year=2022))


def test_base_year_of_prior_year_is_assessed(batch):
    assert results(batch, "yoy", BASE_YEAR)[0]["status"] == "pass"


def same_series(agency: str) -> list[Report]:
    bulletin = Report(2022, agency=agency, series="统计公报")
    bulletin.level("cases", "9999")
    return [bulletin, *two_years("2463", "2882", "17", agency=agency)]


SAME_SERIES = scenario("same series", same_series)


def test_prior_level_prefers_the_same_series(batch):
    assert results(batch, "yoy", SAME_SERIES)[0]["status"] == "pass"


# ------------------------------------------------------------------ rate

RATE_CASES = [
    (
        "检查16757户次,发现6608件次,发现率39.43%",
        ("16757", "户次"),
        ("6608", "件次"),
        "39.43",
        2,
        "pass",
    ),
    ("numerator first", ("6608", "件次"), ("16757", "户次"), "39.43", 2, "pass"),
    ("wrong rate", ("16757", "户次"), ("6608", "件次"), "40.43", 2, "fail"),
    ("办结率98.3%, 11800 of 12000", ("12000", "件"), ("11800", "件"), "98.3", 2, "pass"),
    ("counts too far away", ("16757", "户次"), ("6608", "件次"), "40.43", 90, None),
]


def rate_report(first, second, rate, gap, agency: str) -> list[Report]:
    r = Report(2023, agency=agency)
    r.level("checked", first[0], first[1])
    r.level("found", second[0], second[1])
    r.level("found_rate", rate, "%", gap=gap)
    return [r]


for _case, _first, _second, _rate, _gap, _ in RATE_CASES:
    scenario(f"rate: {_case}", partial(rate_report, _first, _second, _rate, _gap))


@pytest.mark.parametrize(("case", "first", "second", "rate", "gap", "expected"), RATE_CASES)
def test_rate(batch, case, first, second, rate, gap, expected):
    rows = results(batch, "rate", f"rate: {case}")
    assert [row["status"] for row in rows] == ([expected] if expected else [])


def two_rates(agency: str) -> list[Report]:
    r = Report(2023, agency=agency)
    r.level("a", "200")
    r.level("b", "100")
    r.level("b_rate", "50", "%")
    r.level("c", "30")
    r.level("c_rate", "10", "%")  # only one count of its own: no pair, no row
    return [r]


TWO_RATES = scenario("two rates", two_rates)


def test_rate_pairs_do_not_cross_an_earlier_rate(batch):
    rows = results(batch, "rate", TWO_RATES)
    assert [(row["indicator"], row["status"]) for row in rows] == [("b_rate", "pass")]


# ------------------------------------------------------------------ hypothesis

level_forms = st.sampled_from(["exact", "万1", "万2", "亿2"])


def printed(value: int, form: str) -> str:
    """How a report might print an integer level: exact, or in 万/亿 with some decimals."""
    if form == "exact":
        return str(value)
    unit, decimals = form[0], int(form[1])
    scale = 10**4 if unit == "万" else 10**8
    return f"{value / scale:.{decimals}f}{unit}"


@st.composite
def consistent_case(draw):
    prev = draw(st.integers(min_value=1_000, max_value=5 * 10**9))
    growth = draw(st.floats(min_value=-0.9, max_value=3.0))
    cur = max(1, round(prev * (1 + growth)))
    form = draw(level_forms)
    pp, cp = printed(prev, form), printed(cur, form)
    if min(interval(pp, exact=True)[1], interval(cp, exact=True)[1]) <= 0:  # rounded to zero
        pp, cp = str(prev), str(cur)
    decimals = draw(st.integers(min_value=0, max_value=2))
    # The report's own arithmetic: the true levels, rounded to the printed decimals.
    return pp, cp, f"{(cur / prev - 1) * 100:.{decimals}f}"


def computed_width(pp: str, cp: str) -> tuple[float, float]:
    """The yoy interval the printed levels allow (the test's own oracle)."""
    _, plo, phi = interval(pp, exact=True)
    _, clo, chi = interval(cp, exact=True)
    return (clo / phi - 1) * 100, (chi / plo - 1) * 100


def many_agencies(tmp_path: Path, cases: list[tuple[str, str, str]]) -> Path:
    reports = []
    for i, (pp, cp, stated) in enumerate(cases):
        r22, r23 = Report(2022, agency=f"局{i}"), Report(2023, agency=f"局{i}")
        r22.level("x", pp)
        r23.yoy(r23.level("x", cp), stated)
        reports += [r22, r23]
    for p in tmp_path.glob("*"):
        p.unlink()
    return load(tmp_path, reports)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(consistent_case(), min_size=1, max_size=25))
def test_consistent_statements_never_fail(tmp_path, cases):
    db = many_agencies(tmp_path, cases)
    for check in ("yoy", "restatement"):
        statuses = {row["message"]: row["status"] for row in results(db, check)}
        assert set(statuses.values()) == {"pass"}, statuses


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            consistent_case(), st.sampled_from([-1, 1]), st.floats(min_value=0.6, max_value=50)
        ),
        min_size=1,
        max_size=25,
    )
)
def test_injected_wrong_yoy_always_fails(tmp_path, cases):
    wrong = []
    for (pp, cp, _), sign, offset in cases:
        lo, hi = computed_width(pp, cp)
        # Beyond the computed interval by more than the stated number's own half-unit.
        stated = hi + offset if sign > 0 else lo - offset
        wrong.append((pp, cp, f"{stated:.2f}"))
    db = many_agencies(tmp_path, wrong)
    for check in ("yoy", "restatement"):
        statuses = [row["status"] for row in results(db, check)]
        assert statuses == ["fail"] * len(wrong), results(db, check)


# ------------------------------------------------------------------ summary


def test_summarize_counts_and_failures(tmp_path):
    db = load(tmp_path, two_years("2463", "2882", "21"))
    summary = checks.summarize(db)
    assert summary.counts["yoy"] == {"fail": 1}
    assert summary.n_error_failures == 2 and not summary.ok
    assert {f["check"] for f in summary.failures} == {"yoy", "restatement"}
    assert summary.failures[0]["evidence"][0]["quote"] == "cases2463件"
    with warehouse.connect(db, read_only=True) as con:
        assert checks.error_failures(con) == 2


def test_summarize_without_warehouse(tmp_path):
    summary = checks.summarize(tmp_path / "missing.duckdb")
    assert summary.n_checks == 0 and summary.ok


# ------------------------------------------------------------------ pp and abs_change

PP_CASES = [
    ("年报率96.83% vs 96.45%, stated 上升0.38个百分点", "96.45", "96.83", "0.38", "pass"),
    ("stated 1.38 points", "96.45", "96.83", "1.38", "fail"),
    ("coarse rates 97% vs 96% allow 0..2 points", "96", "97", "1.9", "pass"),
    ("下降0.5个百分点", "40.2", "39.7", "-0.5", "pass"),
]


def pp_reports(prev, cur, stated, agency: str) -> list[Report]:
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    r22.level("filing_rate", prev, "%")
    ref = r23.level("filing_rate", cur, "%")
    r23.add("pp", "filing_rate", stated, "个百分点", refers_to=ref)
    return [r22, r23]


for _case, _prev, _cur, _stated, _ in PP_CASES:
    scenario(f"pp: {_case}", partial(pp_reports, _prev, _cur, _stated))


@pytest.mark.parametrize(("case", "prev", "cur", "stated", "expected"), PP_CASES)
def test_pp(batch, case, prev, cur, stated, expected):
    (row,) = results(batch, "pp", f"pp: {case}")
    assert row["status"] == expected, row["message"]


ABS_CASES = [
    ("净增172.8万户: 1000万 → 1172.8万", "1000万", "1172.8万", "172.8万", "户", "pass"),
    ("比上年增加150件: 2463 → 2882", "2463", "2882", "150", "件", "fail"),
    ("比上年增加419件: 2463 → 2882", "2463", "2882", "419", "件", "pass"),
    ("the change in another unit", "2463", "2882", "419", "户", "not_assessable"),
]


def abs_reports(case, prev, cur, stated, unit, agency: str) -> list[Report]:
    r22, r23 = two_years(prev, cur, "0", agency=agency)
    r22.facts[0] = replace(r22.facts[0], unit="户" if "户" in case else "件")
    r23.facts[0] = replace(r23.facts[0], unit=r22.facts[0].unit)
    r23.add("abs_change", "cases", stated, unit, refers_to="f001")
    return [r22, r23]


for _case, _prev, _cur, _stated, _unit, _ in ABS_CASES:
    scenario(f"abs_change: {_case}", partial(abs_reports, _case, _prev, _cur, _stated, _unit))


@pytest.mark.parametrize(("case", "prev", "cur", "stated", "unit", "expected"), ABS_CASES)
def test_abs_change(batch, case, prev, cur, stated, unit, expected):
    (row,) = results(batch, "abs_change", f"abs_change: {case}")
    assert row["status"] == expected, row["message"]


# ------------------------------------------------------------------ part_of, unit, duplicate

PART_CASES = [
    ("受理投诉12000件,其中食品类3000件", "12000", "3000", "pass"),
    ("其中 exceeds its whole", "1200", "3000", "fail"),
    ("approximate whole: 1200余件", "1200余", "3000", "pass"),
]


def part_report(whole, part, agency: str) -> list[Report]:
    r = Report(2023, agency=agency)
    approx = "余" if whole.endswith("余") else None
    r.level("complaints", whole.removesuffix("余"), approx=approx)
    r.level("food_complaints", part, label="其中食品类")
    return [r]


for _case, _whole, _part, _ in PART_CASES:
    scenario(f"part_of: {_case}", partial(part_report, _whole, _part))


@pytest.mark.parametrize(("case", "whole", "part", "expected"), PART_CASES)
def test_part_of(batch, case, whole, part, expected):
    (row,) = results(batch, "part_of", f"part_of: {case}")
    assert row["status"] == expected, row["message"]


def two_parts(agency: str) -> list[Report]:
    r = Report(2023, agency=agency)
    r.level("complaints", "100")
    r.level("households", "900", "户")
    r.level("a", "60", label="其中甲类")
    r.level("b", "50", label="其中乙类")  # its whole is 100件, not the 60件 part before it
    return [r]


TWO_PARTS = scenario("two parts", two_parts)


def test_part_of_skips_other_units_and_other_parts(batch):
    rows = results(batch, "part_of", TWO_PARTS)
    assert [row["status"] for row in rows] == ["pass", "pass"]


def unit_reports(unit_2023: str, agency: str) -> list[Report]:
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    r22.level("inspections", "16000", "户")
    r23.level("inspections", "16757", unit_2023)
    return [r22, r23]


UNIT_CASES = [("户", "pass"), ("户次", "fail")]
for _unit, _ in UNIT_CASES:
    scenario(f"unit: {_unit}", partial(unit_reports, _unit))


@pytest.mark.parametrize(("unit_2023", "expected"), UNIT_CASES)
def test_unit(batch, unit_2023, expected):
    (row,) = results(batch, "unit", f"unit: {unit_2023}")
    assert row["status"] == expected
    assert len(row["evidence"]) == 2


DUPLICATE_CASES = [
    ("the same figure twice", ["8.5万", "85000"], "pass"),
    ("8.5万 and 85213 agree within precision", ["8.5万", "85213"], "pass"),
    ("8.5万 and 86000 cannot both hold", ["8.5万", "86000"], "fail"),
    ("a third statement", ["85000", "85000", "85001"], "fail"),
]


def duplicate_reports(values: list[str], agency: str) -> list[Report]:
    reports = []
    for i, v in enumerate(values):
        r = Report(2023, agency=agency, series=f"series{i}")
        r.level("entities", v, "户")
        reports.append(r)
    return reports


for _case, _values, _ in DUPLICATE_CASES:
    scenario(f"duplicate: {_case}", partial(duplicate_reports, _values))


@pytest.mark.parametrize(("case", "values", "expected"), DUPLICATE_CASES)
def test_duplicate_across_series(batch, case, values, expected):
    (row,) = results(batch, "duplicate", f"duplicate: {case}")
    assert row["status"] == expected, row["message"]
    assert len(row["evidence"]) == len(values)


def unlabelled_reports(agency: str) -> list[Report]:
    """Bare table cells the extractor could not name (SAMR's 2022 food-sampling 附件)."""
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    r22.level("", "8.07", "%")
    for stated, unit in (("6.96", "%"), ("19.29", "%"), ("120", "件")):
        r23.level("", stated, unit)
    return [r22, r23]


scenario("unlabelled", unlabelled_reports)


def test_unlabelled_levels_are_no_indicator(batch):
    # indicator '' is no key: the cells were a false duplicate (and a false unit change).
    for check in ("duplicate", "unit", "completeness", "anomaly"):
        assert results(batch, check, "unlabelled") == [], check


# ------------------------------------------------------------------ warnings


def history_reports(levels: list[str], agency: str = AGENCY) -> list[Report]:
    """One report per year from 2018 on, each printing the next level."""
    reports = []
    for year, stated in enumerate(levels, start=2018):
        r = Report(year, agency=agency)
        r.level("entities", stated, "户")
        reports.append(r)
    return reports


def history(tmp_path, levels: list[str]) -> Path:
    """The warehouse of history_reports(levels)."""
    return load(tmp_path, history_reports(levels))


def test_anomaly(tmp_path):
    db = history(tmp_path, ["1000", "1050", "1100", "1160", "1210", "2500"])
    rows = results(db, "anomaly")
    assert sorted((r["year"], r["status"]) for r in rows) == [
        (2019, "not_assessable"),
        (2020, "not_assessable"),
        (2021, "not_assessable"),
        (2022, "pass"),
        (2023, "fail"),
    ]
    assert all(r["severity"] == "warning" for r in rows)
    assert checks.summarize(db).n_error_failures == 0


def test_anomaly_of_approximate_levels_is_not_assessable(tmp_path):
    # 近2800 → 近2800 is no "+0.00%" change far outside a history of ±5% moves.
    reports = history_reports(["1000", "1050", "1100", "1160", "2800", "2800"])
    for r in reports[-2:]:
        r.facts[0].approx, r.facts[0].lo = "近", None
    rows = {r["year"]: r for r in results(load(tmp_path, reports), "anomaly")}
    assert rows[2023]["status"] == "not_assessable"
    assert "not assessable: a level is approximate (近)" in rows[2023]["message"]
    assert rows[2022]["status"] == "not_assessable"  # its own level is approximate too


def completeness_reports(agency: str) -> list[Report]:
    r22, r23 = Report(2022, agency=agency), Report(2023, agency=agency)
    bulletin = Report(2023, agency=agency, series="统计公报")
    r22.level("entities", "1000", "户")
    r22.level("complaints", "300")
    r22.level("inspections", "500")
    r23.level("entities", "1100", "户")
    bulletin.level("inspections", "520")  # printed elsewhere this year: still complete
    return [r22, r23, bulletin]


COMPLETENESS = scenario("completeness", completeness_reports)


def test_completeness(batch):
    rows = results(batch, "completeness", COMPLETENESS)
    assert {r["indicator"]: r["status"] for r in rows} == {
        "entities": "pass",
        "complaints": "fail",
        "inspections": "pass",
    }


def last_year_only(agency: str) -> list[Report]:
    r22 = Report(2022, agency=agency)
    r22.level("entities", "1000", "户")
    return [r22]


LAST_YEAR_ONLY = scenario("last year only", last_year_only)


def test_completeness_needs_this_years_document(batch):
    assert results(batch, "completeness", LAST_YEAR_ONLY) == []


TREND_FAIL = scenario("trend fail", partial(two_years, "2463", "2882", "21"))
TREND_WARNING = scenario(
    "trend warning", partial(history_reports, ["1000", "1050", "1100", "1160", "1210", "2500"])
)


def test_trend_long_status_reflects_failures_and_warnings(batch):
    with warehouse.connect(batch, read_only=True) as con:
        got = con.execute(
            "select year, check_status, warnings from trend_long where agency = ? order by year",
            [TREND_FAIL],
        )
        assert got.fetchall() == [(2022, "unchecked", []), (2023, "fail", [])]


def test_trend_long_lists_failing_warnings(batch):
    with warehouse.connect(batch, read_only=True) as con:
        got = con.execute(
            "select check_status, warnings from trend_long where year = 2023 and agency = ?",
            [TREND_WARNING],
        )
        assert got.fetchall() == [("pass", ["anomaly"])]  # the unit check passes


def test_table_rate_is_not_held_to_a_count_in_prose(tmp_path):
    """占比 in a table's first row is no ratio of a count printed just above the table; the
    rate of a row with two counts of its own is still checked against them."""
    from tongbi.extract import extract_text

    text = (
        "全年新设企业8382户。\n表2 收入\n地区 | 收入(亿元) | 占比(%) |\n甲区 | 237.07 | 80.5 |\n"
        "表3 抽检\n地区 | 抽检数量/批次 | 不合格数量/批次 | 不合格率(%) |\n甲区 | 2000 | 50 | 2.6 |\n"
    )
    report = Report(2023, agency="table rates")
    report.facts = [replace(f, doc=report.document.doc) for f in extract_text(text, "d")]
    rows = results(load(tmp_path, [report]), "rate")
    assert [(row["label"], row["status"]) for row in rows] == [("甲区不合格率", "fail")]

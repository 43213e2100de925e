"""Synthetic multi-year corpora: fictional bureaus' annual summaries, their truth, injected faults.

`generate(seed, n_bureaus, years, faults)` is deterministic from the seed. Every bureau
prints the same indicators each year (counts in 户/件/家次/户次/张/个/项/批次, figures in
万 and 亿, money in 万元/亿元, 同比 with 0–2 decimals, rates with their numerator and
denominator, 个百分点, 净增/比上年增加/减少, 其中 parts, approximations, a 按可比价格
growth and a 上半年 statement). Consistent statements are computed from true (unrounded)
values, so they hold only within the printed precision — the rounding edge cases the
checks must accept. A fault breaks exactly one statement (see FAULTS) and the truth
records which check must fail, where, and the quote its evidence must hold.
"""

from __future__ import annotations

import csv
import hashlib
import random
from dataclasses import dataclass, field, replace
from pathlib import Path

from tongbi.model import Document
from tongbi.synthseries import Series, Stmt, level_of
from tongbi.synthsim import simulate

SERIES_NAME = "工作总结"
CHANGE_CHECKS = ("yoy", "pp", "abs_change")
# Each fault breaks a statement of an indicator no other fault touches, so faults never mask
# one another; `min_index` is the first year (0-based) in which the check can judge it.
FAULTS = {
    "yoy": ("cases_yoy", 1),  # a 同比 the printed levels cannot produce
    "restatement": ("fines", 1),  # last year's printed level differs from the one implied
    "rate": ("rate", 0),  # 问题发现率 ≠ 发现 / 检查
    "pp": ("fr_pp", 1),  # 个百分点 ≠ the difference of the two years' 不合格率
    "abs_change": ("reg_abs", 1),  # 比上年增加 ≠ the difference of the two levels
    "part_of": ("comp_part", 0),  # 其中 part larger than its whole
    "unit": ("abn", 1),  # 户 last year, 户次 this year
    "duplicate": ("lic", 0),  # two values of one indicator in one report
    "anomaly": ("eq", 4),  # a wild jump after ≥3 steady years (warning)
    "completeness": ("std", 1),  # an indicator missing one year (warning)
}
# Syllables of invented place names (两字市名 × 两字区名: 14,400 bureaus at most).
CITY = ("青云澄翠岚栖汀沅泓琅", "川浦屿渚埠陂湄岙沚洲坞汀")
DISTRICT = ("临溪北城西河新松柳金", "塘岭口桥湾滨沙屿埔涧泾垣")


@dataclass(frozen=True)
class SynthDocument:
    """One generated report."""

    name: str  # file name, e.g. b003_2022_summary.txt
    agency: str
    year: int
    text: str
    series: str = SERIES_NAME

    def record(self) -> Document:
        """The warehouse record of this report (what ingest with a manifest gives)."""
        sha = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        return Document(
            doc=sha[:12], sha256=sha, source=self.name, format="txt", encoding="utf-8",
            agency=self.agency, series=self.series, year=self.year, title=None,
            doc_number=None, published=None, raw_path=None, text_path=None,
            n_chars=len(self.text), status="loaded", message=None,
        )  # fmt: skip


@dataclass(frozen=True)
class Expected:
    """A check that must fail: where, and a quote its evidence must hold (printed in quote_year)."""

    check: str
    agency: str
    year: int
    quote: str
    quote_year: int
    fault: str  # the injected fault behind it
    about: str | None = None  # for a change: the quote of the level it qualifies (same year)


@dataclass(frozen=True)
class Relation:
    """A stated relation and whether it holds within the printed precision (None: not assessable)."""

    check: str
    agency: str
    year: int
    quote: str  # the statement checked, as printed
    holds: bool | None
    reason: str | None = None  # why not assessable: a word the check's message must carry
    about: str | None = None  # for a change: the quote of the level it qualifies (same year)
    # Holds only within the printed precision: the printed points alone would disagree
    # (8.5万 vs 7.9万 give +7.59%, stated 7.7%).
    edge: bool = False


@dataclass(frozen=True)
class TrueFact:
    """A printed figure and the true value behind it."""

    agency: str
    year: int
    key: str
    value: float
    quote: str


@dataclass
class Corpus:
    """Documents plus their truth: expected failures, every relation's verdict, every figure."""

    documents: list[SynthDocument]
    truth: list[Expected]
    relations: list[Relation] = field(default_factory=list)
    facts: list[TrueFact] = field(default_factory=list)


def generate(seed: int, n_bureaus: int, years: range, faults: list[str] | None = None) -> Corpus:
    """A corpus of n_bureaus fictional bureaus reporting every year of `years`, faults injected."""
    rng = random.Random(seed)
    agencies = _agencies(rng, n_bureaus)
    plan = _plan_faults(rng, list(faults or ()), agencies, years)
    corpus = Corpus([], [])
    for index, agency in enumerate(agencies):
        mine = [(f, y) for f, a, y in plan if a == agency]
        series = simulate(rng, years, jump=next((y for f, y in mine if f == "anomaly"), None))
        printed = {y: series.printed(y) for y in years}
        expected = [_inject(rng, fault, agency, year, printed, series) for fault, year in mine]
        corpus.truth += expected
        corpus.relations += _relations(agency, printed, series)
        corpus.facts += _facts(agency, printed, series)
        for y in years:
            name = f"b{index:03d}_{y}_summary.txt"
            text = series.render(agency, y, printed[y])
            corpus.documents.append(SynthDocument(name, agency, y, text))
    return corpus


def write(corpus: Corpus, folder: Path) -> Path:
    """Writes every document as UTF-8 text and a manifest (path,agency,year,series); returns it."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for d in corpus.documents:
        (folder / d.name).write_text(d.text, encoding="utf-8")
    manifest = folder / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["path", "agency", "year", "series"])
        out.writerows([d.name, d.agency, d.year, d.series] for d in corpus.documents)
    return manifest


def _agencies(rng: random.Random, n: int) -> list[str]:
    """n distinct invented bureau names: 某某市某某区市场监督管理局."""
    names = (
        [a + b for a in CITY[0] for b in CITY[1]],
        [a + b for a in DISTRICT[0] for b in DISTRICT[1]],
    )
    total = len(names[0]) * len(names[1])
    if n > total:
        raise ValueError(f"at most {total} bureaus")
    pairs = (divmod(i, len(names[1])) for i in rng.sample(range(total), n))
    return [f"{names[0][c]}市{names[1][d]}区市场监督管理局" for c, d in pairs]


def _plan_faults(rng, faults: list[str], agencies: list[str], years: range) -> list[tuple]:
    """(fault, agency, year) for every requested fault: round-robin over bureaus, never twice."""
    plan: list[tuple[str, str, int]] = []
    used: set[tuple[str, str]] = set()  # a bureau carries each kind of fault at most once
    for i, fault in enumerate(faults):
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}: one of {', '.join(FAULTS)}")
        first = years.start + FAULTS[fault][1]
        if fault == "anomaly":
            first = max(first, years[-1])  # the jump comes last, after its steady history
        options = [y for y in years if y >= first]
        ring = (agencies[(i + k) % len(agencies)] for k in range(len(agencies)))
        agency = next((a for a in ring if (fault, a) not in used), None)
        if not options or agency is None:
            raise ValueError(f"no room for fault {fault!r} in {len(agencies)} bureaus, {years}")
        used.add((fault, agency))
        plan.append((fault, agency, rng.choice(options)))
    return plan


def _inject(rng, fault: str, agency: str, year: int, printed: dict, series: Series) -> Expected:
    """Breaks one statement of `printed` (in place) and returns the failure it must cause."""
    key = FAULTS[fault][0]
    this, last = printed[year], printed.get(year - 1, {})
    if fault == "anomaly":  # the jump is in the true series already; every statement holds
        return Expected("anomaly", agency, year, this[key].quote, year, fault)
    if fault == "completeness":
        del this[key]
        return Expected("completeness", agency, year, last[key].quote, year - 1, fault)
    if fault == "restatement":
        last[key] = series.restated(rng, last[key])
        return Expected("restatement", agency, year, last[key].quote, year - 1, fault)
    if fault == "unit":
        this[key] = replace(this[key], unit="户次")
        return Expected("unit", agency, year, this[key].quote, year, fault)
    if fault == "duplicate":
        this["lic_dup"] = series.conflicting(rng, this[key])
        return Expected("duplicate", agency, year, this["lic_dup"].quote, year, fault)
    if fault == "part_of":
        this[key] = series.oversized_part(rng, this[key], this["comp"])
        return Expected("part_of", agency, year, this[key].quote, year, fault)
    this[key] = series.wrong(rng, key, this, last)  # yoy, rate, pp, abs_change
    about = this[level_of(key)].quote if key != "rate" else None
    return Expected(fault, agency, year, this[key].quote, year, fault, about)


def _relations(agency: str, printed: dict[int, dict[str, Stmt]], series: Series) -> list[Relation]:
    """Every stated relation of the agency's reports, judged by the exact interval oracle."""
    out = []
    for year, this in printed.items():
        last = printed.get(year - 1, {})
        for check, slot, holds, reason in series.judge(this, last, year):
            about = this[level_of(slot)].quote if check in CHANGE_CHECKS else None
            edge = bool(holds) and check in (*CHANGE_CHECKS, "rate")
            edge = edge and not series.at_points(slot, this, last)
            out.append(Relation(check, agency, year, this[slot].quote, holds, reason, about, edge))
    return out


def _facts(agency: str, printed: dict[int, dict[str, Stmt]], series: Series) -> list[TrueFact]:
    """Every printed figure with its true value."""
    return [
        TrueFact(agency, year, key, float(level.true), level.quote)
        for year, this in printed.items()
        for key, level in this.items()
    ]

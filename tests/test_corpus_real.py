"""Every real document of ../shared/corpus/real: hand-checked facts and exact provenance."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tongbi.extract import extract_text


def real_dir() -> Path:
    """The real corpus: $TONGBI_SHARED/corpus/real, else ../shared beside the repository."""
    env = os.environ.get("TONGBI_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[2] / "shared"
    return shared / "corpus" / "real"


def facts_of(name: str):
    path = real_dir() / name
    if not path.exists():
        pytest.skip(f"real corpus document not found: {path} (set TONGBI_SHARED)")
    return path.read_text(encoding="utf-8"), extract_text(path.read_text(encoding="utf-8"), name)


DOCS = [
    "anhui_H1-unknown-year_market-entities.txt",
    "jiading_2023_summary.txt",
    "samr_2020_food-sampling.txt",
    "samr_2021_food-sampling.txt",
    "samr_2022_enforcement.txt",
    "samr_2022_food-sampling.txt",
    "samr_2023_enforcement.txt",
    "samr_2023_food-sampling.txt",
    "zhangjiagang_2023_tjgb.txt",
]


@pytest.mark.parametrize("name", DOCS)
def test_every_quote_is_exact(name):
    text, facts = facts_of(name)
    assert facts, "every real document states figures"
    for f in facts:
        assert text[f.start : f.end] == f.quote, f
        assert f.stated.lstrip("-") in f.quote or f.stated in ("持平", "基本持平")
    assert [f.id for f in facts] == [f"f{i:03d}" for i in range(1, len(facts) + 1)]
    ids = {f.id for f in facts}
    assert all(f.refers_to in ids for f in facts if f.refers_to)


# (document, kind, value, unit, value of the level it refers to or None, approx)
EXPECTED = [
    ("anhui_H1-unknown-year_market-entities.txt", "count", 700000, "户", None, "超"),
    ("anhui_H1-unknown-year_market-entities.txt", "count", 708680, "户", None, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 26.62, "%", 708680, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 18.04, "%", 226289, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 11.80, "%", 7712023, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 10.34, "%", 6162555, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 20.68, "%", None, None),
    ("anhui_H1-unknown-year_market-entities.txt", "yoy", 23.86, "%", 680, None),
    ("samr_2020_food-sampling.txt", "count", 6_380_000, "批次", None, "余"),
    ("samr_2020_food-sampling.txt", "count", 34, "大类", None, None),
    ("samr_2020_food-sampling.txt", "rate", 2.31, "%", None, None),
    ("samr_2020_food-sampling.txt", "pp", 0, "个百分点", 2.31, "约"),  # 与2019年基本持平
    ("samr_2020_food-sampling.txt", "rate", 23.0, "%", None, None),
    ("samr_2021_food-sampling.txt", "count", 6954438, "批次", None, None),
    ("samr_2021_food-sampling.txt", "count", 187368, "批次", None, None),
    ("samr_2021_food-sampling.txt", "pp", 0.38, "个百分点", 2.69, None),
    ("samr_2021_food-sampling.txt", "rate", 2.85, "%", None, None),
    ("samr_2022_enforcement.txt", "count", 1_270_900, "件", None, None),
    ("samr_2022_food-sampling.txt", "count", 6563388, "批次", None, None),
    ("samr_2022_food-sampling.txt", "pp", 0.17, "个百分点", 2.86, None),
    ("samr_2022_food-sampling.txt", "rate", 33.31, "%", None, None),
    ("samr_2022_food-sampling.txt", "rate", 0.12, "%", None, None),
    ("samr_2023_enforcement.txt", "count", 1_406_200, "件", None, None),
    ("samr_2023_enforcement.txt", "yoy", 10.6, "%", 1_406_200, None),
    ("samr_2023_enforcement.txt", "yoy", -22, "%", 10_535_000_000, None),
    ("samr_2023_enforcement.txt", "count", 27_334_100, "元", None, None),
    ("samr_2023_enforcement.txt", "count", 1034, "起", None, None),
    ("samr_2023_food-sampling.txt", "count", 6997389, "批次", None, None),
    ("samr_2023_food-sampling.txt", "pp", -0.13, "个百分点", 2.73, None),
    ("samr_2023_food-sampling.txt", "rate", 7.90, "%", None, None),
    ("zhangjiagang_2023_tjgb.txt", "count", 336_580_000_000, "元", None, None),
    ("zhangjiagang_2023_tjgb.txt", "yoy", 3.7, "%", 336_580_000_000, None),
    ("zhangjiagang_2023_tjgb.txt", "abs_change", -7400, "人", 1_440_000, None),
    ("zhangjiagang_2023_tjgb.txt", "yoy", -0.5, "%", 1_440_000, None),
    ("zhangjiagang_2023_tjgb.txt", "pp", 0.7, "个百分点", 75.1, None),
    ("zhangjiagang_2023_tjgb.txt", "rate", -6.55, "‰", None, None),
    ("zhangjiagang_2023_tjgb.txt", "rate", 99, "%", None, "以上"),
    ("zhangjiagang_2023_tjgb.txt", "yoy", 11.7, "%", 79000, None),
    ("zhangjiagang_2023_tjgb.txt", "count", 27808, "家", None, None),
]


@pytest.mark.parametrize(("name", "kind", "value", "unit", "refers", "approx"), EXPECTED)
def test_expected_fact(name, kind, value, unit, refers, approx):
    _, facts = facts_of(name)
    by_id = {f.id: f for f in facts}
    hits = [
        f for f in facts if (f.kind, f.unit) == (kind, unit) and f.value == pytest.approx(value)
    ]
    assert hits, f"no {kind} {value}{unit} in {name}"
    f = hits[0]
    assert f.approx == approx
    if refers is None:
        assert f.refers_to is None or kind in ("count", "rate")
    else:
        assert by_id[f.refers_to].value == pytest.approx(refers)


# (document, value, unit, period, basis) for the checks' not_assessable decisions
CONTEXT = [
    ("anhui_H1-unknown-year_market-entities.txt", 708680, "户", "上半年", None),
    ("anhui_H1-unknown-year_market-entities.txt", 7712023, "户", "截至6月底", None),
    ("samr_2021_food-sampling.txt", 2.85, "%", "第四季度", None),
    ("samr_2021_food-sampling.txt", 2.69, "%", None, None),
    ("zhangjiagang_2023_tjgb.txt", 3.7, "%", None, "按可比价计算"),
    ("zhangjiagang_2023_tjgb.txt", 5.6, "%", None, "按可比价格"),  # growth of 增加值
    ("zhangjiagang_2023_tjgb.txt", 8.2, "%", None, None),
]


@pytest.mark.parametrize(("name", "value", "unit", "period", "basis"), CONTEXT)
def test_period_and_basis(name, value, unit, period, basis):
    _, facts = facts_of(name)
    f = next(f for f in facts if f.unit == unit and f.value == pytest.approx(value))
    assert (f.period, f.basis) == (period, basis)


# (document, kind, value, unit, label, indicator key) of the SAMR enforcement figures: the
# national totals of both years share 查办案件总数; a paragraph's own figures are qualified.
KEYS = [
    ("samr_2022_enforcement.txt", "count", 1_270_900, "件", "查办案件", "查办案件总数"),
    ("samr_2023_enforcement.txt", "count", 1_406_200, "件", "查办各类违法案件", "查办案件总数"),
    ("samr_2023_enforcement.txt", "yoy", 10.6, "%", "查办各类违法案件", "查办案件总数"),
    ("samr_2023_enforcement.txt", "count", 10_535_000_000, "元", "罚没金额", "罚没金额"),
    ("samr_2023_enforcement.txt", "yoy", -22, "%", "罚没金额", "罚没金额"),
    ("samr_2023_enforcement.txt", "count", 565_000, "件", "查办民生领域违法案件", "查办民生领域违法案件"),
    ("samr_2023_enforcement.txt", "count", 2_630_000_000, "元", "查办食品案件罚没金额", "查办食品案件罚没金额"),
    ("samr_2023_enforcement.txt", "count", 56_700, "件", "产品质量查办违法案件", "产品质量查办违法案件"),
    ("samr_2023_enforcement.txt", "count", 677_000_000, "元", "产品质量涉案货值", "产品质量涉案货值"),
    ("samr_2023_enforcement.txt", "count", 27_334_100, "元", "查办家居质量违法案件涉案货值", "查办家居质量违法案件涉案货值"),
    ("samr_2021_food-sampling.txt", "count", 6954438, "批次", "食品安全监督抽检", "食品安全监督抽检批次"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "kind", "value", "unit", "label", "key"), KEYS)
def test_labels_and_keys(name, kind, value, unit, label, key):
    _, facts = facts_of(name)
    f = next(f for f in facts if (f.kind, f.unit) == (kind, unit) and f.value == value)
    assert (f.label, f.indicator) == (label, key)


def test_ambiguous_labels_differ_within_a_document():
    _, facts = facts_of("samr_2023_enforcement.txt")
    money = [f.label for f in facts if f.unit == "元" and "罚没" in f.label]
    assert len(money) == 2 and money[0] != money[1]


def test_enumerated_rates_take_their_items():
    _, facts = facts_of("samr_2023_food-sampling.txt")
    labels = {f.value: f.label for f in facts if f.kind == "rate"}
    assert labels[0.52].startswith("粮食加工品") and labels[0.13].startswith("乳制品")


# (document, quote, label, unit, period) of figures in the SAMR 汇总表 (`|` rows in 2022,
# one cell per line in 2023): unit and label from the column header and the row's name.
TABLE_CELLS = [
    ("samr_2022_food-sampling.txt", "694245", "餐饮食品样品抽检数量", "批次", None),
    ("samr_2022_food-sampling.txt", "9.40%", "餐饮食品样品不合格率", "%", "第四季度"),
    ("samr_2022_food-sampling.txt", "48229", "餐饮食品中餐饮具不合格样品数量", "批次", None),
    ("samr_2022_food-sampling.txt", "1.74%", "糕点样品不合格率", "%", "第四季度"),
    ("samr_2023_food-sampling.txt", "771880", "餐饮食品样品抽检数量", "批次", None),
    ("samr_2023_food-sampling.txt", "19.29%", "餐饮食品中餐饮具样品不合格率", "%", None),
    ("samr_2023_food-sampling.txt", "100895", "食用农产品不合格样品数量", "批次", None),
]


@pytest.mark.parametrize(("name", "quote", "label", "unit", "period"), TABLE_CELLS)
def test_table_cells_take_their_column(name, quote, label, unit, period):
    text, facts = facts_of(name)
    table = text.index("序号")
    f = next(f for f in facts if f.quote == quote and f.start > table)
    assert (f.label, f.unit, f.period) == (label, unit, period)
    assert not [g for g in facts if g.start > table and g.quote.isdigit() and len(g.quote) < 3]

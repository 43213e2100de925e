"""Figures in tables printed as text (tongbi.tables): unit and label from the column header."""

from __future__ import annotations

import pytest

from tongbi.extract import extract_text

# The SAMR 汇总表 as `|` rows (2022), with a sub-header splitting the last column.
PIPE = """附件
2022年各类食品监督抽检结果汇总表
序号 | 食品种类 | 样品抽检 数量/批次 | 不合格样品数量/批次 | 样品不合格率 | |
全年 | 其中:第四季度 | ||||
1 | 餐饮食品 | 694245 | 56047 | 8.07% | 9.40% |
其中:餐饮具 | 257017 | 48229 | 18.76% | 21.26% | |
2 | 食用农产品 | 2665660 | 96634 | 3.63% | 3.86% |
"""

# The same table after PDF extraction (2023): one cell per line, header cells wrapped.
CELLS = """\t附件
\t2023 年各类食品监督抽检结果汇总表
\t序号
\t食品种类
\t样品抽检
\t数量/批次
\t不合格样品
\t数量/批次
\t样品不合格率
\t1
\t餐饮食品
\t771880
\t53727
\t6.96%
\t其中:餐饮具
\t242349
\t46740
\t19.29%
\t2
\t蔬菜制品
\t158651
"""


def facts_of(text: str):
    facts = extract_text(text, "doc")
    for f in facts:
        assert text[f.start : f.end] == f.quote
    return facts


@pytest.mark.parametrize(
    ("text", "quote", "kind", "label", "value", "unit", "period"),
    [
        (PIPE, "694245", "count", "餐饮食品样品抽检数量", 694245, "批次", None),
        (PIPE, "56047", "count", "餐饮食品不合格样品数量", 56047, "批次", None),
        (PIPE, "8.07%", "rate", "餐饮食品样品不合格率", 8.07, "%", None),
        (PIPE, "9.40%", "rate", "餐饮食品样品不合格率", 9.40, "%", "第四季度"),
        (PIPE, "257017", "count", "餐饮食品中餐饮具样品抽检数量", 257017, "批次", None),
        (PIPE, "21.26%", "rate", "餐饮食品中餐饮具样品不合格率", 21.26, "%", "第四季度"),
        (PIPE, "3.86%", "rate", "食用农产品样品不合格率", 3.86, "%", "第四季度"),
        (CELLS, "771880", "count", "餐饮食品样品抽检数量", 771880, "批次", None),
        (CELLS, "53727", "count", "餐饮食品不合格样品数量", 53727, "批次", None),
        (CELLS, "6.96%", "rate", "餐饮食品样品不合格率", 6.96, "%", None),
        (CELLS, "242349", "count", "餐饮食品中餐饮具样品抽检数量", 242349, "批次", None),
        (CELLS, "19.29%", "rate", "餐饮食品中餐饮具样品不合格率", 19.29, "%", None),
        (CELLS, "158651", "count", "蔬菜制品样品抽检数量", 158651, "批次", None),
    ],
)
def test_cell_takes_row_and_column(text, quote, kind, label, value, unit, period):
    f = next(f for f in facts_of(text) if f.quote == quote)
    assert (f.kind, f.label, f.unit, f.period) == (kind, label, unit, period)
    assert f.value == pytest.approx(value)
    assert f.lo == f.hi == value if kind == "count" else f.lo < value < f.hi


@pytest.mark.parametrize(("text", "n_cells"), [(PIPE, 12), (CELLS, 7)])
def test_every_figure_cell_and_never_the_serial(text, n_cells):
    facts = facts_of(text)
    assert len(facts) == n_cells
    assert not [f for f in facts if f.quote in ("1", "2")]  # the 序号 column


@pytest.mark.parametrize(
    "text",
    [
        "序号为1的企业共3家。",  # 序号 inside a sentence is no table
        "全年完成抽检694245批次,不合格率8.07%。",
    ],
)
def test_prose_is_not_a_table(text):
    assert all(f.label for f in facts_of(text))


# A unit in brackets after the column name, with a multiplier (万元 -> 元).
MONEY = """序号 | 地区 | 罚没金额(万元) | 案件数/件 |
1 | 甲区 | 12.5 | 30 |
2 | 乙区 | 8 | 12 |
"""


@pytest.mark.parametrize(
    ("quote", "label", "value", "unit"),
    [
        ("12.5", "甲区罚没金额", 125_000, "元"),
        ("30", "甲区案件数", 30, "件"),
        ("8", "乙区罚没金额", 80_000, "元"),
    ],
)
def test_unit_in_brackets_with_multiplier(quote, label, value, unit):
    f = next(f for f in facts_of(MONEY) if f.quote == quote)
    assert (f.label, f.unit) == (label, unit)
    assert f.value == pytest.approx(value)

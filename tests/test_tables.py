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
    # As printed, with the header's multiplier: a message reads 12.5万元, never 12.5元.
    assert f.stated == (quote if unit == "件" else quote + "万")


# Tables without a 序号 column, as 统计公报 and HTML pages print them: a header line, then rows
# lined up with it cell for cell. A 单位 column, a table-wide unit above the header, change
# columns, and columns of other years (never read as this year's figures).
BULLETIN = """表1 2023年主要农产品产量
指标 | 单位 | 产量 | 比上年增长(%) |
粮食 | 万吨 | 12.3 | 2.1 |
油料 | 吨 | 4567 | -3.2 |
蔬菜 | 88.5 | 5.0 |
其中:叶菜 | 万吨 | 20.1 | 下降 |
2022年 | 万吨 | 80 | 1 |
表2 一般公共预算
地区 | 收入(亿元) | 比上年增加(亿元) | 占比(%) | 上年同期(亿元) | 比上年下降(个百分点)
甲区 | 237.07 | 12.5 | 80.5 | 224.57 | 0.3
乙区 | 100 | -2 | 19.5 | 102
表3 单位:万元
项目 | 本年 | 增长% |
罚没款 | 356.2 | 4.1 |
"""


@pytest.mark.parametrize(
    ("quote", "kind", "label", "value", "unit", "stated", "refers"),
    [
        # the row's unit (单位 column); stated with its multiplier: a message reads 12.3万吨
        ("12.3", "count", "粮食产量", 123_000, "吨", "12.3万", None),
        ("2.1", "yoy", "粮食产量", 2.1, "%", "2.1", "12.3"),  # links to the row's level
        ("4567", "count", "油料产量", 4567, "吨", "4567", None),  # 吨, not the table's 万吨
        ("-3.2", "yoy", "油料产量", -3.2, "%", "-3.2", "4567"),
        ("237.07", "count", "甲区收入", 23_707_000_000, "元", "237.07亿", None),
        ("12.5", "abs_change", "甲区收入", 1_250_000_000, "元", "12.5亿", "237.07"),
        ("80.5", "rate", "甲区占比", 80.5, "%", "80.5", None),
        ("0.3", "pp", "甲区占比", -0.3, "个百分点", "0.3", "80.5"),  # 下降 in the header
    ],
)
def test_header_line_table(quote, kind, label, value, unit, stated, refers):
    facts = facts_of(BULLETIN)
    f = next(f for f in facts if f.quote == quote)
    assert (f.kind, f.label, f.unit, f.stated) == (kind, label, unit, stated)
    assert f.value == pytest.approx(value)
    assert f.lo <= f.value <= f.hi
    by_id = {x.id: x for x in facts}
    assert (by_id[f.refers_to].quote if f.refers_to else None) == refers


def test_header_line_table_reads_nothing_it_cannot_place():
    quotes = [f.quote for f in facts_of(BULLETIN)]
    assert "88.5" not in quotes  # 蔬菜 prints no unit cell: which column is missing is unknown
    assert "224.57" not in quotes  # 上年同期: last year's figure, not this year's
    assert "80" not in quotes and "1" not in quotes  # a 2022年 row of a time series
    assert "100" not in quotes  # 乙区's row has a cell fewer than the header: not lined up
    assert "20.1" in quotes and "下降" not in quotes


def test_header_line_table_part_rows_and_table_unit():
    facts = {f.quote: f for f in facts_of(BULLETIN)}
    assert facts["20.1"].label == "蔬菜中叶菜产量"  # a 其中 row is a part of the row before it
    fine = facts["356.2"]  # no unit in its column or row: the table's 单位:万元 above the header
    assert (fine.label, fine.unit, fine.value) == ("罚没款", "元", pytest.approx(3_562_000))
    assert facts["4.1"].kind == "yoy" and facts["4.1"].refers_to == fine.id


def test_header_line_table_from_html():
    from tongbi.htmltext import html_to_text

    page = (
        "<html><body><p>全年地区生产总值3365.80亿元。</p><table>"
        "<tr><td>指标</td><td>单位</td><td>绝对数</td><td>比上年增长(%)</td></tr>"
        "<tr><td>地区生产总值</td><td>亿元</td><td>3365.80</td><td>3.7</td></tr>"
        "<tr><td>第一产业增加值</td><td>亿元</td><td>31.09</td><td>5.6</td></tr>"
        "</table><p>城镇化率为75.1%。</p></body></html>"
    )
    facts = facts_of(html_to_text(page))
    cells = {f.quote: f for f in facts if f.quote in ("3365.80", "3.7", "31.09", "5.6")}
    assert cells["3365.80"].label == "地区生产总值"  # 绝对数 adds nothing to the row's name
    assert cells["3365.80"].value == pytest.approx(336_580_000_000)
    assert cells["3.7"].kind == "yoy" and cells["3.7"].refers_to == cells["3365.80"].id
    assert cells["5.6"].refers_to == cells["31.09"].id
    assert any(f.label == "城镇化率" for f in facts)  # the prose after the table is read as before


# A year column is this year's when the table's changes are taken against it; other years'
# columns, and year columns of a table without a change, are not read.
YEARS = """表1 主要指标
指标 | 单位 | 2023年 | 2022年 | 比上年增长(%) |
粮食产量 | 万吨 | 12.3 | 12.05 | 2.1 |
表2 历年税收
项目 | 单位 | 2022年 | 2023年 |
税收 | 亿元 | 180 | 190 |
"""


def test_latest_year_column_is_this_years_when_compared():
    facts = {f.quote: f for f in facts_of(YEARS)}
    level, change = facts["12.3"], facts["2.1"]
    assert (level.label, level.unit, level.value) == ("粮食产量", "吨", pytest.approx(123_000))
    assert change.refers_to == level.id and change.label == "粮食产量"
    assert "12.05" not in facts  # 2022: last year's level, never this year's
    assert "190" not in facts and "180" not in facts  # a series with no change: years unknown


def test_traditional_cell_table_is_read_like_the_simplified_one():
    """A Traditional repost (序號, full-width digits) of the PDF table: the same cells, never
    the digits of two cells run together into one number."""
    from tongbi.lexicon import t2s_table

    s2t = {}
    for traditional, simplified in t2s_table().items():
        s2t.setdefault(ord(simplified), chr(traditional))
    full_width = str.maketrans("0123456789%", "０１２３４５６７８９％")
    repost = CELLS.translate(s2t).translate(full_width)
    assert "序號" in repost
    simple = [(f.kind, f.label, f.value, f.unit) for f in facts_of(CELLS)]
    assert [(f.kind, f.label, f.value, f.unit) for f in facts_of(repost)] == simple

"""Text -> facts on real phrases (tongbi.extract): kinds, values, labels, links, spans."""

from __future__ import annotations

import re

import pytest

from tongbi.extract import extract_frame, extract_text
from tongbi.lexicon import rules
from tongbi.model import FACT_FIELDS
from tongbi.sections import _scope_phrases, _scope_regex


def facts_of(text: str):
    facts = extract_text(text, "doc")
    for f in facts:
        assert text[f.start : f.end] == f.quote  # provenance holds for every fact
    return facts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "全年全区新设各类市场主体56152户,共有各类市场主体325020户,同比增长3.52%",
            [("count", 56152, "户"), ("count", 325020, "户"), ("yoy", 3.52, "%")],
        ),
        ("罚没金额105.35亿元,下降22%", [("count", 10_535_000_000, "元"), ("yoy", -22, "%")]),
        (
            "监督抽检不合格率为2.69%,较2020年上升0.38个百分点。",
            [("rate", 2.69, "%"), ("pp", 0.38, "个百分点")],
        ),
        (
            "年末常住人口144万人,比上年末减少0.74万人,下降0.5%。",
            [("count", 1_440_000, "人"), ("abs_change", -7400, "人"), ("yoy", -0.5, "%")],
        ),
        ("户籍人口自然增长率-6.55‰。", [("rate", -6.55, "‰")]),  # 增长率 is a rate
        (
            "已落实219台设备使用单位按计划落实能效测试,占全区锅炉的75%",
            [("count", 219, "台"), ("rate", 75, "%")],
        ),
        ("行政指导、行政约谈各1次", [("count", 1, "次"), ("count", 1, "次")]),
        ("共计21大类331批次产品开展质量监督抽查", [("count", 21, "大类"), ("count", 331, "批次")]),
        ("三是编制队伍和业务两本规范汇编。", [("count", 2, "本")]),
        ("新增6家ODR企业", [("count", 6, "家")]),
        ("净增172.8万户", [("abs_change", 1_728_000, "户")]),
        ("比上年增加15件", [("abs_change", 15, "件")]),
        ("增幅为5%", [("yoy", 5, "%")]),
        ("降幅达12.5%", [("yoy", -12.5, "%")]),
        ("增长率提高到96%", [("rate", 96, "%")]),  # 提高到 names the new level
    ],
)
def test_kinds_values_units(text, expected):
    got = [(f.kind, f.value, f.unit) for f in facts_of(text)]
    assert [(k, pytest.approx(v), u) for k, v, u in expected] == got


@pytest.mark.parametrize(
    "text",
    [
        "以“五大行动”为引领,打造“一核三翼五站”的服务架构",
        "党的二十大精神;落实“三管三必须”要求;依托“1+12+X”全方位宣传模式",
        "嘉市监办〔2024〕25号;2024年2月7日;第一批;第六届;“十四五”",
        "1.聚焦重点举措。一是全面完成任务。",
        "索引号: | AC6040203-2024-026 | 发布机构: | 区市场监管局 |",
        "设立嘉定区“专利超市”;发挥多部门联合监管合力;更具多元",
        "实现“一次申请,同步办理”",
        "三次产业比重为0.9∶50.0∶49.1",
        "咨询电话:021-59992222",
        "安徽紧扣“一体化”和“高质量”两个关键词,持续加大工作力度",  # a slogan's abstraction
        "围绕三个方面、四个环节,聚焦两个重点",
    ],
)
def test_no_facts_in_names_dates_and_markers(text):
    assert facts_of(text) == []


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("共计核发含有酒类商品的食品经营许可证2911张", ["核发含有酒类商品的食品经营许可证"]),
        ("全年全区新设各类市场主体56152户", ["新设各类市场主体"]),
        ("共有各类市场主体325020户", ["共有各类市场主体"]),  # 共有 is not filler
        ("行政指导、行政约谈各1次", ["行政指导", "行政约谈"]),
        (
            "培育区级商业秘密示范区1个、示范站1个以及示范点9个,市级商业秘密示范区1个、示范点2个",
            [
                "培育区级商业秘密示范区",
                "培育区级商业秘密示范站",
                "培育区级商业秘密示范点",
                "市级商业秘密示范区",
                "市级商业秘密示范点",
            ],
        ),
        ("对161户生鲜店开展排摸", ["排摸生鲜店"]),
        (
            "对90台小型锅炉进行水容积测试,完成率100%",
            ["小型锅炉水容积测试", "小型锅炉水容积测试完成率"],
        ),
        ("依托“云课堂”开展知识产权宣传培训19场次", ["知识产权宣传培训"]),
        # The reporting body and the filler after it are not the indicator's name.
        ("2020年全國市場監管部門完成抽檢638萬(wàn)余批次", ["抽检"]),
        ("全国市场监管部门共查办各类违法案件140.62万件", ["查办各类违法案件"]),
        ("全国各级市场监管部门2023年查办民生领域违法案件56.5万件", ["查办民生领域违法案件"]),
        ("全国市场监管系统共计查办案件12件", ["查办案件"]),
        ("全国共查办案件127.09万件", ["查办案件"]),
        # A body followed by no filler is part of the name: what it counts is the body itself.
        ("接入监测系统企业12家", ["接入监测系统企业"]),
        ("联合执法部门共5个", ["联合执法部门"]),
    ],
)
def test_labels(text, labels):
    assert [f.label for f in facts_of(text)] == labels


def test_generic_labels_take_their_subject():
    text = (
        "四是反不正当竞争执法工作取得良好成效。共计查办案件242件。\n"
        "一是“双随机、一公开”监管全面推进。检查各类市场主体16757户次,查办案件164件。"
    )
    labels = [f.label for f in facts_of(text) if f.value in (242, 164)]
    assert labels[0] != labels[1]
    assert "反不正当竞争" in labels[0] and "双随机" in labels[1]


HEADLINE = "全国市场监管部门共查办各类违法案件140.62万件,罚没金额105.35亿元。\n"


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # 查办违法案件 shares the headline's key (查办案件总数): the later one is qualified.
        (
            HEADLINE + "开展产品质量执法,2023年查办违法案件5.67万件,罚没金额3亿元。",
            ["查办各类违法案件", "罚没金额", "产品质量查办违法案件", "产品质量罚没金额"],
        ),
        # A heading line joined to its paragraph still yields the paragraph's subject.
        (
            HEADLINE + "重点执法稳发展\n开展产品质量执法,加大打击力度,2023年查办违法案件5.67万件。",
            ["查办各类违法案件", "罚没金额", "产品质量查办违法案件"],
        ),
        # The same value again is the same fact restated: nothing to tell apart.
        (
            HEADLINE + "开展产品质量执法,查办违法案件140.62万件。",
            ["查办各类违法案件", "罚没金额", "查办违法案件"],
        ),
        # A ; closes the part its subject governs: the goods value is the 家居 cases'.
        (
            "推进燃气安全专项执法,立案查处燃气用具案件6101件,涉案货值5万元;"
            "整治家居消费市场乱象,查办家居质量违法案件4406件,涉案货值2733.41万元",
            [
                "立案查处燃气用具案件",
                "燃气安全专项涉案货值",
                "查办家居质量违法案件",
                "查办家居质量违法案件涉案货值",
            ],
        ),
    ],
)
def test_labels_sharing_a_key_are_told_apart(text, labels):
    assert [f.label for f in facts_of(text) if f.kind == "count"] == labels


def test_refers_to_nearest_level_and_enumerations():
    facts = facts_of("企业7.90万户,比上年增长11.7%,个体工商户14.47万户,比上年增长12.7%。")
    assert [f.refers_to for f in facts] == [None, "f001", None, "f003"]
    assert facts[1].label == facts[0].label
    facts = facts_of("工业企业100家、服务业企业200家,分别增长5.9%和5.1%。")
    assert [f.refers_to for f in facts[2:]] == ["f001", "f002"]
    assert [f.value for f in facts[2:]] == [5.9, 5.1]


@pytest.mark.parametrize(
    ("text", "refers"),
    [
        # fewer levels than values: in order onto the levels there are, the rest to none
        ("全年新设企业1200户、个体工商户3400户,分别增长5.1%、6.2%和7.3%。", ["f001", "f002", None]),
        # a count of the list before it is no level (Anhui: 3个行业 … 分别增长)
        ("科学研究和技术服务业、文化体育和娱乐业以及交通运输、仓储和邮政业3个行业的企业数量"
         "增速靠前,同比分别增长了26.19%、24.38%和20.68%。", [None, None, None]),
    ],
)  # fmt: skip
def test_enumerated_changes_with_fewer_levels(text, refers):
    facts = [f for f in facts_of(text) if f.kind == "yoy"]
    assert [f.refers_to for f in facts] == refers


def test_previous_period_change_is_not_a_yoy_against_last_year():
    # 环比 compares with the quarter before: kept as a change with its period set, so that
    # the yoy check (whole-year changes only) never holds it against last year's level.
    facts = facts_of("第四季度,全市网络交易额120亿元,环比增长3.5%,同比增长8.2%。")
    assert [(f.kind, f.value, f.period) for f in facts[1:]] == [
        ("yoy", 3.5, "第四季度环比"),
        ("yoy", 8.2, "第四季度"),
    ]
    assert facts_of("网络交易额120亿元,环比下降2%。")[1].period == "环比"


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("今年上半年,安徽全省新设各类经营主体708680户", "period", "上半年"),
        ("截至6月底,安徽省实有各类经营主体7712023户", "period", "截至6月底"),
        ("其中,第四季度监督抽检不合格率为2.85%", "period", "第四季度"),
        ("全年新设市场主体25362户", "period", None),
        ("地区生产总值3365.80亿元,按可比价计算,增长3.7%", "basis", "按可比价计算"),
        ("第二产业增加值1681.35亿元,增长3.6%", "basis", "按可比价格"),
        ("不合格率为2.73%,较 2022 年下降 0.13 个百分点", "base_year", 2022),
    ],
)
def test_period_basis_base_year(text, field, value):
    facts = facts_of(text)
    assert getattr(facts[-1], field) == value


def test_flat_is_a_zero_change():
    facts = facts_of(
        "总体不合格率为2.31%,与2019年基本持平。网购食品不合格率为2.30%,与总体不合格率基本持平。"
    )
    changes = [f for f in facts if f.kind in ("yoy", "pp")]
    assert len(changes) == 1  # only a comparison with a year is a change
    assert changes[0].value == 0 and changes[0].base_year == 2019 and changes[0].refers_to == "f001"


def test_sections():
    text = (
        "一、优化营商环境\n1.聚焦重点。一是完成任务。新设市场主体100户。\n二、执法\n办结案件20件。"
    )
    assert [f.section for f in facts_of(text)] == ["一/1/一是", "二"]


@pytest.mark.parametrize("digits", ["0123456789", "０１２３４５６７８９"])
def test_two_numbers_on_two_lines_stay_two(digits):
    """A line break between two numbers is no soft wrap, in ASCII or full-width digits (a
    Traditional repost's table cells once ran together into one number)."""
    text = "查办案件12\n34件。".translate(str.maketrans("0123456789", digits))
    assert [f.value for f in facts_of(text)] == [34.0]


def test_layout_spaces_and_line_wraps():
    text = "监督抽检不合格率为\n\t2.73%,较 2022 年下降 0.13 个百分\n\t点。"
    facts = facts_of(text)
    assert [(f.kind, f.value) for f in facts] == [("rate", 2.73), ("pp", -0.13)]
    assert facts[0].label == "监督抽检不合格率"


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # A short text whose only changes are full-width digits or punctuation (they map to
        # code points, not strings) once raised in the view.
        ("查办案件１２件，", [12.0]),
        ("同比增长5％。", [5.0]),
    ],
)
def test_short_full_width_texts(text, values):
    facts = facts_of(text)
    assert [f.value for f in facts] == values
    assert all(text[f.start : f.end] == f.quote for f in facts)


@pytest.mark.parametrize("key", ["periods", "bases"])
def test_scope_regex_finds_what_the_plain_alternation_finds(key):
    text = (
        "今年上半年,1-6月、1 - 11月、一至十一月、前三季度、第四季度、4季度、三季度新闻、"
        "截至2023年10月底、截至9月30日,按可比价格计算增长5%,按可比价增长,按可比口径,"
        "扣除价格因素实际增长3%,第一季度,二季度"
    )
    plain = re.compile("|".join(f"(?:{p})" for p in rules()[key]))
    found = [(m.start(), m.group()) for m in _scope_regex(key).finditer(text)]
    assert found == [(m.start(), m.group()) for m in plain.finditer(text)]
    assert found
    assert _scope_phrases(key, text) == found


def test_scope_phrases_of_overlapping_parts(monkeypatch):
    """Phrases found by first character that overlap are left to the one pattern."""
    monkeypatch.setitem(rules(), "test_overlap", ["按可比", "比价格因素", "价"])
    text = "按可比价格因素计算,比价格因素,价"
    plain = re.compile("按可比|比价格因素|价")
    assert _scope_phrases("test_overlap", text) == [(m.start(), m.group()) for m in plain.finditer(text)]


def test_markers_and_quotes_found_one_pattern_at_a_time():
    """_markers and _quoted (a pattern per first character) find what one pattern finds."""
    import random

    from tongbi.sections import _CN, _ITEM, _QUOTED, _TOP_OR_SUB, _markers, _quoted

    one = re.compile(rf"[\n。;；](?=[{_CN}（(\d])(?:(?<=[\n。])(?:{_TOP_OR_SUB})|{_ITEM})")
    pieces = ["\n", "。", ";", "；", "一、", "二是", "3.", "（2）", "12、", "“", "”", "「", "」",
              "《", "》", '"', "检查", "企业", "五大行动", "1", "十"]  # fmt: skip
    rng = random.Random(3)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        text = "x" + text  # not a marker: the text's first line is matched apart
        found = [(m.start() + 1, m.lastgroup, m.group(m.lastgroup), m.end()) for m in one.finditer(text)]
        assert _markers(text) == found
        assert _quoted(text) == [m.span() for m in _QUOTED.finditer(text)]


def test_drafts_take_the_period_and_basis_layout_gives():
    """build_drafts walks the period and basis phrases on with its figures: as Layout looks up."""
    from tongbi.drafts import build_drafts
    from tongbi.sections import build_layout

    text = (
        "上半年查办案件12件,按可比价格计算增长5%,1-6月新设企业3户;第四季度检查企业40家。\n"
        "抽检批次7批,前三季度罚没金额8万元,按可比口径增长2%。扣除价格因素实际增长3%,完成9件。\n"
        "截至2023年10月底累计办理13件,同比下降4%。\n新增企业5户"
    )
    layout = build_layout(text)
    drafts = build_drafts(text, layout)
    assert len(drafts) >= 12 and {d.period for d in drafts} > {None} and {d.basis for d in drafts} > {None}
    for d in drafts:
        assert (d.period, d.basis) == (layout.period(d.qstart), layout.basis(d.qstart))
    assert drafts == sorted(drafts, key=lambda d: (d.qstart, d.start))  # extract_text relies on it


def test_change_phrase_within_its_clause():
    """No change phrase holds a clause end, so change_before may start at the clause."""
    import random

    from tongbi.changes import change_before, may_hold
    from tongbi.sections import CLAUSE_ENDS, build_layout

    assert not may_hold(CLAUSE_ENDS) and may_hold("增") and may_hold("7") and may_hold("均")
    pieces = ["同比", "增长", "比上年", ",", "。", "较2020年", "下降", "分别", "为", "与上年相比",
              ";", "净增", "企业", "3", "%", "均", "增幅", ":"]  # fmt: skip
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        layout = build_layout(text)
        for pos in range(1, len(text) + 1):
            floor = layout.clause(pos)[0]
            assert change_before(text, pos, floor) == change_before(text, pos), (text, pos)


def test_traditional_labels_are_simplified_and_quotes_exact():
    text = "食品因農獸藥殘留超標抽檢不合格率為1.79%"
    (f,) = facts_of(text)
    assert f.label == "食品因农兽药残留超标抽检不合格率"
    assert f.quote == text


def test_frame_has_the_model_schema():
    frame = extract_frame("共计收到投诉举报8.5万件,同比增长7.7%", "doc")
    assert tuple(frame.columns) == FACT_FIELDS
    assert frame.height == 2
    assert extract_frame("", "doc").height == 0


def _drafts_of(text: str) -> tuple[list, object]:
    """The drafts of a text in extract_text's order, before linking, and the view."""
    from tongbi.drafts import build_drafts, flat_drafts
    from tongbi.extract import _ORDER
    from tongbi.sections import build_layout
    from tongbi.tables import table_drafts
    from tongbi.textview import build_view

    view = build_view(text)
    layout = build_layout(view.norm)
    cells = table_drafts(view.norm, layout)
    drafts = build_drafts(view.norm, layout, {d.qstart for d in cells})
    return sorted(drafts + flat_drafts(view.norm, layout) + cells, key=_ORDER), view


_STATED_TEXTS = [
    "查办案件12件,同比增长5%,罚没金额8.5万元,比上年下降1.2个百分点,约3000余户。",
    "序号 | 食品种类 | 抽检批次 | 罚没金额(万元) | 不合格率(%)\n1 | 粮食加工品 | 120 | 12.5 | 1.5\n"
    "指标 | 单位 | 绝对数 | 比上年增长(%)\n粮食产量 | 万吨 | 1,234.5 | -2.1\n",
    "全年抽检200批次,增长3%,不合格率分别为1.2%、0.8%和-3%;新增企业一千二百户。",
]


@pytest.mark.parametrize(
    "name", ["linxi_2020_summary.txt", "linxi_2022_summary.html", "linxi_2023_summary.txt", 0, 1, 2]
)
def test_stated_is_the_view_at_the_number(name):
    """_to_facts takes a draft's `stated` for the printed text when the view is the text as
    printed: it holds the view's characters at the draft's number span."""
    from pathlib import Path

    if isinstance(name, int):
        text = _STATED_TEXTS[name]
    else:
        text = (Path(__file__).parent.parent / "data" / "samples" / name).read_text("utf-8")
    drafts, view = _drafts_of(text)
    spans = [d for d in drafts if d.num is not None]
    assert spans
    assert [d.stated for d in spans] == [view.norm[d.num[0] : d.num[1]] for d in spans]


_LINK_TEXTS = [
    "查办案件12件,同比增长5%,罚没金额8万元,与上年持平。抽检7批,合格率98%,下降1个百分点。",
    "序号 | 食品种类 | 抽检批次 | 不合格率(%)\n1 | 粮食加工品 | 120 | 1.5\n2 | 乳制品 | 80 | 0.5\n"
    "全年抽检200批次,同比增长3%,不合格率1.2%,分别增长1%、2%和3%。",
]


@pytest.mark.parametrize("name", ["linxi_2020_summary.txt", "linxi_2023_summary.txt", 0, 1])
def test_link_groups_the_levels_of_each_sentence_in_order(name):
    """link's levels of each sentence (walked on by sentence run) are the levels grouped by
    their sentence, in draft order."""
    import random
    from pathlib import Path

    from tongbi.drafts import LEVEL_KINDS
    from tongbi.links import link

    if isinstance(name, int):
        text = _LINK_TEXTS[name]
    else:
        text = (Path(__file__).parent.parent / "data" / "samples" / name).read_text("utf-8")
    drafts, _ = _drafts_of(text)
    grouped: dict = {}
    for d in drafts:
        if d.kind in LEVEL_KINDS:
            grouped.setdefault(d.sentence, []).append(d)
    assert len(grouped) > 1
    assert link(drafts) == grouped
    # Equal sentences that are not one tuple (a table cell's, a flat's) are one sentence too.
    rng = random.Random(3)
    for d in drafts:
        if rng.random() < 0.5:
            d.sentence = tuple(list(d.sentence))
    assert link(drafts) == grouped

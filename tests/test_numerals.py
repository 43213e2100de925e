"""Numbers as printed: values, units, intervals and approximation markers (tongbi.numerals)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongbi.numbers import interval, measure_plain
from tongbi.numerals import parse_chinese, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("8.5万件", 85000, "件"),
        ("325020户", 325020, "户"),
        ("1,100.9亿元", 110_090_000_000, "元"),
        ("105.35亿元", 10_535_000_000, "元"),
        ("2733.41万元", 27_334_100, "元"),
        ("3万4000件", 34000, "件"),
        ("25万6千件", 256000, "件"),
        ("１２３，４５６家", 123456, "家"),
        ("6997389 批次", 6997389, "批次"),
        ("较 2022 年下降 0.13 个百分点", 0.13, "个百分点"),
        ("96.83%", 96.83, "%"),
        ("-6.55‰", -6.55, "‰"),
        ("两本", 2, "本"),
        ("十二家", 12, "家"),
        ("一百二十项", 120, "项"),
        ("21大类", 21, "大类"),
        ("19场次", 19, "场次"),
        ("144万人", 1_440_000, "人"),
    ],
)
def test_value_and_unit(phrase, value, unit):
    q = parse_quantity(phrase)
    assert q is not None
    assert q.value == pytest.approx(value, rel=1e-12)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("phrase", "lo", "hi"),
    [
        ("8.5万件", 84500, 85500),  # 8.5万 is an interval, not a point
        ("39.43%", 39.425, 39.435),
        ("17%", 16.5, 17.5),  # a percentage is rounded even when printed as an integer
        ("325020户", 325020, 325020),  # a plain count is exact
        ("105.35亿元", 10_534_500_000, 10_535_500_000),
        ("0.13个百分点", 0.125, 0.135),
        ("3650余件", 3650, None),
        ("超70万户", 700000, None),
        ("99%以上", 99, None),
        ("600多家", 600, None),
        ("近3000家", None, 3000),
        ("约3000家", 2000, 4000),  # 约 widens by a whole unit of the last significant digit
        ("约8.5万件", 84000, 86000),
        ("3000家左右", 2000, 4000),
    ],
)
def test_interval(phrase, lo, hi):
    q = parse_quantity(phrase)
    assert q is not None
    assert (q.lo, q.hi) == (
        pytest.approx(lo) if lo is not None else None,
        pytest.approx(hi) if hi is not None else None,
    )


@pytest.mark.parametrize(
    ("phrase", "marker"),
    [
        ("3650余件", "余"),
        ("超70万户", "超"),
        ("超过70万户", "超"),
        ("突破100万户", "突破"),
        ("逾3000家", "逾"),
        ("近3000家", "近"),
        ("约3000家", "约"),
        ("3000家以上", "以上"),
        ("3000家左右", "左右"),
        ("600多家", "多"),
        ("325020户", None),
        ("附近3家", None),  # 近 in 附近 is a word, not a marker
        ("签约3个", None),  # 约 in 签约 is a word
    ],
)
def test_approx_marker(phrase, marker):
    q = parse_quantity(phrase)
    assert q is not None
    assert q.approx == marker


@pytest.mark.parametrize(
    "phrase",
    [
        "2023年",  # a year
        "二〇二三年",
        "〔2024〕25号",  # a document number
        "第一批",  # ordinals
        "第六届",
        "一次申请",  # bare 一 is prose
        "1+12+X",
        "3·15",
        "0.9∶50.0∶49.1",  # a ratio of shares
        "5千米",
        "三次产业",  # a term, not three times
        "3多元化",
        "AC6040203-2024-026",
        "五大行动",
        "二十大",
        "一核三翼五站",
        "021-12345678",  # a phone number
    ],
)
def test_not_a_quantity(phrase):
    assert parse_quantity(phrase) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十", 120),
        ("十二", 12),
        ("两", 2),
        ("二〇二三", 2023),
        ("三万四千", 34000),
        ("十", 10),
    ],
)
def test_parse_chinese(text, value):
    assert parse_chinese(text) == value


@pytest.mark.parametrize(
    ("text", "value", "exact"),
    [
        ("8.5万", 85000, False),
        ("3万4000", 34000, True),
        ("1,234", 1234, True),
        ("1.2万亿", 1.2e12, False),
    ],
)
def test_parse_number(text, value, exact):
    n = parse_number(text)
    assert n is not None
    assert float(n.value) == pytest.approx(value)
    assert n.exact is exact


# measure_plain is parse_number + interval by str and int arithmetic (it runs per figure):
# the two must agree to the last bit on every number it accepts.
@given(
    whole=st.integers(0, 10**15),
    decimals=st.text("0123456789", max_size=6),
    multiplier=st.sampled_from(["", "千", "万", "亿", "万亿"]),
    unit_class=st.sampled_from(["count", "percent", "points"]),
    approx_class=st.sampled_from([None, "lower", "upper", "about"]),
)
@settings(max_examples=500, deadline=None)
def test_measure_plain_agrees_with_parse_number(
    whole, decimals, multiplier, unit_class, approx_class
):
    text = f"{whole}.{decimals}{multiplier}" if decimals else f"{whole}{multiplier}"
    fast = measure_plain(text, unit_class, approx_class)
    number = parse_number(text)
    lo, hi = interval(number, unit_class, approx_class)
    assert fast is None or fast == (float(number.value), lo, hi)
    if approx_class != "about" and len(text) <= 12:
        assert fast is not None  # the common figures all take the fast path


@pytest.mark.parametrize(
    ("text", "approx_class", "expected"),
    [
        ("8.5万", None, (85000.0, 84500.0, 85500.0)),
        ("3650", "lower", (3650.0, 3650.0, None)),
        ("1.2亿", "upper", (120_000_000.0, None, 120_000_000.0)),
        ("1.5万亿", None, (1.5e12, 1.45e12, 1.55e12)),
        ("3.52", None, (3.52, 3.515, 3.525)),
        ("3万4000", None, None),  # compound: parse_number's
        ("约3000", "about", None),
    ],
)
def test_measure_plain(text, approx_class, expected):
    assert measure_plain(text, "count", approx_class) == expected


def test_quantity_groups_in_order():
    # _quantity unpacks m.groups() positionally: the pattern's groups must be these, in order.
    from tongbi.numerals import GROUPS, quantity_regex

    assert tuple(quantity_regex().groupindex) == GROUPS
    assert quantity_regex().groups == len(GROUPS)


def _scan_by_quantity(text: str):
    """scan_quantities as it reads every match: through _quantity, no inlined shortcut."""
    from tongbi import numerals

    forms, prefix_ends = numerals._unit_forms(), numerals._prefixes()[0]
    out, floor = [], 0
    for m in numerals.quantity_regex().finditer(text):
        q = numerals._quantity(m, text, floor, forms, prefix_ends)
        if q is not None:
            out.append(q)
        floor = m.end()
    return out


# scan_quantities measures the common figures (an unsigned Arabic number, no marker) inline:
# it must find what _quantity finds, on those and on every shape next to them.
@pytest.mark.parametrize(
    "text",
    [
        "抽检325020批次,合格率96.83%,下降0.13个百分点,同比下降-6.55‰。",
        "共17%、8.5万件、1,100.9亿元、2733.41万元、3万4000件、25万6千件、144万人。",
        "12345,678件;1,234户;0012家;5.件;.5件;3.0%;100.00个百分点。",
        "约3000家,3000家左右,近3000家,超70万户,3650余件,600多家,99%以上,3多元化。",
        "1+12+X件、3·15件、0.9∶50件、A12件、第3件、#5件、5件/年、5件:6、5件—6。",
        "十二家、两本、一百二十项、三次产业、“五大行动”、一次申请、5千米、5千瓦。",
        "-5件、−3.2%、2023年、１２３，４５６家、١٢件、²5件、①3家。",
        "123456789012345678901234件 1234567890123456789012345件 1.23456789012345678901234%",
        "12345678901234.5%、1234567890123万元、0.000001%、99999999999.99亿元。",
    ],
)
def test_scan_shortcut_agrees_with_quantity(text):
    from tongbi.numerals import scan_quantities

    assert repr(scan_quantities(text)) == repr(_scan_by_quantity(text))  # -0.0 too
    _assert_figures_around(text)


@given(st.text("0123456789.,-万亿千%件户个百分点余多约近超以上左右第A+ ", max_size=40))
@settings(max_examples=500, deadline=None)
def test_scan_shortcut_agrees_with_quantity_on_any_text(text):
    from tongbi.numerals import scan_quantities

    assert repr(scan_quantities(text)) == repr(_scan_by_quantity(text))  # -0.0 too
    _assert_figures_around(text)


def _assert_figures_around(text: str) -> None:
    """figures(text): scan_quantities' fields, then the characters before and after each."""
    from tongbi.numerals import figures, scan_quantities

    found = figures(text)
    assert [f[:10] for f in found] == [tuple(q) for q in scan_quantities(text)]
    for *_, start, end, _, _, before, after in found:
        assert (before, after) == (text[start - 1 : start], text[end : end + 1])


# A table cell's figure is measured without the pattern when plain: the same Quantity.
@pytest.mark.parametrize(
    "number",
    ["0", "7", "325020", "3.52", "0.50", "00", "1" * 24, "1" * 25, "1." + "2" * 22, "1,234",
     "-5", "8.5", "1.2.3", "", ".5", "5.", "١٢", "１２", "12a"],
)  # fmt: skip
def test_cell_quantity_agrees_with_leading_quantity(number):
    from tongbi.numerals import cell_quantity, leading_quantity, unit_words

    others = ["", "万元", "人民币", "件数", "万", "亿元", "多家", "余件", "5件", ".5件", "%以上"]
    for unit in unit_words() + others:
        assert repr(cell_quantity(number, unit)) == repr(leading_quantity(number + unit)), unit


# quantity_regex opens with the digits listed (_first_class), not \d: the same matches.
@given(st.text("0123456789.,-−%件个百分点余多以上一二十万亿千٣३𝟙𐒠𝐀😀²①年 ", max_size=30))
@settings(max_examples=500, deadline=None)
def test_first_class_matches_as_a_digit_class(text):
    import re

    from tongbi.numerals import _first_class, quantity_regex

    listed = quantity_regex()
    by_category = re.compile(
        listed.pattern.replace(f"[{_first_class()}]", r"[\d\-−零〇一二两三四五六七八九十百千万亿]", 1)
    )
    assert by_category.pattern != listed.pattern
    found = [(m.span(), m.groups()) for m in listed.finditer(text)]
    assert found == [(m.span(), m.groups()) for m in by_category.finditer(text)]


# quantity_regex writes its optional groups (?:X|) and (?:,\d{3})+ unrolled once, for speed:
# the same matches as the plain X? and (…)+ forms.
_PLAIN_FORMS = [
    (r",\d{3}(?:,\d{3})*", r"(?:,\d{3})+"),
    (r"(?:\.\d++|)", r"(?:\.\d++)?"),
    (r"(?:\d+千?|)", r"(?:\d+千?)?"),
    (r"千(?![米瓦克伏帕卡])|)", r"千(?![米瓦克伏帕卡]))?"),
]


def _plain_quantity_regex():
    import re

    from tongbi.numerals import quantity_regex

    pattern = quantity_regex().pattern
    for fast, plain in _PLAIN_FORMS:
        assert fast in pattern
        pattern = pattern.replace(fast, plain)
    return re.compile(pattern)


def _all_matches(pattern, text):
    return [(m.span(), m.groups(), m.regs) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "12345,678件;1,234户;1,23户;1,2345户;0012家;5.件;.5件;3.0%;1,100.9亿元;2,000,000.5万元",
        "8.5万件、1.2万亿元、3万4000件、25万6千件、5千米、5千家、5千瓦、3亿4000万元、-5件、−3.2%",
        "2023年、12,34,567件、1,234,56件、١٢件、２０件、十二家、一百二十项、三万家",
    ],
)
def test_quantity_regex_as_plain_forms(text):
    from tongbi.numerals import quantity_regex

    assert _all_matches(quantity_regex(), text) == _all_matches(_plain_quantity_regex(), text)


@given(st.text("0123456789.,-−%件户家个百分点余多以上一二十万亿千米瓦年 ", max_size=40))
@settings(max_examples=1000, deadline=None)
def test_quantity_regex_as_plain_forms_on_any_text(text):
    from tongbi.numerals import quantity_regex

    assert _all_matches(quantity_regex(), text) == _all_matches(_plain_quantity_regex(), text)


# A Chinese count is measured off the numeral _chinese_count parsed, not through parse_number
# and interval (_measure): the same value and interval.
@pytest.mark.parametrize(
    "text",
    ["十二家", "两本", "一百二十项", "二十一批", "三万家", "两千零五十件", "九十九亿个", "十万零一人",
     "约十家", "十余家", "近二十项", "三十家左右", "三百家以上"],
)  # fmt: skip
def test_chinese_count_measured_as_parse_number(text):
    from tongbi.numerals import _measure

    q = parse_quantity(text)
    cls = {None: None, "约": "about", "余": "lower", "近": "upper", "左右": "about", "以上": "lower"}
    assert (q.value, q.lo, q.hi) == _measure(q.stated, "count", cls[q.approx])

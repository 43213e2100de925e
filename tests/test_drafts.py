"""Draft facts: kinds and signs of figures read off their unit and change phrase."""

import pytest

from tongbi.changes import change_before
from tongbi.drafts import _kind, build_drafts
from tongbi.numerals import scan_quantities, unit_words

_KIND_OF_CLASS = {"percent": ("rate", "yoy"), "points": ("pp", "pp"), "count": ("count", None)}


@pytest.mark.parametrize("unit", unit_words())
def test_kind_by_unit_is_by_unit_class(unit):
    # _kind reads the unit itself, not Quantity.unit_class: the same kinds.
    for text in (f"共计5{unit}", f"同比增长5{unit}"):
        (q,) = scan_quantities(text)
        change = change_before(text, q.start)
        kind, sign, _ = _kind(q.unit, q.start, change, None, text)
        level, changed = _KIND_OF_CLASS[q.unit_class]
        expected = changed if change else level
        assert kind == (expected or ("abs_change" if change and change.compared else "count"))
        assert sign == 1


@pytest.mark.parametrize(
    "text",
    [
        "新设市场主体56152户,同比增长12.5%。开展“5项行动”3次,查办案件120件;罚没8.5万元",
        "“质量强区”创建3项。《条例》2部,培训200人次,较上年下降0.13个百分点",
        "共检查5家,合格3家。",
        "抽检638批次",
    ],
)
def test_build_drafts_walks_as_layout_looks_up(text):
    # build_drafts walks the clause, sentence and quote lists (ending in sentinels) per figure:
    # the sentences of Layout.sentence, no figure Layout.in_quotes.
    from tongbi.sections import build_layout

    layout = build_layout(text)
    found = build_drafts(text, layout)
    kept = [q for q in scan_quantities(text) if not layout.in_quotes(q.num_start, q.num_end)]
    assert [d.qstart for d in found] == [q.start for q in kept]
    for d in found:
        assert d.sentence == layout.sentence(d.qstart)


def test_draft_built_directly_as_by_its_class():
    # build_drafts allocates a Draft and calls its __init__ (drafts._new, _init): Draft(...).
    from tongbi import drafts
    from tongbi.drafts import Draft

    fields = ("count", "户数", "户", 3.0, "3", None, 3.0, 3.0, 0, 4, 2, 4, (0, 9))
    more = (2020, True, None, (2, 3), "2023年", "全省")
    for args in (fields, fields + more):
        d = drafts._new(Draft)
        drafts._init(d, *args)
        assert type(d) is Draft and d == Draft(*args)
        assert [getattr(d, f) for f in Draft.__slots__] == [
            getattr(Draft(*args), f) for f in Draft.__slots__
        ]

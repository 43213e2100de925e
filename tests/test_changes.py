"""Change phrases before a number: their sign, comparison, base year and period."""

import pytest

from tongbi.changes import (
    GROUPS,
    Change,
    _change_regex,
    change_before,
    change_ending,
    change_ends,
)


def test_change_groups_in_order():
    # change_before unpacks m.groups() positionally: the pattern's groups must be these.
    assert tuple(_change_regex().groupindex) == GROUPS
    assert _change_regex().groups == len(GROUPS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("同比增长", Change(0, 1, True, None, False, None)),
        ("环比下降", Change(0, -1, True, None, False, "环比")),
        ("较2020年同期相比均分别减少了", Change(0, -1, True, 2020, True, None)),
        ("净减少", Change(0, -1, True, None, False, None)),
        ("净增", Change(0, 1, True, None, False, None)),
        ("企业增幅达", Change(2, 1, False, None, False, None)),
        ("比上年末降幅为", Change(0, -1, True, None, False, None)),
        ("查办", None),
    ],
)
def test_change_before(text, expected):
    assert change_before(text + "5", len(text)) == expected


@pytest.mark.parametrize("floor", [0, 1, 3])
@pytest.mark.parametrize(
    "text", ["同比增长", "环比下降", "较2020年同期相比均分别减少了", "净增", "企业增幅达", "查办增长为", "增"]
)
def test_change_ending_is_change_before_past_its_first_test(text, floor):
    # build_drafts tests text[pos - 1] in change_ends() itself and calls change_ending.
    text = "今年以来全市" * 5 + text
    for pos in range(1, len(text) + 1):
        if text[pos - 1] in change_ends():
            assert change_ending(text, pos, floor) == change_before(text, pos, floor)


@pytest.mark.parametrize("text", ["", "同比持平", "与2019年基本持平", "基本", "持", "平", "收支平衡"])
def test_flat_cores_stand_for_every_flat_word(text):
    # find_flats looks for _flat_cores only: a text holds one exactly when it holds a flat word.
    from tongbi.changes import _flat_cores
    from tongbi.lexicon import rules

    flat = rules()["change"]["flat"]
    assert any(w in text for w in _flat_cores()) == any(w in text for w in flat)
    assert set(_flat_cores()) <= set(flat)
    assert all(any(c in w for c in _flat_cores()) for w in flat)

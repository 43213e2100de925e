"""Label words before a number: connectors, years, filler, the reporting body and 对 phrases go."""

import pytest

from tongbi.labels import strip_label


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("共计查办普通程序案件", "查办普通程序案件"),
        ("全年全区新设各类市场主体", "新设各类市场主体"),
        ("、示范站", "示范站"),
        ("以及示范点", "示范点"),
        ("2023年查办违法案件", "查办违法案件"),
        ("一是共计收到投诉举报", "收到投诉举报"),
        ("共有各类市场主体", "共有各类市场主体"),  # 共有 is a word of its own, not 共 + 有
        ("会同街镇对成品批发、仓储、零售企业联合排摸共计", "成品批发、仓储、零售企业联合排摸"),
        ("对照标准检查企业", "对照标准检查企业"),  # 对照 is a verb, not the preposition
        ("全国各级市场监管部门2023年查办民生领域违法案件", "查办民生领域违法案件"),
        ("小型锅炉进行水容积测试", "小型锅炉水容积测试"),
        ("", ""),
    ],
)
def test_strip_label(raw, label):
    assert strip_label(raw) == label

"""The indicator catalog (tongbi.catalog) and the rules loading from the installed package."""

from __future__ import annotations

import pytest

from tongbi.catalog import indicator_key, normalise_label, synonyms
from tongbi.lexicon import load_yaml, rules


@pytest.mark.parametrize(
    ("label", "unit", "key"),
    [
        ("共有各类市场主体", "户", "市场主体总量"),
        ("实有各类市场主体", "户", "市场主体总量"),
        ("市场主体总量", "户", "市场主体总量"),
        ("實有各類市場主體", "户", "市场主体总量"),  # Traditional labels map too
        ("实有各类经营主体", "户", "市场主体总量"),  # 市场主体 was renamed 经营主体 in 2024
        ("新设各类市场主体", "户", "新设市场主体"),
        ("监督抽检不合格率", "%", "食品安全监督抽检不合格率"),
        ("“双随机、一公开”检查各类市场主体", "户次", "双随机、一公开检查各类市场主体"),
        ("办结案件", "件", "办结案件"),  # not in the catalog: its own key
    ],
)
def test_indicator_key(label, unit, key):
    assert indicator_key(label, unit) == key


def test_unit_is_not_part_of_the_key():
    # 户 vs 户次 must meet under one key so that the unit check can see the change.
    assert indicator_key("列入经营异常名录", "户") == indicator_key("列入经营异常名录", "户次")


def test_normalise_label():
    assert normalise_label(" 查办“铁拳”行动案件 ") == "查办铁拳行动案件"


def test_every_synonym_has_one_key():
    seen: dict[str, str] = {}
    for key, names in load_yaml("indicators.yaml")["indicators"].items():
        for name in names:
            norm = normalise_label(name)
            assert seen.setdefault(norm, key) == key, f"{name} under {seen[norm]} and {key}"
    assert synonyms()


def test_rules_load_from_the_package():
    r = rules()
    for section in ("units", "approx", "change", "filler_prefixes", "periods", "bases"):
        assert section in r
    assert "超市" not in r["approx"]["prefix"]["lower"]
    assert "市" in r["approx"]["not_followed_by"]["超"]

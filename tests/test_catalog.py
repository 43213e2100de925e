"""The indicator catalog (tongbi.catalog) and the rules loading from the installed package."""

from __future__ import annotations

import os
import time

import pytest

from tongbi.catalog import indicator_key, is_normal, normalise_label, synonyms
from tongbi.labels import simplified_label
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


@pytest.mark.parametrize(
    ("label", "normal"),
    [
        ("查办案件", True),
        ("双随机、一公开检查(户次)", True),
        ("查辦案件", False),  # Traditional
        ("查办“铁拳”行动案件", False),  # quotation marks
        ("查办 案件", False),  # whitespace
        ("罚没金额（万元）", False),  # full-width brackets
        ("𠮷野家", False),  # astral
    ],
)
def test_is_normal(label, normal):
    # The fast path of the facts' labels and keys: a normal label is its own form.
    assert is_normal(label) is normal
    same = simplified_label(label) == label and normalise_label(label) == label
    assert same or not normal


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


def _row(year, label, indicator=None, unit="户", section="一/1", agency="青川市临溪区市场监督管理局"):
    return {"agency": agency, "year": year, "unit": unit, "label": label,
            "indicator": indicator or normalise_label(label), "section": section}  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # reworded without a catalog entry: suggested with the previous year's key
        ([_row(2022, "查处食品安全违法案件"), _row(2023, "查办食品安全违法案件")],
         [("查办食品安全违法案件", "查处食品安全违法案件")]),
        # the same key both years: nothing to review
        ([_row(2022, "共有各类市场主体", "市场主体总量"),
          _row(2023, "实有各类市场主体", "市场主体总量")], []),
        # another unit is another indicator: unmatched
        ([_row(2022, "查处食品安全违法案件", unit="件"), _row(2023, "查办食品安全违法案件")],
         []),
        # another top section: unmatched, listed with an empty key
        ([_row(2022, "查处食品安全违法案件", section="二"),
          _row(2023, "查办食品安全违法案件", section="三/1")], [("查办食品安全违法案件", "")]),
        # nothing close: unmatched
        ([_row(2022, "发放营业执照"), _row(2023, "查办食品安全违法案件")],
         [("查办食品安全违法案件", "")]),
    ],
)  # fmt: skip
def test_suggest_matches_within_agency_unit_and_section(rows, expected):
    from tongbi.catalog import suggest

    assert [(s.label, s.key) for s in suggest(rows)] == expected


def test_rejected_pairs_are_not_suggested_again():
    from tongbi.catalog import suggest

    rows = [_row(2022, "查处食品安全违法案件"), _row(2023, "查办食品安全违法案件")]
    rejected = {("查办食品安全违法案件", "查处食品安全违法案件")}
    assert [s.key for s in suggest(rows, rejected)] == [""]


def test_accept_and_reject_write_the_user_catalog(tmp_path):
    from tongbi.catalog import accept, read_catalog, reject

    path = tmp_path / "indicators.yaml"
    accept("查办食品安全违法案件", "查处食品安全违法案件", path)
    assert indicator_key("查办食品安全违法案件", "件", synonyms(path)) == "查处食品安全违法案件"
    reject("查办食品安全违法案件", "查处食品安全违法案件", path)
    data = read_catalog(path)
    assert data["rejected"] == [{"label": "查办食品安全违法案件", "key": "查处食品安全违法案件"}]
    assert indicator_key("查办食品安全违法案件", "件", synonyms(path)) == "查办食品安全违法案件"


def test_user_catalog_is_merged_over_the_packaged_one(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path))
    (tmp_path / "indicators.yaml").write_text(
        "indicators:\n  市场主体总量: [经营主体数量]\n", encoding="utf-8"
    )
    assert indicator_key("经营主体数量", "户") == "市场主体总量"
    assert indicator_key("共有各类市场主体", "户") == "市场主体总量"  # packaged still there


def test_a_catalog_edited_elsewhere_is_seen_once_its_check_is_due(tmp_path):
    """synonyms() trusts a catalog's mtime for CHECK_SECONDS, then reads the edit."""
    from tongbi.catalog import CHECK_SECONDS, _mtime, _table

    path = tmp_path / "indicators.yaml"
    path.write_text("indicators:\n  市场主体总量: [经营主体数量]\n", encoding="utf-8")
    assert indicator_key("经营主体数量", "户", synonyms(path)) == "市场主体总量"
    path.write_text("indicators:\n  经营主体: [经营主体数量]\n", encoding="utf-8")
    os.utime(path, ns=(0, _mtime(str(path)) + 10**9))  # a later mtime, whatever the clock tick
    time.sleep(CHECK_SECONDS * 1.5)
    assert indicator_key("经营主体数量", "户", synonyms(path)) == "经营主体"
    assert synonyms(path) is _table(str(path), _mtime(str(path)))  # the uncached answer
    path.unlink()
    time.sleep(CHECK_SECONDS * 1.5)
    assert synonyms(path) is _table(str(path), 0)


@pytest.mark.parametrize("value", [None, "", "/tmp/tongbi-data", "数据/目录", "a\udcff"])
def test_data_dir_env_follows_os_environ(value, monkeypatch, tmp_path):
    """_data_dir_env reads os.environ's store: it changes with os.environ.get, one for one,
    and user_catalog_path follows the variable as settings do."""
    from tongbi.catalog import _data_dir_env, user_catalog_path
    from tongbi.settings import get_settings

    if value is None:
        monkeypatch.delenv("TONGBI_DATA_DIR", raising=False)
        assert _data_dir_env() is None
    else:
        monkeypatch.setenv("TONGBI_DATA_DIR", value)
        assert os.environ.decodevalue(_data_dir_env()) == os.environ.get("TONGBI_DATA_DIR")
    assert user_catalog_path() == get_settings().indicator_catalog_path
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path))
    assert user_catalog_path() == tmp_path.resolve() / "indicators.yaml"


def test_data_dir_env_without_environs_store(monkeypatch):
    """Where os.environ has no private store (another Python, or replaced), os.environ.get."""
    from tongbi.catalog import _data_dir_env

    monkeypatch.setattr(os, "environ", {"TONGBI_DATA_DIR": "/srv/tongbi"})
    assert _data_dir_env() == "/srv/tongbi"


def test_cli_accept_and_reject(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tongbi.cli import main

    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["indicators", "accept", "经营主体数量", "市场主体总量"])
    assert result.exit_code == 0, result.output
    assert indicator_key("经营主体数量", "户") == "市场主体总量"
    result = CliRunner().invoke(main, ["indicators", "reject", "经营主体数量", "市场主体总量"])
    assert result.exit_code == 0, result.output
    assert indicator_key("经营主体数量", "户") == "经营主体数量"
    result = CliRunner().invoke(main, ["indicators", "review", "--db", str(tmp_path / "no.duckdb")])
    assert result.exit_code == 2 and "no warehouse" in result.output


def test_label_keys_fill_enters_what_lookups_would():
    """LabelKeys.fill enters every label as a lookup one by one would, changing ones too."""
    from tongbi.qualify import LabelKeys

    labels = ["“铁拳”行动", "查办案件", "罚没金额", "“双随机”抽查", "覆盖率", "查办案件", "“a”"]
    for n in range(len(labels) + 1):
        for chosen in (labels[:n], labels[n:], labels[::-1][:n]):
            filled = LabelKeys(synonyms())
            filled.fill(chosen)
            assert {x for x in chosen if is_normal(x)} == set(filled)  # the others: on lookup
            one_by_one = LabelKeys(synonyms())
            assert {x: filled[x] for x in chosen} == {x: one_by_one[x] for x in chosen}

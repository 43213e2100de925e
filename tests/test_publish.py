"""Publishing: Parquet and BOM-prefixed CSV round-trip, atomic swap, offline HTML trend pages."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import duckdb
import pytest

from tongbi import publish as publish_module
from tongbi.publish import BOM, computed_yoy, publish, sparkline, trend_rows
from tongbi.settings import Settings


def _count(db: Path, relation: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]
    finally:
        con.close()


def _labels(db: Path, relation: str) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {r[0] for r in con.execute(f"SELECT label FROM {relation}").fetchall()}
    finally:
        con.close()


def test_every_output_exists(sample_warehouse: Path, tmp_settings: Settings) -> None:
    paths = publish(sample_warehouse, tmp_settings)
    assert paths.root == tmp_settings.published_dir
    for path in (
        paths.trend_wide_parquet,
        paths.facts_parquet,
        paths.trend_long_csv,
        paths.trend_wide_csv,
        paths.facts_csv,
        paths.index_html,
    ):
        assert path.is_file(), path
    assert paths.trend_long_parquet.is_dir()
    assert len(list(paths.trend_long_parquet.glob("agency=*/*.parquet"))) == 2
    assert set(paths.agency_pages) == {"示例市市场监督管理局", "示例县统计局"}
    assert all(p.is_file() for p in paths.agency_pages.values())


@pytest.mark.parametrize("relation", ["trend_long", "trend_wide", "facts"])
def test_csv_has_bom_and_round_trips_chinese(
    relation: str, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    paths = publish(sample_warehouse, tmp_settings)
    path = paths.root / f"{relation}.csv"
    assert path.read_bytes().startswith(BOM)
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == _count(sample_warehouse, relation)
    assert {r["label"] for r in rows} == _labels(sample_warehouse, relation)
    assert "共有各类市场主体" in {r["label"] for r in rows}


@pytest.mark.parametrize(
    ("relation", "pattern"),
    [
        ("trend_long", "trend_long/**/*.parquet"),
        ("trend_wide", "trend_wide.parquet"),
        ("facts", "facts.parquet"),
    ],
)
def test_parquet_keeps_every_row(
    relation: str, pattern: str, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    root = publish(sample_warehouse, tmp_settings).root
    con = duckdb.connect()
    rows = con.execute(
        "SELECT count(*), count(DISTINCT label) FROM read_parquet(?, hive_partitioning = true)",
        [str(root / pattern)],
    ).fetchone()
    assert rows[0] == _count(sample_warehouse, relation)
    assert rows[1] == len(_labels(sample_warehouse, relation))


def test_partition_values_decode_to_the_agency(
    sample_warehouse: Path, tmp_settings: Settings
) -> None:
    root = publish(sample_warehouse, tmp_settings).root
    agencies = (
        duckdb.connect()
        .execute(
            "SELECT DISTINCT agency FROM read_parquet(?, hive_partitioning = true) ORDER BY 1",
            [str(root / "trend_long/**/*.parquet")],
        )
        .fetchall()
    )
    assert agencies == [("示例县统计局",), ("示例市市场监督管理局",)]


def test_html_is_offline_escaped_and_complete(
    sample_warehouse: Path, tmp_settings: Settings
) -> None:
    con = duckdb.connect(str(sample_warehouse))
    con.execute(
        "UPDATE trend_long SET quote = '<script>x</script> \"引号\" & 325020户' WHERE year = 2021"
    )
    con.close()
    paths = publish(sample_warehouse, tmp_settings)
    index = paths.index_html.read_text(encoding="utf-8")
    pages = {a: p.read_text(encoding="utf-8") for a, p in paths.agency_pages.items()}
    for page in [index, *pages.values()]:
        assert not re.search(r"https?://", page)
        assert "<script" not in page
    page = pages["示例市市场监督管理局"]
    assert "&lt;script&gt;x&lt;/script&gt; &#34;引号&#34; &amp; 325020户" in page  # title=
    for label in _labels(sample_warehouse, "trend_long"):
        assert label in "".join(pages.values())
    assert page.count("<svg") == 3  # one chart per indicator row
    assert "st-fail" in page and "</span>fail</span>" in page  # status as colour and as text
    assert "+3.52%" in page and "+8.34%" in page  # stated vs computed 同比
    # The index links every agency page and names the failing indicator.
    for path in paths.agency_pages.values():
        assert f'href="{path.name}"' in index
    assert "共有各类市场主体 2023" in index


def test_rerun_replaces_and_leaves_no_temp_dirs(
    sample_warehouse: Path, tmp_settings: Settings
) -> None:
    first = publish(sample_warehouse, tmp_settings)
    stale = first.root / "stale.txt"
    stale.write_text("from an older run", encoding="utf-8")
    publish(sample_warehouse, tmp_settings)
    assert not stale.exists()
    assert [p.name for p in first.root.parent.iterdir() if p.name.startswith("published")] == [
        "published"
    ]


def test_failed_publish_keeps_the_previous_output(
    sample_warehouse: Path, tmp_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = publish(sample_warehouse, tmp_settings)
    before = hashlib.sha256(first.trend_wide_csv.read_bytes()).hexdigest()

    def boom(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(publish_module, "write_trend_pages", boom)
    with pytest.raises(RuntimeError):
        publish(sample_warehouse, tmp_settings)
    assert hashlib.sha256(first.trend_wide_csv.read_bytes()).hexdigest() == before
    assert first.index_html.is_file()
    assert [p.name for p in first.root.parent.iterdir() if p.name.startswith("published")] == [
        "published"
    ]


def test_publish_does_not_write_the_warehouse(
    sample_warehouse: Path, tmp_settings: Settings
) -> None:
    before = hashlib.sha256(sample_warehouse.read_bytes()).hexdigest()
    publish(sample_warehouse, tmp_settings)
    assert hashlib.sha256(sample_warehouse.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    ("values", "n_dots"),
    [([1.0, 2.0, 3.0], 3), ([None, 5.0], 1), ([None, None], 0), ([7.0, 7.0], 2)],
)
def test_sparkline_points(values: list, n_dots: int) -> None:
    spark = sparkline(values)
    assert len(spark["dots"]) == n_dots
    for x, y in spark["dots"]:
        assert 0 <= x <= spark["width"] and 0 <= y <= spark["height"]


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [
        (15.6555, 15.6555, "+15.66%"),  # a point: both years exact
        (0.7679, 0.7896, "+0.77…+0.79%"),  # rounding leaves a range
        (-4.8853, -4.8853, "-4.89%"),
        (8.3341, 8.3349, "+8.33%"),  # equal once rounded: shown once
        (None, None, "–"),  # no prior year, or an approximate level
    ],
)
def test_computed_yoy_as_printed(lo, hi, text: str) -> None:
    assert computed_yoy(lo, hi) == text


def test_trend_rows_put_failing_indicators_first(sample_warehouse: Path) -> None:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    try:
        years, rows = trend_rows(con, "示例市市场监督管理局")
    finally:
        con.close()
    assert years == [2021, 2022, 2023]
    assert [(r["indicator"], r["status"]) for r in rows][0] == ("market_entities_total", "fail")
    assert rows[0]["by_year"][2023]["failures"]  # the failing check's message rides along

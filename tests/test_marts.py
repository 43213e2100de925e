"""The marts an analyst reads, built from the bundled samples: documented, and saying what they claim."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tongbi.settings import get_settings

AGENCY = "青川市临溪区市场监督管理局"
FAILING = "查办普通程序案件"  # the samples' one deliberate inconsistency (data/samples/README.md)

# Columns the runner cannot document yet, and who can: a (table regex, column regex) each.
# Remove a row once its gap is closed; the test then holds those columns too.
KNOWN_GAPS = [
    # Check SQL in progress elsewhere; the runner could inherit same-named upstream comments.
    (r"int_.*", r".*"),
    # Dynamic PIVOT year columns ("2020" …) match no `-- column:` header line.
    (r"trend_wide", r"\d{4}"),
]


def _rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _relations() -> list[str]:
    """Every relation a load creates: the base tables and one per sql/<layer>/*.sql file."""
    sql_dir = get_settings().sql_dir
    skipped = ("examples", "macros")  # queries to read and shared expressions: no relation
    return sorted(p.stem for p in sql_dir.glob("*/*.sql") if p.parent.name not in skipped)


def _known_gap(table: str, column: str) -> bool:
    return any(re.fullmatch(t, table) and re.fullmatch(c, column) for t, c in KNOWN_GAPS)


@pytest.mark.parametrize("table", _relations())
def test_every_relation_and_column_has_a_comment(samples_db: Path, table: str) -> None:
    # A layer may be materialised as views (sqlrunner.MATERIALIZATION): ask for both.
    comment = _rows(
        samples_db,
        f"select comment from duckdb_tables() where table_name = '{table}' "
        f"union all select comment from duckdb_views() where view_name = '{table}'",
    )
    assert comment and comment[0][0], f"{table} has no table comment"
    columns = _rows(
        samples_db,
        "select column_name, comment from duckdb_columns() "
        f"where table_name = '{table}' order by column_index",
    )
    assert columns, f"{table} has no columns"
    missing = [c for c, text in columns if not (text or "").strip() and not _known_gap(table, c)]
    assert missing == [], f"{table}: columns without a comment (add `-- column: meaning`)"


def test_trend_wide_carries_the_latest_change(samples_db: Path) -> None:
    rows = _rows(
        samples_db,
        'select "2022", "2023", latest_year, latest_change_pct, latest_check_status '
        f"from trend_wide where indicator = '{FAILING}'",
    )
    # The stated +19% is carried (not the computed 15.66%), and its failing status beside it.
    assert rows == [(1846.0, 2135.0, 2023, 19.0, "fail")]


def test_trend_wide_has_one_column_per_sample_year(samples_db: Path) -> None:
    with duckdb.connect(str(samples_db), read_only=True) as con:
        columns = con.table("trend_wide").columns
    assert [c for c in columns if c.isdigit()] == ["2020", "2021", "2022", "2023"]


@pytest.mark.parametrize(
    ("indicator", "unit", "labels", "years"),
    [
        # The one wording change of the samples: one key, two labels, told apart by year.
        ("市场主体总量", "户", ["共有各类市场主体", "实有各类市场主体"], [2020, 2021, 2022, 2023]),
        (FAILING, "件", [FAILING], [2020, 2021, 2022, 2023]),
    ],
)
def test_indicator_catalog_lists_labels_by_year(
    samples_db: Path, indicator: str, unit: str, labels: list[str], years: list[int]
) -> None:
    rows = _rows(
        samples_db,
        "select labels, years, agencies, labels_by_year[-1].labels from indicator_catalog "
        f"where indicator = '{indicator}' and unit = '{unit}'",
    )
    assert rows == [(labels, years, [AGENCY], [labels[-1]])]


def test_indicator_catalog_counts_every_level_once(samples_db: Path) -> None:
    ((catalog, levels, keys),) = _rows(
        samples_db,
        "select (select sum(n_facts) from indicator_catalog), count(*),"
        " count(distinct (indicator, unit)) from stg_facts where is_level",
    )
    assert catalog == levels
    assert _rows(samples_db, "select count(*) from indicator_catalog")[0][0] == keys


def test_check_summary_adds_up_to_check_results(samples_db: Path) -> None:
    assert _rows(samples_db, "select sum(n_checks) from check_summary") == _rows(
        samples_db, "select count(*) from check_results"
    )


def test_check_summary_shows_the_deliberate_failure(samples_db: Path) -> None:
    rows = _rows(
        samples_db,
        'select year, "check", n_checks, indicators from check_summary '
        "where status = 'fail' and severity = 'error' order by all",
    )
    assert rows == [(2023, "restatement", 1, [FAILING]), (2023, "yoy", 1, [FAILING])]

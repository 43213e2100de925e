"""Every query in sql/examples/ runs on the samples warehouse and returns what its header says."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tongbi.settings import get_settings

EXAMPLES = get_settings().sql_dir / "examples"
FAILING = "查办普通程序案件"  # the samples' one deliberate inconsistency (data/samples/README.md)

# file stem -> (minimum rows on the samples, a row the samples guarantee, as {column: value})
EXPECTED = {
    "biggest_movers": (10, {"indicator": FAILING, "latest_change_pct": 19.0}),
    "check_overview": (4, {"year": 2023, "n_fail": 2, "failing": [FAILING]}),
    "disappeared_indicators": (0, None),
    "documents_and_status": (4, {"year": 2023, "status": "loaded", "n_failing_checks": 2}),
    "facts_behind_trend_cell": (2, {"kind": "yoy", "stated": "19", "role": "change"}),
    "failing_checks_for_agency": (2, {"check": "yoy", "indicator": FAILING, "stated": 19.0}),
    "fell_this_year": (1, {"indicator": "查处无证无照案件", "previous_value": 117.0}),
    "indicator_across_agencies": (4, {"year": 2023, "label": "实有各类市场主体"}),
    "last_run_changes": (4, {"decision": "new", "run_status": "failed"}),
    "not_assessable_changes": (1, {"year": 2020, "check": "yoy"}),
    "rates_and_their_parts": (8, {"label": "问题发现率", "year": 2023, "status": "pass"}),
    "relabelled_indicators": (1, {"labels": ["共有各类市场主体", "实有各类市场主体"]}),
    "stated_vs_computed_yoy": (
        20,
        {"indicator": FAILING, "year": 2023, "stated_yoy": 19.0, "computed_yoy_lo": 15.66},
    ),
    "unit_changes": (0, None),
}


def _header(sql: str) -> list[str]:
    """The leading `--` comment lines of a file."""
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line)
    return lines


def _documented_columns(sql: str) -> list[str]:
    (line,) = [line for line in _header(sql) if line.startswith("-- columns:")]
    return [c.strip() for c in line.removeprefix("-- columns:").split(",")]


def test_every_example_has_an_expectation() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.sql")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_example_header_says_question_and_how_to_adapt(stem: str) -> None:
    header = _header((EXAMPLES / f"{stem}.sql").read_text(encoding="utf-8"))
    assert header[0].startswith("-- Question: ")
    assert any(line.startswith("-- Adapt: ") for line in header)


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_example_runs_on_the_samples(samples_db: Path, stem: str) -> None:
    sql = (EXAMPLES / f"{stem}.sql").read_text(encoding="utf-8")
    with duckdb.connect(str(samples_db), read_only=True) as con:
        result = con.sql(sql)
        columns, rows = result.columns, result.fetchall()
    assert columns == _documented_columns(sql)
    min_rows, guaranteed = EXPECTED[stem]
    assert len(rows) >= min_rows
    if guaranteed:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        assert any(_matches(r, guaranteed) for r in records), f"no row with {guaranteed}"


def _matches(record: dict, wanted: dict) -> bool:
    """True when `record` holds every wanted value (floats to 2 decimals)."""
    for key, value in wanted.items():
        got = record[key]
        if isinstance(value, float) and got is not None:
            got = round(got, 2)
        if got != value:
            return False
    return True


def test_parameters_are_marked() -> None:
    # A literal an analyst should change carries `-- parameter`, so adapting is a search.
    for path in EXAMPLES.glob("*.sql"):
        sql = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in sql.splitlines() if not line.startswith("--"))
        for line in body.splitlines():
            if re.search(r"= '青川市|indicator = '|year = \d{4}", line):
                assert "-- parameter" in line, f"{path.name}: {line.strip()}"

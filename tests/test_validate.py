"""Validation: every checked relation has a suite, suites run for real, the verdict bites."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest

from tongbi.settings import Settings, get_settings
from tongbi.validate import (
    CHECKED_RELATIONS,
    ValidationProcess,
    build_suite,
    load_suite_spec,
    suite_paths,
    validate,
)

SUITES = suite_paths(get_settings())


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("relation", CHECKED_RELATIONS)
def test_every_checked_relation_has_a_suite(relation: str) -> None:
    assert relation in {p.stem for p in SUITES}, f"expectations/{relation}.json is missing"


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.stem)
def test_every_suite_names_an_existing_relation(path: Path, sample_warehouse: Path) -> None:
    con = duckdb.connect(str(sample_warehouse), read_only=True)
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    con.close()
    spec = load_suite_spec(path)
    assert spec["name"] == path.stem
    assert path.stem in tables
    assert path.stem in CHECKED_RELATIONS


@pytest.mark.parametrize("path", SUITES, ids=lambda p: p.stem)
def test_suite_loads_into_gx(path: Path) -> None:
    spec = load_suite_spec(path)
    suite = build_suite(spec)
    assert suite.name == path.stem
    assert len(suite.expectations) == len(spec["expectations"])


def test_sample_fails_only_on_the_verdict(sample_warehouse: Path, tmp_settings: Settings) -> None:
    before = _sha(sample_warehouse)
    summary = validate(sample_warehouse, tmp_settings)
    by_name = {s.name: s for s in summary.suites}
    assert set(by_name) == set(CHECKED_RELATIONS)
    assert by_name["facts"].success and by_name["documents"].success
    assert not summary.success
    [failure] = summary.failures
    assert failure.verdict and failure.suite == "check_results"
    assert failure.unexpected_count == 1 and failure.sample == ("fail",)
    assert summary.data_docs_index == tmp_settings.reports_dir / "data_docs" / "index.html"
    assert summary.data_docs_index.is_file()
    assert _sha(sample_warehouse) == before, "validate must not write to the warehouse"


def test_a_validation_process_gives_what_validate_gives(
    sample_warehouse: Path, tmp_settings: Settings
) -> None:
    here = validate(sample_warehouse, tmp_settings)
    with ValidationProcess() as validator:
        there = validator.validate(sample_warehouse, tmp_settings)
        assert validator.validate(sample_warehouse, tmp_settings) == there  # reusable
        paths = validator.write_report(sample_warehouse, tmp_settings, there)
    assert there == here and there.data_docs_index.is_file()
    assert "共有各类市场主体" in paths.markdown.read_text(encoding="utf-8")  # the failing check


def test_verdict_passes_without_a_failing_check(
    execute_sql, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    execute_sql(sample_warehouse, "UPDATE check_results SET status = 'pass' WHERE status = 'fail'")
    summary = validate(sample_warehouse, tmp_settings)
    assert summary.success, summary.failures


def test_broken_rows_are_caught(
    execute_sql, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    execute_sql(
        sample_warehouse,
        "UPDATE check_results SET status = 'pass' WHERE status = 'fail'",
        "UPDATE facts SET unit = '万件' WHERE doc = 'a2021aaaaaaa'",  # multiplier not applied
        "UPDATE facts SET \"end\" = start WHERE id = 'f005'",  # empty span
        "UPDATE facts SET lo = hi + 1 WHERE id = 'f004'",  # inverted interval
        "UPDATE documents SET year = 1900 WHERE doc = 'a2021aaaaaaa'",
        "UPDATE check_results SET severity = 'error' WHERE \"check\" = 'anomaly'",
        "UPDATE check_results SET \"check\" = 'vibes' WHERE \"check\" = 'rate'",
    )
    summary = validate(sample_warehouse, tmp_settings)
    caught = {(f.suite, f.type, f.column) for f in summary.failures}
    assert caught == {
        ("facts", "expect_column_values_to_be_in_set", "unit"),
        ("facts", "expect_column_pair_values_a_to_be_greater_than_b", "end"),
        ("facts", "expect_column_pair_values_a_to_be_greater_than_b", "hi"),
        ("documents", "expect_column_values_to_be_between", "year"),
        ("check_results", "expect_column_values_to_be_in_set", "severity"),
        ("check_results", "expect_column_values_to_be_in_set", "check"),
    }
    assert not any(f.verdict for f in summary.failures)


def test_missing_relation_fails_its_suite(
    execute_sql, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    execute_sql(sample_warehouse, "DROP TABLE check_results")
    summary = validate(sample_warehouse, tmp_settings)
    [failure] = summary.failures
    assert failure.type == "relation_exists" and failure.suite == "check_results"
    assert summary.data_docs_index.is_file()

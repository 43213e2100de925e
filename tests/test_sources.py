"""The sources catalog and `tongbi add`: what a scheduled run with no arguments ingests."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from tongbi import sources
from tongbi.cli import main
from tongbi.ingest import SourceSpec
from tongbi.settings import get_settings

AGENCY = "上海市嘉定区市场监督管理局"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A data folder of its own, and a folder of reports (one nested, one hidden)."""
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path / "data"))
    reports = tmp_path / "reports"
    (reports / "2023").mkdir(parents=True)
    (reports / ".trash").mkdir()
    (reports / "2022_summary.txt").write_text("嘉定区市场监督管理局2022年工作总结\n", encoding="utf-8")
    (reports / "2023" / "2023_summary.html").write_text("<p>2023年工作总结</p>", encoding="utf-8")
    (reports / ".trash" / "old.txt").write_text("旧", encoding="utf-8")
    return get_settings(), reports


def catalog_rows(settings) -> list[dict]:
    with open(settings.catalog_path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def add(*args: str):
    return CliRunner().invoke(main, ["add", *args])


def test_add_appends_deduplicates_and_updates(env):
    settings, reports = env
    first = add(str(reports), "--agency", AGENCY)
    assert first.exit_code == 0 and first.output.startswith("added:"), first.output
    assert add(str(reports), "--agency", AGENCY).output.startswith("unchanged:")
    assert add(str(reports), "--agency", AGENCY, "--series", "工作总结").output.startswith("updated:")
    assert add("https://www.example.gov.cn/2024.html", "--year", "2024").exit_code == 0
    assert catalog_rows(settings) == [
        {"location": str(reports.resolve()), "agency": AGENCY, "series": "工作总结", "year": ""},
        {"location": "https://www.example.gov.cn/2024.html", "agency": "", "series": "", "year": "2024"},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("location", "says"),
    [("no/such/report.txt", "no such file or folder"), ("ftp://example.gov.cn/a.txt", "only http")],
)
def test_add_refuses_what_cannot_be_read(env, location, says):
    settings, _ = env
    result = add(location)
    assert result.exit_code == 2 and says in result.output
    assert not settings.catalog_path.exists()  # nothing written


def test_a_run_without_sources_reads_the_catalog(env):
    settings, reports = env
    sources.add_source(settings.catalog_path, str(reports), agency=AGENCY)
    sources.add_source(settings.catalog_path, "https://www.example.gov.cn/2024.html", year=2024)
    specs = sources.collect_sources([], None, settings.catalog_path)
    assert specs == [
        SourceSpec(str((reports / "2022_summary.txt").resolve()), AGENCY),
        SourceSpec(str((reports / "2023" / "2023_summary.html").resolve()), AGENCY),
        SourceSpec("https://www.example.gov.cn/2024.html", year=2024),
    ]  # recursive, hidden folders skipped, overrides applied to every file of a folder
    # Sources given on the command line win over the catalog.
    assert len(sources.collect_sources([str(reports / "2022_summary.txt")], None, settings.catalog_path)) == 1


def test_a_catalog_entry_gone_missing_is_a_refused_source(env):
    settings, reports = env
    gone = reports / "2022_summary.txt"
    sources.add_source(settings.catalog_path, str(gone))
    gone.unlink()
    (spec,) = sources.collect_sources([], None, settings.catalog_path)
    assert "no such file or folder any more" in spec.problem


def test_no_catalog_and_no_sources_cannot_start(env):
    settings, _ = env
    with pytest.raises(sources.NoSourcesError, match="tongbi add"):
        sources.collect_sources([], None, settings.catalog_path)

"""An unchanged rerun rebuilds nothing and rewrites nothing; any changed input redoes the work."""

from __future__ import annotations

import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import build_samples_warehouse
from tongbi import freshness, publish, report, validate, warehouse
from tongbi.settings import Settings, get_settings

SQL_DIR = get_settings().sql_dir


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A samples warehouse of its own (the tests change it), built by the library stages."""
    settings = get_settings().with_data_dir(tmp_path / "data")
    build_samples_warehouse(settings)
    return settings


def reload(settings: Settings, sql_dir: Path | None = None) -> warehouse.LoadSummary:
    """The samples loaded again: the documents are known, so nothing new enters."""
    from tongbi import ingest

    specs = ingest.read_manifest(settings.samples_dir / "manifest.csv")
    documents = [ingest.ingest(spec, settings) for spec in specs]
    return warehouse.load(settings.db_path, documents, {}, "again", [], sql_dir)


def mtimes(folder: Path) -> dict[str, int]:
    """Every file under folder with its modification time in ns."""
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def run_outputs(settings: Settings):
    summary = validate.validate(settings.db_path, settings)
    paths = report.write_report(settings.db_path, settings, validation=summary)
    published = publish.publish(settings.db_path, settings)
    return summary, paths, published


# ---------------------------------------------------------------- keys


def test_keys_follow_every_byte_and_the_order_of_parts(tmp_path):
    a, b = tmp_path / "a.sql", tmp_path / "b.sql"
    a.write_text("select 1", encoding="utf-8")
    b.write_text("select 2", encoding="utf-8")
    before = freshness.files_key([tmp_path])
    assert freshness.files_key([a, b]) == before
    b.write_text("select 3", encoding="utf-8")
    assert freshness.files_key([tmp_path]) != before
    assert freshness.key_of("x", "y") != freshness.key_of("y", "x")
    assert freshness.key_of("xy", "") != freshness.key_of("x", "y")


def test_a_stamp_is_current_only_for_its_own_key(tmp_path):
    freshness.remember(tmp_path, "stage", "k1", {"n": 1})
    assert freshness.current(tmp_path, "stage", "k1") == {"n": 1}
    assert freshness.current(tmp_path, "stage", "k2") is None
    freshness.forget(tmp_path, "stage")
    assert freshness.current(tmp_path, "stage", "k1") is None


def test_once_computes_once_when_threads_ask_together():
    calls = []

    @freshness.once
    def slow() -> str:
        calls.append(1)
        time.sleep(0.05)
        return "key"

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: slow(), range(16))) == {"key"}
    assert len(calls) == 1


# ---------------------------------------------------------------- the build


def test_an_unchanged_load_does_not_rebuild(settings):
    with warehouse.connect(settings.db_path, read_only=True) as con:
        key = warehouse.built_key(con)
        checks = con.execute("select count(*) from check_results").fetchone()[0]
    assert key is not None and checks > 0
    summary = reload(settings)
    assert summary.rebuilt is False and summary.n_loaded == 0
    with warehouse.connect(settings.db_path, read_only=True) as con:
        assert warehouse.built_key(con) == key
        assert con.execute("select count(*) from check_results").fetchone()[0] == checks
        # The run is still on record, with its status from the (unchanged) checks.
        assert con.execute("select status from runs where run_id = 'again'").fetchone() == ("failed",)


def test_a_changed_sql_file_rebuilds(settings, tmp_path):
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    assert reload(settings, sql_dir).rebuilt is False  # the same files elsewhere: same key
    mart = sql_dir / "marts" / "check_summary.sql"
    mart.write_text(mart.read_text(encoding="utf-8") + "\n-- an edit\n", encoding="utf-8")
    assert reload(settings, sql_dir).rebuilt is True
    assert reload(settings, sql_dir).rebuilt is False


def test_a_dropped_relation_is_rebuilt(settings):
    with warehouse.connect(settings.db_path) as con:
        con.execute("drop table trend_wide")
    assert reload(settings).rebuilt is True
    with warehouse.connect(settings.db_path, read_only=True) as con:
        assert con.execute("select count(*) from trend_wide").fetchone()[0] > 0


def test_a_new_document_rebuilds(settings, tmp_path):
    from tongbi import factstore, ingest

    source = tmp_path / "extra.txt"
    source.write_text("青川市临溪区市场监督管理局2024年工作总结\n全区共有各类市场主体9999户。", encoding="utf-8")
    doc = ingest.ingest(ingest.SourceSpec(str(source), agency="青川市临溪区市场监督管理局"), settings)
    facts = {doc.doc: factstore.extract_document(doc.text_path, doc.doc, doc.sha256, settings)}
    summary = warehouse.load(settings.db_path, [doc], facts, "new", [])
    assert summary.new == 1 and summary.rebuilt is True


# ---------------------------------------------------------------- the outputs


def test_unchanged_outputs_are_returned_again_and_not_rewritten(settings):
    first = run_outputs(settings)
    written = {d: mtimes(d) for d in (settings.reports_dir, settings.published_dir)}
    second = run_outputs(settings)
    assert second == first
    assert {d: mtimes(d) for d in written} == written


def test_outputs_follow_a_rebuilt_warehouse(settings, tmp_path):
    summary, paths, published = run_outputs(settings)
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    mart = sql_dir / "marts" / "trend_wide.sql"
    mart.write_text(mart.read_text(encoding="utf-8") + "\n-- an edit\n", encoding="utf-8")
    assert reload(settings, sql_dir).rebuilt is True  # a new build: a new key
    before = paths.markdown.stat().st_mtime_ns, published.index_html.stat().st_mtime_ns
    os.utime(paths.markdown, ns=(0, 0))
    os.utime(published.index_html, ns=(0, 0))
    run_outputs(settings)
    after = paths.markdown.stat().st_mtime_ns, published.index_html.stat().st_mtime_ns
    assert 0 not in after and after != before


def test_an_interrupted_report_is_written_in_full_next_time(settings, monkeypatch):
    summary, paths, _ = run_outputs(settings)
    with warehouse.connect(settings.db_path) as con:  # a new build
        con.execute("update build_state set key = 'another build'")
    original = report.render_to_file

    def fail_on_html(name, path, **context):
        if name == "report.html":
            raise OSError("disk full")
        return original(name, path, **context)

    monkeypatch.setattr(report, "render_to_file", fail_on_html)
    with pytest.raises(OSError):
        report.write_report(settings.db_path, settings, validation=summary)
    assert not freshness.stamp_path(settings.reports_dir, "report").exists()
    monkeypatch.setattr(report, "render_to_file", original)
    os.utime(paths.html, ns=(0, 0))
    report.write_report(settings.db_path, settings, validation=summary)
    assert paths.html.stat().st_mtime_ns > 0


def test_a_warehouse_never_built_by_load_is_always_written(sample_warehouse, tmp_settings):
    # The hand-built fixture has no build_state: nothing to compare against, so no stamp.
    paths = publish.publish(sample_warehouse, tmp_settings)
    assert not freshness.stamp_path(paths.root, "publish").exists()

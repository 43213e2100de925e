"""Faults and bad input: each gets a clear message and a status, and the other documents go on.

The stages run as the pipeline wires them (ingest → extract what is new → load), without
Prefect; the end-to-end `tongbi run` over bad sources is in test_flows.py.
"""

from __future__ import annotations

import dataclasses
import fcntl
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from pdfmaker import pdf_bytes

from tongbi import factstore, ingest, sources, warehouse
from tongbi.cli import main
from tongbi.lock import WarehouseBusy, writer_lock
from tongbi.settings import get_settings

AGENCY = "青川市临溪区市场监督管理局"
SAMPLES = get_settings().samples_dir
GOOD = (SAMPLES / "linxi_2023_summary.txt").read_bytes()
BODY = "全年全区新设各类市场主体8612户,共有各类市场主体68127户,同比增长2.74%。\n"


@pytest.fixture
def settings(tmp_path):
    base = get_settings().with_data_dir(tmp_path / "data")
    return dataclasses.replace(base, fetch_retries=0, fetch_timeout=2)


def run_stages(specs, settings, run_id="run-1"):
    """ingest → extract what is new → load, as flows/pipeline.py wires them; returns the docs."""
    documents = [ingest.ingest(spec, settings) for spec in specs]
    known = warehouse.known_sources(settings.db_path)
    new = [d for d in documents if d.status == "loaded" and d.sha256 not in known]
    facts = {
        d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, settings) for d in new
    }
    warehouse.load(settings.db_path, documents, facts, run_id, [])
    return documents


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.db_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def checksums(db: Path, skip=()) -> dict[str, str]:
    """An order-independent hash of every table's content."""
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        return {
            t: con.execute(
                f'select count(*) || md5(coalesce(string_agg(md5(cast(t as varchar)), \'\' order by md5(cast(t as varchar))), \'\')) from "{t}" as t'
            ).fetchall()[0][0]
            for t in sorted(tables)
            if t not in skip
        }


def pdf_report() -> bytes:
    return pdf_bytes([[f"{AGENCY}2023年工作总结", BODY.strip()]])


# name, bytes, reason the message gives
BAD_FILES = [
    ("empty.txt", b"", "empty file (0 bytes)"),
    ("binary.txt", bytes(range(256)) * 64, "binary file"),
    ("mixed.txt", (f"{AGENCY}2021年工作总结\n" + BODY * 3).encode() + "投诉举报3.4万件。".encode("gbk"), "mixed encodings"),
    ("truncated.pdf", pdf_report()[:-200], "truncated PDF"),
    ("scanned.pdf", pdf_bytes([[]]), "without a text layer"),
    ("no_year.txt", f"{AGENCY}工作总结\n{BODY}".encode(), "no reporting year"),
    ("no_agency.txt", f"2021年工作总结\n{BODY}".encode(), "no reporting body (agency)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_rejected_logged_and_the_others_go_on(tmp_path, settings, name, data, reason):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "good.txt").write_bytes(GOOD)
    run_stages(sources.collect_sources([str(folder)], None), settings)
    bad = str((folder / name).resolve())
    (status, message), *_ = query(settings, "select status, message from ingest_log where source = ?", [bad])
    assert status == "rejected" and reason in message
    assert query(settings, "select status from documents where source = ?", [bad]) == [("rejected",)]
    assert query(settings, "select count(*) from facts f join documents d using (doc) where d.year = 2023") != [(0,)]


def test_unreadable_sources_are_logged_without_a_doc_id(tmp_path, settings):
    manifest = tmp_path / "reports" / "manifest.csv"
    manifest.parent.mkdir()
    (manifest.parent / "good.txt").write_bytes(GOOD)
    manifest.write_text(
        "path,agency,year\ngood.txt,,\n../../etc/passwd,,\nhttp://127.0.0.1:9/2022.txt,,\n",
        encoding="utf-8",
    )
    documents = run_stages(sources.collect_sources([], str(manifest)), settings)
    log = dict(
        (source, (doc, status, message))
        for source, doc, status, message in query(settings, "select source, doc, status, message from ingest_log")
    )  # fmt: skip
    escaped = os.path.normpath(manifest.parent / "../../etc/passwd")
    assert log[escaped][:2] == (None, "rejected")
    assert "line 3" in log[escaped][2] and "outside the manifest's folder" in log[escaped][2]
    url = "http://127.0.0.1:9/2022.txt"
    assert log[url][:2] == (None, "rejected") and "cannot connect" in log[url][2] and url in log[url][2]
    assert not Path(escaped).exists() or not any(
        Path(d.raw_path or "").name.startswith(ingest.hashlib.sha256(Path(escaped).read_bytes()).hexdigest())
        for d in documents
    )  # never read, never archived
    assert query(settings, "select count(*) from documents") == [(1,)]  # the good one only


def test_a_wrong_declared_encoding_is_overruled_by_the_bytes(tmp_path, settings):
    page = f"<html><head><meta charset='utf-8'></head><body><h1>{AGENCY}2022年工作总结</h1><p>{BODY}</p></body></html>"
    (tmp_path / "page.html").write_bytes(page.encode("gbk"))
    (doc,) = run_stages([ingest.SourceSpec(str(tmp_path / "page.html"))], settings)
    assert (doc.status, doc.encoding, doc.year) == ("loaded", "gb18030", 2022)


def test_html_page_chrome_stays_out_and_its_metadata_table_is_used(tmp_path, settings):
    (doc,) = run_stages([ingest.SourceSpec(str(SAMPLES / "linxi_2022_summary.html"))], settings)
    text = Path(doc.text_path).read_text(encoding="utf-8")
    for chrome in ("首页", "当前位置", "分享到", "网站标识码", "索引号", "LX-SCJG-2023-012"):
        assert chrome not in text
    assert (doc.doc_number, doc.published) == ("临市监办〔2023〕8号", "2023-02-14")
    assert doc.text_path == str(settings.text_dir / f"{doc.sha256}.txt")


def test_the_same_report_under_two_names_is_kept_once(tmp_path, settings):
    for name in ("a.txt", "copy of a.txt"):
        (tmp_path / name).write_bytes(GOOD)
    specs = sources.collect_sources([str(tmp_path)], None)
    run_stages(specs, settings)
    run_stages(specs, settings, "run-2")
    assert query(settings, "select count(*) from documents") == [(1,)]
    log = query(settings, "select run_id, status, message from ingest_log order by run_id, source")
    assert [(r, s) for r, s, _ in log] == [
        ("run-1", "new"), ("run-1", "duplicate"), ("run-2", "unchanged"), ("run-2", "duplicate")
    ]  # fmt: skip
    assert "the same bytes as" in log[1][2] and "a.txt" in log[1][2]


@pytest.mark.slow
def test_a_10_mb_text_completes_in_bounded_time(tmp_path, settings):
    text = GOOD.decode("utf-8")
    (tmp_path / "big.txt").write_text(text * (10_000_000 // len(GOOD) + 1), encoding="utf-8")
    started = time.monotonic()
    (doc,) = run_stages([ingest.SourceSpec(str(tmp_path / "big.txt"))], settings)
    elapsed = time.monotonic() - started
    assert doc.status == "loaded" and doc.n_chars > 3_000_000
    assert query(settings, "select count(*) from facts")[0][0] > 10_000
    assert elapsed < 180, f"10 MB took {elapsed:.0f} s"


# ---------------------------------------------------------------- incremental and idempotent


def test_a_rerun_over_unchanged_sources_changes_no_data(settings, monkeypatch):
    specs = sources.collect_sources([], str(SAMPLES / "manifest.csv"))
    run_stages(specs, settings)
    before = checksums(settings.db_path)
    extracted = []
    monkeypatch.setattr(factstore.extract, "extract_frame", lambda *a: extracted.append(a))
    run_stages(specs, settings, "run-2")
    after = checksums(settings.db_path)
    assert extracted == []
    # ingest_log and runs are the audit trail: one row per source and one per run (README).
    assert {t: after[t] for t in after if t not in ("ingest_log", "runs")} == {
        t: before[t] for t in before if t not in ("ingest_log", "runs")
    }
    assert query(settings, "select status, count(*) from ingest_log where run_id = 'run-2' group by 1") == [("unchanged", 4)]


def test_a_reissued_report_replaces_the_old_one_on_record(tmp_path, settings):
    original = f"{AGENCY}2023年工作总结\n{BODY}".encode()
    reissue = f"{AGENCY}2023年工作总结\n{BODY.replace('8612', '8613')}".encode()  # a corrected figure
    (tmp_path / "v1.txt").write_bytes(original)
    (old,) = run_stages([ingest.SourceSpec(str(tmp_path / "v1.txt"))], settings)
    (tmp_path / "v2.txt").write_bytes(reissue)
    (new,) = run_stages([ingest.SourceSpec(str(tmp_path / "v2.txt"))], settings, "run-2")
    assert query(settings, "select doc, status, replaced_by from documents order by status") == [
        (new.doc, "loaded", None), (old.doc, "replaced", new.doc)
    ]  # fmt: skip
    (status, message), = query(settings, "select status, message from ingest_log where run_id = 'run-2'")
    assert status == "replaced" and message.startswith(f"replaces {old.doc}")
    assert query(settings, "select distinct doc from facts") == [(new.doc,)]


# ---------------------------------------------------------------- kill -9, locks, readers

LOADER = """
import sys, time
from pathlib import Path
from tongbi import warehouse
from tongbi.model import Document
from tests_helpers import batch
db, marker, pause = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
build = warehouse.build
def slow_build(con, sql_dir=None):
    built = build(con, sql_dir)
    marker.write_text("in the transaction")  # every row is written; commit has not happened
    time.sleep(pause)
    return built
warehouse.build = slow_build
documents, facts = batch(Path(sys.argv[4]))
warehouse.load(db, documents, facts, "run-killed", [])
"""

HELPERS = '''
from pathlib import Path
from tongbi import factstore, ingest
from tongbi.settings import get_settings

def batch(folder: Path):
    """Ingested and extracted documents of every report in a folder, ready to load."""
    settings = get_settings().with_data_dir(folder / "data")
    docs = [ingest.ingest(s, settings) for s in ingest.discover([str(folder / "reports")])]
    facts = {d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, settings) for d in docs}
    return docs, facts
'''


def loader(tmp_path: Path, db: Path, pause: float) -> tuple[subprocess.Popen, Path]:
    """A process loading a batch of 40 reports into db, pausing inside the transaction."""
    reports = tmp_path / "reports"
    if not reports.exists():
        reports.mkdir()
        text = GOOD.decode("utf-8")
        for year in range(1990, 2030):
            (reports / f"{year}.txt").write_text(text.replace("2023", str(year)), encoding="utf-8")
    (tmp_path / "tests_helpers.py").write_text(textwrap.dedent(HELPERS), encoding="utf-8")
    marker = tmp_path / f"marker-{time.monotonic_ns()}"
    env = dict(os.environ, PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    process = subprocess.Popen(
        [sys.executable, "-c", LOADER, str(db), str(marker), str(pause), str(tmp_path)], env=env
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, "the loader died before reaching the transaction"
        assert time.monotonic() < deadline, "the loader never reached the transaction"
        time.sleep(0.05)
    return process, marker


@pytest.mark.slow
def test_kill_9_during_load_leaves_the_warehouse_as_it_was(tmp_path, settings):
    run_stages(sources.collect_sources([], str(SAMPLES / "manifest.csv")), settings)
    before = checksums(settings.db_path)
    process, _ = loader(tmp_path, settings.db_path, pause=60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert checksums(settings.db_path) == before
    # The next run completes and holds everything.
    process, _ = loader(tmp_path, settings.db_path, pause=0)
    assert process.wait(timeout=120) == 0
    # 40 reports, 1990-2029: the one for 2023 is the sample's bytes, 2020-2022 re-issue the samples.
    assert query(settings, "select count(*), count(*) filter (status = 'loaded') from documents") == [
        (4 + 40 - 1, 40)
    ]


@pytest.mark.slow
def test_a_reader_waits_out_the_load_step_only(tmp_path, settings):
    run_stages(sources.collect_sources([], str(SAMPLES / "manifest.csv")), settings)
    with warehouse.connect(settings.db_path, read_only=True) as con:  # before: opens at once
        assert con.execute("select count(*) from documents").fetchall() == [(4,)]
    process, _ = loader(tmp_path, settings.db_path, pause=2)
    started = time.monotonic()
    with warehouse.connect(settings.db_path, read_only=True, wait=60) as con:
        waited = time.monotonic() - started
        assert con.execute("select count(*) from documents").fetchall() == [(4 + 40 - 1,)]
    assert process.wait(timeout=60) == 0
    assert waited < 30  # the load step's pause and commit, not the whole run


def test_a_second_writer_waits_then_stops_saying_why(settings):
    settings.lock_path.parent.mkdir(parents=True)
    with open(settings.lock_path, "w") as other_run:  # another process's run, as flock sees it
        fcntl.flock(other_run, fcntl.LOCK_EX)
        started = time.monotonic()
        busy = pytest.raises(WarehouseBusy, match=f"another run is writing {settings.db_path}")
        with busy, writer_lock(settings, timeout=0.5):
            pass
        assert 0.5 <= time.monotonic() - started < 5
    with writer_lock(settings, timeout=0.5), writer_lock(settings, timeout=0.5):
        pass  # free again, and re-entrant within one process (the CLI, then its flow)


def test_tongbi_run_exits_2_while_another_run_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TONGBI_LOCK_TIMEOUT", "0.3")
    settings = get_settings()
    settings.lock_path.parent.mkdir(parents=True)
    with open(settings.lock_path, "w") as other_run:
        fcntl.flock(other_run, fcntl.LOCK_EX)
        result = CliRunner().invoke(main, ["run", str(SAMPLES / "linxi_2023_summary.txt")])
    assert result.exit_code == 2
    assert f"another run is writing {settings.db_path}" in result.output
    assert not settings.db_path.exists() and not settings.reports_dir.exists()

"""The warehouse: base tables, the transactional load, the SQL runner, the trend marts."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from tongbi import sqlrunner, warehouse
from tongbi.model import Document, Fact, facts_frame
from tongbi.settings import get_settings

AGENCY = "上海市嘉定区市场监督管理局"


def document(
    year: int, content: str = "", series: str = "工作总结", status: str = "loaded"
) -> Document:
    """A document whose sha256 derives from its year, series and content."""
    sha = hashlib.sha256(f"{series}{year}{content}".encode()).hexdigest()
    return Document(
        doc=sha[:12], sha256=sha, source=f"{series}-{year}{content}.txt", format="txt",
        encoding="utf-8", agency=AGENCY, series=series, year=year, title=f"{year}年工作总结",
        doc_number=None, published=None, raw_path=None, text_path=None, n_chars=100,
        status=status, message="empty file" if status == "rejected" else None,
    )  # fmt: skip


def fact(doc: Document, id: str, value: float, kind: str = "count", refers_to=None) -> Fact:
    unit = "%" if kind == "yoy" else "户"
    quote = f"市场主体{value:g}{unit}"
    return Fact(
        doc=doc.doc, id=id, kind=kind, label="市场主体", indicator="market_entities",
        value=value, unit=unit, stated=f"{value:g}", approx=None,
        lo=value - 0.005 if kind == "yoy" else value, hi=value + 0.005 if kind == "yoy" else value,
        start=10 * int(id[1:]), end=10 * int(id[1:]) + len(quote), quote=quote,
        refers_to=refers_to, section="一",
    )  # fmt: skip


def parquet(tmp_path: Path, doc: Document, facts: list[Fact]) -> Path:
    path = tmp_path / f"{doc.doc}.parquet"
    facts_frame(facts).write_parquet(path)
    return path


def scalar(db: Path, sql: str):
    with warehouse.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def rows(db: Path, sql: str) -> list[tuple]:
    with warehouse.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def two_years(tmp_path):
    """2022 (325020/1.0352 ≈ 313968 户) and 2023 (325020 户, +3.52%) as documents + files."""
    d22, d23 = document(2022), document(2023)
    files = {
        d22.doc: parquet(tmp_path, d22, [fact(d22, "f001", 313968)]),
        d23.doc: parquet(tmp_path, d23, [fact(d23, "f001", 325020), fact(d23, "f002", 3.52, "yoy", "f001")]),
    }  # fmt: skip
    return [d22, d23], files


def test_load_inserts_documents_facts_log_and_run(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    summary = warehouse.load(
        db,
        docs,
        files,
        "run-1",
        [{"source": "gone.txt", "status": "rejected", "message": "not found"}],
    )
    assert (summary.new, summary.unchanged, summary.replaced, summary.rejected) == (2, 0, 0, 0)
    assert summary.n_facts == 3
    assert rows(db, "select year, agency, series from facts order by year, id")[0] == (
        2022,
        AGENCY,
        "工作总结",
    )
    assert scalar(db, "select count(*) from documents where status = 'loaded'") == 2
    log = rows(db, "select source, status from ingest_log order by source")
    assert ("gone.txt", "rejected") in log and len(log) == 3
    assert rows(db, "select run_id, n_new, n_facts, status from runs") == [("run-1", 2, 3, "ok")]
    assert scalar(db, "select status from check_results where \"check\" = 'yoy'") == "pass"


def test_reload_is_unchanged_and_idempotent(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    warehouse.load(db, docs, files, "run-1", [])
    summary = warehouse.load(db, docs, files, "run-2", [])
    assert (summary.new, summary.unchanged, summary.n_facts) == (0, 2, 0)
    assert scalar(db, "select count(*) from facts") == 3
    assert (
        scalar(
            db, "select count(*) from ingest_log where run_id = 'run-2' and status = 'unchanged'"
        )
        == 2
    )


def test_known_sources(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    assert warehouse.known_sources(db) == set()
    assert not db.exists()  # asking does not create a warehouse
    docs, files = two_years
    warehouse.load(db, docs, files, "run-1", [])
    assert warehouse.known_sources(db) == {d.sha256 for d in docs}


def test_reissue_replaces_the_old_document(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    warehouse.load(db, docs, files, "run-1", [])
    reissue = document(2023, content="修订版")
    file = parquet(tmp_path, reissue, [fact(reissue, "f001", 325021)])
    summary = warehouse.load(db, [reissue], {reissue.doc: file}, "run-2", [])
    assert (summary.new, summary.replaced, summary.n_facts) == (0, 1, 1)
    old = docs[1].doc
    assert rows(db, f"select status, replaced_by from documents where doc = '{old}'") == [
        ("replaced", reissue.doc)
    ]
    assert scalar(db, f"select count(*) from facts where doc = '{old}'") == 0
    assert scalar(db, "select status from ingest_log where run_id = 'run-2'") == "replaced"
    assert scalar(db, "select value from trend_long where year = 2023") == 325021


def test_reissue_within_one_batch(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    reissue = document(2023, content="修订版")
    files[reissue.doc] = parquet(tmp_path, reissue, [fact(reissue, "f001", 325021)])
    summary = warehouse.load(db, [*docs, reissue], files, "run-1", [])
    assert (summary.new, summary.replaced) == (2, 1)
    assert scalar(db, "select count(*) from documents where status = 'loaded'") == 2
    assert scalar(db, "select sum(value) from facts where year = 2023") == 325021


def test_other_series_does_not_replace(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    bulletin = document(2023, series="统计公报")
    files[bulletin.doc] = parquet(tmp_path, bulletin, [fact(bulletin, "f001", 325020)])
    summary = warehouse.load(db, [*docs, bulletin], files, "run-1", [])
    assert (summary.new, summary.replaced) == (3, 0)


@pytest.mark.parametrize(
    ("status", "log_status", "documents_row"),
    [("rejected", "rejected", "rejected"), ("duplicate", "duplicate", None)],
)
def test_rejected_and_duplicate_documents(tmp_path, status, log_status, documents_row):
    db = tmp_path / "w.duckdb"
    bad = document(2023, content="bad", status=status)
    summary = warehouse.load(db, [bad], {}, "run-1", [])
    assert scalar(db, "select status from ingest_log") == log_status
    found = rows(db, f"select status from documents where doc = '{bad.doc}'")
    assert found == ([(documents_row,)] if documents_row else [])
    assert summary.rejected == (1 if status == "rejected" else 0)
    assert scalar(db, "select status from runs") == ("failed" if status == "rejected" else "ok")


def test_failed_fact_file_rolls_everything_back(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    warehouse.load(db, docs[:1], files, "run-1", [])
    before = (
        rows(db, "select * from documents order by doc"),
        scalar(db, "select count(*) from check_results"),
    )
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"not parquet")
    with pytest.raises(duckdb.Error):
        warehouse.load(db, docs[1:], {docs[1].doc: broken}, "run-2", [])
    after = (
        rows(db, "select * from documents order by doc"),
        scalar(db, "select count(*) from check_results"),
    )
    assert after == before
    assert rows(db, "select run_id from runs") == [("run-1",)]
    assert scalar(db, "select count(*) from ingest_log where run_id = 'run-2'") == 0


def test_failed_build_rolls_everything_back(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    sql_dir = tmp_path / "sql"
    shutil.copytree(get_settings().sql_dir, sql_dir)
    (sql_dir / "marts" / "zz_broken.sql").write_text("select * from no_such_table")
    with pytest.raises(duckdb.Error):
        warehouse.load(db, docs, files, "run-1", [], sql_dir=sql_dir)
    assert scalar(db, "select count(*) from documents") == 0
    assert (
        scalar(db, "select count(*) from duckdb_tables() where table_name = 'check_results'") == 0
    )


def test_build_orders_by_dependency_and_runs_full_statements(tmp_path):
    sql_dir = tmp_path / "sql"
    for layer in ("staging", "intermediate", "marts"):
        (sql_dir / layer).mkdir(parents=True)
    (sql_dir / "intermediate" / "int_a.sql").write_text(
        "-- A.\n-- n: the number\nselect n + 1 as n from int_b"
    )
    (sql_dir / "intermediate" / "int_b.sql").write_text(
        "with final as (select 1 as n) select * from final"
    )
    (sql_dir / "marts" / "m.sql").write_text(
        "-- a full statement: the runner executes it as is\ncreate or replace table m as select * from int_a"
    )
    con = duckdb.connect(str(tmp_path / "x.duckdb"))
    assert warehouse.build(con, sql_dir) == ["int_b", "int_a", "m"]
    assert con.execute("select n from m").fetchall() == [(2,)]
    comments = con.execute(
        "select comment from duckdb_columns() where table_name = 'int_a' and column_name = 'n'"
    ).fetchall()
    assert comments == [("the number",)]


@pytest.mark.parametrize(
    ("sql", "is_body"),
    [
        ("with final as (select 1) select * from final", True),
        ("-- header\nselect 1", True),
        ("/* note */ pivot t on year using first(v)", True),
        ("create or replace table x as select 1", False),
    ],
)
def test_is_query_body(sql, is_body):
    assert sqlrunner.is_query_body(sql) is is_body


def test_every_relation_is_documented(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    warehouse.load(db, *two_years, "run-1", [])
    undocumented = rows(
        db,
        "select table_name from duckdb_tables() where comment is null "
        "and table_name not in ('documents', 'facts', 'ingest_log', 'runs')",
    )
    assert undocumented == []


def test_trend_long_and_wide(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    warehouse.load(db, *two_years, "run-1", [])
    long = rows(db, "select year, value, stated_yoy, check_status from trend_long order by year")
    assert long == [(2022, 313968, None, "unchecked"), (2023, 325020, 3.52, "pass")]
    with warehouse.connect(db, read_only=True) as con:
        wide = con.sql("select * from trend_wide")
        assert wide.columns == [
            "agency", "series", "indicator", "label", "unit", "2022", "2023",
            "latest_year", "latest_change_pct", "latest_check_status",
        ]  # fmt: skip
        assert wide.fetchall() == [
            (
                AGENCY,
                "工作总结",
                "market_entities",
                "市场主体",
                "户",
                313968,
                325020,
                2023,
                3.52,
                "pass",
            )
        ]


def test_empty_warehouse_builds(tmp_path):
    db = tmp_path / "w.duckdb"
    summary = warehouse.load(db, [], {}, "run-1", [])
    assert summary.n_facts == 0
    assert scalar(db, "select count(*) from trend_wide") == 0


def test_read_only_connection_cannot_write(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    warehouse.load(db, *two_years, "run-1", [])
    with warehouse.connect(db, read_only=True) as con, pytest.raises(duckdb.Error):
        con.execute("delete from facts")


def test_document_fields_round_trip(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    docs, files = two_years
    doc = replace(docs[0], title="标题", doc_number="嘉市监办〔2024〕25号", published="2024-01-05")
    warehouse.load(db, [doc], files, "run-1", [])
    assert rows(db, "select title, doc_number, published, n_chars from documents") == [
        ("标题", "嘉市监办〔2024〕25号", "2024-01-05", 100)
    ]


def test_build_replaces_a_relation_of_the_other_kind(tmp_path, two_years):
    db = tmp_path / "w.duckdb"
    with warehouse.connect(db) as con:
        con.execute("create view stg_facts as select 1 as stale")
    warehouse.load(db, *two_years, "run-1", [])
    assert scalar(db, "select count(*) from duckdb_tables() where table_name = 'stg_facts'") == 1

"""Shared fixtures: a small warehouse built by hand after docs/warehouse.md, and tmp settings."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tongbi.settings import Settings, get_settings

AGENCY = "示例市市场监督管理局"
AGENCY_2 = "示例县统计局"
SERIES = "工作总结"

# The DDL follows docs/warehouse.md column for column; the warehouse SQL replaces this
# fixture's role once it lands, but the contract stays the same.
DDL = """
CREATE TABLE documents (
    doc VARCHAR PRIMARY KEY, sha256 VARCHAR, source VARCHAR, format VARCHAR,
    encoding VARCHAR, agency VARCHAR, series VARCHAR, year INTEGER, title VARCHAR,
    doc_number VARCHAR, published VARCHAR, raw_path VARCHAR, text_path VARCHAR,
    n_chars INTEGER, status VARCHAR, message VARCHAR, replaced_by VARCHAR,
    ingested_at TIMESTAMP
);
CREATE TABLE facts (
    doc VARCHAR, id VARCHAR, kind VARCHAR, label VARCHAR, indicator VARCHAR,
    value DOUBLE, unit VARCHAR, stated VARCHAR, approx VARCHAR, lo DOUBLE, hi DOUBLE,
    start BIGINT, "end" BIGINT, quote VARCHAR, refers_to VARCHAR, section VARCHAR,
    period VARCHAR, basis VARCHAR, base_year BIGINT,
    agency VARCHAR, series VARCHAR, year INTEGER,
    PRIMARY KEY (doc, id)
);
CREATE TABLE check_results (
    check_id VARCHAR, "check" VARCHAR, severity VARCHAR, status VARCHAR,
    agency VARCHAR, series VARCHAR, indicator VARCHAR, label VARCHAR, unit VARCHAR,
    year INTEGER, doc VARCHAR, fact_id VARCHAR, stated DOUBLE, stated_lo DOUBLE,
    stated_hi DOUBLE, computed_lo DOUBLE, computed_hi DOUBLE, message VARCHAR,
    evidence STRUCT(doc VARCHAR, year INTEGER, quote VARCHAR, start INTEGER, "end" INTEGER)[]
);
CREATE TABLE trend_long (
    agency VARCHAR, series VARCHAR, indicator VARCHAR, label VARCHAR, unit VARCHAR,
    year INTEGER, value DOUBLE, lo DOUBLE, hi DOUBLE, approx VARCHAR,
    stated_yoy DOUBLE, computed_yoy_lo DOUBLE, computed_yoy_hi DOUBLE,
    check_status VARCHAR, doc VARCHAR, fact_id VARCHAR, quote VARCHAR,
    start BIGINT, "end" BIGINT
);
CREATE TABLE trend_wide (
    agency VARCHAR, series VARCHAR, indicator VARCHAR, label VARCHAR, unit VARCHAR,
    "2021" DOUBLE, "2022" DOUBLE, "2023" DOUBLE,
    latest_year INTEGER, latest_change_pct DOUBLE, latest_check_status VARCHAR
);
"""

# Table-shaped data reads best one row a line.
# fmt: off
DOCS = [
    # doc, agency, year, title, status, message
    ("a2021aaaaaaa", AGENCY, 2021, "示例市市场监督管理局2021年工作总结", "loaded", None),
    ("b2022bbbbbbb", AGENCY, 2022, "示例市市场监督管理局2022年工作总结", "loaded", None),
    ("c2023ccccccc", AGENCY, 2023, "示例市市场监督管理局2023年工作总结", "loaded", None),
    ("d2023ddddddd", AGENCY_2, 2023, "示例县2023年国民经济和社会发展统计公报", "loaded", None),
    ("e000eeeeeeee", None, None, None, "rejected", "empty file: no text to extract"),
]

Q21 = "共有各类市场主体290000户"
Q22 = "共有各类市场主体300000户"
Q23 = "共有各类市场主体325020户,同比增长3.52%"
N23 = "全年新设各类市场主体56152户,同比增长5.00%"
N22 = "全年新设各类市场主体53478户"
R23 = "问题发现率39.43%"
G23 = "地区生产总值按可比价格计算增长5.2%"

# doc, id, kind, label, indicator, value, unit, stated, approx, lo, hi, start, end, quote,
# refers_to, section, agency, year
FACTS = [
    ("a2021aaaaaaa", "f001", "count", "共有各类市场主体", "market_entities_total", 290000, "户", "290000", None, 290000, 290000, 40, 40 + len(Q21), Q21, None, "一", AGENCY, 2021),
    ("b2022bbbbbbb", "f001", "count", "新设各类市场主体", "market_entities_new", 53478, "户", "53478", None, 53478, 53478, 10, 10 + len(N22), N22, None, "一", AGENCY, 2022),
    ("b2022bbbbbbb", "f002", "count", "共有各类市场主体", "market_entities_total", 300000, "户", "300000", None, 300000, 300000, 60, 60 + len(Q22), Q22, None, "一", AGENCY, 2022),
    ("c2023ccccccc", "f001", "count", "新设各类市场主体", "market_entities_new", 56152, "户", "56152", None, 56152, 56152, 12, 12 + len(N23), N23, None, "一", AGENCY, 2023),
    ("c2023ccccccc", "f002", "yoy", "新设各类市场主体", "market_entities_new", 5.0, "%", "5.00", None, 4.995, 5.005, 12, 12 + len(N23), N23, "f001", "一", AGENCY, 2023),
    ("c2023ccccccc", "f003", "count", "共有各类市场主体", "market_entities_total", 325020, "户", "325020", None, 325020, 325020, 70, 70 + len(Q23), Q23, None, "一", AGENCY, 2023),
    ("c2023ccccccc", "f004", "yoy", "共有各类市场主体", "market_entities_total", 3.52, "%", "3.52", None, 3.515, 3.525, 70, 70 + len(Q23), Q23, "f003", "一", AGENCY, 2023),
    ("c2023ccccccc", "f005", "rate", "问题发现率", "inspection_finding_rate", 39.43, "%", "39.43", None, 39.425, 39.435, 200, 200 + len(R23), R23, None, "二", AGENCY, 2023),
    ("d2023ddddddd", "f001", "yoy", "地区生产总值", "gdp", 5.2, "%", "5.2", None, 5.15, 5.25, 5, 5 + len(G23), G23, None, "一", AGENCY_2, 2023),
]


def _evidence(*items: tuple[str, int, str, int]) -> list[dict]:
    """Evidence structs {doc, year, quote, start, end} from (doc, year, quote, start) tuples."""
    return [
        {"doc": d, "year": y, "quote": q, "start": s, "end": s + len(q)} for d, y, q, s in items
    ]


# check_id, check, severity, status, agency, indicator, label, unit, year, doc, fact_id,
# stated, stated_lo, stated_hi, computed_lo, computed_hi, message, evidence
CHECKS = [
    (
        "yoy:c2023ccccccc/f004", "yoy", "error", "fail", AGENCY, "market_entities_total",
        "共有各类市场主体", "户", 2023, "c2023ccccccc", "f004", 3.52, 3.515, 3.525,
        8.34, 8.34,
        "stated 同比 +3.52% [3.515, 3.525] but 325020 / 300000 - 1 = +8.34% [8.34, 8.34]",
        _evidence(("c2023ccccccc", 2023, Q23, 70), ("b2022bbbbbbb", 2022, Q22, 60)),
    ),
    (
        "yoy:c2023ccccccc/f002", "yoy", "error", "pass", AGENCY, "market_entities_new",
        "新设各类市场主体", "户", 2023, "c2023ccccccc", "f002", 5.0, 4.995, 5.005,
        4.9983, 4.9983, "stated 同比 +5.00% agrees with 56152 / 53478 - 1 = +5.00%",
        _evidence(("c2023ccccccc", 2023, N23, 12), ("b2022bbbbbbb", 2022, N22, 10)),
    ),
    (
        "yoy:b2022bbbbbbb/f002", "anomaly", "warning", "pass", AGENCY, "market_entities_total",
        "共有各类市场主体", "户", 2022, "b2022bbbbbbb", "f002", None, None, None, None, None,
        "change of +3.45% within the indicator's history",
        _evidence(("b2022bbbbbbb", 2022, Q22, 60), ("a2021aaaaaaa", 2021, Q21, 40)),
    ),
    (
        "rate:c2023ccccccc/f005", "rate", "error", "not_assessable", AGENCY,
        "inspection_finding_rate", "问题发现率", "%", 2023, "c2023ccccccc", "f005", 39.43,
        39.425, 39.435, None, None, "numerator or denominator not printed",
        _evidence(("c2023ccccccc", 2023, R23, 200)),
    ),
    (
        "yoy:d2023ddddddd/f001", "yoy", "error", "not_assessable", AGENCY_2, "gdp",
        "地区生产总值", "%", 2023, "d2023ddddddd", "f001", 5.2, 5.15, 5.25, None, None,
        "按可比价格: growth at comparable prices is not a ratio of printed levels",
        _evidence(("d2023ddddddd", 2023, G23, 5)),
    ),
]

# agency, indicator, label, unit, year, value, stated_yoy, computed lo/hi, status, doc, fact, quote, start
TRENDS = [
    (AGENCY, "market_entities_total", "共有各类市场主体", "户", 2021, 290000, None, None, None, "pass", "a2021aaaaaaa", "f001", Q21, 40),
    (AGENCY, "market_entities_total", "共有各类市场主体", "户", 2022, 300000, None, 3.4483, 3.4483, "pass", "b2022bbbbbbb", "f002", Q22, 60),
    (AGENCY, "market_entities_total", "共有各类市场主体", "户", 2023, 325020, 3.52, 8.34, 8.34, "fail", "c2023ccccccc", "f003", Q23, 70),
    (AGENCY, "market_entities_new", "新设各类市场主体", "户", 2022, 53478, None, None, None, "unchecked", "b2022bbbbbbb", "f001", N22, 10),
    (AGENCY, "market_entities_new", "新设各类市场主体", "户", 2023, 56152, 5.0, 4.9983, 4.9983, "pass", "c2023ccccccc", "f001", N23, 12),
    (AGENCY, "inspection_finding_rate", "问题发现率", "%", 2023, 39.43, None, None, None, "not_assessable", "c2023ccccccc", "f005", R23, 200),
    (AGENCY_2, "gdp_growth", "地区生产总值增长", "%", 2023, 5.2, None, None, None, "not_assessable", "d2023ddddddd", "f001", G23, 5),
]
# fmt: on


def _insert_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Insert DOCS with derived sha256, source and paths."""
    for doc, agency, year, title, status, message in DOCS:
        sha = (doc * 6)[:64]
        con.execute(
            "INSERT INTO documents VALUES (?, ?, ?, 'txt', 'utf-8', ?, ?, ?, ?, NULL, NULL,"
            " ?, ?, ?, ?, ?, NULL, TIMESTAMP '2024-03-01 09:00:00')",
            [
                doc,
                sha,
                f"data/samples/{doc}.txt",
                agency,
                SERIES,
                year,
                title,
                f"data/raw/{sha}",
                f"data/text/{sha}.txt",
                1000,
                status,
                message,
            ],
        )


def _insert_facts(con: duckdb.DuckDBPyConnection) -> None:
    """Insert FACTS (period, basis and base_year left null)."""
    for row in FACTS:
        *head, agency, year = row
        con.execute(
            "INSERT INTO facts VALUES (" + ", ".join(["?"] * 16) + ", NULL, NULL, NULL, ?, ?, ?)",
            [*head, agency, SERIES, year],
        )


def _insert_checks(con: duckdb.DuckDBPyConnection) -> None:
    """Insert CHECKS; evidence binds as a list of structs."""
    for row in CHECKS:
        check_id, check, severity, status, agency, *rest = row
        con.execute(
            "INSERT INTO check_results VALUES (" + ", ".join(["?"] * 19) + ")",
            [check_id, check, severity, status, agency, SERIES, *rest],
        )


def _insert_trends(con: duckdb.DuckDBPyConnection) -> None:
    """Insert TRENDS into trend_long and derive trend_wide from it."""
    for row in TRENDS:
        agency, ind, label, unit, year, value, syoy, clo, chi, status, doc, fid, quote, start = row
        con.execute(
            "INSERT INTO trend_long VALUES"
            " (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [agency, SERIES, ind, label, unit, year, value, value, value]
            + [syoy, clo, chi, status, doc, fid, quote, start, start + len(quote)],
        )
    con.execute(
        """
        INSERT INTO trend_wide
        SELECT agency, series, indicator, label, unit,
               max(value) FILTER (year = 2021), max(value) FILTER (year = 2022),
               max(value) FILTER (year = 2023), max(year),
               arg_max(stated_yoy, year), arg_max(check_status, year)
        FROM trend_long GROUP BY ALL
        """
    )


def build_warehouse(path: Path) -> Path:
    """A small warehouse at `path` after docs/warehouse.md: one failing yoy check included."""
    con = duckdb.connect(str(path))
    try:
        con.execute(DDL)
        _insert_documents(con)
        _insert_facts(con)
        _insert_checks(con)
        _insert_trends(con)
    finally:
        con.close()
    return path


@pytest.fixture
def sample_warehouse(tmp_path: Path) -> Path:
    """Path to a tmp DuckDB warehouse with every documented relation and one failing check."""
    return build_warehouse(tmp_path / "sample.duckdb")


@pytest.fixture
def execute_sql():
    """A function running SQL statements on a warehouse file, then closing it."""

    def execute(db: Path, *statements: str) -> None:
        with duckdb.connect(str(db)) as con:
            for sql in statements:
                con.execute(sql)

    return execute


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    """Settings rooted at a tmp data directory (reports, published output stay in tmp)."""
    return get_settings().with_data_dir(tmp_path / "data")


def build_samples_warehouse(settings: Settings) -> Path:
    """The warehouse of data/samples built by the library stages (no Prefect): ingest, extract, load."""
    from tongbi import factstore, ingest, warehouse

    specs = ingest.read_manifest(settings.samples_dir / "manifest.csv")
    documents = [ingest.ingest(spec, settings) for spec in specs]
    facts = {
        d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, settings)
        for d in documents
        if d.status == "loaded"
    }
    warehouse.load(settings.db_path, documents, facts, "samples-run", [])
    return settings.db_path


@pytest.fixture(scope="session")
def samples_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings rooted at a session tmp dir whose warehouse holds the four bundled samples."""
    settings = get_settings().with_data_dir(tmp_path_factory.mktemp("samples") / "data")
    build_samples_warehouse(settings)
    return settings


@pytest.fixture(scope="session")
def samples_db(samples_settings: Settings) -> Path:
    """Path to the samples warehouse (read-only use: it is shared by the whole session)."""
    return samples_settings.db_path


@pytest.fixture(scope="session")
def prefect_api():
    """A real, temporary Prefect server shared by every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield

"""Real data end to end: SAMR's enforcement pair and food-sampling series through every stage.

ingest (with a manifest: agency, series, year) → extract → load → checks, library stages
only. The texts are read from ../shared (or $TONGBI_SHARED) and copied into tmp_path,
never into the repository: ingest refuses manifest paths that leave the manifest's folder.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from tongbi import checks, factstore, ingest, warehouse
from tongbi.settings import get_settings

AGENCY = "国家市场监督管理总局"
SERIES = {"enforcement": "执法稽查", "food-sampling": "食品安全监督抽检"}
FOOD, ENFORCEMENT = SERIES["food-sampling"], SERIES["enforcement"]
DOCS = [
    "samr_2020_food-sampling.txt",
    "samr_2021_food-sampling.txt",
    "samr_2022_food-sampling.txt",
    "samr_2023_food-sampling.txt",
    "samr_2022_enforcement.txt",
    "samr_2023_enforcement.txt",
]


def real_dir() -> Path:
    """The real corpus: $TONGBI_SHARED/corpus/real, else ../shared beside the repository."""
    env = os.environ.get("TONGBI_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[2] / "shared"
    return shared / "corpus" / "real"


def write_manifest(folder: Path) -> Path:
    """Copies the SAMR documents into folder and writes their manifest; returns its path."""
    rows = []
    for name in DOCS:
        shutil.copy(real_dir() / name, folder / name)
        _, year, kind = Path(name).stem.split("_")
        rows.append([name, AGENCY, year, SERIES[kind]])
    manifest = folder / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["path", "agency", "year", "series"])
        out.writerows(rows)
    return manifest


@pytest.fixture(scope="module")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding the six SAMR documents, built by the library stages."""
    missing = [n for n in DOCS if not (real_dir() / n).exists()]
    if missing:
        pytest.skip(f"real corpus not found: {real_dir()} lacks {missing} (set TONGBI_SHARED)")
    folder = tmp_path_factory.mktemp("samr")
    settings = get_settings().with_data_dir(folder / "data")
    specs = ingest.read_manifest(write_manifest(folder))
    documents = [ingest.ingest(spec, settings) for spec in specs]
    assert [d.status for d in documents] == ["loaded"] * len(DOCS), [d.message for d in documents]
    facts = {
        d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, settings) for d in documents
    }
    warehouse.load(settings.db_path, documents, facts, "samr", [])
    return settings.db_path


def rows_of(db: Path, check: str, series: str, year: int) -> list[dict]:
    """The check_results rows of one check on one document."""
    with warehouse.connect(db, read_only=True) as con:
        rel = con.sql(
            'select * from check_results where "check" = ? and series = ? and year = ?',
            params=[check, series, year],
        )
        return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]


def test_no_error_level_check_fails(real_db):
    summary = checks.summarize(real_db)
    assert summary.n_checks > 0
    assert summary.n_error_failures == 0, [f["message"] for f in summary.failures]


# (check, series, year, a fragment of the statement checked, status, a word of the message)
EXPECTED = [
    # 6954438 批次 / 187368 批次 = 2.694%: 监督抽检不合格率为2.69%
    ("rate", FOOD, 2021, "2.69%", "pass", "187368批次 / 6954438批次"),
    ("rate", FOOD, 2022, "2.86%", "pass", "187572批次 / 6563388批次"),
    ("rate", FOOD, 2023, "2.73%", "pass", "190872批次 / 6997389批次"),
    # 638万余批次: an approximate denominator decides nothing
    ("rate", FOOD, 2020, "2.31%", "not_assessable", "approximate"),
    # 2020's 总体不合格率2.31% → 2.69%: 较2020年上升0.38个百分点
    ("pp", FOOD, 2021, "0.38", "pass", "2.31%"),
    ("pp", FOOD, 2022, "0.17", "pass", "2.69%"),
    ("pp", FOOD, 2023, "0.13", "pass", "2.86%"),
    ("pp", FOOD, 2020, "基本持平", "not_assessable", "no 2019 level"),
    # 2022's report printed no 罚没金额
    ("yoy", ENFORCEMENT, 2023, "22%", "not_assessable", "no 2022 level"),
]


@pytest.mark.parametrize(("check", "series", "year", "fragment", "status", "word"), EXPECTED)
def test_assessable_checks_are_performed(real_db, check, series, year, fragment, status, word):
    rows = [
        r for r in rows_of(real_db, check, series, year) if fragment in r["evidence"][-1]["quote"]
    ]
    assert [r["status"] for r in rows] == [status], rows
    assert word in rows[0]["message"]


# 140.62万件 / 127.09万件 − 1 allows +10.637%..+10.655%, which meets 10.6% ([10.55, 10.65]).
# 2023's 全国市场监管部门共查办各类违法案件 is labelled 查办各类违法案件 (the reporting body and
# 共 are stripped) and shares 2022's key 查办案件总数 (rules/indicators.yaml).
@pytest.mark.parametrize("check", ["yoy", "restatement"])
def test_enforcement_cases_yoy_passes(real_db, check):
    rows = [r for r in rows_of(real_db, check, ENFORCEMENT, 2023) if "10.6%" in str(r["evidence"])]
    assert [r["status"] for r in rows] == ["pass"], [r["message"] for r in rows]
    assert "127.09万件" in rows[0]["message"] and "140.62万件" in rows[0]["message"]

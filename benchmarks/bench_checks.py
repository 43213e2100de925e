"""Load and check N synthetic documents' facts; print facts, seconds and facts/s per stage.

    .venv/bin/python benchmarks/bench_checks.py            # 10,000 documents, ~1M facts
    .venv/bin/python benchmarks/bench_checks.py -n 500 --out /tmp/bench
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

from tongbi import checks, warehouse
from tongbi.model import FACT_SCHEMA, Document

YEARS_PER_AGENCY = 10
N_LEVELS = 30  # count levels per document, each with a stated yoy
N_RATES = 10  # (denominator, numerator, rate) triples per document
N_PARTS = 5  # (whole, 其中 part) pairs per document


def documents(n: int) -> list[Document]:
    """n documents: n / 10 agencies with ten successive annual reports each."""
    docs = []
    for i in range(n):
        agency, year = f"局{i // YEARS_PER_AGENCY:05d}", 2014 + i % YEARS_PER_AGENCY
        sha = hashlib.sha256(f"{agency}{year}".encode()).hexdigest()
        docs.append(
            Document(
                doc=sha[:12], sha256=sha, source=f"{agency}/{year}.txt", format="txt",
                encoding="utf-8", agency=agency, series="工作总结", year=year, title=None,
                doc_number=None, published=None, raw_path=None, text_path=None,
                n_chars=5000, status="loaded", message=None,
            )  # fmt: skip
        )
    return docs


def _rows(doc: Document, index: int, rng: np.random.Generator) -> list[tuple]:
    """One document's facts: levels with their yoy, rate triples and 其中 parts."""
    agency_no, year_no = divmod(index, YEARS_PER_AGENCY)
    rows, pos = [], 0

    def add(kind, indicator, value, unit, lo, hi, refers_to=None, label=None, section="一"):
        nonlocal pos
        fid = f"f{len(rows) + 1:04d}"
        quote = f"{label or indicator}{value:g}{unit}"
        rows.append(
            (doc.doc, fid, kind, label or indicator, indicator, float(value), unit, f"{value:g}",
             None, lo, hi, pos, pos + len(quote), quote, refers_to, section, None, None, None)
        )  # fmt: skip
        pos += len(quote) + 2
        return fid

    for k in range(N_LEVELS):
        # A deterministic level path per agency and indicator, so successive years agree.
        base, growth = 1000 + 37 * k + agency_no % 97, 0.02 + 0.001 * k
        level = round(base * (1 + growth) ** year_no)
        prev = round(base * (1 + growth) ** (year_no - 1))
        ref = add("count", f"level_{k:02d}", level, "件", level, level)
        yoy = round((level / prev - 1) * 100, 2)
        add("yoy", f"level_{k:02d}", yoy, "%", yoy - 0.005, yoy + 0.005, refers_to=ref)
    for k in range(N_RATES):
        den = int(rng.integers(1000, 20000))
        num = int(rng.integers(0, den))
        rate = round(num / den * 100, 2)
        add("count", f"checked_{k}", den, "户次", den, den, section=f"二/{k}")
        add("count", f"found_{k}", num, "件次", num, num, section=f"二/{k}")
        add("rate", f"rate_{k}", rate, "%", rate - 0.005, rate + 0.005, section=f"二/{k}")
    for k in range(N_PARTS):
        whole = int(rng.integers(100, 5000))
        part = int(rng.integers(0, whole))
        add("count", f"whole_{k}", whole, "件", whole, whole, section=f"三/{k}")
        add("count", f"part_{k}", part, "件", part, part, label=f"其中part_{k}", section=f"三/{k}")
    return rows


def write_facts(docs: list[Document], out: Path) -> dict[str, Path]:
    """One Parquet file of facts per document, as extract writes them."""
    rng = np.random.default_rng(7)
    files = {}
    for i, doc in enumerate(docs):
        frame = pl.DataFrame(_rows(doc, i, rng), schema=FACT_SCHEMA, orient="row")
        files[doc.doc] = out / f"{doc.doc}.parquet"
        frame.write_parquet(files[doc.doc])
    return files


def timed(label: str, n_facts: int, fn):
    """Runs fn, prints facts, seconds and facts/s, returns fn's result."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<28} facts={n_facts:>9,}  seconds={seconds:8.2f}  facts/s={n_facts / seconds:>12,.0f}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--documents", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one, removed)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="tongbi-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    db = out / "bench.duckdb"
    db.unlink(missing_ok=True)
    try:
        docs = documents(args.documents)
        n = len(docs) * (2 * N_LEVELS + 3 * N_RATES + 2 * N_PARTS)
        files = timed("generate Parquet", n, lambda: write_facts(docs, out))
        timed("load + build (one txn)", n, lambda: warehouse.load(db, docs, files, "bench", []))
        timings: dict[str, float] = {}
        with warehouse.connect(db) as con:
            timed("build (all relations)", n, lambda: warehouse.build(con, timings=timings))
        for stem, seconds in sorted(timings.items(), key=lambda kv: -kv[1]):
            print(f"  {stem:<26} seconds={seconds:8.2f}")
        summary = timed("summarize checks", n, lambda: checks.summarize(db))
        print(f"checks: {summary.n_checks:,}  error failures: {summary.n_error_failures:,}")
        for check, by_status in sorted(summary.counts.items()):
            print(f"  {check:<13} {by_status}")
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

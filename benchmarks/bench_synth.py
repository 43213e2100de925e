"""End to end over a synthetic corpus: generate, extract, load + checks; seconds per stage.

    .venv/bin/python benchmarks/bench_synth.py                 # 10,000 documents
    .venv/bin/python benchmarks/bench_synth.py -n 1000 --jobs 2 --out /tmp/bench-synth

The documents come from tongbi.synth (fictional bureaus, ten years each, every fault kind
injected once per 100 bureaus), so the facts are what the extractor really produces. The
checks stage is timed twice: inside the load transaction (load + build) and as a rebuild
of every relation on the loaded warehouse. benchmarks/bench_checks.py times the checks
alone on hand-made facts at any scale; this one adds extraction and real text.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tongbi import checks, extract, synth, warehouse

YEARS = range(2014, 2024)


def extract_one(job: tuple[str, str, str]) -> int:
    """Extracts one text into its Parquet file; returns the number of facts."""
    text, doc, path = job
    frame = extract.extract_frame(text, doc)
    frame.write_parquet(path)
    return frame.height


def extract_all(corpus: synth.Corpus, out: Path, jobs: int) -> tuple[list, dict, int]:
    """Documents, their facts files and the number of facts, extracted on `jobs` processes."""
    documents = [d.record() for d in corpus.documents]
    files = {d.doc: out / f"{d.doc}.parquet" for d in documents}
    work = [
        (s.text, d.doc, str(files[d.doc])) for s, d in zip(corpus.documents, documents, strict=True)
    ]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            counts = list(pool.map(extract_one, work, chunksize=64))
    else:
        counts = [extract_one(w) for w in work]
    return documents, files, sum(counts)


def timed(label: str, fn, n_facts: int | None = None):
    """Runs fn, prints its seconds (and facts/s when given), returns (result, seconds)."""
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    rate = f"  facts/s={n_facts / seconds:>11,.0f}" if n_facts else ""
    print(f"{label:<26} seconds={seconds:8.2f}{rate}", flush=True)
    return result, seconds


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return max(own, children) * scale / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--documents", type=int, default=10_000, help="documents (≈)")
    parser.add_argument("--jobs", type=int, default=1, help="extraction processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one, removed)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="tongbi-bench-synth-"))
    out.mkdir(parents=True, exist_ok=True)
    db = out / "bench.duckdb"
    db.unlink(missing_ok=True)
    n_bureaus = max(1, args.documents // len(YEARS))
    faults = sorted(synth.FAULTS) * max(1, n_bureaus // 100)
    try:
        corpus, _ = timed("generate", lambda: synth.generate(args.seed, n_bureaus, YEARS, faults))
        (documents, files, n_facts), _ = timed(
            f"extract ({args.jobs} jobs)", lambda: extract_all(corpus, out, args.jobs)
        )
        print(f"documents={len(documents):,}  facts={n_facts:,}  bureaus={n_bureaus:,}")
        timed(
            "load + checks (one txn)",
            lambda: warehouse.load(db, documents, files, "b", []),
            n_facts,
        )
        with warehouse.connect(db) as con:
            timed("checks (rebuild all sql/)", lambda: warehouse.build(con), n_facts)
        summary, _ = timed("summarize", lambda: checks.summarize(db))
        print(f"check rows={summary.n_checks:,}  error fails={summary.n_error_failures:,}"
              f"  injected faults={len(corpus.truth):,}")  # fmt: skip
        for check, by_status in sorted(summary.counts.items()):
            print(f"  {check:<13} {by_status}")
        print(f"peak RSS={peak_rss_mb():,.0f} MB")
    finally:
        if args.out is None:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()

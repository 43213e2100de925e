"""Extraction throughput against a bare regex scan for numbers (benchmarks/bench_extract.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_extract.py"

# Measured on the shared 2-core dev box (bench_extract.py --mb 3 --cpu 1 --runs 5, CPU
# seconds, scan and extraction alternating per 128 KB block, per-string caches cleared
# between documents): extract_text 2.3-3.8 MB/s, 22,000-35,000 facts/s; ratio 21.0-21.4x
# median (23.7x for the code at the start of that pass under the same method; the earlier
# per-document alternation ran the scan cold and read ~10% lower: 31.0x, 29-30x, ~46x and
# ~100x in earlier passes by that method). The target is 20x. The floor keeps ~2x
# headroom for a loaded machine; it may only go down (= better).
RATIO_FLOOR = 42


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extract", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_extraction_within_floor_of_regex_scan(capsys):
    bench = _bench()
    m = bench.measure(bench.build_corpus(2.0))
    with capsys.disabled():
        print("\n" + "\n".join(m.lines()))
    assert m.n_facts > 0
    assert m.ratio < RATIO_FLOOR, m.lines()

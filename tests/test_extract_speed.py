"""Extraction throughput against a bare regex scan for numbers (benchmarks/bench_extract.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_extract.py"

# Measured on the shared 2-core dev box (bench_extract.py --mb 3 --cpu 1 --runs 5, CPU
# seconds, scan and extraction alternating per 128 KB block, per-string caches cleared
# between documents): extract_text 3.5 MB/s, 32,600 facts/s; ratio 17.4x median (runs
# 16.2-18.1x); --mb 50 --runs 3: 17.9x median. The pass before read 21.0-21.4x (3 MB) and
# 20.7x (50 MB); the earlier per-document alternation ran the scan cold and read ~10% lower
# (31.0x, 29-30x, ~46x and ~100x in earlier passes by that method). The target is
# 20x. The floor keeps ~2x headroom for a loaded machine; it may only go down (= better).
RATIO_FLOOR = 36


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


def test_ab_loads_an_earlier_revision_beside_this_one(tmp_path, monkeypatch):
    """benchmarks/ab_extract.py: the base revision's package is its own, and both extract."""
    if not (BENCH.parents[1] / ".git").exists():
        pytest.skip("not a git checkout: ab_extract.py reads the base revision with git archive")
    monkeypatch.setattr(sys, "path", list(sys.path))  # base_package adds its folder
    spec = importlib.util.spec_from_file_location("ab_extract", BENCH.with_name("ab_extract.py"))
    ab = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ab)
    try:
        base = ab.base_package("HEAD", tmp_path / "base")
        new = ab.new_package(tmp_path / "new")
        assert Path(base.__file__).is_relative_to(tmp_path / "base")
        assert Path(new.__file__).is_relative_to(tmp_path / "new")
        docs = ["全年新设市场主体56152户,同比增长3.52%。"] * 4
        base_s, new_s = ab.compare(base, docs, new)
        assert base_s > 0 and new_s > 0
        for module in (base, new):
            assert [f.value for f in module.extract_text(docs[0], "d")] == [56152.0, 3.52]
    finally:
        for name in [m for m in sys.modules if m.split(".")[0] in ("tongbi_base", "tongbi_new")]:
            del sys.modules[name]


def test_facts_digest_covers_its_texts_and_names_what_differs():
    """benchmarks/facts_digest.py: every group of texts gives facts; a change is named."""
    spec = importlib.util.spec_from_file_location(
        "facts_digest", BENCH.with_name("facts_digest.py")
    )
    digest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(digest)
    first = list(digest.fact_lines(bench_mb=0.05))
    groups = {json.loads(line)["doc"].split("/")[0] for line in first}
    assert {"samples", "synth7", "synth11", "bench", "trad", "wrap"} <= groups
    changed = [first[0].replace('"kind": "', '"kind": "x'), *first[1:]]
    doc = json.loads(first[0])["doc"]
    assert digest.differing(first, changed) == [doc]
    assert digest.differing(first, first) == []

"""Extraction time of this checkout against an earlier revision, in one process.

    .venv/bin/python benchmarks/ab_extract.py --base HEAD~3            # 3 MB, 3 runs
    .venv/bin/python benchmarks/ab_extract.py --base 60b3794 --mb 10 --runs 5 --cpu 1

On a shared machine the speed of a core drifts by tens of percent from one minute to the
next, so two benchmark runs minutes apart cannot tell a 3% change. This loads the base
revision's `tongbi` package beside this checkout's (its files from `git archive`, renamed
`tongbi_base`) and times the two on the same documents alternately, document by document,
in CPU seconds of this process: both see the same drift. It prints new/base per run (below
1 is faster). Caches are cleared before every document, as in bench_extract.py.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_extract import build_corpus  # noqa: E402

from tongbi import extract as new  # noqa: E402


def base_package(rev: str, into: Path):
    """The `tongbi.extract` module of revision `rev`, imported as tongbi_base.extract."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "tongbi"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    package = into / "tongbi_base"
    (into / "tongbi").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bfrom tongbi(\.| import)", r"from tongbi_base\1", text)
        path.write_text(re.sub(r"\bimport tongbi\b", "import tongbi_base", text), encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("tongbi_base.extract")


def compare(base, docs: list[str]) -> tuple[float, float]:
    """CPU seconds of base and new extraction over the documents, alternating per document."""
    for module in (base, new):
        module.extract_text(docs[0], "warm")  # rules, regexes, OpenCC
    caches = list(base.string_caches().values()) + list(new.string_caches().values())
    clock, spent = time.process_time, {base: 0.0, new: 0.0}
    for i, doc in enumerate(docs):
        for module in (base, new) if i % 2 else (new, base):
            for cache in caches:
                cache.cache_clear()
            t = clock()
            module.extract_text(doc, f"d{i}")
            spent[module] += clock() - t
    return spent[base], spent[new]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git revision to compare with")
    parser.add_argument("--mb", type=float, default=3.0, help="MB of text (default 3)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu", type=int, default=None, help="pin to this core (Linux)")
    args = parser.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    docs = build_corpus(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        base = base_package(args.base, Path(tmp))
        for _ in range(args.runs):
            b, n = compare(base, docs)
            print(f"base {b:6.2f} s  new {n:6.2f} s  new/base {n / b:.3f}", flush=True)


if __name__ == "__main__":
    main()

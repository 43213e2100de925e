"""Extraction time of this checkout against an earlier revision, in one process per load order.

    .venv/bin/python benchmarks/ab_extract.py --base HEAD~3            # 3 MB, 3 runs per order
    .venv/bin/python benchmarks/ab_extract.py --base 60b3794 --mb 10 --runs 5 --cpu 1

On a shared machine the speed of a core drifts by tens of percent from one minute to the
next, so two benchmark runs minutes apart cannot tell a 3% change. This loads the base
revision's `tongbi` package (its files from `git archive`, renamed `tongbi_base`) and a copy
of this checkout's (renamed `tongbi_new`, uncommitted changes included) into one process and
times the two on the same documents alternately, document by document, in CPU seconds of
the process: both see the same drift. Caches are cleared before every document, as in
bench_extract.py.

Both packages are copies loaded the same way: the installed checkout itself ran ~0.8%
slower than a copy of the same code. The package loaded second may still run up to ~1%
faster than the first, so the comparison runs twice, each in a process of its own: this
checkout's copy loaded first, then the base first. Each run prints new/base (below 1 is
faster); the last line gives the median of each order and their geometric mean.
"""

from __future__ import annotations

import argparse
import importlib
import io
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_extract import build_corpus  # noqa: E402

ORDERS = ("new-first", "base-first")


def _package(into: Path, name: str):
    """The `extract` module of the `tongbi` folder in `into`, renamed and imported as `name`."""
    package = into / name
    (into / "tongbi").rename(package)
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bfrom tongbi(\.| import)", rf"from {name}\1", text)
        path.write_text(re.sub(r"\bimport tongbi\b", f"import {name}", text), encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module(f"{name}.extract")


def base_package(rev: str, into: Path):
    """The `tongbi.extract` module of revision `rev`, imported as tongbi_base.extract."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "tongbi"],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return _package(into, "tongbi_base")


def new_package(into: Path):
    """This checkout's `tongbi.extract` module, copied and imported as tongbi_new.extract."""
    shutil.copytree(REPO / "tongbi", into / "tongbi", ignore=shutil.ignore_patterns("__pycache__"))
    return _package(into, "tongbi_new")


def compare(base, docs: list[str], new) -> tuple[float, float]:
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


def one_order(args: argparse.Namespace) -> None:
    """The comparison in this process, the two packages loaded in args.order."""
    docs = build_corpus(args.mb)
    with tempfile.TemporaryDirectory() as tmp:
        base_dir, new_dir = Path(tmp) / "base", Path(tmp) / "new"
        if args.order == "new-first":
            new = new_package(new_dir)
            base = base_package(args.base, base_dir)
        else:
            base = base_package(args.base, base_dir)
            new = new_package(new_dir)
        for _ in range(args.runs):
            b, n = compare(base, docs, new)
            print(f"base {b:6.2f} s  new {n:6.2f} s  new/base {n / b:.3f}", flush=True)


def both_orders(args: argparse.Namespace) -> None:
    """The comparison in two processes, one per load order, and their geometric mean."""
    medians = []
    for order in ORDERS:
        print(f"{order}:", flush=True)
        command = [sys.executable, __file__, "--base", args.base, "--mb", str(args.mb)]
        command += ["--runs", str(args.runs), "--order", order]
        if args.cpu is not None:
            command += ["--cpu", str(args.cpu)]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        print(out, end="", flush=True)
        ratios = [float(x) for x in re.findall(r"new/base (\d+\.\d+)", out)]
        medians.append(statistics.median(ratios))
    mean = math.sqrt(medians[0] * medians[1])
    print(f"median new/base: {medians[0]:.3f} ({ORDERS[0]}), {medians[1]:.3f} ({ORDERS[1]}); "
          f"geometric mean {mean:.3f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="git revision to compare with")
    parser.add_argument("--mb", type=float, default=3.0, help="MB of text (default 3)")
    parser.add_argument("--runs", type=int, default=3, help="runs per load order (default 3)")
    parser.add_argument("--cpu", type=int, default=None, help="pin to this core (Linux)")
    parser.add_argument("--order", choices=ORDERS, help="one load order in this process only")
    args = parser.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    if args.order:
        one_order(args)
    else:
        both_orders(args)


if __name__ == "__main__":
    main()

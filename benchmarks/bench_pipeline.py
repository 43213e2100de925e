"""End to end over N generated reports: every stage's seconds, peak memory, and an unchanged rerun.

    .venv/bin/python benchmarks/bench_pipeline.py --reports 1000
    .venv/bin/python benchmarks/bench_pipeline.py --reports 10000 --no-prefect --out /tmp/bp

The reports come from tongbi.synth (fictional bureaus, ten years each, faults injected), written
to a folder with a manifest. Two measurements, each in a fresh process so that its peak memory
(ru_maxrss of the process and of its children) is its own:

- library: the stages as plain calls, without Prefect (ingest → extract → load + build →
  validate → report → publish), then the same run again over the unchanged sources;
- prefect: the real flow `flows.pipeline.pipeline` under a temporary Prefect server
  (prefect_test_harness), then its unchanged rerun.

Memory is given two ways: ru_maxrss of the process plus that of its largest child, and the
peak of the summed RSS of the whole process tree (the Prefect server and the validation
worker run beside the flow), sampled every 0.1 s. The pipeline's time is also given as a
multiple of extraction alone (the extract stage of the
library run). Targets (issue 5): ≤ 3x extraction at 1,000 reports; 10,000 reports in under 10
minutes and 2 GB; an unchanged rerun in under 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

YEARS = range(2014, 2024)


def write_corpus(n_reports: int, folder: Path) -> Path:
    """Generates about n_reports reports (ten years per bureau) and returns the manifest."""
    from tongbi import synth

    n_bureaus = max(1, round(n_reports / len(YEARS)))
    # About one fault per ten bureaus, every kind in turn: failing checks fill the reports.
    kinds = list(synth.FAULTS)
    faults = [kinds[i % len(kinds)] for i in range(max(1, n_bureaus // 10))]
    return synth.write(synth.generate(7, n_bureaus, YEARS, faults), folder)


def peak_mb() -> float:
    """Peak resident memory of this process plus that of its largest waited-for child, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # ru_maxrss is in KB on Linux


class TreeMemory:
    """The peak of the summed resident memory of this process and all its descendants (the
    Prefect server, the validation worker…), sampled every `every` seconds in a thread."""

    def __init__(self, every: float = 0.1) -> None:
        import psutil

        self.peak_mb = 0.0
        self._me, self._every = psutil.Process(), every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            for proc in [self._me, *self._me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # ended between listing and reading
                    total += proc.memory_info().rss
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._stop.wait(self._every)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()


class Stopwatch:
    """Seconds per named stage, in order."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def run(self, name: str, fn, *args, **kwargs):
        """Runs fn, records its seconds under name, returns its result."""
        started = time.perf_counter()
        result = fn(*args, **kwargs)
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started
        return result


def library_run(manifest: Path, settings) -> dict[str, float]:
    """One run of the stages as plain library calls; returns seconds per stage."""
    from tongbi import factstore, ingest, publish, report, sources, validate, warehouse

    watch = Stopwatch()
    specs = watch.run("collect", sources.collect_sources, [], manifest, settings.catalog_path)
    documents = watch.run("ingest", lambda: [ingest.ingest(s, settings) for s in specs])
    known = warehouse.known_sources(settings.db_path)
    new = [d for d in documents if d.status == "loaded" and d.sha256 not in known]
    files = watch.run(
        "extract",
        lambda: {
            d.doc: factstore.extract_document(d.text_path, d.doc, d.sha256, settings) for d in new
        },
    )
    watch.run("load+build", warehouse.load, settings.db_path, documents, files, uuid.uuid4().hex, [])
    validation = watch.run("validate", validate.validate, settings.db_path, settings)
    watch.run("report", report.write_report, settings.db_path, settings, validation=validation)
    watch.run("publish", publish.publish, settings.db_path, settings)
    return watch.stages


def prefect_run(manifest: Path, settings) -> dict[str, float]:
    """One run of the real flow (its own settings from TONGBI_DATA_DIR); returns its seconds."""
    from flows.pipeline import pipeline

    watch = Stopwatch()
    watch.run("flow", pipeline, manifest=str(manifest), return_state=True)
    return watch.stages


def child(mode: str, manifest: Path, data_dir: Path) -> None:
    """In a fresh process: a first run and an unchanged rerun; prints JSON with their figures."""
    os.environ["TONGBI_DATA_DIR"] = str(data_dir)
    from tongbi.settings import get_settings

    settings = get_settings().with_data_dir(data_dir)
    with TreeMemory() as tree:
        if mode == "library":
            first = library_run(manifest, settings)
            peak = peak_mb()
            rerun = library_run(manifest, settings)
        else:
            from prefect.testing.utilities import prefect_test_harness

            with prefect_test_harness(server_startup_timeout=180):
                first = prefect_run(manifest, settings)
                peak = peak_mb()
                rerun = prefect_run(manifest, settings)
    figures = {"first": first, "rerun": rerun, "peak_mb": peak, "total_peak_mb": peak_mb()}
    print(json.dumps(figures | {"tree_peak_mb": tree.peak_mb}))


def measure(mode: str, manifest: Path, work: Path) -> dict:
    """Runs `child` in a fresh interpreter on a fresh data folder and returns its figures."""
    data_dir = work / f"data-{mode}"
    shutil.rmtree(data_dir, ignore_errors=True)
    cmd = [sys.executable, __file__, "--child", mode, "--manifest", str(manifest), "--data", str(data_dir)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"{mode} run failed ({done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def print_table(n_docs: int, results: dict[str, dict]) -> None:
    """Seconds per stage, totals, multiples of extraction, reruns and peak memory."""
    lib = results.get("library")
    extraction = lib["first"]["extract"] if lib else None
    print(f"\n{n_docs:,} reports   load average {os.getloadavg()[0]:.2f} (1 min) at the end")
    if lib:
        print(f"{'stage (library, no Prefect)':<30}{'seconds':>10}{'rerun s':>10}")
        for stage, seconds in lib["first"].items():
            print(f"  {stage:<28}{seconds:>10.2f}{lib['rerun'].get(stage, 0.0):>10.2f}")
    print(f"\n{'run':<30}{'seconds':>10}{'x extract':>11}{'rerun s':>10}{'peak MB':>10}{'tree MB':>10}")
    for mode, r in results.items():
        total, rerun = sum(r["first"].values()), sum(r["rerun"].values())
        multiple = f"{total / extraction:.2f}" if extraction else "-"
        print(
            f"  {mode:<28}{total:>10.2f}{multiple:>11}{rerun:>10.2f}"
            f"{r['total_peak_mb']:>10.0f}{r['tree_peak_mb']:>10.0f}"
        )
    print(
        "peak MB: this process + its largest waited-for child (ru_maxrss); tree MB: the peak of"
        " the summed RSS of the process and every descendant alive at once (sampled, 0.1 s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="reports to generate (about)")
    parser.add_argument("--out", type=Path, help="work folder (default: a temporary one, removed)")
    parser.add_argument("--no-prefect", action="store_true", help="library stages only")
    parser.add_argument("--no-library", action="store_true", help="the Prefect flow only")
    parser.add_argument("--child", choices=["library", "prefect"], help=argparse.SUPPRESS)
    parser.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.manifest, args.data)
        return
    work = args.out or Path(tempfile.mkdtemp(prefix="tongbi-bench-pipeline-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        manifest = write_corpus(args.reports, work / "corpus")
        n_docs = len(manifest.read_text(encoding="utf-8").splitlines()) - 1
        print(f"generated {n_docs:,} reports in {time.perf_counter() - started:.1f} s")
        modes = [m for m, off in (("library", args.no_library), ("prefect", args.no_prefect)) if not off]
        results = {mode: measure(mode, manifest, work) for mode in modes}
        print_table(n_docs, results)
    finally:
        if args.out is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

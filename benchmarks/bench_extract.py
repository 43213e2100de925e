"""Extraction throughput on one core against a bare regex scan for numbers over the same text.

    .venv/bin/python benchmarks/bench_extract.py            # 50 MB of report text
    .venv/bin/python benchmarks/bench_extract.py --mb 5 --cpu 1

The text is built at run time from ../shared/corpus/real/*.txt (when present) and
data/samples/*, each copy with its digits replaced at random so that no two copies are one
string (the corpus texts are never committed). Both measurements run per document over
the same documents in the same process; the ratio is extraction time / scan time.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from tongbi.extract import extract_text
from tongbi.ingest import read_text

REPO = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def shared_dir() -> Path:
    """$TONGBI_SHARED, else ../shared beside the repository."""
    env = os.environ.get("TONGBI_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def source_texts() -> list[str]:
    """The report texts the corpus is made of: the real corpus and the samples, decoded."""
    paths = sorted((shared_dir() / "corpus" / "real").glob("*.txt"))
    paths += sorted(p for p in (REPO / "data" / "samples").glob("linxi_*") if p.is_file())
    return [read_text(p)[0] for p in paths]


def _vary(m: re.Match, rng: random.Random) -> str:
    """The number with new digits of the same shape; years (2023年) stay years."""
    if re.fullmatch(r"(?:19|20)\d\d", m.group()) and m.string.startswith("年", m.end()):
        return m.group()
    digits = [str(rng.randrange(1 if i == 0 else 0, 10)) if c.isdigit() else c
              for i, c in enumerate(m.group())]  # fmt: skip
    return "".join(digits)


def build_corpus(mb: float, seed: int = 1) -> list[str]:
    """Documents totalling at least `mb` MB of UTF-8, copies of the sources with new digits."""
    rng = random.Random(seed)
    sources, docs, size = source_texts(), [], 0
    while size < mb * 1e6:
        for text in sources:
            doc = NUMBER.sub(lambda m: _vary(m, rng), text)
            docs.append(doc)
            size += len(doc.encode("utf-8"))
    return docs


@dataclass
class Measure:
    """Throughput of extraction and of the bare scan over the same documents."""

    mb: float
    n_facts: int
    n_numbers: int
    extract_s: float
    scan_s: float

    @property
    def ratio(self) -> float:
        """How many times slower extraction is than the scan."""
        return self.extract_s / self.scan_s

    def lines(self) -> list[str]:
        """The figures as printed."""
        return [
            f"text            {self.mb:.1f} MB (UTF-8)",
            f"extract_text    {self.mb / self.extract_s:7.2f} MB/s  "
            f"{self.n_facts / self.extract_s:9.0f} facts/s  ({self.n_facts} facts)",
            f"regex scan      {self.mb / self.scan_s:7.2f} MB/s  "
            f"{self.n_numbers / self.scan_s:9.0f} numbers/s  ({self.n_numbers} numbers)",
            f"ratio           {self.ratio:7.1f}x  (target: within 20x)",
        ]


def scan(docs: list[str]) -> tuple[float, int]:
    """(seconds, numbers) of a bare re.finditer scan for numbers over every document."""
    t = time.perf_counter()
    n = sum(1 for doc in docs for _ in NUMBER.finditer(doc))
    return time.perf_counter() - t, n


def extract(docs: list[str]) -> tuple[float, int]:
    """(seconds, facts) of extract_text over every document."""
    t = time.perf_counter()
    n = sum(len(extract_text(doc, f"d{i}")) for i, doc in enumerate(docs))
    return time.perf_counter() - t, n


def measure(docs: list[str], scan_repeats: int = 5) -> Measure:
    """Extraction once and the scan `scan_repeats` times around it (median), same process."""
    extract(docs[:20])  # warm up: rules, regexes, OpenCC
    scans = [scan(docs)]
    extract_s, n_facts = extract(docs)
    scans += [scan(docs) for _ in range(scan_repeats - 1)]
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    return Measure(mb, n_facts, scans[0][1], extract_s, statistics.median(s for s, _ in scans))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="MB of text to build (default 50)")
    parser.add_argument("--cpu", type=int, default=None, help="pin to this core (Linux)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    docs = build_corpus(args.mb, args.seed)
    print("\n".join(measure(docs).lines()))


if __name__ == "__main__":
    main()

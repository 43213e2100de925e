"""Extraction throughput on one core against a bare regex scan for numbers over the same text.

    .venv/bin/python benchmarks/bench_extract.py            # 50 MB of report text
    .venv/bin/python benchmarks/bench_extract.py --mb 5 --cpu 1

The text is built at run time from ../shared/corpus/real/*.txt (when present) and
data/samples/*, each copy with its digits replaced at random so that no two copies are one
string (the corpus texts are never committed). The copies still repeat their words, so the
extractor's per-string caches (label words, figures) are cleared before every document:
only what a real report repeats within itself is cached. Their hit rates are printed
(--keep-caches shows the flattering figure).

The two measurements alternate block by block (about 128 KB of text, some 30 reports: the
scan of a block, then the extraction of the same block), so that both run under the same
load on a shared machine, and both count CPU seconds of this process (time.process_time),
not wall time: a loaded box stretches wall time of whatever is descheduled. Blocks, not
single documents: the scan of one 4 KB report right after an extraction runs with cold
caches at about half its speed, which made the ratio look ~10% better than it is. The ratio
is extraction time / scan time over the same documents; --runs repeats the whole pass and
prints each run's figures and the medians.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from tongbi.extract import extract_text, string_caches
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
    hit_rates: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """How many times slower extraction is than the scan."""
        return self.extract_s / self.scan_s

    def lines(self) -> list[str]:
        """The figures as printed."""
        hits = "  ".join(f"{k} {v:.0%}" for k, v in self.hit_rates.items())
        return [
            f"text            {self.mb:.1f} MB (UTF-8), CPU seconds of one process",
            f"extract_text    {self.mb / self.extract_s:7.2f} MB/s  "
            f"{self.n_facts / self.extract_s:9.0f} facts/s  ({self.n_facts} facts)",
            f"regex scan      {self.mb / self.scan_s:7.2f} MB/s  "
            f"{self.n_numbers / self.scan_s:9.0f} numbers/s  ({self.n_numbers} numbers)",
            f"ratio           {self.ratio:7.1f}x  (target: within 20x)",
            f"cache hits      {hits or 'n/a'}",
        ]


def _clear(caches: dict) -> None:
    for f in caches.values():
        f.cache_clear()


BLOCK_BYTES = 128_000  # text per block of the alternation (UTF-8 bytes)


def blocks(docs: list[str], size: int = BLOCK_BYTES) -> list[list[tuple[int, str]]]:
    """The (index, text) of the documents in consecutive blocks of at least `size` bytes."""
    out: list[list[tuple[int, str]]] = [[]]
    filled = 0
    for i, doc in enumerate(docs):
        if filled >= size:
            out.append([])
            filled = 0
        out[-1].append((i, doc))
        filled += len(doc.encode("utf-8"))
    return out


def measure(docs: list[str], keep_caches: bool = False) -> Measure:
    """Scan and extraction alternating per block, in CPU seconds of this process."""
    extract_text(docs[0], "warm")  # rules, regexes, OpenCC
    caches = string_caches()
    hits = {k: [0, 0] for k in caches}
    scan_s = extract_s = 0.0
    n_facts = n_numbers = 0
    clock = time.process_time
    for block in blocks(docs):
        t = clock()
        for _, doc in block:
            n_numbers += sum(1 for _ in NUMBER.finditer(doc))
        scan_s += clock() - t
        for i, doc in block:
            if not keep_caches:
                _clear(caches)
            before = {k: f.cache_info() for k, f in caches.items()}
            t = clock()
            n_facts += len(extract_text(doc, f"d{i}"))
            extract_s += clock() - t
            for k, f in caches.items():
                info, was = f.cache_info(), before[k]
                hits[k][0] += info.hits - was.hits
                hits[k][1] += info.hits + info.misses - was.hits - was.misses
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    rates = {k: h / n for k, (h, n) in hits.items() if n}
    return Measure(mb, n_facts, n_numbers, extract_s, scan_s, rates)


def median_lines(runs: list[Measure]) -> list[str]:
    """The medians of several runs."""
    med = statistics.median
    return [
        f"median of {len(runs)} runs: ratio {med(m.ratio for m in runs):.1f}x, "
        f"extract {med(m.mb / m.extract_s for m in runs):.2f} MB/s, "
        f"{med(m.n_facts / m.extract_s for m in runs):.0f} facts/s, "
        f"scan {med(m.mb / m.scan_s for m in runs):.1f} MB/s"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="MB of text to build (default 50)")
    parser.add_argument("--cpu", type=int, default=None, help="pin to this core (Linux)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="passes over the text (medians)")
    parser.add_argument("--keep-caches", action="store_true", help="keep caches across documents")
    args = parser.parse_args()
    if args.cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu})
    docs = build_corpus(args.mb, args.seed)
    runs = []
    for _ in range(args.runs):
        runs.append(measure(docs, args.keep_caches))
        print("\n".join(runs[-1].lines()), flush=True)
    if len(runs) > 1:
        print("\n".join(median_lines(runs)))


if __name__ == "__main__":
    main()

"""Every fact the extractor gives over a fixed set of texts, for telling a change that should
not alter the output (a speed change) from one that does.

    .venv/bin/python benchmarks/facts_digest.py --save /tmp/before.jsonl     # before
    .venv/bin/python benchmarks/facts_digest.py --compare /tmp/before.jsonl  # after: exit 1 if not

The texts: ../shared/corpus/real (when present), data/samples, two generated corpora (with
and without injected faults), the first 3 MB of bench_extract's corpus, and of the first
twelve texts a Traditional + full-width variant and a variant hard-wrapped every 37
characters. Facts are written as JSON lines with sorted keys, document by document;
the sha256 of those lines is printed. --compare prints the documents whose facts differ.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_extract import build_corpus, shared_dir  # noqa: E402

from tongbi import synth  # noqa: E402
from tongbi.extract import extract_text  # noqa: E402
from tongbi.ingest import read_text  # noqa: E402
from tongbi.lexicon import t2s_table  # noqa: E402

WRAP = 37  # characters per line of the hard-wrapped variants
FULL_WIDTH = str.maketrans("0123456789%,", "０１２３４５６７８９％，")


def texts(bench_mb: float = 3.0) -> Iterator[tuple[str, str]]:
    """(name, text) of every text the digest covers, in a fixed order."""
    docs = [
        (f"real/{p.name}", read_text(p)[0]) for p in sorted(shared_dir().glob("corpus/real/*.txt"))
    ]
    samples = sorted(p for p in (REPO / "data" / "samples").glob("linxi_*") if p.is_file())
    docs += [(f"samples/{p.name}", read_text(p)[0]) for p in samples]
    with tempfile.TemporaryDirectory() as tmp:
        for seed, faults in ((7, []), (11, list(synth.FAULTS))):
            folder = Path(tmp) / f"s{seed}"
            synth.write(synth.generate(seed, 30, range(2014, 2024), faults), folder)
            docs += [
                (f"synth{seed}/{p.name}", read_text(p)[0]) for p in sorted(folder.glob("*.txt"))
            ]
    docs += [(f"bench/{i}", text) for i, text in enumerate(build_corpus(bench_mb))]
    traditional: dict[int, str] = {}
    for code, simplified in t2s_table().items():
        traditional.setdefault(ord(simplified), chr(code))
    for name, text in list(docs[:12]):
        docs.append((f"trad/{name}", text.translate(traditional).translate(FULL_WIDTH)))
        lines = (text[i : i + WRAP] for i in range(0, len(text), WRAP))
        docs.append((f"wrap/{name}", "\n".join(lines)))
    yield from docs


def fact_lines(bench_mb: float = 3.0) -> Iterator[str]:
    """Every fact of every text as a JSON line, keys sorted."""
    for name, text in texts(bench_mb):
        for fact in extract_text(text, name):
            yield json.dumps(fact.to_dict(), ensure_ascii=False, sort_keys=True)


def differing(before: list[str], after: list[str]) -> list[str]:
    """The documents whose facts differ between two digests' lines."""

    def by_doc(lines: list[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for line in lines:
            out.setdefault(json.loads(line)["doc"], []).append(line)
        return out

    a, b = by_doc(before), by_doc(after)
    return sorted(doc for doc in a.keys() | b.keys() if a.get(doc) != b.get(doc))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", type=Path, help="write the fact lines here")
    parser.add_argument("--compare", type=Path, help="compare with lines saved before")
    parser.add_argument("--bench-mb", type=float, default=3.0, help="MB of bench_extract text")
    args = parser.parse_args()
    lines = list(fact_lines(args.bench_mb))
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    print(f"{len(lines)} facts, sha256 {digest}")
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if args.compare:
        before = args.compare.read_text(encoding="utf-8").splitlines()
        changed = differing(before, lines)
        for doc in changed:
            print(f"differs: {doc}")
        print("identical" if not changed else f"{len(changed)} documents differ")
        sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()

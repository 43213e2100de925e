"""The extract cache: one Parquet file of facts per document, keyed by content hash and extractor."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl

from tongbi import extract, freshness
from tongbi.model import FACT_SCHEMA
from tongbi.settings import PACKAGE_DIR, Settings


def extractor_modules() -> set[str]:
    """Every tongbi module the extractor depends on, following imports from tongbi.extract."""
    return freshness.tongbi_modules("extract")


@freshness.once
def extractor_fingerprint() -> str:
    """A short hash of the extractor's code and rules: a changed extractor re-extracts.

    Only the modules the extractor imports count, so editing the warehouse or the report
    does not throw the whole extract cache away.
    """
    digest = hashlib.sha256()
    paths = [PACKAGE_DIR / f"{m}.py" for m in sorted(extractor_modules())]
    for path in paths + sorted(PACKAGE_DIR.glob("rules/*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def facts_path(settings: Settings, sha256: str) -> Path:
    """Where the facts of the document with this hash are cached."""
    return settings.facts_dir / f"{sha256}.{extractor_fingerprint()}.parquet"


def extract_document(text_path: str | Path, doc: str, sha256: str, settings: Settings) -> Path:
    """Extracts the facts of one document's text into the cache (reused when present)."""
    out = facts_path(settings, sha256)
    if out.exists():
        return out
    text = Path(text_path).read_text(encoding="utf-8")
    frame = extract.extract_frame(text, doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Write beside, then rename: a killed run never leaves a half-written cache entry.
    tmp = out.with_name(out.name + f".{os.getpid()}.tmp")
    frame.write_parquet(tmp)
    os.replace(tmp, out)
    return out


def extract_batch(
    text_paths: list[str | Path], docs: list[str], sha256s: list[str], settings: Settings
) -> list[Path]:
    """extract_document() over several documents, in order: one orchestration task's share."""
    return [
        extract_document(text_path, doc, sha256, settings)
        for text_path, doc, sha256 in zip(text_paths, docs, sha256s, strict=True)
    ]


def read_facts(path: Path) -> pl.DataFrame:
    """A cached facts file as a frame with the fact schema."""
    return pl.read_parquet(path).cast(FACT_SCHEMA)

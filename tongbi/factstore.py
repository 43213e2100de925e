"""The extract cache: one Parquet file of facts per document, keyed by content hash and extractor."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import polars as pl

from tongbi import extract
from tongbi.model import FACT_SCHEMA
from tongbi.settings import PACKAGE_DIR, Settings


@cache
def extractor_fingerprint() -> str:
    """A short hash of the extractor's code and rules: a changed extractor re-extracts."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.glob("*.py")) + sorted(PACKAGE_DIR.glob("rules/*.yaml")):
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


def read_facts(path: Path) -> pl.DataFrame:
    """A cached facts file as a frame with the fact schema."""
    return pl.read_parquet(path).cast(FACT_SCHEMA)

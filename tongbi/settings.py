"""Every path and connection string tongbi uses, in one place: environment first, repo defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

# The repository root: sql/, expectations/ and data/ live beside the package.
REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


# DuckDB takes 80% of the machine's memory by default; the build of 10,000 reports' checks
# then held 1.25 GB. With a limit it spills to its temp directory instead (issue 5: a
# 10,000-report run within 2 GB); at 512 MB that build held 610 MB and took no longer.
DUCKDB_MEMORY = "512MB"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """Where tongbi reads and writes. Build with `get_settings()`; derive with `.with_data_dir()`."""

    data_dir: Path
    db_path: Path
    published_dir: Path
    reports_dir: Path
    sql_dir: Path = field(default=REPO_ROOT / "sql")
    expectations_dir: Path = field(default=REPO_ROOT / "expectations")
    rules_dir: Path = field(default=PACKAGE_DIR / "rules")
    samples_dir: Path = field(default=REPO_ROOT / "data" / "samples")
    dask_address: str | None = None
    fetch_timeout: float = 30.0  # seconds per HTTP attempt (connect and each read)
    fetch_retries: int = 3  # further attempts after a 5xx or a connection error
    fetch_backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_source_bytes: int = 50_000_000  # a larger download is refused
    lock_timeout: float = 300.0  # seconds a run waits for another run's writer lock
    duckdb_memory: str = DUCKDB_MEMORY  # DuckDB's memory_limit: beyond it, it spills to disk

    @property
    def raw_dir(self) -> Path:
        """Original bytes of every source, named by sha256."""
        return self.data_dir / "raw"

    @property
    def text_dir(self) -> Path:
        """Normalised UTF-8 text of every document, named by sha256: the text offsets refer to."""
        return self.data_dir / "text"

    @property
    def facts_dir(self) -> Path:
        """Extracted facts of every document as Parquet, named by sha256 (the extract cache)."""
        return self.data_dir / "facts"

    @property
    def catalog_path(self) -> Path:
        """The sources catalog (CSV location,agency,series,year) that `tongbi add` appends to."""
        return self.data_dir / "sources.csv"

    @property
    def indicator_catalog_path(self) -> Path:
        """The user's indicator catalog (YAML), merged over the packaged rules/indicators.yaml."""
        return self.data_dir / "indicators.yaml"

    @property
    def fetch_state_path(self) -> Path:
        """ETag / Last-Modified and archived sha256 of every fetched URL (conditional re-fetch)."""
        return self.data_dir / "fetch_state.json"

    @property
    def lock_path(self) -> Path:
        """The writer lock beside the warehouse: one run writes at a time."""
        return self.db_path.with_name(self.db_path.name + ".lock")

    def with_outputs(self, db_path: Path | None = None, out_dir: Path | None = None) -> Settings:
        """These settings with the warehouse and/or the output folder (published/, reports/) moved."""
        changed = self
        if db_path is not None:
            changed = replace(changed, db_path=Path(db_path).expanduser().resolve())
        if out_dir is not None:
            out_dir = Path(out_dir).expanduser().resolve()
            changed = replace(
                changed, published_dir=out_dir / "published", reports_dir=out_dir / "reports"
            )
        return changed

    def with_data_dir(self, data_dir: Path) -> Settings:
        """The same settings rooted at another data directory (tests, one-off runs)."""
        data_dir = Path(data_dir).resolve()
        return replace(
            self,
            data_dir=data_dir,
            db_path=data_dir / "tongbi.duckdb",
            published_dir=data_dir / "published",
            reports_dir=data_dir / "reports",
        )


def get_settings() -> Settings:
    """Settings from TONGBI_* environment variables, defaulting to data/ in the repository."""
    data_dir = _env_path("TONGBI_DATA_DIR", REPO_ROOT / "data")
    return Settings(
        data_dir=data_dir,
        db_path=_env_path("TONGBI_DB", data_dir / "tongbi.duckdb"),
        published_dir=_env_path("TONGBI_PUBLISHED_DIR", data_dir / "published"),
        reports_dir=_env_path("TONGBI_REPORTS_DIR", data_dir / "reports"),
        sql_dir=_env_path("TONGBI_SQL_DIR", REPO_ROOT / "sql"),
        expectations_dir=_env_path("TONGBI_EXPECTATIONS_DIR", REPO_ROOT / "expectations"),
        dask_address=os.environ.get("TONGBI_DASK_ADDRESS") or None,
        fetch_timeout=float(os.environ.get("TONGBI_FETCH_TIMEOUT") or 30.0),
        max_source_bytes=int(os.environ.get("TONGBI_MAX_SOURCE_BYTES") or 50_000_000),
        lock_timeout=float(os.environ.get("TONGBI_LOCK_TIMEOUT") or 300.0),
        duckdb_memory=os.environ.get("TONGBI_DUCKDB_MEMORY") or DUCKDB_MEMORY,
    )

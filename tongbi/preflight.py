"""Checks made before a run starts: a run that cannot start says why and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

from tongbi.settings import Settings
from tongbi.sources import NoSourcesError, collect_sources


def _nearest_existing(path: Path) -> Path:
    """The path itself or its closest existing ancestor."""
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _writable(path: Path) -> bool:
    """True when `path` can be written: it exists writable, or its nearest ancestor is."""
    if path.exists():
        return os.access(path, os.W_OK)
    existing = _nearest_existing(path)
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def problem(sources: list[str], manifest: str | None, settings: Settings) -> str | None:
    """Why a run with these sources and settings cannot start, or None when it can."""
    try:
        collect_sources(sources, manifest, settings.catalog_path)
    except (NoSourcesError, FileNotFoundError, ValueError) as exc:
        return str(exc)
    for what, path in (
        ("warehouse", settings.db_path),
        ("data folder", settings.data_dir),
        ("published folder", settings.published_dir),
        ("reports folder", settings.reports_dir),
    ):
        if not _writable(path):
            return f"{what} not writable: {path}"
    if settings.db_path.exists() and settings.db_path.is_dir():
        return f"warehouse path is a folder, not a DuckDB file: {settings.db_path}"
    return None

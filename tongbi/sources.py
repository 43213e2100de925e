"""Which sources a run reads: the locations given, a manifest, or the sources catalog."""

from __future__ import annotations

from pathlib import Path

from tongbi import ingest
from tongbi.ingest import SourceSpec


class NoSourcesError(ValueError):
    """Raised when a run was given nothing to read: the run cannot start (exit 2)."""


def collect_sources(locations: list[str], manifest: str | Path | None) -> list[SourceSpec]:
    """The sources of a run: the manifest's rows, then the locations (files, folders), deduplicated.

    A location listed in the manifest keeps the manifest's overrides.
    """
    specs: list[SourceSpec] = []
    if manifest:
        specs.extend(ingest.read_manifest(Path(manifest)))
    if locations:
        specs.extend(ingest.discover(list(locations)))
    seen: set[str] = set()
    unique = []
    for spec in specs:
        key = str(Path(spec.location).resolve()) if "://" not in spec.location else spec.location
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    if not unique:
        raise NoSourcesError("no source found: give files, folders or --manifest CSV")
    return unique

"""Which sources a run reads: the locations given, a manifest, or the sources catalog."""

from __future__ import annotations

import csv
import fcntl
import io
from pathlib import Path

from tongbi import ingest
from tongbi.ingest import SourceSpec

CATALOG_COLUMNS = ("location", "agency", "series", "year")


class NoSourcesError(ValueError):
    """Raised when a run was given nothing to read: the run cannot start (exit 2)."""


def collect_sources(
    locations: list[str], manifest: str | Path | None, catalog: str | Path | None = None
) -> list[SourceSpec]:
    """The sources of a run: the manifest's rows, then the locations (files, folders), deduplicated.

    A location listed in the manifest keeps the manifest's overrides. With neither locations
    nor a manifest, the run reads the sources catalog (what `tongbi add` registered).
    """
    specs: list[SourceSpec] = []
    if manifest:
        specs.extend(ingest.read_manifest(Path(manifest)))
    if locations:
        specs.extend(ingest.discover(list(locations)))
    if not manifest and not locations and catalog and Path(catalog).exists():
        specs.extend(read_catalog(Path(catalog)))
    seen: set[str] = set()
    unique = []
    for spec in specs:
        key = str(Path(spec.location).resolve()) if "://" not in spec.location else spec.location
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    if not unique:
        where = f" (catalog {catalog} is empty or absent)" if catalog else ""
        raise NoSourcesError(
            "no source found: give files, folders, URLs or --manifest CSV, "
            f"or register sources with `tongbi add`{where}"
        )
    return unique


# ---------------------------------------------------------------- the sources catalog


def read_catalog(catalog: Path) -> list[SourceSpec]:
    """The sources a catalog lists: folders expanded recursively, overrides applied to each file.

    A listed path that has gone missing becomes a refused source, not a failed run: a
    scheduled run still ingests everything else.
    """
    specs = []
    for line, row in _catalog_rows(catalog):
        base = SourceSpec(row["location"], row["agency"], row["series"], row["year"])
        if ingest.is_url(base.location):
            specs.append(base)
            continue
        path = Path(base.location)
        if not path.exists():
            base.problem = f"{catalog} line {line}: no such file or folder any more"
            specs.append(base)
            continue
        files = [path] if path.is_file() else sorted(ingest.source_files(path))
        specs.extend(
            SourceSpec(str(f.resolve()), base.agency, base.series, base.year) for f in files
        )
    return specs


def _catalog_rows(catalog: Path) -> list[tuple[int, dict]]:
    """(line, row) of every catalog row: locations resolved against the catalog's folder."""
    with open(catalog, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CATALOG_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{catalog} line 1: the header lacks {', '.join(missing)}")
        rows = []
        for row in reader:
            location = (row["location"] or "").strip()
            if not location:
                continue
            if not ingest.is_url(location):
                location = str((catalog.parent / Path(location).expanduser()).resolve())
            year = (row["year"] or "").strip()
            if year and not year.isdigit():
                raise ValueError(
                    f"{catalog} line {reader.line_num}: year {year!r} is not an integer"
                )
            rows.append((reader.line_num, {
                "location": location,
                "agency": (row["agency"] or "").strip() or None,
                "series": (row["series"] or "").strip() or None,
                "year": int(year) if year else None,
            }))  # fmt: skip
        return rows


def add_source(
    catalog: Path,
    location: str,
    agency: str | None = None,
    series: str | None = None,
    year: int | None = None,
) -> str:
    """Registers a file, folder or http(s) URL in the catalog; returns added, updated or unchanged.

    ValueError when the location is neither an existing path nor an http(s) URL.
    """
    location = normalise_location(location)
    entry = {"location": location, "agency": agency, "series": series, "year": year}
    catalog = Path(catalog)
    catalog.parent.mkdir(parents=True, exist_ok=True)
    # Two `tongbi add` at once must not lose one another's row: one writer at a time.
    with open(catalog.with_name(catalog.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = [row for _, row in _catalog_rows(catalog)] if catalog.exists() else []
        same = [i for i, row in enumerate(rows) if row["location"] == location]
        if same and rows[same[0]] == entry:
            return "unchanged"
        if same:
            rows[same[0]] = entry
        else:
            rows.append(entry)
        ingest.write_atomic(catalog, _catalog_csv(rows).encode("utf-8"))
        return "updated" if same else "added"


def normalise_location(location: str) -> str:
    """An http(s) URL as given, or an existing path made absolute; ValueError otherwise."""
    if "://" in location or location.lower().startswith(("http:", "https:")):
        if not ingest.is_url(location):
            raise ValueError(f"{location}: only http:// and https:// URLs are supported")
        return location
    path = Path(location).expanduser()
    if not path.exists():
        raise ValueError(f"{location}: no such file or folder")
    return str(path.resolve())


def _catalog_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CATALOG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else row[k] for k in CATALOG_COLUMNS})
    return out.getvalue()

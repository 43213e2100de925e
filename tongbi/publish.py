"""Publish the trend tables (Parquet, CSV with BOM, HTML trend pages) and facts for auditors."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tongbi.report import render_template
from tongbi.settings import Settings

BOM = b"\xef\xbb\xbf"
# Exported relation -> ORDER BY, so reruns write byte-stable files.
EXPORTS = {
    "trend_long": "agency, indicator, unit, year",
    "trend_wide": "agency, indicator, unit",
    "facts": "doc, start, id",
}


@dataclass(frozen=True)
class PublishedPaths:
    """Where publish put each output (all under settings.published_dir)."""

    root: Path
    trend_long_parquet: Path  # a directory, hive-partitioned by agency
    trend_wide_parquet: Path
    facts_parquet: Path
    trend_long_csv: Path
    trend_wide_csv: Path
    facts_csv: Path
    index_html: Path
    agency_pages: dict[str, Path]


def _sql_path(path: Path) -> str:
    """`path` as a quoted SQL string literal (COPY takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def agency_slug(agency: str) -> str:
    """A short ASCII file stem for an agency's page (Chinese names make awkward URLs)."""
    return "agency-" + hashlib.sha1(agency.encode("utf-8")).hexdigest()[:10]


@contextmanager
def atomic_dir(final: Path) -> Iterator[Path]:
    """Yield a temp dir beside `final`; on success swap it in, on error remove it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tag = uuid.uuid4().hex[:8]
    tmp = final.with_name(f"{final.name}.tmp-{tag}")
    tmp.mkdir()
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = final.with_name(f"{final.name}.old-{tag}")
    # Two renames: readers see the old tree or the new one, never a half-written file.
    if final.exists():
        final.rename(old)
    tmp.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _copy_parquet(con: duckdb.DuckDBPyConnection, name: str, target: Path, **opts: str) -> None:
    """COPY relation `name` to Parquet at `target` (a file, or a dir with PARTITION_BY)."""
    extra = "".join(f", {k.upper()} ({v})" for k, v in opts.items())
    con.execute(
        f'COPY (SELECT * FROM "{name}" ORDER BY {EXPORTS[name]}) TO {_sql_path(target)}'
        f" (FORMAT parquet{extra})"
    )


def _copy_csv_with_bom(con: duckdb.DuckDBPyConnection, name: str, target: Path) -> None:
    """COPY relation `name` to UTF-8 CSV at `target`, prefixed with a BOM so Excel reads Chinese."""
    plain = target.with_name(target.name + ".nobom")
    con.execute(
        f'COPY (SELECT * FROM "{name}" ORDER BY {EXPORTS[name]}) TO {_sql_path(plain)}'
        " (FORMAT csv, HEADER)"
    )
    with target.open("wb") as out, plain.open("rb") as src:
        out.write(BOM)
        shutil.copyfileobj(src, out)
    plain.unlink()


def export_tables(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Write trend_long (partitioned by agency), trend_wide and facts as Parquet and CSV."""
    _copy_parquet(con, "trend_long", out / "trend_long", partition_by="agency")
    _copy_parquet(con, "trend_wide", out / "trend_wide.parquet")
    _copy_parquet(con, "facts", out / "facts.parquet")
    for name in EXPORTS:
        _copy_csv_with_bom(con, name, out / f"{name}.csv")


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Rows of `sql` as dicts keyed by column name."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def sparkline(values: list[float | None], width: int = 120, height: int = 32) -> dict:
    """Polyline points and dots (x, y) for an inline SVG of `values` (None = no point)."""
    pad = 4
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if not known:
        return {"width": width, "height": height, "points": "", "dots": []}
    low, high = min(v for _, v in known), max(v for _, v in known)
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    span = (high - low) or 1.0

    def xy(i: int, v: float) -> tuple[float, float]:
        x = pad + i * step if len(values) > 1 else width / 2
        y = height / 2 if high == low else height - pad - (v - low) / span * (height - 2 * pad)
        return round(x, 1), round(y, 1)

    dots = [xy(i, v) for i, v in known]
    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x},{y}" for x, y in dots),
        "dots": dots,
    }


def trend_rows(con: duckdb.DuckDBPyConnection, agency: str) -> tuple[list[int], list[dict]]:
    """The agency's years and one row per indicator and unit, with a cell per year."""
    cells = _records(
        con, "SELECT * FROM trend_long WHERE agency = ? ORDER BY indicator, unit, year", [agency]
    )
    years = sorted({c["year"] for c in cells})
    rows: dict[tuple, dict] = {}
    for cell in cells:
        key = (cell["indicator"], cell["unit"])
        row = rows.setdefault(
            key,
            {
                "indicator": cell["indicator"],
                "label": cell["label"],
                "unit": cell["unit"],
                "series": cell["series"],
                "by_year": {},
            },
        )
        row["by_year"][cell["year"]] = cell
    for row in rows.values():
        values = [row["by_year"][y]["value"] if y in row["by_year"] else None for y in years]
        row["spark"] = sparkline(values)
        row["spark_dots"] = [
            (dot, row["by_year"][y])
            for dot, y in zip(
                row["spark"]["dots"], [y for y in years if y in row["by_year"]], strict=True
            )
        ]
    return years, list(rows.values())


def write_trend_pages(con: duckdb.DuckDBPyConnection, out: Path) -> tuple[Path, dict[str, Path]]:
    """Write index.html (every agency's indicators) and one page per agency."""
    agencies = [
        a
        for (a,) in con.execute("SELECT DISTINCT agency FROM trend_long ORDER BY agency").fetchall()
    ]
    sections = []
    pages: dict[str, Path] = {}
    for agency in agencies:
        years, rows = trend_rows(con, agency)
        section = {
            "agency": agency,
            "years": years,
            "rows": rows,
            "href": f"{agency_slug(agency)}.html",
        }
        sections.append(section)
        page = out / section["href"]
        page.write_text(
            render_template(
                "trends.html",
                title=f"{agency} — trends",
                sections=[section],
                index_href="index.html",
            ),
            encoding="utf-8",
        )
        pages[agency] = page
    index = out / "index.html"
    index.write_text(
        render_template(
            "trends.html", title="tongbi — indicator trends", sections=sections, index_href=None
        ),
        encoding="utf-8",
    )
    return index, pages


def _final_paths(root: Path, tmp: Path, index: Path, pages: dict[str, Path]) -> PublishedPaths:
    """The PublishedPaths under `root` once the temp dir `tmp` has been swapped in."""
    return PublishedPaths(
        root=root,
        trend_long_parquet=root / "trend_long",
        trend_wide_parquet=root / "trend_wide.parquet",
        facts_parquet=root / "facts.parquet",
        trend_long_csv=root / "trend_long.csv",
        trend_wide_csv=root / "trend_wide.csv",
        facts_csv=root / "facts.csv",
        index_html=root / index.relative_to(tmp),
        agency_pages={a: root / p.relative_to(tmp) for a, p in pages.items()},
    )


def publish(db_path: Path, settings: Settings) -> PublishedPaths:
    """Export trend_long, trend_wide and facts to settings.published_dir, atomically, read-only."""
    root = settings.published_dir
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        with atomic_dir(root) as tmp:
            export_tables(con, tmp)
            index, pages = write_trend_pages(con, tmp)
            paths = _final_paths(root, tmp, index, pages)
    finally:
        con.close()
    return paths

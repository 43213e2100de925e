"""Publish the trend tables (Parquet, CSV with BOM, HTML trend pages) and facts for auditors."""

from __future__ import annotations

import hashlib
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
from markupsafe import Markup

from tongbi import freshness, report, warehouse
from tongbi.report import (
    badge,
    escape_html,
    fmt_number,
    fmt_signed,
    mark_numbers,
    render_template,
)
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


# Worst first: a failure outranks an unjudged statement, which outranks a pass.
STATUS_ORDER = ("fail", "not_assessable", "unchecked", "pass")


def trend_rows(
    con: duckdb.DuckDBPyConnection, agency: str, data: tuple | None = None
) -> tuple[list[int], list[dict]]:
    """The agency's years and one row per indicator and unit, failing rows first.

    `data`: the agency's entry of page_data(con), when the caller fetched every agency's at once.
    """
    cells, changes, failures = data or page_data(con, [agency]).get(agency, ([], {}, {}))
    years = sorted({c["year"] for c in cells})
    rows: dict[tuple, dict] = {}
    for cell in cells:
        cell["computed_yoy"] = computed_yoy(cell["computed_yoy_lo"], cell["computed_yoy_hi"])
        cell["change_quotes"] = changes.get((cell["doc"], cell["fact_id"]), [])
        cell["failures"] = failures.get((cell["indicator"], cell["unit"], cell["year"]), [])
        row = rows.setdefault((cell["indicator"], cell["unit"]), {"by_year": {}, "labels": []})
        row["by_year"][cell["year"]] = cell
        if cell["label"] not in row["labels"]:
            row["labels"].append(cell["label"])
        # Cells arrive by year: the row keeps the latest year's wording.
        row |= {k: cell[k] for k in ("indicator", "label", "unit", "series")}
    for row in rows.values():
        _add_chart_and_status(row, years)
    return years, sorted(rows.values(), key=_row_order)


def page_data(
    con: duckdb.DuckDBPyConnection, agencies: list[str] | None = None
) -> dict[str, tuple]:
    """agency -> (its trend cells, change quotes, failure messages), for the given agencies or all.

    Three queries per call, not three per agency: per agency, each scanned facts and
    check_results again, minutes at 10,000 documents.
    """
    data: dict[str, tuple] = {}
    for cell in _records(
        con,
        "SELECT * FROM trend_long WHERE ? IS NULL OR list_contains(?, agency)"
        " ORDER BY agency, indicator, unit, year",
        [agencies, agencies],
    ):
        data.setdefault(cell["agency"], ([], {}, {}))[0].append(cell)
    for a, key, quotes in _change_quotes(con, agencies):
        data.setdefault(a, ([], {}, {}))[1][key] = quotes
    for a, key, messages in _failure_messages(con, agencies):
        data.setdefault(a, ([], {}, {}))[2][key] = messages
    return data


def _change_quotes(con: duckdb.DuckDBPyConnection, agencies: list[str] | None) -> list[tuple]:
    """(agency, (doc, level fact id), the printed changes qualifying it (同比增长19%, 净增…), in order)."""
    rows = con.execute(
        "SELECT agency, doc, refers_to, list(quote ORDER BY start) FROM facts"
        " WHERE (? IS NULL OR list_contains(?, agency)) AND refers_to IS NOT NULL GROUP BY ALL",
        [agencies, agencies],
    ).fetchall()
    return [(a, (doc, ref), quotes) for a, doc, ref, quotes in rows]


def _failure_messages(con: duckdb.DuckDBPyConnection, agencies: list[str] | None) -> list[tuple]:
    """(agency, (indicator, unit, year), the messages of its failing checks: the arithmetic)."""
    rows = con.execute(
        # The yoy verdict first: it names the stated 同比 the reader sees in the cell.
        "SELECT agency, indicator, unit, year,"
        " list(message ORDER BY severity, check_id NOT LIKE 'yoy:%', check_id)"
        " FROM check_results WHERE (? IS NULL OR list_contains(?, agency)) AND status = 'fail'"
        " GROUP BY ALL",
        [agencies, agencies],
    ).fetchall()
    return [(a, (ind, unit, year), messages) for a, ind, unit, year, messages in rows]


def computed_yoy(lo: float | None, hi: float | None) -> str:
    """The computed 同比 as printed in a cell: +15.66%, an interval +0.77…+0.79%, or –."""
    if lo is None or hi is None:
        return "–"
    low, high = fmt_signed(round(lo, 2)), fmt_signed(round(hi, 2))
    return low if low == high else f"{low.removesuffix('%')}…{high}"


def year_cell(c: dict | None) -> Markup:
    """One year's cell of a trend page: the level as printed, 同比 stated | computed, the status,
    and under "source" (or "why" when a check fails) the quotes and the failing arithmetic.

    Python rather than template code: a 10,000-report run draws 200,000 cells, and the same
    markup through Jinja took a minute (its every {{ }} escapes; these escape the text only).
    """
    if c is None:
        return Markup('<td class="muted">–</td>\n')
    quotes = [str(c["quote"]), *c["change_quotes"]]
    failures = c["failures"]
    why = "".join(f'<p class="failure">{escape_html(m)}</p>' for m in failures)
    marked = "<br>".join(mark_numbers(q) for q in quotes)
    status = escape_html(c["check_status"])
    details, summary = (' class="why"', "why") if failures else ("", "source")
    return Markup(
        f'<td class="cell st-{status}" data-year="{c["year"]}">\n'
        f'<span class="v" title="{escape_html(" … ".join(quotes))}">'
        f"{fmt_number(c['value'])}{escape_html(c['approx'] or '')}</span>\n"
        '<span class="yoy"><span class="h">同比</span> '
        '<span class="stated" title="同比 as stated in the report">'
        f"{fmt_signed(c['stated_yoy'])}</span> "
        '<span class="h">|</span> <span class="computed" title="同比 computed from the printed '
        f'levels">{escape_html(c["computed_yoy"])}</span></span>\n'
        f'<span class="foot">{badge(c["check_status"])}\n'
        f"<details{details}><summary>{summary}</summary>\n"
        f"{why}<blockquote>{marked}</blockquote>"
        f'<span class="muted">{escape_html(c["doc"])} [{c["start"]}, {c["end"]}]</span></details></span>\n'
        "</td>\n"
    )


def spark_dots(row: dict) -> Markup:
    """The sparkline's dots, one per year with a level, each titled with its year, value, status."""
    unit = escape_html(row["unit"])
    return Markup(
        "".join(
            f'<circle cx="{x}" cy="{y}" r="2.5" class="{escape_html(c["check_status"])}"><title>'
            f"{c['year']}: {fmt_number(c['value'])}{unit} ({escape_html(c['check_status'])})"
            "</title></circle>"
            for (x, y), c in row["spark_dots"]
        )
    )


def _add_chart_and_status(row: dict, years: list[int]) -> None:
    """Adds the row's sparkline, its dots paired with their cells, and its worst status."""
    present = [y for y in years if y in row["by_year"]]
    row["spark"] = sparkline(
        [row["by_year"][y]["value"] if y in row["by_year"] else None for y in years]
    )
    row["spark_dots"] = list(
        zip(row["spark"]["dots"], [row["by_year"][y] for y in present], strict=True)
    )
    statuses = {c["check_status"] for c in row["by_year"].values()}
    row["status"] = next(s for s in STATUS_ORDER if s in statuses or s == "pass")


def _row_order(row: dict) -> tuple:
    """Failing indicators first, so the problem is on the first screen; then by label."""
    return (row["status"] != "fail", row["label"], row["unit"])


def agency_summary(agency: str, years: list[int], rows: list[dict]) -> dict:
    """One index row: the agency's years, indicator count, cells by status, failing indicators."""
    cells = [c for r in rows for c in r["by_year"].values()]
    counts = {s: sum(c["check_status"] == s for c in cells) for s in STATUS_ORDER}
    failing = [
        (r["label"], y)
        for r in rows
        for y, c in r["by_year"].items()
        if c["check_status"] == "fail"
    ]
    return {
        "agency": agency,
        "href": f"{agency_slug(agency)}.html",
        "years": years,
        "n_indicators": len(rows),
        "counts": counts,
        "failing": failing,
        "series": sorted({r["series"] for r in rows if r["series"]}),
    }


def write_trend_pages(con: duckdb.DuckDBPyConnection, out: Path) -> tuple[Path, dict[str, Path]]:
    """Write one trend page per agency and index.html, the overview that links them."""
    agencies = [
        a
        for (a,) in con.execute("SELECT DISTINCT agency FROM trend_long ORDER BY agency").fetchall()
    ]
    summaries, pages = [], {}
    for agency, data in _by_agency(con, agencies):
        years, rows = trend_rows(con, agency, data)
        summary = agency_summary(agency, years, rows)
        summaries.append(summary)
        pages[agency] = out / summary["href"]
        html = render_template(
            "trends.html",
            title=agency,
            summary=summary,
            years=years,
            rows=rows,
            index_href="index.html",
            year_cell=year_cell,
            spark_dots=spark_dots,
        )
        pages[agency].write_text(html, encoding="utf-8")
    index = out / "index.html"
    index.write_text(
        render_template("trends_index.html", title="tongbi — indicator trends", agencies=summaries),
        encoding="utf-8",
    )
    return index, pages


# Agencies whose page data is read at once: each chunk scans trend_long, facts and
# check_results once, and only one chunk's rows are held (all 1,000 agencies' cells of a
# 10,000-report run as Python dicts were the largest part of publish's memory).
AGENCIES_PER_READ = 100


def _by_agency(con: duckdb.DuckDBPyConnection, agencies: list[str]) -> Iterator[tuple[str, tuple]]:
    """(agency, its page_data entry) for each agency in order, read AGENCIES_PER_READ at a time."""
    for i in range(0, len(agencies), AGENCIES_PER_READ):
        chunk = agencies[i : i + AGENCIES_PER_READ]
        data = page_data(con, chunk)
        for agency in chunk:
            yield agency, data.pop(agency, ([], {}, {}))


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
    """Export trend_long, trend_wide and facts to settings.published_dir, atomically, read-only.

    When the warehouse and this code are as when the folder was last published (an unchanged
    rerun), the folder is left as it is.
    """
    root = settings.published_dir
    con = warehouse.connect(db_path, read_only=True)
    try:
        key = _stage_key(warehouse.built_key(con))
        done = key and freshness.current(root, "publish", key)
        if done and (root / done["index"]).exists():
            return _final_paths(root, root, root / done["index"], _pages(root, done["pages"]))
        with atomic_dir(root) as tmp:
            export_tables(con, tmp)
            index, pages = write_trend_pages(con, tmp)
            if key:  # inside the swapped-in folder: the stamp and the files change together
                written = {a: str(p.relative_to(tmp)) for a, p in pages.items()}
                freshness.remember(tmp, "publish", key, {"index": index.name, "pages": written})
            paths = _final_paths(root, tmp, index, pages)
    finally:
        con.close()
    return paths


def _pages(root: Path, pages: dict[str, str]) -> dict[str, Path]:
    return {agency: root / name for agency, name in pages.items()}


def _stage_key(warehouse_key: str | None) -> str | None:
    """The key of a publication: the warehouse's build, this code and the report's templates."""
    if warehouse_key is None:
        return None
    code = freshness.code_key(sys.modules[__name__], report, extra=[report.TEMPLATES_DIR])
    return freshness.key_of(warehouse_key, code)

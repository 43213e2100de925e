"""The human data-quality report (Markdown and HTML) and the Jinja2 rendering it shares with publish."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from tongbi import freshness, warehouse
from tongbi.settings import Settings

if TYPE_CHECKING:
    from tongbi.validate import ValidationSummary

# A printed number inside a quote: 325020, 3.52, 8.5万 → highlight the digits only.
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_SPLIT_RE = re.compile(f"({NUMBER_RE.pattern})")  # split() keeps the numbers
MD_SPECIAL_RE = re.compile(r"([\\`*|<>])")
STATUSES = ("pass", "fail", "not_assessable")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class ReportPaths:
    """Where write_report put the report."""

    markdown: Path
    html: Path


def fmt_number(value: float | int | None) -> str:
    """A number as a person would print it: integers without decimals, no float noise."""
    if value is None:
        return "–"
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def fmt_interval(lo: float | None, hi: float | None) -> str:
    """[lo, hi] with open ends shown as ∞; a point interval stays an interval."""
    left = "-∞" if lo is None else fmt_number(lo)
    right = "∞" if hi is None else fmt_number(hi)
    return f"[{left}, {right}]"


def fmt_signed(value: float | None) -> str:
    """A change in percent with its sign (+3.52%), or – when absent."""
    if value is None:
        return "–"
    return ("+" if value > 0 else "") + fmt_number(value) + "%"


def escape_html(text: object) -> str:
    """markupsafe.escape's output (&amp; &lt; &gt; &#34; &#39;) as a plain str, by str.replace:
    several times faster for the 200,000 cells of a large run's trend pages."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def mark_numbers(text: str | None) -> Markup:
    """HTML-escaped `text` with each number wrapped in <mark>.

    The text is cut at its numbers first and each other part escaped alone, so no entity
    (&#34;) is ever split by the number pattern.
    """
    if not text:
        return Markup("")
    parts = NUMBER_SPLIT_RE.split(text)
    parts[::2] = [escape_html(part) for part in parts[::2]]
    parts[1::2] = [f"<mark>{number}</mark>" for number in parts[1::2]]
    return Markup("".join(parts))


# A check status as colour and as text: a symbol for the colour-blind, the word for everyone.
STATUS_SYMBOLS = {"pass": "✓", "fail": "✗", "not_assessable": "?", "unchecked": "·"}


@lru_cache(maxsize=256)
def badge(status: str, count: int | None = None) -> Markup:
    """The status badge of the trend pages (a function, not a macro: it is drawn per cell)."""
    shown = "" if count is None else f"{count} "
    return Markup(
        f'<span class="st st-{escape(status)}"><span aria-hidden="true">'
        f"{STATUS_SYMBOLS[status]} </span>{shown}{escape(status)}</span>"
    )


def md_escape(text: Any) -> str:
    """`text` safe inside a Markdown table cell: no pipes, tags or emphasis, one line."""
    if text is None:
        return "–"
    return MD_SPECIAL_RE.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja2's Environment, with `row.column` on a plain dict looked up without an exception.

    Jinja tries getattr first and falls back to the item; on a dict row that meant an
    AttributeError per lookup (six million for a 10,000-report report). A plain dict has
    no attributes but dict's own, so looking the item up first for any other name gives
    the same result.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The Jinja2 environment over tongbi/templates (autoescape for *.html)."""
    env = _Environment(
        loader=PackageLoader("tongbi", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        num=fmt_number,
        interval=fmt_interval,
        signed=fmt_signed,
        mark_numbers=mark_numbers,
        md=md_escape,
    )
    env.globals["badge"] = badge
    return env


def render_template(name: str, **context: Any) -> str:
    """Template `name` rendered with `context`."""
    return template_env().get_template(name).render(**context)


def render_to_file(name: str, path: Path, **context: Any) -> None:
    """Template `name` rendered with `context` into `path`, streamed: a 10,000-report report
    is 80 MB of HTML, several times that as one Python string."""
    with path.open("w", encoding="utf-8") as out:
        out.writelines(template_env().get_template(name).generate(**context))


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Rows of `sql` as dicts keyed by column name."""
    cur = con.execute(sql, params or [])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def checks_by_status(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One row per check: its severity and the count of each status."""
    return _records(
        con,
        """
        SELECT "check", string_agg(DISTINCT severity, '/' ORDER BY severity) AS severity,
               count(*) FILTER (status = 'pass') AS pass,
               count(*) FILTER (status = 'fail') AS fail,
               count(*) FILTER (status = 'not_assessable') AS not_assessable,
               count(*) AS total
        FROM check_results GROUP BY "check" ORDER BY "check"
    """,
    )


def coverage(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Documents by status, and the agencies with the years of their loaded documents."""
    return {
        "documents": _records(
            con, "SELECT status, count(*) AS n FROM documents GROUP BY status ORDER BY status"
        ),
        "agencies": _records(
            con,
            """
            SELECT agency, list(DISTINCT year ORDER BY year) AS years, count(*) AS n_docs
            FROM documents WHERE status = 'loaded' GROUP BY agency ORDER BY agency
        """,
        ),
    }


def _titles(con: duckdb.DuckDBPyConnection) -> dict[str, str | None]:
    """Document id -> title, for naming the evidence."""
    return dict(con.execute("SELECT doc, title FROM documents").fetchall())


def failing_checks(con: duckdb.DuckDBPyConnection, with_trend: bool) -> list[dict]:
    """Failing checks, errors first, each with titled evidence and the indicator's trend."""
    titles = _titles(con) if warehouse.has_relation(con, "documents") else {}
    rows = _records(
        con,
        """
        SELECT * FROM check_results WHERE status = 'fail'
        ORDER BY severity = 'error' DESC, agency, indicator, year, check_id
    """,
    )
    trends = _failing_trends(con) if with_trend else {}
    for row in rows:
        row["evidence"] = [dict(e, title=titles.get(e["doc"])) for e in row["evidence"] or []]
        row["trend"] = list(trends.get((row["agency"], row["indicator"]), []))
    return rows


def _failing_trends(con: duckdb.DuckDBPyConnection) -> dict[tuple, list[dict]]:
    """(agency, indicator) -> its trend_long rows by year, for every failing check, in one query.

    One query per failing check took minutes at 10,000 documents (thousands of failures).
    """
    rows = _records(
        con,
        """
        WITH failing AS (
            SELECT DISTINCT agency, indicator FROM check_results WHERE status = 'fail'
        )
        SELECT t.agency, t.indicator, t.year, t.value, t.approx, t.stated_yoy,
               t.computed_yoy_lo, t.computed_yoy_hi, t.check_status
        FROM trend_long AS t JOIN failing AS f USING (agency, indicator)
        ORDER BY t.agency, t.indicator, t.year, t.unit
    """,
    )
    trends: dict[tuple, list[dict]] = {}
    for row in rows:
        key = (row.pop("agency"), row.pop("indicator"))
        trends.setdefault(key, []).append(row)
    return trends


def not_assessable(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Not-assessable checks counted by check and reason."""
    return _records(
        con,
        """
        SELECT "check", message AS reason, count(*) AS n FROM check_results
        WHERE status = 'not_assessable' GROUP BY ALL ORDER BY n DESC, "check", reason
    """,
    )


def rejected_documents(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Rejected documents with the message saying why."""
    return _records(
        con,
        "SELECT doc, source, format, message FROM documents"
        " WHERE status = 'rejected' ORDER BY source",
    )


def gather(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Everything the report shows, read from the warehouse (missing relations show as absent)."""
    has_checks = warehouse.has_relation(con, "check_results")
    has_docs = warehouse.has_relation(con, "documents")
    has_trends = warehouse.has_relation(con, "trend_long")
    return {
        "has_checks": has_checks,
        "has_documents": has_docs,
        "checks": checks_by_status(con) if has_checks else [],
        "coverage": coverage(con) if has_docs else {"documents": [], "agencies": []},
        "failures": failing_checks(con, has_trends) if has_checks else [],
        "not_assessable": not_assessable(con) if has_checks else [],
        "rejected": rejected_documents(con) if has_docs else [],
    }


def _validation_context(validation: ValidationSummary | None, reports_dir: Path) -> dict | None:
    """The GX outcome for the report, with the Data Docs link relative to the report."""
    if validation is None:
        return None
    return {
        "success": validation.success,
        "suites": validation.suites,
        "data_docs": os.path.relpath(validation.data_docs_index, reports_dir),
    }


def write_report(
    db_path: Path, settings: Settings, validation: ValidationSummary | None = None
) -> ReportPaths:
    """Write report.md and report.html to settings.reports_dir from the warehouse, read-only.

    When the warehouse, the validation outcome and the templates are as when the report was
    last written (an unchanged rerun), the report is left as it is.
    """
    out = settings.reports_dir
    paths = ReportPaths(out / "report.md", out / "report.html")
    con = warehouse.connect(db_path, read_only=True)
    try:
        key = _stage_key(warehouse.built_key(con), db_path, validation)
        if key and freshness.current(out, "report", key) and all(p.exists() for p in _files(paths)):
            return paths
        data = gather(con)
    finally:
        con.close()
    out.mkdir(parents=True, exist_ok=True)
    freshness.forget(out, "report")
    data.update(
        db_path=str(db_path),
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        validation=_validation_context(validation, out),
        n_errors=sum(1 for f in data["failures"] if f["severity"] == "error"),
    )
    for path, template in ((paths.markdown, "report.md"), (paths.html, "report.html")):
        tmp = path.with_name(path.name + ".tmp")
        render_to_file(template, tmp, **data)
        tmp.replace(path)  # a reader never sees half a report
    if key:
        freshness.remember(
            out, "report", key, {"markdown": paths.markdown.name, "html": paths.html.name}
        )
    return paths


def _files(paths: ReportPaths) -> tuple[Path, Path]:
    return (paths.markdown, paths.html)


def _stage_key(
    warehouse_key: str | None, db_path: Path, validation: ValidationSummary | None
) -> str | None:
    """The key of a report: the warehouse's build, the validation outcome, this code, its templates."""
    if warehouse_key is None:
        return None
    code = freshness.code_key(sys.modules[__name__], extra=[TEMPLATES_DIR])
    checked = asdict(validation) if validation is not None else None
    return freshness.key_of(warehouse_key, str(db_path), checked, code)

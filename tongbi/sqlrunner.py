"""The SQL runner: sql/<layer>/<relation>.sql materialised in layer order, documented.

Layers run staging → intermediate → marts; inside a layer a file runs after the
same-layer relations it names. A file's stem is its relation's name. Macros under
sql/macros/ (shared SQL expressions, e.g. the interval-overlap verdict) are created first.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

import duckdb

from tongbi.settings import get_settings

log = logging.getLogger(__name__)

LAYERS = ("staging", "intermediate", "marts")
# A file whose first keyword is one of these is a query body: the runner wraps it in
# CREATE OR REPLACE TABLE <stem> AS …; any other file is run as full statement(s) that
# must create the relation named after the file itself.
BODY_KEYWORDS = ("with", "select", "from", "pivot", "values", "(")
# Relations are tables (docs/warehouse.md), so readers see one snapshot and never re-run
# the checks. A layer, or the relations whose stem matches a glob, may be switched to
# "view" here; the runner then replaces a table of the same name with the view. The
# int_check_* relations are views: check_results is their union, and writing millions of
# check rows twice (once per check, once in the union) was most of the build's time.
MATERIALIZATION = {
    "staging": "table", "intermediate": "table", "marts": "table", "int_check_*": "view",
}  # fmt: skip


def build(
    con: duckdb.DuckDBPyConnection, sql_dir: Path | None = None, timings: dict | None = None
) -> list[str]:
    """Materialises every relation under sql/<layer>/ in layer order; returns their names.

    `timings`: if given, filled with relation name -> seconds its file took (also logged).
    """
    sql_dir = Path(sql_dir) if sql_dir is not None else get_settings().sql_dir
    create_macros(con, sql_dir)
    built = []
    for path in sql_files(sql_dir):
        started = time.perf_counter()
        run_sql_file(con, path)
        seconds = time.perf_counter() - started
        # Per-file timing at debug level: the first place to look when a build gets slow.
        log.debug("built %s in %.3f s", path.stem, seconds)
        if timings is not None:
            timings[path.stem] = seconds
        built.append(path.stem)
    return built


def create_macros(con: duckdb.DuckDBPyConnection, sql_dir: Path) -> list[str]:
    """Runs every sql/macros/*.sql (CREATE OR REPLACE MACRO …); returns their names."""
    paths = sorted((sql_dir / "macros").glob("*.sql"))
    for path in paths:
        con.execute(path.read_text(encoding="utf-8"))
    return [p.stem for p in paths]


def sql_files(sql_dir: Path) -> list[Path]:
    """The relation files in build order: layer by layer, dependencies first within a layer."""
    return [
        p for layer in LAYERS for p in _dependency_order(sorted((sql_dir / layer).glob("*.sql")))
    ]


def _dependency_order(paths: list[Path]) -> list[Path]:
    """Orders one layer's files so each comes after the same-layer relations it names."""
    by_stem = {p.stem: p for p in paths}
    needs = {p.stem: _references(p.read_text(encoding="utf-8"), by_stem) - {p.stem} for p in paths}
    ordered: list[Path] = []
    while needs:
        # Alphabetical among the ready ones, so the order is stable and predictable.
        ready = sorted(stem for stem, deps in needs.items() if not deps)
        if not ready:
            raise ValueError(f"circular references among {sorted(needs)}")
        for stem in ready:
            ordered.append(by_stem[stem])
            del needs[stem]
        for deps in needs.values():
            deps.difference_update(ready)
    return ordered


def _references(sql: str, names: Iterable[str]) -> set[str]:
    """The given relation names that occur as whole words in the SQL, comments excluded."""
    words = set(re.findall(r"[a-z_][a-z0-9_]*", _strip_comments(sql).lower()))
    return words & set(names)


def _strip_comments(sql: str) -> str:
    sql = re.sub(r"/\*.*?\*/", "", sql, flags=re.S)
    return re.sub(r"--[^\n]*", "", sql)


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Materialises one relation file under its stem (see MATERIALIZATION), with its comments."""
    sql = path.read_text(encoding="utf-8")
    kind = materialization(path)
    if is_query_body(sql):
        _drop_other_kind(con, path.stem, kind)
        con.execute(f"create or replace {kind} {path.stem} as\n{sql}")
    else:
        con.execute(sql)
    _apply_comments(con, path.stem, sql, kind)


def materialization(path: Path) -> str:
    """"table" or "view" for one relation file: a matching stem glob, else its layer's."""
    for pattern, kind in MATERIALIZATION.items():
        if pattern not in LAYERS and fnmatch(path.stem, pattern):
            return kind
    return MATERIALIZATION.get(path.parent.name, "table")


def _drop_other_kind(con, name: str, kind: str) -> None:
    """Drops `name` if it exists as the other kind (a warehouse built by an older runner)."""
    other = "view" if kind == "table" else "table"
    catalog = "duckdb_views()" if other == "view" else "duckdb_tables()"
    query = f"select count(*) from {catalog} where schema_name = 'main' and {other}_name = ?"
    if con.execute(query, [name]).fetchall()[0][0]:
        con.execute(f"drop {other} {name}")


def is_query_body(sql: str) -> bool:
    """True when the file is a bare query (with/select/pivot…), not a full statement."""
    return _strip_comments(sql).lstrip().lower().startswith(BODY_KEYWORDS)


# The leading `--` block of a relation file documents it: its first line is the table
# comment, and lines `-- column: meaning` become column comments (shown by DESCRIBE
# and duckdb_columns(), so ad-hoc SQL users see the docs beside the data).
_COLUMN_DOC = re.compile(r"^--\s+(\"?[a-z_][a-z0-9_]*\"?):\s+(.+)$")


def _apply_comments(con, table: str, sql: str, kind: str = "table") -> None:
    header = _header(sql)
    if not header:
        return
    con.execute(f"comment on {kind} {table} is {_quote(header[0][2:].strip())}")
    existing = set(con.table(table).columns)
    for line in header[1:]:
        m = _COLUMN_DOC.match(line)
        if m and m.group(1).strip('"') in existing:
            column = m.group(1).strip('"')
            con.execute(f'comment on column {table}."{column}" is {_quote(m.group(2))}')


def _header(sql: str) -> list[str]:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.rstrip())
    return lines


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"

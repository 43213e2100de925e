"""Read the checks' verdicts from the warehouse (the check logic itself lives in sql/)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tongbi import warehouse

FAILURE_COLUMNS = (
    "check_id", "check", "severity", "status", "agency", "series", "indicator", "label", "unit",
    "year", "doc", "fact_id", "stated", "stated_lo", "stated_hi", "computed_lo", "computed_hi",
    "message", "evidence",
)  # fmt: skip


@dataclass
class CheckSummary:
    """Counts of check results by check and status, and the failing rows themselves."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # check -> status -> n
    n_error_failures: int = 0
    n_warning_failures: int = 0
    failures: list[dict] = field(default_factory=list)  # failing rows, errors first

    @property
    def n_checks(self) -> int:
        """How many checks were performed."""
        return sum(n for by_status in self.counts.values() for n in by_status.values())

    @property
    def ok(self) -> bool:
        """True when no error-level check fails."""
        return self.n_error_failures == 0


def summarize(db_path: Path) -> CheckSummary:
    """The check summary of the warehouse at db_path (empty when nothing was built yet)."""
    if not Path(db_path).exists():
        return CheckSummary()
    with warehouse.connect(db_path, read_only=True) as con:
        if not _built(con):
            return CheckSummary()
        return CheckSummary(
            counts=_counts(con),
            n_error_failures=error_failures(con),
            n_warning_failures=_failures_of(con, "warning"),
            failures=_failing_rows(con),
        )


def error_failures(con: duckdb.DuckDBPyConnection) -> int:
    """How many error-level checks fail (0 when the checks were never built)."""
    return _failures_of(con, "error") if _built(con) else 0


def _built(con) -> bool:
    query = "select count(*) from duckdb_tables() where table_name = 'check_results'"
    return con.execute(query).fetchall()[0][0] > 0


def _failures_of(con, severity: str) -> int:
    query = "select count(*) from check_results where status = 'fail' and severity = ?"
    return con.execute(query, [severity]).fetchall()[0][0]


def _counts(con) -> dict[str, dict[str, int]]:
    rows = con.execute(
        'select "check", status, count(*) from check_results group by all order by all'
    ).fetchall()
    counts: dict[str, dict[str, int]] = {}
    for check, status, n in rows:
        counts.setdefault(check, {})[status] = n
    return counts


def _failing_rows(con) -> list[dict]:
    columns = ", ".join(f'"{c}"' for c in FAILURE_COLUMNS)
    rows = con.execute(
        f"select {columns} from check_results where status = 'fail' "
        "order by severity = 'warning', agency, year, \"check\", check_id"
    ).fetchall()
    return [dict(zip(FAILURE_COLUMNS, row, strict=True)) for row in rows]

"""The DuckDB warehouse: base tables, the transactional load, and the SQL build runner."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from tongbi import freshness
from tongbi.model import FACT_FIELDS, Document
from tongbi.settings import get_settings
from tongbi.sqlrunner import LAYERS, build, sql_files

log = logging.getLogger(__name__)

BASE_TABLES = ("documents", "facts", "ingest_log", "runs", "build_state")
DOCUMENT_COLUMNS = (
    "doc", "sha256", "source", "format", "encoding", "agency", "series", "year", "title",
    "doc_number", "published", "raw_path", "text_path", "n_chars", "status", "message",
    "replaced_by", "ingested_at",
)  # fmt: skip
LOG_COLUMNS = ("run_id", "at", "source", "doc", "status", "message")


@dataclass
class LoadSummary:
    """What one load did: documents by decision and facts inserted."""

    run_id: str
    new: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    n_facts: int = 0
    rebuilt: bool = True  # False: nothing the relations are built from changed, so no build ran

    @property
    def n_loaded(self) -> int:
        """Documents whose facts entered the warehouse in this load (new and replacements)."""
        return self.new + self.replaced


# DuckDB locks the file per process: while a run's load holds it for writing, a read-only
# connection from another process fails at once ("Could not set lock"), and an open reader
# keeps the writer out. Both sides wait briefly instead of failing (README: Warehouse tables).
LOAD_WAIT = 120.0  # seconds load waits for readers to let go of the file


def connect(db_path: Path, read_only: bool = False, wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file (created with its parent folder when writable).

    `wait`: seconds to retry while another process holds a conflicting lock on the file.
    DuckDB's memory limit is set from the settings (TONGBI_DUCKDB_MEMORY).
    """
    db_path = Path(db_path)
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.1)
    con.execute(f"set memory_limit = '{get_settings().duckdb_memory}'")
    return con


def _sql_dir(sql_dir: Path | None) -> Path:
    return Path(sql_dir) if sql_dir is not None else get_settings().sql_dir


def ensure_schema(con: duckdb.DuckDBPyConnection, sql_dir: Path | None = None) -> None:
    """Creates the base tables (sql/base/<table>.sql) that do not exist yet."""
    base = _sql_dir(sql_dir) / "base"
    for table in BASE_TABLES:
        con.execute((base / f"{table}.sql").read_text(encoding="utf-8"))


def known_sources(db_path: Path) -> set[str]:
    """The sha256 of every document the warehouse already holds, whatever its status."""
    if not Path(db_path).exists():
        return set()
    with connect(db_path, read_only=True) as con:
        if not _has_table(con, "documents"):
            return set()
        return {row[0] for row in con.execute("select sha256 from documents").fetchall()}


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "select count(*) from duckdb_tables() where table_name = ? and schema_name = 'main'"
    return con.execute(query, [name]).fetchall()[0][0] > 0


# ---------------------------------------------------------------- load


def load(
    db_path: Path,
    documents: list[Document],
    facts: dict[str, Path],
    run_id: str,
    log: list[dict],
    sql_dir: Path | None = None,
) -> LoadSummary:
    """Loads documents and their facts, logs the run and rebuilds every relation, atomically."""
    started = datetime.now()
    con = connect(db_path, wait=LOAD_WAIT)
    try:
        ensure_schema(con, sql_dir)
        con.execute("begin transaction")
        try:
            summary = _load_in_transaction(con, documents, facts, run_id, log, started)
            summary.rebuilt = _build_if_stale(con, sql_dir, run_id)
            _write_run(con, summary, documents, log, started)
            con.execute("commit")
        except BaseException:
            # A failed run leaves the warehouse exactly as it was (DESIGN: Reliability).
            con.execute("rollback")
            raise
    finally:
        con.close()
    return summary


def _load_in_transaction(con, documents, facts, run_id, log, started) -> LoadSummary:
    """Decides each document's fate, writes documents, facts and the ingest log."""
    summary = LoadSummary(run_id=run_id)
    decisions = _decide(con, documents, summary)
    # Insert first, then supersede: a batch may hold both a report and its re-issue.
    _insert_documents(con, decisions, started)
    summary.n_facts = _insert_facts(con, decisions, facts)
    _apply_replacements(con, decisions)
    _insert_log(con, decisions, log, run_id, started)
    return summary


def build_key(con: duckdb.DuckDBPyConnection, sql_dir: Path | None = None) -> str:
    """The key of what the relations are built from: the documents, the facts, the SQL files."""
    sql_dir = _sql_dir(sql_dir)
    documents, n_facts = con.execute(
        """
        select (select coalesce(sha256(string_agg(
                    concat_ws(':', doc, sha256, status, coalesce(replaced_by, '')), ','
                    order by doc)), '')
                from documents),
               (select count(*) from facts)
        """
    ).fetchall()[0]
    sources = [sql_dir / "macros", *(sql_dir / layer for layer in LAYERS)]
    return freshness.key_of(documents, n_facts, freshness.files_key(sources))


def built_key(con: duckdb.DuckDBPyConnection) -> str | None:
    """The key the relations were last built from (None: never built, or by an older tongbi)."""
    if not _has_table(con, "build_state"):
        return None
    rows = con.execute("select key from build_state").fetchall()
    return rows[0][0] if rows else None


def _build_if_stale(con, sql_dir: Path | None, run_id: str) -> bool:
    """Rebuilds every relation unless the build key and the relations are as last built."""
    key = build_key(con, sql_dir)
    relations = [p.stem for p in sql_files(_sql_dir(sql_dir))]
    if key == built_key(con) and all(has_relation(con, r) for r in relations):
        log.info("nothing the relations are built from changed: no rebuild")
        return False
    build(con, sql_dir)
    con.execute("delete from build_state")
    con.execute("insert into build_state values (?, ?, ?)", [key, run_id, datetime.now()])
    return True


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when the warehouse holds table or view `name` (a run may stop before the build)."""
    query = (
        "select (select count(*) from duckdb_tables() where table_name = $1 and schema_name = 'main')"
        " + (select count(*) from duckdb_views() where view_name = $1 and schema_name = 'main')"
    )
    # fetchall, not fetchone: a result left unfinished blocks the connection's next query.
    return con.execute(query, [name]).fetchall()[0][0] > 0


@dataclass
class _Decision:
    """What load does with one document: its log status and the row it writes, if any."""

    document: Document
    log_status: str  # new, unchanged, replaced, duplicate, rejected
    row_status: str | None  # documents.status to insert; None = insert nothing
    message: str | None = None
    replaces: str | None = None  # doc id superseded by this one


def _decide(con, documents: list[Document], summary: LoadSummary) -> list[_Decision]:
    """One decision per document, in order; later documents of the batch see earlier ones."""
    # sha256 -> (doc, source): the same bytes from another source are a duplicate.
    known = {sha: (doc, source) for sha, doc, source in con.execute(
        "select sha256, doc, source from documents"
    ).fetchall()}  # fmt: skip
    current = {
        (a, s, y): d
        for d, a, s, y in con.execute(
            "select doc, agency, series, year from documents where status = 'loaded'"
        ).fetchall()
    }
    decisions = []
    for document in documents:
        decision = _decide_one(document, known, current)
        if document.sha256:
            known.setdefault(document.sha256, (document.doc, document.source))
        if decision.row_status == "loaded":
            current[_identity(document)] = document.doc
        _count(summary, decision.log_status)
        decisions.append(decision)
    return decisions


def _identity(document: Document) -> tuple:
    """A document is identified by agency, series and year (DESIGN: only those replace)."""
    return (document.agency, document.series, document.year)


def _decide_one(document: Document, known: dict, current: dict) -> _Decision:
    """The fate of one document given what the warehouse (and this batch) already hold."""
    if document.status == "rejected":
        # No bytes, no identity: log only. Known bytes: the row is already there.
        row = None if not document.sha256 or document.sha256 in known else "rejected"
        return _Decision(document, "rejected", row, document.message)
    if document.status == "duplicate":
        # The same bytes under another name: the first copy carries the row.
        return _Decision(document, "duplicate", None, document.message)
    first_source = known.get(document.sha256)
    if first_source is not None and first_source[1] != document.source:
        message = f"the same bytes as {first_source[0]} ({first_source[1]}): kept once"
        return _Decision(document, "duplicate", None, message)
    if first_source is not None:
        message = f"already in the warehouse as {first_source[0]}"
        return _Decision(document, "unchanged", None, message)
    old = current.get(_identity(document))
    if old is not None and old != document.doc:
        message = f"replaces {old} ({document.agency}, {document.series}, {document.year})"
        return _Decision(document, "replaced", "loaded", message, replaces=old)
    return _Decision(document, "new", "loaded", document.message)


def _count(summary: LoadSummary, status: str) -> None:
    if status == "new":
        summary.new += 1
    elif status == "replaced":
        summary.replaced += 1
    elif status == "rejected":
        summary.rejected += 1
    else:  # unchanged and duplicate: nothing new entered the warehouse
        summary.unchanged += 1


def _apply_replacements(con, decisions: list[_Decision]) -> None:
    """Marks superseded documents replaced and deletes their facts."""
    for d in decisions:
        if d.replaces is None:
            continue
        con.execute(
            "update documents set status = 'replaced', replaced_by = ? where doc = ?",
            [d.document.doc, d.replaces],
        )
        con.execute("delete from facts where doc = ?", [d.replaces])


def _insert_documents(con, decisions: list[_Decision], at: datetime) -> None:
    """Inserts one documents row per decision that writes one."""
    rows = [_document_row(d, at) for d in decisions if d.row_status is not None]
    if rows:
        frame = pl.DataFrame(rows, schema=_DOCUMENT_SCHEMA, orient="row")
        con.register("_new_documents", frame)
        con.execute(
            f"insert into documents ({_cols(DOCUMENT_COLUMNS)}) select * from _new_documents"
        )
        con.unregister("_new_documents")


_DOCUMENT_TYPES = {"year": pl.Int32, "n_chars": pl.Int32, "ingested_at": pl.Datetime("us")}
_DOCUMENT_SCHEMA = {c: _DOCUMENT_TYPES.get(c, pl.String) for c in DOCUMENT_COLUMNS}


def _document_row(d: _Decision, at: datetime) -> tuple:
    values = d.document.to_dict() | {
        "status": d.row_status,
        "message": d.message,
        "replaced_by": None,
        "ingested_at": at,
    }
    return tuple(values[c] for c in DOCUMENT_COLUMNS)


def _cols(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _insert_facts(con, decisions: list[_Decision], facts: dict[str, Path]) -> int:
    """Inserts the facts of every newly loaded document in one scan of their Parquet files."""
    superseded = {d.replaces for d in decisions}  # re-issued within this very batch
    files = [
        (d.document.doc, str(facts[d.document.doc]))
        for d in decisions
        if d.row_status == "loaded" and d.document.doc in facts and d.document.doc not in superseded
    ]
    if not files:
        return 0
    con.register("_fact_files", pl.DataFrame(files, schema=["doc", "path"], orient="row"))
    # doc comes from the mapping, not the file: the key the caller gave is the one we trust;
    # agency, series and year are copied from the document row just written.
    fact_cols = [c for c in FACT_FIELDS if c != "doc"]
    select = ", ".join(f'p."{c}"' for c in fact_cols)
    before = con.execute("select count(*) from facts").fetchall()[0][0]
    con.execute(
        f"""
        insert into facts (doc, {_cols(fact_cols)}, agency, series, year)
        select f.doc, {select}, d.agency, d.series, d.year
        from read_parquet(?, filename = true, union_by_name = true) as p
        join _fact_files as f on p.filename = f.path
        join documents as d on d.doc = f.doc
        """,
        [[path for _, path in files]],
    )
    con.unregister("_fact_files")
    return con.execute("select count(*) from facts").fetchall()[0][0] - before


def _insert_log(con, decisions, log: list[dict], run_id: str, at: datetime) -> None:
    """Writes the caller's log rows, then one row per document with load's decision."""
    decided = {(d.document.source, d.document.doc) for d in decisions}
    # The caller's rows about a document load decided on are superseded by the decision.
    rows = [_log_row(r, run_id, at) for r in log if (r.get("source"), r.get("doc")) not in decided]
    # A source whose bytes were never read has no doc id: null, not "" (docs/warehouse.md).
    rows += [
        (run_id, at, d.document.source, d.document.doc or None, d.log_status, d.message)
        for d in decisions
    ]
    if rows:
        schema = {c: pl.Datetime("us") if c == "at" else pl.String for c in LOG_COLUMNS}
        con.register("_log_rows", pl.DataFrame(rows, schema=schema, orient="row"))
        con.execute(f"insert into ingest_log ({_cols(LOG_COLUMNS)}) select * from _log_rows")
        con.unregister("_log_rows")


def _log_row(row: dict, run_id: str, at: datetime) -> tuple:
    values = {"run_id": run_id, "at": at} | {k: v for k, v in row.items() if v is not None}
    return tuple(values.get(c) for c in LOG_COLUMNS)


def _write_run(con, summary: LoadSummary, documents, log, started: datetime) -> None:
    """The runs row, written after the build so its status reflects the checks."""
    sources = {d.source for d in documents} | {r.get("source") for r in log}
    failing = _error_failures(con) > 0 or summary.rejected > 0
    con.execute(
        f"insert or replace into runs ({_cols(('run_id', 'started_at', 'finished_at', 'n_sources', 'n_new', 'n_facts', 'status'))}) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [
            summary.run_id, started, datetime.now(), len(sources - {None}),
            summary.n_loaded, summary.n_facts, "failed" if failing else "ok",
        ],
    )  # fmt: skip


def _error_failures(con) -> int:
    if not _has_table(con, "check_results"):
        return 0
    query = "select count(*) from check_results where severity = 'error' and status = 'fail'"
    return con.execute(query).fetchall()[0][0]

"""Run the Great Expectations suites of expectations/ over the warehouse; build Data Docs."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from tongbi import freshness, warehouse
from tongbi.settings import Settings

# GX reads this when a context is created; set it before the import so no event is ever sent.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

# The relations that must each have a suite of the same stem (STYLE.md #6).
CHECKED_RELATIONS = ("documents", "facts", "check_results")
SITE_NAME = "tongbi"


@dataclass(frozen=True)
class FailedExpectation:
    """One expectation that did not hold, with how many rows broke it."""

    suite: str
    type: str
    column: str | None
    why: str  # the suite's meta.why, or GX's error when the expectation could not run
    unexpected_count: int | None
    element_count: int | None
    sample: tuple  # up to 20 offending values (GX's partial_unexpected_list)
    verdict: bool  # the consistency verdict (meta.verdict), not a schema problem


@dataclass(frozen=True)
class SuiteResult:
    """The outcome of one suite over its relation."""

    name: str
    success: bool
    evaluated: int
    failures: tuple[FailedExpectation, ...]


@dataclass(frozen=True)
class ValidationSummary:
    """Every suite's outcome and where the Data Docs site is."""

    suites: tuple[SuiteResult, ...]
    data_docs_index: Path

    @property
    def success(self) -> bool:
        """True when every expectation of every suite held."""
        return all(s.success for s in self.suites)

    @property
    def failures(self) -> list[FailedExpectation]:
        """Every failing expectation across suites."""
        return [f for s in self.suites for f in s.failures]


def suite_paths(settings: Settings) -> list[Path]:
    """The suite files, one per checked relation, sorted by name."""
    return sorted(settings.expectations_dir.glob("*.json"))


def load_suite_spec(path: Path) -> dict[str, Any]:
    """The plain-JSON suite at `path`; its name must be the file stem (the relation)."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("name", path.stem) != path.stem:
        raise ValueError(f"{path}: suite name {spec['name']!r} differs from the file stem")
    spec["name"] = path.stem
    return spec


def build_suite(spec: dict[str, Any]):
    """A GX ExpectationSuite from a plain-JSON spec {name, expectations: [{type, kwargs, meta}]}."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    suite = gx.ExpectationSuite(name=spec["name"], meta={"description": spec.get("description")})
    for item in spec["expectations"]:
        config = ExpectationConfiguration(
            type=item["type"], kwargs=item.get("kwargs", {}), meta=item.get("meta") or {}
        )
        suite.add_expectation_configuration(config)
    return suite


# Keys under which an expectation's kwargs name a column whose values it reads
# ("name" is the column of a structured row_condition: {"column": {"name": "check"}}).
_COLUMN_KEYS = ("column", "column_A", "column_B", "name")


def value_columns(spec: dict[str, Any]) -> set[str] | None:
    """The columns whose values the suite reads; None when that cannot be told (read them all)."""
    found: set[str] = set()

    def walk(node: Any) -> bool:
        if isinstance(node, list):
            return all(walk(item) for item in node)
        if not isinstance(node, dict):
            return True
        for key, value in node.items():
            if key == "row_condition" and isinstance(value, str):
                return False  # a condition in a query string may name any column
            if key in _COLUMN_KEYS and isinstance(value, str):
                found.add(value)
            elif key == "column_list" and isinstance(value, list):
                found.update(v for v in value if isinstance(v, str))
            elif not walk(value):
                return False
        return True

    return found if walk(spec.get("expectations", [])) else None


def read_relation(
    con: duckdb.DuckDBPyConnection, name: str, columns: set[str] | None = None
) -> pd.DataFrame | None:
    """The relation as a pandas frame, or None when the warehouse does not hold it.

    `columns`: the columns whose values are read; every other column keeps its name (the
    column-set expectations see it) but holds nulls. At 10,000 documents check_results'
    evidence lists alone, made into Python objects, took gigabytes and minutes.
    """
    if not warehouse.has_relation(con, name):
        return None
    names = con.table(f'"{name}"').columns
    select = ", ".join(
        f'"{c}"' if columns is None or c in columns else f'NULL AS "{c}"' for c in names
    )
    table = con.sql(f'SELECT {select} FROM "{name}"').arrow()
    if hasattr(table, "read_all"):  # duckdb >= 1.4 returns a reader
        table = table.read_all()
    # Every column stays in Arrow buffers (pd.ArrowDtype): not one Python object per string
    # or per null, which made check_results alone 400 MB at 10,000 documents.
    return table.to_pandas(types_mapper=pd.ArrowDtype)


def _site_config(site_dir: Path) -> dict[str, Any]:
    """A Data Docs site written to `site_dir` (absolute, so no project root is needed)."""
    return {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(site_dir),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def make_context(settings: Settings):
    """An ephemeral GX context: in-memory stores, no analytics or progress bars, our Data Docs site."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # Ephemeral, so each run validates from the JSON suites alone: no stale copies to sync.
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: _site_config(settings.reports_dir / "data_docs")},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _failure(suite: str, result) -> FailedExpectation:
    """A FailedExpectation from one GX ExpectationValidationResult."""
    config = result.expectation_config
    raised = (result.exception_info or {}).get("raised_exception")
    why = (config.meta or {}).get("why", "")
    if raised:
        why = f"could not run: {result.exception_info.get('exception_message')}"
    res = result.result or {}
    return FailedExpectation(
        suite=suite,
        type=config.type,
        column=config.kwargs.get("column") or config.kwargs.get("column_A"),
        why=why,
        unexpected_count=res.get("unexpected_count"),
        element_count=res.get("element_count"),
        sample=tuple(res.get("partial_unexpected_list") or ()),
        verdict=bool((config.meta or {}).get("verdict")),
    )


def _missing_relation(spec: dict[str, Any]) -> SuiteResult:
    """A failed SuiteResult for a suite whose relation is not in the warehouse."""
    missing = FailedExpectation(
        suite=spec["name"],
        type="relation_exists",
        column=None,
        why=f"relation {spec['name']!r} not found in the warehouse",
        unexpected_count=None,
        element_count=None,
        sample=(),
        verdict=False,
    )
    return SuiteResult(spec["name"], False, 0, (missing,))


def run_suite(context, spec: dict[str, Any], frame: pd.DataFrame) -> SuiteResult:
    """Run one suite over `frame` through a checkpoint (its result goes to the Data Docs site)."""
    import great_expectations as gx

    name = spec["name"]
    asset = context.data_sources.add_pandas(name).add_dataframe_asset(name=name)
    batch = asset.add_batch_definition_whole_dataframe(name)
    suite = context.suites.add(build_suite(spec))
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=name, data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=name,
            validation_definitions=[definition],
            # No UpdateDataDocsAction: validate builds the site once, after every suite.
            actions=[],
            result_format={"result_format": "SUMMARY"},
        )
    )
    run = checkpoint.run(batch_parameters={"dataframe": frame})
    results = [r for v in run.run_results.values() for r in v.results]
    failures = tuple(_failure(name, r) for r in results if not r.success)
    return SuiteResult(name, not failures, len(results), failures)


def validate(db_path: Path, settings: Settings) -> ValidationSummary:
    """Run every expectations/*.json suite over its relation, read-only; build Data Docs.

    When the warehouse, the suites and this code are as at the last validation (an unchanged
    rerun), its summary is returned again and the Data Docs site is left as it is.
    """
    site_dir = settings.reports_dir / "data_docs"
    paths = suite_paths(settings)
    specs = [load_suite_spec(p) for p in paths]
    con = warehouse.connect(db_path, read_only=True)
    try:
        key = _stage_key(warehouse.built_key(con), paths)
        done = key and freshness.current(site_dir, "validate", key)
        if done and (site_dir / "index.html").exists():
            # The site where it is now, whatever path the data folder had when it was stamped.
            return replace(summary_from_dict(done), data_docs_index=site_dir / "index.html")
        frames = {s["name"]: read_relation(con, s["name"], value_columns(s)) for s in specs}
    finally:
        con.close()
    # The site reflects this run only: earlier runs' pages would look current.
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # GX 1.x warns about its own deprecations (string conditions, sre_constants).
        warnings.simplefilter("ignore", DeprecationWarning)
        context = make_context(settings)
        results = tuple(
            run_suite(context, s, frames[s["name"]])
            if frames[s["name"]] is not None
            else _missing_relation(s)
            for s in specs
        )
        context.build_data_docs(site_names=[SITE_NAME])
    summary = ValidationSummary(results, site_dir / "index.html")
    if key:
        freshness.remember(site_dir, "validate", key, summary_to_dict(summary))
    return summary


def _stage_key(warehouse_key: str | None, suites: list[Path]) -> str | None:
    """The key of a validation: the warehouse's build, the suites, this module, GX's version."""
    if warehouse_key is None:
        return None
    code = freshness.code_key(sys.modules[__name__], extra=suites)
    return freshness.key_of(warehouse_key, code, metadata.version("great-expectations"))


def summary_to_dict(summary: ValidationSummary) -> dict[str, Any]:
    """The summary as plain JSON-able data (see summary_from_dict)."""
    return asdict(summary)


def summary_from_dict(data: dict[str, Any]) -> ValidationSummary:
    """The ValidationSummary that summary_to_dict wrote."""
    suites = tuple(
        SuiteResult(
            name=s["name"],
            success=s["success"],
            evaluated=s["evaluated"],
            failures=tuple(
                FailedExpectation(**(f | {"sample": tuple(f["sample"])})) for f in s["failures"]
            ),
        )
        for s in data["suites"]
    )
    return ValidationSummary(suites, Path(data["data_docs_index"]))


class ValidationProcess:
    """The validate stage (validate(), then report.write_report()) in a worker process of its
    own, which imports Great Expectations at once.

    Started when a run starts extracting, the worker loads GX (about 5 s of imports) on the
    machine's other core meanwhile, and keeps GX's memory out of the run's process; the
    run's threads wait on it without holding the GIL, so the trend tables publish in the
    run's process at the same time. Use as a context manager; the methods may be called
    any number of times.
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # never fork a threaded Prefect process
        self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_import_gx)
        self._pool.submit(int)  # start the worker now, not at the first validation

    def validate(self, db_path: Path, settings: Settings) -> ValidationSummary:
        """validate(db_path, settings), run by the worker process."""
        return self._pool.submit(validate, db_path, settings).result()

    def write_report(
        self, db_path: Path, settings: Settings, validation: ValidationSummary | None = None
    ):
        """report.write_report(db_path, settings, validation), run by the worker process."""
        from tongbi import report

        return self._pool.submit(report.write_report, db_path, settings, validation).result()

    def close(self) -> None:
        """Stops the worker process (after any work in progress)."""
        self._pool.shutdown()

    def __enter__(self) -> ValidationProcess:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def _import_gx() -> None:
    """The worker's first act: import what validate() will need."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import great_expectations  # noqa: F401

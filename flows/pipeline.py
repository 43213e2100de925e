"""The whole pipeline as one Prefect flow: ingest → extract → load and check → validate → publish.

Every task is declared with cache_policy=NO_CACHE: tongbi keeps its own content-addressed
caches (the extract cache, ingest's descriptions, the warehouse's build key, the output
stamps), and Prefect's hashing of every task's inputs cost time without caching anything
(task results are not persisted).
"""

from __future__ import annotations

import uuid
from contextlib import nullcontext

from prefect import flow, unmapped
from prefect.context import FlowRunContext
from prefect.runtime import flow_run
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.artifacts import publish_artifacts
from flows.extract import extract_batch
from flows.ingest import collect_sources, ingest_batch
from flows.load import known_sources, load_warehouse, summarize_checks
from flows.publish import publish_tables
from flows.validate import validate_warehouse, write_report
from tongbi.lock import writer_lock
from tongbi.outcome import build_outcome, write_outcome
from tongbi.settings import get_settings
from tongbi.validate import ValidationProcess


@flow(name="tongbi-pipeline", log_prints=True)
def pipeline(
    sources: list[str] | None = None,
    manifest: str | None = None,
    db: str | None = None,
    out: str | None = None,
):
    """Ingests the sources, extracts what is new, loads and checks, validates and publishes."""
    settings = get_settings().with_outputs(db, out)
    run_id = flow_run.get_id() or uuid.uuid4().hex
    with writer_lock(settings):  # one run writes at a time (re-entrant under `tongbi run`)
        return _run(sources, manifest, settings, run_id)


# Prefect costs about 0.1 s per task run (API calls to its server): one ingest and one
# extract task per document was most of a 10,000-report run. Documents go in batches. On
# a cluster (any task runner but the default thread pool) a batch holds at most
# CLUSTER_BATCH documents and there are at least MIN_BATCHES batches when there are that
# many documents, so a small run still fans out over every Dask worker. In one process the
# threads share one interpreter, so more batches only add task runs: LOCAL_BATCH per batch
# (benchmarks/bench_pipeline.py measures both).
CLUSTER_BATCH = 100
MIN_BATCHES = 64
LOCAL_BATCH = 500


def batches(items: list, spread: bool = True) -> list[list]:
    """items cut into consecutive batches, in order (see CLUSTER_BATCH and LOCAL_BATCH).

    `spread`: for a cluster, at least MIN_BATCHES batches when there are enough items.
    """
    if spread:
        size = min(CLUSTER_BATCH, max(1, -(-len(items) // MIN_BATCHES)))
    else:
        size = LOCAL_BATCH
    return [items[i : i + size] for i in range(0, len(items), size)]


def _on_a_cluster() -> bool:
    """True when this flow run's tasks go to a task runner other than the local thread pool."""
    context = FlowRunContext.get()
    return context is not None and not isinstance(context.task_runner, ThreadPoolTaskRunner)


def _flat(lists: list[list]) -> list:
    return [item for batch in lists for item in batch]


def with_task_runner(flow_, dask_address: str | None):
    """The flow as is, or fanned out over the Dask cluster at `dask_address` (prefect-dask)."""
    if not dask_address:
        return flow_
    from prefect_dask import DaskTaskRunner  # only installed with the [dask] extra

    return flow_.with_options(task_runner=DaskTaskRunner(address=dask_address))


def _run(sources, manifest, settings, run_id):
    """The stages, in order, while this run holds the writer lock.

    When there is something to extract, Great Expectations loads in a process of its own
    meanwhile (on the other core); the suites and then the report run there while this
    process publishes the trend tables. A run with nothing new validates and reports in
    this process (usually not at all: the outputs are current, see tongbi/freshness.py).
    """
    specs = collect_sources(sources or [], manifest, settings.catalog_path)
    spread = _on_a_cluster()
    documents = _flat(
        ingest_batch.map(batches(specs, spread), settings=unmapped(settings)).result()
    )
    known = known_sources(settings.db_path)
    new = [d for d in documents if d.status == "loaded" and d.sha256 not in known]
    with ValidationProcess() if new else nullcontext() as validator:
        work = batches(new, spread)
        fact_files = _flat(
            extract_batch.map(
                [[d.text_path for d in b] for b in work],
                [[d.doc for d in b] for b in work],
                [[d.sha256 for d in b] for b in work],
                settings=unmapped(settings),
            ).result()
        )
        # quote(): Prefect would otherwise walk every document looking for futures (6 s of
        # a 10,000-report rerun); these lists hold none.
        facts = dict(zip([d.doc for d in new], fact_files, strict=True))
        loaded = load_warehouse(settings.db_path, quote(documents), quote(facts), run_id, [])
        check_summary = summarize_checks(settings.db_path)
        validating = validate_warehouse.submit(settings.db_path, settings, validator)
        reporting = write_report.submit(settings.db_path, settings, validating, validator)
        published = publish_tables(settings.db_path, settings)
        validation, report_paths = validating.result(), reporting.result()

    outcome = build_outcome(
        run_id, settings, documents, loaded, check_summary, validation, report_paths, published
    )
    write_outcome(outcome, settings.reports_dir / "run_summary.json")
    publish_artifacts(outcome)
    print(outcome.headline())
    if outcome.exit_code:
        # The reports are written first: a failed run still tells the analyst what failed.
        return Failed(message=outcome.headline(), data=outcome)
    return outcome

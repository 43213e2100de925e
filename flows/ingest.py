"""Ingest stage: find the sources and archive, decode and describe each one."""

from prefect import task

from tongbi import ingest, sources

collect_sources = task(sources.collect_sources, name="collect-sources")
ingest_source = task(
    ingest.ingest, name="ingest", task_run_name="ingest {spec.location}", retries=2
)
# A batch of sources per task (see flows/extract.py: extract_batch).
ingest_batch = task(
    ingest.ingest_batch, name="ingest", task_run_name="ingest {specs[0].location} and the next",
    retries=2,
)

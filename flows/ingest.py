"""Ingest stage: find the sources and archive, decode and describe each one."""

from prefect import task
from prefect.cache_policies import NO_CACHE

from tongbi import ingest, sources

collect_sources = task(sources.collect_sources, name="collect-sources", cache_policy=NO_CACHE)
# A batch of sources per task (see flows/extract.py: extract_batch).
ingest_batch = task(
    ingest.ingest_batch,
    name="ingest",
    cache_policy=NO_CACHE,
    task_run_name="ingest {specs[0].location} and the next",
    retries=2,
)

"""Extract stage: a batch of documents per task, text paths in, facts Parquet paths out."""

from prefect import task
from prefect.cache_policies import NO_CACHE

from tongbi import factstore

# A batch of documents per task: Prefect costs about 0.1 s per task run, which was most of
# a 10,000-report run with one task per document (benchmarks/bench_pipeline.py).
extract_batch = task(
    factstore.extract_batch,
    name="extract",
    cache_policy=NO_CACHE,
    task_run_name="extract {docs[0]} and the next",
)

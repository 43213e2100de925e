"""Extract stage: one task per document, text path in, facts Parquet path out."""

from prefect import task

from tongbi import factstore

extract_document = task(
    factstore.extract_document, name="extract", task_run_name="extract {doc}"
)

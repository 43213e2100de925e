"""Load stage: the single writer of the warehouse, then the checks' summary."""

from prefect import task

from tongbi import checks, warehouse

known_sources = task(warehouse.known_sources, name="known-sources")
load_warehouse = task(warehouse.load, name="load")
summarize_checks = task(checks.summarize, name="check")

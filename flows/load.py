"""Load stage: the single writer of the warehouse, then the checks' summary."""

from prefect import task
from prefect.cache_policies import NO_CACHE

from tongbi import checks, warehouse

known_sources = task(warehouse.known_sources, name="known-sources", cache_policy=NO_CACHE)
load_warehouse = task(warehouse.load, name="load", cache_policy=NO_CACHE)
summarize_checks = task(checks.summarize, name="check", cache_policy=NO_CACHE)

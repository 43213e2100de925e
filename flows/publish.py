"""Publish stage: trend tables as Parquet and CSV, and the HTML trend report."""

from prefect import task
from prefect.cache_policies import NO_CACHE

from tongbi import publish

publish_tables = task(publish.publish, name="publish", cache_policy=NO_CACHE)

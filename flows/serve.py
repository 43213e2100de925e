"""Serve the pipeline on a schedule without a work pool (`tongbi serve`)."""

from __future__ import annotations

from flows.pipeline import pipeline, with_task_runner

DEPLOYMENT = "tongbi-scheduled"


def serve_pipeline(
    parameters: dict,
    cron: str | None = None,
    interval: int | None = None,
    dask_address: str | None = None,
    name: str = DEPLOYMENT,
) -> None:
    """Registers the pipeline deployment with its schedule and runs its flow runs until stopped."""
    with_task_runner(pipeline, dask_address).serve(
        name=name,
        cron=cron,
        interval=interval,
        parameters=parameters,
        description="tongbi pipeline on a schedule: ingests what is new, checks and publishes.",
        tags=["tongbi"],
    )

"""Prefect artifacts of a run: the summary table and links to the reports."""

from prefect.artifacts import create_markdown_artifact, create_table_artifact

from tongbi.outcome import RunOutcome


def publish_artifacts(outcome: RunOutcome) -> None:
    """Attaches the run's summary table and report links to the current flow run."""
    rows = [{"what": "sources", "count": outcome.n_sources}]
    rows += [
        {"what": f"documents {status}", "count": getattr(outcome, f"n_{status}")}
        for status in ("new", "unchanged", "replaced", "rejected")
    ]
    rows.append({"what": "facts", "count": outcome.n_facts})
    rows += [{"what": f"checks {s}", "count": n} for s, n in sorted(outcome.checks.items())]
    rows.append({"what": "error-level failures", "count": outcome.n_error_failures})
    create_table_artifact(rows, key="tongbi-summary", description=outcome.headline())
    links = "\n".join(f"- {name}: [{path}](file://{path})" for name, path in outcome.paths.items())
    create_markdown_artifact(
        f"## tongbi run {outcome.run_id}\n\n{outcome.headline()}\n\n{links}\n",
        key="tongbi-reports",
        description="Where the warehouse, the published tables and the reports are",
    )

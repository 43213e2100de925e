"""Validate stage: Great Expectations suites, Data Docs and the human report."""

from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from tongbi import report, validate
from tongbi.settings import Settings


@task(name="validate", cache_policy=NO_CACHE)
def validate_warehouse(
    db_path: Path, settings: Settings, validator: validate.ValidationProcess | None = None
) -> validate.ValidationSummary:
    """The suites over the warehouse: in `validator`'s process when given, else in this one."""
    if validator is None:
        return validate.validate(db_path, settings)
    return validator.validate(db_path, settings)


@task(name="report", cache_policy=NO_CACHE)
def write_report(
    db_path: Path,
    settings: Settings,
    validation: validate.ValidationSummary | None = None,
    validator: validate.ValidationProcess | None = None,
) -> report.ReportPaths:
    """The human report: in `validator`'s process when given, else in this one."""
    if validator is None:
        return report.write_report(db_path, settings, validation=validation)
    return validator.write_report(db_path, settings, validation)

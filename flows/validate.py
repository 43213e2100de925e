"""Validate stage: Great Expectations suites, Data Docs and the human report."""

from prefect import task

from tongbi import report, validate

validate_warehouse = task(validate.validate, name="validate")
write_report = task(report.write_report, name="report")

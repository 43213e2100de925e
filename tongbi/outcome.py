"""What one run did, as a small JSON file beside the reports: the CLI's exit status comes from it."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stages' result types; outcome.py itself stays import-light for the CLI
    from tongbi.checks import CheckSummary
    from tongbi.model import Document
    from tongbi.publish import PublishedPaths
    from tongbi.report import ReportPaths
    from tongbi.settings import Settings
    from tongbi.validate import ValidationSummary
    from tongbi.warehouse import LoadSummary

# Exit statuses of `tongbi run` (DESIGN.md): 0 clean, 1 data-quality failure, 2 cannot start.
EXIT_OK = 0
EXIT_DATA_QUALITY = 1
EXIT_USAGE = 2


@dataclass
class RunOutcome:
    """The figures and paths a person (or a scheduler) needs after a run."""

    run_id: str
    db_path: str
    n_sources: int
    n_new: int
    n_unchanged: int
    n_replaced: int
    n_rejected: int
    n_facts: int
    checks: dict[str, int] = field(default_factory=dict)  # status -> count
    n_error_failures: int = 0
    n_warnings: int = 0
    rejected: list[dict] = field(default_factory=list)  # {source, message}
    validation_success: bool = True
    paths: dict[str, str] = field(default_factory=dict)  # report, report_html, data_docs, published

    @property
    def exit_code(self) -> int:
        """1 when an error-level check failed or a source was rejected, else 0."""
        return EXIT_DATA_QUALITY if self.n_error_failures or self.n_rejected else EXIT_OK

    def headline(self) -> str:
        """One line: what was read, what failed."""
        return (
            f"{self.n_sources} sources ({self.n_new} new, {self.n_unchanged} unchanged, "
            f"{self.n_replaced} replaced, {self.n_rejected} rejected), {self.n_facts} facts; "
            f"checks: {', '.join(f'{n} {s}' for s, n in sorted(self.checks.items())) or 'none'}; "
            f"{self.n_error_failures} error-level failures"
        )


def build_outcome(
    run_id: str,
    settings: Settings,
    documents: list[Document],
    loaded: LoadSummary,
    checks: CheckSummary,
    validation: ValidationSummary,
    report: ReportPaths,
    published: PublishedPaths,
) -> RunOutcome:
    """The outcome of a run from what each stage returned."""
    by_status: Counter[str] = Counter()
    for by_check in checks.counts.values():
        by_status.update(by_check)
    rejected = [
        {"source": d.source, "message": d.message or "rejected"}
        for d in documents
        if d.status == "rejected"
    ]
    return RunOutcome(
        run_id=str(run_id),
        db_path=str(settings.db_path),
        n_sources=len(documents),
        n_new=loaded.new,
        n_unchanged=loaded.unchanged,
        n_replaced=loaded.replaced,
        n_rejected=len(rejected),
        n_facts=loaded.n_facts,
        checks=dict(by_status),
        n_error_failures=checks.n_error_failures,
        n_warnings=checks.n_warning_failures,
        rejected=rejected,
        validation_success=validation.success,
        paths={
            "warehouse": str(settings.db_path),
            "report": str(report.markdown),
            "report_html": str(report.html),
            "data_docs": str(validation.data_docs_index),
            "published": str(published.root),
            "trends_html": str(published.index_html),
        },
    )


def write_outcome(outcome: RunOutcome, path: Path) -> Path:
    """Writes the outcome as JSON atomically and returns its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(outcome), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_outcome(path: Path) -> RunOutcome:
    """The outcome written by the last run at `path`."""
    return RunOutcome(**json.loads(path.read_text(encoding="utf-8")))

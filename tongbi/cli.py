"""tongbi's command line: one command per user job, each a few lines over a library call."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from tongbi.outcome import read_outcome
from tongbi.settings import get_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="tongbi")
def main() -> None:
    """tongbi (同比): extract, cross-check and publish the figures of Chinese government reports.

    \b
    Example:
        tongbi run --manifest data/samples/manifest.csv
        tongbi extract report.txt --format table
    """


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--manifest", type=click.Path(dir_okay=False), help="CSV: path,agency,year[,series].")
@click.option("--db", type=click.Path(dir_okay=False), help="The DuckDB warehouse file.")
@click.option("--out", type=click.Path(file_okay=False), help="Folder for published/ and reports/.")
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Fan extraction out over this Dask scheduler (default: TONGBI_DASK_ADDRESS, else in-process).",
)
def run(
    sources: tuple[str, ...],
    manifest: str | None,
    db: str | None,
    out: str | None,
    dask_address: str | None,
) -> None:
    """Run the whole pipeline as a Prefect flow: ingest, extract, load, check, validate, publish.

    SOURCES are files, folders (read recursively) or http(s) URLs; with neither SOURCES nor
    --manifest the run reads the sources catalog (`tongbi add`). One run writes at a time: a
    second waits up to TONGBI_LOCK_TIMEOUT seconds, then exits 2. Exit status: 0 when every document was
    read and every error-level check passed; 1 on a data-quality failure (a failing check or
    a rejected source, listed in the report); 2 when the run cannot start.

    \b
    Example:
        tongbi run --manifest data/samples/manifest.csv --db /tmp/t.duckdb --out /tmp/out
    """
    from tongbi import preflight

    settings = get_settings().with_outputs(db, out)
    problem = preflight.problem(list(sources), manifest, settings)
    if problem:
        raise click.UsageError(problem)
    _prefect_defaults()
    from flows.pipeline import pipeline, with_task_runner  # Prefect loads only when needed
    from tongbi.lock import WarehouseBusy, writer_lock

    flow_ = with_task_runner(pipeline, dask_address or settings.dask_address)

    try:
        with writer_lock(settings):  # held across the flow, which re-enters it
            state = flow_(
                sources=list(sources), manifest=manifest, db=db, out=out, return_state=True
            )
    except WarehouseBusy as exc:
        click.echo(f"tongbi: {exc}", err=True)
        sys.exit(2)
    summary_path = settings.reports_dir / "run_summary.json"
    outcome = read_outcome(summary_path) if summary_path.exists() else None
    # A summary left by an earlier run must not pass for this run's.
    if outcome is None or outcome.run_id != str(state.state_details.flow_run_id):
        click.echo(
            f"tongbi: the run ended {state.name} before its report was written; see the log above.",
            err=True,
        )
        sys.exit(3)
    click.echo(outcome.headline())
    for name, path in outcome.paths.items():
        click.echo(f"  {name:<12} {path}")
    for rejected in outcome.rejected:
        click.echo(f"  rejected: {rejected['source']}: {rejected['message']}", err=True)
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("sources", nargs=-1)
@click.option("--manifest", type=click.Path(dir_okay=False), help="CSV: path,agency,year[,series].")
@click.option("--db", type=click.Path(dir_okay=False), help="The DuckDB warehouse file.")
@click.option("--out", type=click.Path(file_okay=False), help="Folder for published/ and reports/.")
@click.option("--cron", default=None, help='Cron schedule, e.g. "0 6 * * 1" (Mondays 06:00).')
@click.option("--interval", type=click.IntRange(min=1), default=None, help="Run every N seconds.")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Dask scheduler for extraction.")
def serve(
    sources: tuple[str, ...],
    manifest: str | None,
    db: str | None,
    out: str | None,
    cron: str | None,
    interval: int | None,
    dask_address: str | None,
) -> None:
    """Serve the pipeline on a schedule, without a work pool, until stopped (Ctrl-C).

    Registers the deployment `tongbi-pipeline/tongbi-scheduled` with the Prefect API
    (PREFECT_API_URL; a temporary local server otherwise) and runs each scheduled flow run
    in this process. With no SOURCES and no --manifest, each run reads the sources catalog
    (`tongbi add`). Deployments for a work pool are in prefect.yaml.

    \b
    Example:
        tongbi serve --cron "0 6 * * 1"
        tongbi serve --interval 3600 --manifest data/samples/manifest.csv
    """
    if bool(cron) == bool(interval):
        raise click.UsageError("give exactly one of --cron or --interval")
    _prefect_defaults()
    from flows.serve import serve_pipeline

    settings = get_settings()
    parameters = {"sources": list(sources), "manifest": manifest, "db": db, "out": out}
    serve_pipeline(parameters, cron, interval, dask_address or settings.dask_address)


def _prefect_defaults() -> None:
    """Prefect defaults for an offline tool: no telemetry, patience at start-up, a home that exists."""
    # Telemetry cannot reach anyone here, and its first write races the ephemeral
    # server's own start-up on a new PREFECT_HOME ("database is locked").
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary server of a run without PREFECT_API_URL can take over 20 s to start
    # on a busy 2-core machine; Prefect's default of 20 s then kills the run.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    home = os.environ.get("PREFECT_HOME")
    if home:
        Path(home).expanduser().mkdir(parents=True, exist_ok=True)


@main.command()
@click.argument("location")
@click.option("--agency", help="Reporting body, overriding what ingest detects.")
@click.option("--series", help="Series (工作总结, 统计公报 …), overriding detection.")
@click.option("--year", type=int, help="Reporting year, overriding detection.")
def add(location: str, agency: str | None, series: str | None, year: int | None) -> None:
    """Register a file, folder or http(s) URL in the sources catalog that `tongbi run` reads.

    A run given neither SOURCES nor --manifest ingests every catalog entry (folders
    recursively, URLs re-fetched only when changed); what it has seen before is not
    extracted again. Adding a location twice changes nothing; new overrides update it.

    \b
    Example:
        tongbi add reports/2024/ --agency 上海市嘉定区市场监督管理局
        tongbi add https://www.example.gov.cn/2024_summary.html --year 2024
    """
    from tongbi import sources as catalog

    settings = get_settings()
    try:
        what = catalog.add_source(settings.catalog_path, location, agency, series, year)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    click.echo(f"{what}: {location} (catalog {settings.catalog_path})")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True
)
def extract(files: tuple[str, ...], fmt: str) -> None:
    """Extract the facts of report files, without a database: one JSON object per fact.

    \b
    Example:
        tongbi extract report.txt | jq 'select(.kind == "yoy")'
        tongbi extract report.txt --format table
    """
    from tongbi import extract as extractor
    from tongbi import ingest

    for path in files:
        text, doc = ingest.read_text(Path(path))
        facts = extractor.extract_text(text, doc)
        if fmt == "jsonl":
            for fact in facts:
                click.echo(json.dumps(fact.to_dict(), ensure_ascii=False))
        else:
            _print_table(facts)


def _print_table(facts) -> None:
    """Prints facts as aligned columns for a person to read."""
    for f in facts:
        ref = f" → {f.refers_to}" if f.refers_to else ""
        click.echo(f"{f.id:>5}  {f.kind:<10} {_exact(f.value):>18} {f.unit:<5} {f.label}{ref}  «{f.quote}»")


def _exact(value: float) -> str:
    """A value in full, as an auditor compares it: 6,954,438 and 140,620,000, never 6.95e+06."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0")


@main.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def score(gold: str, file: str) -> None:
    """Score extraction of FILE against a gold annotation (JSON lines, see the gold README).

    Prints precision, recall, F1, unit accuracy, label similarity and every miss.

    \b
    Example:
        tongbi score ../shared/gold/jiading_2023_summary.jsonl ../shared/corpus/real/jiading_2023_summary.txt
    """
    from tongbi import extract as extractor
    from tongbi import ingest
    from tongbi import score as scoring

    text, doc = ingest.read_text(Path(file))
    result = scoring.score_file(extractor.extract_text(text, doc), Path(gold))
    click.echo(scoring.format_score(result))


@main.group()
def indicators() -> None:
    """Curate the indicator catalog: one key for an indicator worded differently across years.

    The user catalog (data/indicators.yaml, under TONGBI_DATA_DIR) is merged over the
    packaged one; re-run or re-load for the new keys to reach the warehouse.

    \b
    Example:
        tongbi indicators review
        tongbi indicators accept 实有各类市场主体 市场主体总量
    """


@indicators.command("review")
@click.option("--db", type=click.Path(dir_okay=False), help="The DuckDB warehouse file.")
def indicators_review(db: str | None) -> None:
    """List labels with no key of the agency's previous year, and the closest key (score).

    \b
    Example:
        tongbi indicators review --db data/tongbi.duckdb
    """
    from tongbi import catalog

    settings = get_settings().with_outputs(db_path=Path(db) if db else None)
    if not settings.db_path.exists():
        raise click.UsageError(f"no warehouse at {settings.db_path}: run `tongbi run` first")
    for s in catalog.review(settings.db_path, settings.indicator_catalog_path):
        match = f"{s.key}  ({s.prev_label}, {s.prev_year})" if s.key else "unmatched"
        click.echo(f"{s.score:5.2f}  {s.agency}  {s.unit}  {s.year}  {s.label}  →  {match}")


@indicators.command("accept")
@click.argument("label")
@click.argument("key")
def indicators_accept(label: str, key: str) -> None:
    """Record in the user catalog that LABEL names the indicator KEY.

    \b
    Example:
        tongbi indicators accept 实有各类市场主体 市场主体总量
    """
    from tongbi import catalog

    click.echo(f"accepted {label} → {key} in {catalog.accept(label, key, _user_catalog())}")


@indicators.command("reject")
@click.argument("label")
@click.argument("key")
def indicators_reject(label: str, key: str) -> None:
    """Record that LABEL is not the indicator KEY; review will not suggest it again.

    \b
    Example:
        tongbi indicators reject 新设各类市场主体 市场主体总量
    """
    from tongbi import catalog

    click.echo(f"rejected {label} → {key} in {catalog.reject(label, key, _user_catalog())}")


def _user_catalog() -> Path:
    """The user's indicator catalog file."""
    return get_settings().indicator_catalog_path


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="tongbi")

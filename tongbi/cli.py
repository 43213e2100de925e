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
def run(sources: tuple[str, ...], manifest: str | None, db: str | None, out: str | None) -> None:
    """Run the whole pipeline as a Prefect flow: ingest, extract, load, check, validate, publish.

    SOURCES are files or folders (read recursively). Exit status: 0 when every document was
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
    from flows.pipeline import pipeline  # Prefect loads only for the commands that run flows

    pipeline(
        sources=list(sources), manifest=manifest, db=db, out=out, return_state=True
    )
    summary_path = settings.reports_dir / "run_summary.json"
    if not summary_path.exists():
        click.echo("tongbi: the run stopped before its report was written; see the log above.", err=True)
        sys.exit(3)
    outcome = read_outcome(summary_path)
    click.echo(outcome.headline())
    for name, path in outcome.paths.items():
        click.echo(f"  {name:<12} {path}")
    for rejected in outcome.rejected:
        click.echo(f"  rejected: {rejected['source']}: {rejected['message']}", err=True)
    sys.exit(outcome.exit_code)


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
        click.echo(f"{f.id:>5}  {f.kind:<10} {f.value:>16,.6g} {f.unit:<5} {f.label}{ref}  «{f.quote}»")


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


if __name__ == "__main__":  # pragma: no cover
    main(prog_name="tongbi")

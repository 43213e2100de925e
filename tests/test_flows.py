"""The pipeline flow against a real Prefect API (the test harness), on the bundled samples."""

from __future__ import annotations

import asyncio
import shutil

import duckdb
import pytest
from click.testing import CliRunner
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

from tongbi.cli import main
from tongbi.outcome import read_outcome
from tongbi.settings import REPO_ROOT

pytestmark = [pytest.mark.flow, pytest.mark.slow]

SAMPLES = REPO_ROOT / "data" / "samples"
STAGES = {"collect-sources", "ingest", "known-sources", "extract", "load", "check",
          "validate", "report", "publish"}  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A data folder of its own, holding a copy of the samples."""
    root = tmp_path_factory.mktemp("flow")
    shutil.copytree(SAMPLES, root / "samples")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TONGBI_DATA_DIR", str(root / "data"))
        yield root


@pytest.fixture(scope="module")
def first_run(prefect_api, workdir):
    """The flow run over the samples: its final state and the outcome it wrote."""
    from flows.pipeline import pipeline

    state = pipeline(manifest=str(workdir / "samples" / "manifest.csv"), return_state=True)
    outcome = read_outcome(workdir / "data" / "reports" / "run_summary.json")
    return state, outcome


def _flow_run(state):
    async def read():
        async with get_client() as client:
            return await client.read_flow_run(state.state_details.flow_run_id)

    return asyncio.run(read())


def _task_run_names(flow_run_id) -> list[str]:
    async def read():
        async with get_client() as client:
            runs = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
            return [r.name for r in runs]

    return asyncio.run(read())


def _task_names(flow_run_id) -> set[str]:
    return set(_task_run_names(flow_run_id))


def _artifact_keys(flow_run_id) -> set[str]:
    async def read():
        async with get_client() as client:
            artifacts = await client.read_artifacts()
            return {a.key for a in artifacts if a.flow_run_id == flow_run_id}

    return asyncio.run(read())


def test_flow_run_fails_on_the_samples_deliberate_inconsistency(first_run):
    state, outcome = first_run
    assert state.is_failed(), "the samples hold one inconsistency: the flow run must end Failed"
    assert outcome.n_error_failures >= 1
    assert outcome.exit_code == 1
    assert outcome.n_rejected == 0


def test_flow_run_is_recorded_with_a_task_per_stage_and_artifacts(first_run):
    state, _ = first_run
    run = _flow_run(state)
    assert run.state.is_failed()
    names = _task_names(run.id)
    missing = {s for s in STAGES if not any(n.startswith(s) for n in names)}
    assert not missing, f"no task run for stages {missing} (saw {sorted(names)})"
    assert {"tongbi-summary", "tongbi-reports"} <= _artifact_keys(run.id)


def test_in_one_process_documents_go_in_few_batches(first_run):
    # The thread pool shares one interpreter: a task run per 500 documents, not 64 of them.
    state, outcome = first_run
    names = _task_run_names(state.state_details.flow_run_id)
    assert sum(n.startswith("ingest ") for n in names) == 1, names
    assert sum(n.startswith("extract ") for n in names) == 1, names


@pytest.mark.parametrize(
    ("n", "spread", "sizes"),
    [
        (0, False, []),
        (1200, False, [500, 500, 200]),
        (250, True, [4] * 62 + [2]),
        (10, True, [1] * 10),
        (10_000, True, [100] * 100),
    ],
)
def test_batches_cut_documents_in_order(n, spread, sizes):
    from flows.pipeline import batches

    cut = batches(list(range(n)), spread)
    assert [len(b) for b in cut] == sizes
    assert [i for b in cut for i in b] == list(range(n))


def test_warehouse_holds_every_table_and_several_years(first_run, workdir):
    _, outcome = first_run
    with duckdb.connect(outcome.db_path, read_only=True) as con:
        for table in ("documents", "facts", "check_results", "trend_long", "trend_wide"):
            assert con.execute(f"select count(*) from {table}").fetchone()[0] > 0, table
        years = con.execute("select count(distinct year) from documents where status='loaded'")
        assert years.fetchone()[0] >= 3
        failing = con.execute(
            """select "check", doc, fact_id from check_results
               where status = 'fail' and severity = 'error'"""
        ).fetchall()
    # One deliberate inconsistency: a yoy statement, seen by the yoy check and by the
    # restatement check (the same arithmetic from last year's side), and nothing else.
    assert {check for check, _, _ in failing} <= {"yoy", "restatement"}, failing
    assert "yoy" in {check for check, _, _ in failing}
    assert len({(doc, fact) for _, doc, fact in failing}) == 1, failing


def test_reports_and_published_tables_are_on_disk(first_run):
    _, outcome = first_run
    for key in ("report", "report_html", "data_docs", "published"):
        assert key in outcome.paths, key
    from pathlib import Path

    for path in outcome.paths.values():
        assert Path(path).exists(), path


def test_rerun_over_unchanged_sources_extracts_nothing(first_run, workdir):
    from flows.pipeline import pipeline

    _, first = first_run
    with duckdb.connect(first.db_path, read_only=True) as con:
        before = con.execute("select count(*) from facts").fetchone()[0]
    pipeline(manifest=str(workdir / "samples" / "manifest.csv"), return_state=True)
    again = read_outcome(workdir / "data" / "reports" / "run_summary.json")
    assert again.n_new == 0 and again.n_unchanged == first.n_new
    with duckdb.connect(first.db_path, read_only=True) as con:
        assert con.execute("select count(*) from facts").fetchone()[0] == before


def test_cli_run_exits_1_and_prints_where_everything_is(prefect_api, workdir, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["run", "--manifest", str(workdir / "samples" / "manifest.csv"),
         "--db", str(tmp_path / "w.duckdb"), "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert str(tmp_path / "w.duckdb") in result.output
    assert str(out / "reports") in result.output

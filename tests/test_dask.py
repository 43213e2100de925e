"""Extraction fanned out over a local Dask cluster builds the same warehouse as in-process."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tongbi.settings import REPO_ROOT

pytestmark = [pytest.mark.flow, pytest.mark.slow]

# Columns that differ between two runs by design (time of loading).
VOLATILE = {"ingested_at"}


def _table(db, name: str, order: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        columns = [c for c in con.table(name).columns if c not in VOLATILE]
        select = ", ".join(f'"{c}"' for c in columns)
        return con.execute(f"select {select} from {name} order by {order}").fetchall()


@pytest.fixture(scope="module")
def cluster():
    """A local Dask cluster of several worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


def test_dask_run_builds_the_same_warehouse_as_in_process(
    prefect_api, cluster, tmp_path, monkeypatch
):
    from flows.pipeline import pipeline, with_task_runner

    shutil.copytree(REPO_ROOT / "data" / "samples", tmp_path / "samples")
    manifest = str(tmp_path / "samples" / "manifest.csv")
    dbs = {}
    for mode, address in (("local", None), ("dask", cluster)):
        monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path / mode))
        state = with_task_runner(pipeline, address)(manifest=manifest, return_state=True)
        assert state.is_final(), state
        dbs[mode] = tmp_path / mode / "tongbi.duckdb"

    # The mapped tasks (ingest and extract, one per document) ran on the cluster's workers.
    import distributed

    with distributed.Client(cluster) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert sum(executed.values()) >= 8, f"the Dask workers ran too few tasks: {executed}"

    for table, order in (
        ("documents", "doc"),
        ("facts", "doc, id"),
        ("check_results", "check_id"),
        ("trend_long", "agency, indicator, unit, year"),
    ):
        local = _without_prefix(_table(dbs["local"], table, order), tmp_path / "local")
        dask = _without_prefix(_table(dbs["dask"], table, order), tmp_path / "dask")
        assert local, f"{table} is empty"
        assert local == dask, f"{table} differs between in-process and Dask runs"


def _without_prefix(rows: list[tuple], prefix) -> list[tuple]:
    """Rows with the data folder's path removed: archive paths differ by folder, nothing else."""
    return [tuple(str(v).replace(str(prefix), "<data>") for v in row) for row in rows]

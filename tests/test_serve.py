"""`tongbi serve` against a real Prefect server: a scheduled run of the deployment completes."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tongbi.settings import REPO_ROOT

pytestmark = [pytest.mark.flow, pytest.mark.slow]

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen | None = None):
    """Polls until predicate() is truthy; fails with `what` after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            pytest.fail(f"{what}: the process exited with {proc.returncode}")
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def prefect_server(tmp_path):
    """A real Prefect server on a free loopback port, with fast scheduling for the test."""
    port = _free_port()
    home = tmp_path / "prefect-home"
    home.mkdir()
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    log = open(tmp_path / "server.log", "w")  # noqa: SIM115 - closed in teardown
    proc = subprocess.Popen(
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    try:
        _wait_for(lambda: _healthy(url), 180, "the Prefect server to answer", proc)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()


def _flow_runs(api_url: str) -> list[dict]:
    """Flow runs of the served deployment, read through the REST API."""
    import json

    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter",
        data=json.dumps({"deployments": {"name": {"any_": ["tongbi-scheduled"]}}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_served_deployment_runs_on_its_schedule(prefect_server, tmp_path):
    # Three consistent years of the samples: the inconsistency is in 2023, left out here.
    # A short interval puts the first scheduled run within seconds of serving.
    samples = tmp_path / "samples"
    shutil.copytree(REPO_ROOT / "data" / "samples", samples)
    manifest = samples / "manifest.csv"
    with manifest.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["year"] != "2023"]
    with manifest.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_server,
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "TONGBI_DATA_DIR": str(tmp_path / "data"),
    }
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    serve = subprocess.Popen(
        [str(BIN / "tongbi"), "serve", "--interval", "15", "--manifest", str(manifest)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        finished = _wait_for(
            lambda: [r for r in _flow_runs(prefect_server) if r["state_type"] == "COMPLETED"],
            300,
            "a scheduled flow run of tongbi-scheduled to complete",
            serve,
        )
    finally:
        os.killpg(serve.pid, signal.SIGINT)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    run = finished[0]
    assert run["auto_scheduled"], "the completed run was not created by the schedule"
    assert (tmp_path / "data" / "tongbi.duckdb").exists()
    assert (tmp_path / "data" / "reports" / "report.html").exists()

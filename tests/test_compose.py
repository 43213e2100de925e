"""docker-compose.yml, Dockerfile and prefect.yaml, validated statically (no Docker engine here)."""

from __future__ import annotations

import importlib
import inspect
import re
import shlex

import pytest
import yaml

from tongbi.cli import main as cli
from tongbi.settings import REPO_ROOT

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
PREFECT = yaml.safe_load((REPO_ROOT / "prefect.yaml").read_text(encoding="utf-8"))
DOCKERFILE = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
SERVICES = COMPOSE["services"]

# The Compose specification's top-level and service keys (compose-spec, 2024), the subset
# a file of ours may use; anything else is a typo that `docker compose` would reject.
TOP_LEVEL = {"version", "name", "services", "networks", "volumes", "configs", "secrets"}
SERVICE_KEYS = {
    "build", "command", "container_name", "depends_on", "deploy", "entrypoint", "env_file",
    "environment", "expose", "healthcheck", "image", "labels", "networks", "ports",
    "profiles", "restart", "stop_grace_period", "user", "volumes", "working_dir",
}  # fmt: skip
REQUIRED = {"postgres", "prefect-server", "worker", "dask-scheduler", "dask-worker"}


def test_top_level_keys_are_compose_keys():
    unknown = {k for k in COMPOSE if not k.startswith("x-")} - TOP_LEVEL
    assert not unknown, f"not Compose top-level keys: {unknown}"


def test_the_cluster_has_every_service():
    assert set(SERVICES) >= REQUIRED


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_keys_are_compose_keys(name):
    unknown = set(SERVICES[name]) - SERVICE_KEYS
    assert not unknown, f"{name}: not Compose service keys: {unknown}"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_images_are_pinned(name):
    service = SERVICES[name]
    assert "image" in service or "build" in service, f"{name} has neither image nor build"
    image = service.get("image", "")
    if "build" in service:
        assert re.fullmatch(r"tongbi:\d+\.\d+\.\d+", image), f"{name}: built image untagged"
        return
    tag = image.rpartition(":")[2]
    assert ":" in image and tag != "latest" and re.search(r"\d+\.\d+", tag), (
        f"{name}: image {image!r} is not pinned to a version"
    )


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_dependencies_and_volumes_are_declared(name):
    service = SERVICES[name]
    depends = service.get("depends_on", {})
    assert set(depends) <= set(SERVICES), f"{name} depends on unknown services"
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if not source.startswith((".", "/")):
            assert source in COMPOSE.get("volumes", {}), f"{name}: volume {source} undeclared"


def _commands(name: str) -> list[list[str]]:
    """The service's command as argument lists (a `sh -c` line split on &&)."""
    command = SERVICES[name].get("command")
    if not command:
        return []
    if command[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in command[2].split("&&")]
    return [command]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_command_exists(name):
    for argv in _commands(name):
        program = argv[0]
        if program == "tongbi":
            assert argv[1] in cli.commands, f"{name}: no `tongbi {argv[1]}`"
        elif program == "prefect":
            assert argv[1] in {"server", "worker", "deploy", "work-pool"}, argv
            if argv[1] == "deploy":
                assert (REPO_ROOT / "prefect.yaml").exists()
        elif program == "dask":
            assert argv[1] in {"scheduler", "worker"}, argv
            importlib.import_module("distributed.cli.dask_" + argv[1])
        else:
            pytest.fail(f"{name}: unexpected program {program}")


def test_worker_pool_matches_the_deployments():
    commands = [argv for argv in _commands("worker") if argv[:3] == ["prefect", "worker", "start"]]
    pool = commands[0][commands[0].index("--pool") + 1]
    assert {d["work_pool"]["name"] for d in PREFECT["deployments"]} == {pool}


def test_dockerfile_copies_what_exists():
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (REPO_ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert re.search(r"^FROM python:3\.11\.\d+", DOCKERFILE, re.M), "base image not pinned"


@pytest.mark.parametrize("deployment", PREFECT["deployments"], ids=lambda d: d["name"])
def test_deployment_entrypoint_and_parameters_exist(deployment):
    path, _, name = deployment["entrypoint"].partition(":")
    assert (REPO_ROOT / path).exists(), path
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    flow = getattr(module, name)
    accepted = set(inspect.signature(flow.fn).parameters)
    assert set(deployment.get("parameters", {})) <= accepted, "unknown flow parameters"


@pytest.mark.parametrize(
    "deployment", [d for d in PREFECT["deployments"] if d.get("schedules")], ids=lambda d: d["name"]
)
def test_deployment_schedules_are_valid_cron(deployment):
    from prefect.client.schemas.schedules import CronSchedule

    for schedule in deployment["schedules"]:
        CronSchedule(cron=schedule["cron"], timezone=schedule.get("timezone"))

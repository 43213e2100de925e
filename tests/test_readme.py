"""The README documents every command, flow and table, and starts with the two commands."""

from __future__ import annotations

import re

import pytest

from tongbi.cli import main
from tongbi.settings import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
TABLES = ("documents", "facts", "ingest_log", "runs", "check_results", "trend_long", "trend_wide")


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    assert first_block.lstrip().startswith("make run")
    assert "make test" in first_block


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_documented(command):
    assert f"`tongbi {command}" in README, f"tongbi {command} is missing from the README"


@pytest.mark.parametrize("flow_file", sorted((REPO_ROOT / "flows").glob("*.py")), ids=str)
def test_every_flow_file_is_documented(flow_file):
    if flow_file.name == "__init__.py":
        return
    assert f"flows/{flow_file.name}" in README, f"flows/{flow_file.name} is not in the README"


@pytest.mark.parametrize("table", TABLES)
def test_every_table_is_documented(table):
    assert f"`{table}`" in README


def test_every_sql_relation_is_documented_in_the_warehouse_contract():
    contract = (REPO_ROOT / "docs" / "warehouse.md").read_text(encoding="utf-8")
    for path in (REPO_ROOT / "sql").glob("*/*.sql"):
        if path.parent.name in ("examples", "macros", "staging", "intermediate"):
            continue
        assert path.stem in contract, f"{path.relative_to(REPO_ROOT)} is not in docs/warehouse.md"


def test_ci_runs_the_readme_test_command():
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)

"""The command line: help with examples, usage errors that write nothing."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tongbi.cli import main

COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"`tongbi {command} --help` shows no example"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ([], "no source found"),
        (["does/not/exist.txt"], "does/not/exist.txt"),
        (["--manifest", "missing.csv"], "missing.csv"),
    ],
)
def test_run_that_cannot_start_exits_2_and_writes_nothing(tmp_path, monkeypatch, args, says):
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["run", *args])
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert not (tmp_path / "data").exists(), "a run that cannot start wrote something"


def test_run_with_unwritable_warehouse_exits_2(tmp_path, monkeypatch):
    source = tmp_path / "r.txt"
    source.write_text("临溪区市场监督管理局2023年工作总结\n新设各类市场主体56152户。", encoding="utf-8")
    # A warehouse "inside" a regular file cannot be created, even by root (CI runs as root).
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("x")
    monkeypatch.setenv("TONGBI_DATA_DIR", str(tmp_path / "data"))
    result = CliRunner().invoke(main, ["run", str(source), "--db", str(blocker / "w.duckdb")])
    assert result.exit_code == 2, result.output
    assert "not writable" in result.output
    assert not (tmp_path / "data").exists()


def test_extract_prints_one_json_object_per_fact(tmp_path):
    text = "临溪区市场监督管理局2023年工作总结\n一、概况\n全年新设各类市场主体56152户,同比增长3.52%。"
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.output.splitlines()]
    assert {f["value"] for f in facts} >= {56152, 3.52}
    for fact in facts:
        assert text[fact["start"] : fact["end"]] == fact["quote"]
    yoy = next(f for f in facts if f["kind"] == "yoy")
    assert yoy["refers_to"] == next(f["id"] for f in facts if f["value"] == 56152)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(6954438.0, "6,954,438"), (1406200.0, "1,406,200"), (10535000000.0, "10,535,000,000"),
     (2.69, "2.69"), (-22.0, "-22"), (0.38, "0.38")],
)  # fmt: skip
def test_table_format_shows_values_in_full(value, shown):
    from tongbi.cli import _exact

    assert _exact(value) == shown


def test_extract_table_format_quotes_each_fact(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("2021年全国完成食品安全监督抽检6954438批次。", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "6,954,438" in result.output and "«" in result.output

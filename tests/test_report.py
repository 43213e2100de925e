"""The human report: both quotes of a failing check, the intervals, the trend, escaping."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from tongbi.report import fmt_interval, fmt_number, md_escape, write_report
from tongbi.settings import Settings

# The two statements of the sample's failing yoy check (tests/conftest.py).
Q23 = "共有各类市场主体325020户,同比增长3.52%"
Q22 = "共有各类市场主体300000户"


@pytest.fixture
def reports(sample_warehouse: Path, tmp_settings: Settings) -> tuple[str, str]:
    """The Markdown and HTML report of the sample warehouse."""
    paths = write_report(sample_warehouse, tmp_settings)
    assert paths.markdown == tmp_settings.reports_dir / "report.md"
    assert paths.html == tmp_settings.reports_dir / "report.html"
    return paths.markdown.read_text(encoding="utf-8"), paths.html.read_text(encoding="utf-8")


def _plain(html: str) -> str:
    """HTML text without the <mark> highlighting around numbers."""
    return re.sub(r"</?mark>", "", html)


def test_both_quotes_of_the_failing_check(reports: tuple[str, str]) -> None:
    md, html = reports
    for quote in (Q23, Q22):
        assert quote in md
        assert quote in _plain(html)
    assert "<mark>325020</mark>" in html
    for title in ("示例市市场监督管理局2023年工作总结", "示例市市场监督管理局2022年工作总结"):
        assert title in md and title in html
    assert "[70, 95)" in md and "[60, 75)" in md  # offsets


def test_the_arithmetic_with_intervals(reports: tuple[str, str]) -> None:
    md, html = reports
    for text in (md, html):
        assert "[3.515, 3.525]" in text
        assert "[8.34, 8.34]" in text
        assert "do not overlap" in text


def test_the_indicator_trend(reports: tuple[str, str]) -> None:
    md, _ = reports
    assert "| 2021 | 290000 |" in md
    assert "| 2023 | 325020 | +3.52% | [8.34, 8.34] | fail |" in md


def test_summary_not_assessable_and_rejected(reports: tuple[str, str]) -> None:
    md, html = reports
    assert "| yoy | error | 1 | 1 | 1 | 3 |" in md
    assert "| rejected | 1 |" in md
    assert "| 示例市市场监督管理局 | 2021, 2022, 2023 | 3 |" in md
    assert "按可比价格" in md and "按可比价格" in html
    assert "empty file: no text to extract" in md and "empty file: no text to extract" in html


def test_html_escapes_and_stays_offline(
    execute_sql, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    evil = '<img src=x onerror="alert(x)"> & 300000户 | *'
    execute_sql(
        sample_warehouse,
        f"UPDATE check_results SET evidence = [{{'doc': 'b2022bbbbbbb', 'year': 2022, "
        f"'quote': '{evil}', 'start': 1, 'end': 2}}], message = '<b>bad</b>' "
        f"WHERE status = 'fail'",
    )
    paths = write_report(sample_warehouse, tmp_settings)
    html = paths.html.read_text(encoding="utf-8")
    assert "<img" not in html and "<b>bad" not in html
    assert "&lt;b&gt;bad&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=&#34;alert(x)&#34;&gt; &amp; <mark>300000</mark>户" in html
    assert not re.search(r"https?://", html)
    md = paths.markdown.read_text(encoding="utf-8")
    assert "\\<img" in md and "\\|" in md  # table cells stay one cell, tags stay text


def test_report_without_failures_or_checks(
    execute_sql, sample_warehouse: Path, tmp_settings: Settings
) -> None:
    execute_sql(sample_warehouse, "UPDATE check_results SET status = 'pass' WHERE status = 'fail'")
    md = write_report(sample_warehouse, tmp_settings).markdown.read_text(encoding="utf-8")
    assert "No failing check." in md
    execute_sql(sample_warehouse, "DROP TABLE check_results", "DROP TABLE trend_long")
    md = write_report(sample_warehouse, tmp_settings).markdown.read_text(encoding="utf-8")
    assert "check_results` is missing" in md
    assert "empty file: no text to extract" in md


@pytest.mark.parametrize(
    ("value", "text"),
    [(325020.0, "325020"), (3.52, "3.52"), (8.340000001, "8.34"), (None, "–"), (-22.0, "-22")],
)
def test_fmt_number(value, text: str) -> None:
    assert fmt_number(value) == text


@pytest.mark.parametrize(
    ("lo", "hi", "text"),
    [(3.515, 3.525, "[3.515, 3.525]"), (3650, None, "[3650, ∞]"), (None, 5, "[-∞, 5]")],
)
def test_fmt_interval(lo, hi, text: str) -> None:
    assert fmt_interval(lo, hi) == text


def test_md_escape_keeps_one_cell() -> None:
    assert md_escape("a|b\nc<d>") == "a\\|b c\\<d\\>"


@pytest.mark.parametrize("name", ["report.md", "report.html", "trends.html", "_style.css"])
def test_templates_ship_as_package_data(name: str) -> None:
    # pyproject's package-data lists templates/*: the templates load from the installed package.
    assert (resources.files("tongbi") / "templates" / name).is_file()

"""The published trend report in a real headless Chromium: the DOM shows the figures, and a screenshot."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from tongbi.publish import PublishedPaths, publish
from tongbi.report import fmt_number
from tongbi.settings import Settings, get_settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no chromium on PATH: `apt-get install chromium fonts-noto-cjk` (.ci/run does) to run it",
)
AGENCY = "青川市临溪区市场监督管理局"
FAILING = "查办普通程序案件"  # the samples' one deliberate inconsistency (data/samples/README.md)
# Flags for a sandbox-free, network-free, repeatable run (no first-run UI, no updates, no sync).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Runs headless Chromium on `page` with a throwaway profile; returns its stdout."""
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def text_of(dom: str) -> str:
    """The visible text of a DOM fragment: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", dom)))


@pytest.fixture(scope="module")
def published(
    samples_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> PublishedPaths:
    """The samples warehouse published to a tmp folder of this module."""
    out = tmp_path_factory.mktemp("browser")
    settings = samples_settings.with_outputs(out_dir=out)
    return publish(samples_settings.db_path, settings)


@pytest.fixture(scope="module")
def agency_dom(published: PublishedPaths, tmp_path_factory: pytest.TempPathFactory) -> str:
    profile = tmp_path_factory.mktemp("chromium-profile")
    return chromium(published.agency_pages[AGENCY], profile, "--dump-dom")


def test_index_links_the_agency_and_names_the_failure(
    published: PublishedPaths, tmp_path: Path
) -> None:
    dom = chromium(published.index_html, tmp_path / "profile", "--dump-dom")
    assert f'href="{published.agency_pages[AGENCY].name}"' in dom
    row = text_of(re.search(r'<tr class="failing">.*?</tr>', dom, re.S).group())
    assert AGENCY in row and f"fail {FAILING} 2023" in row


def test_agency_page_shows_every_indicator_and_value(samples_db: Path, agency_dom: str) -> None:
    with duckdb.connect(str(samples_db), read_only=True) as con:
        cells = con.execute(
            "select label, value, approx from trend_long where agency = ?", [AGENCY]
        ).fetchall()
    text = text_of(agency_dom)
    missing = [
        (label, value)
        for label, value, approx in cells
        if label not in text or f"{fmt_number(value)}{approx or ''}" not in text
    ]
    assert missing == []


def test_failing_indicator_row_shows_stated_computed_and_status(agency_dom: str) -> None:
    # Failing rows come first; the 2023 cell carries the failure as colour and as text.
    rows = re.findall(r"<tr[ >].*?</tr>", agency_dom.split("<tbody>")[1], re.S)
    assert FAILING in text_of(rows[0])
    cell = re.search(r'<td class="cell st-fail" data-year="2023">.*?</td>', rows[0], re.S)
    assert cell, "the 2023 cell of the failing row is not marked st-fail"
    text = text_of(cell.group())
    for shown in ("2135", "+19%", "+15.66%", "fail", "同比增长19%"):
        assert shown in text, (shown, text)
    assert sum("st-fail" in r for r in rows) == 1  # the sample has one failing cell


def test_screenshot_renders(published: PublishedPaths, tmp_path: Path) -> None:
    shot = tmp_path / "agency.png"
    page = published.agency_pages[AGENCY]
    chromium(page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,2000")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000  # a blank or error page compresses to a few KB
    reports = get_settings().reports_dir
    if reports.is_dir():  # after `make run`, keep the latest picture beside the reports
        (reports / "screenshots").mkdir(exist_ok=True)
        shutil.copy(shot, reports / "screenshots" / "trends_agency.png")


def test_a_cjk_font_is_installed() -> None:
    # Without one, Chromium draws the Chinese labels as empty boxes.
    if shutil.which("fc-list") is None:
        pytest.skip("no fc-list (fontconfig) to ask for CJK fonts")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: `apt-get install fonts-noto-cjk` (.ci/run does)"

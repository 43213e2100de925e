"""PDF text layers: running headers and footers dropped, layout line breaks joined, bad PDFs refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfmaker import pdf_bytes

from tongbi import extract
from tongbi.ingest import SourceSpec, ingest
from tongbi.pdftext import drop_running_lines, is_page_number, join_broken_lines
from tongbi.settings import get_settings

HEADER = "青川市临溪区市场监督管理局文件"
TITLE = "临溪区市场监督管理局2023年工作总结"
# Full lines of 20 characters, as a page of fixed width breaks them.
PAGE_1 = [
    HEADER,
    TITLE,
    "一、优化营商环境",
    "全年全区新设各类市场主体8612户,共有各",
    "类市场主体68127户,同比增长2.74%,其中",
    "企业23741户。",
    "- 1 -",
]
PAGE_2 = [
    HEADER,
    "二、食品安全",
    "完成食品安全监督抽检2674批次,发现不合格",
    "样品58批次。",
    "- 2 -",
]
REPAIRED = (
    f"{TITLE}\n一、优化营商环境\n"
    "全年全区新设各类市场主体8612户,共有各类市场主体68127户,同比增长2.74%,其中企业23741户。\n"
    "二、食品安全\n完成食品安全监督抽检2674批次,发现不合格样品58批次。"
)


@pytest.fixture
def settings(tmp_path):
    return get_settings().with_data_dir(tmp_path / "data")


def source(tmp_path: Path, name: str, data: bytes) -> SourceSpec:
    (tmp_path / name).write_bytes(data)
    return SourceSpec(str(tmp_path / name))


def test_a_pdf_with_a_text_layer_is_repaired_and_its_text_stored(tmp_path, settings):
    doc = ingest(source(tmp_path, "report.pdf", pdf_bytes([PAGE_1, PAGE_2])), settings)
    assert (doc.status, doc.format, doc.year, doc.series) == ("loaded", "pdf", 2023, "工作总结")
    assert doc.text_path == str(settings.text_dir / f"{doc.sha256}.txt")
    text = Path(doc.text_path).read_text(encoding="utf-8")
    assert text == REPAIRED
    facts = extract.extract_text(text, doc.doc)
    assert {f.stated for f in facts} >= {"8612", "68127", "2.74", "2674"}
    assert all(text[f.start : f.end] == f.quote for f in facts)  # offsets refer to the stored text


REJECTED = [
    ("scanned: pages without text", pdf_bytes([[], []]), "without a text layer (2 page(s)"),
    ("truncated download", pdf_bytes([PAGE_1])[:-300], "truncated PDF"),
    ("damaged body", b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n", "damaged PDF"),
]


@pytest.mark.parametrize(("case", "data", "says"), REJECTED, ids=[r[0] for r in REJECTED])
def test_bad_pdfs_are_rejected_with_a_reason(tmp_path, settings, case, data, says):
    doc = ingest(source(tmp_path, "report.pdf", data), settings)
    assert (doc.status, doc.format) == ("rejected", "pdf")
    assert says in doc.message
    assert Path(doc.raw_path).read_bytes() == data  # the original is archived all the same


JOINS = [
    ("mid-sentence break at full width", ["共有各类市场主体", "68127户。"], ["共有各类市场主体68127户。"]),
    ("sentence end keeps the break", ["完成抽检2674批次。", "新增示范店31家。"], ["完成抽检2674批次。", "新增示范店31家。"]),
    ("a heading starts a paragraph", ["坚持包容审慎,监管履职", "(一)信用监管"], ["坚持包容审慎,监管履职", "(一)信用监管"]),
    ("a short line is a title", ["总结", "全年新设市场主体8612户,同比增长", "2.74%。"], ["总结", "全年新设市场主体8612户,同比增长2.74%。"]),
    ("latin words get their space", ["the State Administration for Market", "Regulation"], ["the State Administration for Market Regulation"]),
]  # fmt: skip


@pytest.mark.parametrize(("case", "lines", "joined"), JOINS, ids=[j[0] for j in JOINS])
def test_join_broken_lines(case, lines, joined):
    assert join_broken_lines(lines) == joined


def test_running_lines_need_every_page():
    pages = [["嘉定区市场监管局", "正文一", "第 1 页"], ["正文二", "第 2 页"]]
    # The header is on one page only: it stays; the page numbers go.
    assert drop_running_lines(pages) == ["嘉定区市场监管局", "正文一", "正文二"]


@pytest.mark.parametrize(
    ("line", "is_number"),
    [("- 3 -", True), ("第3页", True), ("第 3 页 共 12 页", True), ("3/12", True), ("2023", False), ("一、总体情况", False)],
)  # fmt: skip
def test_is_page_number(line, is_number):
    assert is_page_number(line) is is_number

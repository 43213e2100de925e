"""Ingest: sources found, bytes archived first, encodings and formats detected, metadata read."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import random
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from tongbi import ingest as ingest_module
from tongbi.docmeta import detect
from tongbi.formats import UnreadableSource, html_to_text
from tongbi.ingest import SourceSpec, discover, ingest, read_manifest, read_text
from tongbi.settings import get_settings

SHARED = Path(os.environ.get("TONGBI_SHARED") or Path(__file__).resolve().parents[2] / "shared")
REAL = SHARED / "corpus" / "real"
needs_shared = pytest.mark.skipif(
    not REAL.is_dir(), reason=f"real corpus not found at {REAL} (set TONGBI_SHARED)"
)
SAMPLES = get_settings().samples_dir

TITLE = "临溪区市场监督管理局2021年工作总结"
BODY = "共有各类市场主体66310户,同比增长5.35%。"
TEXT = f"{TITLE}\n{BODY}\n"


@pytest.fixture
def settings(tmp_path):
    return get_settings().with_data_dir(tmp_path / "data")


def write(tmp_path: Path, name: str, data: bytes) -> SourceSpec:
    """A source file in tmp_path holding `data`."""
    path = tmp_path / name
    path.write_bytes(data)
    return SourceSpec(str(path))


# --- encodings ------------------------------------------------------------------------

ENCODINGS = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom"),
    ("utf-16 le with BOM", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le-bom"),
    ("utf-16 be with BOM", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be-bom"),
    ("gb18030", TEXT.encode("gb18030"), "gb18030"),
    ("gbk", TEXT.encode("gbk"), "gb18030"),  # GB18030 is GBK's superset
    ("gbk, CRLF", TEXT.replace("\n", "\r\n").encode("gbk"), "gb18030"),
    ("utf-8, CR", TEXT.replace("\n", "\r").encode("utf-8"), "utf-8"),
]


@pytest.mark.parametrize(("case", "data", "encoding"), ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_encodings_are_detected_and_text_is_exact(tmp_path, settings, case, data, encoding):
    doc = ingest(write(tmp_path, "report.txt", data), settings)
    assert (doc.status, doc.format, doc.encoding) == ("loaded", "txt", encoding)
    assert Path(doc.text_path).read_text(encoding="utf-8") == TEXT
    assert doc.n_chars == len(TEXT)
    assert (doc.year, doc.title, doc.series) == (2021, TITLE, "工作总结")


def test_html_declaring_gbk_is_decoded_and_stripped(tmp_path, settings):
    page = (
        "<!DOCTYPE html><html><head><meta charset=gbk><title>临溪区</title>"
        "<style>p{color:red}</style><script>var a='2019年';</script></head><body>"
        "<nav><a href='/'>首页</a></nav><header>临溪区人民政府</header>"
        f"<h1>{TITLE}</h1><p>&nbsp;&nbsp;共有各类市场主体66310户,同比增长5.35%。</p>"
        "<p>投诉举报&ldquo;3.4万件&rdquo;&amp;其他</p><footer>主办:临溪区</footer></body></html>"
    )
    doc = ingest(write(tmp_path, "page.txt", page.encode("gbk")), settings)
    assert (doc.status, doc.format, doc.encoding) == ("loaded", "html", "gb18030")
    assert (
        Path(doc.text_path).read_text(encoding="utf-8")
        == f"{TITLE}\n{BODY}\n投诉举报“3.4万件”&其他"
    )


def test_plain_text_named_html_is_text(tmp_path, settings):
    doc = ingest(write(tmp_path, "report.html", TEXT.encode("utf-8")), settings)
    assert (doc.format, doc.status) == ("txt", "loaded")


HTML_CASES = [
    (
        "metadata table rows are page metadata, not text",
        "<table><tr><td>索引号:</td><td>LX-1</td><td>发布机构:</td><td>区市场监管局</td></tr>"
        "<tr><td>关键词:</td><td></td><td>主题分类:</td><td>主动公开文件</td></tr></table>",
        "",
    ),
    (
        "a data table headed 名称 stays text",
        "<table><tr><td>名称</td><td>数量</td></tr><tr><td>食品经营许可证</td><td>1302张</td></tr></table>",
        "名称 | 数量 |\n食品经营许可证 | 1302张 |",
    ),
    (
        "div chrome: crumb, share, nested divs",
        "<div class='crumb'>当前位置:<div>首页</div>&gt; 部门文件</div><p>正文</p>"
        "<div id='share-bar'>分享到:<a>微信</a></div><div class='nav-menu'><ul><li>首页</li></ul></div>",
        "正文",
    ),
    (
        "br and div breaks",
        "<div>一、总体情况<br>1.市场主体</div><div>二、执法</div>",
        "一、总体情况\n1.市场主体\n二、执法",
    ),
    (
        "inline tags keep the line",
        "<p>检查<b>16757</b>户次,<span>问题发现率</span>39.43%</p>",
        "检查16757户次,问题发现率39.43%",
    ),
    (
        "layout table cell with paragraphs",
        "<table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>",
        "第一段。\n第二段。",
    ),
    ("unclosed head", "<html><head><title>t</title><body><p>正文</p></body></html>", "正文"),
    ("entities", "<p>文&nbsp;号:&lt;1&gt; &#20851;</p>", "文 号:<1> 关"),
]


@pytest.mark.parametrize(("case", "markup", "text"), HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_to_text(case, markup, text):
    assert html_to_text(markup) == text


def docx_bytes(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    """A minimal .docx: paragraphs and one table."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    trs = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{c}</w:t></w:r></w:p></w:tc>" for c in r)
        + "</w:tr>"
        for r in rows
    )
    xml = f"<w:document {w}><w:body>{ps}<w:tbl>{trs}</w:tbl></w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_docx_is_read_with_the_stdlib(tmp_path, settings):
    data = docx_bytes([TITLE, BODY], [["文号:", "临市监办〔2022〕9号"]])
    doc = ingest(write(tmp_path, "report.docx", data), settings)
    assert (doc.status, doc.format, doc.doc_number) == ("loaded", "docx", "临市监办〔2022〕9号")
    assert Path(doc.text_path).read_text(encoding="utf-8") == f"{TEXT}文号: | 临市监办〔2022〕9号 |"


def zip_bytes(member: str) -> bytes:
    """A zip archive holding one empty member."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(member, "")
    return buf.getvalue()


# --- rejections -----------------------------------------------------------------------

_noise = bytearray(random.Random(7).randbytes(4096))
NOISE = bytes(b or 1 for b in _noise)  # binary without NUL bytes

REJECTIONS = [
    ("empty file", b"", "report.txt", "empty file"),
    ("binary with NUL bytes", bytes(range(256)) * 8, "report.txt", "binary file"),
    ("binary without NUL bytes", NOISE, "report.txt", "undecodable"),
    (
        "no year",
        "安徽上半年新设各类经营主体超70万户\n今年上半年新设708680户。".encode(),
        "a.txt",
        "no reporting year",
    ),
    (
        "legacy .doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100,
        "a.doc",
        "legacy Microsoft Office",
    ),
    ("zip, not docx", zip_bytes("xl/workbook.xml"), "a.docx", "not a .docx"),
    ("truncated docx", docx_bytes([TITLE], [])[:60], "a.docx", "damaged or truncated"),
    (
        "html with no text",
        b"<html><head><script>x=1</script></head><body></body></html>",
        "a.html",
        "no text",
    ),
]


@pytest.mark.parametrize(
    ("case", "data", "name", "reason"), REJECTIONS, ids=[c[0] for c in REJECTIONS]
)
def test_bad_input_is_rejected_with_a_reason(tmp_path, settings, case, data, name, reason):
    doc = ingest(write(tmp_path, name, data), settings)
    assert doc.status == "rejected"
    assert reason in doc.message
    assert Path(doc.raw_path).read_bytes() == data  # archived all the same


def test_a_missing_file_is_rejected_not_raised(tmp_path, settings):
    doc = ingest(SourceSpec(str(tmp_path / "gone.txt")), settings)
    assert (doc.status, doc.doc, doc.raw_path) == ("rejected", "", None)
    assert "cannot read" in doc.message


def test_a_year_given_rescues_a_text_without_one(tmp_path, settings):
    spec = write(tmp_path, "a.txt", "安徽上半年新设各类经营主体超70万户\n正文。".encode())
    spec.year, spec.agency = 2023, "安徽省市场监督管理局"
    doc = ingest(spec, settings)
    assert (doc.status, doc.year) == ("loaded", 2023)
    assert doc.message == (
        "manifest sets agency 安徽省市场监督管理局 (detected none); "
        "manifest sets year 2023 (detected none)"
    )


# --- archive and text files -----------------------------------------------------------


def test_bytes_are_archived_before_anything_else(tmp_path, settings, monkeypatch):
    data = TEXT.encode("gbk")
    sha = hashlib.sha256(data).hexdigest()
    seen = []

    def decode_spy(raw: bytes):
        seen.append(sorted(p.name for p in settings.raw_dir.iterdir()))
        raise UnreadableSource("stop here")

    monkeypatch.setattr(ingest_module, "decode_source", decode_spy)
    doc = ingest(write(tmp_path, "Report.TXT", data), settings)
    assert seen == [[f"{sha}.txt"]]
    assert (doc.status, doc.doc, doc.sha256) == ("rejected", sha[:12], sha)
    assert (settings.raw_dir / f"{sha}.txt").read_bytes() == data


def test_archive_is_written_once_and_leaves_no_temp_files(tmp_path, settings):
    spec = write(tmp_path, "a.txt", TEXT.encode())
    first = ingest(spec, settings)
    Path(first.raw_path).write_bytes(b"sentinel")  # an existing archive is never rewritten
    second = ingest(spec, settings)
    assert Path(second.raw_path).read_bytes() == b"sentinel"
    assert first.doc == second.doc
    assert [p.name for p in settings.raw_dir.iterdir()] == [f"{first.sha256}.txt"]
    texts = sorted(p.name for p in settings.text_dir.iterdir())
    assert texts[0].startswith(f"{first.sha256}.") and texts[0].endswith(".json")  # its description
    assert texts[1:] == [f"{first.sha256}.txt"]


def test_known_bytes_are_not_decoded_again(tmp_path, settings, monkeypatch):
    spec = write(tmp_path, "a.txt", TEXT.encode("gbk"))
    first = ingest(spec, settings)
    assert first.status == "loaded"

    def no_decoding(data):
        raise AssertionError("decoded again")

    monkeypatch.setattr(ingest_module, "decode_source", no_decoding)
    renamed = tmp_path / "b.txt"
    Path(spec.location).rename(renamed)
    again = ingest(SourceSpec(str(renamed)), settings)
    assert again == replace(first, source=str(renamed))
    # Another manifest value, or a lost text file: described afresh.
    with pytest.raises(AssertionError, match="decoded again"):
        ingest(SourceSpec(str(renamed), year=2020), settings)
    Path(first.text_path).unlink()
    with pytest.raises(AssertionError, match="decoded again"):
        ingest(SourceSpec(str(renamed)), settings)


def test_read_text_decodes_without_writing(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(TEXT.encode("gbk"))
    text, doc = read_text(path)
    assert (text, doc) == (TEXT, hashlib.sha256(TEXT.encode("gbk")).hexdigest()[:12])


# --- metadata -------------------------------------------------------------------------

METADATA = [
    # text, year, agency, series
    (
        "上海市嘉定区市场监督管理局\n嘉定区市场监督管理局2023年工作总结\n正文。",
        2023,
        "上海市嘉定区市场监督管理局",
        "工作总结",
    ),
    ("嘉定区市场监督管理局2023年工作总结\n正文。", 2023, "嘉定区市场监督管理局", "工作总结"),
    ("2023年张家港市国民经济和社会发展统计公报\n正文。", 2023, "张家港市统计局", "统计公报"),
    ("2022年临溪区国民经济和社会发展统计公报", 2022, "临溪区统计局", "统计公报"),
    (
        "上海市嘉定区市场监督管理局关于2023年法治政府建设情况的报告",
        2023,
        "上海市嘉定区市场监督管理局",
        "法治政府建设",
    ),
    (
        "市场监管总局关于2023年市场监管部门食品安全监督抽检情况的通告",
        2023,
        "市场监管总局",
        "食品安全监督抽检",
    ),
    ("青川市2021年度执法稽查工作情况通报", 2021, "青川市", "执法稽查"),
    ("临溪区市场监督管理局2022年度工作要点", 2022, "临溪区市场监督管理局", "工作要点"),
    ("临溪区2020年重点项目简报", 2020, "临溪区", "report"),
    # the reporting year is the title's, not the publication date's
    (
        f"{TITLE}\n正文。\n青川市临溪区市场监督管理局\n2022年2月10日",
        2021,
        "青川市临溪区市场监督管理局",
        "工作总结",
    ),
]


@pytest.mark.parametrize(
    ("text", "year", "agency", "series"), METADATA, ids=[m[0][:24] for m in METADATA]
)
def test_metadata_from_titles(text, year, agency, series):
    meta = detect(text)
    assert (meta.year, meta.agency, meta.series) == (year, agency, series)


DOC_NUMBERS = [
    ("嘉市监办〔2024〕25号上海市嘉定区市场监督管理局关于印发", "嘉市监办〔2024〕25号"),
    ("文 号: | 临市监办[2022]9号 |", "临市监办[2022]9号"),
    ("通告〔2023年 第12号〕", None),  # a 公告 number, not a 文号
]


@pytest.mark.parametrize(("text", "number"), DOC_NUMBERS)
def test_doc_number(text, number):
    assert detect(f"{TITLE}\n{text}").doc_number == number


PUBLISHED = [
    (f"{TITLE}\n正文。\n2022年2月10日", "2022-02-10"),
    (f"生效日期: | 2024年02月07日 | 文 号: | 嘉市监办〔2024〕25号 |\n{TITLE}", "2024-02-07"),
    (f"{TITLE}\n2022年2月30日", None),  # no such day
    (TEXT, None),
]


@pytest.mark.parametrize(("text", "date"), PUBLISHED)
def test_publication_date(text, date):
    assert detect(text).published == date


def test_manifest_values_win_and_are_noted(tmp_path, settings):
    spec = write(tmp_path, "a.txt", TEXT.encode())
    spec.agency, spec.year = "青川市临溪区市场监督管理局", 2022
    doc = ingest(spec, settings)
    assert (doc.agency, doc.year, doc.series) == ("青川市临溪区市场监督管理局", 2022, "工作总结")
    assert doc.message == (
        "manifest sets agency 青川市临溪区市场监督管理局 (detected 临溪区市场监督管理局); "
        "manifest sets year 2022 (detected 2021)"
    )


# --- manifest and discovery -----------------------------------------------------------


def test_read_manifest(tmp_path):
    (tmp_path / "m.csv").write_text(
        "path,agency,year,series\na.txt,临溪区,2021,工作总结\nsub/b.html,,,\n", encoding="utf-8-sig"
    )
    assert read_manifest(tmp_path / "m.csv") == [
        SourceSpec(str(tmp_path / "a.txt"), "临溪区", "工作总结", 2021),
        SourceSpec(str(tmp_path / "sub" / "b.html"), None, None, None),
    ]


BAD_MANIFESTS = [
    ("path,agency\na.txt,x\n", "line 1", "year"),
    ("path,agency,year\na.txt,x,2021\nb.txt,x\n", "line 3", "fields"),
    ("path,agency,year\na.txt,x,二〇二一\n", "line 2", "not an integer"),
    ("path,agency,year\n,x,2021\n", "line 2", "empty path"),
    ("path,agency,year\na.txt,x,2021,extra\n", "line 2", "fields"),
]


@pytest.mark.parametrize(("content", "line", "words"), BAD_MANIFESTS)
def test_bad_manifest_rows_name_the_line(tmp_path, content, line, words):
    (tmp_path / "m.csv").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=f"{line}.*{words}"):
        read_manifest(tmp_path / "m.csv")


def test_discover_walks_folders_sorted_and_deduplicated(tmp_path):
    names = [
        "b.txt",
        "a.html",
        "sub/c.htm",
        "sub/d.PDF",
        "e.docx",
        "README.md",
        "manifest.csv",
        "notes.csv",
        ".hidden.txt",
        ".git/x.txt",
    ]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = discover([str(tmp_path), str(tmp_path / "b.txt")])
    expected = ["a.html", "b.txt", "e.docx", "sub/c.htm", "sub/d.PDF"]
    assert [s.location for s in found] == [str((tmp_path / n).resolve()) for n in expected]


def test_discover_missing_path_raises_with_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.txt"):
        discover([str(tmp_path / "nowhere.txt")])


# --- the samples and the real corpus --------------------------------------------------

TRUTH = yaml.safe_load((SAMPLES / "truth.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("year", sorted(TRUTH["documents"]))
def test_samples_ingest_as_documented(settings, year):
    meta = TRUTH["documents"][year]
    doc = ingest(SourceSpec(str(SAMPLES / meta["file"])), settings)
    assert doc.status == "loaded", doc.message
    got = (doc.format, doc.encoding, doc.title, doc.doc_number, doc.published, doc.year)
    assert got == (
        meta["format"],
        meta["encoding"],
        meta["title"],
        meta["doc_number"],
        meta["published"],
        year,
    )
    assert (doc.agency, doc.series) == (TRUTH["agency"], TRUTH["series"])
    text = Path(doc.text_path).read_text(encoding="utf-8")
    assert [f["quote"] for f in TRUTH["facts"][year] if f["quote"] not in text] == []


def test_sample_manifest_agrees_with_detection(settings):
    docs = [ingest(spec, settings) for spec in read_manifest(SAMPLES / "manifest.csv")]
    assert [(d.status, d.year, d.message) for d in docs] == [
        ("loaded", y, None) for y in sorted(TRUTH["documents"])
    ]


REAL_CASES = [
    # file, year, agency, series, doc_number, published
    (
        "jiading_2023_summary.txt",
        2023,
        "上海市嘉定区市场监督管理局",
        "工作总结",
        "嘉市监办〔2024〕25号",
        "2024-02-07",
    ),
    ("zhangjiagang_2023_tjgb.txt", 2023, "张家港市统计局", "统计公报", None, None),
    ("samr_2021_food-sampling.txt", 2021, "市场监管总局", "食品安全监督抽检", None, None),
]


@needs_shared
@pytest.mark.parametrize(("name", "year", "agency", "series", "number", "date"), REAL_CASES)
def test_real_documents(settings, name, year, agency, series, number, date):
    doc = ingest(SourceSpec(str(REAL / name)), settings)
    assert doc.status == "loaded"
    assert (doc.year, doc.agency, doc.series, doc.doc_number, doc.published) == (
        year,
        agency,
        series,
        number,
        date,
    )
    assert (
        Path(doc.text_path).read_bytes() == (REAL / name).read_bytes()
    )  # UTF-8 text kept as printed


@needs_shared
def test_real_report_without_an_agency_is_rejected_unless_given(settings):
    spec = SourceSpec(str(REAL / "samr_2022_food-sampling.txt"))
    doc = ingest(spec, settings)
    assert (doc.status, doc.year, doc.series) == ("rejected", 2022, "食品安全监督抽检")
    assert doc.message.startswith("no reporting body (agency)")
    spec.agency = "市场监管总局"
    assert (ingest(spec, settings).status, ingest(spec, settings).published) == ("loaded", "2023-05-16")


@needs_shared
def test_real_news_item_without_a_year_is_rejected_unless_given(settings):
    spec = SourceSpec(str(REAL / "anhui_H1-unknown-year_market-entities.txt"))
    assert ingest(spec, settings).status == "rejected"
    spec.year, spec.agency = 2023, "安徽省市场监督管理局"
    assert (ingest(spec, settings).status, ingest(spec, settings).year) == ("loaded", 2023)

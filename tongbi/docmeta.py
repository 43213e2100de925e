"""Document metadata from its text: title, reporting year, agency, series, 文号, publication date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

HEAD_LINES = 40  # the title and the 印发通知 header sit in the first lines
HEAD_CHARS = 1500
CJK = r"\u4e00-\u9fff"
YEAR = r"((?:19|20)\d{2})\s*年"
# A year that is part of a date (2024年2月7日) or of a 文号 (〔2024〕) is a publication year.
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
YEAR_IN_TEXT = re.compile(rf"(?<![\d〔\[［(（]){YEAR}(?!\s*\d{{1,2}}\s*月)(?![^〔〕\n]{{0,8}}〕)")
TITLE_WORDS = (
    "总结",
    "公报",
    "报告",
    "通告",
    "通报",
    "情况",
    "要点",
    "计划",
    "年报",
    "白皮书",
    "公告",
    "简报",
)
PUNCT = ",,。;;::!!??、"
TITLE_LINE = re.compile(
    rf"^(?P<pre>[^{PUNCT}|]{{0,40}}?){YEAR}(?:度)?(?P<post>[^{PUNCT}|]{{1,40}})$"
)
QUOTED_TITLE = re.compile(r"《([^》]{4,60})》")
DOC_NUMBER = re.compile(
    rf"[{CJK}]{{1,8}}[〔\[［(（]\s*(?:19|20)\d{{2}}\s*[〕\]］)）]\s*\d{{1,4}}\s*号"
)
DATE_LABEL = re.compile(r"(?:发布日期|发布时间|生效日期|成文日期|印发日期)\s*[::]?\s*\|?\s*")
# The place an agency belongs to: 上海市, 江南省青川市, 嘉定区 …
PLACE = re.compile(rf"^[{CJK}]{{1,12}}?(?:省|自治区|市|自治州|州|地区|盟|县|区|旗)")
ADMIN_END = ("省", "自治区", "市", "州", "地区", "盟", "县", "区", "旗")
ORG_END = (
    "局",
    "委员会",
    "委",
    "办公室",
    "办",
    "厅",
    "院",
    "部",
    "署",
    "政府",
    "中心",
    "所",
    "队",
    "会",
    "处",
    "馆",
)
# Title keywords -> series, most specific first (法治政府建设情况的报告 is not a 工作总结).
SERIES = (
    ("法治政府建设", "法治政府建设"),
    ("食品安全监督抽检", "食品安全监督抽检"),
    ("执法稽查", "执法稽查"),
    ("统计公报", "统计公报"),
    ("政府信息公开工作年度报告", "政府信息公开年报"),
    ("政府工作报告", "政府工作报告"),
    ("预算执行", "预算执行"),
    ("工作总结", "工作总结"),
    ("工作要点", "工作要点"),
    ("工作计划", "工作计划"),
)


@dataclass
class Metadata:
    """What the text says about itself; notes say how a value was found when not from the title."""

    title: str | None = None
    year: int | None = None
    agency: str | None = None
    series: str = "report"
    doc_number: str | None = None
    published: str | None = None
    notes: list[str] = field(default_factory=list)


def detect(text: str, page: dict[str, str] | None = None) -> Metadata:
    """The metadata detected in a document's text, gaps filled from its web page's 索引号 table."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    head = lines[:HEAD_LINES]
    meta = Metadata(
        doc_number=find_doc_number(text[: HEAD_CHARS * 2]), published=find_published(lines)
    )
    title, match = find_title(head)
    meta.title = title
    meta.year = title_year(title)
    if meta.year is None:
        meta.year = text_year(text[:HEAD_CHARS])
        if meta.year is not None:
            meta.notes.append(f"year {meta.year} from the text (no year in the title)")
    meta.series = find_series(title, text[: HEAD_CHARS // 3])
    meta.agency = find_agency(match, title, meta.series, lines)
    if page:
        fill_from_page(meta, page)
    return meta


# The page's own labels for each field, most specific first.
PAGE_FIELDS = {
    "title": ("标题", "名称"),
    "agency": ("发布机构", "发文机关", "发文机构", "信息来源"),
    "doc_number": ("文号", "发文字号", "文件编号"),
    "published": ("成文日期", "发布日期", "发布时间", "生效日期"),
}
PAGE_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def fill_from_page(meta: Metadata, page: dict[str, str]) -> None:
    """Fills what the text did not say from the page's metadata table, noting each use."""
    # The text wins: the page table is typed in by a web editor, the text is the document.
    for name, labels in PAGE_FIELDS.items():
        value = next((page[label] for label in labels if page.get(label)), None)
        if name == "published" and value:
            match = PAGE_DATE.search(value)
            value = iso_date(match) if match else None
        if value and getattr(meta, name) is None:
            setattr(meta, name, value)
            meta.notes.append(f"{name} {value} from the page's metadata table")
    if meta.year is None and meta.title:
        meta.year = title_year(meta.title)


def find_title(head: list[str]) -> tuple[str | None, re.Match | None]:
    """The title line (a standalone `…YYYY年…总结/公报/报告` line, else 《…》), and its match."""
    for line in head:
        match = title_match(line)
        if match:
            return line, match
    for line in head:
        for quoted in QUOTED_TITLE.findall(line):
            match = title_match(quoted)
            if match:
                return quoted, match
    return fallback_title(head), None


def title_match(line: str) -> re.Match | None:
    """The TITLE_LINE match of a line ending in a title word, not a date line."""
    if DATE.search(line) or not line.endswith(TITLE_WORDS):
        return None
    return TITLE_LINE.match(line)


def fallback_title(head: list[str]) -> str | None:
    """A headline before the first paragraph: some Chinese, no sentence end, no caption or row."""
    for line in head:
        if len(line) > 60:
            return None  # past the headline: a news item's later lines are subheadings
        n_cjk = len(re.findall(f"[{CJK}]", line))
        if (
            n_cjk >= 8
            and "|" not in line
            and not line.startswith(("(", "(", "【", "["))
            and not line.endswith(("。", ",", ","))
        ):
            return line
    return None


def title_year(title: str | None) -> int | None:
    """The reporting year printed in the title, ignoring dates and 文号 years."""
    match = YEAR_IN_TEXT.search(title or "")
    return int(match.group(1)) if match else None


def text_year(text: str) -> int | None:
    """The most frequent year in the head of the text (dates and 文号 excluded), or None."""
    years = Counter(int(m.group(1)) for m in YEAR_IN_TEXT.finditer(text))
    return years.most_common(1)[0][0] if years else None


def find_series(title: str | None, head: str) -> str:
    """The series a title's keywords name (the head when the title names none), else "report"."""
    for where in (title or "", head):
        for keyword, series in SERIES:
            if keyword in where:
                return series
    return "report"


def find_agency(
    match: re.Match | None, title: str | None, series: str, lines: list[str]
) -> str | None:
    """The reporting body: the title's, in its fullest form printed on a line of its own.

    嘉定区市场监督管理局2023年工作总结 names 嘉定区市场监督管理局; the header and signature
    print 上海市嘉定区市场监督管理局, the name we keep. A 统计公报 titled by a place alone
    (2023年张家港市国民经济和社会发展统计公报) is issued by that place's 统计局.
    """
    if match is None:
        return issuer(title or "")
    name = match.group("pre").strip().removesuffix("关于").strip()
    if not name:
        place = PLACE.match(match.group("post"))
        name = place.group(0) if place else ""
    if not name:
        return None
    if name.endswith(ADMIN_END) and not name.endswith(ORG_END):
        return name + "统计局" if series == "统计公报" else name
    return fullest_name(name, lines)


def issuer(title: str) -> str | None:
    """The body a headline names before 关于 or a colon (市场监管总局关于…), when it is an organisation."""
    match = re.match(rf"([{CJK}]{{2,20}}?)(?:关于|:|:)", title)
    return match.group(1) if match and match.group(1).endswith(ORG_END) else None


def fullest_name(name: str, lines: list[str]) -> str:
    """The longest standalone line that is a place prefix + name (上海市 + 嘉定区市场监督管理局)."""
    best = name
    for line in lines:
        prefix = line.removesuffix(name)
        is_place = re.fullmatch(f"[{CJK}]{{2,16}}", prefix) and prefix.endswith(ADMIN_END)
        if prefix != line and is_place and len(line) > len(best):
            best = line
    return best


def find_doc_number(head: str) -> str | None:
    """The first 文号 in the head (嘉市监办〔2024〕25号), spaces removed."""
    match = DOC_NUMBER.search(head)
    return re.sub(r"\s+", "", match.group(0)) if match else None


def find_published(lines: list[str]) -> str | None:
    """The publication date as ISO: a date line of its own (the signature), else a labelled date."""
    for line in lines:
        match = DATE.fullmatch(line)
        if match and iso_date(match):
            return iso_date(match)
    for line in lines[:HEAD_LINES]:
        label = DATE_LABEL.search(line)
        match = label and DATE.match(line, label.end())
        if match and iso_date(match):
            return iso_date(match)
    return None


def iso_date(match: re.Match) -> str | None:
    """YYYY-MM-DD from a DATE match, or None when it is no calendar date."""
    try:
        return dt.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None

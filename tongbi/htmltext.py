"""Visible text of an HTML page with the stdlib parser: blocks as lines, data rows as `a | b |`."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page: one line per block, table rows as `a | b |` lines."""
    return html_page(markup)[0]


def html_page(markup: str) -> tuple[str, dict[str, str]]:
    """(text, metadata): the document's text without page chrome, and the 索引号 table's fields."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.result(), parser.meta


# Never visible, or site furniture rather than the document (navigation, banners).
SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "nav",
    "header",
    "footer",
    "iframe",
    "svg",
    "object",
    "select",
    "button",
}
BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "aside",
    "main",
    "blockquote",
    "pre",
    "hr",
    "table",
    "caption",
    "figure",
    "figcaption",
    "address",
    "center",
    "form",
    "fieldset",
    "tbody",
    "thead",
    "tfoot",
}
# class/id words of site furniture that government CMSs mark with a <div>, not <nav>/<footer>.
CHROME_WORDS = {
    "nav", "navbar", "menu", "crumb", "crumbs", "breadcrumb", "position", "location", "footer",
    "foot", "share", "banner", "copyright", "sidebar", "toolbar", "topbar", "search", "login",
}  # fmt: skip
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "wbr"}
# Labels of the 政府信息公开 metadata table (索引号, 发布机构, 文号 …) printed above a document.
META_LABELS = {
    "索引号", "发布机构", "发文机关", "发文机构", "文号", "发文字号", "文件编号", "成文日期",
    "发布日期", "发布时间", "生效日期", "废止日期", "主题分类", "主题词", "关键词", "公开方式",
    "公开范围", "公开时限", "信息来源", "有效性", "名称", "标题", "组配分类", "体裁分类",
    "信息分类", "时效",
}  # fmt: skip
# The labels that make a row the metadata table's (名称 or 标题 alone may head a data table).
STRONG_LABELS = {
    "索引号",
    "发布机构",
    "发文机关",
    "文号",
    "发文字号",
    "成文日期",
    "发布日期",
    "主题分类",
}
# A label, spaced or not (文&nbsp;号), then a colon or the end of its cell.
LABEL = re.compile(
    r"^\s*("
    + "|".join(r"\s*".join(label) for label in sorted(META_LABELS, key=len, reverse=True))
    + r")\s*(?:[:\uff1a]\s*|$)"
)
SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
SHORT_CELL = 80  # longer cells, or cells holding paragraphs, mean a layout table


class _Frame:
    """A text container: the page, or one table cell; rows collect cells."""

    def __init__(self, kind: str):
        self.kind = kind  # root | cell | row
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.cells: list[_Frame] = []

    def flush(self) -> None:
        line = SPACES.sub(" ", "".join(self.buf)).strip()
        if line:
            self.lines.append(line)
        self.buf = []


class _TextParser(HTMLParser):
    """Collects visible text, dropping SKIP_TAGS, breaking lines at blocks, rendering data rows."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = [_Frame("root")]
        self.skip: list[str] = []
        self.meta: dict[str, str] = {}

    def text_frame(self) -> _Frame:
        return next(f for f in reversed(self.stack) if f.kind != "row")

    def handle_starttag(self, tag, attrs):
        if tag == "body" and "head" in self.skip:
            self.skip.remove("head")  # an unclosed <head> ends where the body starts
        if tag in SKIP_TAGS or (tag not in VOID_TAGS and (tag in self.skip or is_chrome(attrs))):
            self.skip.append(tag)  # a nested tag of the name being skipped counts its depth
        elif self.skip:
            return
        elif tag == "tr":
            self.close_row()
            self.stack.append(_Frame("row"))
        elif tag in ("td", "th"):
            self.close_cell()
            if self.stack[-1].kind != "row":
                self.stack.append(_Frame("row"))
            self.stack.append(_Frame("cell"))
        elif tag in BLOCK_TAGS:
            self.text_frame().flush()

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag in BLOCK_TAGS:
            self.text_frame().flush()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS or tag in self.skip:
            if tag in self.skip:
                del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag) :]
        elif self.skip:
            return
        elif tag in ("td", "th"):
            self.close_cell()
        elif tag in ("tr", "table"):
            self.close_row()
        elif tag in BLOCK_TAGS:
            self.text_frame().flush()

    def handle_data(self, data):
        if not self.skip:
            self.text_frame().buf.append(data)

    def close_cell(self) -> None:
        if self.stack[-1].kind == "cell":
            cell = self.stack.pop()
            cell.flush()
            self.stack[-1].cells.append(cell)

    def close_row(self) -> None:
        self.close_cell()
        if self.stack[-1].kind == "row":
            row = self.stack.pop()
            parent = self.text_frame()
            parent.flush()
            fields = metadata_row([" ".join(c.lines) for c in row.cells])
            if fields is not None:
                self.meta.update(fields)  # the metadata table is about the page, not its text
                return
            parent.lines.extend(render_row([c.lines for c in row.cells]))

    def result(self) -> str:
        while len(self.stack) > 1:
            self.close_row()
        root = self.stack[0]
        root.flush()
        return "\n".join(root.lines)


def is_chrome(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element's class or id names site furniture (nav-bar, crumb, footer, share …)."""
    words = " ".join(v or "" for k, v in attrs if k in ("class", "id")).lower()
    return any(w in CHROME_WORDS for w in re.split(r"[\s_-]+", words))


def metadata_row(cells: list[str]) -> dict[str, str] | None:
    """The label → value pairs of a 索引号-table row (索引号: | LX-1 | 发布机构: | …), else None."""
    cells = [c.strip() for c in cells if c.strip()]
    if not cells or not LABEL.match(cells[0]):
        return None
    fields: dict[str, str] = {}
    i = 0
    while i < len(cells):
        match = LABEL.match(cells[i])
        if not match:  # a stray value: not the metadata table after all
            return None
        label, rest = SPACES.sub("", match.group(1)), cells[i][match.end() :].strip()
        if not rest and i + 1 < len(cells) and not LABEL.match(cells[i + 1]):
            rest, i = cells[i + 1], i + 1
        fields[label] = SPACES.sub(" ", rest)
        i += 1
    return fields if STRONG_LABELS & fields.keys() else None


def render_row(cells: list[list[str]]) -> list[str]:
    """A data row as one `a | b |` line (empty cells dropped); a layout row as its cells' lines."""
    if any(len(c) > 1 or any(len(line) > SHORT_CELL for line in c) for c in cells):
        return [line for c in cells for line in c]
    values = [c[0] for c in cells if c]
    return [" | ".join(values) + " |"] if values else []

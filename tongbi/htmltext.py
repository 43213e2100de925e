"""Visible text of an HTML page with the stdlib parser: blocks as lines, data rows as `a | b |`."""

from __future__ import annotations

import re
from html.parser import HTMLParser


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page: one line per block, table rows as `a | b |` lines."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.result()


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

    def text_frame(self) -> _Frame:
        return next(f for f in reversed(self.stack) if f.kind != "row")

    def handle_starttag(self, tag, attrs):
        if tag == "body" and "head" in self.skip:
            self.skip.remove("head")  # an unclosed <head> ends where the body starts
        if tag in SKIP_TAGS:
            self.skip.append(tag)
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
        if tag in SKIP_TAGS:
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
            parent.lines.extend(render_row([c.lines for c in row.cells]))

    def result(self) -> str:
        while len(self.stack) > 1:
            self.close_row()
        root = self.stack[0]
        root.flush()
        return "\n".join(root.lines)


def render_row(cells: list[list[str]]) -> list[str]:
    """A data row as one `a | b |` line (empty cells dropped); a layout row as its cells' lines."""
    if any(len(c) > 1 or any(len(line) > SHORT_CELL for line in c) for c in cells):
        return [line for c in cells for line in c]
    values = [c[0] for c in cells if c]
    return [" | ".join(values) + " |"] if values else []

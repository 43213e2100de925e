"""Figures in tables printed as text: a cell takes its unit and label from its column header.

SAMR's 各类食品监督抽检结果汇总表 comes as `|` rows (序号 | 食品种类 | 样品抽检 数量/批次 | …)
or, after PDF extraction, one cell per line. Either way a row is [序号] name figure…; the
figures map in order onto the header's figure columns, a sub-header (全年 | 其中:第四季度)
splits the last column, and a 其中:… row is a part of the row before it.

Other `|` tables (统计公报 tables, HTML tables: 指标 | 单位 | 绝对数 | 比上年增长(%)) are read
cell for cell against their header line: a 单位 column gives each row's unit, a change column
(比上年增长(%), 增速(%), 比上年增加(万元)) gives changes that link to the row's level, and
columns of other years (2022年, 上年同期) are not read. A row that does not line up with the
header is left to the prose reader: no figure is guessed into the wrong column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from tongbi.drafts import Draft
from tongbi.lexicon import alternation, rules
from tongbi.numerals import cell_quantity
from tongbi.sections import Layout

_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?%?")
_PAREN_UNIT = re.compile(r"(.+?)[(（]([^()（）]+)[)）]")


@dataclass(slots=True)
class Cell:
    """One cell's text and its span in the view, and whether it prints a figure."""

    text: str
    start: int
    end: int
    figure: bool = False  # _is_figure(text), told once: rows ask it of a cell several times


@dataclass
class Column:
    """A figure column: its label words, unit (None: the cell prints its own) and period.

    kind: None for levels (count, or rate in %), else the change it holds (yoy, pp,
    abs_change) with its sign and base year; skip: a column not to read (units, other years).
    """

    label: str
    unit: str | None
    period: str | None
    kind: str | None = None
    sign: int = 1
    base_year: int | None = None
    skip: bool = False


@cache
def _rules() -> dict:
    t, change = rules()["tables"], rules()["change"]
    return {
        "serial": tuple(t["serial"]),
        "continuation": re.compile(t["header_continuation"]),
        "part": re.compile(t["part_prefix"]),
        "max": t["max_cell_chars"],
        "periods": re.compile("|".join(f"(?:{p})" for p in rules()["periods"])),
        "unit_columns": frozenset(t["unit_columns"]),
        "table_unit": re.compile(t["table_unit"]),
        "plain_columns": frozenset(t["plain_columns"]),
        "other_period": re.compile(t["other_period_columns"]),
        "year_row": re.compile(t["year_row"]),
        "compare": re.compile(f"{alternation(change['compare'])}|(?:{change['compare_year']})|±"),
        # 增长率 / 增长幅度 name a rate in prose; a header with a comparison is a change anyway.
        "up": re.compile(
            f"(?:{alternation(change['up'] + change['up_nouns'])})"
            f"(?!{alternation(change['not_followed_by'])}|值|额)"
        ),
        "down": re.compile(
            f"(?:{alternation(change['down'] + change['down_nouns'])})"
            f"(?!{alternation(change['not_followed_by'])}|值|额)"
        ),
        "previous_period": tuple(change["previous_period"]),
    }


def _is_figure(text: str) -> bool:
    return _FIGURE.fullmatch(text) is not None


def _cells(view: str, start: int, end: int) -> list[Cell]:
    """The non-empty `|`-separated cells of the view's line [start, end)."""
    out, pos = [], start
    for piece in view[start:end].split("|"):
        s = pos + len(piece) - len(piece.lstrip())
        text = piece.strip()
        if text:
            out.append(Cell(text, s, s + len(text), _FIGURE.fullmatch(text) is not None))
        pos += len(piece) + 1
    return out


def _lines(view: str, start: int) -> Iterator[tuple[int, int]]:
    """The (start, end) of each line of the view from offset `start` on, lazily."""
    while start < len(view):
        end = view.find("\n", start)
        end = len(view) if end < 0 else end
        yield start, end
        start = end + 1


def _column(text: str, period_of: str | None = None) -> Column:
    """A figure column from its header text (样品抽检数量/批次 -> 样品抽检数量, 批次)."""
    text = text.replace(" ", "")
    m = _PAREN_UNIT.fullmatch(text)  # 罚没金额(万元)
    label, _, unit = (m.group(1), "", m.group(2)) if m else text.rpartition("/")
    if not label:
        label, unit = unit, None
    period = None
    if period_of:
        m = _rules()["periods"].search(period_of)
        period = m.group() if m else None
    return Column(label, unit or None, period)


def _columns(header: list[str], sub: list[str], n_figures: int) -> list[Column]:
    """The figure columns: the header after 序号 and the name column, the last one split."""
    cols = [_column(h) for h in header[2:]]
    if sub and cols and n_figures > len(cols):
        last = cols.pop()
        cols += [_column(f"{last.label}/{last.unit or ''}", s) for s in sub]
    return cols


def _rows(cells: list[list[Cell]]) -> list[tuple[Cell, list[Cell]]]:
    """(name cell, figure cells) of each row; a leading 序号 cell is dropped."""
    out = []
    for row in cells:
        if len(row) > 1 and row[0].text.isdigit() and not row[1].figure:
            row = row[1:]  # the 序号 column: never a figure
        figures = [c for c in row[1:] if c.figure]
        if row and not row[0].figure and figures:
            out.append((row[0], figures))
    return out


def _pipe_table(view: str, lines: Iterator[tuple[int, int]]):
    """(header, sub-header, rows) of a `|` table whose header is the first line."""
    header = [c.text for c in _cells(view, *next(lines))]
    sub: list[str] = []
    body = []
    for s, e in lines:
        if "|" not in view[s:e]:
            break
        row = _cells(view, s, e)
        if not body and not any(c.figure for c in row):
            sub = [c.text for c in row]  # 全年 | 其中:第四季度
        else:
            body.append(row)
    return header, sub, _rows(body)


def _line_table(view: str, lines: Iterator[tuple[int, int]]):
    """(header, sub-header, rows) of a one-cell-per-line table whose header starts the lines."""
    header: list[str] = []
    cells: list[Cell] = []
    for s, e in lines:
        text = view[s:e].strip()
        if len(text) > _rules()["max"]:
            break
        figure = _is_figure(text)
        if cells or figure:  # the first figure ends the header
            if text:
                start = s + view[s:e].find(text)
                cells.append(Cell(text, start, start + len(text), figure))
        elif header and _rules()["continuation"].search(text):
            header[-1] += text  # 样品抽检 / 数量/批次: one header cell wrapped
        elif text:
            header.append(text)
    return header, [], _rows(_group(cells))


def _group(cells: list[Cell]) -> list[list[Cell]]:
    """Rows of a cell-per-line table: each opens at a name cell, or a 序号 right before one."""
    rows: list[list[Cell]] = []
    for i, cell in enumerate(cells):
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        serial = cell.text.isdigit() and nxt is not None and not nxt.figure
        if serial or not cell.figure:
            if rows and len(rows[-1]) == 1 and rows[-1][0].text.isdigit():
                rows[-1].append(cell)  # the name after its 序号
            else:
                rows.append([cell])
        elif rows:
            rows[-1].append(cell)
    return rows


def _drafts(layout: Layout, header, sub, rows) -> list[Draft]:
    """One draft per figure cell, labelled row name + column header."""
    n = max((len(f) for _, f in rows), default=0)
    cols = _columns(header, sub, n)
    out, whole = [], ""
    for name, figures in rows:
        row_name, whole = _row_name(name.text, whole)
        for cell, col in zip(figures, cols, strict=False):
            d = _cell_draft(layout, cell, col, row_name, col.unit)
            if d is not None:
                out.append(d)
    return out


def _row_name(text: str, whole: str) -> tuple[str, str]:
    """(the row's name, the whole its 其中 rows are parts of): 其中:餐饮具 under 餐饮食品 is
    餐饮食品中餐饮具; a row that is no part is the next whole."""
    part = _rules()["part"].match(text)
    if not part:
        return text, text
    name = text[part.end() :]
    return (f"{whole}中{name}" if whole else name), whole


def _printed(s: int, e: int, ns: int, ne: int) -> tuple[int, int] | None:
    """The span of a cell's number in the view (for `stated`: as printed), or None when its
    Quantity's number runs past the cell: a multiplier from the header (12.5 under 罚没金额
    (万元) states 12.5万, so that a message reads 12.5万元, not 12.5元)."""
    return (s + ns, s + ne) if s + ne <= e else None


# ---------------------------------------------------------------- tables with a header line


def _header_column(text: str) -> Column:
    """A column of a header-line table from its header text (see the module docstring)."""
    r = _rules()
    text = text.replace(" ", "")
    if text in r["unit_columns"]:
        return Column(text, None, None, skip=True)
    if text.endswith(("%", "％")) and not _PAREN_UNIT.fullmatch(text):
        col = Column(text[:-1], "%", None)  # 比上年增长%
    else:
        col = _column(text)
    compared = r["compare"].search(col.label)
    up, down = r["up"].search(col.label), r["down"].search(col.label)
    if compared or ((up or down) and col.unit in ("%", "个百分点", "百分点")):
        if col.unit is None:
            col.skip = True  # 比上年增长 with no unit: a percent or an amount, it does not say
            return col
        points = col.unit in ("个百分点", "百分点")
        col.kind = "yoy" if col.unit == "%" else "pp" if points else "abs_change"
        col.unit = "个百分点" if points else col.unit
        col.sign = -1 if down and not up else 1
        year = compared.groupdict().get("base_year") if compared else None
        col.base_year = int(year) if year else None
        previous = [w for w in r["previous_period"] if w in col.label]
        col.period = previous[0] if previous else None  # 环比: never held against last year
        return col
    if r["other_period"].search(col.label):
        col.skip = True  # 2022年, 上年同期: another year's figures
        return col
    m = r["periods"].search(col.label)
    col.period = m.group() if m else None
    if col.label in r["plain_columns"]:
        col.label = ""
    return col


_YEAR_COLUMN = re.compile(r"((?:19|20)\d\d)年?")


def _this_year_column(cols: list[Column]) -> None:
    """Read the latest of the year columns (指标 | 2023年 | 比上年增长(%)) as this year's when
    the table compares with last year: its changes are taken against that column."""
    if not any(c.kind in ("yoy", "pp", "abs_change") and c.base_year is None for c in cols):
        return
    years = [
        (int(m.group(1)), c) for c in cols if c.skip and (m := _YEAR_COLUMN.fullmatch(c.label))
    ]
    if years:
        _, col = max(years, key=lambda x: x[0])
        col.skip, col.label = False, ""  # the year names no indicator


def _cell_draft(layout: Layout, cell: Cell, col: Column, row: str, unit: str | None):
    """The draft of one figure cell in `unit` (a % cell in %), or None when it has no unit:
    a level (a rate in %, else a count) labelled row + column, or the column's change."""
    text, s, e = cell.text, cell.start, cell.end
    if text.endswith("%"):
        text, unit = text[:-1], "%"
    if not unit:
        return None  # no unit in the header, the row or the cell: nothing to measure against
    q = cell_quantity(text, unit)
    if q is None:
        return None
    value, unit, stated, approx, lo, hi, _, _, ns, ne = q  # one unpacking, not a read per field
    kind = col.kind or ("rate" if unit == "%" else "count")
    if col.kind is not None and col.sign < 0:
        value, lo, hi = -value, (None if hi is None else -hi), (None if lo is None else -lo)
    label = row + col.label if col.kind is None else ""  # a change takes its level's label
    d = Draft(
        kind, label, unit, value, stated, approx, lo, hi, s, e, s, e, layout.sentence(s),
        col.base_year, False, None, _printed(s, e, ns, ne), col.period or layout.period(s),
    )  # fmt: skip
    if col.kind is not None:
        d.own = row + col.label  # its label when the row prints no level (links.link)
    return d


def _header_table(view: str, layout: Layout, lines: list[tuple[int, int]], table_unit):
    """The drafts of a `|` table whose first line is its header (see the module docstring)."""
    rows = [_cells(view, s, e) for s, e in lines]
    head = 0
    while head < len(rows) and not any(c.figure for c in rows[head]):
        head += 1  # header lines: no figure in them
    if head != 1 or len(rows[0]) < 2:
        return []  # no header, or a header of several lines whose cells need not line up
    r = _rules()
    cols = [_header_column(c.text) for c in rows[0]]
    _this_year_column(cols)
    unit_col = next((i for i, c in enumerate(rows[0]) if c.text in r["unit_columns"]), None)
    out, whole = [], ""
    for row in rows[1:]:
        name = row[0]
        if name.figure:
            continue
        # The whole is kept even when its own cells are not read: its parts follow it.
        row_name, whole = _row_name(name.text, whole)
        if len(row) != len(cols) or r["year_row"].match(name.text):
            continue  # not aligned with the header, or a year of a time series
        # The unit: the column's own (产量(万吨)), else the row's (单位 column), else the table's.
        row_unit = (row[unit_col].text if unit_col is not None else None) or table_unit
        for cell, col in zip(row[1:], cols[1:], strict=True):
            if cell.figure and not col.skip:
                d = _cell_draft(layout, cell, col, row_name, col.unit or row_unit)
                if d is not None:
                    out.append(d)
    return out


def _pipe_blocks(view: str) -> list[list[tuple[int, int]]]:
    """The (start, end) of the lines holding a `|`, in runs of consecutive lines."""
    blocks: list[list[tuple[int, int]]] = []
    pos = view.find("|")
    while pos >= 0:
        s = view.rfind("\n", 0, pos) + 1
        e = view.find("\n", pos)
        e = len(view) if e < 0 else e
        if blocks and blocks[-1][-1][1] + 1 == s:
            blocks[-1].append((s, e))
        else:
            blocks.append([(s, e)])
        pos = view.find("|", e)
    return blocks


def _header_tables(view: str, layout: Layout) -> list[Draft]:
    """The drafts of every `|` table without a 序号 column."""
    serial = _rules()["serial"]
    out = []
    for block in _pipe_blocks(view):
        if len(block) < 2 or view[block[0][0] : block[0][1]].strip("| ").startswith(serial):
            continue  # one line is no table; a 序号 table is read by its own reader
        # A table-wide unit (单位:万元) is printed in the caption, in the two lines above.
        start = block[0][0]
        for _ in range(2):
            start = view.rfind("\n", 0, max(0, start - 1)) + 1
        units = _rules()["table_unit"].findall(view, start, block[0][0])
        unit = units[-1] if units else None
        out += _header_table(view, layout, block, unit)
    return out


def table_drafts(view: str, layout: Layout) -> list[Draft]:
    """The drafts of the figure cells of every table of the view."""
    drafts = _header_tables(view, layout) if "|" in view else []
    serial = _rules()["serial"]
    if not any(w in view for w in serial):
        return drafts
    for m in re.finditer("|".join(map(re.escape, serial)), view):
        line_start = view.rfind("\n", 0, m.start()) + 1
        if view[line_start : m.start()].strip("| "):
            continue  # 序号 inside a sentence
        line_end = view.find("\n", line_start)
        pipe = "|" in view[line_start : line_end if line_end >= 0 else len(view)]
        lines = _lines(view, line_start)
        header, sub, rows = (_pipe_table if pipe else _line_table)(view, lines)
        drafts += _drafts(layout, header, sub, rows)
    return drafts

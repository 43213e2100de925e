"""Figures in tables printed as text: a cell takes its unit and label from its column header.

SAMR's 各类食品监督抽检结果汇总表 comes as `|` rows (序号 | 食品种类 | 样品抽检 数量/批次 | …)
or, after PDF extraction, one cell per line. Either way a row is [序号] name figure…; the
figures map in order onto the header's figure columns, a sub-header (全年 | 其中:第四季度)
splits the last column, and a 其中:… row is a part of the row before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from tongbi.drafts import Draft
from tongbi.lexicon import rules
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
    """A figure column: its label words, unit (None: the cell prints its own) and period."""

    label: str
    unit: str | None
    period: str | None


@cache
def _rules() -> dict:
    t = rules()["tables"]
    return {
        "serial": tuple(t["serial"]),
        "continuation": re.compile(t["header_continuation"]),
        "part": re.compile(t["part_prefix"]),
        "max": t["max_cell_chars"],
        "periods": re.compile("|".join(f"(?:{p})" for p in rules()["periods"])),
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
        part = _rules()["part"].match(name.text)
        row_name = name.text[part.end() :] if part else name.text
        if part and whole:
            row_name = f"{whole}中{row_name}"  # 其中:餐饮具 is a part of 餐饮食品
        elif not part:
            whole = row_name
        for cell, col in zip(figures, cols, strict=False):
            d = _cell_draft(layout, cell, col, row_name)
            if d is not None:
                out.append(d)
    return out


def _cell_draft(layout: Layout, cell: Cell, col: Column, row: str) -> Draft | None:
    """The draft of one figure cell: % cells are rates, others counts in the column's unit."""
    text, s, e = cell.text, cell.start, cell.end
    q = cell_quantity(text[:-1], "%") if text.endswith("%") else cell_quantity(text, col.unit or "")
    if q is None:
        return None
    value, unit, stated, approx, lo, hi, _, _, ns, ne = q  # one unpacking, not a read per field
    return Draft(
        "rate" if unit == "%" else "count", row + col.label, unit, value, stated, approx, lo, hi,
        s, e, s, e, layout.sentence(s), None, False, None, (s + ns, s + ne),
        col.period or layout.period(s),
    )  # fmt: skip


def table_drafts(view: str, layout: Layout) -> list[Draft]:
    """The drafts of the figure cells of every table of the view."""
    serial = _rules()["serial"]
    if not any(w in view for w in serial):
        return []
    drafts = []
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

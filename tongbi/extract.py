"""Text -> facts: every quantitative statement of a report, with its exact quote and links.

The pipeline, in order: a normalised view of the text (textview), its layout (sections),
the quantities in it (numerals), what kind each one is (a level, or a change after a
change phrase: changes), its label (labels), the level each change qualifies (link),
labels qualified where they are generic or collide (qualify), then ids and catalog keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from tongbi import labels as lab
from tongbi.catalog import indicator_key, synonyms
from tongbi.changes import change_before, find_flats
from tongbi.lexicon import rules
from tongbi.model import Fact, facts_frame
from tongbi.numerals import Quantity, scan_quantities
from tongbi.qualify import qualify_labels
from tongbi.sections import Layout, build_layout
from tongbi.textview import TextView, build_view

LEVEL_KINDS = ("count", "rate")
_ENUM_SEPARATORS = ("、", "和", "及", "与", "以及", ",")


@dataclass
class Draft:
    """A fact being built, with offsets into the normalised view."""

    kind: str
    label: str
    unit: str
    value: float
    stated: str
    approx: str | None
    lo: float | None
    hi: float | None
    start: int  # quote span in the view
    end: int
    qstart: int  # the quantity's own span in the view
    qend: int
    sentence: tuple[int, int]
    base_year: int | None = None
    enumerated: bool = False
    refers: Draft | None = None
    num: tuple[int, int] | None = None  # the number's span in the view (for `stated`)
    period: str | None = None
    basis: str | None = None
    subject_hint: str = ""


def _signed(q: Quantity, sign: int) -> tuple[float, float | None, float | None]:
    """The value and interval of a quantity with a change's sign applied."""
    if sign > 0:
        return q.value, q.lo, q.hi
    flip = lambda x: None if x is None else -x  # noqa: E731
    return -q.value, flip(q.hi), flip(q.lo)


def _kind(q: Quantity, change, prev: Draft | None, view: str) -> tuple[str, int, object]:
    """The kind of a quantity, the sign of its change and the change phrase that decided it."""
    if change is None and prev is not None and prev.kind != "count":
        between = view[prev.qend : q.start]
        if between in _ENUM_SEPARATORS and prev.kind in ("yoy", "pp", "abs_change"):
            return prev.kind, (1 if prev.value >= 0 else -1), None  # 分别增长5.9%和5.1%
    cls = q.unit_class
    if cls == "points":
        return "pp", (change.sign if change else 1), change
    if cls == "percent":
        return ("yoy", change.sign, change) if change else ("rate", 1, None)
    if change is not None and change.compared:
        return "abs_change", change.sign, change
    return "count", 1, None


def _level_label(view: str, layout: Layout, q: Quantity, left: int) -> tuple[list[str], int, int]:
    """The label(s) of a level, the quote start and end in the view."""
    c_start, c_end = layout.clause(q.start)
    raw = view[left : q.start]
    skip = len(raw) - len(raw.lstrip("、,，;；:：和及与以 "))
    start, end = left + skip, q.end
    if raw.endswith("各"):  # 行政指导、行政约谈各1次: one fact per item
        items = [lab.strip_label(x) for x in re.split(r"、|和|及", raw[:-1])]
        items = [x for x in items if x]
        if len(items) > 1:
            return items, start, end
    label = lab.strip_label(raw)
    # The counted thing may follow its measure word (完成122项营商环境测评任务): read it too.
    after, taken = lab.after_label(view[q.end : c_end])
    if after:
        label = lab.weak_stem(label) + after if lab.is_weak(label) else label + after
        end = q.end + taken
    return [label], start, end


def _left_bound(view: str, layout: Layout, q: Quantity, prev: Draft | None) -> int:
    """Where the label of a level may start: its clause, or the end of the fact before it.

    When the fact before read its label after its number and left nothing (34大类食品完成抽检
    638万余批次), the words after that number are shared, from the last 、 on.
    """
    c_start = layout.clause(q.start)[0]
    if prev is None or prev.end > q.start or prev.end < c_start:
        return c_start
    if prev.end == q.start and prev.qend < prev.end:
        shared = view[prev.qend : q.start]
        return prev.qend + shared.rfind("、") + 1
    return prev.end


def _sibling_label(label: str, prev: Draft | None, left: int) -> str:
    """示范区1个、示范站1个: a list item takes the qualifier of the item it continues."""
    if prev is None or prev.end != left or prev.kind not in LEVEL_KINDS or len(label) < 2:
        return label
    k = prev.label.find(label[:2])
    return prev.label[:k] + label if k > 0 else label


def _drafts(view: str, layout: Layout) -> list[Draft]:
    """Every draft fact of the view, in order, before linking."""
    out: list[Draft] = []
    for q in scan_quantities(view):
        if layout.in_quotes(q.num_start, q.num_end):
            continue  # a number inside “…” or 《…》 is part of a name (“五大行动”)
        prev = out[-1] if out else None
        change = change_before(view, q.start)
        kind, sign, change = _kind(q, change, prev, view)
        value, lo, hi = _signed(q, sign)
        sentence = layout.sentence(q.start)
        common = dict(
            unit=q.unit, value=value, stated=q.stated, approx=q.approx, lo=lo, hi=hi,
            qstart=q.start, qend=q.end, sentence=sentence,
            period=layout.period(q.start), basis=layout.basis(q.start),
            num=(q.num_start, q.num_end),
        )  # fmt: skip
        if kind in LEVEL_KINDS:
            left = _left_bound(view, layout, q, prev)
            names, start, end = _level_label(view, layout, q, left)
            for name in names:
                name = _sibling_label(name, prev, left) if len(names) == 1 else name
                out.append(Draft(kind, name, start=start, end=end, **common))
        else:
            start = change.start if change else q.start
            enumerated = bool(change and change.enumerated) or (change is None and prev is not None)
            base_year = change.base_year if change else (prev.base_year if prev else None)
            own = lab.strip_label(view[layout.clause(start)[0] : start])
            d = Draft(kind, own, start=start, end=q.end, base_year=base_year, **common)
            d.enumerated = enumerated
            if change is not None and change.previous_period:  # 环比: not against last year
                d.period = (d.period or "") + change.previous_period
            out.append(d)
    return out


def _flat_drafts(view: str, layout: Layout, drafts: list[Draft]) -> list[Draft]:
    """持平 statements (与2019年基本持平): a change of zero, as yoy (pp after a rate)."""
    out = []
    for start, end, phrase, base_year in find_flats(view):
        if layout.in_quotes(start, end):
            continue
        about = phrase != "持平"  # 基本持平: no interval can be claimed
        d = Draft(
            "yoy", "", "%", 0.0, phrase, "约" if about else None,
            None if about else 0.0, None if about else 0.0,
            start, end, start, end, layout.sentence(start), base_year=base_year,
            period=layout.period(start), basis=layout.basis(start),
        )  # fmt: skip
        out.append(d)
    return out


def _link(drafts: list[Draft]) -> None:
    """Point every change at the level it qualifies: the nearest level before it in its sentence.

    分别增长a、b和c maps in order to the last levels of the sentence when there are enough.
    """
    by_sentence: dict[tuple[int, int], list[Draft]] = {}
    i = 0
    while i < len(drafts):
        d = drafts[i]
        if d.kind in LEVEL_KINDS:
            by_sentence.setdefault(d.sentence, []).append(d)
            i += 1
            continue
        group = [d]
        while i + len(group) < len(drafts) and drafts[i + len(group)].kind == d.kind:
            nxt = drafts[i + len(group)]
            if not (nxt.enumerated and nxt.sentence == d.sentence and nxt.start > d.start):
                break
            group.append(nxt)
        levels = list(by_sentence.get(d.sentence, ()))
        if d.kind == "pp" or d.unit == "%" and d.stated in ("持平", "基本持平"):
            levels = [x for x in levels if x.kind == "rate"] or levels
        if d.kind == "abs_change":
            levels = [x for x in levels if x.unit == d.unit] or levels
        if len(group) > 1:
            # 分别增长a、b和c: in order onto the sentence's last levels. With fewer levels than
            # values, the values link in order to the levels there are (a to the first, b to
            # the second …) and the rest to none; a count of a list (浙江、江苏、广东3个省)
            # is no level a change can qualify.
            levels = [x for x in levels if not _counts_its_list(x)]
            take = levels[-len(group) :] if len(levels) >= len(group) else levels
            for k, g in enumerate(group):
                g.refers = take[k] if k < len(take) else None
        else:
            d.refers = levels[-1] if levels else None
        i += len(group)
    for d in drafts:
        if d.refers is not None and d.kind not in LEVEL_KINDS:
            d.label = d.refers.label
            if d.stated in ("持平", "基本持平") and d.refers.kind == "rate":
                d.kind, d.unit = "pp", "个百分点"  # a rate 持平 is a change of zero points


def _counts_its_list(d: Draft) -> bool:
    """True for a count of the items listed before it (浙江、江苏、广东3个省: 3 items, 3个)."""
    items = len(re.split(r"、|以及|及|和", d.label))
    return d.kind == "count" and items > 1 and 0 < d.value <= items


def _rate_groups(drafts: list[Draft], view: str) -> list[list[Draft]]:
    """Runs of rates printed as 不合格率分别为a、b、c (separated by 、/和 only)."""
    groups, i = [], 0
    while i < len(drafts):
        d = drafts[i]
        j = i + 1
        if d.kind == "rate" and "分别" in view[d.start : d.qstart]:
            while j < len(drafts) and drafts[j].kind == "rate":
                if view[drafts[j - 1].qend : drafts[j].qstart] not in _ENUM_SEPARATORS:
                    break
                j += 1
            if j - i > 1:
                groups.append(drafts[i:j])
        i = j
    return groups


def _enumerated_labels(drafts: list[Draft], view: str) -> None:
    """粮食加工品,…,乳制品等5大类食品,不合格率分别为a、…: each rate takes its list item."""
    for group in _rate_groups(drafts, view):
        head = group[0]
        before = view[head.sentence[0] : head.start]
        k = before.rfind("等")
        if k < 0:
            continue
        for seps in (r"[,，]", r"[,，、]|和|及"):
            items = [x for x in re.split(seps, before[:k]) if x]
            if len(items) >= len(group):
                break
        else:
            continue
        base = head.label
        for d, item in zip(group, items[-len(group) :], strict=True):
            d.label = lab.strip_label(item.split("的")[-1]) + base
            d.refers = None


def _implied_basis(d: Draft) -> str | None:
    """按可比价格 for growth of 增加值/生产总值, which bulletins state at comparable prices."""
    if d.kind not in ("yoy", "abs_change") or d.basis:
        return d.basis
    for basis, pattern in rules()["implied_bases"].items():
        if re.search(pattern, d.label):
            return basis
    return None


def _to_fact(
    d: Draft, n: int, doc: str, view: TextView, layout: Layout, ids: dict, keys: dict
) -> Fact:
    """The Fact of a draft, its quote taken from the original text."""
    start, end, quote = view.quote(d.start, d.end)
    label = lab.simplified_label(d.label)
    return Fact(
        doc=doc, id=f"f{n:03d}", kind=d.kind, label=label,
        indicator=indicator_key(label, d.unit, keys), value=d.value, unit=d.unit,
        stated=view.clean[d.num[0] : d.num[1]] if d.num else d.stated, approx=d.approx, lo=d.lo, hi=d.hi, start=start, end=end,
        quote=quote, refers_to=ids.get(id(d.refers)) if d.refers is not None else None,
        section=layout.section(d.qstart), period=d.period, basis=_implied_basis(d),
        base_year=d.base_year,
    )  # fmt: skip


def extract_text(text: str, doc: str) -> list[Fact]:
    """Every fact of a document text, ids f001… in document order."""
    view = build_view(text)
    layout = build_layout(view.norm)
    drafts = _drafts(view.norm, layout)
    drafts += _flat_drafts(view.norm, layout, drafts)
    drafts.sort(key=lambda d: (d.qstart, d.start))
    _link(drafts)
    _enumerated_labels(drafts, view.norm)
    qualify_labels(drafts, view.norm, layout)
    ids = {id(d): f"f{n:03d}" for n, d in enumerate(drafts, 1)}
    keys = synonyms()  # the catalog, read once per document
    return [_to_fact(d, n, doc, view, layout, ids, keys) for n, d in enumerate(drafts, 1)]


def extract_frame(text: str, doc: str) -> pl.DataFrame:
    """The facts of a document text as a polars frame (tongbi.model.FACT_SCHEMA)."""
    return facts_frame(extract_text(text, doc))

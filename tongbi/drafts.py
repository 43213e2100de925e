"""Draft facts: each quantity of the view with its kind, sign, label words and quote span.

A report holds a figure every few dozen characters, so this loop is the extractor's hot
path: each quantity's clause is looked up once and a draft is built positionally.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from tongbi import labels as lab
from tongbi.changes import change_ending, change_ends, find_flats, may_hold
from tongbi.numerals import PERCENT_UNITS, POINT_UNIT, figures
from tongbi.sections import CLAUSE_ENDS, Layout

LEVEL_KINDS = ("count", "rate")
ENUM_SEPARATORS = ("、", "和", "及", "与", "以及", ",")
_CHANGE_KINDS = ("yoy", "pp", "abs_change")
_ITEM_SPLIT = re.compile(r"、|和|及")
_LEAD_CHARS = "、,，;；:：和及与以 "  # connectors a quote does not start with


@dataclass(slots=True)
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
    # A change's words before its phrase: its label only when no level takes it (links.link
    # strips them then), so that the changes a level labels cost no strip_label.
    own: str | None = None
    fid: str | None = None  # the fact id, once written (extract._to_facts)


# Draft(...) goes through type.__call__, which packs the arguments into a tuple for a generic
# __init__ call: allocating the object and calling the same __init__ directly costs about half
# as much (a draft per figure). `d = _new(Draft); _init(d, ...)` stands in for `d = Draft(...)`.
_new = object.__new__
_init = Draft.__init__


def _kind(unit: str, qs: int, change, prev: Draft | None, view: str) -> tuple[str, int, object]:
    """The kind of a quantity (its unit, its start qs), the sign of its change and the change
    phrase that decided it."""
    listed = change is None and prev is not None and prev.kind in _CHANGE_KINDS
    if listed and view[prev.qend : qs] in ENUM_SEPARATORS:  # 分别增长5.9%和5.1%
        return prev.kind, (1 if prev.value >= 0 else -1), None
    if unit == POINT_UNIT:  # Quantity.unit_class "points", read off the unit
        return "pp", (change.sign if change else 1), change
    if unit in PERCENT_UNITS:  # unit_class "percent"
        return ("yoy", change.sign, change) if change else ("rate", 1, None)
    if change is not None and change.compared:
        return "abs_change", change.sign, change
    return "count", 1, None


def _level_label(view: str, c_end: int, qs: int, qe: int, left: int) -> tuple[list[str], int, int]:
    """The label(s) of a level (its quantity at [qs, qe), its clause ending at c_end), the
    quote start and end in the view."""
    raw = view[left:qs]
    skip = len(raw) - len(raw.lstrip(_LEAD_CHARS))
    start, end = left + skip, qe
    if raw.endswith("各"):  # 行政指导、行政约谈各1次: one fact per item
        items = [lab.strip_label(x) for x in _ITEM_SPLIT.split(raw[:-1])]
        items = [x for x in items if x]
        if len(items) > 1:
            return items, start, end
    label = lab.strip_label(raw) if raw else ""  # nothing left of the fact before it
    # The counted thing may follow its measure word (完成122项营商环境测评任务): read it too.
    nxt = view[qe : qe + 1]
    if qe >= c_end or nxt == "、" or nxt.isdecimal():
        after, taken = "", 0  # the clause ends or the next item starts: after_label's answer
    else:
        after, taken = lab.after_label(view[qe:c_end])
    if after:
        label = lab.weak_stem(label) + after if lab.is_weak(label) else label + after
        end = qe + taken
    return [label], start, end


def _left_bound(view: str, c_start: int, qs: int, prev: Draft | None) -> int:
    """Where the label of a level at qs may start: its clause, or the end of the fact before it.

    When the fact before read its label after its number and left nothing (34大类食品完成抽检
    638万余批次), the words after that number are shared, from the last 、 on.
    """
    if prev is None or prev.end > qs or prev.end < c_start:
        return c_start
    if prev.end == qs and prev.qend < prev.end:
        shared = view[prev.qend : qs]
        return prev.qend + shared.rfind("、") + 1
    return prev.end


def _sibling_label(label: str, prev: Draft | None, left: int) -> str:
    """示范区1个、示范站1个: a list item takes the qualifier of the item it continues."""
    if prev is None or prev.end != left or prev.kind not in LEVEL_KINDS or len(label) < 2:
        return label
    k = prev.label.find(label[:2])
    return prev.label[:k] + label if k > 0 else label


def _change_draft(
    view: str, layout: Layout, q, kind, value, lo, hi, change, prev, clause_start, scope
) -> Draft:
    """The draft of a yoy / pp / abs_change, its label the words before its change phrase.

    clause_start: where the quantity's clause starts; scope: its (sentence, period, basis).
    """
    _, unit, stated, approx, _, _, qs, qe, ns, ne, _, _ = q  # one unpacking, not a read per field
    start = change.start if change else qs
    if start < clause_start:  # the change phrase crosses a clause end
        clause_start = layout.clause(start)[0]
    own = view[clause_start:start]  # stripped into a label by link, if need be
    base_year = change.base_year if change else (prev.base_year if prev else None)
    # 分别增长a、b: numbers after 分别, or after a change with no phrase of their own.
    enumerated = bool(change and change.enumerated) or (change is None and prev is not None)
    sentence, period, basis = scope
    d = _new(Draft)
    _init(
        d, kind, "", unit, value, stated, approx, lo, hi, start, qe, qs, qe,
        sentence, base_year, enumerated, None, (ns, ne), period, basis,
    )  # fmt: skip
    d.own = own
    if change is not None and change.previous_period:  # 环比: not against last year
        d.period = (d.period or "") + change.previous_period
    return d


def build_drafts(view: str, layout: Layout, cells: Collection[int] = ()) -> list[Draft]:
    """Every draft fact of the view, in order, before linking.

    cells: where table cells start (tables.table_drafts reads them): no prose draft there.
    """
    out: list[Draft] = []
    prev: Draft | None = None
    s_start = s_end = c_start = c_end = -1
    sentence = (-1, -1)
    ends = change_ends()
    within_clause = not may_hold(CLAUSE_ENDS)
    strip_label = lab.strip_label
    # Most reports state no period or basis phrase: skip two lookups per figure then.
    periods, bases = layout.periods, layout.bases
    scoped = bool(periods or bases)
    pk = bk = -1  # the last period and basis phrase at or before the figure (Layout._scoped)
    # layout.in_quotes, .clause and .sentence, inlined below: they are looked up per figure,
    # in the order of the text, so each walks on from where the figure before left it.
    # Each list ends with a sentinel past every figure, so that no walk tests its length.
    quotes, size = layout.quoted, len(view)
    quote_starts = [*layout.quote_starts, size + 1]
    clause_ends, sentence_ends = [*layout.clause_ends, size], [*layout.sentence_ends, size]
    qk, ck, sk = -1, 0, 0  # the last quote, clause end and sentence end looked at
    for q in figures(view):
        # One unpacking, not a field read per use: this loop runs once per figure.
        value, unit, stated, approx, lo, hi, qs, qe, ns, ne, before, nxt = q
        if cells and qs in cells:
            continue
        if quotes:  # walking on to the last quote opening at or before the number
            while quote_starts[qk + 1] <= ns:
                qk += 1
            if qk >= 0 and quote_starts[qk] < ns and ne <= quotes[qk][1]:
                continue  # a number inside “…” or 《…》 is part of a name (“五大行动”)
        # The clause and sentence: walking on to the first end at or after the figure.
        if not c_start <= qs <= c_end:  # figures share clauses too: reuse it
            while clause_ends[ck] < qs:
                ck += 1
            c_start = clause_ends[ck - 1] + 1 if ck else 0
            c_end = clause_ends[ck]  # the sentinel, size, past the last clause end
        # change_before's own first test, inlined: most figures follow a label, not a verb.
        # A change phrase lies within the clause (when no phrase may hold a clause end).
        if before in ends:  # before: view[qs - 1 : qs], as figures() sliced it
            change = change_ending(view, qs, c_start if within_clause else 0)
        else:
            change = None
        if change is None and (prev is None or prev.kind not in _CHANGE_KINDS):
            sign = 1  # _kind's answer without a change or a list of changes
            kind = "rate" if unit in PERCENT_UNITS else "pp" if unit == POINT_UNIT else "count"
        else:
            kind, sign, change = _kind(unit, qs, change, prev, view)
        if sign < 0:
            value, lo, hi = -value, (None if hi is None else -hi), (None if lo is None else -lo)
        if not s_start <= qs <= s_end:  # figures share sentences: reuse it
            while sentence_ends[sk] < qs:
                sk += 1
            s_start = sentence_ends[sk - 1] + 1 if sk else 0
            s_end = sentence_ends[sk]
            sentence = (s_start, s_end)
        if scoped:  # layout.period and .basis, walking on with the figures, not bisecting
            key = (qs, "\uffff")
            while pk + 1 < len(periods) and periods[pk + 1] <= key:
                pk += 1
            while bk + 1 < len(bases) and bases[bk + 1] <= key:
                bk += 1
            # A period governs to its paragraph's end (no line end between), a basis to its
            # sentence's.
            period = periods[pk][1] if pk >= 0 and view.find("\n", periods[pk][0], qs) < 0 else None
            basis = bases[bk][1] if bk >= 0 and s_start <= bases[bk][0] else None
        else:
            period = basis = None
        if kind not in LEVEL_KINDS:
            scope = (sentence, period, basis)
            prev = _change_draft(view, layout, q, kind, value, lo, hi, change, prev, c_start, scope)
            out.append(prev)
            continue
        # _left_bound, _level_label and _sibling_label, their common cases inlined: the
        # figure is the first of its clause, or follows the fact before it.
        if prev is None or prev.end < c_start or prev.end > qs:
            left = c_start
        else:
            left = _left_bound(view, c_start, qs, prev)
        raw = view[left:qs]  # nxt: view[qe : qe + 1], as figures() sliced it
        if (qe >= c_end or nxt == "、" or nxt.isdecimal()) and not raw.endswith("各"):
            # No label words after the number: the quote starts past the connectors.
            start, end = qs - len(raw.lstrip(_LEAD_CHARS)), qe
            label = strip_label(raw) if raw else ""
        else:
            names, start, end = _level_label(view, c_end, qs, qe, left)
            if len(names) > 1:  # 行政指导、行政约谈各1次: one draft per item
                for name in names:
                    out.append(Draft(
                        kind, name, unit, value, stated, approx, lo, hi, start, end, qs,
                        qe, sentence, None, False, None, (ns, ne), period, basis,
                    ))  # fmt: skip
                prev = out[-1]
                continue
            label = names[0]
        if prev is not None and prev.end == left:
            label = _sibling_label(label, prev, left)
        prev = _new(Draft)
        _init(
            prev, kind, label, unit, value, stated, approx, lo, hi, start, end, qs, qe,
            sentence, None, False, None, (ns, ne), period, basis,
        )  # fmt: skip
        out.append(prev)
    return out


def flat_drafts(view: str, layout: Layout) -> list[Draft]:
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

"""Text -> facts: every quantitative statement of a report, with its exact quote and links.

The pipeline, in order: a normalised view of the text (textview), its layout (sections),
the quantities in it (numerals, numbers), each one as a draft of its kind, sign and label
(drafts, with changes and labels), figures in tables read by column (tables), the level
each change qualifies (links), labels qualified where they are generic or collide
(qualify), then ids and catalog keys.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from operator import attrgetter

import polars as pl

from tongbi import labels as lab
from tongbi.catalog import synonyms
from tongbi.drafts import Draft, build_drafts, flat_drafts
from tongbi.lexicon import rules
from tongbi.links import enumerated_labels, link
from tongbi.model import Fact, facts_frame
from tongbi.qualify import LabelKeys, qualify_labels
from tongbi.sections import Layout, build_layout
from tongbi.tables import table_drafts
from tongbi.textview import TextView, build_view


@cache
def _implied_bases() -> list[tuple[str, re.Pattern]]:
    return [(basis, re.compile(p)) for basis, p in rules()["implied_bases"].items()]


_GROWTH = ("yoy", "abs_change")


def _implied_basis(kind: str, basis: str | None, label: str) -> str | None:
    """按可比价格 for growth of 增加值/生产总值, which bulletins state at comparable prices."""
    if kind not in _GROWTH or basis:
        return basis
    for implied, pattern in _implied_bases():
        if pattern.search(label):
            return implied
    return None


_ORDER = attrgetter("qstart", "start")  # document order of drafts: a key built in C

_IDS: list[str] = []  # f001, f002 …: formatted once per process, not per fact


def _ids(n: int) -> list[str]:
    """The first n fact ids."""
    while len(_IDS) < n:
        _IDS.append(f"f{len(_IDS) + 1:03d}")
    return _IDS[:n]


def _to_facts(
    drafts: list[Draft], doc: str, view: TextView, layout: Layout, keys: LabelKeys
) -> list[Fact]:
    """The Facts of the drafts, ids f001… in order, quotes taken from the original text."""
    fact_ids = _ids(len(drafts))
    seg_norm, seg_orig, original, clean = view.seg_norm, view.seg_orig, view.original, view.clean
    # A draft's `stated` is the view's text at its `num` span: where the characters as printed
    # are the view's (most reports: no full-width digit or Traditional character), it is
    # their text too, and no slice is taken per fact.
    as_printed = clean is view.norm
    last_seg = len(seg_norm) - 1
    starts, sections = layout.marker_starts, ["", *layout.paths]  # "" before the first marker
    n_starts, mk = len(starts), 0  # markers at or before the fact: walking on (drafts in order)
    out = []
    for fid, d in zip(fact_ids, drafts, strict=True):
        d.fid = fid
        qs = d.qstart
        while mk < n_starts and starts[mk] <= qs:
            mk += 1
        # view.quote and layout.section, inlined: this loop runs once per fact.
        ds, de, kind, refers, num, basis = d.start, d.end, d.kind, d.refers, d.num, d.basis
        k = bisect_right(seg_norm, ds) - 1
        start = seg_orig[k] + ds - seg_norm[k]
        if k < last_seg and de > seg_norm[k + 1]:  # most quotes lie in one segment
            k = bisect_right(seg_norm, de - 1) - 1
        end = seg_orig[k] + de - seg_norm[k]
        if refers is None:
            raw, refers_to = d.label, None
        else:  # a change: its level's label, qualified by now; its level is a fact before it
            raw, refers_to = refers.label, refers.fid
        label, key = keys[raw]
        out.append(Fact(
            doc, fid, kind, label, key, d.value, d.unit,
            d.stated if as_printed or not num else clean[num[0] : num[1]], d.approx, d.lo,
            d.hi, start, end,
            original[start:end], refers_to, sections[mk], d.period,
            basis if basis or kind not in _GROWTH else _implied_basis(kind, basis, raw), d.base_year,
        ))  # fmt: skip
    return out


def extract_text(text: str, doc: str) -> list[Fact]:
    """Every fact of a document text, ids f001… in document order."""
    view = build_view(text)
    layout = build_layout(view.norm)
    # Table cells are read by column; as prose they would have no label: not drafted twice.
    cells = table_drafts(view.norm, layout)
    drafts = build_drafts(view.norm, layout, {d.qstart for d in cells})
    flats = flat_drafts(view.norm, layout)
    if flats or cells:  # build_drafts gives its own drafts in order
        drafts += flats
        drafts += cells
        drafts.sort(key=_ORDER)
    levels = link(drafts)
    enumerated_labels(drafts, view.norm)
    keys = LabelKeys(synonyms())  # the catalog, read once per document
    qualify_labels(drafts, view.norm, layout, keys, levels)
    return _to_facts(drafts, doc, view, layout, keys)


def extract_frame(text: str, doc: str) -> pl.DataFrame:
    """The facts of a document text as a polars frame (tongbi.model.FACT_SCHEMA)."""
    return facts_frame(extract_text(text, doc))


def string_caches() -> dict[str, object]:
    """The extractor's per-string caches (functools.lru_cache), by name.

    Reports repeat their label words and figures, so these pay within one document; a
    benchmark made of copies of a few texts would hit them unrealistically often across
    documents, so it clears them between documents and reports their hit rates.
    """
    from tongbi import catalog, lexicon, numerals

    return {
        "strip_label": lab.strip_label,
        "simplified_label": lab.simplified_label,
        "to_simplified": lexicon.to_simplified,
        "normalise_label": catalog.normalise_label,
        "measure": numerals._measure,
    }

"""The records that flow between stages: a document, a fact, and their frame schemas."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

import polars as pl

# The kinds of DESIGN.md's contract. A yoy/pp/abs_change fact qualifies a level (refers_to).
KINDS = ("count", "rate", "yoy", "pp", "abs_change")
CHANGE_KINDS = ("yoy", "pp", "abs_change")


@dataclass
class Fact:
    """One quantitative statement, with its exact source span (text[start:end] == quote)."""

    doc: str  # document id: the first 12 hex digits of the source's sha256
    id: str  # f001, f002… in document order, unique within the document
    kind: str  # one of KINDS
    label: str  # the indicator's name in the document's words (Simplified), context-qualified
    indicator: str  # canonical key from the indicator catalog
    value: float  # multipliers applied: 8.5万 -> 85000; 下降22% -> -22
    unit: str  # 户, 件, 元, %, 个百分点 … (万件 normalised to 件)
    stated: str  # the number as printed: "8.5万", "3.52"
    approx: str | None  # None or the marker: 余 多 近 约 超 突破 以上 逾 左右
    lo: float | None  # the interval the printed precision allows (None = unbounded)
    hi: float | None
    start: int  # code-point offsets into the document text as decoded
    end: int
    quote: str  # text[start:end]; holds the label words and the number
    refers_to: str | None  # for yoy / pp / abs_change: id of the level it qualifies
    section: str  # section path: "一", "一/2", "一/2/三是"
    # Beyond the contract, what the checks need to decide assessability:
    period: str | None = None  # None = the whole reporting year; else 上半年, 第四季度, 1-6月 …
    basis: str | None = None  # None = plain nominal figures; else 按可比价格, 实际 …
    base_year: int | None = None  # for changes: the year compared against, when printed (较2020年)

    def to_dict(self) -> dict:
        """The fact as a plain dict, in field order (the JSON-lines record)."""
        return asdict(self)


FACT_FIELDS = tuple(f.name for f in fields(Fact))

FACT_SCHEMA: dict[str, pl.DataType] = {
    "doc": pl.String,
    "id": pl.String,
    "kind": pl.String,
    "label": pl.String,
    "indicator": pl.String,
    "value": pl.Float64,
    "unit": pl.String,
    "stated": pl.String,
    "approx": pl.String,
    "lo": pl.Float64,
    "hi": pl.Float64,
    "start": pl.Int64,
    "end": pl.Int64,
    "quote": pl.String,
    "refers_to": pl.String,
    "section": pl.String,
    "period": pl.String,
    "basis": pl.String,
    "base_year": pl.Int64,
}


def facts_frame(facts: list[Fact]) -> pl.DataFrame:
    """Facts as a polars frame with FACT_SCHEMA (empty frames keep the schema)."""
    return pl.DataFrame([f.to_dict() for f in facts], schema=FACT_SCHEMA, orient="row")


# Document statuses (documents.status):
#   loaded    – ingested, extracted and in the warehouse
#   replaced  – superseded by a re-issue with the same agency, series and year
#   duplicate – the same bytes under another name (kept once, logged)
#   rejected  – unusable (empty, binary, undecodable, no year…): message says why
DOC_STATUSES = ("loaded", "replaced", "duplicate", "rejected")


@dataclass
class Document:
    """One source as ingested: its identity, detected metadata and where its bytes and text are."""

    doc: str  # sha256[:12]
    sha256: str
    source: str  # the path or URL it came from
    format: str  # txt | html | pdf | docx
    encoding: str | None  # detected encoding of the original bytes
    agency: str | None  # 上海市嘉定区市场监督管理局
    series: str  # 工作总结, 统计公报, 食品安全监督抽检 … ("report" when unknown)
    year: int | None  # the reporting year (not the publication year)
    title: str | None
    doc_number: str | None  # 文号, e.g. 嘉市监办〔2024〕25号
    published: str | None  # ISO date of publication when printed
    raw_path: str | None  # archived original bytes
    text_path: str | None  # normalised UTF-8 text
    n_chars: int
    status: str  # one of DOC_STATUSES
    message: str | None  # why it was rejected, or what was detected/overridden

    def to_dict(self) -> dict:
        return asdict(self)


DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))

-- The facts of the documents in force, bounds ordered, levels flagged.
-- doc: document id (documents.doc)
-- id: f001, f002 … in document order, unique within the document
-- kind: count, rate, yoy, pp or abs_change
-- label: the indicator in the document's own words, context-qualified
-- indicator: canonical key the label maps to
-- value: multipliers applied: 8.5万 → 85000; 下降22% → -22
-- unit: 户, 件, 元, %, 个百分点 … (万件 normalised to 件)
-- stated: the number as printed: 8.5万, 3.52
-- approx: approximation marker (余 多 近 约 超 突破 以上 逾 左右) or null
-- lo: lower bound of the printed precision, ordered (null = unbounded)
-- hi: upper bound of the printed precision, ordered (null = unbounded)
-- start: code-point offset of the quote in the document text
-- end: end offset: text[start:end] = quote
-- quote: the statement as printed, holding the number
-- refers_to: for yoy, pp, abs_change: id of the level it qualifies
-- section: section path in the document: 一, 一/2, 一/2/三是
-- period: null = the whole year; else 上半年, 第四季度, 1-6月 …
-- basis: null = nominal figures; else 按可比价格, 实际 …
-- base_year: for changes: the year compared against, when printed
-- agency: reporting body (from documents)
-- series: document series (from documents)
-- year: reporting year (from documents)
-- is_level: a count or a rate (a level of an indicator, not a change)
with source_facts as (
    select * from facts
),

documents as (
    select doc from stg_documents
),

final as (
    select
        f.doc, f.id, f.kind, f.label, f.indicator, f.value, f.unit, f.stated, f.approx,
        -- A decline may arrive as [-21.5, -22.5]: order the bounds once, here, so every
        -- check can read lo as the minimum.
        case when f.lo is not null and f.hi is not null then least(f.lo, f.hi) else f.lo end as lo,
        case when f.lo is not null and f.hi is not null then greatest(f.lo, f.hi) else f.hi end as hi,
        f.start, f."end", f.quote, f.refers_to, f.section, f.period, f.basis, f.base_year,
        f.agency, f.series, f.year,
        f.kind in ('count', 'rate') as is_level
    from source_facts as f
    semi join documents as d on f.doc = d.doc
)

select * from final

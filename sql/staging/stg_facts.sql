-- The facts of the documents in force, bounds ordered, levels flagged.
-- lo: lower bound of the printed precision (null = unbounded)
-- hi: upper bound of the printed precision (null = unbounded)
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

-- Every stated change (yoy, pp, abs_change) with the level it qualifies and last year's level.
-- not_assessable_reason: why no arithmetic can judge it (null = assessable so far)
with changes as (
    select * from stg_facts where kind in ('yoy', 'pp', 'abs_change')
),

levels as (
    select * from int_levels
),

with_current as (
    select
        ch.doc, ch.id as fact_id, ch.kind, ch.agency, ch.series, ch.year, ch.label,
        ch.value as stated, ch.stated as stated_text, ch.lo as s_lo, ch.hi as s_hi,
        ch.approx as s_approx, ch.unit as s_unit, ch.period as s_period, ch.basis,
        ch.base_year, ch.quote as s_quote, ch.start as s_start, ch."end" as s_end,
        -- What is checked is the level's indicator and unit, not the change's own (%).
        coalesce(cl.indicator, ch.indicator) as indicator,
        coalesce(cl.unit, ch.unit) as unit,
        cl.id as c_id, cl.kind as c_kind, cl.value as c_value, cl.stated as c_stated,
        cl.lo as c_lo, cl.hi as c_hi, cl.approx as c_approx, cl.period as c_period,
        cl.quote as c_quote, cl.start as c_start, cl."end" as c_end
    from changes as ch
    left join levels as cl on cl.doc = ch.doc and cl.id = ch.refers_to
),

with_prior as (
    select
        c.*,
        p.doc as p_doc, p.id as p_id, p.year as p_year, p.value as p_value,
        p.stated as p_stated, p.lo as p_lo, p.hi as p_hi, p.approx as p_approx,
        p.quote as p_quote, p.start as p_start, p."end" as p_end
    from with_current as c
    left join levels as p
        on p.agency = c.agency and p.indicator = c.indicator and p.unit = c.unit
        and p.year = c.year - 1 and p.period is null
    -- Last year's level from last year's documents: the same series if it printed one,
    -- then an exact figure, then document order (one prior per change, no fan-out).
    qualify row_number() over (
        partition by c.doc, c.fact_id
        order by p.series = c.series desc, p.approx is not null, p.doc, p.start
    ) = 1
),

final as (
    select
        *,
        case
            when c_id is null then 'the level it refers to was not extracted'
            when s_period is not null or c_period is not null
                then 'it covers ' || coalesce(s_period, c_period) || ', not the whole year'
            when basis is not null
                then 'it is stated ' || basis || ', not as a ratio of printed levels'
            when base_year is not null and base_year <> year - 1
                then 'it compares against ' || base_year || ', not ' || (year - 1)
            when c_approx is not null
                then 'this year''s level ' || c_stated || unit || ' is approximate (' || c_approx || ')'
            when p_id is null
                then 'no ' || (year - 1) || ' level of ' || indicator || ' (' || unit || ') in the warehouse'
            when p_approx is not null
                then 'last year''s level ' || p_stated || unit || ' is approximate (' || p_approx || ')'
            when c_lo is null or c_hi is null or p_lo is null or p_hi is null
                then 'a level has no printed bounds'
            when s_lo is null and s_hi is null then 'the stated change has no printed bounds'
        end as not_assessable_reason
    from with_prior
)

select * from final

-- unit: an indicator keeps its unit from one year to the next (户 vs 户次 is another indicator).
with levels as (
    select * from int_levels
),

by_unit as (
    -- One representative statement per agency, indicator, year and unit.
    select *
    from levels
    qualify row_number() over (
        partition by agency, indicator, year, unit order by key_rank
    ) = 1
),

paired as (
    -- Last year's statement in the same unit if there is one, else in another unit.
    select
        c.*,
        p.doc as p_doc, p.id as p_id, p.year as p_year, p.unit as p_unit,
        p.stated as p_stated, p.quote as p_quote, p.start as p_start, p."end" as p_end
    from by_unit as c
    join by_unit as p
        on p.agency = c.agency and p.indicator = c.indicator and p.year = c.year - 1
    qualify row_number() over (
        partition by c.agency, c.indicator, c.year, c.unit order by p.unit = c.unit desc, p.unit
    ) = 1
),

final as (
    select
        'unit:' || doc || '/' || id || ':' || p_doc || '/' || p_id as check_id,
        'unit' as "check",
        'error' as severity,
        if(p_unit = unit, 'pass', 'fail') as status,
        agency, series, indicator, label, unit, year, doc, id as fact_id,
        value as stated, lo as stated_lo, hi as stated_hi,
        null::double as computed_lo, null::double as computed_hi,
        if(
            p_unit = unit,
            printf('%s: printed in %s in both %d and %d.', label, unit, p_year, year),
            printf('%s: printed in %s in %d but in %s in %d.', label, unit, year, p_unit, p_year)
        ) as message,
        [
            {'doc': p_doc, 'year': p_year, 'quote': p_quote, 'start': p_start, 'end': p_end},
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
        ] as evidence
    from paired
)

select * from final

-- unit: an indicator keeps its unit from one year to the next (户 vs 户次 is another indicator).
with levels as (
    select * from int_levels
),

by_unit as (
    -- One representative statement per agency, indicator, year and unit: key_rank already
    -- ranks the statements of exactly that key, so its first is the representative.
    select * from levels where key_rank = 1
),

previous_units as (
    -- The units each indicator was printed in, per year, found on narrow columns: the
    -- wide rows are joined once below, without a window to rank candidates.
    select agency, indicator, year + 1 as year, list(unit) as units, min(unit) as first_unit
    from by_unit
    group by agency, indicator, year
),

paired as (
    -- Last year's statement in the same unit if there is one, else in another unit.
    select
        c.*,
        p.doc as p_doc, p.id as p_id, p.year as p_year, p.unit as p_unit,
        p.stated as p_stated, p.quote as p_quote, p.start as p_start, p."end" as p_end
    from by_unit as c
    join previous_units as u on u.agency = c.agency and u.indicator = c.indicator and u.year = c.year
    join by_unit as p
        on p.agency = c.agency and p.indicator = c.indicator and p.year = c.year - 1
        and p.unit = if(list_contains(u.units, c.unit), c.unit, u.first_unit)
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
        -- Concatenation, not printf: the same text (null if any part is null) at a quarter
        -- of the cost, which counts over one row per indicator and year.
        if(
            p_unit = unit,
            label || ': printed in ' || unit || ' in both ' || p_year || ' and ' || year || '.',
            label || ': printed in ' || unit || ' in ' || year || ' but in ' || p_unit || ' in '
                || p_year || '.'
        ) as message,
        [
            {'doc': p_doc, 'year': p_year, 'quote': p_quote, 'start': p_start, 'end': p_end},
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
        ] as evidence
    from paired
)

select * from final

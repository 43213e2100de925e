-- completeness (warning): an indicator reported last year and missing this year.
with levels as (
    select * from int_levels where period is null and key_rank = 1
),

reported as (
    -- What each series printed last year (one representative statement per indicator).
    select *
    from int_levels
    where period is null
    qualify row_number() over (
        partition by agency, series, indicator, year order by approx is not null, doc, start
    ) = 1
),

next_documents as (
    -- One document per agency, series and year (the first by id) stands for that year.
    select agency, series, year, min(doc) as doc
    from stg_documents
    group by agency, series, year
),

expected as (
    -- Only years for which the same agency and series have a document in force.
    select r.*, d.doc as this_doc, d.year as this_year
    from reported as r
    join next_documents as d
        on d.agency = r.agency and d.series = r.series and d.year = r.year + 1
),

present as (
    -- Any series of the agency counts: the trend continues wherever it is printed.
    select distinct agency, indicator, year from levels
),

final as (
    select
        'completeness:' || e.agency || '/' || e.series || '/' || e.indicator || '/' || e.this_year
            as check_id,
        'completeness' as "check",
        'warning' as severity,
        if(p.indicator is null, 'fail', 'pass') as status,
        e.agency, e.series, e.indicator, e.label, e.unit, e.this_year as year,
        e.this_doc as doc, null::varchar as fact_id,
        null::double as stated, null::double as stated_lo, null::double as stated_hi,
        null::double as computed_lo, null::double as computed_hi,
        -- Concatenation, not printf: the same text (null if any part is null) at a quarter
        -- of the cost, which counts over one row per indicator and year.
        if(
            p.indicator is null,
            e.label || ': reported in ' || e.year || ' (' || e.stated || e.unit || ') but missing from '
                || e.this_year || '.',
            e.label || ': reported in ' || e.year || ' and again in ' || e.this_year || '.'
        ) as message,
        [{'doc': e.doc, 'year': e.year, 'quote': e.quote, 'start': e.start, 'end': e."end"}]
            as evidence
    from expected as e
    left join present as p
        on p.agency = e.agency and p.indicator = e.indicator and p.year = e.this_year
)

select * from final

-- Question: which indicators did a bureau report last year but not this year?
-- (The completeness check warns about the same; this shows last year's figure.)
-- Adapt: set the year; a key printed under a new unit shows here and in unit_changes.sql.
-- columns: agency, indicator, label, unit, last_year, last_value, quote
with last_year as (
    select * from trend_long where year = 2023 - 1  -- parameter: this year, minus one
),

this_year as (
    select agency, indicator, unit from trend_long where year = 2023  -- parameter: this year
),

reporting as (
    -- Only bureaus that published this year: a missing report is not a missing indicator.
    select distinct agency from this_year
),

final as (
    select
        p.agency, p.indicator, p.label, p.unit, p.year as last_year, p.value as last_value,
        p.quote
    from last_year as p
    semi join reporting as r using (agency)
    anti join this_year as t using (agency, indicator, unit)
    order by p.agency, p.indicator
)

select * from final

-- Question: which indicators fell this year, and by how much?
-- Adapt: set the year; add `and t.agency = '…'` for one bureau.
-- columns: agency, indicator, label, unit, previous_value, value, change_pct, stated_yoy, check_status
with this_year as (
    select * from trend_long where year = 2023  -- parameter: the year
),

last_year as (
    select agency, indicator, unit, year, value from trend_long
),

final as (
    select
        t.agency, t.indicator, t.label, t.unit,
        p.value as previous_value, t.value,
        round((t.value / p.value - 1) * 100, 2) as change_pct,
        t.stated_yoy, t.check_status
    from this_year as t
    join last_year as p
        on p.agency = t.agency and p.indicator = t.indicator and p.unit = t.unit
        and p.year = t.year - 1
    where t.value < p.value
    order by change_pct
)

select * from final

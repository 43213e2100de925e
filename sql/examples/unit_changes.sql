-- Question: which indicators were printed in more than one unit (户 vs 户次, 件 vs 万元)?
-- A change of unit makes the years incomparable; the unit check fails on it.
-- Adapt: filter on agency.
-- columns: agency, indicator, units, years_by_unit, unit_check_failures
with units as (
    select agency, indicator, unit, list(year order by year) as years
    from trend_long
    group by agency, indicator, unit
),

unit_checks as (
    select agency, indicator, count(*) as unit_check_failures
    from check_results
    where "check" = 'unit' and status = 'fail'
    group by agency, indicator
),

final as (
    select
        u.agency, u.indicator,
        list(u.unit order by u.unit) as units,
        list({'unit': u.unit, 'years': u.years} order by u.unit) as years_by_unit,
        coalesce(any_value(c.unit_check_failures), 0) as unit_check_failures
    from units as u
    left join unit_checks as c using (agency, indicator)
    group by u.agency, u.indicator
    having count(*) > 1
    order by u.agency, u.indicator
)

select * from final

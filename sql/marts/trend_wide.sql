-- One row per agency, indicator and unit; one column per year ("2021", "2022" …) holding the level.
-- agency: reporting body
-- series: series of the latest year's level
-- indicator: canonical key
-- label: the indicator as printed in the latest year
-- unit: unit of the levels (an indicator printed in two units has two rows)
-- latest_year: the latest year with a level
-- latest_change_pct: the latest year's stated 同比 %, else the change between the two printed levels
-- latest_check_status: check_status of the latest year's level in trend_long
with long as (
    select * from trend_long
),

by_year as (
    -- DuckDB's dynamic PIVOT: one column per distinct year, named by the year.
    pivot (select agency, indicator, unit, year, value from long)
    on year
    using first(value)
    group by agency, indicator, unit
),

with_previous as (
    select
        *,
        lag(value) over (partition by agency, indicator, unit order by year) as previous_value,
        lag(year) over (partition by agency, indicator, unit order by year) as previous_year
    from long
),

latest as (
    select
        agency, series, indicator, label, unit, year as latest_year,
        coalesce(
            stated_yoy,
            case when previous_year = year - 1 and previous_value > 0
                then (value / previous_value - 1) * 100 end
        ) as latest_change_pct,
        check_status as latest_check_status
    from with_previous
    qualify row_number() over (partition by agency, indicator, unit order by year desc) = 1
),

final as (
    select
        l.agency, l.series, l.indicator, l.label, l.unit,
        y.* exclude (agency, indicator, unit),
        l.latest_year, l.latest_change_pct, l.latest_check_status
    from latest as l
    join by_year as y using (agency, indicator, unit)
)

select * from final

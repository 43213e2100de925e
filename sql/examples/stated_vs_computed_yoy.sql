-- Question: each stated 同比 beside the change the two years' printed levels allow.
-- computed_yoy_lo/hi is an interval: printed rounding (8.5万 = [84500, 85500]) widens it.
-- Adapt: filter on agency, indicator or year; check_status = 'fail' for the disagreements.
-- columns: agency, indicator, label, year, previous_value, value, stated_yoy, computed_yoy_lo, computed_yoy_hi, check_status, quote
with levels as (
    select * from trend_long
),

final as (
    select
        t.agency, t.indicator, t.label, t.year, p.value as previous_value, t.value,
        t.stated_yoy,
        round(t.computed_yoy_lo, 2) as computed_yoy_lo,
        round(t.computed_yoy_hi, 2) as computed_yoy_hi,
        t.check_status, t.quote
    from levels as t
    left join levels as p
        on p.agency = t.agency and p.indicator = t.indicator and p.unit = t.unit
        and p.year = t.year - 1
    where t.stated_yoy is not null
    order by t.agency, t.indicator, t.year
)

select * from final

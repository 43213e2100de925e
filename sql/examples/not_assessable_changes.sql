-- Question: which stated changes could not be judged, and why?
-- Usual reasons: no prior-year report in the warehouse, an approximate level (余, 约),
-- growth 按可比价格 (not a ratio of printed levels), a part-year period.
-- Adapt: filter on agency or year; add severity = 'warning' for the anomaly checks.
-- columns: agency, year, check, indicator, label, stated, message
with final as (
    select agency, year, "check", indicator, label, stated, message
    from check_results
    where status = 'not_assessable' and severity = 'error'
    order by agency, year, indicator, "check"
)

select * from final

-- Checks counted by agency, year, check, severity and status: the dashboard of check_results.
-- agency: reporting body
-- year: year of the statements checked
-- check: yoy, restatement, rate, pp, abs_change, part_of, unit, duplicate, anomaly, completeness
-- severity: error, or warning (anomaly, completeness)
-- status: pass, fail or not_assessable
-- n_checks: checks with this agency, year, check, severity and status
-- n_indicators: distinct indicators among them
-- indicators: those indicators, sorted (look them up in check_results for the arithmetic)
with checks as (
    select * from check_results
),

per_indicator as (
    -- Count per indicator first: the aggregates below then need no DISTINCT, which over
    -- millions of checks costs several times this extra group by.
    select agency, year, "check", severity, status, indicator, count(*) as n
    from checks
    group by agency, year, "check", severity, status, indicator
),

final as (
    select
        agency, year, "check", severity, status,
        sum(n)::bigint as n_checks,
        count(indicator) as n_indicators,
        list(indicator order by indicator) filter (where indicator is not null) as indicators
    from per_indicator
    group by agency, year, "check", severity, status
    order by agency, year, "check", severity, status
)

select * from final

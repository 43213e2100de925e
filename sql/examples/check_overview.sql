-- Question: how did the checks come out, by bureau and year?
-- Adapt: add `where agency = '…'`; check_summary has the same counts by check name.
-- columns: agency, year, n_pass, n_fail, n_not_assessable, n_warnings, failing
with counts as (
    select
        agency, year,
        -- sum() of no rows is null; an analyst wants 0.
        coalesce(sum(n_checks) filter (where severity = 'error' and status = 'pass'), 0)
            as n_pass,
        coalesce(sum(n_checks) filter (where severity = 'error' and status = 'fail'), 0)
            as n_fail,
        coalesce(sum(n_checks) filter (where severity = 'error' and status = 'not_assessable'), 0)
            as n_not_assessable,
        coalesce(sum(n_checks) filter (where severity = 'warning' and status = 'fail'), 0)
            as n_warnings,
        flatten(list(indicators) filter (where severity = 'error' and status = 'fail'))
            as failing
    from check_summary
    group by agency, year
),

final as (
    select
        agency, year,
        n_pass::integer as n_pass, n_fail::integer as n_fail,
        n_not_assessable::integer as n_not_assessable, n_warnings::integer as n_warnings,
        -- yoy and restatement fail on the same statement: name each indicator once.
        coalesce(list_sort(list_distinct(failing)), []) as failing
    from counts
    order by agency, year
)

select * from final

-- Question: every failing check for one bureau, with the arithmetic and the quotes.
-- Adapt: set the agency (documents.agency spells it); drop the severity filter to see
-- failing warnings (anomaly, completeness) too.
-- columns: year, check, severity, indicator, label, stated, computed_lo, computed_hi, message, quotes
with checks as (
    select * from check_results
    where agency = '青川市临溪区市场监督管理局'  -- parameter: the agency
        and status = 'fail'
        and severity = 'error'
),

final as (
    select
        year, "check", severity, indicator, label, stated, computed_lo, computed_hi, message,
        list_transform(evidence, lambda e: e.year || ': ' || e.quote) as quotes
    from checks
    order by year, indicator, "check"
)

select * from final

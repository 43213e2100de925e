-- Question: which indicators moved most in their latest year (stated 同比, else computed)?
-- Adapt: change the limit; add `where agency = '…'`; order by latest_change_pct (no abs)
-- for the biggest falls first.
-- columns: agency, indicator, label, unit, latest_year, latest_change_pct, latest_check_status
with final as (
    select
        agency, indicator, label, unit, latest_year,
        round(latest_change_pct, 2) as latest_change_pct, latest_check_status
    from trend_wide
    where latest_change_pct is not null
    order by abs(latest_change_pct) desc, agency, indicator
    limit 10  -- parameter: how many
)

select * from final

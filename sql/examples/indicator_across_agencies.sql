-- Question: one indicator across every bureau that prints it, year by year.
-- Adapt: set the indicator key (indicator_catalog lists the keys and the labels they were
-- printed under); `like '%案件%'` instead of `=` searches by words.
-- columns: agency, label, unit, year, value, stated_yoy, check_status
with final as (
    select agency, label, unit, year, value, stated_yoy, check_status
    from trend_long
    where indicator = '市场主体总量'  -- parameter: the indicator key
    order by agency, unit, year
)

select * from final

-- Question: which indicators changed their printed wording over the years (共有 → 实有)?
-- The catalog maps both labels to one key; check that the mapping is right.
-- Adapt: drop the `where` to list the whole catalog.
-- columns: indicator, unit, labels, labels_by_year, agencies, years
with final as (
    select indicator, unit, labels, labels_by_year, agencies, years
    from indicator_catalog
    where len(labels) > 1
    order by indicator, unit
)

select * from final

-- Every level (count or rate) with its rank among the statements of the same key.
-- key_rank: 1 = the canonical level of (agency, indicator, unit, year)
with levels as (
    -- A level the extractor could not name (indicator '': a bare table cell) is no
    -- indicator's level: grouping such facts as one key compared unrelated figures
    -- (SAMR's 2022 food-sampling table: 16 rates "disagreeing" as one duplicate).
    select * from stg_facts where is_level and coalesce(indicator, '') <> ''
),

final as (
    select
        *,
        -- Several statements may print one key's level (a summary and a bulletin, a
        -- total repeated in a later paragraph). The canonical one is annual, exact, and
        -- first in document order; the duplicate check reports disagreements.
        row_number() over (
            partition by agency, indicator, unit, year
            order by period is not null, approx is not null, series, doc, start
        ) as key_rank
    from levels
)

select * from final

-- The canonical annual level of each agency, indicator, unit and year, beside last year's.
-- change_pct: point change from last year's printed level (for history, not for verdicts)
-- computed_yoy_lo: lowest yoy % the two printed intervals allow (null if not assessable)
-- computed_yoy_hi: highest yoy % the two printed intervals allow
with levels as (
    select * from int_levels where key_rank = 1 and period is null
),

paired as (
    select
        cur.agency, cur.series, cur.indicator, cur.label, cur.unit, cur.year,
        cur.doc, cur.id as fact_id, cur.kind, cur.value, cur.lo, cur.hi, cur.approx,
        cur.stated, cur.quote, cur.start, cur."end",
        prev.doc as p_doc, prev.id as p_fact_id, prev.year as p_year, prev.value as p_value,
        prev.lo as p_lo, prev.hi as p_hi, prev.approx as p_approx, prev.stated as p_stated,
        prev.quote as p_quote, prev.start as p_start, prev."end" as p_end
    from levels as cur
    left join levels as prev
        on prev.agency = cur.agency and prev.indicator = cur.indicator
        and prev.unit = cur.unit and prev.year = cur.year - 1
),

final as (
    select
        *,
        case when p_value > 0 then (value / p_value - 1) * 100 end as change_pct,
        -- Same corner rule as the yoy check; approximate or open levels give no interval.
        case when approx is null and p_approx is null and p_lo > 0 and lo is not null
            and hi is not null and p_hi is not null then
            (least(lo / p_lo, lo / p_hi, hi / p_lo, hi / p_hi) - 1) * 100
        end as computed_yoy_lo,
        case when approx is null and p_approx is null and p_lo > 0 and lo is not null
            and hi is not null and p_hi is not null then
            (greatest(lo / p_lo, lo / p_hi, hi / p_lo, hi / p_hi) - 1) * 100
        end as computed_yoy_hi
    from paired
)

select * from final

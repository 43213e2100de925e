-- yoy: a stated 同比 percentage against this year's and last year's printed levels.
with changes as (
    select * from int_changes where kind = 'yoy'
),

assessable as (
    select
        *,
        coalesce(
            not_assessable_reason,
            case when p_lo <= 0 then 'last year''s level ' || p_stated || unit || ' allows zero' end
        ) as reason
    from changes
),

computed as (
    select
        *,
        -- cur/prev over two intervals: with prev > 0 the quotient is monotone in each
        -- argument, so its extremes sit at the corners (this also covers negative levels,
        -- where the naive [clo/phi, chi/plo] would be wrong).
        case when reason is null then
            (least(c_lo / p_lo, c_lo / p_hi, c_hi / p_lo, c_hi / p_hi) - 1) * 100
        end as computed_lo,
        case when reason is null then
            (greatest(c_lo / p_lo, c_lo / p_hi, c_hi / p_lo, c_hi / p_hi) - 1) * 100
        end as computed_hi
    from assessable
),

judged as (
    select
        *,
        -- Fail only when no value inside the printed precision of all three numbers
        -- makes the statement true (sql/macros/intervals_meet.sql).
        interval_verdict(reason, s_lo, s_hi, computed_lo, computed_hi) as status
    from computed
),

final as (
    select
        'yoy:' || doc || '/' || fact_id as check_id,
        'yoy' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, fact_id,
        stated, s_lo as stated_lo, s_hi as stated_hi, computed_lo, computed_hi,
        case
            when status = 'not_assessable' then printf(
                '%s: stated %+g%% is not assessable: %s.', label, stated, reason
            )
            else printf(
                '%s: stated %+g%% %s %d''s %s%s → %d''s %s%s allows %+.2f%%..%+.2f%%.',
                label, stated, if(status = 'pass', 'and', 'but'), p_year, p_stated, unit,
                year, c_stated, unit, computed_lo, computed_hi
            )
        end as message,
        change_evidence(
            p_doc, p_year, p_quote, p_start, p_end,
            doc, year, c_quote, c_start, c_end,
            s_quote, s_start, s_end
        ) as evidence
    from judged
)

select * from final

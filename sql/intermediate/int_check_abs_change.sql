-- abs_change: a stated absolute change (净增, 比上年增加) against the two years' levels.
with changes as (
    select * from int_changes where kind = 'abs_change'
),

computed as (
    select
        *,
        coalesce(
            not_assessable_reason,
            case when s_unit <> unit
                then 'the change is in ' || s_unit || ' but the level in ' || unit end
        ) as reason
    from changes
),

bounded as (
    select
        *,
        -- A difference of intervals: the smallest is this year's low minus last year's high.
        case when reason is null then c_lo - p_hi end as computed_lo,
        case when reason is null then c_hi - p_lo end as computed_hi
    from computed
),

judged as (
    select
        *,
        interval_verdict(reason, s_lo, s_hi, computed_lo, computed_hi) as status
    from bounded
),

final as (
    select
        'abs_change:' || doc || '/' || fact_id as check_id,
        'abs_change' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, fact_id,
        stated, s_lo as stated_lo, s_hi as stated_hi, computed_lo, computed_hi,
        case
            when status = 'not_assessable' then printf(
                '%s: stated change %s%s is not assessable: %s.', label, stated_text, s_unit, reason
            )
            else printf(
                '%s: stated change %s%s (%+.0f) %s %d''s %s%s → %d''s %s%s allows %+.0f..%+.0f.',
                label, stated_text, s_unit, stated, if(status = 'pass', 'and', 'but'), p_year,
                p_stated, unit, year, c_stated, unit, computed_lo, computed_hi
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

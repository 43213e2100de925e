-- pp: a stated change in percentage points against this year's and last year's rates.
with changes as (
    select * from int_changes where kind = 'pp'
),

computed as (
    select
        *,
        not_assessable_reason as reason,
        -- A difference of intervals: the smallest is this year's low minus last year's high.
        case when not_assessable_reason is null then c_lo - p_hi end as computed_lo,
        case when not_assessable_reason is null then c_hi - p_lo end as computed_hi
    from changes
),

judged as (
    select
        *,
        interval_verdict(reason, s_lo, s_hi, computed_lo, computed_hi) as status
    from computed
),

final as (
    select
        'pp:' || doc || '/' || fact_id as check_id,
        'pp' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, fact_id,
        stated, s_lo as stated_lo, s_hi as stated_hi, computed_lo, computed_hi,
        case
            when status = 'not_assessable' then printf(
                '%s: stated %+g percentage points is not assessable: %s.', label, stated, reason
            )
            else printf(
                '%s: stated %+g percentage points %s %d''s %s%s → %d''s %s%s allows %+.3f..%+.3f.',
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

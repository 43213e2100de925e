-- restatement: last year's printed level against the one this year's level and 同比 imply.
with changes as (
    select * from int_changes where kind = 'yoy'
),

assessable as (
    select
        *,
        coalesce(
            not_assessable_reason,
            case when c_lo < 0 then 'this year''s level is negative' end
        ) as reason
    from changes
),

computed as (
    select
        *,
        -- prev = cur / (1 + s/100) with cur >= 0: smallest at the smallest cur over the
        -- largest growth, largest at the largest cur over the smallest growth. An open
        -- stated side (超10%, or a fall reaching -100%) leaves that side of prev open.
        case when reason is null and (s_hi is null or s_hi > -100 or c_lo = 0) then
            if(s_hi is null or c_lo = 0, 0, c_lo / (1 + s_hi / 100))
        end as computed_lo,
        case when reason is null and s_lo is not null and s_lo > -100 then
            c_hi / (1 + s_lo / 100)
        end as computed_hi
    from assessable
),

judged as (
    select
        *,
        case
            -- A fall of 100% or more to a positive level: no prior level could do that.
            when reason is null and computed_lo is null then 'fail'
            else interval_verdict(reason, p_lo, p_hi, computed_lo, computed_hi)
        end as status
    from computed
),

final as (
    select
        'restatement:' || doc || '/' || fact_id as check_id,
        'restatement' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, fact_id,
        p_value as stated, p_lo as stated_lo, p_hi as stated_hi, computed_lo, computed_hi,
        case
            when status = 'not_assessable' then printf(
                '%s: the %d level implied by stated %+g%% is not assessable: %s.',
                label, year - 1, stated, reason
            )
            else printf(
                '%s: %d''s report printed %s%s %s %d''s %s%s at %+g%% implies %s..%s.',
                label, p_year, p_stated, unit, if(status = 'pass', 'and', 'but'), year,
                c_stated, unit, stated, coalesce(printf('%.2f', computed_lo), 'nothing'),
                coalesce(printf('%.2f', computed_hi), if(computed_lo is null, '', 'unbounded'))
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

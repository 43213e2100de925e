-- anomaly (warning): a change far outside the indicator's own history of changes.
with changes as (
    select * from int_level_changes where change_pct is not null
),

by_key as (
    -- All changes of one series of levels, gathered once per key (in no particular
    -- order: only their median and spread are used).
    select agency, indicator, unit, list({'year': year, 'pct': change_pct}) as changes
    from changes
    group by agency, indicator, unit
),

history as (
    -- Every earlier change of the same series: filtered from the key's list, so the
    -- rows are never fanned out by a self-join, nor framed by a (slow) list window.
    select
        c.*,
        list_transform(list_filter(k.changes, lambda h: h.year < c.year), lambda h: h.pct) as past
    from changes as c
    join by_key as k using (agency, indicator, unit)
),

centred as (
    select *, list_median(past) as past_median
    from history
),

spread as (
    select
        *,
        -- Median absolute deviation: robust to the very outliers this check looks for.
        list_median(list_transform(past, lambda x: abs(x - past_median))) as past_mad
    from centred
),

judged as (
    select
        *,
        -- A floor of 1 percentage point on the MAD: a history of identical changes
        -- (a flat count) must not flag the first small wiggle.
        3 * greatest(past_mad, 1.0) as allowed,
        case
            -- 近2800 → 近2800 is no "+0.00% change": approximate levels say too little.
            when approx is not null or p_approx is not null then 'not_assessable'
            when len(past) < 3 then 'not_assessable'
            when abs(change_pct - past_median) > 3 * greatest(past_mad, 1.0) then 'fail'
            else 'pass'
        end as status
    from spread
),

final as (
    select
        'anomaly:' || doc || '/' || fact_id as check_id,
        'anomaly' as "check",
        'warning' as severity,
        status, agency, series, indicator, label, unit, year, doc, fact_id,
        change_pct as stated, null::double as stated_lo, null::double as stated_hi,
        past_median - allowed as computed_lo, past_median + allowed as computed_hi,
        case
            when status = 'not_assessable' and (approx is not null or p_approx is not null)
                then printf(
                    '%s: the change %s%s → %s%s is not assessable: a level is approximate (%s).',
                    label, p_stated, unit, stated, unit, coalesce(approx, p_approx)
                )
            when status = 'not_assessable' then printf(
                '%s: a change of %+.2f%% has only %d earlier changes to compare with (3 needed).',
                label, change_pct, len(past)
            )
            else printf(
                '%s: a change of %+.2f%% (%s%s → %s%s) is %s the usual %+.2f%% ± %.2f (3 MADs of %d earlier changes).',
                label, change_pct, p_stated, unit, stated, unit,
                if(status = 'pass', 'within', 'far outside'), past_median, allowed, len(past)
            )
        end as message,
        [
            {'doc': p_doc, 'year': year - 1, 'quote': p_quote, 'start': p_start, 'end': p_end},
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
        ] as evidence
    from judged
)

select * from final

-- anomaly (warning): a change far outside the indicator's own history of changes.
with changes as (
    select * from int_level_changes where change_pct is not null
),

history as (
    -- Every earlier change of the same series of levels, gathered in one list per year.
    select
        c.agency, c.indicator, c.unit, c.year,
        coalesce(list(h.change_pct order by h.year) filter (where h.year is not null), []) as past
    from changes as c
    left join changes as h
        on h.agency = c.agency and h.indicator = c.indicator and h.unit = c.unit
        and h.year < c.year
    group by c.agency, c.indicator, c.unit, c.year
),

spread as (
    select
        *,
        list_median(past) as past_median,
        -- Median absolute deviation: robust to the very outliers this check looks for.
        list_median(list_transform(past, lambda x: abs(x - list_median(past)))) as past_mad
    from history
),

judged as (
    select
        c.*, s.past, s.past_median, s.past_mad,
        -- A floor of 1 percentage point on the MAD: a history of identical changes
        -- (a flat count) must not flag the first small wiggle.
        3 * greatest(s.past_mad, 1.0) as allowed,
        case
            when len(s.past) < 3 then 'not_assessable'
            when abs(c.change_pct - s.past_median) > 3 * greatest(s.past_mad, 1.0) then 'fail'
            else 'pass'
        end as status
    from changes as c
    join spread as s using (agency, indicator, unit, year)
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

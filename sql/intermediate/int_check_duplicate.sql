-- duplicate: one value per agency, year and indicator; statements that cannot agree are reported.
with annual as (
    select * from int_levels where period is null
),

repeated as (
    -- Keys printed more than once, found on narrow columns before any string is touched:
    -- almost every key is printed once, and aggregating quotes for all of them is the cost.
    select agency, indicator, unit, year
    from annual
    group by agency, indicator, unit, year
    having count(*) > 1
),

levels as (
    select a.* from annual as a semi join repeated as r using (agency, indicator, unit, year)
),

groups as (
    -- Intervals on a line that overlap pairwise share a common point (Helly), so the
    -- group agrees iff the largest lower bound is within the smallest upper bound.
    select
        agency, indicator, unit, year,
        max(lo) as common_lo,
        min(hi) as common_hi,
        count(*) as n,
        string_agg(stated || unit, ', ' order by doc, start) as printed,
        string_agg(doc || '/' || id, ',' order by doc, start) as fact_ids,
        list(
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
            order by doc, start
        ) as evidence
    from levels
    group by agency, indicator, unit, year
),

canonical as (
    select * from levels where key_rank = 1
),

final as (
    select
        'duplicate:' || g.fact_ids as check_id,
        'duplicate' as "check",
        'error' as severity,
        if(g.common_lo > g.common_hi + 1e-9 * (1 + abs(g.common_hi)), 'fail', 'pass') as status,
        g.agency, c.series, g.indicator, c.label, g.unit, g.year, c.doc, c.id as fact_id,
        c.value as stated, c.lo as stated_lo, c.hi as stated_hi,
        g.common_lo as computed_lo, g.common_hi as computed_hi,
        printf(
            '%s: %d statements for %d %s: %s.', c.label, g.n, g.year,
            if(g.common_lo > g.common_hi + 1e-9 * (1 + abs(g.common_hi)), 'disagree', 'agree'),
            g.printed
        ) as message,
        g.evidence
    from groups as g
    join canonical as c using (agency, indicator, unit, year)
)

select * from final

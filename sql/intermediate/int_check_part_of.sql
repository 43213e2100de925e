-- part_of: a part (其中…) never exceeds the whole it is part of.
with counts as (
    select
        *,
        -- "其中" opens a breakdown of the figure just before it; quote or label may hold it.
        position('其中' in quote) > 0 or starts_with(label, '其中') as is_part
    from stg_facts
    where kind = 'count'
),

pairs as (
    -- The whole is the nearest preceding count of the same unit in the same section
    -- that is not itself a part.
    select
        p.*,
        w.id as w_id, w.stated as w_stated, w.label as w_label, w.lo as w_lo, w.hi as w_hi,
        w.quote as w_quote, w.start as w_start, w."end" as w_end
    from counts as p
    join counts as w
        on w.doc = p.doc and w.section = p.section and w.unit = p.unit
        and w."end" <= p.start and not w.is_part
    where p.is_part
    qualify row_number() over (partition by p.doc, p.id order by w.start desc) = 1
),

judged as (
    select
        *,
        -- Fail only when even the smallest the part can be exceeds the largest the
        -- whole can be; an open bound (3650余件) can never prove that.
        case
            when lo is not null and w_hi is not null and lo > w_hi + 1e-9 * (1 + abs(w_hi))
                then 'fail'
            else 'pass'
        end as status
    from pairs
),

final as (
    select
        'part_of:' || doc || '/' || id || ':' || w_id as check_id,
        'part_of' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, id as fact_id,
        value as stated, lo as stated_lo, hi as stated_hi,
        null::double as computed_lo, w_hi as computed_hi,
        printf(
            '%s: the part %s%s %s its whole %s %s%s.',
            label, stated, unit, if(status = 'pass', 'is within', 'exceeds'),
            w_label, w_stated, unit
        ) as message,
        [
            {'doc': doc, 'year': year, 'quote': w_quote, 'start': w_start, 'end': w_end},
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
        ] as evidence
    from judged
)

select * from final

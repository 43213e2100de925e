-- rate: a stated rate (问题发现率39.43%) against the numerator and denominator printed before it.
with facts as (
    select * from stg_facts
),

rates as (
    select
        *,
        -- Counts before an earlier rate of the section belong to that rate, not this one.
        lag("end") over (partition by doc, section order by start) as previous_rate_end
    from facts
    where kind = 'rate' and unit = '%'
),

candidates as (
    -- The two nearest counts preceding the rate in its section, within ~80 characters:
    -- "检查16757户次,发现问题6608件次,问题发现率39.43%".
    select
        r.doc, r.id as rate_id, c.id, c.value, c.lo, c.hi, c.stated, c.unit, c.approx,
        c.quote, c.start, c."end",
        row_number() over (partition by r.doc, r.id order by c.start desc) as nearness
    from rates as r
    join facts as c
        on c.doc = r.doc and c.section = r.section and c.kind = 'count'
        and c."end" <= r.start and r.start - c.start <= 80
        and c.start >= coalesce(r.previous_rate_end, 0)
        -- A table cell's quote is its bare number: a rate read from a table is held to counts
        -- of the table (its row), a rate in prose to counts in prose, never one to the other
        -- (占比80.5% in a table's first row is no ratio of a count printed above the table).
        and regexp_full_match(c.quote, '[-+0-9.,%]+') = regexp_full_match(r.quote, '[-+0-9.,%]+')
    where r.value between 0 and 100
),

pairs as (
    -- The larger of the two is the denominator (检查 precedes 发现 as often as it follows).
    select
        doc, rate_id,
        arg_min(struct_pack(id, value, lo, hi, stated, unit, approx, quote, start, "end"), value) as n,
        arg_max(struct_pack(id, value, lo, hi, stated, unit, approx, quote, start, "end"), value) as d
    from candidates
    where nearness <= 2
    group by doc, rate_id
    having count(*) = 2
),

joined as (
    select
        r.*, p.n, p.d,
        case
            when p.n.approx is not null or p.d.approx is not null
                then 'a count is approximate'
            when p.n.lo is null or p.n.hi is null or p.d.lo is null or p.d.hi is null
                then 'a count has no printed bounds'
            when p.d.lo <= 0 then 'the denominator allows zero'
            when r.period is not null then 'it covers ' || r.period || ', not the whole year'
        end as reason
    from rates as r
    join pairs as p on p.doc = r.doc and p.rate_id = r.id
),

judged as (
    select
        *,
        -- n/d over two non-negative intervals: smallest n over largest d and vice versa.
        case when reason is null then n.lo / d.hi * 100 end as computed_lo,
        case when reason is null then n.hi / d.lo * 100 end as computed_hi
    from joined
),

verdicts as (
    select
        *,
        interval_verdict(reason, lo, hi, computed_lo, computed_hi) as status
    from judged
),

final as (
    select
        'rate:' || doc || '/' || id || ':' || n.id || '/' || d.id as check_id,
        'rate' as "check",
        'error' as severity,
        status, agency, series, indicator, label, unit, year, doc, id as fact_id,
        value as stated, lo as stated_lo, hi as stated_hi, computed_lo, computed_hi,
        case
            when reason is not null then printf(
                '%s: stated %s%% is not assessable: %s.', label, stated, reason
            )
            else printf(
                '%s: stated %s%% %s %s%s / %s%s allows %.3f%%..%.3f%%.',
                label, stated,
                if(status = 'pass', 'and', 'but'),
                n.stated, n.unit, d.stated, d.unit, computed_lo, computed_hi
            )
        end as message,
        [
            {'doc': doc, 'year': year, 'quote': d.quote, 'start': d.start, 'end': d."end"},
            {'doc': doc, 'year': year, 'quote': n.quote, 'start': n.start, 'end': n."end"},
            {'doc': doc, 'year': year, 'quote': quote, 'start': start, 'end': "end"}
        ] as evidence
    from verdicts
)

select * from final

-- One row per agency, indicator, unit and year: the printed level, its changes and their checks.
-- agency: reporting body
-- series: the series of the document the level is taken from
-- indicator: canonical key
-- label: the indicator as printed
-- unit: unit of the level
-- year: reporting year
-- value: the level (multipliers applied)
-- lo: lower bound of its printed precision (null = open)
-- hi: upper bound of its printed precision (null = open)
-- approx: approximation marker (余, 约 …) or null
-- stated_yoy: the 同比 % printed with this level, if any
-- computed_yoy_lo: lowest yoy % that this and last year's printed levels allow
-- computed_yoy_hi: highest yoy % that this and last year's printed levels allow
-- check_status: worst error-level check on this level and its changes: fail, not_assessable, pass, or unchecked
-- warnings: warning-level checks that fail on this level (anomaly, completeness)
-- doc: document of the level
-- fact_id: facts.id of the level
-- quote: the statement as printed
-- start: code-point offset of the quote in the document text
-- end: end offset of the quote
with levels as (
    select * from int_level_changes
),

stated_yoy as (
    -- A 同比 may qualify any statement of the key (a bulletin's rather than the summary's);
    -- the one on the canonical statement wins.
    select l.agency, l.indicator, l.unit, l.year, ch.value as stated_yoy
    from stg_facts as ch
    join int_levels as l on l.doc = ch.doc and l.id = ch.refers_to
    where ch.kind = 'yoy' and ch.period is null and l.period is null
    qualify row_number() over (
        partition by l.agency, l.indicator, l.unit, l.year order by l.key_rank, ch.doc, ch.start
    ) = 1
),

statuses as (
    -- Worst first: a failure outranks an unjudged statement, which outranks a pass;
    -- nothing unchecked may look clean.
    select
        agency, indicator, unit, year,
        case max(case status when 'fail' then 3 when 'not_assessable' then 2 else 1 end)
            when 3 then 'fail' when 2 then 'not_assessable' else 'pass'
        end as check_status
    from check_results
    where severity = 'error'
    group by agency, indicator, unit, year
),

warnings as (
    select agency, indicator, unit, year, list(distinct "check" order by "check") as warnings
    from check_results
    where severity = 'warning' and status = 'fail'
    group by agency, indicator, unit, year
),

final as (
    select
        l.agency, l.series, l.indicator, l.label, l.unit, l.year, l.value, l.lo, l.hi, l.approx,
        y.stated_yoy, l.computed_yoy_lo, l.computed_yoy_hi,
        coalesce(s.check_status, 'unchecked') as check_status,
        coalesce(w.warnings, []::varchar[]) as warnings,
        l.doc, l.fact_id, l.quote, l.start, l."end"
    from levels as l
    left join stated_yoy as y using (agency, indicator, unit, year)
    left join statuses as s using (agency, indicator, unit, year)
    left join warnings as w using (agency, indicator, unit, year)
)

select * from final

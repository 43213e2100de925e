-- Question: which documents does the warehouse hold, in what state, with how many facts
-- and failing checks?
-- Adapt: `where d.status <> 'loaded'` lists the replaced, duplicate and rejected ones.
-- columns: doc, agency, series, year, title, format, encoding, status, n_facts, n_failing_checks, message
with fact_counts as (
    select doc, count(*) as n_facts from facts group by doc
),

failing as (
    select doc, count(*) as n_failing_checks
    from check_results
    where status = 'fail' and severity = 'error'
    group by doc
),

final as (
    select
        d.doc, d.agency, d.series, d.year, d.title, d.format, d.encoding, d.status,
        coalesce(f.n_facts, 0) as n_facts,
        coalesce(c.n_failing_checks, 0) as n_failing_checks,
        d.message
    from documents as d
    left join fact_counts as f using (doc)
    left join failing as c using (doc)
    order by d.agency, d.series, d.year, d.status
)

select * from final

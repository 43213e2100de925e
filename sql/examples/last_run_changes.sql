-- Question: what did the last run change? Each source it saw and what load decided.
-- Adapt: replace the `latest` CTE's filter with `where run_id = '…'` for another run;
-- `where l.status <> 'unchanged'` keeps only what changed.
-- columns: run_id, started_at, run_status, n_new, n_facts, source, doc, decision, message
with latest as (
    select * from runs
    qualify row_number() over (order by started_at desc) = 1
),

final as (
    select
        r.run_id, r.started_at, r.status as run_status, r.n_new, r.n_facts,
        l.source, l.doc, l.status as decision, l.message
    from latest as r
    join ingest_log as l using (run_id)
    order by l.source
)

select * from final

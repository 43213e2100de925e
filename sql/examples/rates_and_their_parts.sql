-- Question: every stated rate beside the numerator and denominator it was checked against.
-- Adapt: filter on agency or year; status = 'fail' shows only rates that do not add up.
-- columns: agency, year, label, stated, computed_lo, computed_hi, status, parts, rate_quote
with rate_checks as (
    select * from check_results where "check" = 'rate'
),

final as (
    select
        r.agency, r.year, r.label, r.stated, r.computed_lo, r.computed_hi, r.status,
        -- The evidence holds the rate itself and the two levels it divides.
        list_transform(
            list_filter(r.evidence, lambda e: e.quote <> f.quote), lambda e: e.quote
        ) as parts,
        f.quote as rate_quote
    from rate_checks as r
    join facts as f on f.doc = r.doc and f.id = r.fact_id
    order by r.agency, r.label, r.year
)

select * from final

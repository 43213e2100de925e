-- One row per check performed: the verdict, the arithmetic, and every statement involved.
-- check_id: stable id: check name + the fact ids involved
-- check: yoy, restatement, rate, pp, abs_change, part_of, unit, duplicate, anomaly, completeness
-- severity: error, or warning (anomaly, completeness)
-- status: pass, fail or not_assessable (fail only when no value within the printed precision fits)
-- agency: reporting body
-- series: the document series of the statement checked
-- indicator: canonical key of the level checked
-- label: the indicator as printed
-- unit: unit of the level checked
-- year: year of the statement checked
-- doc: document of the statement checked
-- fact_id: facts.id of the statement checked
-- stated: the stated figure (the yoy %, the rate, the change, the level …)
-- stated_lo: lower bound of its printed precision (null = open)
-- stated_hi: upper bound of its printed precision (null = open)
-- computed_lo: lowest value the other statements allow
-- computed_hi: highest value the other statements allow
-- message: one sentence: the verdict with the arithmetic, or why not assessable
-- evidence: every statement involved as {doc, year, quote, start, end}
with checks as (
    select * from int_check_yoy
    union all by name select * from int_check_restatement
    union all by name select * from int_check_rate
    union all by name select * from int_check_pp
    union all by name select * from int_check_abs_change
    union all by name select * from int_check_part_of
    union all by name select * from int_check_unit
    union all by name select * from int_check_duplicate
    union all by name select * from int_check_anomaly
    union all by name select * from int_check_completeness
),

final as (
    select
        check_id, "check", severity, status, agency, series, indicator, label, unit, year,
        doc, fact_id,
        stated::double as stated, stated_lo::double as stated_lo, stated_hi::double as stated_hi,
        computed_lo::double as computed_lo, computed_hi::double as computed_hi,
        message,
        evidence
    from checks
)

select * from final

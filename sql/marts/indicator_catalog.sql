-- One row per indicator key and unit: the labels it was printed under, where and when.
-- indicator: canonical key (facts.indicator)
-- unit: unit of its levels (an indicator printed in two units has two rows)
-- kind: count or rate
-- label: the label printed in the latest year
-- labels: every distinct label printed for the key, in order of first appearance
-- labels_by_year: {year, labels} per year, to spot a wording change (共有 → 实有)
-- sections: distinct section paths the levels were printed in (一/2, 二/1/一是 …)
-- agencies: reporting bodies that print it
-- years: years with a level
-- first_year: earliest year with a level
-- last_year: latest year with a level
-- n_facts: level statements (counts or rates) of the key in documents in force
-- n_changes: stated changes (同比, 个百分点, 比上年增加) that qualify those levels
with levels as (
    select * from stg_facts where is_level
),

changes as (
    select ch.doc, ch.refers_to
    from stg_facts as ch
    where ch.kind in ('yoy', 'pp', 'abs_change') and ch.refers_to is not null
),

by_year as (
    select indicator, unit, year, list(distinct label order by label) as labels
    from levels
    group by indicator, unit, year
),

labels_by_year as (
    select
        indicator, unit,
        list({'year': year, 'labels': labels} order by year) as labels_by_year
    from by_year
    group by indicator, unit
),

first_printed as (
    select indicator, unit, label, min(year) as first_year
    from levels
    group by indicator, unit, label
),

label_lists as (
    select indicator, unit, list(label order by first_year, label) as labels
    from first_printed
    group by indicator, unit
),

change_counts as (
    select l.indicator, l.unit, count(*) as n_changes
    from changes as ch
    join levels as l on l.doc = ch.doc and l.id = ch.refers_to
    group by l.indicator, l.unit
),

summary as (
    select
        indicator, unit,
        -- A key printed both as a count and as a rate is a catalog bug worth seeing: mode()
        -- keeps one row and the unit check reports the rest.
        mode(kind) as kind,
        arg_max(label, year) as label,
        list(distinct section order by section) as sections,
        list(distinct agency order by agency) as agencies,
        list(distinct year order by year) as years,
        min(year) as first_year,
        max(year) as last_year,
        count(*) as n_facts
    from levels
    group by indicator, unit
),

final as (
    select
        s.indicator, s.unit, s.kind, s.label, l.labels, y.labels_by_year, s.sections, s.agencies, s.years, s.first_year, s.last_year,
        s.n_facts, coalesce(c.n_changes, 0) as n_changes
    from summary as s
    join label_lists as l using (indicator, unit)
    join labels_by_year as y using (indicator, unit)
    left join change_counts as c using (indicator, unit)
)

select * from final

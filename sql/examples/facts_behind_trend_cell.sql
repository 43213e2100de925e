-- Question: which printed statements stand behind one cell of the trend table?
-- The cell's level, every change (同比, 个百分点, 比上年增加) that qualifies it, and any
-- other statement of the same key and year (a repeat, a bulletin), each with its quote.
-- Adapt: set the agency, indicator and year of the cell.
-- columns: doc, title, id, kind, label, stated, unit, value, lo, hi, role, quote, start, end
with cell as (
    select * from trend_long
    where agency = '青川市临溪区市场监督管理局'  -- parameter: the agency
        and indicator = '查办普通程序案件'  -- parameter: the indicator key
        and year = 2023  -- parameter: the year
),

statements as (
    select
        f.*,
        case
            when f.doc = c.doc and f.id = c.fact_id then 'level'
            when f.doc = c.doc and f.refers_to = c.fact_id then 'change'
            else 'same key'
        end as role
    from facts as f
    join cell as c
        on (f.doc = c.doc and (f.id = c.fact_id or f.refers_to = c.fact_id))
        or (f.agency = c.agency and f.indicator = c.indicator and f.unit = c.unit
            and f.year = c.year)
),

final as (
    select
        s.doc, d.title, s.id, s.kind, s.label, s.stated, s.unit, s.value, s.lo, s.hi, s.role,
        s.quote, s.start, s."end"
    from statements as s
    join documents as d using (doc)
    order by s.doc, s.start
)

select * from final

-- interval_verdict(reason, a_lo, a_hi, b_lo, b_hi): the status of an interval check —
-- not_assessable when there is a reason, else pass when the stated interval [a] meets
-- the computed one [b] (intervals_meet), else fail.
create or replace macro interval_verdict(reason, a_lo, a_hi, b_lo, b_hi) as
    case
        when reason is not null then 'not_assessable'
        when intervals_meet(a_lo, a_hi, b_lo, b_hi) then 'pass'
        else 'fail'
    end;

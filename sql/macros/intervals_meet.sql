-- intervals_meet(a_lo, a_hi, b_lo, b_hi): true when two intervals share a value, a NULL
-- bound being an open side (超10%, 3650余件). The verdict of every interval check: a
-- statement fails only when NO values inside the printed precision could make it true.
-- The slack, relative to the bound's size, absorbs float noise at exact boundaries
-- (levels run to 1e10 元, where an absolute 1e-9 would be below the noise).
create or replace macro intervals_meet(a_lo, a_hi, b_lo, b_hi) as
    (a_lo is null or b_hi is null or a_lo <= b_hi + 1e-9 * (1 + abs(b_hi)))
    and (a_hi is null or b_lo is null or a_hi >= b_lo - 1e-9 * (1 + abs(b_lo)));

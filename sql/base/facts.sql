-- One row per extracted fact of a loaded document (tongbi.model.Fact + document keys).
-- No foreign key to documents: DuckDB forbids updating a referenced row, and load marks
-- replaced documents in place.
create table if not exists facts (
    doc        varchar not null,
    id         varchar not null,
    kind       varchar not null,  -- count, rate, yoy, pp, abs_change
    label      varchar,
    indicator  varchar,
    value      double,
    unit       varchar,
    stated     varchar,
    approx     varchar,
    lo         double,  -- null = unbounded below (approximate figures)
    hi         double,  -- null = unbounded above
    start      integer,
    "end"      integer,
    quote      varchar,
    refers_to  varchar,
    section    varchar,
    period     varchar,
    basis      varchar,
    base_year  integer,
    agency     varchar,
    series     varchar,
    year       integer,
    primary key (doc, id)
)

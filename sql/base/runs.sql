-- One row per load: when it ran and what it added.
create table if not exists runs (
    run_id       varchar primary key,
    started_at   timestamp,
    finished_at  timestamp,
    n_sources    integer,
    n_new        integer,
    n_facts      integer,
    status       varchar  -- ok, or failed (an error-level check fails or a source was rejected)
)

-- One row per load: when it ran and what it added.
create table if not exists runs (
    run_id       varchar primary key,
    started_at   timestamp,
    finished_at  timestamp,
    n_sources    integer,
    n_new        integer,
    n_facts      integer,
    status       varchar  -- ok, or failed (an error-level check fails or a source was rejected)
);

-- The table and column comments below are what DESCRIBE and duckdb_columns() show.
comment on table runs is 'One row per load: when it ran, what it added and whether it passed.';
comment on column runs."run_id" is 'Prefect flow run id (or a uuid outside Prefect)';
comment on column runs."started_at" is 'when the load started';
comment on column runs."finished_at" is 'when the load committed';
comment on column runs."n_sources" is 'sources seen by the run';
comment on column runs."n_new" is 'documents loaded (new and replacements)';
comment on column runs."n_facts" is 'facts inserted';
comment on column runs."status" is 'ok, or failed (an error-level check fails or a source was rejected)';

-- One row per source per run: what ingest and load decided about it.
create table if not exists ingest_log (
    run_id   varchar not null,
    "at"     timestamp not null,
    source   varchar,
    doc      varchar,  -- null when no bytes were read
    status   varchar not null,  -- new, unchanged, replaced, duplicate, rejected
    message  varchar
);

-- The table and column comments below are what DESCRIBE and duckdb_columns() show.
comment on table ingest_log is 'One row per source per run: what ingest and load decided about it.';
comment on column ingest_log."run_id" is 'the run (runs.run_id)';
comment on column ingest_log."at" is 'when the run started';
comment on column ingest_log."source" is 'the path or URL';
comment on column ingest_log."doc" is 'document id; null when no bytes were read';
comment on column ingest_log."status" is 'new, unchanged, replaced, duplicate or rejected';
comment on column ingest_log."message" is 'why, in one sentence';

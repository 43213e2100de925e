-- One row: the key of what every relation under sql/ was last built from.
create table if not exists build_state (
    key       varchar not null,  -- sha256 of the loaded documents, their facts and the SQL files
    run_id    varchar,
    built_at  timestamp
);

-- The table and column comments below are what DESCRIBE and duckdb_columns() show.
comment on table build_state is 'One row: the key of the inputs the relations were last built from; load rebuilds only when it changes.';
comment on column build_state."key" is 'sha256 of the documents (doc, sha256, status, replaced_by), the facts count and every SQL file';
comment on column build_state."run_id" is 'the run that built the relations';
comment on column build_state."built_at" is 'when that build ran';

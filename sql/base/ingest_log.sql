-- One row per source per run: what ingest and load decided about it.
create table if not exists ingest_log (
    run_id   varchar not null,
    "at"     timestamp not null,
    source   varchar,
    doc      varchar,  -- null when no bytes were read
    status   varchar not null,  -- new, unchanged, replaced, duplicate, rejected
    message  varchar
)

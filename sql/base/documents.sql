-- One row per distinct document (sha256); written only by tongbi.warehouse.load.
create table if not exists documents (
    doc          varchar primary key,  -- sha256[:12]
    sha256       varchar not null,
    source       varchar,
    format       varchar,
    encoding     varchar,
    agency       varchar,
    series       varchar,
    year         integer,
    title        varchar,
    doc_number   varchar,
    published    varchar,
    raw_path     varchar,
    text_path    varchar,
    n_chars      integer,
    status       varchar not null,  -- loaded, replaced, duplicate, rejected
    message      varchar,
    replaced_by  varchar,
    ingested_at  timestamp
)

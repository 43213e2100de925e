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
);

-- The table and column comments below are what DESCRIBE and duckdb_columns() show.
comment on table documents is 'One row per distinct document (sha256): what ingest detected and what load decided.';
comment on column documents."doc" is 'document id: the first 12 hex digits of sha256';
comment on column documents."sha256" is 'sha256 of the original bytes';
comment on column documents."source" is 'the path or URL it came from';
comment on column documents."format" is 'txt, html, pdf or docx';
comment on column documents."encoding" is 'detected encoding of the original bytes';
comment on column documents."agency" is 'reporting body, e.g. 上海市嘉定区市场监督管理局';
comment on column documents."series" is '工作总结, 统计公报, 食品安全监督抽检 …; report when unknown';
comment on column documents."year" is 'reporting year (not the publication year)';
comment on column documents."title" is 'title as printed';
comment on column documents."doc_number" is '文号, e.g. 嘉市监办〔2024〕25号';
comment on column documents."published" is 'ISO date of publication when printed';
comment on column documents."raw_path" is 'archived original bytes (data/raw/<sha256>)';
comment on column documents."text_path" is 'normalised UTF-8 text; facts'' offsets refer to it';
comment on column documents."n_chars" is 'length of the text in code points';
comment on column documents."status" is 'loaded, replaced, duplicate or rejected';
comment on column documents."message" is 'why rejected, or what was detected or overridden';
comment on column documents."replaced_by" is 'doc that superseded this one (status replaced)';
comment on column documents."ingested_at" is 'when load wrote the row';

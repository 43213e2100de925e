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
);

-- The table and column comments below are what DESCRIBE and duckdb_columns() show.
comment on table facts is 'One row per extracted fact of a loaded document: value, interval, exact quote and links.';
comment on column facts."doc" is 'document id (documents.doc)';
comment on column facts."id" is 'f001, f002 … in document order, unique within the document';
comment on column facts."kind" is 'count, rate, yoy, pp or abs_change';
comment on column facts."label" is 'the indicator in the document''s own words, context-qualified';
comment on column facts."indicator" is 'canonical key the label maps to';
comment on column facts."value" is 'multipliers applied: 8.5万 → 85000; 下降22% → -22';
comment on column facts."unit" is '户, 件, 元, %, 个百分点 … (万件 normalised to 件)';
comment on column facts."stated" is 'the number as printed: 8.5万, 3.52';
comment on column facts."approx" is 'approximation marker (余 多 近 约 超 突破 以上 逾 左右) or null';
comment on column facts."lo" is 'lower bound the printed precision allows (null = unbounded)';
comment on column facts."hi" is 'upper bound the printed precision allows (null = unbounded)';
comment on column facts."start" is 'code-point offset of the quote in the document text';
comment on column facts."end" is 'end offset: text[start:end] = quote';
comment on column facts."quote" is 'the statement as printed, holding the number';
comment on column facts."refers_to" is 'for yoy, pp, abs_change: id of the level it qualifies';
comment on column facts."section" is 'section path in the document: 一, 一/2, 一/2/三是';
comment on column facts."period" is 'null = the whole year; else 上半年, 第四季度, 1-6月 …';
comment on column facts."basis" is 'null = nominal figures; else 按可比价格, 实际 …';
comment on column facts."base_year" is 'for changes: the year compared against, when printed';
comment on column facts."agency" is 'reporting body (from documents)';
comment on column facts."series" is 'document series (from documents)';
comment on column facts."year" is 'reporting year (from documents)';

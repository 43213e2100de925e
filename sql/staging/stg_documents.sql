-- The documents currently in force: loaded, not replaced, duplicate or rejected.
-- doc: sha256[:12]
-- status: always loaded here
with source_documents as (
    select * from documents
),

final as (
    select *
    from source_documents
    where status = 'loaded'
)

select * from final

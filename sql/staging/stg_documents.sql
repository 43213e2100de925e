-- The documents currently in force: loaded, not replaced, duplicate or rejected.
-- doc: document id: the first 12 hex digits of sha256
-- sha256: sha256 of the original bytes
-- source: the path or URL it came from
-- format: txt, html, pdf or docx
-- encoding: detected encoding of the original bytes
-- agency: reporting body, e.g. 上海市嘉定区市场监督管理局
-- series: 工作总结, 统计公报, 食品安全监督抽检 …; report when unknown
-- year: reporting year (not the publication year)
-- title: title as printed
-- doc_number: 文号, e.g. 嘉市监办〔2024〕25号
-- published: ISO date of publication when printed
-- raw_path: archived original bytes (data/raw/<sha256>)
-- text_path: normalised UTF-8 text; facts' offsets refer to it
-- n_chars: length of the text in code points
-- status: always loaded here
-- message: why rejected, or what was detected or overridden
-- replaced_by: doc that superseded this one (status replaced)
-- ingested_at: when load wrote the row
with source_documents as (
    select * from documents
),

final as (
    select *
    from source_documents
    where status = 'loaded'
)

select * from final

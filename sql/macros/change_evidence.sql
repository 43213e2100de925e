-- change_evidence(…): the statements behind a change check — last year's level, this
-- year's level and the stated change — as check_results.evidence items, leaving out
-- any that is missing (no prior level found).
create or replace macro change_evidence(
    p_doc, p_year, p_quote, p_start, p_end,
    c_doc, c_year, c_quote, c_start, c_end,
    s_quote, s_start, s_end
) as list_filter(
    [
        {'doc': p_doc, 'year': p_year, 'quote': p_quote, 'start': p_start, 'end': p_end},
        {'doc': c_doc, 'year': c_year, 'quote': c_quote, 'start': c_start, 'end': c_end},
        {'doc': c_doc, 'year': c_year, 'quote': s_quote, 'start': s_start, 'end': s_end}
    ],
    lambda e: e.doc is not null and e.quote is not null
);

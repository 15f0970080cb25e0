"""Filing documents to Items: `api.parse_document` / `parse_submission_sections` / `parse_path`.

Pipeline: `source` (local files; full submission or single document; bytes and full submissions are read
by `edgar.sgml`) -> `html_text` / `plain_text` (ordered text blocks with source offsets) -> `blocks` (noise removal, joined text) -> `headings` (Item heading
candidates) -> `segment` (TOC and cross-reference handling, ordered choice, `sections.Section`);
`crosscheck` compares 8-K items with the declared ones (benchmarks.support.section_scoring scores the parser
on the shared labels). `ixbrl` (XBRL facts) is a separate concern.
No Dagster imports here.
"""

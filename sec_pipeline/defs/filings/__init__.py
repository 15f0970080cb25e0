"""raw_filings and parsed_sections: a filing date's EDGAR filings, downloaded, then split into Items."""

"""The daily filings job, its schedule and the new-filings sensor."""

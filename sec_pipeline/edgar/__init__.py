"""SEC EDGAR access, with no Dagster dependency.

* `sgml`: full-submission `.txt` parsing (`parse_submission`) and building (`build_submission`);
  `items`: 8-K item titles -> codes ("2.02", or "7" before 2004-08-23).
* `client`: `EdgarClient` (declared User-Agent, shared per-host `ratelimit` limiter, retries, disk cache).
* `index`: daily/full index files -> `IndexEntry`; `entries_for_date(client, day)`.
* `submissions`: data.sec.gov submissions JSON -> `FilingRef`; `company_filings(client, cik, ...)`.
* `feed`: getcurrent Atom feed -> `FeedEntry`; `current_filings`.
* `mirror`: a loopback EDGAR (`mirror.server.MirrorServer`) over a folder in EDGAR's layout, with scripted
  `mirror.faults`, for tests and air-gapped runs.
* `downloader`: sec-edgar-downloader folders read back (`iter_downloader_filings`).
"""

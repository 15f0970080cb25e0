"""sec_pipeline: SEC EDGAR filings to trustworthy, queryable signals."""

__version__ = "0.1.0"

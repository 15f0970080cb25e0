"""Row builders shared by the store tests."""

from __future__ import annotations

from datetime import date
from typing import Any


def accession(cik: int, year: int, seq: int) -> str:
    """An accession number of the EDGAR form 0000320193-24-000123."""
    return f"{cik:010d}-{year % 100:02d}-{seq:06d}"


def filing_row(cik: int = 320193, seq: int = 1, *, form: str = "10-K", day: date = date(2024, 11, 1),
               **extra: Any) -> dict[str, Any]:
    """A filings row with the header fields the raw_filings asset records."""
    return {
        "accession_no": accession(cik, day.year, seq),
        "cik": f"{cik:010d}",
        "company": f"Company {cik}",
        "form_type": form,
        "filing_date": day,
        "period_of_report": date(day.year, 9, 28),
        "sic": "3571",
        "fiscal_year_end": "0928",
        "declared_items": ["2.02", "9.01"] if form == "8-K" else None,
        "primary_document": "doc.htm",
        "raw_uri": f"file:///blobs/raw/{cik}/doc.htm",
        "sha256": "a" * 64,
        "bytes": 5_000_000_000,
        "status": "downloaded",
        **extra,
    }


def signal_row(section: str, name: str, value: float, *, family: str = "tone",
               category: str = "negative") -> dict[str, Any]:
    """A signal row as an extractor produces it (no accession, no filing_date)."""
    return {
        "section": section, "family": family, "name": name, "category": category, "value": value,
        "label": None, "confidence": 0.9, "evidence": "Revenue declined.", "evidence_start": 0,
        "evidence_end": 17, "model": "lm", "model_version": "2024", "tier": "lexicon", "latency_s": 0.01,
        "cost_usd": 0.0,
    }


def strip_times(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows without their write timestamps, for comparing contents across writes."""
    return [{k: v for k, v in row.items() if k not in ("created_at", "updated_at", "published_at")}
            for row in rows]

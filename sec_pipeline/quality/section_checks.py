"""Derive per-filing and per-section boolean columns from the filings and sections frames.

These are the domain facts the sections suite validates with GX (`ExpectColumnValuesToBeInSet([True])`):
required items present for the form and era, 8-K items found equal to the items declared in the SEC header,
and each section's size within its item's band. A column is null where the rule does not apply (GX skips
nulls, and the runner gives no outcome to such filings).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pandas as pd

from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.quality import rules
from sec_pipeline.vocabulary import is_eight_k_code, normalize_form, normalize_item, quality_band

FILING_COLUMNS = ("accession_no", "form_type", "filing_date", "declared_items")
SECTION_COLUMNS = ("accession_no", "item", "char_count")


class FrameSchemaError(ValueError):
    """An input frame lacks columns the quality checks need."""


def require_columns(frame: pd.DataFrame, columns: Iterable[str], frame_name: str) -> None:
    """Raise FrameSchemaError naming the frame and the missing columns."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise FrameSchemaError(
            f"{frame_name} frame lacks columns {missing}; it needs the `{frame_name}` table's columns "
            f"(has {list(frame.columns)})"
        )


def parse_item_list(value: Any) -> list[str]:
    """Declared items as a list of normalized codes, from a list, array, JSON text or comma-separated text."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = text.strip("[]").replace('"', "").replace("'", "").split(",")
        else:
            value = text.split(",")
    try:
        items = list(value)
    except TypeError:
        items = [value]
    return sorted({normalize_item(str(i)) for i in items if str(i).strip()})


def filing_year(value: Any) -> int | None:
    """The year of a filing date given as date, datetime, Timestamp or ISO text; None when unknown."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return int(pd.Timestamp(value).year)
    except (ValueError, TypeError):
        return None


def _iso_day(value: Any) -> str | None:
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        return None


def filing_checks(filings: pd.DataFrame, sections: pd.DataFrame) -> pd.DataFrame:
    """One row per filing: required_items_present and items_match_declared (null where not applicable).

    Also carries the evidence: `found_items`, `missing_items`, `declared`, `found_8k_items`.
    """
    require_columns(filings, FILING_COLUMNS, "filings")
    require_columns(sections, SECTION_COLUMNS, "sections")
    found: dict[str, set[str]] = {}
    for accession, item in zip(sections["accession_no"], sections["item"], strict=True):
        if accession is not None and item is not None:
            found.setdefault(str(accession), set()).add(normalize_item(str(item)))
    rows = []
    for filing in filings.itertuples(index=False):
        accession = str(filing.accession_no)
        items = found.get(accession, set())
        absent = rules.missing_items(str(filing.form_type), filing_year(filing.filing_date), items)
        present = None if absent is None else not absent
        missing = absent or []
        declared = parse_item_list(filing.declared_items)
        found_8k = sorted(i for i in items if is_eight_k_code(i))
        matches: bool | None = None
        if normalize_form(str(filing.form_type)) in rules.EIGHT_K_FORMS and declared:
            matches = compare_8k_items(found_8k, declared, filing_date=_iso_day(filing.filing_date)).agree
        rows.append({
            "accession_no": accession,
            "form_type": str(filing.form_type),
            "required_items_present": present,
            "items_match_declared": matches,
            "found_items": ",".join(sorted(items)),
            "missing_items": ",".join(missing),
            "declared": ",".join(declared),
            "found_8k_items": ",".join(found_8k),
        })
    frame = pd.DataFrame(rows, columns=[
        "accession_no", "form_type", "required_items_present", "items_match_declared", "found_items",
        "missing_items", "declared", "found_8k_items",
    ])
    for column in ("required_items_present", "items_match_declared"):
        frame[column] = frame[column].astype("object")
    return frame


def section_band_checks(sections: pd.DataFrame) -> pd.DataFrame:
    """One row per section: item, char_count, band_min, band_max and section_size_in_band."""
    require_columns(sections, SECTION_COLUMNS, "sections")
    form = sections["form_type"] if "form_type" in sections.columns else pd.Series([""] * len(sections))
    bands = [quality_band(str(f), str(i)) for f, i in zip(form, sections["item"], strict=True)]
    counts = pd.to_numeric(sections["char_count"], errors="coerce")
    frame = pd.DataFrame({
        "accession_no": sections["accession_no"].astype("object").values,
        "item": sections["item"].astype(str).values,
        "char_count": counts.values,
        "band_min": [b[0] for b in bands],
        "band_max": [b[1] for b in bands],
    })
    in_band = (frame["char_count"] >= frame["band_min"]) & (frame["char_count"] <= frame["band_max"])
    frame["section_size_in_band"] = in_band.astype(bool).astype("object")
    return frame

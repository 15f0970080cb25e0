"""Domain rules the expectation suites enforce: required items, signal value ranges and categories.

Every rule is a plain constant here so it can be read, reviewed and overridden in one place; the names they
check (forms, Items and their size bands, signal families and tiers) come from `sec_pipeline.vocabulary`.

Required items (by form type and filing year):
  - 10-K (10-K, 10-K405, 10-KT) filed in 2006 or later: Items 1, 1A, 7 and 8. Item 1A (Risk Factors) became
    mandatory for fiscal years ending on or after 1 December 2005, so 10-Ks filed from 2006 carry it.
  - 10-K filed 2001-2005: Items 1, 7 and 8.
  - 10-Q filed 2001 or later: Part I Item 1 (financial statements) and Part I Item 2 (MD&A).
  - Filed before 2001 (the plain-text era): relaxed to "at least one item found", because many 1990s filings
    incorporate Items 7 and 8 by reference to the annual report exhibit and have irregular headings.
  - Amendments (/A) are often partial, so they have no required items.

Section size bands are the vocabulary's `quality_band`s. Bands are advisory (WARN): a miss is worth a look,
not a blocked partition.
"""

from __future__ import annotations

import re

from sec_pipeline.vocabulary import form_types_of, normalize_form

TEN_K_FORMS = form_types_of("10-K", amendments=False)
TEN_Q_FORMS = form_types_of("10-Q", amendments=False)
EIGHT_K_FORMS = form_types_of("8-K", amendments=True)

RELAXED = "any"  # marker: at least one item must be found

# (form types, first filing year, required normalized items), newest era first.
REQUIRED_ITEMS: tuple[tuple[frozenset[str], int, frozenset[str] | str], ...] = (
    (TEN_K_FORMS, 2006, frozenset({"1", "1a", "7", "8"})),
    (TEN_K_FORMS, 2001, frozenset({"1", "7", "8"})),
    (TEN_K_FORMS, 0, RELAXED),
    (TEN_Q_FORMS, 2001, frozenset({"part1item1", "part1item2"})),
    (TEN_Q_FORMS, 0, RELAXED),
)

SIGNAL_COLUMNS: tuple[str, ...] = (
    "accession_no", "filing_date", "section", "family", "name", "category", "value", "label", "confidence",
    "evidence", "evidence_start", "evidence_end", "model", "model_version", "tier", "latency_s", "cost_usd",
    "unit", "period",
)
CATEGORY_PATTERN = r"^[a-z][a-z0-9_.\-]*$"
# Families with a closed category vocabulary; the others only need a snake_case category.
ALLOWED_CATEGORIES: dict[str, frozenset[str]] = {
    "sentiment": frozenset({"positive", "negative", "neutral", "net", "count"}),
}

# Value range rules for `signals.value`: first matching (family or "*", name regex) wins; None = unbounded.
RANGE_RULES: tuple[tuple[str, str, tuple[float, float] | None], ...] = (
    ("financial", r".*", None),
    ("event", r".*", None),
    ("*", r"^net_|_net$|^net$|polarity", (-1.0, 1.0)),
    ("*", r"similarity", (0.0, 1.0)),
    ("*", r"share|prob|ratio|percent_of|fraction", (0.0, 1.0)),
    ("routing", r"complexity|score", (0.0, 1.0)),
    ("*", r".*", None),
)


def required_items(form_type: str, filing_year: int | None) -> frozenset[str] | str | None:
    """Required normalized items for a form and filing year, RELAXED, or None when nothing is required."""
    form = normalize_form(form_type)
    year = filing_year or 0
    for forms, first_year, items in REQUIRED_ITEMS:
        if form in forms and year >= first_year:
            return items
    return None


def missing_items(form_type: str, filing_year: int | None, items: set[str]) -> list[str] | None:
    """Required items absent from `items` (normalized keys), ["any item"] when a RELAXED era found none,
    or None when nothing is required for the form and year."""
    required = required_items(form_type, filing_year)
    if required is None:
        return None
    if required == RELAXED:
        return [] if items else ["any item"]
    return sorted(set(required) - items)


def value_range(family: str, name: str) -> tuple[float, float] | None:
    """The allowed [min, max] of a signal's value, or None when the value is unbounded (money, counts)."""
    for rule_family, pattern, bounds in RANGE_RULES:
        if rule_family in ("*", family) and re.search(pattern, name or "", re.IGNORECASE):
            return bounds
    return None

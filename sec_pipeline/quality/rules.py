"""Domain rules the expectation suites enforce: required items, section size bands, value ranges.

Every rule is a plain constant here so it can be read, reviewed and overridden in one place.

Required items (by base form and filing year):
  - 10-K (10-K, 10-K405, 10-KT) filed in 2006 or later: Items 1, 1A, 7 and 8. Item 1A (Risk Factors) became
    mandatory for fiscal years ending on or after 1 December 2005, so 10-Ks filed from 2006 carry it.
  - 10-K filed 2001-2005: Items 1, 7 and 8.
  - 10-Q filed 2001 or later: Part I Item 1 (financial statements) and Part I Item 2 (MD&A).
  - Filed before 2001 (the plain-text era): relaxed to "at least one item found", because many 1990s filings
    incorporate Items 7 and 8 by reference to the annual report exhibit and have irregular headings.
  - Amendments (/A) are often partial, so they have no required items.

Section size bands (characters of extracted text, inclusive). The lower bound catches a parser that kept only
a heading; the upper bound catches a section that swallowed the rest of the document. They were set from the
real filings in ../shared/edgar: EDGAR-CRAWLER's 62 extracted 10-Ks (text characters: shortest real Item 1A is
a ~180-character "not required for smaller reporting companies" sentence, longest 100,942; shortest Item 7 or 8
incorporated by reference ~120 characters) and sec-parser's 59 labelled 10-K/10-Q section lists (HTML
characters, which bound text characters from above: largest 1A 469,981; largest 7 3.2M; largest 8 7.5M;
Item 15 with the financial statements up to 11.4M; 10-Q Part I Item 2 up to 11M). Other items only need to be
non-empty ("Item 6. [Reserved]" is 10 characters). benchmarks/quality.py measures the share of real labelled
sections inside their band. Bands are advisory (WARN): a miss is worth a look, not a blocked partition.
"""

from __future__ import annotations

import re

TEN_K_FORMS = frozenset({"10-K", "10-K405", "10-KT"})
TEN_Q_FORMS = frozenset({"10-Q"})
EIGHT_K_FORMS = frozenset({"8-K", "8-K/A"})

RELAXED = "any"  # marker: at least one item must be found

# (form family, first filing year, required normalized items), newest era first.
REQUIRED_ITEMS: tuple[tuple[frozenset[str], int, frozenset[str] | str], ...] = (
    (TEN_K_FORMS, 2006, frozenset({"1", "1a", "7", "8"})),
    (TEN_K_FORMS, 2001, frozenset({"1", "7", "8"})),
    (TEN_K_FORMS, 0, RELAXED),
    (TEN_Q_FORMS, 2001, frozenset({"part1item1", "part1item2"})),
    (TEN_Q_FORMS, 0, RELAXED),
)

# Normalized item -> (min chars, max chars). Keys for 10-K items are like "1a"; 10-Q like "part1item2".
SECTION_BANDS: dict[str, tuple[int, int]] = {
    "1": (200, 1_500_000),
    "1a": (100, 600_000),
    "7": (100, 5_000_000),
    "8": (100, 10_000_000),
    "15": (20, 15_000_000),
    "part1item1": (200, 10_000_000),
    "part1item2": (200, 12_000_000),
    "part2item1a": (20, 600_000),
}
DEFAULT_BAND: tuple[int, int] = (1, 5_000_000)
EIGHT_K_BAND: tuple[int, int] = (20, 500_000)

SIGNAL_COLUMNS: tuple[str, ...] = (
    "accession_no", "filing_date", "section", "family", "name", "category", "value", "label", "confidence",
    "evidence", "evidence_start", "evidence_end", "model", "model_version", "tier", "latency_s", "cost_usd",
    "unit", "period",
)
SIGNAL_KEY: tuple[str, ...] = ("accession_no", "section", "family", "name")
FAMILIES: tuple[str, ...] = ("tone", "sentiment", "risk_change", "event", "financial", "routing")
TIERS: tuple[str, ...] = ("fast", "accurate", "lexicon", "rule", "rules", "xbrl", "")
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

_ITEM_PREFIX = re.compile(r"^\s*item\s*", re.IGNORECASE)
_EIGHT_K_CODE = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}))?$")


def base_form(form_type: str) -> str:
    """The form without amendment suffix handling: '10-K405' stays, '10-K/A' stays (amendments differ)."""
    return (form_type or "").strip().upper()


def normalize_item(item: str) -> str:
    """Canonical item key: 'Item 1A' -> '1a', 'Part I Item 2' / 'part1item2' -> 'part1item2', '2.2' -> '2.02'."""
    text = str(item).strip().lower()
    text = re.sub(r"\bpart\s*ii\b", "part2", text)
    text = re.sub(r"\bpart\s*i\b", "part1", text)
    text = _ITEM_PREFIX.sub("", text)
    text = re.sub(r"[\s_:]+", "", text).rstrip(".")
    code = _EIGHT_K_CODE.match(text)
    if code and code.group(2) is not None:
        return f"{int(code.group(1))}.{int(code.group(2)):02d}"
    return text


def is_eight_k_item(item: str) -> bool:
    """True for an 8-K item code ('2.02', or pre-2004 '5'); False for exhibits like 'EX-99.1'."""
    return bool(_EIGHT_K_CODE.match(normalize_item(item)))


def required_items(form_type: str, filing_year: int | None) -> frozenset[str] | str | None:
    """Required normalized items for a form and filing year, RELAXED, or None when nothing is required."""
    form = base_form(form_type)
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


def section_band(form_type: str, item: str) -> tuple[int, int]:
    """The (min, max) character band for a section of the given form and item."""
    if base_form(form_type) in EIGHT_K_FORMS:
        return EIGHT_K_BAND
    return SECTION_BANDS.get(normalize_item(item), DEFAULT_BAND)


def value_range(family: str, name: str) -> tuple[float, float] | None:
    """The allowed [min, max] of a signal's value, or None when the value is unbounded (money, counts)."""
    for rule_family, pattern, bounds in RANGE_RULES:
        if rule_family in ("*", family) and re.search(pattern, name or "", re.IGNORECASE):
            return bounds
    return None

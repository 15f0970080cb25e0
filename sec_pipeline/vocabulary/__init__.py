"""The project's vocabulary: forms, Items, filing statuses and signal names (no Dagster, no other imports).

Every other module takes these names from here, so each piece of SEC and pipeline knowledge has one home:
  - `forms`: form types, their families (`form_family`) and amendments.
  - `items`: every 10-K, 10-Q and 8-K Item as one table (codes, titles, keywords, size bands, 8-K event
    categories and eras), the 2004 8-K renumbering and how item codes are spelled (`normalize_item`).
  - `filings`: `normalize_cik` and the `FilingStatus` values stored in `filings.status`.
  - `signals`: the signal key, families and tiers.
"""

from sec_pipeline.vocabulary.filings import (
    RAW_IN_BLOBS,
    RAW_STORED,
    SECTIONS_STORED,
    FilingStatus,
    normalize_cik,
)
from sec_pipeline.vocabulary.forms import (
    AMENDMENT_SUFFIX,
    FAMILIES,
    FINANCIAL_STATEMENT_FAMILIES,
    FORM_TYPES,
    amended_form,
    form_family,
    form_types_of,
    is_amendment,
    normalize_form,
)
from sec_pipeline.vocabulary.items import (
    DEFAULT_QUALITY_BAND,
    EIGHT_K_ITEMS,
    EIGHT_K_PRE_2004_ITEMS,
    EIGHT_K_QUALITY_BAND,
    RENUMBERING_DATE,
    TEN_K_ITEMS,
    TEN_Q_ITEMS,
    Item,
    before_renumbering,
    eight_k_code,
    eight_k_item,
    find_eight_k_code,
    is_eight_k_code,
    items_of,
    normalize_item,
    quality_band,
)
from sec_pipeline.vocabulary.signals import SIGNAL_FAMILIES, SIGNAL_KEY, SIGNAL_TIERS

__all__ = [
    "DEFAULT_QUALITY_BAND",
    "EIGHT_K_ITEMS",
    "EIGHT_K_PRE_2004_ITEMS",
    "EIGHT_K_QUALITY_BAND",
    "AMENDMENT_SUFFIX",
    "FAMILIES",
    "FINANCIAL_STATEMENT_FAMILIES",
    "FORM_TYPES",
    "RAW_IN_BLOBS",
    "RAW_STORED",
    "RENUMBERING_DATE",
    "SECTIONS_STORED",
    "SIGNAL_FAMILIES",
    "SIGNAL_KEY",
    "SIGNAL_TIERS",
    "TEN_K_ITEMS",
    "TEN_Q_ITEMS",
    "FilingStatus",
    "Item",
    "before_renumbering",
    "eight_k_code",
    "eight_k_item",
    "find_eight_k_code",
    "form_family",
    "form_types_of",
    "amended_form",
    "is_amendment",
    "is_eight_k_code",
    "items_of",
    "normalize_cik",
    "normalize_form",
    "normalize_item",
    "quality_band",
]

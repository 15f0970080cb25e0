"""8-K item codes from the descriptive ITEM INFORMATION lines of EDGAR headers.

EDGAR headers carry the item *titles* ("Results of Operations and Financial Condition"); the codes
("2.02") are what users and the `sections` table speak. Items were renumbered on 2004-08-23: before
that date 8-Ks used items 1 to 12 ("Other events" = 5, "Financial statements and exhibits" = 7),
afterwards 1.01 to 9.01. `item_code` picks the table by filing date.
"""

from __future__ import annotations

import re

RENUMBERING_DATE = "2004-08-23"

# Official titles of Form 8-K items since 2004-08-23 (plus the 2004-2006 wording of 5.02).
CURRENT_ITEMS: dict[str, tuple[str, ...]] = {
    "1.01": ("Entry into a Material Definitive Agreement",),
    "1.02": ("Termination of a Material Definitive Agreement",),
    "1.03": ("Bankruptcy or Receivership",),
    "1.04": ("Mine Safety - Reporting of Shutdowns and Patterns of Violations",),
    "1.05": ("Material Cybersecurity Incidents",),
    "2.01": ("Completion of Acquisition or Disposition of Assets",),
    "2.02": ("Results of Operations and Financial Condition",),
    "2.03": ("Creation of a Direct Financial Obligation or an Obligation under an Off-Balance Sheet "
             "Arrangement of a Registrant",),
    "2.04": ("Triggering Events That Accelerate or Increase a Direct Financial Obligation or an "
             "Obligation under an Off-Balance Sheet Arrangement",),
    "2.05": ("Costs Associated with Exit or Disposal Activities",),
    "2.06": ("Material Impairments",),
    "3.01": ("Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; "
             "Transfer of Listing",),
    "3.02": ("Unregistered Sales of Equity Securities",),
    "3.03": ("Material Modification to Rights of Security Holders",),
    "4.01": ("Changes in Registrant's Certifying Accountant",),
    "4.02": ("Non-Reliance on Previously Issued Financial Statements or a Related Audit Report or "
             "Completed Interim Review",),
    "5.01": ("Changes in Control of Registrant",),
    "5.02": ("Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain "
             "Officers; Compensatory Arrangements of Certain Officers",
             "Departure of Directors or Principal Officers; Election of Directors; Appointment of "
             "Principal Officers"),
    "5.03": ("Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year",),
    "5.04": ("Temporary Suspension of Trading Under Registrant's Employee Benefit Plans",),
    "5.05": ("Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the Code of Ethics",),
    "5.06": ("Change in Shell Company Status",),
    "5.07": ("Submission of Matters to a Vote of Security Holders",),
    "5.08": ("Shareholder Director Nominations",),
    "6.01": ("ABS Informational and Computational Material",),
    "6.02": ("Change of Servicer or Trustee",),
    "6.03": ("Change in Credit Enhancement or Other External Support",),
    "6.04": ("Failure to Make a Required Distribution",),
    "6.05": ("Securities Act Updating Disclosure",),
    "6.06": ("Static Pool",),
    "6.10": ("Alternative Filings of Asset-Backed Issuers",),
    "7.01": ("Regulation FD Disclosure",),
    "8.01": ("Other Events",),
    "9.01": ("Financial Statements and Exhibits",),
}

# Titles of Form 8-K items before 2004-08-23 (items 1 to 12).
LEGACY_ITEMS: dict[str, tuple[str, ...]] = {
    "1": ("Changes in Control of Registrant",),
    "2": ("Acquisition or Disposition of Assets",),
    "3": ("Bankruptcy or Receivership",),
    "4": ("Changes in Registrant's Certifying Accountant",),
    "5": ("Other Events", "Other Events and Regulation FD Disclosure"),
    "6": ("Resignations of Registrant's Directors", "Resignation of Registrant's Directors"),
    "7": ("Financial Statements and Exhibits",
          "Financial Statements, Pro Forma Financial Information and Exhibits"),
    "8": ("Change in Fiscal Year",),
    "9": ("Regulation FD Disclosure", "Sales of Equity Securities Pursuant to Regulation S"),
    "10": ("Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the Code of Ethics",),
    "11": ("Temporary Suspension of Trading Under Registrant's Employee Benefit Plans",),
    "12": ("Results of Operations and Financial Condition",),
}

_WORD = re.compile(r"[a-z0-9]+")
_CODE = re.compile(r"^(?:item\s*)?(\d{1,2}(?:\.\d{2})?)$", re.IGNORECASE)


def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower().replace("&", " and ").replace("'s", "s")))


def _index(table: dict[str, tuple[str, ...]]) -> list[tuple[frozenset[str], tuple[str, ...], str]]:
    return [(frozenset(_tokens(t)), _tokens(t), code) for code, titles in table.items() for t in titles]


_CURRENT = _index(CURRENT_ITEMS)
_LEGACY = _index(LEGACY_ITEMS)


def _match(tokens: tuple[str, ...], table: list[tuple[frozenset[str], tuple[str, ...], str]]) -> str | None:
    best_code, best_score = None, 0.0
    words = frozenset(tokens)
    for title_words, title_tokens, code in table:
        if tokens == title_tokens:
            return code
        union = words | title_words
        score = len(words & title_words) / len(union) if union else 0.0
        if score > best_score:
            best_code, best_score = code, score
    return best_code if best_score >= 0.75 else None


def item_code(description: str, filing_date: str | None = None) -> str | None:
    """Map one ITEM INFORMATION line to its 8-K item code ("2.02", or "7" before 2004-08-23).

    A line that already is a code ("2.02", "Item 7") is returned as is. Titles are matched on their
    words (case, punctuation and small wording changes ignored); unknown text gives None.
    """
    text = description.strip()
    if not text:
        return None
    code = _CODE.match(text)
    if code:
        return code.group(1)
    tokens = _tokens(text)
    legacy_first = filing_date is not None and filing_date < RENUMBERING_DATE
    tables = (_LEGACY, _CURRENT) if legacy_first else (_CURRENT, _LEGACY)
    for table in tables:
        found = _match(tokens, table)
        if found:
            return found
    return None


def item_codes(descriptions: list[str], filing_date: str | None = None) -> list[str]:
    """Codes of several ITEM INFORMATION lines, in order, unknown lines dropped, duplicates removed."""
    codes: list[str] = []
    for description in descriptions:
        code = item_code(description, filing_date)
        if code and code not in codes:
            codes.append(code)
    return codes

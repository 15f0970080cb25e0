"""The Items of each form, one row per Item, and how item codes are written.

Codes are what the `sections` table stores: "1A" for a 10-K, "part2item1a" for a 10-Q (sec-parser's
identifiers), "2.02" for an 8-K. 8-K items were renumbered on 2004-08-23 (`RENUMBERING_DATE`): before that
date 8-Ks used items 1 to 12 ("Other events" = 5, "Financial statements and exhibits" = 7), afterwards 1.01
to 9.01. `normalize_item` gives the key under which codes of any spelling compare ('Item 1A' -> '1a').

Columns of a row (`Item`):
  - `title`: the Item's name as this project labels it (8-K event signal labels, parser warnings).
  - `keywords`: words one of which a heading of the Item carries (the parser's heading check).
  - `parse_band`: the parser's usual size, in characters; a section outside it gets a warning and a lower
    confidence.
  - `quality_band`: the validation suite's advisory (WARN) size band, when the Item has its own; others get
    `DEFAULT_QUALITY_BAND`, and every section of an 8-K `EIGHT_K_QUALITY_BAND`. The lower bound catches a
    parser that kept only a heading; the upper bound a section that swallowed the rest of the document. They
    were set from the real filings in ../shared/edgar: EDGAR-CRAWLER's 62 extracted 10-Ks (text characters:
    shortest real Item 1A is a ~180-character "not required for smaller reporting companies" sentence,
    longest 100,942; shortest Item 7 or 8 incorporated by reference ~120 characters) and sec-parser's 59
    labelled 10-K/10-Q section lists (HTML characters, which bound text characters from above: largest 1A
    469,981; largest 7 3.2M; largest 8 7.5M; Item 15 with the financial statements up to 11.4M; 10-Q Part I
    Item 2 up to 11M). Other items only need to be non-empty ("Item 6. [Reserved]" is 10 characters).
    benchmarks/quality.py measures the share of real labelled sections inside their band.
  - 8-K only: `category` (the event category of the Item's signal), `pre_2004` (numbering used before the
    renumbering) and `sec_titles` (the SEC's wordings, matched against EDGAR headers' ITEM INFORMATION lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sec_pipeline.vocabulary.forms import form_types_of, normalize_form

RENUMBERING_DATE = "2004-08-23"

_MAX = 2_000_000
DEFAULT_QUALITY_BAND: tuple[int, int] = (1, 5_000_000)
EIGHT_K_QUALITY_BAND: tuple[int, int] = (20, 500_000)


@dataclass(frozen=True)
class Item:
    """One Item of a form (see the module docstring for the columns)."""

    form: str
    code: str
    title: str
    keywords: tuple[str, ...]
    parse_band: tuple[int, int] = (20, _MAX)
    quality_band: tuple[int, int] | None = None
    category: str = ""
    pre_2004: bool = False
    sec_titles: tuple[str, ...] = ()


def _periodic(form: str, rows: tuple[tuple[Any, ...], ...]) -> tuple[Item, ...]:
    """10-K/10-Q rows: (code, title, keywords, parse band[, quality band])."""
    return tuple(Item(form, code, title, tuple(keywords.split("|")), *bands) for code, title, keywords, *bands in rows)


def _eight_k(rows: tuple[tuple[Any, ...], ...], *, pre_2004: bool) -> tuple[Item, ...]:
    """8-K rows: (code, category, title, keywords[, SEC titles when they differ from the title])."""
    return tuple(
        Item("8-K", code, title, tuple(keywords.split("|")), category=category, pre_2004=pre_2004,
             sec_titles=tuple(sec_titles) or (title,))
        for code, category, title, keywords, *sec_titles in rows
    )


TEN_K_ITEMS: tuple[Item, ...] = _periodic("10-K", (
    # code, title, heading keywords, parse band[, quality band]
    ("1", "Business", "business", (500, _MAX), (200, 1_500_000)),
    ("1A", "Risk Factors", "risk", (200, _MAX), (100, 600_000)),
    ("1B", "Unresolved Staff Comments", "unresolved|staff", (10, 20_000)),
    ("1C", "Cybersecurity", "cyber", (100, 60_000)),
    ("2", "Properties", "propert", (30, 200_000)),
    ("3", "Legal Proceedings", "legal", (20, 200_000)),
    ("4", "Mine Safety Disclosures", "mine|submission|vote|security holders|reserved|executive officers",
     (10, 100_000)),
    ("5", "Market for Registrant's Common Equity", "market", (50, _MAX)),
    ("6", "Selected Financial Data", "selected|reserved", (5, _MAX)),
    ("7", "Management's Discussion and Analysis", "management|discussion", (500, _MAX), (100, 5_000_000)),
    ("7A", "Quantitative and Qualitative Disclosures About Market Risk", "quantitative|market risk", (20, _MAX)),
    ("8", "Financial Statements and Supplementary Data", "financial statements", (50, _MAX), (100, 10_000_000)),
    ("9", "Changes in and Disagreements with Accountants", "changes|disagreements|accountants", (10, 50_000)),
    ("9A", "Controls and Procedures", "controls", (50, 200_000)),
    ("9B", "Other Information", "other information", (5, 100_000)),
    ("9C", "Disclosure Regarding Foreign Jurisdictions that Prevent Inspections", "foreign|jurisdiction|inspection",
     (5, 20_000)),
    ("10", "Directors, Executive Officers and Corporate Governance", "directors|officers", (20, _MAX)),
    ("11", "Executive Compensation", "compensation", (20, _MAX)),
    ("12", "Security Ownership of Certain Beneficial Owners and Management", "security ownership|beneficial",
     (20, _MAX)),
    ("13", "Certain Relationships and Related Transactions", "relationships|related", (20, _MAX)),
    ("14", "Principal Accountant Fees and Services", "accountant|fees|exhibits|schedules", (20, _MAX)),
    ("15", "Exhibits and Financial Statement Schedules", "exhibits|schedules", (20, _MAX), (20, 15_000_000)),
    ("16", "Form 10-K Summary", "summary", (5, 50_000)),
))

TEN_Q_ITEMS: tuple[Item, ...] = _periodic("10-Q", (
    # code, title, heading keywords, parse band[, quality band]
    ("part1item1", "Financial Statements", "financial statements", (200, _MAX), (200, 10_000_000)),
    ("part1item2", "Management's Discussion and Analysis", "management|discussion", (300, _MAX), (200, 12_000_000)),
    ("part1item3", "Quantitative and Qualitative Disclosures About Market Risk", "quantitative|market risk",
     (20, _MAX)),
    ("part1item4", "Controls and Procedures", "controls", (50, 100_000)),
    ("part2item1", "Legal Proceedings", "legal", (10, 200_000)),
    ("part2item1a", "Risk Factors", "risk", (10, _MAX), (20, 600_000)),
    ("part2item2", "Unregistered Sales of Equity Securities and Use of Proceeds",
     "unregistered|sales|purchases|proceeds|changes in securities", (10, 200_000)),
    ("part2item3", "Defaults Upon Senior Securities", "defaults", (5, 50_000)),
    ("part2item4", "Mine Safety Disclosures", "mine|submission|vote|security holders|reserved", (5, 100_000)),
    ("part2item5", "Other Information", "other information", (5, 200_000)),
    ("part2item6", "Exhibits", "exhibits", (10, _MAX)),
))

EIGHT_K_ITEMS: tuple[Item, ...] = _eight_k((
    # code, event category, title, heading keywords[, SEC titles when they differ from the title]
    ("1.01", "material_agreement", "Entry into a Material Definitive Agreement", "entry|agreement"),
    ("1.02", "agreement_termination", "Termination of a Material Definitive Agreement", "termination"),
    ("1.03", "bankruptcy", "Bankruptcy or Receivership", "bankruptcy|receivership"),
    ("1.04", "mine_safety", "Mine Safety - Reporting of Shutdowns and Patterns of Violations", "mine"),
    ("1.05", "cybersecurity_incident", "Material Cybersecurity Incidents", "cyber"),
    ("2.01", "acquisition_disposition", "Completion of Acquisition or Disposition of Assets",
     "completion|acquisition|disposition"),
    ("2.02", "results", "Results of Operations and Financial Condition", "results"),
    ("2.03", "financial_obligation", "Creation of a Direct Financial Obligation", "creation|obligation",
     "Creation of a Direct Financial Obligation or an Obligation under an Off-Balance Sheet Arrangement of a "
     "Registrant"),
    ("2.04", "triggering_event", "Triggering Events That Accelerate or Increase a Direct Financial Obligation",
     "triggering",
     "Triggering Events That Accelerate or Increase a Direct Financial Obligation or an Obligation under an "
     "Off-Balance Sheet Arrangement"),
    ("2.05", "restructuring", "Costs Associated with Exit or Disposal Activities", "costs|exit|disposal"),
    ("2.06", "impairment", "Material Impairments", "impairment"),
    ("3.01", "delisting", "Notice of Delisting or Failure to Satisfy a Continued Listing Rule", "delisting|listing",
     "Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; Transfer of Listing"),
    ("3.02", "unregistered_equity_sale", "Unregistered Sales of Equity Securities", "unregistered"),
    ("3.03", "security_holder_rights", "Material Modification to Rights of Security Holders", "modification|rights"),
    ("4.01", "auditor_change", "Changes in Registrant's Certifying Accountant", "accountant"),
    ("4.02", "restatement", "Non-Reliance on Previously Issued Financial Statements", "reliance",
     "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report or Completed Interim "
     "Review"),
    ("5.01", "change_in_control", "Changes in Control of Registrant", "control"),
    ("5.02", "officer_change", "Departure/Election of Directors or Officers; Appointment of Officers",
     "departure|election|directors|officers|compensat",
     "Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain Officers; "
     "Compensatory Arrangements of Certain Officers",
     "Departure of Directors or Principal Officers; Election of Directors; Appointment of Principal Officers"),
    ("5.03", "bylaws_amendment", "Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year",
     "amendment|bylaws|articles|fiscal year"),
    ("5.04", "trading_suspension", "Temporary Suspension of Trading Under Employee Benefit Plans", "suspension",
     "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans"),
    ("5.05", "ethics_code_change", "Amendments to the Code of Ethics, or Waiver", "ethics",
     "Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the Code of Ethics"),
    ("5.06", "shell_status_change", "Change in Shell Company Status", "shell"),
    ("5.07", "shareholder_vote", "Submission of Matters to a Vote of Security Holders", "submission|vote"),
    ("5.08", "director_nominations", "Shareholder Director Nominations", "nomination"),
    ("6.01", "abs_informational", "ABS Informational and Computational Material", "abs|informational"),
    ("6.02", "abs_servicer_change", "Change of Servicer or Trustee", "servicer|trustee"),
    ("6.03", "abs_credit_enhancement", "Change in Credit Enhancement or Other External Support",
     "credit enhancement"),
    ("6.04", "abs_distribution_failure", "Failure to Make a Required Distribution", "distribution"),
    ("6.05", "abs_securities_act", "Securities Act Updating Disclosure", "updating"),
    ("6.06", "abs_static_pool", "Static Pool", "static pool"),
    ("6.10", "abs_alternative_filing", "Alternative Filings of Asset-Backed Issuers", "alternative filing"),
    ("7.01", "reg_fd", "Regulation FD Disclosure", "regulation|fd"),
    ("8.01", "other_event", "Other Events", "other"),
    ("9.01", "exhibits", "Financial Statements and Exhibits", "financial statements|exhibits"),
), pre_2004=False)

EIGHT_K_PRE_2004_ITEMS: tuple[Item, ...] = _eight_k((
    # numbering before 2004-08-23; columns as above
    ("1", "change_in_control", "Changes in Control of Registrant", "control"),
    ("2", "acquisition_disposition", "Acquisition or Disposition of Assets", "acquisition|disposition"),
    ("3", "bankruptcy", "Bankruptcy or Receivership", "bankruptcy|receivership"),
    ("4", "auditor_change", "Changes in Registrant's Certifying Accountant", "accountant"),
    ("5", "other_event", "Other Events", "other", "Other Events", "Other Events and Regulation FD Disclosure"),
    ("6", "officer_change", "Resignations of Registrant's Directors", "resignation|directors",
     "Resignations of Registrant's Directors", "Resignation of Registrant's Directors"),
    ("7", "exhibits", "Financial Statements and Exhibits", "financial statements|exhibits",
     "Financial Statements and Exhibits", "Financial Statements, Pro Forma Financial Information and Exhibits"),
    ("8", "fiscal_year_change", "Change in Fiscal Year", "fiscal year"),
    ("9", "reg_fd", "Regulation FD Disclosure", "regulation|fd|sales of equity",
     "Regulation FD Disclosure", "Sales of Equity Securities Pursuant to Regulation S"),
    ("10", "ethics_code_change", "Amendments to the Registrant's Code of Ethics, or Waiver", "ethics",
     "Amendments to the Registrant's Code of Ethics, or Waiver of a Provision of the Code of Ethics"),
    ("11", "trading_suspension", "Temporary Suspension of Trading Under Employee Benefit Plans", "suspension",
     "Temporary Suspension of Trading Under Registrant's Employee Benefit Plans"),
    ("12", "results", "Results of Operations and Financial Condition", "results"),
), pre_2004=True)

_BY_FAMILY = {"10-K": TEN_K_ITEMS, "10-Q": TEN_Q_ITEMS, "8-K": EIGHT_K_ITEMS}
_EIGHT_K_BY_CODE = {i.code: i for i in EIGHT_K_ITEMS + EIGHT_K_PRE_2004_ITEMS}


def items_of(family: str, *, pre_2004: bool = False) -> tuple[Item, ...]:
    """The Items of a form family in their canonical order; `pre_2004` picks the old 8-K numbering."""
    if family == "8-K" and pre_2004:
        return EIGHT_K_PRE_2004_ITEMS
    if family not in _BY_FAMILY:
        raise ValueError(f"form family {family!r} is unknown: use one of {', '.join(_BY_FAMILY)}")
    return _BY_FAMILY[family]


def eight_k_item(code: str) -> Item | None:
    """The 8-K Item of a canonical code ('2.02', or pre-2004 '5'), or None."""
    return _EIGHT_K_BY_CODE.get(code)


def before_renumbering(filing_date: object) -> bool:
    """True when a filing of this date (ISO string or date; None: unknown) predates the 2004 8-K renumbering."""
    return filing_date is not None and str(filing_date)[:10] < RENUMBERING_DATE


_CODE = re.compile(r"\s*(?:item[\s_]*)?(\d{1,2})(?:\.(\d{1,2}))?\s*[.:]?\s*", re.I)
_CODE_IN_TEXT = re.compile(r"(?:item\s*)?(\d{1,2}(?:\.\d{2})?)\b", re.I)


def eight_k_code(text: str) -> str | None:
    """`Item 2.02`, `item_2.02`, `ITEM 2.2`, `2.02` -> `2.02`; `Item 5` -> `5`; None when `text` is not a code."""
    m = _CODE.fullmatch(text)
    if not m:
        return None
    major, minor = m.group(1), m.group(2)
    return f"{int(major)}.{int(minor):02d}" if minor is not None else str(int(major))


def find_eight_k_code(text: str) -> str | None:
    """The first 8-K code in `text` ('Item 2.02: Results of Operations' -> '2.02'), or None."""
    m = _CODE_IN_TEXT.search(text)
    return eight_k_code(m.group(1)) if m else None


_ITEM_PREFIX = re.compile(r"^\s*item\s*", re.I)


def normalize_item(item: str) -> str:
    """The key under which item codes compare: 'Item 1A' -> '1a', 'Part I Item 2' -> 'part1item2', '2.2' -> '2.02'.

    Any text gives a key (lower-cased, without 'item' and spaces); 8-K codes are canonical as `eight_k_code`.
    """
    text = str(item).strip().lower()
    text = re.sub(r"\bpart\s*ii\b", "part2", text)
    text = re.sub(r"\bpart\s*i\b", "part1", text)
    text = _ITEM_PREFIX.sub("", text)
    text = re.sub(r"[\s_:]+", "", text).rstrip(".")
    return eight_k_code(text) or text


def is_eight_k_code(item: str) -> bool:
    """True for an 8-K item code in any spelling ('Item 2.02', pre-2004 '5'); False for '1A' or 'EX-99.1'."""
    return eight_k_code(normalize_item(item)) is not None


_EIGHT_K_FORM_TYPES = form_types_of("8-K", amendments=True)
_QUALITY_BANDS = {normalize_item(i.code): i.quality_band for i in TEN_K_ITEMS + TEN_Q_ITEMS if i.quality_band}


def quality_band(form_type: str, item: str) -> tuple[int, int]:
    """The validation suite's (min, max) character band for a section of `form_type` and `item`."""
    if normalize_form(form_type) in _EIGHT_K_FORM_TYPES:
        return EIGHT_K_QUALITY_BAND
    return _QUALITY_BANDS.get(normalize_item(item), DEFAULT_QUALITY_BAND)

"""The Items of each form: canonical order, canonical titles and usual size bands."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemSpec:
    """One Item of a form: its name as reported, title and usual text length band (characters)."""

    name: str
    title: str
    keywords: tuple[str, ...]
    min_chars: int = 20
    max_chars: int = 2_000_000


def _spec(name: str, title: str, keywords: str, lo: int = 20, hi: int = 2_000_000) -> ItemSpec:
    return ItemSpec(name, title, tuple(keywords.split("|")), lo, hi)


TEN_K: tuple[ItemSpec, ...] = (
    _spec("1", "Business", "business", 500),
    _spec("1A", "Risk Factors", "risk", 200),
    _spec("1B", "Unresolved Staff Comments", "unresolved|staff", 10, 20_000),
    _spec("1C", "Cybersecurity", "cyber", 100, 60_000),
    _spec("2", "Properties", "propert", 30, 200_000),
    _spec("3", "Legal Proceedings", "legal", 20, 200_000),
    _spec("4", "Mine Safety Disclosures", "mine|submission|vote|security holders|reserved|executive officers", 10, 100_000),
    _spec("5", "Market for Registrant's Common Equity", "market", 50),
    _spec("6", "Selected Financial Data", "selected|reserved", 5),
    _spec("7", "Management's Discussion and Analysis", "management|discussion", 500),
    _spec("7A", "Quantitative and Qualitative Disclosures About Market Risk", "quantitative|market risk", 20),
    _spec("8", "Financial Statements and Supplementary Data", "financial statements", 50),
    _spec("9", "Changes in and Disagreements with Accountants", "changes|disagreements|accountants", 10, 50_000),
    _spec("9A", "Controls and Procedures", "controls", 50, 200_000),
    _spec("9B", "Other Information", "other information", 5, 100_000),
    _spec("9C", "Disclosure Regarding Foreign Jurisdictions that Prevent Inspections", "foreign|jurisdiction|inspection", 5, 20_000),
    _spec("10", "Directors, Executive Officers and Corporate Governance", "directors|officers", 20),
    _spec("11", "Executive Compensation", "compensation", 20),
    _spec("12", "Security Ownership of Certain Beneficial Owners and Management", "security ownership|beneficial", 20),
    _spec("13", "Certain Relationships and Related Transactions", "relationships|related", 20),
    _spec("14", "Principal Accountant Fees and Services", "accountant|fees|exhibits|schedules", 20),
    _spec("15", "Exhibits and Financial Statement Schedules", "exhibits|schedules", 20),
    _spec("16", "Form 10-K Summary", "summary", 5, 50_000),
)

TEN_Q: tuple[ItemSpec, ...] = (
    _spec("part1item1", "Financial Statements", "financial statements", 200),
    _spec("part1item2", "Management's Discussion and Analysis", "management|discussion", 300),
    _spec("part1item3", "Quantitative and Qualitative Disclosures About Market Risk", "quantitative|market risk", 20),
    _spec("part1item4", "Controls and Procedures", "controls", 50, 100_000),
    _spec("part2item1", "Legal Proceedings", "legal", 10, 200_000),
    _spec("part2item1a", "Risk Factors", "risk", 10),
    _spec("part2item2", "Unregistered Sales of Equity Securities and Use of Proceeds", "unregistered|sales|purchases|proceeds|changes in securities", 10, 200_000),
    _spec("part2item3", "Defaults Upon Senior Securities", "defaults", 5, 50_000),
    _spec("part2item4", "Mine Safety Disclosures", "mine|submission|vote|security holders|reserved", 5, 100_000),
    _spec("part2item5", "Other Information", "other information", 5, 200_000),
    _spec("part2item6", "Exhibits", "exhibits", 10),
)

EIGHT_K: tuple[ItemSpec, ...] = tuple(
    _spec(n, t, k)
    for n, t, k in (
        ("1.01", "Entry into a Material Definitive Agreement", "entry|agreement"),
        ("1.02", "Termination of a Material Definitive Agreement", "termination"),
        ("1.03", "Bankruptcy or Receivership", "bankruptcy|receivership"),
        ("1.04", "Mine Safety", "mine"),
        ("1.05", "Material Cybersecurity Incidents", "cyber"),
        ("2.01", "Completion of Acquisition or Disposition of Assets", "completion|acquisition|disposition"),
        ("2.02", "Results of Operations and Financial Condition", "results"),
        ("2.03", "Creation of a Direct Financial Obligation", "creation|obligation"),
        ("2.04", "Triggering Events", "triggering"),
        ("2.05", "Costs Associated with Exit or Disposal Activities", "costs|exit|disposal"),
        ("2.06", "Material Impairments", "impairment"),
        ("3.01", "Notice of Delisting", "delisting|listing"),
        ("3.02", "Unregistered Sales of Equity Securities", "unregistered"),
        ("3.03", "Material Modification to Rights of Security Holders", "modification|rights"),
        ("4.01", "Changes in Registrant's Certifying Accountant", "accountant"),
        ("4.02", "Non-Reliance on Previously Issued Financial Statements", "reliance"),
        ("5.01", "Changes in Control of Registrant", "control"),
        ("5.02", "Departure or Election of Directors or Officers", "departure|election|directors|officers|compensat"),
        ("5.03", "Amendments to Articles of Incorporation or Bylaws", "amendment|bylaws|articles|fiscal year"),
        ("5.04", "Temporary Suspension of Trading", "suspension"),
        ("5.05", "Amendments to the Code of Ethics", "ethics"),
        ("5.06", "Change in Shell Company Status", "shell"),
        ("5.07", "Submission of Matters to a Vote of Security Holders", "submission|vote"),
        ("5.08", "Shareholder Director Nominations", "nomination"),
        ("6.01", "ABS Informational and Computational Material", "abs|informational"),
        ("6.02", "Change of Servicer or Trustee", "servicer|trustee"),
        ("6.03", "Change in Credit Enhancement", "credit enhancement"),
        ("6.04", "Failure to Make a Required Distribution", "distribution"),
        ("6.05", "Securities Act Updating Disclosure", "updating"),
        ("7.01", "Regulation FD Disclosure", "regulation|fd"),
        ("8.01", "Other Events", "other"),
        ("9.01", "Financial Statements and Exhibits", "financial statements|exhibits"),
    )
)

EIGHT_K_OLD: tuple[ItemSpec, ...] = tuple(
    _spec(n, t, k)
    for n, t, k in (
        ("1", "Changes in Control of Registrant", "control"),
        ("2", "Acquisition or Disposition of Assets", "acquisition|disposition"),
        ("3", "Bankruptcy or Receivership", "bankruptcy|receivership"),
        ("4", "Changes in Registrant's Certifying Accountant", "accountant"),
        ("5", "Other Events", "other"),
        ("6", "Resignations of Registrant's Directors", "resignation|directors"),
        ("7", "Financial Statements and Exhibits", "financial statements|exhibits"),
        ("8", "Change in Fiscal Year", "fiscal year"),
        ("9", "Regulation FD Disclosure", "regulation|fd|sales of equity"),
        ("10", "Amendments to the Code of Ethics", "ethics"),
        ("11", "Temporary Suspension of Trading", "suspension"),
        ("12", "Results of Operations and Financial Condition", "results"),
    )
)


def form_family(form: str) -> str:
    """'10-K', '10-Q' or '8-K' for any variant (10-K405, 10-KT/A, 10-Q/A, 8-K/A, 8-K12B ...)."""
    f = form.upper().replace(" ", "")
    if f.startswith("10-K") or f.startswith("10K"):
        return "10-K"
    if f.startswith("10-Q") or f.startswith("10Q"):
        return "10-Q"
    if f.startswith("8-K") or f.startswith("8K"):
        return "8-K"
    raise ValueError(f"form {form!r} is not supported: use a 10-K, 10-Q or 8-K variant (e.g. --form 10-K)")


def catalog(family: str, old_8k: bool = False) -> tuple[ItemSpec, ...]:
    """The item list of a form family."""
    if family == "10-K":
        return TEN_K
    if family == "10-Q":
        return TEN_Q
    return EIGHT_K_OLD if old_8k else EIGHT_K


_NON_WORD = re.compile(r"[^a-z ]+")


def title_matches(spec: ItemSpec, title: str) -> bool:
    """True when a heading title carries one of the item's keywords."""
    t = _NON_WORD.sub(" ", title.lower().replace("’", "'"))
    return any(k in t for k in spec.keywords)

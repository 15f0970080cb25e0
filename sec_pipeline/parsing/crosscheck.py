"""8-K cross-check: the Items found in the document against the Items the filer declared."""

from __future__ import annotations

from dataclasses import dataclass, field

from sec_pipeline.vocabulary import before_renumbering, find_eight_k_code


@dataclass
class ItemAgreement:
    """Whether the found and declared 8-K item sets agree, and how they differ."""

    agree: bool
    missing: list[str] = field(default_factory=list)  # declared, not found
    extra: list[str] = field(default_factory=list)  # found, not declared


# 8-K items were renumbered (1.01 ... 9.01) on 2004-08-23. Before that, old Item 12 (Results of Operations,
# added in 2003) is often missing from the SEC header's ITEM INFORMATION (a blank entry instead): in the shared
# filings, 5 of 5 such 2003-2004 8-Ks declare only Item 7 while their text has Items 7 and 12. So an old
# Item 12 found but not declared is tolerated before the renumbering, when the filing date is known.
UNDECLARABLE_OLD_ITEMS = frozenset({"12"})


def compare_8k_items(found: list[str], declared: list[str], filing_date: object = None) -> ItemAgreement:
    """Compare item codes found in an 8-K with those declared in its header (or submissions JSON).

    Exhibit sections (``EX-99.1``) in `found` are ignored; declared entries may be codes or the SEC
    header's "Item 2.02: Results ..." descriptions. Only an undeclared old Item 12 before the 2004
    renumbering is excused, and only when `filing_date` (a date or ISO string) is given. Otherwise a 9.01
    in one list and not in the other is a disagreement, because filers declare 9.01 whenever they file it.
    """
    f = {x for x in (find_eight_k_code(v) for v in found if not v.upper().startswith("EX-")) if x}
    d = {x for x in (find_eight_k_code(v) for v in declared) if x}
    if before_renumbering(filing_date):
        f -= UNDECLARABLE_OLD_ITEMS - d
    return ItemAgreement(f == d, sorted(d - f), sorted(f - d))

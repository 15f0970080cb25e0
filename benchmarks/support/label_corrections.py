"""Label errors of the shared section labels: filings that prove the label wrong, with the evidence quoted.

Section scores are reported with the labels as shipped and with these corrections applied.
"""

from __future__ import annotations

LABEL_CORRECTIONS: dict[str, dict[str, dict[str, object]]] = {
    "10-Q": {
        "732717_0000732717-23-000047": {
            "add": ["part2item2", "part2item6"],
            "evidence": "Under 'PART II – OTHER INFORMATION' the filing has the headings 'Item 2. Unregistered "
                        "Sales of Equity Securities and Use of Proceeds' (followed by its repurchase table) and "
                        "'Item 6. Exhibits' (followed by the exhibit list); the label gives both 0 characters.",
        },
        "732712_0000732712-23-000055": {
            "remove": ["part2item5"],
            "evidence": "The filing has no Item 5: its table of contents and its body list Part II Items 1, 1A, "
                        "2 and 6 only (no 'Item 5' string anywhere in the HTML); the label's 1,810 characters "
                        "for part2item5 equal its part2item1 count.",
        },
    },
    "8-K": {
        "1002682_0000939057-08-000013": {
            "add": ["5.02"],
            "evidence": "The heading reads 'Items 1.01(a) and 5.02(e) Amendment of a Material Definitive "
                        "Agreement; Compensatory Arrangements ...' and the SEC header declares 'Departure of "
                        "Directors or Principal Officers; ...' (5.02); the label keeps only item_1.01.",
        },
    },
    "10-K": {
        "50863_0000050863-24-000010": {
            "add": ["1B", "4", "6", "9", "9B", "10", "11", "12", "13", "14"],
            "evidence": "The filing answers every Item in its 'Form 10-K Cross-Reference Index' (no Item headings "
                        "in the body), e.g. 'Item 1B. Unresolved Staff Comments None', 'Item 6. [Reserved]', "
                        "'Item 10. Directors, Executive Officers, and Corporate Governance Page 68 (a)'; the label "
                        "keeps 10 of these index rows and drops the other 10.",
        },
    },
}


def corrected_gold(form: str, stem: str, gold: set[str]) -> set[str]:
    """The label's item set of one filing (path stem) with its documented correction applied, if any."""
    fix = LABEL_CORRECTIONS.get(form, {}).get(stem)
    if not fix:
        return gold
    return (gold | set(fix.get("add", []))) - set(fix.get("remove", []))


def correction_evidence(form: str, stem: str) -> object | None:
    """The quoted evidence of a filing's label correction, or None when its label is not corrected."""
    fix = LABEL_CORRECTIONS.get(form, {}).get(stem)
    return fix["evidence"] if fix else None

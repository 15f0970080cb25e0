"""Form types and their families.

A *form type* is what EDGAR writes in a filing's index and header ("10-K405/A"). Its *family* is the form
whose Items it has: "10-K", "10-Q" or "8-K". Amendments ("/A") belong to their family, but they are often
partial, so rules that need a complete filing ask `is_amendment` too.
"""

from __future__ import annotations

FAMILIES: tuple[str, ...] = ("10-K", "10-Q", "8-K")
# The families whose filings carry XBRL financial statements (and have companyfacts to compare them with).
FINANCIAL_STATEMENT_FAMILIES: frozenset[str] = frozenset({"10-K", "10-Q"})
AMENDMENT_SUFFIX = "/A"

# The form types the pipeline ingests by default (`SEC_PIPELINE_FORMS` overrides), amendments included.
FORM_TYPES: tuple[str, ...] = (
    "10-K", "10-K/A", "10-K405", "10-K405/A", "10-KT", "10-KT/A",
    "10-Q", "10-Q/A", "8-K", "8-K/A",
)


def form_family(form: str) -> str:
    """'10-K', '10-Q' or '8-K' for any variant (10-K405, 10-KT/A, 10-Q/A, 8-K/A, 8-K12B ...).

    Raises ValueError for a form of no family.
    """
    f = form.upper().replace(" ", "")
    for family in FAMILIES:
        if f.startswith(family) or f.startswith(family.replace("-", "")):
            return family
    raise ValueError(f"form {form!r} is not supported: use a 10-K, 10-Q or 8-K variant (e.g. --form 10-K)")


def normalize_form(form_type: str | None) -> str:
    """A form type as EDGAR spells it, trimmed and upper-cased; amendments keep their '/A' ('8-k/a' -> '8-K/A')."""
    return (form_type or "").strip().upper()


def is_amendment(form_type: str) -> bool:
    """True for an amendment ('10-K/A', '8-K/A')."""
    return normalize_form(form_type).endswith(AMENDMENT_SUFFIX)


def amended_form(form_type: str) -> str:
    """The form an amendment amends ('10-K/A' -> '10-K'); any other form type unchanged (normalized)."""
    form = normalize_form(form_type)
    return form.removesuffix(AMENDMENT_SUFFIX)


def form_types_of(family: str, *, amendments: bool) -> frozenset[str]:
    """The default form types of a family, with or without their amendments."""
    return frozenset(f for f in FORM_TYPES if form_family(f) == family and (amendments or not is_amendment(f)))

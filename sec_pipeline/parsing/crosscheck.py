"""8-K cross-check: the Items found in the document against the Items the filer declared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class ItemAgreement:
    """Whether the found and declared 8-K item sets agree, and how they differ."""

    agree: bool
    missing: list[str] = field(default_factory=list)  # declared, not found
    extra: list[str] = field(default_factory=list)  # found, not declared


_CODE = re.compile(r"(?:item\s*)?(\d{1,2}(?:\.\d{2})?)\b", re.I)


def normalize_item(value: str) -> str | None:
    """'Item 2.02', '2.02', 'ITEM 5' or 'Results of Operations ... 2.02' to '2.02'/'5'; None if no code."""
    m = _CODE.search(value)
    if not m:
        return None
    code = m.group(1)
    return code if "." in code else str(int(code))


def compare_8k_items(found: list[str], declared: list[str]) -> ItemAgreement:
    """Compare item codes found in an 8-K with those declared in its header (or submissions JSON).

    Exhibit sections (``EX-99.1``) in `found` are ignored; declared entries may be codes or the SEC
    header's "Item 2.02: Results ..." descriptions. Nothing is excused: a 9.01 in one list and not in
    the other is a disagreement, because filers declare 9.01 whenever they file the item.
    """
    f = {x for x in (normalize_item(v) for v in found if not v.upper().startswith("EX-")) if x}
    d = {x for x in (normalize_item(v) for v in declared) if x}
    return ItemAgreement(f == d, sorted(d - f), sorted(f - d))

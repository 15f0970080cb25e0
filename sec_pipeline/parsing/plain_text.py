"""Plain-text filings (the pre-2001 ASCII era) to ordered text blocks, one block per non-empty line."""

from __future__ import annotations

import re

from sec_pipeline.parsing.blocks import Block

_WS = re.compile(r"[ \t\u00a0\f\r]+")
_SGML_LINE = re.compile(
    r"^\s*</?(?:PAGE|DOCUMENT|TYPE|SEQUENCE|FILENAME|DESCRIPTION|TEXT|PDF|S|C|FN|F\d+|TABLE|CAPTION)>", re.I
)
_TABLE_OPEN = re.compile(r"^\s*<TABLE>", re.I)
_TABLE_CLOSE = re.compile(r"^\s*</TABLE>", re.I)
_TABLE_ROW = re.compile(r"\S\s{3,}\S.*\s{3,}\S|\.{4,}|\s{6,}\$?\(?[\d,]+\)?\s*$")


def text_blocks(source: str) -> list[Block]:
    """Split plain text into line blocks; `<PAGE>` markers and form feeds mark page breaks.

    Lines inside `<TABLE>` ... `</TABLE>` or in aligned columns (three or more runs of wide spacing, dotted leaders, trailing figures) are
    marked `in_table`.
    """
    blocks: list[Block] = []
    page_break = False
    in_table = False
    pos = 0
    n = len(source)
    while pos < n:
        nl = source.find("\n", pos)
        end = n if nl < 0 else nl
        line = source[pos:end]
        if line[:12].lstrip()[:1] == "<":
            if _TABLE_OPEN.match(line):
                in_table = True
            elif _TABLE_CLOSE.match(line):
                in_table = False
        if "\f" in line or _SGML_LINE.match(line):
            page_break = page_break or "\f" in line or "<PAGE>" in line.upper()
            line = "" if _SGML_LINE.match(line) else line
        text = _WS.sub(" ", line).strip()
        if text:
            lead = len(line) - len(line.lstrip())
            blocks.append(Block(text, pos + lead, end, in_table or bool(_TABLE_ROW.search(line[:400])), text.isupper(), page_break))
            page_break = False
        pos = end + 1
    return blocks

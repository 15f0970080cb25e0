"""HTML and inline-XBRL documents to ordered text blocks, with source character offsets.

A single linear scan over the tags (one compiled regex whose repetitions are bounded, so malformed markup
cannot make it scan the document repeatedly) instead of
a DOM: the issue asks for each section's span in the decoded source, which DOM parsers (selectolax,
lxml) do not expose. Hidden content (`display:none`, `ix:header`, scripts, styles, `<head>`) is skipped;
block-level tags end a block; table cells of one row are joined into one block marked `in_table`.
"""

from __future__ import annotations

import re
from html import unescape

from sec_pipeline.parsing.blocks import Block

_TOKEN = re.compile(
    r"<!--.{0,200000}?-->"
    r"|<(/?)([A-Za-z][A-Za-z0-9:._-]*)((?:[^<>\"']|\"[^\"]{0,4000}\"|'[^']{0,4000}'){0,20000})>"
    r"|<![^>]*>|<\?[^>]*>",
    re.S,
)
_BLOCK_TAGS = frozenset(
    "p div br tr li h1 h2 h3 h4 h5 h6 table hr center blockquote ul ol dl dt dd pre section article "
    "body html title caption page document type sequence filename description text".split()
)
_CELL_TAGS = frozenset(("td", "th"))
_SKIP_TAGS = frozenset(("script", "style", "head", "ix:header", "xml", "noscript"))
_OPTIONAL_END = frozenset(("p", "li", "td", "th", "tr", "dt", "dd"))
_BOLD_TAGS = frozenset(("b", "strong", "h1", "h2", "h3", "h4", "h5", "h6"))
_HIDDEN = re.compile(r"display\s*:\s*none", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_PAGE_BREAK = re.compile(r"page-break-(?:before|after)\s*:\s*always|break-(?:before|after)\s*:\s*page", re.I)
_WS = re.compile(r"[\s\u00a0\u200b\u2009\u202f\ufeff]+")


class _Builder:
    """Accumulates text runs into blocks."""

    __slots__ = ("blocks", "parts", "start", "end", "in_table", "bold", "page_break")

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.start = -1
        self.end = -1
        self.in_table = False
        self.bold = False
        self.page_break = False

    def add(self, text: str, start: int, end: int, bold: bool) -> None:
        if self.start < 0:
            if not text.strip():
                return
            self.start = start
        self.parts.append(text)
        self.end = end
        self.bold = self.bold or bold

    def flush(self, in_table: bool = False) -> None:
        if self.start >= 0:
            text = _WS.sub(" ", "".join(self.parts)).strip()
            if text:
                self.blocks.append(
                    Block(text, self.start, self.end, in_table or self.in_table, self.bold, self.page_break)
                )
                self.page_break = False
        self.parts = []
        self.start = -1
        self.bold = False
        self.in_table = False


def html_blocks(source: str) -> list[Block]:
    """Split an HTML/iXBRL document (already decoded) into blocks with source offsets."""
    out = _Builder()
    pos = 0
    skip_tag: str | None = None
    skip_depth = 0
    table_depth = 0
    pre_depth = 0
    bold_depth = 0
    style_bold: list[str] = []  # tag names whose start carried a bold style
    for m in _TOKEN.finditer(source):
        if skip_tag is None and m.start() > pos:
            raw = source[pos:m.start()]
            if "&" in raw:
                raw = unescape(raw)
            if pre_depth and "\n" in raw:
                _add_pre(out, raw, pos, m.start(), bold_depth > 0, table_depth > 0)
            else:
                out.add(raw, pos, m.start(), bold_depth > 0 or bool(style_bold))
        pos = m.end()
        name = m.group(2)
        if name is None:
            continue
        name = name.lower()
        closing = m.group(1) == "/"
        if skip_tag is not None:
            if skip_tag in _OPTIONAL_END and name in _BLOCK_TAGS and (name != skip_tag or not closing):
                skip_tag = None  # an unclosed hidden <p>: the next block tag ends it, and is processed
            else:
                if name == skip_tag:
                    skip_depth += -1 if closing else (0 if m.group(3).endswith("/") else 1)
                    if skip_depth <= 0:
                        skip_tag = None
                continue
        attrs = m.group(3)
        if not closing:
            if attrs.endswith("/") and name not in _BLOCK_TAGS:
                continue
            if name in _SKIP_TAGS or ("none" in attrs and _HIDDEN.search(attrs)):
                if not attrs.endswith("/"):
                    skip_tag, skip_depth = name, 1
                continue
            if "break" in attrs and _PAGE_BREAK.search(attrs):
                out.flush(table_depth > 0)
                out.page_break = True
            if name in _BLOCK_TAGS:
                out.flush(table_depth > 0)
                if name == "table":
                    table_depth += 1
                elif name == "pre":
                    pre_depth += 1
                elif name == "hr" or name == "page":
                    out.page_break = True
            elif name in _CELL_TAGS:
                out.add(" ", pos, pos, False)
            if name in _BOLD_TAGS:
                bold_depth += 1
            elif "weight" in attrs and _BOLD_STYLE.search(attrs):
                style_bold.append(name)
        else:
            if name in _BLOCK_TAGS:
                out.flush(table_depth > 0)
                if name == "table" and table_depth:
                    table_depth -= 1
                elif name == "pre" and pre_depth:
                    pre_depth -= 1
            if name in _BOLD_TAGS and bold_depth:
                bold_depth -= 1
            elif style_bold and style_bold[-1] == name:
                style_bold.pop()
    if skip_tag is None and pos < len(source):
        out.add(unescape(source[pos:]), pos, len(source), False)
    out.flush()
    return out.blocks


def _add_pre(out: _Builder, raw: str, start: int, end: int, bold: bool, in_table: bool) -> None:
    """Preformatted text: every line is its own block (offsets are approximate after entity decoding)."""
    offset = start
    lines = raw.split("\n")
    for i, line in enumerate(lines):
        out.add(line, offset, min(offset + len(line), end), bold)
        offset += len(line) + 1
        if i < len(lines) - 1:
            out.flush(in_table)

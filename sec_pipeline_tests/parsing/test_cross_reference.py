"""Filings whose body is an annual report and whose Items are answered by a cross-reference index.

The fixtures are written from the format's description: pages separated by page breaks with the page number
in a footer, topic headings without "Item", and at the end a "Form 10-K Cross-Reference Index" table that
maps each Item to page numbers (plain or hyperlinked).
"""

from __future__ import annotations

from sec_pipeline.parsing.api import parse_document
from sec_pipeline.parsing.pages import PageLabel, PageRange, page_refs

BREAK = '<div style="page-break-after: always"></div>'
PROSE = "Our business performed as described in this paragraph, which is ordinary annual report prose. " * 12

# page number -> (heading, unique phrase) of an annual report laid out over nine pages
REPORT = {
    1: ("Our Business", "we design widgets"), 2: ("", "our customers buy widgets"),
    3: ("Risk Factors", "widget demand may fall"), 4: ("", "suppliers may fail us"),
    5: ("Management's Discussion and Analysis", "revenue grew this year"), 6: ("", "liquidity remained strong"),
    7: ("Consolidated Financial Statements", "total assets were large"), 8: ("", "notes to the statements"),
    9: ("Controls and Procedures", "our controls are effective"),
}


def _page(n: int, footer: str, anchor: bool = False) -> str:
    heading, phrase = REPORT[n]
    head = ""
    if heading and anchor:  # the answer starts below the top of its page, where the link points
        head = f"<p>The previous topic ends on page {n}.</p><p id=\"p{n}\"><b>{heading}</b></p>"
    elif heading:
        head = f"<p><b>{heading}</b></p>"
    return f"{head}<p>{phrase.capitalize()}. {PROSE}</p><p>{footer.format(n=n)}</p>{BREAK}"


def _row(item: str, refs: str) -> str:
    return f"<tr><td>{item}</td><td>{refs}</td></tr>"


def _index(title: str, rows: list[tuple[str, str]]) -> str:
    return f"<p><b>{title}</b></p><table>" + "".join(_row(i, r) for i, r in rows) + "</table>"


def _filing(footer: str, index: str, anchors: bool = False) -> str:
    cover = f"<p>FORM 10-K</p><p>Annual report of Acme Corp</p>{BREAK}"
    pages = "".join(_page(n, footer, anchors) for n in REPORT)
    return f"<html><body>{cover}{pages}{index}<p>Signatures</p><p>/s/ Jane Doe</p></body></html>"


TEN_K_ROWS = [
    ("Part I", ""), ("Item 1. Business", "Pages 1-2"), ("Item 1A. Risk Factors", "Pages 3-4"),
    ("Item 1B. Unresolved Staff Comments", "None"), ("Part II", ""),
    ("Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations", "Pages 5-6, 9"),
    ("Item 8. Financial Statements and Supplementary Data", "Pages 7-8"),
    ("Item 9A. Controls and Procedures", "Page 9"), ("Part III", ""),
    ("Item 10. Directors, Executive Officers and Corporate Governance", "(a)"),
]


def _section(doc, item):
    return next(s for s in doc.sections if s.item == item)


def test_index_with_page_ranges_gives_the_pages_text() -> None:
    source = _filing("Acme Corp 2023 Annual Report {n}", _index("Form 10-K Cross-Reference Index", TEN_K_ROWS))
    doc = parse_document(source, "10-K")
    assert doc.items() == ["1", "1A", "1B", "7", "8", "9A", "10"]
    expected = {"1": (1, 2), "1A": (3, 4), "8": (7, 8), "9A": (9, 9)}
    for item, (first, last) in expected.items():
        s = _section(doc, item)
        phrases = [REPORT[n][1] for n in range(first, last + 1)]
        others = [REPORT[n][1] for n in REPORT if not first <= n <= last]
        assert all(p.capitalize() in s.text for p in phrases), item
        assert not any(p.capitalize() in s.text for p in others), item
        assert s.char_count == len(s.text) > 2000 or item == "9A"
        assert any("cross-reference table" in w for w in s.warnings)
        assert "Form 10-K Cross-Reference Index" not in s.text
    assert source[_section(doc, "1A").source_start:].startswith("Risk Factors</b>")


def test_several_page_ranges_are_joined_in_order() -> None:
    doc = parse_document(_filing("{n}", _index("Form 10-K Cross-Reference Index", TEN_K_ROWS)), "10-K")
    mdna = _section(doc, "7")
    assert mdna.text.index("Revenue grew") < mdna.text.index("Liquidity remained") < mdna.text.index("Our controls")
    assert "Total assets were large" not in mdna.text
    assert len(mdna.source_ranges) == 2 and mdna.source_ranges[0][1] <= mdna.source_ranges[1][0]
    assert any("joined from 2 places" in w for w in mdna.warnings)


def test_rows_without_pages_keep_their_answer() -> None:
    doc = parse_document(_filing("{n}", _index("Form 10-K Cross-Reference Index", TEN_K_ROWS)), "10-K")
    staff = _section(doc, "1B")
    assert "None" in staff.text and staff.char_count < 200
    assert any("cross-reference index entry" in w for w in staff.warnings)
    assert _section(doc, "10").char_count < 200


def test_hyperlinked_start_pages_run_to_the_next_answer() -> None:
    rows = [("Item 1. Business", '<a href="#p1">Page 1</a>'), ("Item 1A. Risk Factors", '<a href="#p3">Page 3</a>'),
            ("Item 7. Management's Discussion and Analysis", '<a href="#p5">Page 5</a>'),
            ("Item 8. Financial Statements and Supplementary Data", '<a href="#p7">Page 7</a>'),
            ("Item 9A. Controls and Procedures", '<a href="#p9">Page 9</a>')]
    source = _filing("{n}", _index("Form 10-K Cross Reference Index", rows), anchors=True)
    doc = parse_document(source, "10-K")
    risk, mdna = _section(doc, "1A"), _section(doc, "7")
    assert risk.text.startswith("Risk Factors") and "Suppliers may fail us" in risk.text
    assert "Revenue grew" not in risk.text
    assert mdna.text.startswith("Management's Discussion") and "Liquidity remained strong" in mdna.text
    assert source[risk.source_start:].startswith("Risk Factors</b>")
    assert "The previous topic ends on page 5" in risk.text and "ends on page 3" not in risk.text


def test_ten_q_cross_reference_index() -> None:
    rows = [("Part I - Financial Information", ""), ("Item 1. Financial Statements", "Pages 7-8"),
            ("Item 2. Management's Discussion and Analysis", "Pages 5-6"), ("Item 4. Controls and Procedures", "Page 9"),
            ("Part II - Other Information", ""), ("Item 1A. Risk Factors", "Pages 3-4"), ("Item 6. Exhibits", "Page 9")]
    source = _filing("{n}", _index("Form 10-Q Cross-Reference Index", rows)).replace("FORM 10-K", "FORM 10-Q")
    doc = parse_document(source, "10-Q")
    assert _section(doc, "part1item1").text.startswith("Consolidated Financial Statements")
    assert "Revenue grew" in _section(doc, "part1item2").text
    assert "Widget demand may fall" in _section(doc, "part2item1a").text


def test_page_references() -> None:
    assert page_refs("set forth on pages 32 to 39 of the Annual Report, and page 41") == [
        PageRange(PageLabel("", 32), PageLabel("", 39)), PageRange(PageLabel("", 41))]
    assert page_refs("F-1 through F-45", bare=True) == [PageRange(PageLabel("F", 1), PageLabel("F", 45))]
    assert [str(r) for r in page_refs("Pages 3-36, 63-64, 68 and 85-86")] == ["3-36", "63-64", "68", "85-86"]
    assert page_refs("Section 13(r) of the Securities Exchange Act of 1934", bare=True) == []
    assert page_refs("1,234", bare=True) == []

"""Items whose headings come out of numeric order are kept (document order is not item order)."""

from __future__ import annotations

from sec_pipeline.parsing.api import parse_document

FILLER = "The Company discusses this matter at length in this paragraph of ordinary prose. " * 8


def _html(*paras: str) -> str:
    return "<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>"


def test_eight_k_item_9_before_item_7() -> None:
    source = _html("FORM 8-K", "Item 9. Regulation FD Disclosure", FILLER,
                   "Item 7. Financial Statements and Exhibits", "(c) Exhibits. 99.1 Press release dated May 1, 2003.",
                   "SIGNATURES", "By: /s/ Jane Doe")
    doc = parse_document(source, "8-K")
    assert doc.items() == ["9", "7"]
    late = doc.sections[1]
    assert late.text.startswith("Item 7. Financial Statements") and "99.1 Press release" in late.text
    assert "SIGNATURES" not in late.text
    assert any("out of numeric order" in w for w in late.warnings)
    assert doc.sections[0].source_end <= late.source_start


def test_eight_k_new_numbering_out_of_order() -> None:
    source = _html("Item 8.01 Other Events.", FILLER, "Item 2.02 Results of Operations and Financial Condition.",
                   FILLER, "Item 9.01 Financial Statements and Exhibits.", "99.1 Press release")
    assert parse_document(source, "8-K").items() == ["8.01", "2.02", "9.01"]


def test_ten_q_financial_statements_after_md_and_a() -> None:
    toc = "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in (
        ("Item 2.", "Management's Discussion and Analysis", 3), ("Item 3.", "Quantitative and Qualitative "
         "Disclosures About Market Risk", 20), ("Item 4.", "Controls and Procedures", 21),
        ("Item 1.", "Financial Statements", 22), ("Item 1.", "Legal Proceedings", 50), ("Item 6.", "Exhibits", 51),
    )) + "</table>"
    body = _html("PART I. FINANCIAL INFORMATION",
                 "Item 2. Management's Discussion and Analysis of Financial Condition and Results of Operations",
                 FILLER * 3, "Item 3. Quantitative and Qualitative Disclosures About Market Risk", FILLER,
                 "Item 4. Controls and Procedures", FILLER, "Item 1. Financial Statements",
                 "Consolidated Statements of Income", FILLER * 4, "PART II. OTHER INFORMATION",
                 "Item 1. Legal Proceedings", FILLER, "Item 6. Exhibits", FILLER)
    doc = parse_document("<p>FORM 10-Q</p>" + toc + body, "10-Q")
    assert doc.items() == ["part1item2", "part1item3", "part1item4", "part1item1", "part2item1", "part2item6"]
    statements = doc.sections[3]
    assert statements.text.startswith("Item 1. Financial Statements")
    assert "Consolidated Statements of Income" in statements.text and "PART II" not in statements.text
    controls = doc.sections[2]
    assert "Consolidated Statements of Income" not in controls.text
    assert not any("no Item 1 heading" in w for s in doc.sections for w in s.warnings)


def test_not_applicable_line_is_not_an_out_of_order_heading() -> None:
    source = _html("Items 1 through 4, 6 and 8. Not Applicable.", "Item 5. Other Events", FILLER,
                   "Item 7. Financial Statements and Exhibits", "(c) Exhibits 99.1 Press release.")
    assert parse_document(source, "8-K").items() == ["5", "7"]


def test_table_of_contents_row_is_not_rescued() -> None:
    toc = "<table><tr><td>Item 9.</td><td>Regulation FD Disclosure</td><td>2</td></tr>" \
          "<tr><td>Item 7.</td><td>Financial Statements and Exhibits</td><td>3</td></tr></table>"
    source = "<html><body>" + toc + "<p>Item 7. Financial Statements and Exhibits</p><p>" + FILLER + "</p></body></html>"
    doc = parse_document(source, "8-K")
    assert doc.items() == ["7"]

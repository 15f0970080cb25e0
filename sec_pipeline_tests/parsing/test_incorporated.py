"""Items incorporated by reference from the annual report filed as Exhibit 13 of the same submission."""

from __future__ import annotations

import pytest

from sec_pipeline.parsing.api import parse_submission_sections, parse_text

PROSE = "This paragraph is ordinary annual report prose about the year under review. " * 10
BREAK = '<div style="page-break-before: always"></div>'


def _ten_k(mdna_stub: str, statements_stub: str) -> str:
    paras = ["FORM 10-K", "PART I", "Item 1. Business", PROSE * 2, "Item 2. Properties", PROSE, "PART II",
             "Item 6. Selected Financial Data", PROSE,
             "Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations",
             mdna_stub, "Item 8. Financial Statements and Supplementary Data", statements_stub,
             "Item 9. Changes in and Disagreements with Accountants on Accounting and Financial Disclosure", "None.",
             "PART IV", "Item 15. Exhibits and Financial Statement Schedules", "13 Annual Report to Shareholders"]
    return "<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>"


def _annual_report(page_numbers: bool) -> str:
    toc = ("<table><tr><td>Management's Discussion and Analysis</td><td>12</td></tr>"
           "<tr><td>Consolidated Statements of Income</td><td>20</td></tr></table>")
    pages = [  # (first page number, paragraphs)
        (12, ["<b>Management's Discussion and Analysis of Financial Condition and Results of Operations</b>",
              "Revenue rose on strong widget demand. " + PROSE]),
        (13, ["Liquidity stayed ample all year. " + PROSE]),
        (14, ["<b>Consolidated Statements of Income</b>", "Net income was large. " + PROSE]),
        (15, ["<b>Notes to Consolidated Financial Statements</b>", "Note 1 describes policies. " + PROSE]),
        (16, ["<b>Shareholder Information</b>", "The annual meeting is in May. " + PROSE]),
    ]
    body = [f"<p>{toc}</p>", BREAK]
    for number, paras in pages:
        body += [f"<p>{p}</p>" for p in paras]
        if page_numbers:
            body.append(f"<p>{number}</p>")
        body.append(BREAK)
    return "<html><body>" + "".join(body) + "</body></html>"


def _submission(primary: str, exhibit: str, exhibit_type: str = "EX-13") -> str:
    docs = [("10-K", "d10k.htm", primary), (exhibit_type, "dex13.htm", exhibit),
            ("EX-21", "dex21.htm", "<html><body><p>Subsidiaries</p></body></html>")]
    body = "".join(f"<DOCUMENT>\n<TYPE>{t}\n<SEQUENCE>{k + 1}\n<FILENAME>{f}\n<TEXT>\n{text}\n</TEXT>\n</DOCUMENT>\n"
                   for k, (t, f, text) in enumerate(docs))
    return ("<SEC-DOCUMENT>0000000000-05-000001.txt : 20050301\n<SEC-HEADER>0000000000-05-000001.hdr.sgml : "
            "20050301\nACCESSION NUMBER:\t\t0000000000-05-000001\nCONFORMED SUBMISSION TYPE:\t10-K\n"
            "FILED AS OF DATE:\t\t20050301\n</SEC-HEADER>\n" + body + "</SEC-DOCUMENT>\n")


STUB_7 = ("The information required by this item is set forth on pages 12 to 13 of the Annual Report to "
          "Shareholders, which is filed as Exhibit 13 and incorporated herein by reference.")
STUB_8 = ("The consolidated financial statements on pages 14 through 15 of the Annual Report to Shareholders are "
          "incorporated herein by reference.")


def _item(doc, item):
    return next(s for s in doc.sections if s.item == item)


def test_stub_gets_the_pages_it_names_from_exhibit_13() -> None:
    source = _submission(_ten_k(STUB_7, STUB_8), _annual_report(page_numbers=True))
    doc = parse_text(source)
    mdna, statements = _item(doc, "7"), _item(doc, "8")
    assert mdna.text.startswith("Management's Discussion") and "Liquidity stayed ample" in mdna.text
    assert "Net income was large" not in mdna.text
    assert statements.text.startswith("Consolidated Statements of Income") and "Note 1 describes" in statements.text
    assert "annual meeting" not in statements.text
    for s in (mdna, statements):
        assert s.document == "dex13.htm"
        assert "cross-reference stub: the item's content is elsewhere" in s.warnings
        assert any(w.startswith("incorporated by reference: text taken from EX-13 (dex13.htm), pages") for w in s.warnings)
        assert source[s.source_start:].startswith(s.text.split("\n")[0] + "</b>")
        assert doc.text[s.start:s.end] == s.text
    assert _item(doc, "1").document == "d10k.htm" and _item(doc, "6").char_count > 500


def test_stub_without_page_numbers_gets_the_topic_section() -> None:
    stub_7 = "See Management's Discussion and Analysis in the 2004 Annual Report, incorporated herein by reference."
    stub_8 = "Incorporated herein by reference to the financial statements in Exhibit 13."
    doc = parse_text(_submission(_ten_k(stub_7, stub_8), _annual_report(page_numbers=False), "EX-13.1"))
    mdna, statements = _item(doc, "7"), _item(doc, "8")
    assert mdna.text.startswith("Management's Discussion") and "Liquidity stayed ample" in mdna.text
    assert "Net income was large" not in mdna.text  # the table of contents rows are not headings
    assert statements.text.startswith("Consolidated Statements of Income") and "annual meeting" not in statements.text
    assert any("under its heading" in w for w in statements.warnings)


def test_stub_pointing_to_the_proxy_statement_stays_a_stub() -> None:
    stub = "Incorporated herein by reference to the Company's definitive proxy statement for its annual meeting."
    doc = parse_text(_submission(_ten_k(stub, stub), _annual_report(page_numbers=True)))
    assert _item(doc, "7").char_count < 300 and _item(doc, "7").document == "d10k.htm"


def test_pipeline_path_attaches_exhibit_13_too() -> None:
    sgml = pytest.importorskip("sec_pipeline.edgar.sgml")
    submission = sgml.parse_submission(_submission(_ten_k(STUB_7, STUB_8), _annual_report(page_numbers=True)))
    doc = parse_submission_sections(submission)
    assert _item(doc, "7").document == "dex13.htm" and "Liquidity stayed ample" in _item(doc, "7").text

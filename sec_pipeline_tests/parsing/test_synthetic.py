"""Section parsing on small synthetic documents: one test per tricky case."""

from __future__ import annotations

import pytest

from sec_pipeline.parsing.api import parse_document, parse_text
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.parsing.source import SourceError

FILLER = "The Company discusses this matter at length in this paragraph of ordinary prose. " * 8


def _html(*paras: str) -> str:
    return "<html><body>" + "".join(paras) + "</body></html>"


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def _toc_row(item: str, title: str, page: int) -> str:
    return f"<tr><td>{item}</td><td>{title}</td><td>{page}</td></tr>"


def _ten_k(*extra: str) -> str:
    toc = "<table>" + "".join(
        _toc_row(i, t, p) for i, t, p in (
            ("Item 1.", "Business", 3), ("Item 1A.", "Risk Factors", 5), ("Item 2.", "Properties", 9),
            ("Item 7.", "Management's Discussion and Analysis", 12), ("Item 8.", "Financial Statements", 20),
        )
    ) + "</table>"
    return _html(
        _p("FORM 10-K"), toc,
        _p("PART I"), _p("<b>Item 1. Business</b>"), _p(FILLER),
        _p("Item 1A. Risk Factors"), _p(FILLER + " For more, see Item 7 below."),
        _p("Item 7 of this report discusses liquidity, as noted above."),
        _p("Item 2. Properties"), _p(FILLER),
        _p("PART II"), _p("Item 7. Management's Discussion and Analysis"), _p(FILLER),
        _p("Item 8. Financial Statements and Supplementary Data"), _p(FILLER),
        *extra,
    )


def test_toc_entries_are_not_section_starts() -> None:
    source = _ten_k()
    doc = parse_document(source, "10-K")
    assert doc.items() == ["1", "1A", "2", "7", "8"]
    for s in doc.sections:
        assert len(s.text) > 300, (s.item, s.text)  # the body, not the one-line TOC row
        assert source[s.source_start:].startswith(s.text.split("\n")[0].split(" ")[0])
    assert doc.sections[0].source_start > source.index("</table>")


def test_prose_references_do_not_start_sections() -> None:
    doc = parse_document(_ten_k(), "10-K")
    risk = next(s for s in doc.sections if s.item == "1A")
    assert "Item 7 of this report discusses liquidity" in risk.text
    assert [s.item for s in doc.sections].count("7") == 1


def test_source_offsets_cover_heading_to_next_heading() -> None:
    source = _ten_k()
    doc = parse_document(source, "10-K")
    first, second = doc.sections[0], doc.sections[1]
    assert source[first.source_start:].startswith("Item 1. Business")
    assert first.source_end == second.source_start
    assert doc.text[first.start:first.end] == first.text
    assert first.char_count == len(first.text)


def test_combined_heading_gives_both_items() -> None:
    source = _html(_p("Items 1 and 2. Business and Properties"), _p(FILLER),
                   _p("Item 3. Legal Proceedings"), _p(FILLER))
    doc = parse_document(source, "10-K")
    assert doc.items() == ["1", "2", "3"]
    one, two = doc.sections[0], doc.sections[1]
    assert one.text == two.text
    assert any("combined heading" in w for w in one.warnings)


def test_reserved_item_is_kept_and_flagged() -> None:
    source = _html(_p("Item 5. Market for Registrant's Common Equity"), _p(FILLER),
                   _p("Item 6. [Reserved]"), _p("Item 7. Management's Discussion and Analysis"), _p(FILLER))
    doc = parse_document(source, "10-K")
    six = next(s for s in doc.sections if s.item == "6")
    assert "reserved" in six.warnings


def test_ten_q_parts_are_disambiguated() -> None:
    source = _html(
        _p("PART I. FINANCIAL INFORMATION"), _p("Item 1. Financial Statements"), _p(FILLER),
        _p("Item 2. Management's Discussion and Analysis"), _p(FILLER),
        _p("Item 4. Controls and Procedures"), _p(FILLER),
        _p("PART II. OTHER INFORMATION"), _p("Item 1. Legal Proceedings"), _p(FILLER),
        _p("Item 1A. Risk Factors"), _p(FILLER),
        _p("Item 2. Unregistered Sales of Equity Securities and Use of Proceeds"), _p(FILLER),
        _p("Item 6. Exhibits"), _p(FILLER),
    )
    doc = parse_document(source, "10-Q")
    assert doc.items() == ["part1item1", "part1item2", "part1item4", "part2item1", "part2item1a",
                           "part2item2", "part2item6"]
    # Part I Item 4 ends at the PART II heading
    assert "PART II" not in next(s for s in doc.sections if s.item == "part1item4").text


def test_ten_q_part_from_title_without_part_heading() -> None:
    source = _html(_p("Item 1. Financial Statements"), _p(FILLER), _p("Item 1. Legal Proceedings"), _p(FILLER),
                   _p("Item 2. Unregistered Sales of Equity Securities"), _p(FILLER))
    assert parse_document(source, "10-Q").items() == ["part1item1", "part2item1", "part2item2"]


def test_eight_k_items_and_subitem_heading() -> None:
    source = _html(_p("Item 2.02 Results of Operations and Financial Condition."), _p(FILLER),
                   _p("Item 5.02(e) Compensatory Arrangements of Certain Officers"), _p(FILLER),
                   _p("Item 9.01 Financial Statements and Exhibits."), _p("(d) Exhibits 99.1 Press release"),
                   _p("SIGNATURES"), _p("Pursuant to the requirements of the Securities Exchange Act"))
    doc = parse_document(source, "8-K")
    assert doc.items() == ["2.02", "5.02", "9.01"]
    assert "Pursuant to the requirements" not in doc.sections[-1].text  # stops at SIGNATURES


def test_pre_2004_eight_k_numbering_in_plain_text() -> None:
    text = ("                              FORM 8-K\n\n<PAGE>   2\n\nITEM 5.  OTHER EVENTS.\n\n"
            "         On June 6, 2000, the registrant announced a merger.\n" * 1
            + "\nITEM 7.  FINANCIAL STATEMENTS AND EXHIBITS.\n\n   (c) Exhibits\n   99  Press release\n")
    doc = parse_document(text, "8-K")
    assert doc.items() == ["5", "7"]
    assert doc.sections[0].text.startswith("ITEM 5.  OTHER EVENTS.") or doc.sections[0].text.startswith("ITEM 5.")
    assert text[doc.sections[0].source_start:].startswith("ITEM 5.")


def test_full_submission_exhibits_are_own_sections() -> None:
    primary = _html(_p("Item 8.01 Other Events."), _p(FILLER), _p("Item 9.01 Financial Statements and Exhibits."),
                    _p("99.1 Press release"))
    exhibit = _html(_p("ACME ANNOUNCES RECORD RESULTS"), _p(FILLER))
    source = (
        "<SEC-DOCUMENT>0000000000-24-000001.txt : 20240102\n<SEC-HEADER>\n"
        "CONFORMED SUBMISSION TYPE:\t8-K\nFILED AS OF DATE:\t\t20240102\n"
        "ITEM INFORMATION:\t\tOther Events\nITEM INFORMATION:\t\tFinancial Statements and Exhibits\n"
        "</SEC-HEADER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>d8k.htm\n<TEXT>\n" + primary
        + "\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<FILENAME>ex991.htm\n"
        "<DESCRIPTION>PRESS RELEASE\n<TEXT>\n" + exhibit + "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n"
    )
    doc = parse_text(source)
    assert doc.form == "8-K"
    assert doc.items() == ["8.01", "9.01", "EX-99.1"]
    ex = doc.sections[-1]
    assert ex.title == "PRESS RELEASE" and ex.document == "ex991.htm"
    assert source[ex.source_start:].startswith("ACME ANNOUNCES")
    assert doc.text[ex.start:ex.end] == ex.text
    assert source[doc.sections[0].source_start:].startswith("Item 8.01")
    assert doc.declared_items == ["8.01", "9.01"]
    assert compare_8k_items(doc.items(), doc.declared_items).agree


def test_hidden_ixbrl_header_and_page_numbers_are_dropped() -> None:
    source = _html('<div style="display:none"><ix:header>Item 1. Business secret</ix:header></div>',
                   '<p style="display: none">Item 1A. hidden', _p("Item 1. Business"), _p(FILLER),
                   _p("12"), '<hr style="page-break-after:always"/>', _p("Table of Contents"),
                   _p("Item 1A. Risk Factors"), _p(FILLER))
    doc = parse_document(source, "10-K")
    assert doc.items() == ["1", "1A"]
    assert "secret" not in doc.text and "hidden" not in doc.text
    assert "\n12\n" not in doc.text and "Table of Contents" not in doc.text


def test_cross_reference_index_entries() -> None:
    rows = "".join(f"<tr><td>Item {i}.</td><td>{t}</td><td>Pages {p}</td></tr>" for i, t, p in (
        ("1", "Business", "3-9"), ("1A", "Risk Factors", "10-20"), ("2", "Properties", "21"),
        ("3", "Legal Proceedings", "22"), ("7", "Management's Discussion and Analysis", "30-50"),
        ("8", "Financial Statements", "51-90")))
    source = _html(_p("Annual report"), _p(FILLER * 3), _p("Form 10-K Cross-Reference Index"),
                   f"<table>{rows}</table>", _p("SIGNATURES"))
    doc = parse_document(source, "10-K")
    assert doc.items() == ["1", "1A", "2", "3", "7", "8"]
    assert all(any("cross-reference index" in w for w in s.warnings) for s in doc.sections)


def test_absent_items_and_no_items() -> None:
    doc = parse_document(_html(_p("Nothing to see here."), _p(FILLER)), "10-K")
    assert doc.sections == [] and doc.warnings == ["no 10-K items found"]


def test_unsupported_form_and_unknown_form() -> None:
    with pytest.raises(ValueError, match="not supported"):
        parse_document("<p>x</p>", "S-1")
    with pytest.raises(SourceError, match="--form"):
        parse_text("<html><body><p>no form here</p></body></html>")


def test_crosscheck() -> None:
    ok = compare_8k_items(["2.02", "9.01", "EX-99.1"], ["Item 2.02", "9.01"])
    assert ok.agree and ok.missing == [] and ok.extra == []
    bad = compare_8k_items(["2.02"], ["2.02", "9.01"])
    assert not bad.agree and bad.missing == ["9.01"]
    assert compare_8k_items(["5", "7"], ["ITEM 5", "Item 7"]).agree


def test_part_heading_and_item_in_one_block() -> None:
    source = _html(_p("PART I - FINANCIAL INFORMATION Item 1. Financial Statements"), _p(FILLER),
                   _p("Item 2. Management's Discussion and Analysis"), _p(FILLER),
                   _p("PART II - OTHER INFORMATION Item 1. Legal Proceedings"), _p(FILLER))
    doc = parse_document(source, "10-Q")
    assert doc.items() == ["part1item1", "part1item2", "part2item1"]


def test_malformed_markup_stays_fast() -> None:
    import time

    source = "<p>Item 1. Business</p>" + FILLER + ("<a " + "b" * 40 + " ") * 20000 + '<a "' * 20000
    t0 = time.perf_counter()
    doc = parse_document(source, "10-K")
    assert time.perf_counter() - t0 < 5
    assert doc.items() == ["1"]


def test_ten_q_without_item_1_heading_after_toc() -> None:
    toc = "<table>" + "".join(f"<tr><td>{a}</td><td>{b}</td><td>{p}</td></tr>" for a, b, p in (
        ("Part I - Financial Information", "", ""), ("Item 1.", "Financial Statements", 3),
        ("", "Condensed Statement of Earnings", 3), ("Item 2.", "Management's Discussion and Analysis", 20),
        ("Part II - Other Information", "", ""), ("Item 1.", "Legal Proceedings", 30),
        ("Item 6.", "Exhibits", 31))) + "</table>"
    source = _html(_p("FORM 10-Q"), toc, _p("Condensed Statement of Earnings"), _p(FILLER * 4),
                   _p("Item 2. Management's Discussion and Analysis"), _p(FILLER),
                   _p("PART II. OTHER INFORMATION"), _p("Item 1. Legal Proceedings"), _p(FILLER),
                   _p("Item 6. Exhibits"), _p(FILLER))
    doc = parse_document(source, "10-Q")
    assert doc.items() == ["part1item1", "part1item2", "part2item1", "part2item6"]
    first = doc.sections[0]
    assert first.text.startswith("Condensed Statement of Earnings") and len(first.text) > 2000
    assert any("no Item 1 heading" in w for w in first.warnings)


def test_dissemination_feed_submission() -> None:
    primary = _html(_p("Item 2.02 Results of Operations and Financial Condition."), _p(FILLER),
                    _p("Item 9.01 Financial Statements and Exhibits."), _p("99.1 Press release"))
    source = ("<SUBMISSION>\n<ACCESSION-NUMBER>0000000000-21-000001\n<TYPE>8-K\n<FILING-DATE>20210416\n"
              "<ITEMS>2.02\n<ITEMS>9.01\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>d8k.htm\n<TEXT>\n"
              + primary + "\n</TEXT>\n</DOCUMENT>\n</SUBMISSION>\n")
    doc = parse_text(source)
    assert doc.form == "8-K" and doc.items() == ["2.02", "9.01"]
    assert doc.declared_items == ["2.02", "9.01"]
    assert source[doc.sections[0].source_start:].startswith("Item 2.02")


def test_form_guess_prefers_cover_over_mentions() -> None:
    from sec_pipeline.parsing.source import guess_form

    cover = "<html><body><p>see our Form 10-K for 2017</p><p>FORM&nbsp;10-Q</p></body></html>"
    assert guess_form(cover) == "10-Q"
    assert guess_form('<ix:nonNumeric name="dei:DocumentType" contextRef="c">10-K</ix:nonNumeric>') == "10-K"
    assert guess_form("<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n") == "8-K"

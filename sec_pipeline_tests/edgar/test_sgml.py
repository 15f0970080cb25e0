"""parse_submission / build_submission on real EDGAR files and synthetic edge cases."""

from __future__ import annotations

import csv
import gzip
import time
from pathlib import Path

import pytest

from sec_pipeline.edgar.items import item_code, item_codes
from sec_pipeline.edgar.sgml import (
    Document,
    SubmissionParseError,
    build_submission,
    decode,
    iso_date,
    parse_submission,
)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def _full_submissions(root: Path) -> list[dict[str, str]]:
    with (root / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["kind"] == "filing" and r["notes"].startswith("full submission")]


def test_header_fields_match_manifest(shared_edgar: Path) -> None:
    rows = _full_submissions(shared_edgar)
    assert len(rows) > 50
    forms = set()
    for row in rows:
        sub = parse_submission(_read(shared_edgar / row["path"]))
        forms.add(row["path"].split("/")[1])
        if row["cik"]:
            assert sub.cik == row["cik"].lstrip("0"), row["path"]
        if row["accession"]:
            assert sub.accession_no == row["accession"], row["path"]
        if row["filing_date"]:
            assert sub.filing_date == row["filing_date"], row["path"]
        if "ITEM INFORMATION:" in row["notes"]:
            listed = row["notes"].split("ITEM INFORMATION:", 1)[1].split("; identical copy")[0]
            expected = [i.strip() for i in listed.split("|")]
            assert sub.items == [i for i in expected if i], row["path"]
        assert sub.form_type and sub.form_type.startswith(row["form"].split("/")[0][:4])
        assert sub.primary_document is not None and sub.primary_document.text.strip()
        assert sub.company
    assert forms == {"8-K", "10-K", "10-Q"}


def test_ims_header_and_pem_wrapper(shared_edgar: Path) -> None:
    sub = parse_submission((shared_edgar / "filings/10-K/320193_0000320193-94-000016.txt").read_bytes())
    assert (sub.accession_no, sub.form_type, sub.cik) == ("0000320193-94-000016", "10-K", "320193")
    assert (sub.filing_date, sub.period_of_report) == ("1994-12-13", "1994-09-30")
    assert (sub.company, sub.sic, sub.fiscal_year_end) == ("APPLE COMPUTER INC", "3571", "0930")
    assert [d.type for d in sub.documents] == ["10-K", "EX-10", "EX-11", "EX-21", "EX-27"]
    assert "PRIVACY-ENHANCED" not in sub.documents[-1].text
    assert "Form 10-K" in sub.primary_document.text


def test_modern_submission_binary_documents_skipped(shared_edgar: Path) -> None:
    sub = parse_submission((shared_edgar / "filings/8-K/18230_0000018230-22-000107.txt").read_bytes())
    assert sub.item_codes == ["2.02", "7.01", "9.01"]
    assert sub.acceptance_datetime == "20220428063203"
    binaries = [d for d in sub.documents if d.is_binary]
    assert binaries and all(d.text == "" for d in binaries)
    assert sub.primary_document.type == "8-K" and sub.primary_document.filename.endswith(".htm")
    assert len(sub.documents) == int(sub.header["PUBLIC DOCUMENT COUNT"])


def test_tagged_hdr_sgml(shared_edgar: Path) -> None:
    sub = parse_submission((shared_edgar / "index/hdr-sgml/51253_0001140361-25-017716.hdr.sgml").read_bytes())
    assert (sub.cik, sub.form_type, sub.sic, sub.item_codes) == ("51253", "8-K", "2860", ["5.07"])
    assert (sub.filing_date, sub.period_of_report) == ("2025-05-07", "2025-05-01")
    assert sub.company == "INTERNATIONAL FLAVORS & FRAGRANCES INC"


def test_bare_document_and_plain_text(shared_edgar: Path) -> None:
    path = shared_edgar / "filings/8-K/1063262_0001104540-02-000064_doc1.txt"
    sub = parse_submission(path.read_bytes())
    assert sub.form_type == "8-K" and sub.documents[0].filename == "doc1.txt"
    plain = parse_submission(b"ANNUAL REPORT\nnothing tagged here\n")
    assert plain.accession_no is None and plain.primary_document.text.startswith("ANNUAL REPORT")
    with pytest.raises(SubmissionParseError, match="empty submission"):
        parse_submission(b"  \n")


def test_one_decode_policy_utf8_else_cp1252_and_gzip() -> None:
    raw = b"<DOCUMENT>\n<TYPE>8-K\n<TEXT>\n\x93Caf\xe9\x94 \x81\n</TEXT>\n</DOCUMENT>\n"
    assert parse_submission(raw).documents[0].text == "\u201cCaf\u00e9\u201d \ufffd\n"
    utf8 = "<DOCUMENT>\n<TYPE>8-K\n<TEXT>\ncaf\u00e9\n</TEXT>\n</DOCUMENT>\n".encode()
    assert parse_submission(utf8).documents[0].text == "caf\u00e9\n"
    assert decode(gzip.compress(utf8)) == utf8.decode()


def test_document_start_is_its_offset_in_the_file(shared_edgar: Path) -> None:
    for name in ("10-K/320193_0000320193-94-000016.txt", "8-K/18230_0000018230-22-000107.txt"):
        text = decode((shared_edgar / "filings" / name).read_bytes())
        sub = parse_submission(text)
        for doc in sub.documents:
            if not doc.is_binary:
                assert text[doc.start:doc.start + len(doc.text)] == doc.text, (name, doc.type)


def test_item_codes_by_era() -> None:
    assert item_code("Financial statements and exhibits", "2003-05-01") == "7"
    assert item_code("Financial Statements and Exhibits", "2015-05-01") == "9.01"
    assert item_code("Other events", "1999-01-01") == "5"
    assert item_code("Regulation FD Disclosure", "2003-01-01") == "9"
    assert item_code("Results of Operations and Financial Condition", "2008-01-01") == "2.02"
    assert item_code("Cost Associated with Exit or Disposal Activities", "2005-01-01") == "2.05"
    assert item_code("Item 2.02") == "2.02"
    assert item_code("Something unrelated to items") is None
    assert item_codes(["Other Events", "", "Other Events", "Financial Statements and Exhibits"],
                      "2019-01-01") == ["8.01", "9.01"]


def test_round_trip() -> None:
    docs = [
        Document("8-K", 1, "form8k.htm", "CURRENT REPORT", "<html><body>Item 2.02</body></html>\n"),
        Document("EX-99.1", 2, "ex991.htm", "PRESS RELEASE", "Revenue rose.\n"),
        Document("GRAPHIC", 3, "logo.jpg", None, "", is_binary=True),
    ]
    header = {"accession_no": "0000012345-24-000001", "form_type": "8-K", "filing_date": "2024-02-01",
              "period_of_report": "2024-01-31", "company": "ACME CORP", "cik": "12345", "sic": "3571",
              "fiscal_year_end": "1231", "items": ["Results of Operations and Financial Condition",
                                                   "Financial Statements and Exhibits"]}
    sub = parse_submission(build_submission(header, docs).encode())
    assert (sub.accession_no, sub.form_type, sub.filing_date, sub.period_of_report) == (
        "0000012345-24-000001", "8-K", "2024-02-01", "2024-01-31")
    assert (sub.company, sub.cik, sub.sic, sub.fiscal_year_end) == ("ACME CORP", "12345", "3571", "1231")
    assert sub.item_codes == ["2.02", "9.01"]
    assert sub.documents == docs


def test_round_trip_real_filing(shared_edgar: Path) -> None:
    original = parse_submission((shared_edgar / "filings/8-K/1000695_0000950117-01-500726.txt").read_bytes())
    header = {k: getattr(original, k) for k in ("accession_no", "form_type", "filing_date", "period_of_report",
                                                 "company", "cik", "sic", "fiscal_year_end", "items")}
    again = parse_submission(build_submission(header, original.documents))
    assert again.documents == original.documents
    assert again.cik == original.cik and again.items == original.items


def test_build_rejects_missing_fields() -> None:
    with pytest.raises(ValueError, match="accession_no"):
        build_submission({"form_type": "8-K", "filing_date": "2024-01-01"}, [])


def test_iso_date() -> None:
    assert iso_date("19931001") == "1993-10-01"
    assert iso_date("1993-10-01") == "1993-10-01"
    assert iso_date("00000000") is None and iso_date("") is None


def test_linear_time_on_20mb() -> None:
    doc = "<DOCUMENT>\n<TYPE>EX-99\n<SEQUENCE>1\n<TEXT>\n" + ("<p>word &amp; </p>\n" * 2000) + "</TEXT>\n</DOCUMENT>\n"
    big = doc * (20_000_000 // len(doc))
    start = time.perf_counter()
    sub = parse_submission(big)
    assert len(sub.documents) == 20_000_000 // len(doc)
    tricky = "<DOCUMENT>" + "<DOCUMENT> <TEXT> " * 1_000_000
    parse_submission(tricky)
    assert time.perf_counter() - start < 5.0


def test_dissemination_feed_nc_header() -> None:
    nc = (
        "<SUBMISSION>\n<ACCESSION-NUMBER>0000320193-19-000032\n<TYPE>8-K\n<PUBLIC-DOCUMENT-COUNT>1\n"
        "<ITEMS>2.02\n<ITEMS>9.01\n<FILING-DATE>20190130\n<FILER>\n<COMPANY-DATA>\n<CONFORMED-NAME>Apple Inc.\n"
        "<CIK>0000320193\n<ASSIGNED-SIC>3571\n</COMPANY-DATA>\n</FILER>\n<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n"
        "<FILENAME>a8-k.htm\n<TEXT>\n<html>Item 2.02</html>\n</TEXT>\n</DOCUMENT>\n</SUBMISSION>\n"
    )
    sub = parse_submission(nc)
    assert (sub.accession_no, sub.form_type, sub.cik, sub.company) == ("0000320193-19-000032", "8-K", "320193",
                                                                       "Apple Inc.")
    assert sub.item_codes == ["2.02", "9.01"] and sub.filing_date == "2019-01-30"
    assert sub.primary_document.filename == "a8-k.htm"


def test_a_submission_cut_before_its_closing_tags_is_marked_truncated() -> None:
    from sec_pipeline.edgar.sgml import Document, build_submission, parse_submission

    full = build_submission(
        {"accession_no": "0000001-24-000001", "form_type": "8-K", "filing_date": "2024-01-02"},
        [Document(type="8-K", sequence=1, filename="a.htm", description=None, text="Item 2.02 Results\n" * 50)],
    )
    assert parse_submission(full).truncated is None
    assert parse_submission(full.replace("</SEC-DOCUMENT>\n", "")).truncated == "no closing </SEC-DOCUMENT> tag"
    cut = parse_submission(full[: len(full) // 2])
    assert cut.truncated == "document 1 has <TEXT> without </TEXT>" and cut.documents[0].text.startswith("Item 2.02")
    no_text_end = full.replace("</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n", "")
    assert parse_submission("<DOCUMENT>" + no_text_end.split("<DOCUMENT>", 1)[1]).truncated == (
        "document 1 has <TEXT> without </TEXT>")


def test_a_gzip_bomb_stops_at_the_limit_in_bounded_memory() -> None:
    import tracemalloc

    from sec_pipeline.edgar.sgml import DecodeError, gunzip

    bomb = gzip.compress(b"\0" * (64 << 20), compresslevel=9) * 32  # 32 gzip members: 2 GiB of zeros in ~2 MB
    assert len(bomb) < 3_000_000
    limit = 16 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match="decompresses to more than"):
            decode(bomb, limit=limit)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < len(bomb) + 2 * limit  # the input, the kept output and one chunk; never the 2 GiB
    assert gunzip(gzip.compress(b"a" * 1000) + gzip.compress(b"b" * 10)) == b"a" * 1000 + b"b" * 10  # members

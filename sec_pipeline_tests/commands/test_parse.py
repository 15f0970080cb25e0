"""`sec-pipeline parse`: truncated input is parsed as far as it goes, with a one-line warning and exit code 1."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sec_pipeline.cli import main
from sec_pipeline.edgar.sgml import Document, build_submission

SUBMISSION = build_submission(
    {"accession_no": "0000001234-24-000001", "form_type": "8-K", "filing_date": "2024-03-01"},
    [Document(type="8-K", sequence=1, filename="a.htm", description=None,
              text="Item 2.02 Results of Operations\n" + "Revenue grew strongly this quarter.\n" * 40
                   + "Item 9.01 Financial Statements and Exhibits\n" + "Exhibit 99.1 press release.\n" * 40)],
)


@pytest.mark.parametrize("as_json", [False, True])
def test_truncated_input_warns_on_one_line_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(SUBMISSION[: SUBMISSION.index("Item 9.01") + 200], encoding="utf-8")
    assert main(["parse", str(path), *(["--json"] if as_json else [])]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "warning" in err and "is truncated (document 1 has <TEXT> without </TEXT>)" in err
    if as_json:
        assert [s["item"] for s in json.loads(out)] == ["2.02", "9.01"]
    else:
        assert "2.02" in out


def test_complete_input_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "full.txt"
    path.write_text(SUBMISSION, encoding="utf-8")
    assert main(["parse", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and [s["item"] for s in json.loads(out)] == ["2.02", "9.01"]


def test_truncation_marks_the_last_section_and_lowers_its_confidence_keeping_the_json_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full, cut = tmp_path / "full.txt", tmp_path / "cut.txt"
    full.write_text(SUBMISSION, encoding="utf-8")
    cut.write_text(SUBMISSION[: SUBMISSION.index("Item 9.01") + 200], encoding="utf-8")
    assert main(["parse", str(full), "--json"]) == 0
    complete = json.loads(capsys.readouterr().out)
    assert main(["parse", str(cut), "--json"]) == 1
    truncated = json.loads(capsys.readouterr().out)
    assert [set(s) for s in truncated] == [set(s) for s in complete], "the --json contract keeps its fields"
    first, last = truncated
    assert first["warnings"] == complete[0]["warnings"] and first["confidence"] == complete[0]["confidence"]
    assert any("ends mid-item: the input is truncated" in w for w in last["warnings"])
    assert last["confidence"] <= 0.5 < complete[1]["confidence"]


def test_an_html_document_without_its_closing_tag_is_reported_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = ("<html><body><p>Item 2.02 Results of Operations</p>" + "<p>Revenue grew strongly this quarter.</p>" * 40
            + "<p>Item 9.01 Financial Statements and Exhibits</p>" + "<p>Exhibit 99.1 press release.</p>" * 40)
    whole, cut = tmp_path / "whole.htm", tmp_path / "cut.htm"
    whole.write_text(body + "</body></html>", encoding="utf-8")
    cut.write_text(body[: body.index("Item 9.01") + 200], encoding="utf-8")
    assert main(["parse", str(whole), "--form", "8-K"]) == 0
    assert capsys.readouterr().err == ""
    assert main(["parse", str(cut), "--form", "8-K"]) == 1
    out, err = capsys.readouterr()
    assert "is truncated (the HTML document has <html> without </html>)" in err and err.count("\n") == 1
    assert "ends mid-item" in out and "warning: input truncated" in out


@pytest.mark.parametrize(("name", "data", "message"), [
    ("cut.txt.gz", gzip.compress(SUBMISSION.encode())[:-40], "gzip data is cut short"),
    ("junk.txt.gz", b"\x1f\x8b" + b"\x00" * 64, "gzip data is corrupt"),
    ("wide.txt", SUBMISSION.encode("utf-16-le"), "looks UTF-16-LE encoded"),
])
def test_unreadable_bytes_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                              data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["parse", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err and str(path) in err


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(SUBMISSION.encode("utf-16"))
    assert main(["parse", str(path), "--json"]) == 0
    assert [s["item"] for s in json.loads(capsys.readouterr().out)] == ["2.02", "9.01"]

"""A dissemination-feed (.nc) 8-K names its form in its header: `sec-pipeline parse` needs no --form."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sec_pipeline.parsing.api import parse_text

PRIMARY = ("<html><body><p>Item 5.02 Departure of Directors or Certain Officers.</p><p>"
           + "The board accepted the resignation described in this paragraph. " * 6
           + "</p><p>Item 9.01 Financial Statements and Exhibits.</p><p>99.1 Press release</p></body></html>")
# The tag layout of feed files that run the header tags together on one line.
COMPACT_NC = (
    "<SUBMISSION>\n<ACCESSION-NUMBER>0000000000-25-000001<TYPE>8-K<PUBLIC-DOCUMENT-COUNT>2<PERIOD>20250106"
    "<ITEMS>5.02<ITEMS>9.01<FILING-DATE>20250108<FILER><COMPANY-DATA><CONFORMED-NAME>EXAMPLE CORP"
    "<CIK>0000000001</COMPANY-DATA><FILING-VALUES><FORM-TYPE>8-K<ACT>34</FILING-VALUES></FILER>"
    "<DOCUMENT><TYPE>8-K<SEQUENCE>1<FILENAME>form8-k.htm<TEXT><XBRL>" + PRIMARY + "</XBRL></TEXT></DOCUMENT>"
    "<DOCUMENT><TYPE>EX-99.1<SEQUENCE>2<FILENAME>ex99-1.htm<DESCRIPTION>PRESS RELEASE<TEXT>"
    "<html><body><p>Example Corp announces a change of officers.</p></body></html></TEXT></DOCUMENT></SUBMISSION>\n"
)


def test_compact_feed_header_gives_form_items_and_documents() -> None:
    doc = parse_text(COMPACT_NC, name="0000000000-25-000001.nc")
    assert doc.form == "8-K"
    assert doc.items() == ["5.02", "9.01", "EX-99.1"]
    assert doc.declared_items == ["5.02", "9.01"]
    assert [s.document for s in doc.sections] == ["form8-k.htm", "form8-k.htm", "ex99-1.htm"]
    assert COMPACT_NC[doc.sections[0].source_start:].startswith("Item 5.02")


def test_cli_parses_a_feed_file_without_form(tmp_path: Path) -> None:
    path = tmp_path / "0000000000-25-000001.nc"
    path.write_text(COMPACT_NC, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "sec_pipeline.cli", "parse", str(path), "--json"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    sections = json.loads(out.stdout)
    assert [s["item"] for s in sections] == ["5.02", "9.01", "EX-99.1"]
    assert {"item", "title", "text", "char_count", "source_start", "source_end", "confidence",
            "warnings"} <= set(sections[0])

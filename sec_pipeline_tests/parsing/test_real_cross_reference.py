"""Cross-reference-index and Exhibit-13 filings of ../shared/edgar: the Items carry their real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sec_pipeline.parsing.api import parse_path
from sec_pipeline.parsing.source import read_path

INDEX = "cross-reference table"


def _items(path: Path) -> dict:
    return {s.item: s for s in parse_path(path).sections}


@pytest.mark.parametrize("name", ["50863_0000050863-24-000010.html.gz", "63908_0000063908-24-000072.html.gz"])
def test_ten_k_answered_by_an_index(shared_edgar: Path, name: str) -> None:
    path = shared_edgar / "filings/10-K" / name
    items = _items(path)
    source = read_path(path)
    for item, at_least in (("1", 10_000), ("1A", 30_000), ("7", 30_000), ("8", 80_000)):
        s = items[item]
        assert s.char_count >= at_least, (item, s.char_count)
        assert any(INDEX in w for w in s.warnings)
        assert not any(line.startswith(("Item 1B", "Item 9C")) for line in s.text.splitlines())  # not the index
        assert source[s.source_start:s.source_end].strip()
    assert items["1A"].text.lower().startswith("risk factors")
    assert items["1B"].char_count < 200  # "None" / "Not applicable": the index row is the answer


def test_intel_ten_k_spans_pages_the_index_names(shared_edgar: Path) -> None:
    items = _items(shared_edgar / "filings/10-K/50863_0000050863-24-000010.html.gz")
    mdna = items["7"]
    assert len(mdna.source_ranges) >= 2 and any("pages 5-6" in w for w in mdna.warnings)
    assert "Consolidated Results of Operations" in mdna.text
    assert items["8"].text.startswith("Financial Statements and Supplemental Details")


def test_ten_q_answered_by_an_index(shared_edgar: Path) -> None:
    items = _items(shared_edgar / "filings/10-Q/50863_0000050863-23-000069.html")
    assert items["part1item1"].char_count > 30_000
    assert items["part1item2"].char_count > 20_000
    assert items["part1item4"].text.startswith("Controls and Procedures")
    assert "Quantitative and Qualitative" not in items["part1item4"].text


def test_wmx_1994_items_7_and_8_come_from_exhibit_13(shared_edgar: Path) -> None:
    path = shared_edgar / "filings/10-K/104938_0000950131-94-000440.txt"
    items, source = _items(path), read_path(path)
    for item, document, pages in (("7", "EX-13.1", "pages 32-39"), ("8", "EX-13.2", "pages 40-58")):
        s = items[item]
        assert s.document == document and s.char_count > 20_000
        assert "cross-reference stub: the item's content is elsewhere" in s.warnings
        assert any(pages in w for w in s.warnings)
        assert source[s.source_start:].startswith(f"EXHIBIT {document[3:]}")
    assert "MANAGEMENT'S DISCUSSION AND ANALYSIS" in items["7"].text[:200]
    assert "CONSOLIDATED BALANCE SHEETS" in items["8"].text
    assert items["10"].char_count < 1000  # the proxy statement is not part of the submission


def test_ibm_2024_stubs_stay_flagged_without_the_exhibit(shared_edgar: Path) -> None:
    items = _items(shared_edgar / "filings/10-K/51143_0000051143-24-000012.html")
    for item in ("7", "7A", "8"):
        assert "cross-reference stub: the item's content is elsewhere" in items[item].warnings
        assert items[item].char_count < 400

"""Section parsing on a handful of real filings from ../shared/edgar, with asserted item sets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.support.section_scoring import token_f1
from sec_pipeline.parsing.api import parse_path, parse_submission_sections
from sec_pipeline.parsing.crosscheck import compare_8k_items
from sec_pipeline.parsing.source import read_path

TEN_K_2024 = ["1", "1A", "1B", "1C", "2", "3", "4", "5", "6", "7", "7A", "8", "9", "9A", "9B", "9C",
              "10", "11", "12", "13", "14", "15", "16"]


def test_ten_k_ixbrl_2024(shared_edgar: Path) -> None:
    path = shared_edgar / "filings/10-K/101829_0000101829-24-000008.html.gz"
    doc = parse_path(path)
    assert doc.form == "10-K"
    assert doc.items() == TEN_K_2024
    risk = next(s for s in doc.sections if s.item == "1A")
    label = {x["identifier"]: x["character_count"] for x in json.loads(
        (shared_edgar / "labels/sec-parser-test-data/10-K/101829_0000101829-24-000008"
                        ".expected-top-level-sections.json").read_text())}
    assert abs((risk.source_end - risk.source_start) / label["1A"] - 1) < 0.1
    assert read_path(path)[risk.source_start:].upper().startswith("ITEM 1A")


def test_ten_k_plain_text_1994(shared_edgar: Path) -> None:
    doc = parse_path(shared_edgar / "filings/10-K/320193_0000320193-94-000016.txt", "10-K")
    assert doc.items() == [str(i) for i in range(1, 15)]


def test_ten_q_with_part_ii(shared_edgar: Path) -> None:
    doc = parse_path(shared_edgar / "filings/10-Q/1045810_0001045810-23-000175.html", "10-Q")
    assert doc.items() == ["part1item1", "part1item2", "part1item3", "part1item4", "part2item1",
                           "part2item1a", "part2item2", "part2item5", "part2item6"]


def test_ten_q_plain_text_2000(shared_edgar: Path) -> None:
    doc = parse_path(shared_edgar / "filings/10-Q/320193_0000912057-00-023442.txt")
    assert doc.form == "10-Q"
    assert {"part1item1", "part1item2", "part2item1", "part2item6"} <= set(doc.items())


@pytest.mark.parametrize("stem", ["1000180_0001000180-10-000003", "1002517_0000950142-19-000172",
                                  "100493_0000100493-20-000095"])
def test_eight_k_html_matches_edgar_crawler(shared_edgar: Path, stem: str) -> None:
    label = json.loads((shared_edgar / f"labels/edgar-crawler/8-K/{stem}.json").read_text())
    gold = {k[5:]: v for k, v in label.items() if k.startswith("item_") and v.strip()}
    doc = parse_path(shared_edgar / f"filings/8-K/{stem}.htm", "8-K")
    found = {s.item: s.text for s in doc.sections}
    assert set(found) == set(gold)
    assert min(token_f1(found[k], gold[k]) for k in gold) > 0.9


def test_eight_k_full_submission_pre_2001(shared_edgar: Path) -> None:
    path = shared_edgar / "filings/8-K/1002022_0000914260-00-000052.txt"
    doc = parse_path(path)
    assert doc.items() == ["3", "7", "EX-99"]
    ex = doc.sections[-1]
    assert ex.char_count > 1000
    assert read_path(path)[ex.source_start:ex.source_end].strip() != ""


def test_eight_k_full_submission_declared_items(shared_edgar: Path) -> None:
    doc = parse_path(shared_edgar / "filings/8-K/1001426_0001144204-07-020827.txt")
    assert doc.items() == ["2.02", "9.01", "EX-99.1"]
    assert compare_8k_items(doc.items(), doc.declared_items).agree


def test_parse_submission_sections_with_sgml_parser(shared_edgar: Path) -> None:
    sgml = pytest.importorskip("sec_pipeline.edgar.sgml")
    raw = (shared_edgar / "filings/8-K/1001426_0001144204-07-020827.txt").read_bytes()
    submission = sgml.parse_submission(raw)
    doc = parse_submission_sections(submission)
    assert doc.items() == ["2.02", "9.01", "EX-99.1"]
    assert doc.sections[-1].document  # the exhibit's file name


def test_cli_parse_json(shared_edgar: Path) -> None:
    path = shared_edgar / "filings/8-K/1000180_0001000180-10-000003.htm"
    out = subprocess.run([sys.executable, "-m", "sec_pipeline.cli", "parse", str(path), "--json"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    sections = json.loads(out.stdout)
    assert [s["item"] for s in sections] == ["2.02", "9.01"]
    assert {"item", "title", "start", "end", "source_start", "source_end", "char_count", "confidence",
            "text"} <= set(sections[0])


def test_cli_parse_bad_path() -> None:
    out = subprocess.run([sys.executable, "-m", "sec_pipeline.cli", "parse", "/no/such/filing.htm"],
                         capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 2 and "no such file" in out.stderr

"""The filing-sentiment label set: schema, size and balance, company-disjoint split, blind subset, offsets."""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from benchmarks.support.paths import shared_edgar_dir as shared_edgar
from sec_pipeline.parsing.api import parse_path

LABEL_DIR = Path(__file__).resolve().parents[3] / "sec_pipeline" / "signals" / "labels" / "filing_sentiment"
FIELDS = {"id": str, "accession": str, "cik": str, "company": str, "form": str, "era": str, "filing_date": str,
          "item": str, "section_kind": str, "start": int, "end": int, "parser_version": str, "text": str,
          "path": str, "stratum": str, "split": str, "label": str, "clarity": str, "labeler": str}


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in (LABEL_DIR / "labels.jsonl").read_text(encoding="utf-8").splitlines()]


def test_rows_follow_the_schema(rows):
    for row in rows:
        assert set(row) == set(FIELDS), row["id"]
        assert all(isinstance(row[k], t) for k, t in FIELDS.items()), row["id"]
        assert row["label"] in {"positive", "negative", "neutral"}
        assert row["clarity"] in {"clear", "borderline"}
        assert row["split"] in {"train", "validation", "test"}
        assert row["section_kind"] in {"mdna", "risk", "news", "press"}
        assert row["era"] in {"pre-2001", "2001-2018", "2019+"}
        assert row["end"] - row["start"] == len(row["text"]) and row["text"] == row["text"].strip()
    assert len({r["id"] for r in rows}) == len(rows)


def test_at_least_3000_sentences_with_each_label_a_fifth(rows):
    assert len(rows) >= 3000
    counts = Counter(r["label"] for r in rows)
    assert min(counts.values()) >= 0.2 * len(rows), counts


def test_split_is_company_disjoint_and_covers_all_three(rows):
    splits_of = defaultdict(set)
    for row in rows:
        splits_of[row["cik"]].add(row["split"])
    assert all(len(s) == 1 for s in splits_of.values()), [c for c, s in splits_of.items() if len(s) > 1]
    companies = Counter(next(iter(s)) for s in splits_of.values())
    assert set(companies) == {"train", "validation", "test"}
    assert companies["train"] > companies["test"] > companies["validation"]


def test_blind_subset_has_no_labels_and_matches_its_id_list(rows):
    ids = {r["id"] for r in rows}
    blind = [line.split("\t") for line in (LABEL_DIR / "double" / "blind.tsv").read_text().splitlines()]
    listed = (LABEL_DIR / "double" / "subset_ids.txt").read_text().split()
    assert len(blind) == 300 and all(len(cols) == 4 for cols in blind)
    assert sorted(cols[0] for cols in blind) == sorted(listed) and set(listed) <= ids


def test_offsets_cut_the_text_out_of_the_reparsed_section(rows):
    edgar = shared_edgar()
    if not (edgar / "MANIFEST.tsv").is_file():
        pytest.skip(f"no shared EDGAR tree at {edgar}")
    by_filing = defaultdict(list)
    for row in rows:
        by_filing[row["path"]].append(row)
    rng = random.Random(0)
    for path in rng.sample(sorted(by_filing), 20):
        doc = parse_path(edgar / path, by_filing[path][0]["form"])
        for row in rng.sample(by_filing[path], min(3, len(by_filing[path]))):
            texts = [s.text[row["start"]:row["end"]] for s in doc.sections if s.item == row["item"]]
            assert row["text"] in texts, (row["id"], path, row["item"])

"""The event sentence labels: schema, size, company-disjoint split, offsets, the blind subset, kappa."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

from sec_pipeline.parsing.api import parse_path

REPO = Path(__file__).resolve().parents[3]
LABEL_DIR = REPO / "sec_pipeline" / "signals" / "labels" / "events"
LABELING = REPO / "benchmarks" / "labeling"
EVENTS = {"going_concern", "material_weakness", "restatement", "cybersecurity_incident", "officer_change",
          "bankruptcy", "auditor_change", "impairment", "delisting"}


def _script(name: str) -> ModuleType:
    """A benchmarks/labeling script as a module (its directory on sys.path, as when it runs)."""
    if str(LABELING) not in sys.path:
        sys.path.insert(0, str(LABELING))
    spec = importlib.util.spec_from_file_location(name, LABELING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in (LABEL_DIR / "labels.jsonl").read_text().splitlines()]


def test_schema_and_size(rows: list[dict]) -> None:
    assert len(rows) >= 3000
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["event"] in EVENTS | {"none"} and set(r["events"]) <= EVENTS
        assert r["events"][:1] == ([] if r["event"] == "none" else [r["event"]])
        assert isinstance(r["asserts"], bool) and r["clarity"] in {"clear", "borderline"}
        assert r["subject"] in {"registrant", "subsidiary", "other_company", "none"}
        if r["asserts"]:
            assert r["event"] != "none" and r["subject"] in {"registrant", "subsidiary"}
        assert r["form_family"] in {"10-K", "10-Q", "8-K"} and r["split"] in {"train", "validation", "test"}
        assert 0 <= r["start"] < r["end"] and r["end"] - r["start"] == len(r["text"])
        assert len(r["text"].split()) >= 6 and r["labeler"] == "L2"


def test_split_is_company_disjoint(rows: list[dict]) -> None:
    splits: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        splits[r["cik"] or r["company"]].add(r["split"])
    assert all(len(s) == 1 for s in splits.values())
    assert {s for v in splits.values() for s in v} == {"train", "validation", "test"}


def test_offsets_cut_the_sentence_out_of_the_reparsed_section(rows: list[dict], shared_edgar: Path) -> None:
    by_form: dict[str, list[dict]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["id"]):
        by_form[r["form_family"]].append(r)
    sample = [r for form_rows in by_form.values() for r in form_rows[:: max(1, len(form_rows) // 4)][:4]]
    for r in sample:
        sections = parse_path(shared_edgar / r["path"], form=r["form_family"]).sections
        assert any(s.text[r["start"]:r["end"]] == r["text"] for s in sections if s.item == r["item"]), r["id"]


def test_blind_subset_holds_only_text_and_context(rows: list[dict]) -> None:
    with open(LABEL_DIR / "double" / "blind.tsv", newline="", encoding="utf-8") as fh:
        blind = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert blind[0] == ["id", "text", "form", "item"] and len(blind) == 301
    assert all(len(line) == 4 for line in blind)
    # a blind sentence is a label, or a fragment merged into one (benchmarks/labeling/event_units.py)
    assert {line[0] for line in blind[1:]} <= {r["id"] for r in rows} | {f for r in rows for f in r.get("fragments", ())}


def test_labels_are_the_sentences_the_detector_reads(rows: list[dict], shared_edgar: Path) -> None:
    from sec_pipeline.signals.text import split_prose_sentences

    merged = [r for r in rows if r.get("fragments")]
    assert merged and any(len(r["fragments"]) > 1 for r in merged)
    for r in merged[:: max(1, len(merged) // 6)]:
        sections = parse_path(shared_edgar / r["path"], form=r["form_family"]).sections
        (section,) = [s for s in sections if s.item == r["item"]][:1]
        assert any((s.start, s.end, s.text) == (r["start"], r["end"], r["text"])
                   for s in split_prose_sentences(section.text)), r["id"]


def test_fragments_of_one_sentence_merge_into_one_label(tmp_path: Path) -> None:
    units = _script("event_units")
    para = ("On March 3, 1998, the Board of Directors announced that Mr. John Smith,\n"
            "the Company's Chief Executive Officer, resigned effective immediately,\n"
            "and that Ms. Jane Doe was appointed to succeed him as Chief Executive\n"
            "Officer of the Company by a vote of the full Board of Directors.\n\n")
    text = "ITEM 5. OTHER EVENTS\n\n" + para * 4
    (tmp_path / "f.txt").write_text(text)
    section = [s for s in parse_path(tmp_path / "f.txt", form="8-K").sections][0]
    start = section.text.index("On March 3")
    cut = section.text.index("Chief Executive Officer, resigned")
    base = {"path": "f.txt", "form_family": "8-K", "item": section.item, "asserts": False, "events": [], "event": "none",
            "clarity": "clear", "subject": "none"}
    first = {**base, "id": "a", "start": start, "end": cut, "text": section.text[start:cut]}
    second = {**base, "id": "b", "start": cut, "end": cut + 30, "text": section.text[cut:cut + 30],
              "asserts": True, "events": ["officer_change"], "event": "officer_change", "subject": "registrant",
              "clarity": "borderline"}
    (label,) = [r for r in units.detector_sentences([first, second], tmp_path) if r["start"] == start]
    assert label["id"] == "a" and label["fragments"] == ["a", "b"] and label["asserts"] is True
    assert label["events"] == ["officer_change"] and label["clarity"] == "borderline"
    assert label["text"].startswith("On March 3") and label["text"].rstrip().endswith("Board of Directors.")


def test_cohen_kappa() -> None:
    kappa = _script("event_agreement").cohen_kappa
    yes_no = ["y"] * 25 + ["n"] * 25
    other = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert kappa(yes_no, other) == pytest.approx(0.4)
    assert kappa(list("abab"), list("abab")) == 1.0 and kappa(list("aabb"), list("abab")) == 0.0
    assert kappa(list("aaa"), list("aaa")) is None


def test_merge_rejects_an_assertion_about_another_company() -> None:
    parse = _script("event_merge").parse_label
    ok = parse({"event": "bankruptcy", "asserts": "true", "subject": "subsidiary", "clarity": "clear"}, "t:1")
    assert ok["events"] == ["bankruptcy"] and ok["asserts"] is True
    with pytest.raises(SystemExit, match="t:2"):
        parse({"event": "bankruptcy", "asserts": "true", "subject": "other_company", "clarity": "clear"}, "t:2")

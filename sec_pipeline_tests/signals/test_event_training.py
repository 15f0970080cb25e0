"""Training the event classifier: from the carried labels, deterministic, read back by EventClassifier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sec_pipeline.signals.event_model import CLASSES, EventClassifier, EventModelError
from sec_pipeline.signals.event_training import (
    LABELS_PATH,
    EventLabel,
    EventLabelsError,
    EventTrainingConfig,
    choose_thresholds,
    filing_scores,
    load_event_labels,
    sentence_scores,
    train_event_model,
)


@pytest.fixture(scope="module")
def few_labels(tmp_path_factory) -> Path:
    """60 train and 30 validation rows of the carried labels, asserting ones included."""
    rows = [json.loads(line) for line in LABELS_PATH.read_text().splitlines()]
    chosen = []
    for split, count in (("train", 60), ("validation", 30)):
        pool = [r for r in rows if r["split"] == split]
        chosen += [r for r in pool if r["asserts"]][: count // 2] + [r for r in pool if not r["asserts"]][: count // 2]
    path = tmp_path_factory.mktemp("event_labels") / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in chosen))
    return path


def test_carried_labels_load_with_company_disjoint_splits():
    labels = load_event_labels()
    assert len(labels) >= 3000 and {lab.split for lab in labels} == {"train", "validation", "test"}
    by_split = {split: {lab.company for lab in labels if lab.split == split} for split in ("train", "test")}
    assert not by_split["train"] & by_split["test"]


def test_malformed_labels_name_the_file(tmp_path: Path):
    bad = tmp_path / "labels.jsonl"
    bad.write_text('{"text": "x"}\n')
    with pytest.raises(EventLabelsError, match="labels.jsonl:1"):
        load_event_labels(bad)


def test_training_is_deterministic_and_loads_back(tmp_path: Path, tiny_model_dir: Path, few_labels: Path):
    config = EventTrainingConfig(base_model=str(tiny_model_dir), epochs=1)
    first = train_event_model(tmp_path / "a", config, labels_path=few_labels)
    second = train_event_model(tmp_path / "b", config, labels_path=few_labels)
    assert first.version == second.version and len(first.version) == 16
    assert first.metrics["train_sentences"] <= 60 and first.metrics["validation_sentences"] <= 30
    classifier = EventClassifier.load(first.model_dir, version=first.version)
    (probs,) = classifier.probabilities(["10-K item 7 | rules: none | We recorded an impairment charge."])
    assert set(probs) == set(CLASSES) and all(0.0 <= p <= 1.0 for p in probs.values())
    assert classifier.thresholds == first.metrics["thresholds"]
    assert classifier.prefilter is not None and (first.model_dir / "prefilter.npz").is_file()
    assert first.metrics["validation_classified"] <= first.metrics["validation_sentences"]


def test_loading_a_folder_without_an_event_model_says_how_to_get_one(tmp_path: Path):
    with pytest.raises(EventModelError, match="event_model.json missing"):
        EventClassifier.load(tmp_path)


def test_scores_and_threshold_choice():
    scores = sentence_scores([["impairment"], [], ["bankruptcy"]], [["impairment"], ["impairment"], []])
    assert scores["overall"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5}



def _label(text: str, events: tuple[str, ...], path: str) -> EventLabel:
    return EventLabel(text=text, form="10-K", item="7", split="validation", events=events, path=path)


def test_filing_scores_pool_the_sentences_of_each_filing():
    labels = [_label("a", ("impairment",), "f1"), _label("b", (), "f1"), _label("c", ("bankruptcy",), "f2")]
    scores = filing_scores(labels, [[], ["impairment"], ["impairment"]])
    assert scores["per_event"]["impairment"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0}
    assert scores["per_event"]["bankruptcy"]["fn"] == 1


def test_threshold_choice_keeps_rule_verdicts_the_classifier_confirms():
    none = dict.fromkeys(CLASSES, 0.0)
    ruled = "We recorded a goodwill impairment charge of $12 million in the fourth quarter."
    labels = [_label(ruled, ("impairment",), "f1"), _label("We recorded an impairment loss.", ("impairment",), "f2"),
              _label("Impairment losses may be recognized in future.", (), "f3")]
    probs = [none | {"impairment": 0.2}, none | {"impairment": 0.95}, none | {"impairment": 0.6}]
    thresholds = choose_thresholds(labels, probs)
    # the classifier alone at 0.95 (above the negative's 0.6), the rule's sentence confirmed at 0.2
    assert 0.6 < thresholds["default"] <= 0.95 and thresholds["rule"] <= 0.2


def test_loading_prints_no_load_report_and_no_progress_bar(tmp_path: Path, tiny_model_dir: Path, few_labels: Path,
                                                           transformers_messages: list[str],
                                                           capfd: pytest.CaptureFixture[str]):
    report = train_event_model(tmp_path / "m", EventTrainingConfig(base_model=str(tiny_model_dir), epochs=1),
                               labels_path=few_labels)
    EventClassifier.load(report.model_dir)
    assert not [m for m in transformers_messages if "LOAD REPORT" in m]
    assert "Loading weights" not in (out := "".join(capfd.readouterr())) and "Writing model shards" not in out

"""The event classifier's first stage: fitted on train, threshold from validation recall, stored without pickle."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sec_pipeline.signals.event_prefilter import PREFILTER_FILE, Prefilter, fit_prefilter

ASSERTING = [f"We recorded a goodwill impairment charge of ${n} million in the quarter." for n in range(1, 21)]
PLAIN = [f"Impairment is tested annually under ASC 350 for reporting unit {n}." for n in range(1, 21)]


def test_threshold_keeps_the_validation_positives_and_sets_plain_text_aside():
    prefilter = fit_prefilter(ASSERTING[:10] + PLAIN[:10], [True] * 10 + [False] * 10, ASSERTING[10:] + PLAIN[10:],
                              [True] * 10 + [False] * 10, recall_floor=1.0)
    kept = prefilter.keep(ASSERTING[10:] + PLAIN[10:])
    assert all(kept[:10]) and not any(kept[10:])
    assert prefilter.keep([]) == []


def test_a_lower_floor_may_drop_the_weakest_positive():
    scores = fit_prefilter(ASSERTING[:10] + PLAIN[:10], [True] * 10 + [False] * 10, ASSERTING[10:],
                           [True] * 10, recall_floor=0.9)
    assert sum(scores.keep(ASSERTING[10:])) >= 9


def test_round_trip_through_the_model_folder(tmp_path: Path):
    assert Prefilter.load(tmp_path) is None
    prefilter = Prefilter(np.arange(2 ** 18, dtype="float32") / 2 ** 18, -0.5, 0.25)
    prefilter.save(tmp_path)
    loaded = Prefilter.load(tmp_path)
    assert (tmp_path / PREFILTER_FILE).is_file() and loaded is not None
    assert (loaded.bias, loaded.threshold) == (-0.5, 0.25)
    assert loaded.scores(["goodwill impairment"]) == prefilter.scores(["goodwill impairment"])


def test_the_classifier_scores_set_aside_sentences_not_asserted_without_the_network():
    from sec_pipeline.signals.event_model import NOT_ASSERTED, EventClassifier

    nothing_passes = Prefilter(np.zeros(2 ** 18, dtype="float32"), 0.0, 1.0)
    classifier = EventClassifier(model=None, tokenizer=None, thresholds={"default": 0.5}, version="v",
                                 prefilter=nothing_passes)
    (probs,) = classifier.probabilities(["We recorded a goodwill impairment charge."])
    assert probs[NOT_ASSERTED] == 1.0 and probs["impairment"] == 0.0

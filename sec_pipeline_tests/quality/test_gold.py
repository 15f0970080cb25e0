"""Gold-set scoring on real labels: sections vs EDGAR labels, held-out PhraseBank."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from benchmarks.support.partition_data import EIGHT_K, TEN_K, good_partition
from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline.quality.gold import heldout_sentences, model_accuracy, section_accuracy
from sec_pipeline.quality.phrasebank import is_heldout, load_phrasebank
from sec_pipeline.quality.section_checks import FrameSchemaError

PHRASEBANK = shared_edgar_dir() / "labels/financial-phrasebank/FinancialPhraseBank-v1.0"
needs_data = pytest.mark.skipif(not PHRASEBANK.is_dir(), reason="needs ../shared/edgar test data")


@needs_data
def test_section_accuracy_good_and_defective():
    filings, sections, _ = good_partition()
    good = section_accuracy(filings, sections)
    assert (good.value, good.n) == (1.0, 4)
    sections = sections[~((sections.accession_no == TEN_K[0]) & (sections.item == "1A"))]
    sections = sections[~((sections.accession_no == EIGHT_K[0]) & (sections.item == "9.01"))]
    bad = section_accuracy(filings, sections)
    assert (bad.value, bad.n) == (0.5, 4)
    wrong = {d["accession_no"]: d for d in bad.details["disagreements"]}
    assert wrong[TEN_K[0]]["missing_items"] == "1a"
    assert "9.01" in wrong[EIGHT_K[0]]["declared"] and "9.01" not in wrong[EIGHT_K[0]]["found_8k_items"]


def test_section_accuracy_names_missing_columns():
    with pytest.raises(FrameSchemaError, match="filings frame lacks columns"):
        section_accuracy(pd.DataFrame({"accession_no": ["x"]}), pd.DataFrame(columns=["accession_no", "item",
                                                                                        "char_count"]))


@needs_data
def test_heldout_split_is_the_shared_rule():
    pairs = heldout_sentences(PHRASEBANK)
    everything = load_phrasebank(PHRASEBANK / "Sentences_AllAgree.txt")
    assert pairs and all(is_heldout(s) for s, _ in pairs)
    assert 0.15 < len(pairs) / len(everything) < 0.35  # a quarter of the shared four fifths


@needs_data
def test_random_model_fails_and_oracle_passes(tmp_path):
    gold = dict(heldout_sentences(PHRASEBANK))
    rng = random.Random(7)
    random_result = model_accuracy(lambda batch: [rng.choice(["negative", "neutral", "positive"]) for _ in batch],
                                   PHRASEBANK, tmp_path, "random-v1")
    assert random_result.n == len(gold)
    assert 0.25 < random_result.value < 0.42 and random_result.value < 0.95
    oracle = model_accuracy(lambda batch: [gold[s].upper() for s in batch], PHRASEBANK, tmp_path, "oracle-v1")
    assert oracle.value == 1.0 and oracle.details["macro_f1"] == 1.0


@needs_data
def test_accuracy_is_cached_per_model_version(tmp_path):
    calls = []

    def neutral(batch):
        calls.append(len(batch))
        return ["neutral"] * len(batch)

    first = model_accuracy(neutral, PHRASEBANK / "Sentences_AllAgree.txt", tmp_path, "always-neutral")
    second = model_accuracy(neutral, PHRASEBANK / "Sentences_AllAgree.txt", tmp_path, "always-neutral")
    assert sum(calls) == first.n and first.details["cached"] is False
    assert second.details["cached"] is True and second.value == first.value
    assert first.details["confusion"]["neutral"]["neutral"] == round(first.value * first.n)
    model_accuracy(neutral, PHRASEBANK / "Sentences_AllAgree.txt", tmp_path, "always-neutral-v2")
    assert sum(calls) == 2 * first.n
    for cache in tmp_path.glob("model_accuracy_always-neutral_*.json"):
        cache.write_text("{not json")
    again = model_accuracy(neutral, PHRASEBANK / "Sentences_AllAgree.txt", tmp_path, "always-neutral")
    assert again.details["cached"] is False and again.value == first.value and sum(calls) == 3 * first.n


@needs_data
def test_model_accuracy_rejects_bad_inputs(tmp_path):
    with pytest.raises(ValueError, match="returned 1 labels"):
        model_accuracy(lambda batch: ["neutral"], PHRASEBANK, tmp_path, "v")
    with pytest.raises(ValueError, match="model_version"):
        model_accuracy(lambda batch: batch, PHRASEBANK, tmp_path, " ")
    with pytest.raises(FileNotFoundError, match="Sentences_AllAgree"):
        model_accuracy(lambda batch: batch, tmp_path, tmp_path, "v")


@needs_data
def test_project_lexicon_model_through_the_adapter(tmp_path):
    from sec_pipeline.quality.gold import predict_fn_for
    from sec_pipeline.signals.routing import LexiconSentiment

    result = model_accuracy(predict_fn_for(LexiconSentiment()), PHRASEBANK, tmp_path, "lexicon-lm")
    assert result.n == len(heldout_sentences(PHRASEBANK))
    assert 0.4 < result.value < 0.95  # a word list beats chance but cannot pass the 95% gate
    with pytest.raises(TypeError, match="predict"):
        predict_fn_for(object())

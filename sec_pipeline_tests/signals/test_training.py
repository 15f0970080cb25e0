"""Training data handling and a training smoke run on a tiny model and a tiny PhraseBank folder."""

from __future__ import annotations

import io
import json

import pytest

from benchmarks.support.paths import shared_edgar_dir
from sec_pipeline import cli
from sec_pipeline.quality.phrasebank import is_heldout, is_validation
from sec_pipeline.signals.sentiment import SentimentModel
from sec_pipeline.signals.training import (
    TrainingConfig,
    TrainingDataError,
    classification_metrics,
    load_labeled_sentences,
    split_heldout,
    split_validation,
    train_sentiment_model,
)

PHRASEBANK = shared_edgar_dir() / "labels" / "financial-phrasebank" / "FinancialPhraseBank-v1.0"


def test_dedup_keeps_highest_agreement(tiny_phrasebank):
    records = load_labeled_sentences(tiny_phrasebank)
    assert len(records) == 80 == len({r.sentence for r in records})
    assert sum(r.agreement == 100 for r in records) == 40 and sum(r.agreement == 50 for r in records) == 40


def test_split_uses_shared_heldout_rule(tiny_phrasebank):
    train, heldout = split_heldout(load_labeled_sentences(tiny_phrasebank))
    assert heldout and all(is_heldout(r.sentence) for r in heldout)
    assert not any(is_heldout(r.sentence) for r in train)


def test_validation_split_is_carved_from_the_training_part_only(tiny_phrasebank):
    sentences = [f"Sentence number {i} about sales." for i in range(2000)]
    assert not any(is_heldout(s) and is_validation(s) for s in sentences)
    assert 150 < sum(map(is_validation, sentences)) < 250  # about a tenth
    train, validation = split_validation(split_heldout(load_labeled_sentences(tiny_phrasebank))[0])
    assert validation and all(is_validation(r.sentence) for r in validation)
    assert not any(is_validation(r.sentence) or is_heldout(r.sentence) for r in train)


@pytest.mark.skipif(not PHRASEBANK.is_dir(), reason="shared Financial PhraseBank not available")
def test_real_phrasebank_counts():
    records = load_labeled_sentences(PHRASEBANK)
    assert len(records) <= 3922 and len({r.sentence for r in records}) == len(records)
    assert sum(r.agreement == 100 for r in records) > 1800


def test_metrics():
    m = classification_metrics(["positive", "negative", "neutral", "neutral"], ["positive", "neutral", "neutral", "neutral"])
    assert m["accuracy"] == 0.75 and m["macro_f1"] == pytest.approx((1 + 0 + 0.8) / 3)


def test_missing_data_is_a_clear_error(tmp_path):
    with pytest.raises(TrainingDataError, match="FinancialPhraseBank"):
        load_labeled_sentences(tmp_path)


def test_training_smoke_saves_a_loadable_versioned_model(tiny_phrasebank, tiny_model_dir, tmp_path,
                                                         transformers_messages, capfd):
    out = tmp_path / "model"
    config = TrainingConfig(epochs=2, batch_size=8, max_length=32, learning_rate=1e-3, num_threads=1, device="cpu",
                            filing_labels=False)
    report = train_sentiment_model(tiny_phrasebank, out, base_model=str(tiny_model_dir), config=config)
    assert report.model_dir == out and len(report.version) == 16
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["version"] == report.version and (
        saved["train_sentences"] + saved["heldout_sentences"] + saved["validation_sentences"] == 80)
    assert set(saved["heldout"]) == {"AllAgree", "50Agree"}
    assert saved["validation_sentences"] > 0 and "50Agree" in saved["phrasebank_validation"]
    assert 0.0 <= saved["heldout"]["50Agree"]["accuracy"] <= 1.0
    assert saved["train_precision"] in {"bf16-autocast", "fp32"}
    model = SentimentModel.load(out, device="cpu", precision="fp32")
    assert model.version == report.version
    assert model.id2label == {0: "negative", 1: "neutral", 2: "positive"}
    assert len(model.predict(["The company profit rose."])) == 1
    assert not [m for m in transformers_messages if "LOAD REPORT" in m]  # the fresh head is expected
    assert "Loading weights" not in (out := "".join(capfd.readouterr())) and "Writing model shards" not in out  # the CLI stays one line per step


def test_cli_train_sentiment(tiny_phrasebank, tiny_model_dir, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = cli.main(["train-sentiment", "--data", str(tiny_phrasebank), "--out", str(tmp_path / "m"), "--epochs", "1",
                     "--base-model", str(tiny_model_dir), "--threads", "1", "--device", "cpu", "--batch-size", "16",
                     "--limit", "60"])
    assert code == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["heldout"]["50Agree"]["n"] > 0 and (tmp_path / "m" / "config.json").is_file()
    # the default recipe includes the carried filing labels and scores the filing splits
    assert printed["train_filing_sentences"] == 60 and printed["config"]["filing_labels"] is True
    assert printed["filing"]["test"]["n"] == 15 and "test_clear" in printed["filing"]
    assert cli.main(["train-sentiment", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "x")]) == 2


def test_heldout_metrics_of_a_loaded_model(tiny_phrasebank, tiny_model_dir):
    from sec_pipeline.signals.training import heldout_metrics

    metrics = heldout_metrics(SentimentModel.load(tiny_model_dir, device="cpu"), tiny_phrasebank)
    _, heldout = split_heldout(load_labeled_sentences(tiny_phrasebank))
    assert metrics["50Agree"]["n"] == len(heldout)
    assert metrics["AllAgree"]["n"] == sum(r.agreement == 100 for r in heldout)


def test_frozen_embeddings_stay_unchanged(tiny_phrasebank, tiny_model_dir, tmp_path):
    import torch
    from transformers import AutoModelForSequenceClassification

    config = TrainingConfig(epochs=1, batch_size=16, max_length=32, learning_rate=1e-2, freeze_embeddings=True,
                            num_threads=1, device="cpu", filing_labels=False)
    train_sentiment_model(tiny_phrasebank, tmp_path / "frozen", base_model=str(tiny_model_dir), config=config)
    before = AutoModelForSequenceClassification.from_pretrained(tiny_model_dir)
    after = AutoModelForSequenceClassification.from_pretrained(tmp_path / "frozen")
    emb = "bert.embeddings.word_embeddings.weight"
    layer = "bert.encoder.layer.0.output.dense.weight"
    assert torch.equal(before.state_dict()[emb], after.state_dict()[emb])
    assert not torch.equal(before.state_dict()[layer], after.state_dict()[layer])


def test_cli_train_sentiment_bad_file_names_line(tmp_path, capsys):
    bad = tmp_path / "Sentences_50Agree.txt"
    bad.write_bytes(b"Profit rose .@positive\r\nno label here\r\n")
    assert cli.main(["train-sentiment", "--data", str(bad), "--out", str(tmp_path / "m")]) == 2
    assert "Sentences_50Agree.txt:2" in capsys.readouterr().err


def test_fp32_training_and_precision_check(tiny_phrasebank, tiny_model_dir, tmp_path):
    config = TrainingConfig(epochs=1, batch_size=16, max_length=32, num_threads=1, device="cpu", precision="fp32",
                            agreement_targets=True, filing_labels=False)
    report = train_sentiment_model(tiny_phrasebank, tmp_path / "fp32", base_model=str(tiny_model_dir), config=config)
    assert report.metrics["train_precision"] == "fp32"
    with pytest.raises(ValueError, match="precision='fp16'"):
        train_sentiment_model(tiny_phrasebank, tmp_path / "bad", base_model=str(tiny_model_dir),
                              config=TrainingConfig(precision="fp16"))


def test_agreement_targets_follow_annotator_share():
    from sec_pipeline.signals.training import LabeledSentence, agreement_target

    assert agreement_target(LabeledSentence("Profit rose.", "positive", 100)) == [0.0, 0.0, 1.0]
    soft = agreement_target(LabeledSentence("Sales were flat.", "neutral", 50))
    assert soft[1] == max(soft) < 0.66 and sum(soft) == pytest.approx(1.0) and soft[0] == soft[2]
    assert agreement_target(LabeledSentence("x", "negative", 75))[0] > agreement_target(
        LabeledSentence("x", "negative", 66))[0]


def test_soup_averages_members_into_one_model(tiny_phrasebank, tiny_model_dir, tmp_path):
    import torch
    from safetensors.torch import load_file

    common = {"epochs": 1, "batch_size": 16, "max_length": 32, "learning_rate": 1e-3, "num_threads": 1,
              "device": "cpu"}
    single = train_sentiment_model(tiny_phrasebank, tmp_path / "one", base_model=str(tiny_model_dir),
                                   config=TrainingConfig(soup=1, **common))
    soup = train_sentiment_model(tiny_phrasebank, tmp_path / "soup", base_model=str(tiny_model_dir),
                                 config=TrainingConfig(soup=2, **common))
    assert single.metrics["soup_members"] == [] and len(soup.metrics["soup_members"]) == 2
    one, two = load_file(tmp_path / "one" / "model.safetensors"), load_file(tmp_path / "soup" / "model.safetensors")
    assert not torch.equal(one["classifier.weight"], two["classifier.weight"])
    assert len(SentimentModel.load(tmp_path / "soup", device="cpu").predict(["Profit rose."])) == 1
    with pytest.raises(ValueError, match="soup=0"):
        train_sentiment_model(tiny_phrasebank, tmp_path / "bad", base_model=str(tiny_model_dir),
                              config=TrainingConfig(soup=0))


def test_training_on_the_filing_labels_alone_scores_the_filing_splits(tiny_model_dir, tmp_path):
    from sec_pipeline.signals.filing_labels import in_split, load_filing_labels

    config = TrainingConfig(epochs=1, batch_size=16, max_length=32, num_threads=1, device="cpu", limit=90)
    report = train_sentiment_model(None, tmp_path / "filing", base_model=str(tiny_model_dir), config=config)
    metrics = report.metrics
    assert metrics["heldout"] == {} and metrics["train_filing_sentences"] == metrics["train_sentences"] == 90
    assert set(metrics["filing"]) == {"validation", "validation_clear", "test", "test_clear"}
    assert all(0.0 <= m["accuracy"] <= 1.0 and m["n"] > 0 for m in metrics["filing"].values())
    # never trained on a validation or test sentence
    held = {r.text for split in ("validation", "test") for r in in_split(load_filing_labels(), split)}
    from sec_pipeline.signals.training import filing_training_sentences

    assert not held & {r.sentence for r in filing_training_sentences(load_filing_labels())}


def test_no_data_at_all_is_a_clear_error(tiny_model_dir, tmp_path):
    with pytest.raises(TrainingDataError, match="no training data"):
        train_sentiment_model(None, tmp_path / "m", base_model=str(tiny_model_dir),
                              config=TrainingConfig(filing_labels=False))

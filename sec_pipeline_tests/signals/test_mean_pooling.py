"""The mean-pooling classification head: padding-invariant, saved under its own type, loadable by Auto classes."""

from __future__ import annotations

import json

import pytest
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

from sec_pipeline.signals.mean_pooling import MODEL_TYPE, MeanPoolingBertForSequenceClassification, register
from sec_pipeline.signals.sentiment import SentimentModel
from sec_pipeline.signals.training import TrainingConfig, TrainingDataError, train_sentiment_model


@pytest.fixture(scope="module")
def mean_pooled_dir(tmp_path_factory, tiny_phrasebank, tiny_model_dir):
    out = tmp_path_factory.mktemp("mean_pooled")
    config = TrainingConfig(epochs=1, batch_size=16, max_length=32, num_threads=1, device="cpu")
    assert config.pooling == "mean"
    train_sentiment_model(tiny_phrasebank, out, base_model=str(tiny_model_dir), config=config)
    return out


def test_padding_does_not_change_logits(tiny_model_dir):
    torch.manual_seed(0)
    model = MeanPoolingBertForSequenceClassification.from_pretrained(tiny_model_dir).eval()
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    short, long = "Profit rose.", "Operating profit rose to EUR 13.1 mn from EUR 8.7 mn a year earlier."
    alone = model(**tokenizer([short], return_tensors="pt")).logits
    padded = model(**tokenizer([short, long], padding=True, return_tensors="pt")).logits[0]
    assert torch.allclose(alone[0], padded, atol=1e-5)


def test_saved_under_own_type_and_loaded_by_auto_classes(mean_pooled_dir):
    assert json.loads((mean_pooled_dir / "config.json").read_text())["model_type"] == MODEL_TYPE
    register()
    auto = AutoModelForSequenceClassification.from_pretrained(mean_pooled_dir)
    assert isinstance(auto, MeanPoolingBertForSequenceClassification)
    sentences = ["The company profit rose to EUR 3.1 mn in the quarter .", "Sales fell sharply."]
    served = SentimentModel.load(mean_pooled_dir, device="cpu", precision="fp32").predict(sentences)
    by_pipeline = pipeline("text-classification", model=str(mean_pooled_dir), device=-1)(sentences)
    assert [p.label for p in served] == [r["label"] for r in by_pipeline]


def test_cls_pooling_still_trains_the_standard_head(tiny_phrasebank, tiny_model_dir, tmp_path):
    config = TrainingConfig(epochs=1, batch_size=16, max_length=32, num_threads=1, device="cpu", pooling="cls")
    train_sentiment_model(tiny_phrasebank, tmp_path / "cls", base_model=str(tiny_model_dir), config=config)
    assert json.loads((tmp_path / "cls" / "config.json").read_text())["model_type"] == "bert"


def test_mean_pooling_refuses_a_non_bert_encoder(tiny_phrasebank, tmp_path):
    from transformers import DistilBertConfig, DistilBertForSequenceClassification

    folder = tmp_path / "distil"
    DistilBertForSequenceClassification(DistilBertConfig(vocab_size=64, dim=32, n_layers=1, n_heads=2,
                                                         hidden_dim=64, num_labels=3)).save_pretrained(folder)
    with pytest.raises(TrainingDataError, match="pooling='cls'"):
        train_sentiment_model(tiny_phrasebank, tmp_path / "out", base_model=str(folder),
                              config=TrainingConfig(epochs=1, num_threads=1, device="cpu"))
    with pytest.raises(ValueError, match="pooling='max'"):
        train_sentiment_model(tiny_phrasebank, tmp_path / "out", base_model=str(folder),
                              config=TrainingConfig(pooling="max"))

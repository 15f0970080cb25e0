"""Transformer sentiment through the real offline loading path, with a tiny saved BERT classifier."""

from __future__ import annotations

import io
import os

import pytest

from sec_pipeline import cli
from sec_pipeline.signals.sentiment import (
    ModelLoadError,
    SentimentModel,
    normalise_labels,
    prose_sentences,
    sentence_sentiment_signals,
)
from sec_pipeline_tests.signals.conftest import build_tiny_classifier

SENTENCES = [
    "The company profit rose to EUR 5 mn.",
    "Sales fell.",
    "Operating profit was EUR 12.1 mn in the quarter compared to EUR 9.8 mn a year earlier and orders increased.",
    "Net loss increased.",
    "The company signed a new contract.",
    "Revenue declined to EUR 3 mn from EUR 4 mn and costs were higher than the market expects.",
    "Growth.",
]


def test_load_offline_sets_device_and_labels_and_leaves_the_environment(tiny_model_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    model = SentimentModel.load(tiny_model_dir, cache_dir=tmp_path, device="cpu", precision="fp32")
    assert "HF_HUB_OFFLINE" not in os.environ, "offline loading passes local_files_only, it never sets the env"
    assert model.device == "cpu" and sorted(model.id2label.values()) == ["negative", "neutral", "positive"]
    assert model.name == str(tiny_model_dir) and len(model.version) == 12


def test_batched_predictions_keep_order_and_match_unbatched(tiny_model_dir):
    batched = SentimentModel.load(tiny_model_dir, batch_size=3, device="cpu", precision="fp32").predict(SENTENCES)
    single = SentimentModel.load(tiny_model_dir, batch_size=1, device="cpu", precision="fp32")
    one_by_one = [single.predict([s])[0] for s in SENTENCES]
    assert [p.label for p in batched] == [p.label for p in one_by_one]
    for b, o in zip(batched, one_by_one, strict=True):
        assert b.probs == pytest.approx(o.probs, abs=1e-5)
        assert sum(b.probs.values()) == pytest.approx(1.0, abs=1e-5)
        assert b.confidence == max(b.probs.values())
    # the model is not constant: inputs of different content get different probabilities
    assert len({round(p.probs["positive"], 6) for p in batched}) > 1
    assert single.predict([]) == []


def test_missing_model_offline_raises_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="no/such-model"):
        SentimentModel.load("no/such-model", cache_dir=tmp_path / "empty")


def test_label_normalisation():
    assert normalise_labels({0: "Positive", 1: "NEGATIVE", 2: "neutral"}) == {0: "positive", 1: "negative", 2: "neutral"}
    assert normalise_labels({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"}) == {0: "positive", 1: "negative", 2: "neutral"}
    with pytest.raises(ModelLoadError, match="joy"):
        normalise_labels({0: "joy", 1: "negative", 2: "neutral"})


def test_section_signals_skip_tables_and_quote_most_negative(tiny_model_dir):
    model = SentimentModel.load(tiny_model_dir, device="cpu")
    text = ("Results\n\nThe company profit rose to EUR 5 mn in the quarter.\n"
            "Total revenue     1,234     1,100     987\n\n"
            "Net loss increased and sales fell sharply in the year.")
    kept = prose_sentences(text)
    assert [s.text for s in kept] == ["The company profit rose to EUR 5 mn in the quarter.",
                                      "Net loss increased and sales fell sharply in the year."]
    signals = sentence_sentiment_signals("7", text, model, tier="accurate")
    by_name = {s.name: s for s in signals}
    assert by_name["sentences"].value == 2.0
    shares = [by_name[f"share_{x}"].value for x in ("positive", "negative", "neutral")]
    assert sum(shares) == pytest.approx(1.0)
    net = by_name["net_score"]
    assert -1.0 <= net.value <= 1.0
    probs = model.predict([s.text for s in kept])
    worst = max(range(2), key=lambda i: probs[i].probs["negative"])
    assert net.evidence == kept[worst].text and text[net.evidence_start : net.evidence_end] == net.evidence
    assert all(s.tier == "accurate" and s.family == "sentiment" and s.model_version == model.version for s in signals)


def test_cli_sentiment_prints_one_label_per_line(tiny_model_dir, monkeypatch, capsys):
    stdin = io.TextIOWrapper(io.BytesIO(("\n".join(SENTENCES[:3]) + "\n\n").encode()))  # a real stdin has .buffer
    monkeypatch.setattr("sys.stdin", stdin)
    assert cli.main(["sentiment", "--model", str(tiny_model_dir), "--batch-size", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = [p.label for p in SentimentModel.load(tiny_model_dir, device="cpu").predict(SENTENCES[:3])]
    assert lines == expected + ["neutral"]


def test_cli_sentiment_missing_model_exit_code(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x\n")))
    assert cli.main(["sentiment", "--model", str(tmp_path / "nothing"), "--cache-dir", str(tmp_path)]) == 2
    assert "cannot load sentiment model" in capsys.readouterr().err


def test_generic_label_names_model(tmp_path):
    folder = build_tiny_classifier(tmp_path / "generic", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    model = SentimentModel.load(folder, device="cpu")
    assert model.id2label == {0: "positive", 1: "negative", 2: "neutral"}


def test_int8_quantized_cpu_model_predicts_close_to_fp32(tiny_model_dir):
    fp32 = SentimentModel.load(tiny_model_dir, device="cpu", precision="fp32").predict(SENTENCES)
    int8_model = SentimentModel.load(tiny_model_dir, device="cpu", quantize=True)
    assert int8_model.version.endswith("+int8")
    int8 = int8_model.predict(SENTENCES)
    assert len(int8) == len(SENTENCES)
    for a, b in zip(fp32, int8, strict=True):
        assert a.probs == pytest.approx(b.probs, abs=0.05)
    with pytest.raises(ValueError, match="cpu"):
        SentimentModel.load(tiny_model_dir, device="meta", quantize=True)


def test_bf16_precision_is_versioned_and_predicts_valid_labels(tiny_model_dir):
    import torch

    model = SentimentModel.load(tiny_model_dir, device="cpu", precision="bf16")
    assert next(model.model.parameters()).dtype == torch.bfloat16
    assert model.version.endswith("+bf16"), "accuracy is cached per version, so bf16 gets its own"
    predictions = model.predict(SENTENCES)
    assert len(predictions) == len(SENTENCES)
    assert all(p.label in {"negative", "neutral", "positive"} and 0 <= p.confidence <= 1 for p in predictions)
    with pytest.raises(ValueError, match="precision"):
        SentimentModel.load(tiny_model_dir, device="cpu", precision="fp16")

"""A tiny BERT sentiment classifier saved with save_pretrained, and a tiny PhraseBank folder."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

WORDS = (
    "the company profit rose fell sales loss losses growth strong weak net quarter year eur mn million "
    "increased decreased operating revenue improved declined said will be in of to and a from was were "
    "percent market shares results expects lower higher costs orders new contract signed"
).split()
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_classifier(folder: Path, id2label: dict[int, str] | None = None) -> Path:
    """Write a 1-layer BertForSequenceClassification and its WordPiece tokenizer to `folder`."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast
    from transformers.utils import logging as hf_logging

    folder.mkdir(parents=True, exist_ok=True)
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + list("0123456789.,%-")
    vocab = SPECIAL + WORDS + letters + [f"##{c}" for c in letters]
    vocab_file = folder / "vocab.txt"
    vocab_file.write_text("\n".join(dict.fromkeys(vocab)) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(vocab_file), do_lower_case=True)
    id2label = id2label or {0: "positive", 1: "negative", 2: "neutral"}
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=64, num_labels=3, id2label=id2label,
                        label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    hf_logging.disable_progress_bar()  # no "Writing model shards" bar in the stderr a test may read
    try:
        model.save_pretrained(folder)
    finally:
        hf_logging.enable_progress_bar()
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory) -> Path:
    return build_tiny_classifier(tmp_path_factory.mktemp("tiny_model"))


def _sentence(rng: random.Random, label: str, index: int) -> str:
    verb = {"positive": "rose", "negative": "fell", "neutral": "was"}[label]
    subject = rng.choice(["profit", "sales", "revenue", "operating profit"])
    return f"The company {subject} {verb} to EUR {index}.{rng.randint(0, 9)} mn in the quarter ."


@pytest.fixture(scope="session")
def tiny_phrasebank(tmp_path_factory) -> Path:
    """A FinancialPhraseBank-shaped folder: 80 sentences in 50Agree, the first 40 also in AllAgree."""
    folder = tmp_path_factory.mktemp("phrasebank")
    rng = random.Random(3)
    pairs = [(_sentence(rng, label, i), label) for i, label in enumerate(["positive", "negative", "neutral"] * 27)][:80]
    for name, subset in (("50Agree", pairs), ("AllAgree", pairs[:40])):
        body = "".join(f"{s}@{label}\r\n" for s, label in subset)
        (folder / f"Sentences_{name}.txt").write_bytes(body.encode("iso-8859-1"))
    return folder


TINY_TRAIN_LIMIT = 48  # sentences a test's sentiment_model trains on: a tiny base model never needs more


def tiny_training_settings(folder: Path) -> dict[str, str]:
    """Settings (environment variables) that make the pipeline train tiny sentiment and event models from
    `folder`, quickly, and accept their low accuracy at the gate: what every test that runs extraction needs."""
    base = folder if (folder / "config.json").is_file() else build_tiny_classifier(folder)
    return {"SEC_PIPELINE_SENTIMENT_BASE_MODEL": str(base), "SEC_PIPELINE_SENTIMENT_TRAIN_LIMIT": str(TINY_TRAIN_LIMIT),
            "SEC_PIPELINE_SENTIMENT_TRAIN_EPOCHS": "1", "SEC_PIPELINE_MIN_MODEL_FILING_ACCURACY": "0",
            "SEC_PIPELINE_EVENT_BASE_MODEL": str(base), "SEC_PIPELINE_EVENT_EPOCHS": "1"}


@pytest.fixture
def transformers_messages() -> Iterator[list[str]]:
    """Every message the `transformers` loggers emit while the test runs."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect()
    logging.getLogger("transformers").addHandler(handler)
    yield messages
    logging.getLogger("transformers").removeHandler(handler)

"""`sec-pipeline sentiment` (label sentences from stdin) and `sec-pipeline train-sentiment`.

stdin is read in bounded pieces: a line keeps its first MAX_LINE_BYTES bytes (the rest is skipped unread into
memory; the model sees at most 128 tokens anyway) and lines are labeled in chunks of CHUNK_LINES, so memory
stays bounded however long a line or the input is. Input that is not UTF-8 text is a one-line error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import BinaryIO

from sec_pipeline.config import PipelineConfig
from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel
from sec_pipeline.signals.training import TrainingConfig

MAX_LINE_BYTES = 8192
CHUNK_LINES = 256
_SKIP_BYTES = 1 << 16


class InputError(ValueError):
    """stdin is not one UTF-8 sentence per line; the message names the line."""


def read_lines(stream: BinaryIO, max_bytes: int = MAX_LINE_BYTES) -> Iterator[str]:
    """Lines of `stream` as text, each cut to its first `max_bytes` bytes; InputError for binary input."""
    number = 0
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        cut = len(raw) > max_bytes and not raw.endswith(b"\n")
        if cut:  # an over-long line: keep its head, skip the rest without holding it
            raw = raw[:max_bytes]
            while True:
                rest = stream.readline(_SKIP_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
        if b"\x00" in raw:
            raise InputError(f"stdin line {number} holds NUL bytes (binary input?): pass text, one sentence a line")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            if not (cut and exc.start >= len(raw) - 3):  # not just a character split by the cut
                raise InputError(f"stdin line {number} is not UTF-8 text (binary input?): pass UTF-8 text, one "
                                 "sentence a line") from None
            text = raw[: exc.start].decode("utf-8")
        yield text.rstrip("\r\n")


def _chunks(lines: Iterator[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pipeline_model(args: argparse.Namespace, config: PipelineConfig) -> SentimentModel:
    """The pipeline's current self-trained model, trained and stored once first when none exists."""
    from pathlib import Path

    from sec_pipeline.factories import blob_store, open_store
    from sec_pipeline.flows.models import ensure_self_trained, load_self_trained

    blobs = blob_store(config.blobs)
    store = open_store(config.database_url, blobs)
    try:
        ensure_self_trained(store, blobs, config.models,
                            log=lambda message: print(f"sec-pipeline sentiment: {message}", file=sys.stderr))
        model = load_self_trained(store, blobs, Path(args.cache_dir or config.models.cache_dir).expanduser(),
                                  args.batch_size)
    finally:
        store.dispose()
    if model is None:  # pragma: no cover - ensure_self_trained just stored one
        raise ModelLoadError("the pipeline has no sentiment model version")
    return model


def _sentiment(args: argparse.Namespace, config: PipelineConfig) -> int:
    try:
        if args.model:
            model = SentimentModel.load(args.model, args.cache_dir or config.models.cache_dir, device=args.device,
                                        offline=not args.online, batch_size=args.batch_size,
                                        max_tokens=args.max_tokens)
        else:
            model = _pipeline_model(args, config)
    except ModelLoadError as exc:
        print(f"sec-pipeline sentiment: {exc}", file=sys.stderr)
        return 2
    try:
        for chunk in _chunks(read_lines(sys.stdin.buffer), CHUNK_LINES):
            texts = [line.strip() for line in chunk]
            non_empty = [i for i, t in enumerate(texts) if t]
            labels = ["neutral"] * len(texts)
            for index, prediction in zip(non_empty, model.predict([texts[i] for i in non_empty]), strict=True):
                labels[index] = prediction.label
            sys.stdout.write("".join(f"{label}\n" for label in labels))
            sys.stdout.flush()
    except InputError as exc:
        print(f"sec-pipeline sentiment: {exc}", file=sys.stderr)
        return 2
    return 0


def _train(args: argparse.Namespace) -> int:
    from sec_pipeline.quality.phrasebank import PhraseBankFormatError
    from sec_pipeline.signals.training import TrainingDataError, train_sentiment_model

    config = TrainingConfig(epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size,
                            max_length=args.max_length, min_agreement=args.min_agreement,
                            freeze_embeddings=args.freeze_embeddings,
                            num_threads=args.threads, device=args.device, limit=args.limit,
                            precision=args.precision, pooling=args.pooling,
                            agreement_targets=args.agreement_targets, soup=args.soup,
                            filing_labels=args.filing_labels, filing_repeat=args.filing_repeat)
    try:
        report = train_sentiment_model(args.data, args.out, base_model=args.base_model, config=config,
                                       log=lambda message: print(message, file=sys.stderr, flush=True))
    except (TrainingDataError, PhraseBankFormatError, OSError) as exc:
        print(f"sec-pipeline train-sentiment: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.metrics, indent=2))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `sentiment` and `train-sentiment` subcommands."""
    run = subparsers.add_parser("sentiment", help="label sentences from stdin (one per line) as "
                                "positive/negative/neutral; blank lines get neutral")
    run.add_argument("--model", help="hub id or local folder (default: the pipeline's current self-trained "
                     "model, trained once from the carried labels when none exists)")
    run.add_argument("--cache-dir", help="model cache (default: SEC_PIPELINE_MODEL_CACHE, "
                     "else $SEC_PIPELINE_HOME/models)")
    run.add_argument("--batch-size", type=int, default=32)
    run.add_argument("--max-tokens", type=int, default=128)
    run.add_argument("--device", help="cpu, cuda, cuda:1 ... (default: cuda when available)")
    run.add_argument("--online", action="store_true", help="allow downloading the model from the hub")
    run.set_defaults(handler=_sentiment, needs_config=True)

    train = subparsers.add_parser("train-sentiment", help="fine-tune the pipeline's own sentiment model on "
                                  "the carried filing labels and Financial PhraseBank data; print held-out metrics")
    train.add_argument("--data", required=True, help="FinancialPhraseBank-v1.0 folder or a Sentences_*.txt file")
    train.add_argument("--out", required=True, help="folder to write the model, tokenizer and metrics.json to")
    train.add_argument("--epochs", type=int, default=TrainingConfig.epochs)
    train.add_argument("--base-model", help="encoder folder or id (default: packaged all-MiniLM-L6-v2)")
    train.add_argument("--lr", type=float, default=TrainingConfig.learning_rate)
    train.add_argument("--batch-size", type=int, default=TrainingConfig.batch_size)
    train.add_argument("--max-length", type=int, default=TrainingConfig.max_length)
    train.add_argument("--min-agreement", type=int, default=TrainingConfig.min_agreement, choices=(50, 66, 75, 100),
                       help="train only on sentences with at least this annotator agreement")
    train.add_argument("--freeze-embeddings", action="store_true", help="train the encoder layers and head only")
    train.add_argument("--threads", type=int, help="torch CPU threads")
    train.add_argument("--device", help="cpu or cuda (default: cuda when available)")
    train.add_argument("--limit", type=int, help="train on the first N sentences only (smoke runs)")
    train.add_argument("--pooling", choices=("mean", "cls"), default=TrainingConfig.pooling,
                       help="mean: classify the mean token vector (BERT-family encoders, default); cls: the [CLS] head")
    train.add_argument("--agreement-targets", action=argparse.BooleanOptionalAction,
                       default=TrainingConfig.agreement_targets,
                       help="soft targets from annotator agreement (default) or one-hot with label smoothing")
    train.add_argument("--soup", type=int, default=TrainingConfig.soup,
                       help="members fine-tuned on different data orders and averaged into one model (1: no soup)")
    train.add_argument("--filing-labels", action=argparse.BooleanOptionalAction,
                       default=TrainingConfig.filing_labels,
                       help="train on the carried filing labels' train split as well (default)")
    train.add_argument("--filing-repeat", type=int, default=TrainingConfig.filing_repeat,
                       help="times the filing sentences are repeated in each epoch")
    train.add_argument("--precision", choices=("auto", "fp32"), default=TrainingConfig.precision,
                       help="auto: bf16 autocast where the device computes bf16 natively (default); fp32: never")
    train.set_defaults(handler=_train)

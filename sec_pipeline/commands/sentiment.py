"""`sec-pipeline sentiment` (label sentences from stdin) and `sec-pipeline train-sentiment`."""

from __future__ import annotations

import argparse
import json
import sys

from sec_pipeline.config import PipelineConfig
from sec_pipeline.signals.sentiment import ModelLoadError, SentimentModel
from sec_pipeline.signals.training import TrainingConfig


def _sentiment(args: argparse.Namespace, config: PipelineConfig) -> int:
    model_id = args.model or config.models.accurate_model
    try:
        model = SentimentModel.load(model_id, args.cache_dir or config.models.cache_dir, device=args.device,
                                    offline=not args.online, batch_size=args.batch_size, max_tokens=args.max_tokens)
    except ModelLoadError as exc:
        print(f"sec-pipeline sentiment: {exc}", file=sys.stderr)
        return 2
    lines = [line.rstrip("\r\n") for line in sys.stdin]
    texts = [line.strip() for line in lines]
    non_empty = [i for i, t in enumerate(texts) if t]
    predictions = model.predict([texts[i] for i in non_empty])
    labels = ["neutral"] * len(texts)
    for index, prediction in zip(non_empty, predictions, strict=True):
        labels[index] = prediction.label
    sys.stdout.write("".join(f"{label}\n" for label in labels))
    return 0


def _train(args: argparse.Namespace) -> int:
    from sec_pipeline.quality.phrasebank import PhraseBankFormatError
    from sec_pipeline.signals.training import TrainingDataError, train_sentiment_model

    config = TrainingConfig(epochs=args.epochs, learning_rate=args.lr, batch_size=args.batch_size,
                            max_length=args.max_length, min_agreement=args.min_agreement,
                            freeze_embeddings=args.freeze_embeddings,
                            num_threads=args.threads, device=args.device, limit=args.limit,
                            precision=args.precision, pooling=args.pooling,
                            agreement_targets=args.agreement_targets, soup=args.soup)
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
    run.add_argument("--model", help="hub id or local folder (default: SEC_PIPELINE_SENTIMENT_MODEL, "
                     "else ProsusAI/finbert)")
    run.add_argument("--cache-dir", help="model cache (default: SEC_PIPELINE_MODEL_CACHE, "
                     "else $SEC_PIPELINE_HOME/models)")
    run.add_argument("--batch-size", type=int, default=32)
    run.add_argument("--max-tokens", type=int, default=128)
    run.add_argument("--device", help="cpu, cuda, cuda:1 ... (default: cuda when available)")
    run.add_argument("--online", action="store_true", help="allow downloading the model from the hub")
    run.set_defaults(handler=_sentiment, needs_config=True)

    train = subparsers.add_parser("train-sentiment", help="fine-tune the pipeline's own sentiment model on "
                                  "Financial PhraseBank data and print held-out metrics")
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
    train.add_argument("--precision", choices=("auto", "fp32"), default=TrainingConfig.precision,
                       help="auto: bf16 autocast where the device computes bf16 natively (default); fp32: never")
    train.set_defaults(handler=_train)
